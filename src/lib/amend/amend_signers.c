/* Whether a signing key may sign, by main's .charter/allowed_signers. */
#include <time.h>

#include "amend/amend.h"
#include "ssh/allowed_signers.h"
#include "ssh/signer.h"
#include "store/store.h"

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

int amend_signer_allowed(charter_signer *signer, const charter_identity *by, const char *allowed, size_t len,
	const char *role)
{
	allowed_signers as = ALLOWED_SIGNERS_INIT;
	const allowed_signer *entry = NULL;
	const sshkey_pub *key = signer_key(signer);
	char fp[SSHKEY_FP_SIZE];
	int error;
	sshkey_fingerprint(fp, key->blob, key->blob_len);
	if ((error = allowed_signers_parse(&as, allowed, len)) < 0)
		return error;
	allowed_verdict v = allowed_signers_lookup(&entry, &as, key->blob, key->blob_len, "git", NULL,
		(int64_t)time(NULL));
	if (v == ALLOWED_OK && by && entry && allowed_pattern_list_match(charter_identity_email(by), entry->principals) != 1)
		error = error_set_option(CHARTER_EVERIFY, "by",
			"by: <%.80s> is not who the key %s belongs to: main's %s lists it for %.80s", charter_identity_email(by),
			fp, ALLOWED_SIGNERS_PATH, entry->principals);
	else if (v == ALLOWED_UNKNOWN_KEY)
		error = error_set(CHARTER_EVERIFY,
			"the key %s is not in main's %s: only the officers listed there may %s", fp,
			ALLOWED_SIGNERS_PATH, role);
	else if (v != ALLOWED_OK)
		error = error_set(CHARTER_EVERIFY, "the key %s may not %s: main's %s says %s", fp, role,
			ALLOWED_SIGNERS_PATH, allowed_verdict_name(v));
	allowed_signers_free(&as);
	return error;
}
