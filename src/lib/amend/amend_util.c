/* Small pieces the amendment commands share: ids, votes, refs, the allowed
 * signers check and the crash hook of the tests. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ssh/allowed_signers.h"
#include "amend/amend.h"
#include "ssh/sshsig.h"
#include "store/store.h"
#include "base/text.h"

int amend_id_check(const char *id)
{
	if (slug_check(id) < 0)
		return error_set(CHARTER_EINVALID,
			"invalid amendment id '%.80s': use lowercase letters, digits and hyphens, e.g. 12 or housing-1", id);
	size_t n = strlen(id);
	if (n == 10 && id[4] == '-' && id[7] == '-' && strspn(id, "0123456789-") == n)
		return error_set(CHARTER_EINVALID, "invalid amendment id '%s': it would read as a date", id);
	return 0;
}

int amend_vote_check(const char *vote)
{
	const char *p = vote;
	for (int part = 0; part < 3; part++) {
		size_t digits = strspn(p, "0123456789");
		if (digits == 0 || digits > 9)
			goto bad;
		p += digits;
		if (part < 2) {
			if (*p != '-')
				goto bad;
			p++;
		}
	}
	if (*p == '\0')
		return 0;
bad:
	return error_set(CHARTER_EINVALID, "'%.40s' is not a vote: use FOR-AGAINST-ABSTAIN, e.g. 120-14-3", vote);
}

void amend_refname(char out[300], const char *prefix, const char *id)
{
	snprintf(out, 300, "%s%.200s", prefix, id);
}

int amend_proposal(git_commit **out, git_repository *repo, const char *id)
{
	char ref[300];
	git_oid oid;
	int error;
	*out = NULL;
	if ((error = amend_id_check(id)) < 0)
		return error;
	amend_refname(ref, AMENDMENT_REF_PREFIX, id);
	if ((error = git_reference_name_to_id(&oid, repo, ref)) == GIT_ENOTFOUND)
		return error_set(CHARTER_ENOTFOUND, "no amendment '%s'", id);
	if (error < 0)
		return error_git(error, ref);
	if ((error = git_commit_lookup(out, repo, &oid)) < 0)
		return error_git(error, ref);
	if (git_commit_parentcount(*out) != 1) {
		git_commit_free(*out);
		*out = NULL;
		return error_set(CHARTER_EINVALID, "%s is not a proposal (a commit with one parent)", ref);
	}
	return 0;
}

void amend_backoff(int attempt)
{
	struct timespec ts = { 0, (long)((5 + (getpid() + attempt * 7) % 20) * 1000000L) };
	nanosleep(&ts, NULL);
}

void amend_crash_point(const char *point)
{
	const char *at = getenv("CHARTER_TEST_CRASH_AT");
	if (at && strcmp(at, point) == 0) {
		raise(SIGKILL);
		_exit(137);
	}
}

int amend_allowed_signers(buf *out, git_repository *repo, const git_commit *commit)
{
	git_tree *tree = NULL;
	int error = git_commit_tree(&tree, commit);
	if (error < 0)
		return error_git(error, "cannot read the tree of main");
	error = tree_read(out, repo, tree, ALLOWED_SIGNERS_PATH);
	git_tree_free(tree);
	if (error == CHARTER_ENOTFOUND)
		return error_set(CHARTER_EVERIFY, "main has no %s: nobody may sign", ALLOWED_SIGNERS_PATH);
	return error;
}

int amend_signer_allowed(charter_signer *signer, const char *allowed, size_t len, const char *role)
{
	allowed_signers as = ALLOWED_SIGNERS_INIT;
	const sshkey_pub *key = signer_key(signer);
	char fp[SSHKEY_FP_SIZE];
	int error;
	sshkey_fingerprint(fp, key->blob, key->blob_len);
	if ((error = allowed_signers_parse(&as, allowed, len)) < 0)
		return error;
	allowed_verdict v = allowed_signers_lookup(NULL, &as, key->blob, key->blob_len, "git", NULL,
		(int64_t)time(NULL));
	allowed_signers_free(&as);
	if (v == ALLOWED_OK)
		return 0;
	if (v == ALLOWED_UNKNOWN_KEY)
		return error_set(CHARTER_EVERIFY,
			"the key %s is not in main's %s: only the officers listed there may %s", fp,
			ALLOWED_SIGNERS_PATH, role);
	return error_set(CHARTER_EVERIFY, "the key %s may not %s: main's %s says %s", fp, role,
		ALLOWED_SIGNERS_PATH, allowed_verdict_name(v));
}

int amend_rationale_check(const char *r)
{
	int error;
	if ((error = text_check_utf8(r, "--rationale")) < 0)
		return error;
	for (const char *line = r; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (strncmp(line, "---", 3) == 0)
			return error_set(CHARTER_EINVALID,
				"the rationale has a line starting with '---', which would hide the record's trailers from git");
	for (const unsigned char *p = (const unsigned char *)r; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			return error_set(CHARTER_EINVALID, "the rationale contains a control character");
	return 0;
}
