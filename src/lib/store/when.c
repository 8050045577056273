/* WHEN resolution: a date, a convention, an adopted amendment, a commit or a git revision to the commit on main then in force. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/text.h"
#include "cache/cache.h"
#include "store/store.h"

/* Walk main's first-parent chain, newest first, until `match` says stop. */
typedef int (*walk_fn)(const git_commit *commit, void *payload);

static int walk_first_parent(git_oid *out, charter_store *store, walk_fn match, void *payload)
{
	git_oid id;
	int error = store_main(&id, store);
	while (error == 0) {
		git_commit *commit = NULL;
		if ((error = git_commit_lookup(&commit, store->repo, &id)) < 0) {
			/* A commit main's chain names is missing or unreadable: the
			 * store is corrupt (not "no such text"). */
			char what[120];
			snprintf(what, sizeof(what), "the store is corrupt: commit %.40s on main cannot be read",
				git_oid_tostr_s(&id));
			error_git(error, what);
			return error_set(CHARTER_ERROR, "%s", charter_error_last());
		}
		int hit = match(commit, payload);
		bool root = git_commit_parentcount(commit) == 0;
		if (!hit && !root)
			git_oid_cpy(&id, git_commit_parent_id(commit, 0));
		git_commit_free(commit);
		if (hit) {
			git_oid_cpy(out, &id);
			return 0;
		}
		if (root)
			return CHARTER_ENOTFOUND;
	}
	return error;
}

/* The same from the history cache (cache/cache.h) when it can answer: no
 * walk on a warm store. `key` NULL: by date (`end`). */
static int find_first_parent(git_oid *out, charter_store *store, const char *key, const char *value, int64_t end,
	walk_fn match, void *payload)
{
	git_oid tip;
	int error = store_main(&tip, store);
	if (error < 0)
		return error;
	error = cache_when(out, store->repo, store->gitdir, &tip, key, value, end);
	if (error == 0 || error == CHARTER_ENOTFOUND)
		return error;
	error_clear();
	return walk_first_parent(out, store, match, payload);
}

static int match_date(const git_commit *commit, void *payload)
{
	return (int64_t)git_commit_author(commit)->when.time <= *(int64_t *)payload;
}

static int match_trailer(const git_commit *commit, void *payload)
{
	const char **kv = payload;
	char *value = message_trailer(git_commit_message(commit), kv[0]);
	int hit = value && (strcmp(kv[0], "Convention") == 0 ? convention_matches(value, kv[1])
	                                                      : strcmp(value, kv[1]) == 0);
	free(value);
	return hit;
}

static bool is_hex(const char *s)
{
	size_t n = strlen(s);
	if (n < 4 || n > GIT_OID_HEXSZ)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return true;
}

/* WHEN as a commit id (a hex prefix) on main. CHARTER_ENOTFOUND (no
 * message) when no commit has that prefix. */
static int resolve_commit(git_oid *out, charter_store *store, const char *when, const git_oid *main_id)
{
	git_object *obj = NULL;
	git_oid prefix;
	size_t len = strlen(when);
	if (git_oid_fromstrn(&prefix, when, len) < 0 ||
	    git_object_lookup_prefix(&obj, store->repo, &prefix, len, GIT_OBJECT_COMMIT) < 0) {
		git_error_clear();
		return CHARTER_ENOTFOUND;
	}
	git_oid_cpy(out, git_object_id(obj));
	git_object_free(obj);
	if (git_oid_equal(out, main_id) || git_graph_descendant_of(store->repo, main_id, out) == 1)
		return 0;
	return error_set(CHARTER_ENOTFOUND, "commit %.12s is not part of the adopted history on main", when);
}

/* A convention by its name (any case) or slug, or its tag convention/<slug>. */
static int resolve_convention(git_oid *out, charter_store *store, const char *when)
{
	const char *name = strncmp(when, "convention/", 11) == 0 ? when + 11 : when;
	char ref[300], slug[NAME_SLUG_SIZE];
	git_object *obj = NULL;
	if (strlen(name) > NAME_MAX_BYTES)
		return CHARTER_ENOTFOUND;
	convention_slug(slug, name);
	if (!*slug)
		return CHARTER_ENOTFOUND;
	snprintf(ref, sizeof(ref), "refs/tags/convention/%s", slug);
	if (git_revparse_single(&obj, store->repo, ref) == 0) {
		git_object *peeled = NULL;
		int error = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
		git_object_free(obj);
		if (error < 0)
			return error_git(error, ref);
		git_oid_cpy(out, git_object_id(peeled));
		git_object_free(peeled);
		return 0;
	}
	git_error_clear();
	/* A convention still in session has no tag yet: its latest adoption. */
	const char *kv[] = { "Convention", name };
	return find_first_parent(out, store, kv[0], kv[1], 0, match_trailer, kv);
}

