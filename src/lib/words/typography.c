/* Typographic variants and their plain forms: the table, folding with an offset map, equality. */
#include "base/grow.h"
#include "words/typography.h"

#include <stdlib.h>
#include <string.h>

#include "base/internal.h"

const char *typo_plain(uint32_t cp)
{
	switch (cp) {
	/* quotes and apostrophes */
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x02BC:
		return "'";
	case 0x201C: case 0x201D: case 0x201E: case 0x201F:
		return "\"";
	/* hyphens, dashes and the minus sign */
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
	case 0x2212:
		return "-";
	/* no-break and other fixed-width spaces */
	case 0x00A0: case 0x2000: case 0x2001: case 0x2002: case 0x2003: case 0x2004:
	case 0x2005: case 0x2006: case 0x2007: case 0x2008: case 0x2009: case 0x200A:
	case 0x202F: case 0x205F: case 0x3000:
		return " ";
	/* the ellipsis */
	case 0x2026:
		return "...";
	default:
		return NULL;
	}
}

/* Decode one UTF-8 character of s[0..len) (len > 0); its width, and
 * *cp = 0xFFFFFFFF for an invalid or truncated sequence (width 1). */
static size_t decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t v;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		n = 2, v = c & 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3, v = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4, v = c & 0x07;
	} else {
		*cp = 0xFFFFFFFFu;
		return 1;
	}
	if (n > len) {
		*cp = 0xFFFFFFFFu;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFFFFFFu;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	*cp = v;
	return n;
}

const char *typo_plain_at(const char *s, size_t len, size_t *width)
{
	if (len == 0) {
		if (width)
			*width = 0;
		return NULL;
	}
	const unsigned char *u = (const unsigned char *)s;
	/* No variant is ASCII: a plain byte is answered at once. */
	if (u[0] < 0x80) {
		if (width)
			*width = 1;
		return NULL;
	}
	uint32_t cp;
	size_t w = decode(u, len, &cp);
	if (width)
		*width = w;
	return typo_plain(cp);
}

/* The characters the loose fold also forgives: marks a writer uses for
 * quotes or that leave no trace when printed. NULL when `cp` is not one,
 * "" when it folds to nothing. */
static const char *loose_plain(uint32_t cp)
{
	switch (cp) {
	case 0x00AB: case 0x00BB: case 0x2033:
		return "\"";
	case 0x2039: case 0x203A: case 0x2032: case 0x0060: case 0x00B4:
		return "'";
	case '\t': case '\n':
		return " ";
	case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
		return "";
	default:
		return NULL;
	}
}

static int fold(buf *out, size_t **map, const char *s, size_t len, bool loose)
{
	size_t *m = NULL, mcap = 0, mlen = 0;
	size_t start = out->size;
	if (map) {
		*map = NULL;
		mcap = len + 1;
		if (!(m = malloc(mcap * sizeof(*m))))
			return error_set(CHARTER_ERROR, "out of memory");
	}
	for (size_t i = 0; i < len;) {
		size_t w;
		const char *plain = typo_plain_at(s + i, len - i, &w);
		if (loose && !plain) {
			uint32_t cp;
			decode((const unsigned char *)s + i, len - i, &cp);
			plain = loose_plain(cp);
		}
		const char *bytes = plain ? plain : s + i;
		size_t n = plain ? strlen(plain) : w;
		/* Loose: a run of spaces is one space, a run of dashes one dash. */
		if (loose && n == 1 && (*bytes == ' ' || *bytes == '-') && out->size > start &&
		    out->ptr[out->size - 1] == *bytes)
			n = 0;
		buf_put(out, bytes, n);
		if (m) {
			if (GROW(m, mcap, mlen + n + 1) < 0) {
				free(m);
				return CHARTER_ERROR;
			}
			for (size_t k = 0; k < n; k++)
				m[mlen++] = i;
		}
		i += w;
	}
	if (buf_check(out) < 0) {
		free(m);
		return CHARTER_ERROR;
	}
	if (m) {
		m[mlen] = len;
		*map = m;
	}
	return 0;
}

int typo_fold(buf *out, size_t **map, const char *s, size_t len)
{
	return fold(out, map, s, len, false);
}

int typo_fold_loose(buf *out, size_t **map, const char *s, size_t len)
{
	return fold(out, map, s, len, true);
}

bool typo_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;
	const char *pa = NULL, *pb = NULL; /* the rest of a plain form being compared */
	for (;;) {
		if (!pa || !*pa) {
			pa = NULL;
			if (i < alen) {
				size_t w;
				const char *p = typo_plain_at(a + i, alen - i, &w);
				if (p) {
					pa = p;
					i += w;
				}
			}
		}
		if (!pb || !*pb) {
			pb = NULL;
			if (j < blen) {
				size_t w;
				const char *p = typo_plain_at(b + j, blen - j, &w);
				if (p) {
					pb = p;
					j += w;
				}
			}
		}
		int ca = pa ? (unsigned char)*pa : i < alen ? (unsigned char)a[i] : -1;
		int cb = pb ? (unsigned char)*pb : j < blen ? (unsigned char)b[j] : -1;
		if (ca != cb)
			return false;
		if (ca < 0)
			return true;
		if (pa)
			pa++;
		else
			i++;
		if (pb)
			pb++;
		else
			j++;
	}
}

bool typo_has(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t w;
		if (typo_plain_at(s + i, len - i, &w))
			return true;
		i += w;
	}
	return false;
}
