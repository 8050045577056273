#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/date.h"
#include "cache/cache.h"
#include "store/store.h"
#include "base/text.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_result;

static void init_libraries(void)
{
	if (git_libgit2_init() < 0 || sodium_init() < 0) {
		init_result = -1;
		return;
	}
	/* A killed process must never leave main pointing at a missing object. */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
}

int charter_init(void)
{
	pthread_once(&init_once, init_libraries);
	return init_result < 0 ? error_set(CHARTER_ERROR, "cannot initialize libgit2 or libsodium") : 0;
}

int charter_store_open(charter_store **out, const char *path)
{
	int error;
	git_buf found = { 0 };
	git_repository *repo = NULL;

	*out = NULL;
	if ((error = charter_init()) < 0)
		return error;
	if (!path || !*path)
		path = getenv("CHARTER_STORE");
	if (path && *path) {
		if ((error = git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL)) < 0)
			return error_set(CHARTER_ENOTFOUND, "%s: not a charter store (no git repository there)", path);
	} else {
		if (git_repository_discover(&found, ".", 0, NULL) < 0)
			return error_set(CHARTER_ENOTFOUND,
				"not in a charter store: use --store DIR or set CHARTER_STORE");
		error = git_repository_open(&repo, found.ptr);
		git_buf_dispose(&found);
		if (error < 0)
			return error_git(error, "cannot open the store");
	}
	charter_store *s = calloc(1, sizeof(*s));
	if (!s || !(s->gitdir = xstrdup(git_repository_path(repo)))) {
		free(s);
		git_repository_free(repo);
		return error_set(CHARTER_ERROR, "out of memory");
	}
	s->repo = repo;
	*out = s;
	return 0;
}

void charter_store_free(charter_store *store)
{
	if (!store)
		return;
	git_repository_free(store->repo);
	free(store->gitdir);
	free(store);
}

const char *charter_store_gitdir(const charter_store *store)
{
	return store->gitdir;
}

git_repository *store_repo(charter_store *store)
{
	return store->repo;
}

int store_main(git_oid *out, charter_store *store)
{
	int error = git_reference_name_to_id(out, store->repo, MAIN_REF);
	if (error == GIT_ENOTFOUND)
		return error_set(CHARTER_ENOTFOUND, "the store has no adopted text (no branch main)");
	return error < 0 ? error_git(error, "cannot read main") : 0;
}

char *message_trailer(const char *message, const char *key)
{
	git_message_trailer_array arr = { 0 };
	char *value = NULL;
	if (git_message_trailers(&arr, message) < 0)
		return NULL;
	for (size_t i = 0; i < arr.count && !value; i++)
		if (strcmp(arr.trailers[i].key, key) == 0)
			value = xstrdup(arr.trailers[i].value);
	git_message_trailer_array_free(&arr);
	return value;
}

void commit_date(char out[11], const git_commit *commit)
{
	date_format(out, (int64_t)git_commit_author(commit)->when.time);
}

int tree_read(buf *out, git_repository *repo, const git_tree *tree, const char *path)
{
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	int error = git_tree_entry_bypath(&entry, tree, path);
	if (error == GIT_ENOTFOUND)
		return error_set(CHARTER_ENOTFOUND, "%s: not in the store", path);
	if (error < 0)
		return error_git(error, path);
	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
		git_tree_entry_free(entry);
		return error_set(CHARTER_EINVALID, "%s: not a file", path);
	}
	error = git_blob_lookup(&blob, repo, git_tree_entry_id(entry));
	git_tree_entry_free(entry);
	if (error < 0)
		return error_git(error, path);
	buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return buf_check(out);
}

/* Walk main's first-parent chain, newest first, until `match` says stop. */
typedef int (*walk_fn)(const git_commit *commit, void *payload);

