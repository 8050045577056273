/* The forms of Robert's Rules on a section's text: strike, insert (after or
 * before a phrase), strike and insert. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amend/amend.h"

size_t amend_count(const char *hay, const char *needle, const char **first)
{
	size_t n = 0, len = strlen(needle);
	if (first)
		*first = NULL;
	if (!len)
		return 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle)) {
		if (!n && first)
			*first = p;
		n++;
	}
	return n;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\0';
}

/* Punctuation that attaches to the word before it: no space in between. */
static bool attaches_left(const char *s)
{
	return *s && strchr(",.;:!?)]", *s) != NULL;
}

static int phrase_error(const char *phrase, size_t n, const char *slug, const char *role)
{
	char shown[80];
	size_t len = strlen(phrase);
	snprintf(shown, sizeof(shown), "%.*s%s", (int)(len > 60 ? 60 : len), phrase, len > 60 ? "..." : "");
	/* Do not cut a UTF-8 sequence in the middle. */
	for (size_t i = strlen(shown); i > 0 && len > 60; i--)
		if (((unsigned char)shown[i - 1] & 0xc0) != 0x80) {
			if ((unsigned char)shown[i - 1] >= 0xc0)
				strcpy(shown + i - 1, "...");
			break;
		}
	if (n == 0) {
		bool ascii_quote = strchr(phrase, '\'') || strchr(phrase, '"');
		return error_set(CHARTER_EINVALID, "the %s '%s' does not occur in section '%s'%s", role, shown, slug,
			ascii_quote ? " (the text may use typographic quotes such as ’ and “”)" : "");
	}
	return error_set(CHARTER_EINVALID,
		"the %s '%s' occurs %zu times in section '%s': quote more words so that it occurs exactly once",
		role, shown, n, slug);
}

int amend_form_apply(buf *out, const char *text, charter_change_kind kind, const char *phrase,
	const char *insert, const char *slug)
{
	const char *at;
	size_t len = strlen(phrase);
	const char *role = kind == CHARTER_CHANGE_STRIKE ? "struck phrase" : "phrase";
	if (!len)
		return error_set(CHARTER_EINVALID, "the %s is empty", role);
	size_t n = amend_count(text, phrase, &at);
	if (n != 1)
		return phrase_error(phrase, n, slug, role);
	size_t pos = (size_t)(at - text);
	const char *after = at + len;

	switch (kind) {
	case CHARTER_CHANGE_STRIKE:
		if (insert && *insert) {
			buf_put(out, text, pos);
			buf_puts(out, insert);
			buf_puts(out, after);
			break;
		}
		/* Take one of the surrounding spaces with the struck words. */
		if (pos > 0 && text[pos - 1] == ' ' && (*after == ' ' || attaches_left(after) || is_blank(*after)))
			buf_put(out, text, pos - 1);
		else
			buf_put(out, text, pos);
		if (*after == ' ' && (pos == 0 || text[pos - 1] == '\n'))
			after++;
		buf_puts(out, after);
		break;
	case CHARTER_CHANGE_INSERT_AFTER: {
		buf_put(out, text, pos + len);
		char left = text[pos + len - 1];
		if (is_blank(left)) {
			buf_puts(out, insert);
			if (!is_blank(*after) && !attaches_left(after))
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
