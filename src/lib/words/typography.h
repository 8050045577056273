/* Which characters differ from a plain one only in typography: curly quotes
 * and apostrophes, dashes, no-break and other fixed-width spaces, the
 * ellipsis. The one place that says so; the redline's typography kind,
 * `--ignore-typography` and phrase matching in `propose` all ask here. */
#ifndef CHARTER_TYPOGRAPHY_H
#define CHARTER_TYPOGRAPHY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* The plain form of code point `cp` ("'" for U+2019, "-" for U+2014, " "
 * for U+00A0, "..." for U+2026), a static string; NULL when `cp` is not a
 * typographic variant (plain characters themselves return NULL). */
const char *typo_plain(uint32_t cp);

/* The plain form of the UTF-8 character that starts s[0..len), or NULL;
 * `*width` (when not NULL) gets that character's length in bytes (1 for an
 * invalid or truncated byte). */
const char *typo_plain_at(const char *s, size_t len, size_t *width);

/* Append to `out` the folded copy of s[0..len): every typographic variant
 * replaced by its plain form, everything else copied. When `map` is not
 * NULL, `*map` gets a malloc'd array of (folded length + 1) offsets that
 * the caller frees: (*map)[i] is the offset in `s` of the character that
 * produced folded byte i (the appended bytes only, counted from 0), and
 * (*map)[folded length] is `len`. 0, or CHARTER_ERROR on out-of-memory
 * (then `*map` is NULL). */
int typo_fold(buf *out, size_t **map, const char *s, size_t len);

/* typo_fold, and also forgiving what is not typography in charter's sense
 * but often differs between a quoted phrase and a text: a run of spaces,
 * tabs and line breaks is one space, a run of dashes one dash ("--" for
 * "—"), guillemets and primes are quotes, soft hyphens and zero-width
 * characters vanish. Only for hints ("the text has ... there"): two texts
 * that are equal loosely may differ in wording. */
int typo_fold_loose(buf *out, size_t **map, const char *s, size_t len);

/* True when a[0..alen) and b[0..blen) are equal once folded. */
bool typo_equal(const char *a, size_t alen, const char *b, size_t blen);

/* True when s[0..len) holds at least one typographic variant. */
bool typo_has(const char *s, size_t len);

#endif
