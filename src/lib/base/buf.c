/* The growable byte buffer (see buf.h), and JSON string literals written into one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/grow.h"
#include "base/internal.h"

static bool grow(buf *b, size_t extra)
{
	if (b->oom)
		return false;
	if (extra > SIZE_MAX - b->size - 1) {
		b->oom = true;
		return false;
	}
	if (b->size + extra + 1 <= b->asize)
		return true;
	if (grow_array(&b->ptr, &b->asize, b->size + extra + 1, 1) < 0) {
		b->oom = true;
		return false;
	}
	return true;
}

void buf_put_grow(buf *b, const void *data, size_t len)
{
	if (!grow(b, len))
		return;
	if (len)
		memcpy(b->ptr + b->size, data, len);
	b->size += len;
	b->ptr[b->size] = '\0';
}

void buf_puts(buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->size, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->size += (size_t)n;
}

void buf_clear(buf *b)
{
	b->size = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void buf_free(buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->size = b->asize = 0;
	b->oom = false;
}

char *buf_detach(buf *b)
{
	if (b->oom) {
		buf_free(b);
		return NULL;
	}
	char *p = b->ptr ? b->ptr : calloc(1, 1);
	b->ptr = NULL;
	b->size = b->asize = 0;
	return p;
}

int buf_check(const buf *b)
{
	return b->oom ? error_set(CHARTER_ERROR, "out of memory") : 0;
}

const char *buf_cstr(const buf *b)
{
	return b->ptr ? b->ptr : "";
}

int buf_hand_over(buf *b, char **out, size_t *out_len)
{
	int error = buf_check(b);
	if (error < 0) {
		buf_free(b);
		return error;
	}
	if (out_len)
		*out_len = b->size;
	*out = buf_detach(b);
	return 0;
}
