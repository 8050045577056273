/* The one arena: bump allocation in 64 KiB chunks, a big block in a chunk of its own. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/internal.h"

struct arena_chunk {
	arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

#define CHUNK_SIZE (64 * 1024)
/* An arena's first chunk is small: many arenas (a redline's interning
 * tables, one redline per history entry) never need more. */
#define FIRST_CHUNK_SIZE (4 * 1024)

/* size bytes, not cleared: for callers that fill them at once. */
static void *arena_take(arena *a, size_t size)
{
	if (size > SIZE_MAX - sizeof(arena_chunk) - sizeof(max_align_t)) {
		error_set(CHARTER_ERROR, "out of memory");
		return NULL;
	}
	size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (size == 0)
		size = sizeof(max_align_t);
	arena_chunk *c = a->head;
	if (!c || c->size - c->used < size) {
		size_t want = a->head ? CHUNK_SIZE : FIRST_CHUNK_SIZE;
		size_t n = size > want / 2 ? size : want;
		c = malloc(sizeof(arena_chunk) + n);
		if (!c) {
			error_set(CHARTER_ERROR, "out of memory");
			return NULL;
		}
		c->used = 0;
		c->size = n;
		if (size > want / 2 && a->head) {
			/* A big block gets a chunk of its own, behind the current one. */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	void *p = (char *)c->data + c->used;
	c->used += size;
	return p;
}

void *arena_alloc(arena *a, size_t size)
{
	void *p = arena_take(a, size);
	if (p)
		memset(p, 0, size);
	return p;
}

void *arena_dup(arena *a, const void *p, size_t n, size_t size)
{
	if (n && size > SIZE_MAX / n) {
		error_set(CHARTER_ERROR, "out of memory");
		return NULL;
	}
	void *q = arena_take(a, n * size);
	if (q && n)
		memcpy(q, p, n * size);
	return q;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX) {
		error_set(CHARTER_ERROR, "out of memory");
		return NULL;
	}
	char *p = arena_take(a, n + 1);
	if (p && n)
		memcpy(p, s, n);
	if (p)
		p[n] = '\0';
	return p;
}

void arena_free(arena *a)
{
	arena_chunk *c = a->head;
	while (c) {
		arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
}
