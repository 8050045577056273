/* Redline: the arena (many small allocations, freed at once). */
#include <stdlib.h>
#include <string.h>

#include "redline/redline_int.h"

/* ---- arena ------------------------------------------------------------- */

struct rl_chunk {
	rl_chunk *next;
	size_t used, size;
	max_align_t data[];
};

#define RL_CHUNK_SIZE (64 * 1024)

void *rl_alloc(rl_arena *a, size_t size)
{
	size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (size == 0)
		size = sizeof(max_align_t);
	rl_chunk *c = a->head;
	if (!c || c->size - c->used < size) {
		size_t n = size > RL_CHUNK_SIZE / 2 ? size : RL_CHUNK_SIZE;
		if (n > SIZE_MAX - sizeof(rl_chunk)) {
			error_set(CHARTER_ERROR, "out of memory");
			return NULL;
		}
		c = malloc(sizeof(rl_chunk) + n);
		if (!c) {
			error_set(CHARTER_ERROR, "out of memory");
			return NULL;
		}
		c->used = 0;
		c->size = n;
		if (size > RL_CHUNK_SIZE / 2 && a->head) {
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
	memset(p, 0, size);
	return p;
}

void *rl_dup(rl_arena *a, const void *p, size_t n, size_t size)
{
	if (n && size > SIZE_MAX / n) {
		error_set(CHARTER_ERROR, "out of memory");
		return NULL;
	}
	void *q = rl_alloc(a, n * size);
	if (q && n)
		memcpy(q, p, n * size);
	return q;
}

char *rl_strndup(rl_arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		return NULL;
	char *p = rl_alloc(a, n + 1);
	if (p && n)
		memcpy(p, s, n);
	return p;
}

void rl_arena_free(rl_arena *a)
{
	rl_chunk *c = a->head;
	while (c) {
		rl_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
}
