/* The OpenSSH allowed-signers format: parsing and the lookups the trust
 * rule needs. See allowed_signers.h for the format and the decisions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/grow.h"
#include "ssh/allowed_signers.h"
#include "base/date.h"

const char *allowed_verdict_name(allowed_verdict v)
{
	switch (v) {
	case ALLOWED_OK:
		return "ok";
	case ALLOWED_UNKNOWN_KEY:
		return "unknown-key";
	case ALLOWED_WRONG_NAMESPACE:
		return "wrong-namespace";
	case ALLOWED_NOT_YET_VALID:
		return "key-not-yet-valid";
	case ALLOWED_EXPIRED:
		return "key-expired";
	}
	return "unknown-key";
}

/* ---- Patterns ----------------------------------------------------------- */

/* Does `s` match the pattern [p, p + n) with `*` and `?`? Iterative, with
 * one backtrack point: linear in practice, never recursive. */
static bool pattern_match(const char *s, const char *p, size_t n)
{
	const char *star_p = NULL, *star_s = NULL;
	size_t i = 0;
	while (*s) {
		if (i < n && p[i] == '*') {
			star_p = p + ++i;
			star_s = s;
		} else if (i < n && (p[i] == '?' || p[i] == *s)) {
			i++;
			s++;
		} else if (star_p) {
			i = (size_t)(star_p - p);
			s = ++star_s;
		} else {
			return false;
		}
	}
	while (i < n && p[i] == '*')
		i++;
	return i == n;
}

int allowed_pattern_list_match(const char *s, const char *list)
{
	int found = 0;
	const char *p = list;
	for (;;) {
		size_t n = strcspn(p, ",");
		bool negate = n > 0 && p[0] == '!';
		if (pattern_match(s, p + negate, n - negate)) {
			if (negate)
				return -1;
			found = 1;
		}
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
	return found;
}

/* ---- Times -------------------------------------------------------------- */

static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int allowed_parse_time(int64_t *out, const char *s, size_t len)
{
	bool utc = false;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	int64_t t;

	if (len > 0 && (s[len - 1] == 'Z' || s[len - 1] == 'z')) {
		utc = true;
		len--;
	}
	if (len != 8 && len != 12 && len != 14)
		return -1;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	y = digits(s, 4);
	mo = digits(s + 4, 2);
	d = digits(s + 6, 2);
	if (len >= 12) {
		h = digits(s + 8, 2);
		mi = digits(s + 10, 2);
	}
	if (len == 14)
		sec = digits(s + 12, 2);
	/* The field ranges ssh-keygen accepts (it reads the time with
	 * strptime and normalizes: February 30 is March 1, second 60 the next
	 * minute), so both read a line the same way. */
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	if (utc) {
		t = date_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	} else {
		struct tm tm;
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = sec;
		tm.tm_isdst = -1;
		time_t tt = mktime(&tm);
		if (tt == (time_t)-1)
			return -1;
		t = (int64_t)tt;
	}
	/* ssh-keygen refuses times at or before the epoch (0 means "unset"). */
	if (t <= 0)
		return -1;
	*out = t;
	return 0;
}

/* ---- Lines -------------------------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static int bad(const char *why)
{
	return error_set(CHARTER_EINVALID, "%s", why);
}

/* Key types ssh-keygen knows, plain and as certificates. A token that is
 * one of these starts the key; anything else there is the options. */
static bool is_key_type(const char *s, size_t n)
{
	static const char *const types[] = {
		"ssh-ed25519", "ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256",
		"ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
		"sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
		"ssh-ed25519-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com",
		"ssh-dss-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
		"ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
		"sk-ssh-ed25519-cert-v01@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
	};
	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (strlen(types[i]) == n && memcmp(types[i], s, n) == 0)
			return true;
	return false;
}

/* Case-insensitive "does [s, s+n) start with name". */
static bool has_prefix_ci(const char *s, size_t n, const char *name)
{
	size_t k = strlen(name);
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != name[i])
			return false;
	}
	return true;
}

