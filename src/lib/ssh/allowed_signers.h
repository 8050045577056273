/* The OpenSSH allowed-signers format (ssh-keygen(1), "ALLOWED SIGNERS"):
 *
 *     principals [options] keytype base64-key [comment]
 *
 * principals: a comma-separated list of patterns (`*`, `?`, `!` to negate),
 * optionally in double quotes. options: comma-separated, any of
 * `cert-authority`, `namespaces="git,..."`, `valid-after="TIME"`,
 * `valid-before="TIME"`, TIME being YYYYMMDD[HHMM[SS]] with an optional `Z`
 * for UTC (local time otherwise, as ssh-keygen reads it). Blank lines and
 * lines starting with `#` are ignored.
 *
 * The decisions follow ssh-keygen's: a key listed with `cert-authority`
 * vouches only for certificates, never for itself; valid-after and
 * valid-before are inclusive bounds checked against the signing time. */
#ifndef CHARTER_ALLOWED_SIGNERS_H
#define CHARTER_ALLOWED_SIGNERS_H

#include "base/internal.h"
#include "ssh/sshkey.h"

/* One line. All strings owned by the entry. */
typedef struct {
	char *principals;      /* the principals pattern list as written (unquoted) */
	char *namespaces;      /* pattern list; NULL when the line allows every namespace */
	bool cert_authority;
	bool has_valid_after;
	bool has_valid_before;
	int64_t valid_after;   /* unix seconds */
	int64_t valid_before;
	sshkey_pub key;        /* key.comment holds the line's comment, if any */
	size_t line;           /* 1-based line number in the text */
} allowed_signer;

typedef struct {
	allowed_signer *entries;
	size_t count;
	size_t invalid;        /* lines that are not blank, comments or entries */
	char first_invalid[160]; /* "line N: reason" for the first of them */
} allowed_signers;

#define ALLOWED_SIGNERS_INIT { NULL, 0, 0, "" }

/* Parse a whole file. Like ssh-keygen, a line that is not a valid entry is
 * skipped, not fatal: it is counted in `invalid` and the first one
 * described in `first_invalid`, so a caller that wants the file to be
 * clean (charter writing it) can refuse it. Negative only on out of memory.
 * Free with allowed_signers_free(). */
int allowed_signers_parse(allowed_signers *out, const char *text, size_t len);

void allowed_signers_free(allowed_signers *as);

/* Parse one line (no newline in it). Returns 0 and fills `out`, 1 for a
 * blank or comment line (`out` untouched), or CHARTER_EINVALID. */
int allowed_signer_parse_line(allowed_signer *out, const char *line, size_t len);

void allowed_signer_free(allowed_signer *entry);

typedef enum {
	ALLOWED_OK = 0,
	ALLOWED_UNKNOWN_KEY,      /* no line lists this key (for this principal) */
	ALLOWED_WRONG_NAMESPACE,  /* listed, but not for this namespace */
	ALLOWED_NOT_YET_VALID,    /* listed, signing time before valid-after */
	ALLOWED_EXPIRED,          /* listed, signing time after valid-before */
} allowed_verdict;

/* "ok", "unknown-key", "wrong-namespace", "key-not-yet-valid",
 * "key-expired". Static strings. */
const char *allowed_verdict_name(allowed_verdict v);

/* May the key `blob` sign in `namespace` at `when` (unix seconds)? With
 * `principal` non-NULL, only lines whose principals patterns match it
 * count (as `ssh-keygen -Y verify -I` does). The first line that allows it
 * gives ALLOWED_OK and *entry (when `entry` is non-NULL; it points into
 * `as`). Otherwise the most specific refusal among the lines listing the
 * key: a validity window beats a namespace, which beats unknown-key; *entry
 * is then the line that refused (NULL for unknown-key). */
allowed_verdict allowed_signers_lookup(const allowed_signer **entry, const allowed_signers *as,
	const unsigned char *blob, size_t blob_len, const char *namespace,
	const char *principal, int64_t when);

/* Does the key `blob` appear on any line of `text` at all (whatever its
 * principals and options)? Lines that do not parse are skipped. */
bool allowed_signers_has_key(const char *text, size_t len, const unsigned char *blob,
	size_t blob_len);

/* OpenSSH pattern-list matching: `list` is comma-separated patterns with
 * `*` and `?`; a pattern starting with `!` negates. 1 when a positive
 * pattern matches and no negated one does, 0 when none matches, -1 when a
 * negated pattern matches. Case-sensitive. */
int allowed_pattern_list_match(const char *s, const char *list);

/* A timestamp YYYYMMDD[HHMM[SS]][Z] to unix seconds (local time without Z),
 * read as ssh-keygen reads it: day 1-31 in any month and second 0-60,
 * normalized (20240230 is March 1); times at or before 1970-01-01T00:00:00
 * are refused. 0, or -1 when malformed. */
int allowed_parse_time(int64_t *out, const char *s, size_t len);

#endif
