/* The trust rule beyond the signature, for one commit of main's chain:
 * time goes forward, the policy changes only by a signers proposal, and
 * the text's objects hash to their ids. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ssh/signers_change.h"
#include "store/store.h"
#include "trust/verify.h"

static void day_time(char out[32], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm))
		snprintf(out, 32, "%lld", (long long)t);
	else
		strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- content ------------------------------------------------------------ */

static void corrupt(verify_entry *e, const git_oid *id, const char *path, const char *what)
{
	char hex[GIT_OID_HEXSZ + 1];
	const git_error *g = git_error_last();
	e->reason = CHARTER_VERIFY_CORRUPT;
	snprintf(e->detail, sizeof(e->detail), "%s %s (%s) %s: %s", what, git_oid_tostr(hex, sizeof(hex), id),
		*path ? path : "the root tree", "is missing or corrupt", g && g->message ? g->message : "unreadable");
	git_error_clear();
}

/* Read `id` (a blob) from the object database, which hashes it (strict
 * hash verification is on for verify). */
static bool blob_ok(git_odb *odb, const git_oid *id)
{
	git_odb_object *obj = NULL;
	if (git_odb_read(&obj, odb, id) < 0)
		return false;
	bool ok = git_odb_object_type(obj) == GIT_OBJECT_BLOB;
	if (!ok)
		git_error_set_str(GIT_ERROR_INVALID, "not a blob");
	git_odb_object_free(obj);
	return ok;
}

/* Check the tree `id` at `path` and what it holds that the parent's tree
 * `old` (NULL: none) does not hold at the same path. 1 when it all holds,
 * 0 when e was marked corrupt. */
static int tree_check(verify_entry *e, git_repository *repo, git_odb *odb, const git_oid *id, const git_oid *old,
	char *path, size_t plen, int depth)
{
	git_tree *t = NULL, *o = NULL;
	int ok = 1;
	if (git_tree_lookup(&t, repo, id) < 0) {
		corrupt(e, id, path, "tree");
		return 0;
	}
	if (old && git_tree_lookup(&o, repo, old) < 0) {
		git_error_clear(); /* the parent's own check names it */
		o = NULL;
	}
	size_t n = git_tree_entrycount(t);
	for (size_t i = 0; i < n && ok; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(t, i);
		const char *name = git_tree_entry_name(te);
		const git_oid *eid = git_tree_entry_id(te);
		git_object_t type = git_tree_entry_type(te);
		const git_tree_entry *was = o ? git_tree_entry_byname(o, name) : NULL;
		if (was && git_tree_entry_type(was) == type && git_oid_equal(git_tree_entry_id(was), eid))
			continue; /* checked with the parent */
		size_t nlen = strlen(name);
		if (plen + nlen + 2 < 4096) {
			if (plen)
				path[plen] = '/';
			memcpy(path + plen + (plen ? 1 : 0), name, nlen + 1);
		}
		size_t sub = plen + nlen + (plen ? 1 : 0);
		if (type == GIT_OBJECT_TREE) {
			if (depth > 64) {
				git_error_set_str(GIT_ERROR_INVALID, "trees nested too deep");
				corrupt(e, eid, path, "tree");
				ok = 0;
			} else {
				ok = tree_check(e, repo, odb, eid, was && git_tree_entry_type(was) == GIT_OBJECT_TREE
					? git_tree_entry_id(was) : NULL, path, sub, depth + 1);
			}
		} else if (type == GIT_OBJECT_BLOB && !blob_ok(odb, eid)) {
			corrupt(e, eid, path, "blob");
			ok = 0;
		}
		path[plen] = '\0';
	}
	git_tree_free(o);
	git_tree_free(t);
	return ok;
}

/* ---- the policy --------------------------------------------------------- */

static int read_policy(buf *out, bool *present, git_repository *repo, const git_oid *blob)
{
	*present = blob != NULL;
	return blob ? blob_read(out, repo, blob) : 0;
}

/* A change of the policy: the adoption of a signers proposal (its second
 * parent carries exactly one `Signers:` trailer), changing nothing else,
 * and making exactly the change the trailer names. */
