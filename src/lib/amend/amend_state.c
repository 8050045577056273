/* Where an amendment stands: pending, adopted, rejected or withdrawn.
 *
 * refs/outcomes/<id> answers in one lookup. It is written after main moves,
 * so a process killed in between leaves an adoption on main without its
 * ref; then main's first-parent chain is searched, but only down to the
 * proposal's base: an amendment cannot be adopted before it was proposed,
 * so the search covers the adoptions made since, never the whole history.
 * A listing of many amendments without refs walks main once instead
 * (amend_adoptions_find). */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "amend/amend.h"
#include "base/grow.h"
#include "store/signed_write.h"
#include "store/store.h"

void amend_outcome_free(amend_outcome *o)
{
	git_commit_free(o->outcome);
	o->outcome = NULL;
}

int amend_outcome_ref_write(git_repository *repo, const char *id, const git_oid *target)
{
	char ref[300];
	git_oid now;
	int error = 0;
	amend_refname(ref, OUTCOME_REF_PREFIX, id);
	/* Another writer may hold the ref's lock a moment (one repairing it to
	 * the same target): wait for it rather than fail. */
	for (int attempt = 0; attempt < 50; attempt++) {
		if (attempt) {
			struct timespec ts = { 0, 2000000L };
			nanosleep(&ts, NULL);
		}
		error = record_move_ref(repo, ref, target, NULL, "charter: outcome");
		if (error != CHARTER_EMOVED)
			return error;
		if (git_reference_name_to_id(&now, repo, ref) == 0) {
			if (git_oid_equal(&now, target)) {
				error_clear();
				return 0;
			}
			return error_set(CHARTER_EMOVED, "%s points at another outcome", ref);
		}
	}
	return error;
}

static int classify(amend_outcome *out, const char *id, git_commit *c, const git_commit *proposal)
{
	const git_oid *pid = git_commit_id(proposal);
	if (git_commit_parentcount(c) == 2 && git_oid_equal(git_commit_parent_id(c, 1), pid)) {
		out->state = CHARTER_AMENDMENT_ADOPTED;
		out->outcome = c;
		return 0;
	}
	if (git_commit_parentcount(c) == 1 && git_oid_equal(git_commit_parent_id(c, 0), pid)) {
		char *v = message_trailer(git_commit_message(c), "Outcome");
		int state = !v ? -1 : strcmp(v, "rejected") == 0 ? CHARTER_AMENDMENT_REJECTED
			: strcmp(v, "withdrawn") == 0 ? CHARTER_AMENDMENT_WITHDRAWN : -1;
		free(v);
		if (state >= 0) {
			out->state = (charter_amendment_state_t)state;
			out->outcome = c;
			return 0;
		}
	}
	git_commit_free(c);
	return error_set(CHARTER_EINVALID, "%s%s does not point at an adoption, rejection or withdrawal of it",
		OUTCOME_REF_PREFIX, id);
}

int amend_state(amend_outcome *out, git_repository *repo, const char *id, const git_commit *proposal,
	const git_oid *main_id, bool repair)
{
	char ref[300];
	git_oid oid;
	int error;

	out->state = CHARTER_AMENDMENT_PENDING;
	out->outcome = NULL;
	amend_refname(ref, OUTCOME_REF_PREFIX, id);
	error = git_reference_name_to_id(&oid, repo, ref);
	if (error < 0 && error != GIT_ENOTFOUND)
		return error_git(error, ref);
	return amend_state_at(out, repo, id, proposal, main_id, repair, error == 0 ? &oid : NULL, NULL);
}

int amend_adoptions_find(amend_adoptions *out, git_repository *repo, const git_oid *main_id)
{
	git_oid oid;
	int error = 0;
	git_oid_cpy(&oid, main_id);
	for (;;) {
		git_commit *c = NULL;
		uint32_t id;
		int added;
		if ((error = git_commit_lookup(&c, repo, &oid)) < 0)
			return error_git(error, "cannot read a commit on main");
		unsigned int n = git_commit_parentcount(c);
		if (n == 2 && (hset_intern(&out->records, &id, git_commit_parent_id(c, 1)->id, GIT_OID_RAWSZ, &added) < 0 ||
		    GROW(out->adoption, out->alloc, (size_t)id + 1) < 0)) {
			git_commit_free(c);
			return CHARTER_ERROR; /* said so */
		}
		if (n == 2 && added) /* the newest first: the one a search from main meets */
			git_oid_cpy(&out->adoption[id], git_commit_id(c));
		if (n > 0)
			git_oid_cpy(&oid, git_commit_parent_id(c, 0));
		git_commit_free(c);
		if (n == 0)
			return 0;
	}
}

