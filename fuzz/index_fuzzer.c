/* Fuzz the history index's file parser: the input is cut into the three
 * parts of an index file (meta, states, hunks: each a 16-bit length and
 * bytes) and the number of adoptions (32 bits), wrapped with a correct
 * header and checksums (the checksums would otherwise stop every mutation
 * at the door), and parsed. Whatever parses
 * must write back to the same bytes and parse again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"

static void take(buf *part, const uint8_t **p, size_t *n)
{
	size_t len = 0;
	if (*n >= 2) {
		len = (size_t)(*p)[0] | (size_t)(*p)[1] << 8;
		*p += 2, *n -= 2;
	}
	if (len > *n)
		len = *n;
	buf_put(part, *p, len);
	*p += len, *n -= len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	buf part[3] = { BUF_INIT, BUF_INIT, BUF_INIT }, image = BUF_INIT, again = BUF_INIT;
	const uint8_t *p = data;
	size_t n = size;
	git_oid tip;
	uint32_t count = 0;

	charter_init();
	memset(&tip, 0x11, sizeof(tip));
	for (int i = 0; i < 3; i++)
		take(&part[i], &p, &n);
	/* the header repeats the meta part's number of adoptions */
	if (n >= 4)
		count = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	cache_image_wrap(&image, &tip, count, part);
	hist_cache *ix = calloc(1, sizeof(*ix));
	if (ix && buf_check(&image) == 0 && cache_parse_image(ix, (const uint8_t *)image.ptr, image.size) == 0) {
		cache_image(&again, ix);
		if (again.size != image.size || memcmp(again.ptr, image.ptr, image.size) != 0)
			abort();
		hist_cache *ix2 = calloc(1, sizeof(*ix2));
		if (ix2 && cache_parse_image(ix2, (const uint8_t *)again.ptr, again.size) != 0)
			abort();
		cache_free(ix2);
	}
	cache_free(ix);
	for (int i = 0; i < 3; i++)
		buf_free(&part[i]);
	buf_free(&image);
	buf_free(&again);
	error_clear();
	return 0;
}
