/* The one hash (eight bytes at a time, each word mixed in) and the one hash set: an interning
 * table that gives byte strings dense ids 0, 1, 2... */
#ifndef CHARTER_HASH_H
#define CHARTER_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

#define HSET_NONE UINT32_MAX

/* A 64-bit hash of p[0..len): each little-endian word of eight bytes, then
 * the rest (and the length) mixed in, so that nearby keys spread over a
 * table. Stable: the same bytes, the same hash, everywhere. */
uint64_t hash_bytes(const void *p, size_t len);

typedef struct {
	const char *key; /* a NUL-terminated copy, in the set's arena */
	size_t len;
	uint64_t hash;
} hset_entry;

typedef struct {
	uint32_t *table;      /* open addressing: id + 1, 0 for an empty slot */
	size_t cap;           /* a power of two, or 0 */
	hset_entry *entries;  /* per id, in order of first insertion */
	size_t count, acount;
	arena keys;
} hset;

#define HSET_INIT { NULL, 0, NULL, 0, 0, ARENA_INIT }

/* *id = the id of key[0..len), added when new (*added says which, when
 * not NULL). 0, or CHARTER_ERROR when out of memory. */
int hset_intern(hset *s, uint32_t *id, const void *key, size_t len, int *added);
/* The id of key[0..len), or HSET_NONE. */
uint32_t hset_find(const hset *s, const void *key, size_t len);
/* The key of `id` (< count), NUL-terminated; its length in *len if not NULL. */
const char *hset_key(const hset *s, uint32_t id, size_t *len);
void hset_free(hset *s);

#endif
