/* The forms of Robert's Rules on a section's text: strike, insert (after or
 * before a phrase), strike and insert. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amend/amend.h"
#include "words/typography.h"

/* Fold `text` (loosely or not) and find `phrase` in it, folded the same
 * way: occurrences that begin and end on whole characters, not overlapping.
 * *at and *end: the `nth` occurrence (1-based), or the first when there are
 * fewer (or nth is 0). */
static int find_folded(size_t *count, size_t *at, size_t *end, const char *text, const char *phrase, bool loose,
	size_t nth)
{
	buf ft = BUF_INIT, fp = BUF_INIT;
	size_t *map = NULL;
	int error;
	*count = 0;
	if ((error = (loose ? typo_fold_loose : typo_fold)(&ft, &map, text, strlen(text))) < 0 ||
	    (error = (loose ? typo_fold_loose : typo_fold)(&fp, NULL, phrase, strlen(phrase))) < 0)
		goto cleanup;
	if (!fp.size)
		goto cleanup;
	const char *f = buf_cstr(&ft);
	for (const char *p = strstr(f, fp.ptr); p; ) {
		size_t s = (size_t)(p - f), e = s + fp.size;
		bool whole = (s == 0 || map[s] != map[s - 1]) && (e == ft.size || map[e] != map[e - 1]);
		if (whole) {
			if (!*count || *count + 1 == nth)
				*at = map[s], *end = map[e];
			++*count;
		}
		p = strstr(whole ? f + e : p + 1, fp.ptr);
	}
cleanup:
	free(map);
	buf_free(&ft);
	buf_free(&fp);
	return error;
}

int amend_phrase_find(size_t *count, size_t *at, size_t *end, const char *text, const char *phrase)
{
	return find_folded(count, at, end, text, phrase, false, 0);
}

int amend_phrase_find_nth(size_t *count, size_t *at, size_t *end, const char *text, const char *phrase, size_t nth)
{
	return find_folded(count, at, end, text, phrase, false, nth);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\0';
}

/* The length of the space (plain or typographic) that starts at s, or 0. */
static size_t space_at(const char *s)
{
	size_t w;
	if (*s == ' ')
		return 1;
	const char *plain = typo_plain_at(s, strlen(s), &w);
	return plain && strcmp(plain, " ") == 0 ? w : 0;
}

/* The length of the space (plain or typographic) that ends at text[pos], or 0. */
static size_t space_before(const char *text, size_t pos)
{
	for (size_t w = 1; w <= 3 && w <= pos; w++)
		if (space_at(text + pos - w) == w)
			return w;
	return 0;
}

/* Punctuation that attaches to the word before it: no space in between. */
static bool attaches_left(const char *s)
{
	return *s && strchr(",.;:!?)]", *s) != NULL;
}

/* `s` cut to at most 60 bytes on a character boundary, "..." when cut. */
static void shorten(char shown[80], const char *s, size_t len)
{
	size_t n = len > 60 ? 60 : len;
	while (n < len && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	snprintf(shown, 80, "%.*s%s", (int)n, s, n < len ? "..." : "");
	for (char *c = shown; *c; c++)
		if (*c == '\n' || *c == '\t')
			*c = ' ';
}

static int phrase_error(const char *text, const char *phrase, size_t n, const char *slug, const char *role)
{
	char shown[80];
	shorten(shown, phrase, strlen(phrase));
	if (n == 0) {
		/* Quotes, dashes and spaces of another kind are equal already; say
		 * so when the phrase is there but for another difference of marks. */
		size_t count = 0, at = 0, end = 0;
		if (find_folded(&count, &at, &end, text, phrase, true, 0) == 0 && count > 0) {
			char has[80];
			shorten(has, text + at, end - at);
			return error_set(CHARTER_EINVALID,
				"the %s '%s' does not occur in section '%s': the text has '%s', which differs only in "
				"spacing, line breaks or marks (such as -- for a dash or guillemets for quotes); quote it as "
				"the text has it", role, shown, slug, has);
		}
		error_clear();
		return error_set(CHARTER_EINVALID, "the %s '%s' does not occur in section '%s'", role, shown, slug);
	}
	return error_set(CHARTER_EINVALID,
		"the %s '%s' occurs %zu times in section '%s': quote more words so that it occurs exactly once",
		role, shown, n, slug);
}

int amend_form_apply(buf *out, const char *text, charter_change_kind kind, const char *phrase,
	const char *insert, const char *slug)
{
	return amend_form_apply_nth(out, text, kind, phrase, insert, slug, 0);
}

int amend_form_apply_nth(buf *out, const char *text, charter_change_kind kind, const char *phrase,
	const char *insert, const char *slug, size_t nth)
{
	size_t n = 0, pos = 0, end = 0;
	int error;
	const char *role = kind == CHARTER_CHANGE_STRIKE ? "struck phrase" : "phrase";
	if (!*phrase)
		return error_set(CHARTER_EINVALID, "the %s is empty", role);
	if ((error = amend_phrase_find_nth(&n, &pos, &end, text, phrase, nth)) < 0)
		return error;
	if (!(nth > 0 && nth <= n) && n != 1)
		return phrase_error(text, phrase, n, slug, role);
	/* From here on the text's own characters: the match may differ from the
	 * phrase in typography, the text keeps its quotes, dashes and spaces. */
	const char *at = text + pos;
	const char *after = text + end;
	size_t len = end - pos;

	switch (kind) {
	case CHARTER_CHANGE_STRIKE:
		if (insert && *insert) {
			buf_put(out, text, pos);
			buf_puts(out, insert);
			buf_puts(out, after);
			break;
		}
		/* Take one of the surrounding spaces with the struck words. */
		size_t before = space_before(text, pos), next = space_at(after);
		if (before && (next || attaches_left(after) || is_blank(*after)))
			buf_put(out, text, pos - before);
		else
			buf_put(out, text, pos);
		if (next && (pos == 0 || text[pos - 1] == '\n'))
			after += next;
		buf_puts(out, after);
		break;
	case CHARTER_CHANGE_INSERT_AFTER: {
		buf_put(out, text, pos + len);
		if (is_blank(text[pos + len - 1]) || space_before(text, pos + len)) {
			buf_puts(out, insert);
			if (!is_blank(*after) && !space_at(after) && !attaches_left(after))
				buf_putc(out, ' ');
		} else {
			if (!attaches_left(insert) && !is_blank(*insert))
				buf_putc(out, ' ');
			buf_puts(out, insert);
		}
		buf_puts(out, after);
		break;
	}
	case CHARTER_CHANGE_INSERT_BEFORE: {
		buf_put(out, text, pos);
		size_t ilen = strlen(insert);
		buf_puts(out, insert);
		if (ilen && !is_blank(insert[ilen - 1]) && !attaches_left(at))
			buf_putc(out, ' ');
		buf_puts(out, at);
		break;
	}
	default:
		return error_set(CHARTER_EINVALID, "not a strike or insert form");
	}
	return buf_check(out);
}
