/* Words: the one tokenizer (UTF-8 aware: words, runs of space, punctuation). */
#include <string.h>

#include "words/words.h"

/* ---- UTF-8 ------------------------------------------------------------- */

size_t words_utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	int32_t v, min;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, v = c & 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, v = c & 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		*cp = -1;
		return 1;
	}
	if (n < len) {
		*cp = -1;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = -1;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
		*cp = -1;
		return 1;
	}
	*cp = v;
	return len;
}

size_t words_utf8_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* Character classes for tokenizing. */
enum {
	CL_WORD,   /* part of a word */
	CL_SPACE,  /* whitespace */
	CL_PUNCT,  /* a token of its own */
	CL_SOLO,   /* a word of its own (CJK ideographs, kana) */
	CL_EXTEND, /* joins the token before it (combining marks, ZWJ, VS) */
};

typedef struct {
	int32_t lo, hi;
	int cl;
} cp_range;

/* Non-ASCII ranges that are not word characters; everything else above
 * U+007F is part of a word (letters of every script, their marks). */
static const cp_range ranges[] = {
	{ 0x0080, 0x009f, CL_SPACE },  /* C1 controls */
	{ 0x00a0, 0x00a0, CL_SPACE },
	{ 0x00a1, 0x00a9, CL_PUNCT },  /* ¡ ¢ £ ¤ ¥ ¦ § ¨ © */
	{ 0x00ab, 0x00b1, CL_PUNCT },  /* « ¬ soft hyphen ® ¯ ° ± */
	{ 0x00b4, 0x00b4, CL_PUNCT },
	{ 0x00b6, 0x00b8, CL_PUNCT },  /* ¶ · ¸ */
	{ 0x00bb, 0x00bb, CL_PUNCT },
	{ 0x00bf, 0x00bf, CL_PUNCT },
	{ 0x00d7, 0x00d7, CL_PUNCT },
	{ 0x00f7, 0x00f7, CL_PUNCT },
	{ 0x0300, 0x036f, CL_EXTEND }, /* combining diacritics */
	{ 0x037e, 0x037e, CL_PUNCT },
	{ 0x0387, 0x0387, CL_PUNCT },
	{ 0x055a, 0x055f, CL_PUNCT },
	{ 0x0589, 0x058a, CL_PUNCT },
	{ 0x05be, 0x05be, CL_PUNCT },
	{ 0x05c0, 0x05c0, CL_PUNCT },
	{ 0x05c3, 0x05c3, CL_PUNCT },
	{ 0x05f3, 0x05f4, CL_PUNCT },
	{ 0x060c, 0x060d, CL_PUNCT },
	{ 0x061b, 0x061f, CL_PUNCT },
	{ 0x066a, 0x066d, CL_PUNCT },
	{ 0x06d4, 0x06d4, CL_PUNCT },
	{ 0x0964, 0x0965, CL_PUNCT },
	{ 0x0e4f, 0x0e4f, CL_PUNCT },
	{ 0x1680, 0x1680, CL_SPACE },
	{ 0x1ab0, 0x1aff, CL_EXTEND },
	{ 0x1dc0, 0x1dff, CL_EXTEND },
	{ 0x2000, 0x200a, CL_SPACE },
	{ 0x200b, 0x200b, CL_SPACE },  /* zero width space */
	{ 0x200c, 0x200d, CL_EXTEND }, /* ZWNJ, ZWJ */
	{ 0x200e, 0x200f, CL_EXTEND },
	{ 0x2010, 0x2027, CL_PUNCT },  /* dashes, quotes, bullets, ellipsis */
	{ 0x2028, 0x2029, CL_SPACE },
	{ 0x202a, 0x202e, CL_EXTEND },
	{ 0x202f, 0x202f, CL_SPACE },
	{ 0x2030, 0x205e, CL_PUNCT },
	{ 0x205f, 0x205f, CL_SPACE },
	{ 0x2060, 0x206f, CL_EXTEND },
	{ 0x20a0, 0x20cf, CL_PUNCT },  /* currency */
	{ 0x20d0, 0x20ff, CL_EXTEND },
	{ 0x2100, 0x214f, CL_PUNCT },  /* letterlike symbols */
	{ 0x2190, 0x2bff, CL_PUNCT },  /* arrows, maths, shapes, dingbats */
	{ 0x2e00, 0x2e7f, CL_PUNCT },
	{ 0x2e80, 0x2fdf, CL_SOLO },
	{ 0x3000, 0x3000, CL_SPACE },
	{ 0x3001, 0x3003, CL_PUNCT },
	{ 0x3008, 0x3011, CL_PUNCT },
	{ 0x3014, 0x301f, CL_PUNCT },
	{ 0x3030, 0x3030, CL_PUNCT },
	{ 0x303d, 0x303d, CL_PUNCT },
	{ 0x3040, 0x30ff, CL_SOLO },   /* kana */
	{ 0x3400, 0x4dbf, CL_SOLO },
	{ 0x4e00, 0x9fff, CL_SOLO },
	{ 0xe000, 0xf8ff, CL_PUNCT },  /* private use */
	{ 0xf900, 0xfaff, CL_SOLO },
	{ 0xfe00, 0xfe0f, CL_EXTEND }, /* variation selectors */
	{ 0xfe10, 0xfe19, CL_PUNCT },
	{ 0xfe20, 0xfe2f, CL_EXTEND },
	{ 0xfe30, 0xfe6f, CL_PUNCT },
	{ 0xfeff, 0xfeff, CL_EXTEND },
	{ 0xff01, 0xff0f, CL_PUNCT },
	{ 0xff1a, 0xff20, CL_PUNCT },
	{ 0xff3b, 0xff40, CL_PUNCT },
	{ 0xff5b, 0xff65, CL_PUNCT },
	{ 0xfff0, 0xffff, CL_PUNCT },  /* specials, U+FFFD */
	{ 0x1f000, 0x1f3fa, CL_PUNCT }, /* emoji and pictographs */
	{ 0x1f3fb, 0x1f3ff, CL_EXTEND }, /* skin tones */
	{ 0x1f400, 0x1faff, CL_PUNCT },
	{ 0x20000, 0x3ffff, CL_SOLO },
	{ 0xe0000, 0xe0fff, CL_EXTEND }, /* tags, variation selectors */
};

