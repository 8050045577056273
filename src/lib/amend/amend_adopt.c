/* charter_adopt: the signed merge commit on main.
 *
 * Order of writes: blobs, tree and the signed commit (unreferenced until
 * main moves); main by compare-and-swap under its lock; refs/outcomes/<id>;
 * the work tree.
 * A process killed before main moves leaves main as it was; killed after,
 * main is a complete signed adoption and the missing outcome ref is found
 * from main (amend_state.c). */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "amend/amend.h"
#include "base/date.h"
#include "store/document.h"
#include "store/signed_write.h"
#include "store/store.h"
#include "base/text.h"
#include "store/worktree.h"
#include "store/writer_lock.h"
#include "base/hash.h"
#include "ssh/signers_change.h"

/* The adoption's sections: the proposal's Section trailers, then any other
 * section the adopted text changes (an --as-amended text may). */
static int collect_sections(char ***out, size_t *count, const git_commit *proposal, const amend_overrides *ov)
{
	git_message_trailer_array arr = { 0 };
	git_commit *first = NULL;
	int error = amend_first_record(&first, proposal);
	if (error < 0)
		return error;
	error = git_message_trailers(&arr, git_commit_message(first));
	git_commit_free(first);
	*out = NULL;
	*count = 0;
	if (error < 0)
		return error_git(error, "cannot read the proposal's trailers");
	char **list = calloc(arr.count + ov->count + 1, sizeof(*list));
	if (!list) {
		git_message_trailer_array_free(&arr);
		return error_set(CHARTER_ERROR, "out of memory");
	}
	size_t n = 0;
	for (size_t i = 0; i < arr.count; i++)
		if (strcmp(arr.trailers[i].key, "Section") == 0)
			list[n++] = xstrdup(arr.trailers[i].value);
	for (size_t i = 0; i < ov->count; i++) {
		char name[80];
		bool seen = false;
		if (strncmp(ov->ov[i].path, "sections/", 9) != 0)
			continue;
		amend_path_name(name, ov->ov[i].path);
		for (size_t j = 0; j < n; j++)
			seen = seen || (list[j] && strcmp(list[j], name) == 0);
		if (!seen)
			list[n++] = xstrdup(name);
	}
	git_message_trailer_array_free(&arr);
	*out = list;
	*count = n;
	for (size_t i = 0; i < n; i++)
		if (!list[i])
			return error_set(CHARTER_ERROR, "out of memory");
	return 0;
}

/* The proposal's `Signers:` trailer (malloc'd into *out, NULL when none);
 * CHARTER_EINVALID when it has more than one. */
static int signers_trailer(char **out, const git_commit *proposal, const char *id)
{
	git_message_trailer_array arr = { 0 };
	int error = git_message_trailers(&arr, git_commit_message(proposal)), n = 0;
	*out = NULL;
	if (error < 0)
		return error_git(error, "cannot read the proposal's trailers");
	for (size_t i = 0; i < arr.count && error == 0; i++)
		if (strcmp(arr.trailers[i].key, "Signers") == 0 && n++ == 0 && !(*out = xstrdup(arr.trailers[i].value)))
			error = CHARTER_ERROR;
	git_message_trailer_array_free(&arr);
	if (error == 0 && n > 1)
		error = error_set(CHARTER_EINVALID, "amendment %s has %d Signers: trailers: a signers proposal makes one "
			"change", id, n);
	if (error < 0) {
		free(*out);
		*out = NULL;
	}
	return error;
}

/* The policy changes only by a signers proposal, and such a proposal
 * changes only the policy, exactly as its trailer says. `policy` is the
 * change of .charter/allowed_signers (NULL: none) among the `n` files the
 * proposal changes (base -> proposed), or the adoption does (today ->
 * merged, when `adopted`). */
static int policy_scope_check(const char *id, const char *signers, const amend_file *policy, size_t n, bool adopted)
{
	char why[160];
	if (!signers && policy)
		return error_set(CHARTER_EINVALID,
			"amendment %s changes %s but is no signers proposal (no Signers: trailer): officers change only "
			"by a signers proposal (charter_signers_propose)", id, ALLOWED_SIGNERS_PATH);
	if (!signers)
		return 0;
	if (!policy || n != 1)
		return error_set(CHARTER_EINVALID, "signers proposal %s changes %s: it may change %s and nothing else", id,
			!policy ? "no officer" : "more than the officers", ALLOWED_SIGNERS_PATH);
	const char *before = adopted ? policy->today : policy->base;
	const char *after = adopted ? policy->merged : policy->proposed;
	if (!signers_change_matches(why, sizeof(why), signers, before, before ? strlen(before) : 0, after,
		    after ? strlen(after) : 0))
		return error_set(CHARTER_EINVALID, "signers proposal %s does not make the change its trailer names: %s", id,
			why);
	return 0;
}

