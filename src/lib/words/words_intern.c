/* Words: interning tables (byte strings to dense ids 1, 2, 3...). */
#include <stdlib.h>
#include <string.h>

#include "words/words.h"

/* ---- interning --------------------------------------------------------- */

struct words_slot {
	uint64_t hash;
	size_t off, len;
	uint32_t id; /* 0: empty */
};

static uint64_t hash_bytes(const void *p, size_t len)
{
	/* FNV-1a, then a final mix so that nearby keys spread over the table. */
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++) {
		h ^= s[i];
		h *= 0x100000001b3ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static int intern_grow(words_intern *in)
{
	size_t cap = in->cap ? in->cap * 2 : 256;
	struct words_slot *slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return error_set(CHARTER_ERROR, "out of memory");
	for (size_t i = 0; i < in->cap; i++) {
		if (!in->slots[i].id)
			continue;
		size_t j = in->slots[i].hash & (cap - 1);
		while (slots[j].id)
			j = (j + 1) & (cap - 1);
		slots[j] = in->slots[i];
	}
	free(in->slots);
	in->slots = slots;
	in->cap = cap;
	return 0;
}

int words_intern_get(words_intern *in, uint32_t *out, const void *key, size_t len)
{
	if ((in->count + 1) * 2 > in->cap && intern_grow(in) < 0)
		return CHARTER_ERROR;
	uint64_t h = hash_bytes(key, len);
	size_t j = h & (in->cap - 1);
	while (in->slots[j].id) {
		struct words_slot *s = &in->slots[j];
		if (s->hash == h && s->len == len && memcmp(in->keys.ptr + s->off, key, len) == 0) {
			*out = s->id;
			return 0;
		}
		j = (j + 1) & (in->cap - 1);
	}
	if (in->count >= UINT32_MAX - 1)
		return error_set(CHARTER_ERROR, "too many distinct words");
	size_t off = in->keys.size;
	buf_put(&in->keys, key, len);
	if (buf_check(&in->keys) < 0)
		return CHARTER_ERROR;
	in->slots[j].hash = h;
	in->slots[j].off = off;
	in->slots[j].len = len;
	in->slots[j].id = (uint32_t)++in->count;
	*out = in->slots[j].id;
	return 0;
}

void words_intern_free(words_intern *in)
{
	free(in->slots);
	buf_free(&in->keys);
	memset(in, 0, sizeof(*in));
}