void amend_adoptions_free(amend_adoptions *a)
{
	hset_free(&a->records);
	free(a->adoption);
	a->adoption = NULL;
	a->alloc = 0;
}

/* The adoption of `proposal` found by the search from main, written as its
 * outcome ref when `repair`. */
static void adopted(amend_outcome *out, git_repository *repo, const char *id, git_commit *c, bool repair)
{
	out->state = CHARTER_AMENDMENT_ADOPTED;
	out->outcome = c;
	if (repair && amend_outcome_ref_write(repo, id, git_commit_id(c)) < 0)
		error_clear(); /* a read-only store still answers */
}

int amend_state_at(amend_outcome *out, git_repository *repo, const char *id, const git_commit *proposal,
	const git_oid *main_id, bool repair, const git_oid *outcome_ref, const amend_adoptions *adoptions)
{
	git_oid oid;
	git_commit *c = NULL;
	int error;

	out->state = CHARTER_AMENDMENT_PENDING;
	out->outcome = NULL;
	if (outcome_ref) {
		if ((error = git_commit_lookup(&c, repo, outcome_ref)) < 0) {
			char ref[300];
			amend_refname(ref, OUTCOME_REF_PREFIX, id);
			return error_git(error, ref);
		}
		return classify(out, id, c, proposal);
	}

	/* No outcome ref: look for the adoption among those made since the
	 * proposal's base, on main; for a secondary, on its primary's record. */
	char *primary = amend_amends(proposal);
	/* With `adoptions`, nothing is written again: so many missing refs are
	 * not a crash's leftover but a store copied without them, and a read
	 * does not add thousands of files to it; the next walk is as quick. */
	if (adoptions)
		repair = false;
	if (adoptions && !primary) {
		uint32_t at = hset_find(&adoptions->records, git_commit_id(proposal)->id, GIT_OID_RAWSZ);
		if (at == HSET_NONE)
			return 0;
		if ((error = git_commit_lookup(&c, repo, &adoptions->adoption[at])) < 0)
			return error_git(error, "cannot read a commit on main");
		adopted(out, repo, id, c, repair);
		return 0;
	}
	git_oid base_oid;
	const git_oid *base = NULL;
	if (amend_record_base(&base_oid, proposal) == 0)
		base = &base_oid;
	error_clear();
	git_oid_cpy(&oid, main_id);
	if (primary) {
		char pref[300];
		amend_refname(pref, AMENDMENT_REF_PREFIX, primary);
		error = git_reference_name_to_id(&oid, repo, pref);
		free(primary);
		if (error < 0) {
			git_error_clear();
			return 0;
		}
	}
	for (;;) {
		if (base && git_oid_equal(&oid, base))
			return 0;
		if ((error = git_commit_lookup(&c, repo, &oid)) < 0)
			return error_git(error, "cannot read a commit on main");
		unsigned int n = git_commit_parentcount(c);
		if (n == 2 && git_oid_equal(git_commit_parent_id(c, 1), git_commit_id(proposal))) {
			adopted(out, repo, id, c, repair);
			return 0;
		}
		if (n == 0) {
			git_commit_free(c);
			return 0;
		}
		git_oid_cpy(&oid, git_commit_parent_id(c, 0));
		git_commit_free(c);
	}
}

int amend_state_error(const char *id, const amend_outcome *o)
{
	char date[11] = "";
	char *conv = NULL;
	if (o->outcome) {
		commit_date(date, o->outcome);
		conv = message_trailer(git_commit_message(o->outcome), "Convention");
	}
	int error;
	const char *what = charter_amendment_state_name(o->state);
	if (conv)
		error = error_set(CHARTER_ESTATE, "amendment %s was already %s (%s, %s)", id, what, conv, date);
	else
		error = error_set(CHARTER_ESTATE, "amendment %s was already %s (%s)", id, what, date);
	free(conv);
	return error;
}

int amend_state_pending(amend_outcome *out, git_repository *repo, const char *id, const git_commit *proposal,
	const git_oid *main_id)
{
	int error = amend_state(out, repo, id, proposal, main_id, true);
	if (error == 0 && out->state != CHARTER_AMENDMENT_PENDING)
		error = amend_state_error(id, out);
	return error;
}

const char *charter_amendment_state_name(charter_amendment_state_t state)
{
	switch (state) {
	case CHARTER_AMENDMENT_PENDING: return "pending";
	case CHARTER_AMENDMENT_ADOPTED: return "adopted";
	case CHARTER_AMENDMENT_REJECTED: return "rejected";
	case CHARTER_AMENDMENT_WITHDRAWN: return "withdrawn";
	}
	return "unknown";
}
