/* A growable byte buffer, always NUL-terminated. Appends never fail
 * loudly: on out-of-memory the buffer sets `oom` and ignores further
 * appends, so a writer checks once at the end with buf_check(). */
#ifndef CHARTER_BUF_H
#define CHARTER_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
	char *ptr;
	size_t size;
	size_t asize;
	bool oom;
} buf;

#define BUF_INIT { NULL, 0, 0, false }

void buf_put(buf *b, const void *data, size_t len);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
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