/* A proposal that arrived from others (sync, a push, plain git) is checked
 * as `propose` checks what it writes before anything of it is copied into
 * a signed adoption: a one-line title, the message without control
 * characters, `Amendment:` naming it, slugs in `Section:`, one-line names. */
static int proposal_record_check(const git_commit *proposal, const char *id)
{
	const char *msg = git_commit_message(proposal);
	const char *summary = git_commit_summary((git_commit *)proposal);
	git_message_trailer_array arr = { 0 };
	char why[300] = "";
	int error;
	bool named = false;

	if ((error = amend_rationale_check(msg)) < 0 || (error = text_check_line(summary ? summary : "", "its title")) < 0)
		goto refuse;
	if ((error = git_message_trailers(&arr, msg)) < 0) {
		error = error_set(CHARTER_EINVALID, "its trailers cannot be read");
		goto refuse;
	}
	for (size_t i = 0; i < arr.count && error == 0; i++) {
		const char *k = arr.trailers[i].key, *v = arr.trailers[i].value;
		if ((error = text_check_line(v, k)) < 0)
			break;
		if (strcmp(k, "Amendment") == 0) {
			if (strcmp(v, id) != 0)
				error = error_set(CHARTER_EINVALID, "its Amendment: trailer names '%.60s'", v);
			named = true;
		} else if (strcmp(k, "Section") == 0) {
			error = slug_check(v);
		} else if (strcmp(k, "Amends") == 0) {
			error = amend_id_check(v);
		}
	}
	git_message_trailer_array_free(&arr);
	if (error == 0 && !named)
		error = error_set(CHARTER_EINVALID, "it has no Amendment: trailer");
	if (error == 0)
		return 0;
refuse:
	snprintf(why, sizeof(why), "%s", charter_error_last());
	return error_set(CHARTER_EINVALID, "the record of amendment %s is not valid (%s): refused", id, why);
}

static const amend_file *proposal_policy(const amend_change *c)
{
	for (size_t i = 0; i < c->count; i++)
		if (strcmp(c->files[i].path, ALLOWED_SIGNERS_PATH) == 0)
			return &c->files[i];
	return NULL;
}

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* The id of `path` in `tree` (false when absent or no tree). */
static bool tree_blob(git_oid *out, const git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;
	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0) {
		error_clear();
		return false;
	}
	git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return true;
}

/* Every file the adoption changes must be in the work tree as on main, or
 * as before main's latest adoption (a work tree one adoption behind: another
 * adopter's checkout still to come, or an adopter killed before it).
 * Anything else is a local edit the checkout would destroy. stale[i] is set
 * for the files one adoption behind. */
static int worktree_check(bool *stale, git_repository *repo, const git_tree *old, const git_tree *prev,
	const amend_overrides *ov)
{
	for (size_t i = 0; i < ov->count; i++) {
		const char *path = ov->ov[i].path;
		buf file = BUF_INIT, full = BUF_INIT;
		git_oid in_main, in_prev, id;
		bool tracked = tree_blob(&in_main, old, path), was = tree_blob(&in_prev, prev, path);
		int error;
		stale[i] = false;
		buf_printf(&full, "%s%s", git_repository_workdir(repo), path);
		if ((error = buf_check(&full)) < 0)
			return error;
		error = file_read(&file, full.ptr);
		if (error == CHARTER_ENOTFOUND) {
			error_clear();
			stale[i] = tracked && prev && !was;
			if (tracked && !stale[i])
				error = error_set(CHARTER_ESTATE,
					"%s is deleted in the work tree (a local edit): restore it (git checkout main -- %s) "
					"before adopting", path, path);
			else
				error = 0;
		} else if (error == 0) {
			if (git_odb_hash(&id, file.ptr, file.size, GIT_OBJECT_BLOB) < 0)
				error = error_git(-1, path);
			else if (tracked && git_oid_equal(&id, &in_main))
				error = 0;
			else if (was && git_oid_equal(&id, &in_prev))
				stale[i] = true;
			else if (!tracked)
				error = error_set(CHARTER_ESTATE,
					"%s exists in the work tree but not on main: move it away before adopting", path);
			else
				error = error_set(CHARTER_ESTATE,
					"%s has local edits in the work tree (it differs from main): commit, stash or "
					"discard them (git checkout main -- %s) before adopting", path, path);
		} else {
			char why[300];
			snprintf(why, sizeof(why), "%s", charter_error_last());
			error = error_set(CHARTER_ESTATE, "%s: cannot read it in the work tree to check for local edits: %s",
				path, why);
		}
		buf_free(&file);
		buf_free(&full);
		if (error < 0)
			return error;
	}
	return 0;
}

