/* The one JSON writer: string escaping and small values for every report. */
#include <string.h>

#include "base/json.h"
#include "charter/common.h"

void json_stringn(buf *b, const char *s, size_t len)
{
	buf_putc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		default:
			if (c < 0x20)
				buf_printf(b, "\\u%04x", c);
			else
				buf_putc(b, (char)c);
		}
	}
	buf_putc(b, '"');
}

void json_string(buf *b, const char *s)
{
	json_stringn(b, s ? s : "", s ? strlen(s) : 0);
}

void json_or_null(buf *b, const char *s)
{
	if (s)
		json_string(b, s);
	else
		buf_puts(b, "null");
}

const char *json_absent_if_empty(const char *s)
{
	return s && *s ? s : NULL;
}

void json_bool(buf *b, int value)
{
	buf_puts(b, value ? "true" : "false");
}

void json_string_array(buf *b, const char *const *items, size_t n, const char *sep)
{
	buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_puts(b, sep);
		json_string(b, items[i]);
	}
	buf_putc(b, ']');
}

char *charter_json_quote(const char *s)
{
	buf b = BUF_INIT;
	json_string(&b, s);
	if (buf_check(&b) < 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}