static int policy_change_check(verify_entry *e, git_repository *repo, const chain_commit *c, const chain_commit *p,
	const git_oid *pol)
{
	git_commit *proposal = NULL;
	git_tree *t = NULL, *pt = NULL;
	git_diff *diff = NULL;
	git_message_trailer_array tr = { 0 };
	buf before = BUF_INIT, after = BUF_INIT;
	const char *signers = NULL;
	char why[160] = "";
	int error = 0, nsigners = 0;

	if (!c->has_parent2) {
		snprintf(why, sizeof(why), "it is no adoption of a proposal (no second parent)");
		goto refuse;
	}
	if (git_commit_lookup(&proposal, repo, &c->parent2) < 0 ||
	    git_message_trailers(&tr, git_commit_message(proposal)) < 0) {
		git_error_clear();
		snprintf(why, sizeof(why), "its proposal cannot be read");
		goto refuse;
	}
	for (size_t i = 0; i < tr.count; i++)
		if (strcmp(tr.trailers[i].key, "Signers") == 0) {
			signers = tr.trailers[i].value;
			nsigners++;
		}
	if (nsigners != 1) {
		snprintf(why, sizeof(why), "its proposal has %d Signers: trailers, where a signers proposal has one",
			nsigners);
		goto refuse;
	}
	if (git_tree_lookup(&t, repo, &c->tree) < 0 || git_tree_lookup(&pt, repo, &p->tree) < 0 ||
	    git_diff_tree_to_tree(&diff, repo, pt, t, NULL) < 0) {
		error = error_git(-1, "cannot compare a commit on main with its parent");
		goto done;
	}
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *path = d->new_file.path ? d->new_file.path : d->old_file.path;
		if (strcmp(path, ALLOWED_SIGNERS_PATH) != 0) {
			snprintf(why, sizeof(why), "it changes %.80s too, where a signers proposal changes the policy only",
				path);
			goto refuse;
		}
	}
	bool had, has;
	if ((error = read_policy(&before, &had, repo, pol)) < 0 ||
	    (error = read_policy(&after, &has, repo, c->has_policy ? &c->policy : NULL)) < 0)
		goto done;
	if (signers_change_matches(why, sizeof(why), signers, had ? buf_cstr(&before) : NULL, before.size,
		    has ? buf_cstr(&after) : NULL, after.size))
		goto done;
refuse:
	e->reason = CHARTER_VERIFY_POLICY_OUTSIDE_SIGNERS;
	snprintf(e->detail, sizeof(e->detail), "it changes %s, but %s", ALLOWED_SIGNERS_PATH, why);
done:
	git_message_trailer_array_free(&tr);
	git_diff_free(diff);
	git_tree_free(t);
	git_tree_free(pt);
	git_commit_free(proposal);
	buf_free(&before);
	buf_free(&after);
	return error;
}

int verify_rules(verify_entry *e, git_repository *repo, const chain_commit *c, const chain_commit *p,
	const git_oid *pol)
{
	int error = 0;
	if (p && c->ctime < p->ctime) {
		char at[32], parent_at[32];
		day_time(at, c->ctime);
		day_time(parent_at, p->ctime);
		e->reason = CHARTER_VERIFY_TIME_WENT_BACK;
		snprintf(e->detail, sizeof(e->detail), "signed at %s, before its parent %.12s was (%s)", at,
			git_oid_tostr_s(&p->id), parent_at);
		return 0;
	}
	bool changed = p && (c->has_policy != (pol != NULL) || (pol && !git_oid_equal(pol, &c->policy)));
	if (changed && ((error = policy_change_check(e, repo, c, p, pol)) < 0 || e->reason != CHARTER_VERIFY_OK))
		return error;

	git_odb *odb = NULL;
	char path[4096] = "";
	if ((error = git_repository_odb(&odb, repo)) < 0)
		return error_git(error, "cannot open the object database");
	tree_check(e, repo, odb, &c->tree, p ? &p->tree : NULL, path, 0, 0);
	git_odb_free(odb);
	return 0;
}
