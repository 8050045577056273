/* A growable byte buffer, always NUL-terminated. Appends never fail
 * loudly: on out-of-memory the buffer sets `oom` and ignores further
 * appends, so a writer checks once at the end with buf_check(). */
#ifndef CHARTER_BUF_H
#define CHARTER_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct {
	char *ptr;
	size_t size;
	size_t asize;
	bool oom;
} buf;

#define BUF_INIT { NULL, 0, 0, false }

/* Appends that need the buffer to grow (or that find it out of memory). */
void buf_put_grow(buf *b, const void *data, size_t len);

/* Inline for the case of room enough: the redline appends a few bytes per
 * token, and a call per append was a tenth of its time. */
static inline void buf_put(buf *b, const void *data, size_t len)
{
	if (len && len < b->asize - b->size && !b->oom) { /* asize > size once allocated: the NUL */
		memcpy(b->ptr + b->size, data, len);
		b->size += len;
		b->ptr[b->size] = '\0';
	} else {
		buf_put_grow(b, data, len);
	}
}

static inline void buf_putc(buf *b, char c)
{
	buf_put(b, &c, 1);
}

void buf_puts(buf *b, const char *s);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_clear(buf *b);
void buf_free(buf *b);
/* Hand the bytes to the caller (never NULL unless oom); the buffer is reset. */
char *buf_detach(buf *b);
/* Hand a finished report to a caller: *out (malloc'ed; charter_free) and
 * *out_len (may be NULL), or, when building it failed (out of memory), the
 * error with `b` freed and *out left as it was. */
int buf_hand_over(buf *b, char **out, size_t *out_len);
/* 0, or CHARTER_ERROR with an out-of-memory message. */
int buf_check(const buf *b);
/* The contents as a C string ("" when empty). */
const char *buf_cstr(const buf *b);

#endif