/* Check out the changed files: those as on main safely (against main's
 * tree as the baseline: a file changed meanwhile is left alone), those one
 * adoption behind by force (checked above to hold no local edit). */
static int worktree_update(git_repository *repo, git_tree *old, git_tree *tree, const amend_overrides *ov,
	const bool *stale)
{
	int error = 0;
	const char **paths = calloc(ov->count ? ov->count : 1, sizeof(*paths));
	if (!paths)
		return error_set(CHARTER_ERROR, "out of memory");
	for (size_t i = 0; i < ov->count; i++)
		paths[i] = ov->ov[i].path;
	/* Noted first: a file half written when this process dies is restored
	 * by the next writer (worktree_note_begin). */
	bool conflict = false;
	if ((error = worktree_note_begin(repo, paths, ov->count)) < 0)
		goto done;
	amend_crash_point("in-checkout");
	for (int pass = 0; pass < 2 && error == 0; pass++) {
		git_checkout_options co;
		size_t n = 0;
		for (size_t i = 0; i < ov->count; i++)
			if (stale[i] == (pass == 1))
				paths[n++] = ov->ov[i].path;
		if (!n)
			continue;
		git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
		co.checkout_strategy = (pass ? GIT_CHECKOUT_FORCE : GIT_CHECKOUT_SAFE) | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
		co.baseline = old;
		co.paths.strings = (char **)paths;
		co.paths.count = n;
		if ((error = git_checkout_tree(repo, (const git_object *)tree, &co)) == GIT_ECONFLICT)
			conflict = true;
		if (error < 0)
			error = error_git(error, "checkout");
	}
	/* A conflict is found before anything is written. */
	if (error == 0 || conflict)
		worktree_note_end(repo);
done:
	free(paths);
	return error;
}

