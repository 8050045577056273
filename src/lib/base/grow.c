/* The one growth helper: doubling a malloc'ed array's capacity, refusing sizes that overflow. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/internal.h"

int grow_array(void *arrp, size_t *cap, size_t want, size_t size)
{
	void *old;
	size_t n = want;
	memcpy(&old, arrp, sizeof(old));
	if (cap) {
		if (want <= *cap)
			return 0;
		n = *cap ? *cap : 16;
		while (n < want) {
			if (n > SIZE_MAX / 2)
				return error_set(CHARTER_ERROR, "out of memory");
			n *= 2;
		}
	}
	if (size == 0 || n > SIZE_MAX / size)
		return error_set(CHARTER_ERROR, "out of memory");
	size_t bytes = n * size;
	void *p = realloc(old, bytes ? bytes : 1); /* never realloc(p, 0): that frees */
	if (!p)
		return error_set(CHARTER_ERROR, "out of memory");
	memcpy(arrp, &p, sizeof(p));
	if (cap)
		*cap = n;
	return 0;
}
