/* The one hash function and the one hash set (interning byte strings to dense ids). */
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/hash.h"
#include "base/internal.h"

/* n (8 or 4) bytes as one little-endian word: the same on every machine,
 * one load on most. */
static uint64_t load_le(const unsigned char *s, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t w = 0;
	memcpy(&w, s, n);
	return w;
#else
	uint64_t w = 0;
	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)s[i] << (8 * i);
	return w;
#endif
}

/* The last n < 8 bytes of a key as one word (n too is mixed in): two
 * overlapping loads, not a loop over bytes. */
static uint64_t tail_le(const unsigned char *s, size_t n)
{
	if (n >= 4)
		return load_le(s, 4) | load_le(s + n - 4, 4) << 32;
	if (n)
		return (uint64_t)s[0] | (uint64_t)s[n / 2] << 8 | (uint64_t)s[n - 1] << 16;
	return 0;
}

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

/* A word at a time: tokens are short, but the paragraphs some callers
 * intern are hundreds of bytes, and a byte at a time made the hash most
 * of the interning. */
uint64_t hash_bytes(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ull ^ ((uint64_t)len * 0x9e3779b97f4a7c15ull);
	for (; len >= 8; s += 8, len -= 8)
		h = mix(h ^ load_le(s, 8)) + 0x9e3779b97f4a7c15ull;
	return mix(h ^ tail_le(s, len) ^ ((uint64_t)len << 59));
}

/* Double the table (at most half full) and place every id again. */
static int rehash(hset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 64;
	if (cap > SIZE_MAX / sizeof(uint32_t))
		return error_set(CHARTER_ERROR, "out of memory");
	uint32_t *table = calloc(cap, sizeof(*table));
	if (!table)
		return error_set(CHARTER_ERROR, "out of memory");
	for (size_t id = 0; id < s->count; id++) {
		size_t j = s->entries[id].hash & (cap - 1);
		while (table[j])
			j = (j + 1) & (cap - 1);
		table[j] = (uint32_t)id + 1;
	}
	free(s->table);
	s->table = table;
	s->cap = cap;
	return 0;
}

/* The slot of key (holding its id + 1), or the empty slot where it goes. */
static size_t slot_of(const hset *s, const void *key, size_t len, uint64_t h)
{
	size_t j = h & (s->cap - 1);
	while (s->table[j]) {
		const hset_entry *e = &s->entries[s->table[j] - 1];
		if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
			break;
		j = (j + 1) & (s->cap - 1);
	}
	return j;
}

int hset_intern(hset *s, uint32_t *id, const void *key, size_t len, int *added)
{
	if (added)
		*added = 0;
	if ((s->count + 1) * 2 > s->cap && rehash(s) < 0)
		return CHARTER_ERROR;
	uint64_t h = hash_bytes(key, len);
	size_t j = slot_of(s, key, len, h);
	if (s->table[j]) {
		*id = s->table[j] - 1;
		return 0;
	}
	if (s->count >= UINT32_MAX - 1)
		return error_set(CHARTER_ERROR, "out of memory");
	char *copy = arena_strndup(&s->keys, key, len);
	if (!copy || GROW(s->entries, s->acount, s->count + 1) < 0)
		return CHARTER_ERROR;
	s->entries[s->count] = (hset_entry){ copy, len, h };
	*id = (uint32_t)s->count++;
	s->table[j] = *id + 1;
	if (added)
		*added = 1;
	return 0;
}

uint32_t hset_find(const hset *s, const void *key, size_t len)
{
	if (!s->cap)
		return HSET_NONE;
	size_t j = slot_of(s, key, len, hash_bytes(key, len));
	return s->table[j] ? s->table[j] - 1 : HSET_NONE;
}

const char *hset_key(const hset *s, uint32_t id, size_t *len)
{
	if (len)
		*len = s->entries[id].len;
	return s->entries[id].key;
}

void hset_free(hset *s)
{
	free(s->table);
	free(s->entries);
	arena_free(&s->keys);
	*s = (hset)HSET_INIT;
}
