/* The store handle: opening a store, main, trailers, tree reads, identities and the signer from git config. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/date.h"
#include "base/text.h"
#include "cache/cache.h"
#include "ssh/signer.h"
#include "store/store.h"

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
			return error_set_option(CHARTER_ENOTFOUND, "store",
				"not in a charter store: no store given, $CHARTER_STORE is not set, and the current "
				"directory is in no git repository");
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
	free(store->seen);
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

static int memo_text(void *memo, char **copy, size_t *len, git_odb *odb, const git_oid *id)
{
	return blob_memo_read_ahead(copy, len, memo, odb, id, "cannot read a section's text");
}

int store_cache_open(hist_cache **out, charter_store *store, unsigned need)
{
	git_oid tip;
	int error = store_main(&tip, store);
	*out = NULL;
	if (error == 0 && !store->seen && !(store->seen = calloc(1, sizeof(*store->seen))))
		error = error_set(CHARTER_ERROR, "out of memory");
	if (error == 0 && (error = cache_open(out, store->repo, store->gitdir, &tip, need, store->seen)) == 0 &&
	    store->memo)
		(*out)->texts = (cache_texts){ memo_text, store->memo };
	return error;
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
		error = error_set_option(CHARTER_ENOTFOUND, "by",
			"who is recording this? no identity given, and git config user.name and user.email are not both set");
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

int charter_signer_open(charter_signer **out, charter_store *store, const char *key_path)
{
	return signer_open(out, store ? store->repo : NULL, key_path);
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