/* The overrides on main's tree that the adoption makes. */
static int adoption_overrides(amend_overrides *ov, charter_store *store, git_commit *main, git_tree *main_tree,
	amend_change *change, const char *id, const git_commit *proposal, const charter_adopt_options *o)
{
	git_repository *repo = store_repo(store);
	charter_document *doc = NULL;
	int error;

	if (!o->as_amended_text && !o->as_amended_document) {
		if ((error = amend_change_merge(change, repo, main_tree)) == CHARTER_ECONFLICT)
			return amend_conflict_error(change, repo, id, git_commit_id(main), amend_base_of(proposal));
		if (error < 0)
			return error;
		for (size_t i = 0; i < change->count && error == 0; i++) {
			amend_file *f = &change->files[i];
			char *text = f->merged ? xstrdup(f->merged) : NULL;
			if (f->merged && !text)
				return CHARTER_ERROR;
			error = amend_overrides_add(ov, xstrdup(f->path), text, f->today);
		}
		return error;
	}
	if ((error = document_from_commit(&doc, repo, main)) < 0)
		return error;
	if (o->as_amended_document) {
		error = amend_document_overrides(ov, doc, o->as_amended_document);
		/* allowed_signers is not part of a statements folder: merge it. */
		for (size_t i = 0; i < change->count && error == 0; i++) {
			amend_file *f = &change->files[i];
			buf today = BUF_INIT, merged = BUF_INIT;
			bool present;
			if (strcmp(f->path, ALLOWED_SIGNERS_PATH) != 0)
				continue;
			if ((error = tree_read(&today, repo, main_tree, f->path)) == CHARTER_ENOTFOUND)
				error = 0;
			if (error == 0)
				error = amend_merge_file(&merged, &present, &change->conflict, change->conflict_kind, f->path,
					f->base, today.size ? buf_cstr(&today) : NULL, f->proposed);
			if (error == CHARTER_ECONFLICT) {
				change->conflict_file = i;
				error = amend_conflict_error(change, repo, id, git_commit_id(main),
					amend_base_of(proposal));
			} else if (error == 0) {
				error = amend_overrides_add(ov, xstrdup(f->path), present ? buf_detach(&merged) : NULL,
					today.size ? buf_cstr(&today) : NULL);
			}
			buf_free(&today);
			buf_free(&merged);
		}
	} else {
		char name[80];
		size_t at;
		buf text = BUF_INIT;
		if (change->count != 1 || strncmp(change->files[0].path, "sections/", 9) != 0) {
			error = error_set_option(CHARTER_EINVALID, "as_amended_document",
				"amendment %s changes %zu files: the text as adopted must be the whole document, not one "
				"section's text", id, change->count);
			goto done;
		}
		amend_path_name(name, change->files[0].path);
		if ((error = charter_document_section_find(&at, doc, name)) < 0) {
			error = error_set_option(CHARTER_EINVALID, "as_amended_document",
				"section '%s' is no longer in the text: the text as adopted must be the whole document", name);
			goto done;
		}
		error = amend_section_text(&text, doc->sections[at].markdown, doc->sections[at].body, name,
			o->as_amended_text, o->as_amended_len ? o->as_amended_len : strlen(o->as_amended_text));
		if (error == 0) {
			const char *nl = strchr(text.ptr, '\n');
			if (!nl || !nl[strspn(nl, " \t\n")])
				error = error_set(CHARTER_EINVALID, "the text as amended would leave section '%s' empty", name);
		}
		if (error == 0)
			error = amend_overrides_add(ov, xstrdup(change->files[0].path), buf_detach(&text),
				doc->sections[at].markdown);
		buf_free(&text);
	}
done:
	charter_document_free(doc);
	return error;
}

static void adoption_message(buf *msg, const git_commit *proposal, const char *id, const char *amends,
	char **sections, size_t nsec, const charter_adopt_options *o)
{
	git_commit *first = NULL;
	if (amend_first_record(&first, proposal) < 0)
		error_clear();
	const char *summary = git_commit_summary(first ? first : (git_commit *)proposal);
	buf_printf(msg, "%s\n\n", summary ? summary : id);
	buf_printf(msg, "Amendment %s, adopted by the %s%s on %s%s.\n\n", id, o->convention, convention_noun(o->convention), o->date,
		(o->as_amended_text || o->as_amended_document)
			? " as amended (the text adopted differs from the proposal, its second parent)" : "");
	git_commit_free(first);
	buf_printf(msg, "Amendment: %s\n", id);
	if (amends)
		buf_printf(msg, "Amends: %s\n", amends);
	for (size_t i = 0; i < nsec; i++)
		buf_printf(msg, "Section: %s\n", sections[i]);
	buf_printf(msg, "Convention: %s\nAdopted-on: %s\n", o->convention, o->date);
	if (o->vote)
		buf_printf(msg, "Vote: %s\n", o->vote);
}

/* What every adoption checks against main, a primary's or a secondary's:
 * the signer is in main's allowed signers, and the date is not before
 * main's latest adoption. */
static int signer_and_date_check(git_repository *repo, const git_commit *main, const charter_adopt_options *o)
{
	buf allowed = BUF_INIT;
	char main_date[11];
	int error = amend_allowed_signers(&allowed, repo, main);
	if (error == 0)
		error = amend_signer_allowed(o->signer, o->by, allowed.ptr, allowed.size, "sign adoptions");
	buf_free(&allowed);
	if (error < 0)
		return error;
	commit_date(main_date, main);
	if (strcmp(o->date, main_date) < 0)
		return error_set(CHARTER_EINVALID,
			"the adoption date %s is earlier than the latest adoption on main (%s): adoptions are recorded in "
			"the order of their dates", o->date, main_date);
	return 0;
}

/* Write the signed adoption commit: parents `first` (main, or the primary's
 * record) and the proposal, tree `base` with the adopted text over it. The
 * new tree is handed to `tree_out` when given. Nothing is moved. */
