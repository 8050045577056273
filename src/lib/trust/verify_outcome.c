/* Rejection, withdrawal and adoption records fetched by sync
 * (refs/outcomes/<id>), verified before any is taken: a record of the
 * amendment's own proposal, with the contract's trailers, signed by a key
 * in the policy of main at the decision (a withdrawal: or the key that
 * signed the proposal). An adoption is the commit on main's verified
 * chain. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "ssh/sshsig.h"
#include "store/store.h"
#include "trust/verify.h"

static int refuse(verify_entry *e, charter_verify_reason reason, const char *what)
{
	e->reason = reason;
	snprintf(e->detail, sizeof(e->detail), "%s", what);
	return 0;
}

/* The policy of main at time `t`: that of the newest commit of main's
 * first-parent chain from `tip` signed no later than `t`. */
static int policy_at(buf *out, bool *found, git_repository *repo, const git_oid *tip, int64_t t)
{
	git_oid id;
	int error = 0;
	*found = false;
	git_oid_cpy(&id, tip);
	for (;;) {
		git_commit *c = NULL;
		if ((error = git_commit_lookup(&c, repo, &id)) < 0)
			return error_git(error, "cannot read a commit on main");
		if ((int64_t)git_commit_committer(c)->when.time <= t) {
			git_oid blob;
			bool has = false;
			error = policy_blob_of_tree(&blob, &has, repo, git_commit_tree_id(c));
			if (error == 0 && has && (error = blob_read(out, repo, &blob)) == 0)
				*found = true;
			git_commit_free(c);
			return error;
		}
		bool more = git_commit_parentcount(c) > 0;
		if (more)
			git_oid_cpy(&id, git_commit_parent_id(c, 0));
		git_commit_free(c);
		if (!more)
			return 0;
	}
}

/* Is `target` on main's first-parent chain from `tip`, no further down
 * than `base` (the proposal's base)? */
static int on_main(bool *yes, git_repository *repo, const git_oid *tip, const git_oid *target, const git_oid *base)
{
	git_oid id;
	*yes = false;
	git_oid_cpy(&id, tip);
	for (;;) {
		git_commit *c = NULL;
		if (git_oid_equal(&id, target)) {
			*yes = true;
			return 0;
		}
		if (base && git_oid_equal(&id, base))
			return 0;
		int error = git_commit_lookup(&c, repo, &id);
		if (error < 0)
			return error_git(error, "cannot read a commit on main");
		bool more = git_commit_parentcount(c) > 0;
		if (more)
			git_oid_cpy(&id, git_commit_parent_id(c, 0));
		git_commit_free(c);
		if (!more)
			return 0;
	}
}

/* The key that made a good signature of `commit` (NULL: none). */
static sshkey_pub *signed_by(git_repository *repo, const git_oid *commit, sshkey_pub *key)
{
	git_buf sig = { 0 }, data = { 0 };
	sshsig_result res = SSHSIG_RESULT_INIT;
	sshkey_pub *out = NULL;
	if (git_commit_extract_signature(&sig, &data, repo, (git_oid *)commit, "gpgsig") == 0 &&
	    sshsig_verify(&res, sig.ptr, sig.size, data.ptr, data.size, "git") == 0 && res.verdict == SSHSIG_GOOD) {
		*key = res.key;
		res.key = (sshkey_pub)SSHKEY_PUB_INIT;
		out = key;
	}
	sshsig_result_free(&res);
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	error_clear();
	return out;
}

