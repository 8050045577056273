/* charter_reject, charter_withdraw: a signed commit on top of the proposal
 * (same tree) with an Outcome: trailer, at refs/outcomes/<id>.
 *
 * The outcome ref is created while main is locked, after checking that
 * main has not adopted the amendment meanwhile: an adopter moving main at
 * that moment fails its compare-and-swap and, retrying, finds the outcome.
 * So an amendment is never both adopted and rejected. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "amend/amend.h"
#include "base/text.h"
#include "base/date.h"
#include "store/signed_write.h"
#include "ssh/signer.h"
#include "ssh/sshsig.h"
#include "store/store.h"
#include "store/writer_lock.h"

/* Did `signer` sign the proposal (a good signature by the same key)? */
static bool signed_proposal(git_repository *repo, const git_commit *proposal, charter_signer *signer)
{
	git_buf sig = { 0 }, data = { 0 };
	sshsig_result res = SSHSIG_RESULT_INIT;
	bool yes = false;
	if (git_commit_extract_signature(&sig, &data, repo, (git_oid *)git_commit_id(proposal), "gpgsig") == 0 &&
	    sshsig_verify(&res, sig.ptr, sig.size, data.ptr, data.size, "git") == 0 && res.verdict == SSHSIG_GOOD) {
		const sshkey_pub *key = signer_key(signer);
		yes = sshkey_blob_equal(res.key.blob, res.key.blob_len, key->blob, key->blob_len);
	}
	sshsig_result_free(&res);
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	error_clear();
	return yes;
}

static int may_decide(git_repository *repo, git_commit *main, const git_commit *proposal, charter_signer *signer,
	const charter_identity *by, charter_amendment_state_t outcome)
{
	buf allowed = BUF_INIT;
	int error = amend_allowed_signers(&allowed, repo, main);
	if (error == 0)
		error = amend_signer_allowed(signer, by, allowed.ptr, allowed.size,
			outcome == CHARTER_AMENDMENT_REJECTED ? "record rejections" : "record withdrawals");
	buf_free(&allowed);
	if (error == CHARTER_EVERIFY && outcome == CHARTER_AMENDMENT_WITHDRAWN && signed_proposal(repo, proposal, signer)) {
		/* The proposer withdraws with the key that signed the proposal, as
		 * the proposal's author. */
		const char *author = git_commit_author(proposal)->email;
		if (by && strcmp(charter_identity_email(by), author) != 0)
			return error_set_option(CHARTER_EVERIFY, "by",
				"by: <%.80s> is not the proposer <%.80s> whose key signed the proposal", charter_identity_email(by),
				author);
		error_clear();
		return 0;
	}
	if (error == CHARTER_EVERIFY && outcome == CHARTER_AMENDMENT_WITHDRAWN) {
		char why[400];
		snprintf(why, sizeof(why), "%s", charter_error_last());
		error = error_set(CHARTER_EVERIFY, "%s, or the proposer with the key that signed the proposal", why);
	}
	return error;
}

/* Under main's lock: check main has not adopted it, then create the ref. */
static int write_outcome_ref(git_repository *repo, const char *id, const git_commit *proposal, const git_oid *commit)
{
	int error = 0;
	for (int attempt = 0; attempt < ADOPT_ATTEMPTS; attempt++) {
		git_transaction *tx = NULL;
		git_oid main_id;
		amend_outcome state = { 0 };
		if (attempt)
			amend_backoff(attempt);
		if ((error = git_transaction_new(&tx, repo)) < 0)
			return error_git(error, "cannot lock main");
		error = git_transaction_lock_ref(tx, MAIN_REF);
		if (error == GIT_ELOCKED || error == GIT_EMODIFIED) {
			git_transaction_free(tx);
			error = error_set(CHARTER_EMOVED,
				"main is locked by another writer (if none is running, remove refs/heads/main.lock): retry");
			continue;
		}
		if (error < 0) {
			git_transaction_free(tx);
			return error_git(error, "cannot lock main");
		}
		if ((error = git_reference_name_to_id(&main_id, repo, MAIN_REF)) < 0)
			error = error_git(error, "cannot read main");
		else if ((error = amend_state_pending(&state, repo, id, proposal, &main_id)) == 0 &&
			 (error = amend_outcome_ref_write(repo, id, commit)) == CHARTER_EMOVED) {
			/* Decided by someone else a moment ago. */
			amend_outcome_free(&state);
			if (amend_state(&state, repo, id, proposal, &main_id, false) == 0 &&
			    state.state != CHARTER_AMENDMENT_PENDING)
				error = amend_state_error(id, &state);
			else
				error = error_set(CHARTER_ESTATE, "amendment %s was decided by another writer meanwhile", id);
		}
		amend_outcome_free(&state);
		git_transaction_free(tx); /* unlocks main without changing it */
		return error;
	}
	return error;
}