static int write_adoption(git_oid *commit_id, git_tree **tree_out, git_repository *repo, git_commit *first,
	git_tree *base, git_commit *proposal, const char *id, const char *amends, const amend_overrides *ov,
	const charter_adopt_options *o)
{
	git_oid tree_id;
	git_tree *tree = NULL;
	git_signature *author = NULL, *committer = NULL;
	buf msg = BUF_INIT;
	char **sections = NULL;
	size_t nsec = 0;
	int64_t day;
	int error;
	if ((error = collect_sections(&sections, &nsec, proposal, ov)) < 0)
		return error;
	date_parse(&day, o->date);
	adoption_message(&msg, proposal, id, amends, sections, nsec, o);
	const git_commit *parents[] = { first, proposal };
	if ((error = buf_check(&msg)) < 0 || (error = amend_write_tree(&tree_id, repo, base, ov->ov, ov->count)) < 0)
		goto done;
	if ((error = git_tree_lookup(&tree, repo, &tree_id)) < 0) {
		error = error_git(error, "cannot read the new tree");
		goto done;
	}
	if ((error = record_signatures(&author, &committer, o->by, day)) < 0 ||
	    (error = record_commit(commit_id, repo, tree, 2, parents, author, committer, msg.ptr, o->signer)) < 0)
		goto done;
	if (tree_out) {
		*tree_out = tree;
		tree = NULL;
	}
done:
	free_list(sections, nsec);
	git_signature_free(author);
	git_signature_free(committer);
	git_tree_free(tree);
	buf_free(&msg);
	return error;
}

/* Move main from `expected` to `to`, holding main's lock while checking
 * that main is still `expected` and that `id` has no outcome yet: a
 * rejection or withdrawal creates its outcome ref under the same lock
 * (amend_outcome.c), so the two can never both succeed. CHARTER_EMOVED
 * when another writer got there first. */
static int move_main(git_repository *repo, const char *id, const git_oid *to, const git_oid *expected)
{
	git_transaction *tx = NULL;
	git_oid now;
	char ref[300];
	int error;
	if ((error = git_transaction_new(&tx, repo)) < 0)
		return error_git(error, "cannot lock main");
	error = git_transaction_lock_ref(tx, MAIN_REF);
	if (error == GIT_ELOCKED || error == GIT_EMODIFIED || error == GIT_EEXISTS) {
		error = error_set(CHARTER_EMOVED, "main is locked by another writer");
		goto done;
	}
	if (error < 0) {
		error = error_git(error, "cannot lock main");
		goto done;
	}
	amend_refname(ref, OUTCOME_REF_PREFIX, id);
	if ((error = git_reference_name_to_id(&now, repo, MAIN_REF)) < 0) {
		error = error_git(error, "cannot read main");
		goto done;
	}
	if (!git_oid_equal(&now, expected) || git_reference_name_to_id(&now, repo, ref) == 0) {
		error = error_set(CHARTER_EMOVED, "main moved while this was being recorded (another writer)");
		goto done;
	}
	error_clear();
	if ((error = git_transaction_set_target(tx, MAIN_REF, to, NULL, "charter: adopt")) < 0 ||
	    (error = git_transaction_commit(tx)) < 0)
		error = error_git(error, "cannot move main");
done:
	git_transaction_free(tx);
	return error;
}

/* CHARTER_ESTATE naming the first pending secondary amendment of `id`. */
/* Whether amendment `id` has a pending secondary (CHARTER_ESTATE naming it).
 * A secondary may have any id, so every amendment is a candidate; those
 * with an outcome ref are decided, and their commits are never read. The
 * refs are listed once (each listing copies libgit2's packed-refs cache and
 * opens every loose ref file): amendments and outcomes together. */