/* One option [s, s+n) (no unquoted comma inside). */
static int parse_option(allowed_signer *e, const char *s, size_t n)
{
	static const char *const valued[] = { "namespaces=", "valid-after=", "valid-before=" };
	if (n == strlen("cert-authority") && has_prefix_ci(s, n, "cert-authority")) {
		if (e->cert_authority)
			return bad("bad options: cert-authority given twice");
		e->cert_authority = true;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(valued); i++) {
		size_t k = strlen(valued[i]);
		if (!has_prefix_ci(s, n, valued[i]))
			continue;
		const char *v = s + k;
		size_t vn = n - k;
		if (vn < 2 || v[0] != '"' || v[vn - 1] != '"' || memchr(v + 1, '"', vn - 2))
			return bad("bad options: a value must be in double quotes");
		v++;
		vn -= 2;
		if (memchr(v, '\\', vn))
			return bad("bad options: backslash in a value");
		if (i == 0) {
			if (e->namespaces)
				return bad("bad options: namespaces given twice");
			if (vn == 0)
				return bad("bad options: empty namespaces");
			for (size_t j = 0; j < vn; j++)
				if ((unsigned char)v[j] < 0x20 || v[j] == 0x7f)
					return bad("bad options: control character in namespaces");
			if (!(e->namespaces = xstrndup(v, vn)))
				return CHARTER_ERROR;
		} else {
			bool after = i == 1;
			if (after ? e->has_valid_after : e->has_valid_before)
				return bad(after ? "bad options: valid-after given twice" :
						   "bad options: valid-before given twice");
			if (allowed_parse_time(after ? &e->valid_after : &e->valid_before, v, vn) < 0)
				return bad(after ? "bad options: invalid valid-after time" :
						   "bad options: invalid valid-before time");
			if (after)
				e->has_valid_after = true;
			else
				e->has_valid_before = true;
		}
		return 0;
	}
	return bad("bad options: unknown option");
}

static int parse_options(allowed_signer *e, const char *s, size_t n)
{
	size_t start = 0;
	bool quoted = false;
	int rc;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] == '"') {
			quoted = !quoted;
		} else if (i == n || (s[i] == ',' && !quoted)) {
			if (i == start)
				return bad("bad options: empty option");
			if ((rc = parse_option(e, s + start, i - start)) < 0)
				return rc;
			start = i + 1;
		}
	}
	return quoted ? bad("bad options: unterminated quote") : 0;
}

void allowed_signer_free(allowed_signer *e)
{
	if (!e)
		return;
	free(e->principals);
	free(e->namespaces);
	sshkey_pub_free(&e->key);
	memset(e, 0, sizeof(*e));
}

int allowed_signer_parse_line(allowed_signer *out, const char *line, size_t len)
{
	const char *p = line, *end = line + len;
	const char *princ, *tok;
	size_t princ_len, tok_len;
	allowed_signer e;
	int rc;

	memset(&e, 0, sizeof(e));
	while (end > p && (is_space(end[-1]) || end[-1] == '\r'))
		end--;
	while (p < end && is_space(*p))
		p++;
	if (p == end || *p == '#')
		return 1;
	if (memchr(p, '\0', (size_t)(end - p)) || memchr(p, '\n', (size_t)(end - p)))
		return bad("NUL or newline in the line");

	/* principals, maybe quoted */
	if (*p == '"') {
		princ = ++p;
		while (p < end && *p != '"')
			p++;
		if (p == end)
			return bad("unterminated quote in principals");
		princ_len = (size_t)(p - princ);
		p++;
		if (p < end && !is_space(*p))
			return bad("junk after quoted principals");
	} else {
		princ = p;
		while (p < end && !is_space(*p))
			p++;
		princ_len = (size_t)(p - princ);
	}
	if (princ_len == 0)
		return bad("empty principals");
	for (size_t i = 0; i < princ_len; i++)
		if ((unsigned char)princ[i] < 0x20 || princ[i] == 0x7f)
			return bad("control character in principals");
	while (p < end && is_space(*p))
		p++;

	/* options, unless the key starts here */
	tok = p;
	while (p < end && !is_space(*p))
		p++;
	tok_len = (size_t)(p - tok);
	if (tok_len == 0)
		return bad("no key");
	if (!is_key_type(tok, tok_len)) {
		/* The options token runs to the first blank outside quotes. */
		bool quoted = false;
		p = tok;
		while (p < end && (quoted || !is_space(*p))) {
			if (*p == '"')
				quoted = !quoted;
			p++;
		}
		if ((rc = parse_options(&e, tok, (size_t)(p - tok))) < 0)
			goto fail;
		while (p < end && is_space(*p))
			p++;
		if (p == end) {
			rc = bad("no key after the options");
			goto fail;
		}
	} else {
		p = tok;
	}
	if ((rc = sshkey_pub_parse(&e.key, p, (size_t)(end - p))) < 0)
		goto fail;
	if (!(e.principals = xstrndup(princ, princ_len))) {
		rc = CHARTER_ERROR;
		goto fail;
	}
	*out = e;
	return 0;
fail:
	allowed_signer_free(&e);
	return rc;
}