static int walk_first_parent(git_oid *out, charter_store *store, walk_fn match, void *payload)
{
	git_oid id;
	int error = store_main(&id, store);
	while (error == 0) {
		git_commit *commit = NULL;
		if ((error = git_commit_lookup(&commit, store->repo, &id)) < 0)
			return error_git(error, "cannot read a commit on main");
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

/* The same from the history index (cache/cache.h) when it can answer: no walk
 * on a warm store. `key` NULL: by date (`end`). */
static int find_first_parent(git_oid *out, charter_store *store, const char *key, const char *value, int64_t end,
	walk_fn match, void *payload)
{
	int error = cache_when(out, store, key, value, end);
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
	int hit = value && strcmp(value, kv[1]) == 0;
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

static int resolve_convention(git_oid *out, charter_store *store, const char *when)
{
	const char *name = strncmp(when, "convention/", 11) == 0 ? when + 11 : when;
	char ref[300];
	git_object *obj = NULL;
	snprintf(ref, sizeof(ref), "refs/tags/convention/%s", name);
	if (strlen(name) < 200 && git_revparse_single(&obj, store->repo, ref) == 0) {
		git_object *peeled = NULL;
		int error = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
		git_object_free(obj);
		if (error < 0)
			return error_git(error, ref);
		git_oid_cpy(out, git_object_id(peeled));
		git_object_free(peeled);
		return 0;
	}
	/* A convention still in session has no tag yet: its latest adoption. */
	const char *kv[] = { "Convention", name };
	return find_first_parent(out, store, kv[0], kv[1], 0, match_trailer, kv);
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

	int64_t day;
	if (strlen(when) == 10 && when[4] == '-' && when[7] == '-') {
		if ((error = date_parse(&day, when)) < 0)
			return error;
		int64_t end = day + DATE_DAY - 1;
		error = find_first_parent(out, store, NULL, NULL, end, match_date, &end);
		if (error == CHARTER_ENOTFOUND)
			return error_set(CHARTER_ENOTFOUND, "no text was in force on %s (before the founding text)", when);
		return error;
	}
	if ((error = resolve_convention(out, store, when)) != CHARTER_ENOTFOUND)
		return error;
	const char *kv[] = { "Amendment", when };
	if ((error = find_first_parent(out, store, kv[0], kv[1], 0, match_trailer, kv)) != CHARTER_ENOTFOUND)
		return error;
	if (is_hex(when)) {
		git_object *obj = NULL;
		git_oid prefix;
		size_t len = strlen(when);
		if (git_oid_fromstrn(&prefix, when, len) == 0 &&
		    git_object_lookup_prefix(&obj, store->repo, &prefix, len, GIT_OBJECT_COMMIT) == 0) {
			git_oid_cpy(out, git_object_id(obj));
			git_object_free(obj);
			if (git_oid_equal(out, &main_id) || git_graph_descendant_of(store->repo, &main_id, out) == 1)
				return 0;
			return error_set(CHARTER_ENOTFOUND, "commit %.12s is not part of the adopted history on main",
				when);
		}
	}
	return error_set(CHARTER_ENOTFOUND,
		"'%.80s' is not a date, convention, adopted amendment or commit on main", when);
}

int charter_resolve(char out[41], charter_store *store, const char *when)
{
	git_oid id;
	int error = store_resolve(&id, store, when);
	if (error == 0)
		git_oid_tostr(out, 41, &id);
	return error;
}

/* --- identities --- */

/* Names and emails go into commit headers: UTF-8 on one line. */
static int identity_text_check(const char *s, const char *what)
{
	if (text_check_utf8(s, what) < 0)
		return CHARTER_EINVALID;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return error_set(CHARTER_EINVALID, "%s cannot hold control characters or line breaks", what);
	return 0;
}

int charter_identity_parse(charter_identity **out, const char *s)
{
	*out = NULL;
	const char *lt = strchr(s, '<');
	const char *gt = lt ? strchr(lt, '>') : NULL;
	int error;
	if ((error = identity_text_check(s, "an identity")) < 0)
		return error;
	if (!lt || !gt || gt[1] != '\0' || lt == s || gt == lt + 1 || memchr(lt + 1, '<', (size_t)(gt - lt - 1)))
		return error_set(CHARTER_EINVALID, "'%.80s' is not an identity: use \"Name <email>\"", s);
	const char *end = lt;
	while (end > s && end[-1] == ' ')
		end--;
	if (end == s)
		return error_set(CHARTER_EINVALID, "'%.80s' has no name: use \"Name <email>\"", s);
	charter_identity *id = calloc(1, sizeof(*id));
	if (!id)
		return error_set(CHARTER_ERROR, "out of memory");
	id->name = xstrndup(s, (size_t)(end - s));
	id->email = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	if (!id->name || !id->email) {
		charter_identity_free(id);
		return CHARTER_ERROR;
	}
	*out = id;
	return 0;
}

int charter_identity_default(charter_identity **out, charter_store *store)
{
	git_config *cfg = NULL, *snap = NULL;
	const char *name = NULL, *email = NULL;
	int error;
	*out = NULL;
	if ((error = charter_init()) < 0)
		return error;
	error = store ? git_repository_config(&cfg, store->repo) : git_config_open_default(&cfg);
	if (error < 0)
		return error_git(error, "cannot read git config");
	if ((error = git_config_snapshot(&snap, cfg)) < 0) {
		git_config_free(cfg);
		return error_git(error, "cannot read git config");
	}
	git_config_get_string(&name, snap, "user.name");
	git_config_get_string(&email, snap, "user.email");
	if (!name || !email || !*name || !*email) {
		error = error_set(CHARTER_ENOTFOUND,
			"who is recording this? use --by \"Name <email>\" or set git config user.name and user.email");
	} else if ((error = identity_text_check(name, "git config user.name")) < 0 ||
		   (error = identity_text_check(email, "git config user.email")) < 0) {
		/* the message says which */
	} else {
		charter_identity *id = calloc(1, sizeof(*id));
		if (id && (id->name = xstrdup(name)) && (id->email = xstrdup(email))) {
			*out = id;
		} else {
			charter_identity_free(id);
			error = error_set(CHARTER_ERROR, "out of memory");
		}
	}
	git_config_free(snap);
	git_config_free(cfg);
	return error;
}

const char *charter_identity_name(const charter_identity *id)
{
	return id->name;
}

const char *charter_identity_email(const charter_identity *id)
{
	return id->email;
}

void charter_identity_free(charter_identity *id)
{
	if (!id)
		return;
	free(id->name);
	free(id->email);
	free(id);
}