static int no_pending_secondary(git_repository *repo, const char *id, const git_oid *main_id)
{
	git_reference_iterator *it = NULL;
	hset decided = HSET_INIT, candidates = HSET_INIT;
	const char *name;
	uint32_t ignored;
	bool oom = false;
	int error = git_reference_iterator_glob_new(&it, repo, "refs/*"), found = 0;
	while (error == 0 && !oom && (error = git_reference_next_name(&name, it)) == 0) {
		bool outcome = strncmp(name, OUTCOME_REF_PREFIX, strlen(OUTCOME_REF_PREFIX)) == 0;
		if (!outcome && strncmp(name, AMENDMENT_REF_PREFIX, strlen(AMENDMENT_REF_PREFIX)) != 0)
			continue;
		const char *other = name + strlen(outcome ? OUTCOME_REF_PREFIX : AMENDMENT_REF_PREFIX);
		oom = hset_intern(outcome ? &decided : &candidates, &ignored, other, strlen(other), NULL) < 0;
	}
	git_reference_iterator_free(it);
	if (oom) {
		error = CHARTER_ERROR; /* hset_intern said so */
	} else if (error == GIT_ITEROVER) {
		git_error_clear();
		error = 0;
	} else if (error < 0) {
		error = error_git(error, "cannot list the amendments");
	}
	for (uint32_t i = 0; error == 0 && !found && i < candidates.count; i++) {
		size_t len;
		const char *other = hset_key(&candidates, i, &len);
		if (hset_find(&decided, other, len) != HSET_NONE)
			continue;
		git_commit *c = NULL;
		char *amends = NULL;
		amend_outcome st = { 0 };
		if (amend_proposal(&c, repo, other) == 0 && (amends = amend_amends(c)) && strcmp(amends, id) == 0 &&
		    amend_state(&st, repo, other, c, main_id, false) == 0 && st.state == CHARTER_AMENDMENT_PENDING)
			found = error_set(CHARTER_ESTATE,
				"amendment %s has a pending amendment %s: adopt, reject or withdraw %s first", id, other, other);
		else
			error_clear();
		amend_outcome_free(&st);
		free(amends);
		git_commit_free(c);
	}
	hset_free(&decided);
	hset_free(&candidates);
	return found ? found : error;
}

/* Adopt secondary amendment `id` (proposal `proposal`) into its primary
 * `primary`: a signed merge on refs/amendments/<primary>, main untouched.
 * CHARTER_EMOVED when the primary's record moved meanwhile: try again. */
static int adopt_secondary_once(git_oid *out, charter_store *store, const char *id, const char *primary,
	git_commit *proposal, amend_change *change, const charter_adopt_options *o)
{
	git_repository *repo = store_repo(store);
	git_oid main_id, commit_id;
	git_commit *main = NULL, *record = NULL;
	git_tree *record_tree = NULL;
	amend_outcome state = { 0 }, pstate = { 0 };
	amend_overrides ov = { 0 };
	char ref[300];
	int error;

	if ((error = store_main(&main_id, store)) < 0)
		goto done;
	if ((error = git_commit_lookup(&main, repo, &main_id)) < 0) {
		error = error_git(error, "cannot read main");
		goto done;
	}
	if ((error = amend_proposal(&record, repo, primary)) < 0)
		goto done;
	if ((error = amend_state(&pstate, repo, primary, record, &main_id, true)) < 0)
		goto done;
	if (pstate.state != CHARTER_AMENDMENT_PENDING) {
		error = error_set(CHARTER_ESTATE, "amendment %s amends %s, which is %s: only an amendment to a pending "
			"amendment can be adopted", id, primary, charter_amendment_state_name(pstate.state));
		goto done;
	}
	if ((error = amend_state_pending(&state, repo, id, proposal, &main_id)) < 0)
		goto done;
	if ((error = signer_and_date_check(repo, main, o)) < 0)
		goto done;
	if ((error = git_commit_tree(&record_tree, record)) < 0) {
		error = error_git(error, "cannot read the primary amendment's text");
		goto done;
	}
	if ((error = adoption_overrides(&ov, store, record, record_tree, change, id, proposal, o)) < 0 ||
	    (error = amend_validate(repo, record_tree, ov.ov, ov.count)) < 0 ||
	    (error = write_adoption(&commit_id, NULL, repo, record, record_tree, proposal, id, primary, &ov, o)) < 0)
		goto done;
	amend_refname(ref, AMENDMENT_REF_PREFIX, primary);
	if ((error = record_move_ref(repo, ref, &commit_id, git_commit_id(record), "charter: adopt an amendment to "
		"an amendment")) < 0)
		goto done;
	if ((error = amend_outcome_ref_write(repo, id, &commit_id)) < 0) {
		char why[300];
		snprintf(why, sizeof(why), "%s", charter_error_last());
		error = error_set(CHARTER_ERROR, "amendment %s is adopted into %s, but %s%s could not be written: %s", id,
			primary, OUTCOME_REF_PREFIX, id, why);
		goto done;
	}
	git_oid_cpy(out, &commit_id);
done:
	amend_overrides_free(&ov);
	amend_outcome_free(&state);
	amend_outcome_free(&pstate);
	git_tree_free(record_tree);
	git_commit_free(record);
	git_commit_free(main);
	return error;
}

