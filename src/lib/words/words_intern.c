/* Words: interning tables (byte strings to dense ids 1, 2, 3...) over the
 * one hash set, so that 0 stays free to mean "no token". */
#include <string.h>

#include "words/words.h"

int words_intern_get(words_intern *in, uint32_t *out, const void *key, size_t len)
{
	uint32_t id;
	if (hset_intern(&in->set, &id, key, len, NULL) < 0)
		return CHARTER_ERROR;
	if (id >= UINT32_MAX - 1)
		return error_set(CHARTER_ERROR, "too many distinct words");
	*out = id + 1;
	return 0;
}

void words_intern_free(words_intern *in)
{
	hset_free(&in->set);
	memset(in, 0, sizeof(*in));
}
