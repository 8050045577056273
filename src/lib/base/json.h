/* The one JSON writer: string literals and the few values charter's
 * reports are made of, appended to a buf. Every report the library renders
 * as JSON writes its strings through here, so they all escape alike. */
#ifndef CHARTER_JSON_H
#define CHARTER_JSON_H

#include <stddef.h>

#include "base/buf.h"

/* `s` as a JSON string literal, quotes included: `"` and `\` escaped, LF,
 * CR and TAB as \n, \r, \t, other control characters as \u00XX; everything
 * else (UTF-8 included) as it is. NULL is written as "". */
void json_string(buf *b, const char *s);
void json_stringn(buf *b, const char *s, size_t len);

/* `s` as a string literal, or `null` when `s` is NULL. The one rule for an
 * absent value: a caller whose API says "" for absent passes
 * json_absent_if_empty(s). */
void json_or_null(buf *b, const char *s);

/* NULL for "", else `s`. */
const char *json_absent_if_empty(const char *s);

/* `true` or `false`. */
void json_bool(buf *b, int value);

/* `[s0<sep>s1...]`: an array of `n` strings, `sep` between them ("," or ", "). */
void json_string_array(buf *b, const char *const *items, size_t n, const char *sep);

#endif
