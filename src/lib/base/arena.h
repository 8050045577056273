/* The one arena: many small allocations that are freed at once. */
#ifndef CHARTER_ARENA_H
#define CHARTER_ARENA_H

#include <stddef.h>

typedef struct arena_chunk arena_chunk;
typedef struct {
	arena_chunk *head;
} arena;

#define ARENA_INIT { NULL }

/* Zeroed memory aligned for any type, or NULL (and an error set) when out
 * of memory. It lives until arena_free(). */
void *arena_alloc(arena *a, size_t size);
/* A copy of `n` elements of `size` bytes (NULL-safe for n == 0). */
void *arena_dup(arena *a, const void *p, size_t n, size_t size);
/* A NUL-terminated copy of s[0..n). */
char *arena_strndup(arena *a, const char *s, size_t n);
/* Free every allocation; the arena is empty again (and reusable). */
void arena_free(arena *a);

#endif