/* A calendar date before 1970 (no text can be from then: git cannot record
 * such dates, so the founding text is later). */
static bool before_git_dates(const char *when)
{
	char shifted[11];
	int64_t day;
	if (strncmp(when, "1970", 4) >= 0)
		return false;
	/* The same month and day in a leap year: is it a calendar date? */
	snprintf(shifted, sizeof(shifted), "2000%s", when + 4);
	for (int i = 0; i < 4; i++)
		if (when[i] < '0' || when[i] > '9')
			return false;
	return date_parse(&day, shifted) == 0;
}

/* The last form of WHEN: a git revision (HEAD, main~2, main^, a tag) that
 * names a commit on main's first-parent chain. */
static int match_id(const git_commit *commit, void *payload)
{
	return git_oid_equal(git_commit_id(commit), payload);
}

static int resolve_revision(git_oid *out, charter_store *store, const char *when)
{
	git_object *obj = NULL, *peeled = NULL;
	git_oid id, found;
	if (git_revparse_single(&obj, store->repo, when) < 0) {
		error_clear();
		return CHARTER_ENOTFOUND;
	}
	int error = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (error < 0)
		return error_set(CHARTER_ENOTFOUND, "'%.80s' does not name a commit", when);
	git_oid_cpy(&id, git_object_id(peeled));
	git_object_free(peeled);
	error = walk_first_parent(&found, store, match_id, &id);
	if (error == CHARTER_ENOTFOUND)
		return error_set(CHARTER_ENOTFOUND,
			"'%.80s' names commit %.12s, which is not on main: WHEN takes revisions of the adopted history only",
			when, git_oid_tostr_s(&id));
	if (error == 0)
		git_oid_cpy(out, &id);
	return error;
}

int store_resolve(git_oid *out, charter_store *store, const char *when)
{
	int error;
	git_oid main_id;
	if ((error = store_main(&main_id, store)) < 0)
		return error;
	if (!when || !*when) {
		git_oid_cpy(out, &main_id);
		return 0;
	}
	if ((error = text_check_utf8(when, "WHEN")) < 0)
		return error;

	int64_t day = 0;
	if (strlen(when) == 10 && when[4] == '-' && when[7] == '-') {
		if (before_git_dates(when))
			error = CHARTER_ENOTFOUND;
		else if ((error = date_parse(&day, when)) < 0)
			return error;
		int64_t end = day + DATE_DAY - 1;
		if (error == 0)
			error = find_first_parent(out, store, NULL, NULL, end, match_date, &end);
		if (error == CHARTER_ENOTFOUND)
			return error_set(CHARTER_ENOTFOUND,
				"no text was in force on %s: no text had been adopted by then", when);
		return error;
	}
	/* 7 or more hex digits (git's shortest abbreviation) are a commit id
	 * first: no amendment id may shadow one (amend_id_new_check refuses such
	 * ids; older stores may have them, found below when no commit is). */
	bool hex = is_hex(when);
	if (hex && strlen(when) >= 7 && (error = resolve_commit(out, store, when, &main_id)) != CHARTER_ENOTFOUND)
		return error;
	if ((error = resolve_convention(out, store, when)) != CHARTER_ENOTFOUND)
		return error;
	const char *kv[] = { "Amendment", when };
	if ((error = find_first_parent(out, store, kv[0], kv[1], 0, match_trailer, kv)) != CHARTER_ENOTFOUND)
		return error;
	if (hex && strlen(when) < 7 && (error = resolve_commit(out, store, when, &main_id)) != CHARTER_ENOTFOUND)
		return error;
	if ((error = resolve_revision(out, store, when)) != CHARTER_ENOTFOUND || *charter_error_last())
		return error;
	return error_set(CHARTER_ENOTFOUND,
		"'%.80s' is not a date, convention, adopted amendment, commit or revision on main", when);
}

int charter_resolve(char out[41], charter_store *store, const char *when)
{
	git_oid id;
	int error = store_resolve(&id, store, when);
	if (error == 0)
		git_oid_tostr(out, 41, &id);
	return error;
}