/* One try on the current tip. CHARTER_EMOVED: try again. */
static int adopt_once(git_oid *out, charter_store *store, const char *id, git_commit *proposal,
	amend_change *change, const char *signers, const charter_adopt_options *o)
{
	git_repository *repo = store_repo(store);
	git_oid main_id, commit_id;
	git_commit *main = NULL, *prev = NULL;
	git_tree *main_tree = NULL, *tree = NULL, *prev_tree = NULL;
	bool *stale = NULL;
	amend_outcome state = { 0 };
	amend_overrides ov = { 0 };
	buf allowed = BUF_INIT;
	int error;

	if ((error = store_main(&main_id, store)) < 0)
		goto done;
	if ((error = git_commit_lookup(&main, repo, &main_id)) < 0 || (error = git_commit_tree(&main_tree, main)) < 0) {
		error = error_git(error, "cannot read main");
		goto done;
	}
	if ((error = amend_state_pending(&state, repo, id, proposal, &main_id)) < 0 ||
	    (error = no_pending_secondary(repo, id, &main_id)) < 0)
		goto done;
	if ((error = signer_and_date_check(repo, main, o)) < 0)
		goto done;
	if ((error = adoption_overrides(&ov, store, main, main_tree, change, id, proposal, o)) < 0)
		goto done;
	if (signers) {
		/* What this adoption does to the policy of today's text. */
		if ((error = amend_allowed_signers(&allowed, repo, main)) < 0)
			goto done;
		amend_file f = { (char *)ALLOWED_SIGNERS_PATH, NULL, NULL, allowed.ptr, NULL, GIT_FILEMODE_BLOB };
		bool policy = false;
		for (size_t i = 0; i < ov.count; i++)
			if (strcmp(ov.ov[i].path, ALLOWED_SIGNERS_PATH) == 0) {
				f.merged = (char *)ov.ov[i].text;
				policy = true;
			}
		if ((error = policy_scope_check(id, signers, policy ? &f : NULL, ov.count, true)) < 0)
			goto done;
	}
	if ((error = amend_validate(repo, main_tree, ov.ov, ov.count)) < 0)
		goto done;
	bool worktree = worktree_on_main(repo);
	if (worktree) {
		if (!(stale = calloc(ov.count ? ov.count : 1, sizeof(*stale)))) {
			error = error_set(CHARTER_ERROR, "out of memory");
			goto done;
		}
		if (git_commit_parentcount(main) > 0 && (error = git_commit_parent(&prev, main, 0)) == 0)
			error = git_commit_tree(&prev_tree, prev);
		if (error < 0) {
			error = error_git(error, "cannot read main's first parent");
			goto done;
		}
		if ((error = worktree_check(stale, repo, main_tree, prev_tree, &ov)) < 0)
			goto done;
	}
	/* Checked: write. */
	if ((error = write_adoption(&commit_id, &tree, repo, main, main_tree, proposal, id, NULL, &ov, o)) < 0)
		goto done;
	amend_crash_point("after-commit-object");
	if ((error = move_main(repo, id, &commit_id, &main_id)) < 0)
		goto done;
	amend_crash_point("after-main");
	if ((error = amend_outcome_ref_write(repo, id, &commit_id)) < 0) {
		char why[300];
		snprintf(why, sizeof(why), "%s", charter_error_last());
		error = error_set(CHARTER_ERROR, "amendment %s is adopted on main, but %s%s could not be written: %s", id,
			OUTCOME_REF_PREFIX, id, why);
		goto done;
	}
	amend_crash_point("after-outcome");
	git_oid_cpy(out, &commit_id);
	if (worktree && (error = worktree_update(repo, main_tree, tree, &ov, stale)) < 0) {
		char why[300];
		snprintf(why, sizeof(why), "%s", charter_error_last());
		error = error_set(CHARTER_ESTATE,
			"amendment %s is adopted on main (%.12s), but the work tree could not be updated (%s): the next "
			"write to the store (adopt, reject, withdraw, sync) brings it up to date", id, git_oid_tostr_s(&commit_id), why);
	}
done:
	amend_overrides_free(&ov);
	amend_outcome_free(&state);
	git_tree_free(tree);
	git_tree_free(main_tree);
	git_tree_free(prev_tree);
	git_commit_free(prev);
	git_commit_free(main);
	free(stale);
	buf_free(&allowed);
	return error;
}

