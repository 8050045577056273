/* Checking a change of .charter/allowed_signers against its `Signers:` trailer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssh/allowed_signers.h"
#include "ssh/signers_change.h"

typedef struct {
	const char *p;
	size_t len;
	bool matched;
} policy_line;

/* The lines of `text` that are entries (not blank, not comments). */
static size_t split_lines(policy_line **out, const char *text, size_t len)
{
	size_t cap = 1, n = 0;
	for (size_t i = 0; i < len; i++)
		cap += text[i] == '\n';
	*out = calloc(cap, sizeof(**out));
	if (!*out)
		return (size_t)-1;
	const char *p = text, *end = text ? text + len : NULL;
	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		const char *s = p;
		while (s < stop && (*s == ' ' || *s == '\t'))
			s++;
		if (s < stop && *s != '#')
			(*out)[n++] = (policy_line){ p, (size_t)(stop - p), false };
		p = nl ? nl + 1 : end;
	}
	return n;
}

/* Mark the lines of `a` that have an unmatched equal in `b` (both sides). */
static void match_lines(policy_line *a, size_t na, policy_line *b, size_t nb)
{
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (!b[j].matched && a[i].len == b[j].len && memcmp(a[i].p, b[j].p, a[i].len) == 0) {
				a[i].matched = b[j].matched = true;
				break;
			}
}

/* Does `line` list exactly `principal`? With `fp` non-NULL, also: its
 * key has that fingerprint. */
static bool line_is(const policy_line *line, const char *principal, size_t plen, const char *fp)
{
	allowed_signer e;
	memset(&e, 0, sizeof(e));
	if (allowed_signer_parse_line(&e, line->p, line->len) != 0) {
		error_clear();
		return false;
	}
	bool ok = e.principals && strlen(e.principals) == plen && memcmp(e.principals, principal, plen) == 0;
	if (ok && fp) {
		char have[SSHKEY_FP_SIZE];
		sshkey_fingerprint(have, e.key.blob, e.key.blob_len);
		ok = strcmp(have, fp) == 0;
	}
	allowed_signer_free(&e);
	return ok;
}

bool signers_change_matches(char *why, size_t why_size, const char *trailer, const char *prev, size_t prev_len,
	const char *next, size_t next_len)
{
	policy_line *a = NULL, *b = NULL;
	size_t na = split_lines(&a, prev, prev ? prev_len : 0);
	size_t nb = split_lines(&b, next, next ? next_len : 0);
	bool ok = false;
	why[0] = '\0';
	if (na == (size_t)-1 || nb == (size_t)-1) {
		snprintf(why, why_size, "out of memory");
		goto done;
	}
	match_lines(a, na, b, nb);
	size_t removed = 0, added = 0;
	const policy_line *first_added = NULL;
	for (size_t i = 0; i < na; i++)
		removed += !a[i].matched;
	for (size_t j = 0; j < nb; j++)
		if (!b[j].matched && added++ == 0)
			first_added = &b[j];

	const char *arg;
	if (strncmp(trailer, "add ", 4) == 0) {
		arg = trailer + 4;
		const char *sp = strchr(arg, ' ');
		if (!sp || strchr(sp + 1, ' ')) {
			snprintf(why, why_size, "its Signers: trailer '%.80s' is not 'add PRINCIPAL FINGERPRINT'", trailer);
		} else if (removed || added != 1) {
			snprintf(why, why_size, "it removes %zu and adds %zu lines of the policy, where 'Signers: add' "
				"adds exactly one", removed, added);
		} else if (!line_is(first_added, arg, (size_t)(sp - arg), sp + 1)) {
			snprintf(why, why_size, "the line it adds is not %.*s with the key %.60s named by its Signers: "
				"trailer", (int)(sp - arg) > 80 ? 80 : (int)(sp - arg), arg, sp + 1);
		} else {
			ok = true;
		}
	} else if (strncmp(trailer, "remove ", 7) == 0) {
		arg = trailer + 7;
		size_t plen = strlen(arg);
		bool only = plen && !strchr(arg, ' ');
		for (size_t i = 0; i < na && only; i++)
			if (!a[i].matched && !line_is(&a[i], arg, plen, NULL))
				only = false;
		bool left = false;
		for (size_t j = 0; j < nb; j++)
			left = left || line_is(&b[j], arg, plen, NULL);
		if (!plen || strchr(arg, ' '))
			snprintf(why, why_size, "its Signers: trailer '%.80s' is not 'remove PRINCIPAL'", trailer);
		else if (added || !removed)
			snprintf(why, why_size, "it adds %zu and removes %zu lines of the policy, where 'Signers: remove' "
				"only removes", added, removed);
		else if (!only)
			snprintf(why, why_size, "it removes a line that is not %.80s's", arg);
		else if (left)
			snprintf(why, why_size, "it leaves a line of %.80s in the policy", arg);
		else
			ok = true;
	} else {
		snprintf(why, why_size, "its Signers: trailer '%.80s' is neither 'add' nor 'remove'", trailer);
	}
done:
	free(a);
	free(b);
	return ok;
}