/* The classes of ASCII characters, as cp_class() gives them: most text is
 * ASCII, and the tokenizer looks at every character. */
#define W CL_WORD
#define S CL_SPACE
#define P CL_PUNCT
static const unsigned char ascii_class[128] = {
	S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
	S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
	S, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	W, W, W, W, W, W, W, W, W, W, P, P, P, P, P, P,
	P, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
	W, W, W, W, W, W, W, W, W, W, W, P, P, P, P, P,
	P, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
	W, W, W, W, W, W, W, W, W, W, W, P, P, P, P, S,
};
#undef W
#undef S
#undef P

static int cp_class(int32_t cp)
{
	if (cp < 0)
		return CL_PUNCT;
	if (cp < 0x80)
		return ascii_class[cp];
	size_t lo = 0, hi = ARRAY_SIZE(ranges);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < ranges[mid].lo)
			hi = mid;
		else if (cp > ranges[mid].hi)
			lo = mid + 1;
		else
			return ranges[mid].cl;
	}
	return CL_WORD;
}

typedef struct {
	int32_t cp;
	size_t len;
	int cl;
} cp_info;

static cp_info next_cp(const char *s, size_t len, size_t i)
{
	cp_info c = { -1, 0, CL_PUNCT };
	if (i >= len)
		return c;
	unsigned char b = (unsigned char)s[i];
	if (b < 0x80)
		return (cp_info){ b, 1, ascii_class[b] };
	c.len = words_utf8_decode((const unsigned char *)s + i, len - i, &c.cp);
	c.cl = cp_class(c.cp);
	return c;
}

static bool is_apostrophe(int32_t cp)
{
	return cp == '\'' || cp == 0x2019;
}

static bool is_digit(int32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* Skip combining characters that follow position i. */
static size_t skip_extend(const char *s, size_t len, size_t i)
{
	for (;;) {
		cp_info c = next_cp(s, len, i);
		if (!c.len || c.cl != CL_EXTEND)
			return i;
		i += c.len;
	}
}

int words_tokenize(const char *s, size_t len, words_token_cb cb, void *ctx)
{
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		cp_info c = next_cp(s, len, i);
		int kind;
		i += c.len;
		if (c.cl == CL_SPACE) {
			kind = WORDS_SPACE;
			/* ASCII spaces, the most of every run */
			while (i < len && (unsigned char)s[i] < 0x80 && ascii_class[(unsigned char)s[i]] == CL_SPACE)
				i++;
			for (;;) {
				cp_info d = next_cp(s, len, i);
				if (!d.len || (d.cl != CL_SPACE && d.cl != CL_EXTEND))
					break;
				i += d.len;
			}
		} else if (c.cl == CL_WORD) {
			kind = WORDS_WORD;
			int32_t last = c.cp;
			for (;;) {
				/* ASCII letters and digits, the most of every word */
				while (i < len && (unsigned char)s[i] < 0x80 && ascii_class[(unsigned char)s[i]] == CL_WORD)
					last = (unsigned char)s[i++];
				cp_info d = next_cp(s, len, i);
				if (!d.len)
					break;
				if (d.cl == CL_WORD || d.cl == CL_EXTEND) {
					i += d.len;
					if (d.cl == CL_WORD)
						last = d.cp;
					continue;
				}
				/* we’re, don't; 1,000 and 3.5: one word */
				cp_info e = next_cp(s, len, i + d.len);
				bool join = e.len && e.cl == CL_WORD &&
					((is_apostrophe(d.cp) && !is_digit(last) && !is_digit(e.cp)) ||
					 ((d.cp == '.' || d.cp == ',') && is_digit(last) && is_digit(e.cp)));
				if (!join)
					break;
				i += d.len + e.len;
				last = e.cp;
			}
		} else {
			/* One punctuation mark, CJK character or stray mark with
			 * whatever combines with it. */
			kind = c.cl == CL_SOLO ? WORDS_WORD : WORDS_PUNCT;
			i = skip_extend(s, len, i);
		}
		int err = cb(ctx, kind, s + start, i - start);
		if (err)
			return err;
	}
	return 0;
}