int charter_adopt(char out[41], charter_store *store, const char *id, const charter_adopt_options *o)
{
	git_repository *repo = store_repo(store);
	git_commit *proposal = NULL, *first = NULL;
	amend_change change = AMEND_CHANGE_INIT;
	git_oid commit_id = { { 0 } };
	char *signers = NULL;
	int lock_fd = -1;
	int64_t day;
	int error;

	if (out)
		out[0] = '\0';
	if (o && (error = options_version_check(o->version, CHARTER_ADOPT_OPTIONS_VERSION, "charter_adopt")) < 0)
		return error;
	if (!o || !o->by || !o->signer)
		return error_set(CHARTER_EINVALID, "charter_adopt: missing options, identity or signing key");
	if (!o->convention)
		return error_set_option(CHARTER_EINVALID, "convention", "which convention adopts it? the convention is required");
	if (!o->date)
		return error_set_option(CHARTER_EINVALID, "date", "when was it adopted? the adoption date is required");
	if ((error = convention_check(o->convention)) < 0 || (error = date_parse(&day, o->date)) < 0 ||
	    (o->vote && (error = amend_vote_check(o->vote)) < 0))
		return error;
	if (o->as_amended_text && o->as_amended_document)
		return error_set(CHARTER_EINVALID, "give the text as amended once: a file or a folder");
	if ((error = amend_proposal(&proposal, repo, id)) < 0)
		return error;
	/* The proposal's own record (under the merges that adopted its
	 * secondaries, if any) holds its message and trailers. */
	if ((error = amend_first_record(&first, proposal)) < 0 ||
	    (error = proposal_record_check(first, id)) < 0 ||
	    (error = amend_change_load(&change, repo, NULL, proposal)) < 0 ||
	    (error = signers_trailer(&signers, first, id)) < 0 ||
	    (error = policy_scope_check(id, signers, proposal_policy(&change), change.count, false)) < 0)
		goto done;
	/* One charter writer at a time; what a dead one left is repaired first. */
	if ((error = writer_begin(&lock_fd, repo)) < 0)
		goto done;
	char *primary = amend_amends(proposal), primary_ref[300];
	if (primary)
		amend_refname(primary_ref, AMENDMENT_REF_PREFIX, primary);
	for (int attempt = 0; attempt < ADOPT_ATTEMPTS; attempt++) {
		if (attempt)
			amend_backoff(attempt);
		/* The ref this adoption moves: main, or a secondary's primary record. */
		if (lock_fd >= 0 && writer_clear_stale_lock(repo, primary ? primary_ref : MAIN_REF) < 0)
			error_clear(); /* the move fails and says so */
		error = primary ? adopt_secondary_once(&commit_id, store, id, primary, proposal, &change, o)
		                : adopt_once(&commit_id, store, id, proposal, &change, signers, o);
		if (error != CHARTER_EMOVED)
			break;
	}
	free(primary);
	if (error == CHARTER_EMOVED) {
		buf lock = BUF_INIT;
		buf_printf(&lock, "%s%s.lock", git_repository_path(repo), MAIN_REF);
		if (lock.ptr && access(lock.ptr, F_OK) == 0)
			error = error_set(CHARTER_EMOVED,
				"main moved or is locked (%s exists: another writer is at work; if none is, remove it): retry",
				lock.ptr);
		else
			error = error_set(CHARTER_EMOVED, "main moved while adopting amendment %s (another writer): retry", id);
		buf_free(&lock);
	}
	if (out && !git_oid_is_zero(&commit_id)) /* adopted (the work tree may lag behind) */
		git_oid_tostr(out, 41, &commit_id);
done:
	writer_unlock(lock_fd);
	free(signers);
	amend_change_free(&change);
	git_commit_free(first);
	git_commit_free(proposal);
	return error;
}