static int decide(char out[41], charter_store *store, const char *id, const charter_outcome_options *o,
	charter_amendment_state_t outcome)
{
	git_repository *repo = store_repo(store);
	git_commit *proposal = NULL, *main = NULL;
	git_tree *tree = NULL;
	git_signature *author = NULL, *committer = NULL;
	amend_outcome state = { 0 };
	git_oid main_id, commit_id;
	buf msg = BUF_INIT;
	char today[11];
	const char *date, *what = outcome == CHARTER_AMENDMENT_REJECTED ? "rejected" : "withdrawn";
	int64_t day;
	int error;

	if (out)
		out[0] = '\0';
	if (o && (error = options_version_check(o->version, CHARTER_OUTCOME_OPTIONS_VERSION,
		outcome == CHARTER_AMENDMENT_REJECTED ? "charter_reject" : "charter_withdraw")) < 0)
		return error;
	if (!o || !o->by || !o->signer)
		return error_set(CHARTER_EINVALID, "missing options, identity or signing key");
	if (outcome == CHARTER_AMENDMENT_REJECTED && !o->convention)
		return error_set_option(CHARTER_EINVALID, "convention", "which convention rejects it? the convention is required");
	date_today(today);
	date = o->date ? o->date : today;
	if ((o->convention && (error = convention_check(o->convention)) < 0) || (error = date_parse(&day, date)) < 0 ||
	    (o->vote && (error = amend_vote_check(o->vote)) < 0))
		return error;
	if ((error = amend_proposal(&proposal, repo, id)) < 0)
		return error;
	if ((error = store_main(&main_id, store)) < 0)
		goto done;
	if ((error = git_commit_lookup(&main, repo, &main_id)) < 0) {
		error = error_git(error, "cannot read main");
		goto done;
	}
	if ((error = amend_state_pending(&state, repo, id, proposal, &main_id)) < 0)
		goto done;
	if ((error = may_decide(repo, main, proposal, o->signer, o->by, outcome)) < 0)
		goto done;

	const char *summary = git_commit_summary(proposal);
	buf_printf(&msg, "%s: %s\n\n", outcome == CHARTER_AMENDMENT_REJECTED ? "Rejected" : "Withdrawn",
		summary ? summary : id);
	if (o->convention)
		buf_printf(&msg, "Amendment %s, %s at the %s%s on %s.\n\n", id, what, o->convention, convention_noun(o->convention), date);
	else
		buf_printf(&msg, "Amendment %s, %s on %s.\n\n", id, what, date);
	buf_printf(&msg, "Amendment: %s\nOutcome: %s\n", id, what);
	if (o->convention)
		buf_printf(&msg, "Convention: %s\n", o->convention);
	buf_printf(&msg, "Decided-on: %s\n", date);
	if (o->vote)
		buf_printf(&msg, "Vote: %s\n", o->vote);
	if ((error = buf_check(&msg)) < 0)
		goto done;
	if ((error = git_commit_tree(&tree, proposal)) < 0) {
		error = error_git(error, "cannot read the proposal");
		goto done;
	}
	const git_commit *parents[] = { proposal };
	if ((error = record_signatures(&author, &committer, o->by, day)) < 0 ||
	    (error = record_commit(&commit_id, repo, tree, 1, parents, author, committer, msg.ptr, o->signer)) < 0 ||
	    (error = write_outcome_ref(repo, id, proposal, &commit_id)) < 0)
		goto done;
	if (out)
		git_oid_tostr(out, 41, &commit_id);
done:
	amend_outcome_free(&state);
	git_signature_free(author);
	git_signature_free(committer);
	git_tree_free(tree);
	git_commit_free(main);
	git_commit_free(proposal);
	buf_free(&msg);
	return error;
}

/* decide() as the one charter writer of the store, with what a dead
 * writer left cleared first. */
static int decide_locked(char out[41], charter_store *store, const char *id, const charter_outcome_options *opts,
	charter_amendment_state_t outcome)
{
	git_repository *repo = store_repo(store);
	int fd = -1, error = writer_begin(&fd, repo);
	if (error < 0)
		return error;
	error = decide(out, store, id, opts, outcome);
	writer_unlock(fd);
	return error;
}

int charter_reject(char out[41], charter_store *store, const char *id, const charter_outcome_options *opts)
{
	return decide_locked(out, store, id, opts, CHARTER_AMENDMENT_REJECTED);
}

int charter_withdraw(char out[41], charter_store *store, const char *id, const charter_outcome_options *opts)
{
	return decide_locked(out, store, id, opts, CHARTER_AMENDMENT_WITHDRAWN);
}