void allowed_signers_free(allowed_signers *as)
{
	if (!as)
		return;
	for (size_t i = 0; i < as->count; i++)
		allowed_signer_free(&as->entries[i]);
	free(as->entries);
	*as = (allowed_signers)ALLOWED_SIGNERS_INIT;
}

int allowed_signers_parse(allowed_signers *out, const char *text, size_t len)
{
	allowed_signers as = ALLOWED_SIGNERS_INIT;
	size_t cap = 0, lineno = 0;
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		allowed_signer e;
		int rc;

		lineno++;
		rc = allowed_signer_parse_line(&e, p, n);
		p += n + (nl ? 1 : 0);
		if (rc == 1)
			continue;
		if (rc == CHARTER_ERROR) {
			allowed_signers_free(&as);
			return rc;
		}
		if (rc < 0) {
			if (as.invalid++ == 0)
				snprintf(as.first_invalid, sizeof(as.first_invalid), "line %zu: %s",
					lineno, charter_error_last());
			error_clear();
			continue;
		}
		e.line = lineno;
		if (GROW(as.entries, cap, as.count + 1) < 0) {
			allowed_signer_free(&e);
			allowed_signers_free(&as);
			return CHARTER_ERROR;
		}
		as.entries[as.count++] = e;
	}
	*out = as;
	return 0;
}

/* ---- Lookups ------------------------------------------------------------ */

static int rank(allowed_verdict v)
{
	switch (v) {
	case ALLOWED_OK:
		return 3;
	case ALLOWED_NOT_YET_VALID:
	case ALLOWED_EXPIRED:
		return 2;
	case ALLOWED_WRONG_NAMESPACE:
		return 1;
	case ALLOWED_UNKNOWN_KEY:
		break;
	}
	return 0;
}

allowed_verdict allowed_signers_lookup(const allowed_signer **entry, const allowed_signers *as,
	const unsigned char *blob, size_t blob_len, const char *namespace,
	const char *principal, int64_t when)
{
	allowed_verdict best = ALLOWED_UNKNOWN_KEY;
	const allowed_signer *best_entry = NULL;

	for (size_t i = 0; i < as->count; i++) {
		const allowed_signer *e = &as->entries[i];
		allowed_verdict v;
		/* A certificate authority vouches for certificates only. */
		if (e->cert_authority ||
		    !sshkey_blob_equal(e->key.blob, e->key.blob_len, blob, blob_len))
			continue;
		if (principal && allowed_pattern_list_match(principal, e->principals) != 1)
			continue;
		if (e->namespaces && allowed_pattern_list_match(namespace, e->namespaces) != 1)
			v = ALLOWED_WRONG_NAMESPACE;
		else if (e->has_valid_after && when < e->valid_after)
			v = ALLOWED_NOT_YET_VALID;
		else if (e->has_valid_before && when > e->valid_before)
			v = ALLOWED_EXPIRED;
		else
			v = ALLOWED_OK;
		if (rank(v) > rank(best)) {
			best = v;
			best_entry = e;
			if (v == ALLOWED_OK)
				break;
		}
	}
	if (entry)
		*entry = best_entry;
	return best;
}

bool allowed_signers_has_key(const char *text, size_t len, const unsigned char *blob,
	size_t blob_len)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		allowed_signer e;
		int rc = allowed_signer_parse_line(&e, p, n);
		p += n + (nl ? 1 : 0);
		if (rc < 0) {
			error_clear();
			continue;
		}
		if (rc == 1)
			continue;
		bool found = sshkey_blob_equal(e.key.blob, e.key.blob_len, blob, blob_len);
		allowed_signer_free(&e);
		if (found)
			return true;
	}
	return false;
}