int outcome_verify(verify_entry *e, git_repository *repo, const char *id, const git_oid *target,
	const git_oid *proposal, const git_oid *main_tip)
{
	git_commit *c = NULL, *p = NULL;
	git_odb *odb = NULL;
	git_odb_object *obj = NULL;
	char *payload = NULL, *sig = NULL, *amendment = NULL, *outcome = NULL, *decided = NULL, *conv = NULL;
	size_t payload_len = 0, sig_len = 0;
	buf policy = BUF_INIT;
	allowed_signers as = ALLOWED_SIGNERS_INIT;
	int error = 0;

	memset(e, 0, sizeof(*e));
	git_oid_cpy(&e->id, target);
	if (git_commit_lookup(&c, repo, target) < 0 || git_commit_lookup(&p, repo, proposal) < 0) {
		git_error_clear();
		refuse(e, CHARTER_VERIFY_UNREADABLE, "the record or its proposal is not a commit that can be read");
		goto done;
	}
	const char *msg = git_commit_message(c);
	amendment = message_trailer(msg, "Amendment");
	outcome = message_trailer(msg, "Outcome");
	unsigned n = git_commit_parentcount(c);
	if (!amendment || strcmp(amendment, id) != 0) {
		refuse(e, CHARTER_VERIFY_UNREADABLE, "its Amendment: trailer does not name this amendment");
		goto done;
	}
	if (n == 2 && git_oid_equal(git_commit_parent_id(c, 1), proposal) && !outcome) {
		/* An adoption: the commit on main's verified chain (a secondary
		 * amendment's, on its primary's record, is judged like a decision). */
		bool yes = false;
		if ((error = on_main(&yes, repo, main_tip, target, git_commit_parent_id(p, 0))) < 0 || yes)
			goto done;
		char *amends = message_trailer(msg, "Amends");
		free(amends);
		if (!amends) {
			refuse(e, CHARTER_VERIFY_NOT_ON_MAIN, "an adoption that is not on main's first-parent chain");
			goto done;
		}
	} else if (n == 1 && git_oid_equal(git_commit_parent_id(c, 0), proposal) && outcome &&
		   (strcmp(outcome, "rejected") == 0 || strcmp(outcome, "withdrawn") == 0)) {
		int64_t day;
		decided = message_trailer(msg, "Decided-on");
		conv = message_trailer(msg, "Convention");
		if (!decided || date_parse(&day, decided) < 0) {
			error_clear();
			refuse(e, CHARTER_VERIFY_UNREADABLE, "no valid Decided-on: trailer");
			goto done;
		}
		if (strcmp(outcome, "rejected") == 0 && !conv) {
			refuse(e, CHARTER_VERIFY_UNREADABLE, "a rejection without a Convention: trailer");
			goto done;
		}
		if (!git_oid_equal(git_commit_tree_id(c), git_commit_tree_id(p))) {
			refuse(e, CHARTER_VERIFY_UNREADABLE, "its text is not its proposal's");
			goto done;
		}
	} else {
		refuse(e, CHARTER_VERIFY_UNREADABLE, "not an adoption, rejection or withdrawal of this amendment's proposal");
		goto done;
	}

	/* The signature, under the policy of main when it was made. */
	int64_t when = (int64_t)git_commit_committer(c)->when.time;
	bool found = false;
	if ((error = git_repository_odb(&odb, repo)) < 0 || (error = git_odb_read(&obj, odb, target)) < 0) {
		error = error_git(error, "cannot read an outcome record");
		goto done;
	}
	if ((error = commit_split_signature(&payload, &payload_len, &sig, &sig_len, git_odb_object_data(obj),
		     git_odb_object_size(obj))) < 0 ||
	    (error = policy_at(&policy, &found, repo, main_tip, when)) < 0 ||
	    (found && (error = allowed_signers_parse(&as, buf_cstr(&policy), policy.size)) < 0))
		goto done;
	if ((error = verify_signature(e, sig, sig_len, payload, payload_len, when, found ? &as : NULL,
		     found ? buf_cstr(&policy) : NULL, policy.size, NULL, 0)) < 0)
		goto done;
	if (e->reason == CHARTER_VERIFY_UNKNOWN_KEY && outcome && strcmp(outcome, "withdrawn") == 0) {
		/* The proposer withdrawing with the key that signed the proposal. */
		sshkey_pub pk = SSHKEY_PUB_INIT;
		sshsig_result res = SSHSIG_RESULT_INIT;
		if (signed_by(repo, proposal, &pk) &&
		    sshsig_verify(&res, sig, sig_len, payload, payload_len, "git") == 0 && res.verdict == SSHSIG_GOOD &&
		    sshkey_blob_equal(res.key.blob, res.key.blob_len, pk.blob, pk.blob_len)) {
			e->reason = CHARTER_VERIFY_OK;
			e->detail[0] = '\0';
		}
		error_clear();
		sshsig_result_free(&res);
		sshkey_pub_free(&pk);
	}
done:
	allowed_signers_free(&as);
	buf_free(&policy);
	free(payload);
	free(sig);
	free(amendment);
	free(outcome);
	free(decided);
	free(conv);
	git_odb_object_free(obj);
	git_odb_free(odb);
	git_commit_free(c);
	git_commit_free(p);
	return error;
}
