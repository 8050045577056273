/* The store handle and the lookups every command shares. */
#ifndef CHARTER_STORE_INTERNAL_H
#define CHARTER_STORE_INTERNAL_H

#include "store/blob_memo.h"
#include "base/buf.h"
#include "base/internal.h"

#define MAIN_REF "refs/heads/main"
#define ALLOWED_SIGNERS_PATH ".charter/allowed_signers"

struct charter_store {
	git_repository *repo;
	char *gitdir;
	/* Blob texts shared by the stores of one parallel job (store_for
	 * gives its helpers the caller's); borrowed, NULL for none. */
	blob_memo *memo;
	/* The history index file this store last checked (cache/cache.h);
	 * NULL until it opens the index. */
	struct cache_seen *seen;
};

struct charter_identity {
	char *name;
	char *email;
};

/* The repository behind a store; owned by the store. */
git_repository *store_repo(charter_store *store);

/* The tip of main. CHARTER_ENOTFOUND "the store has no adopted text" when absent. */
int store_main(git_oid *out, charter_store *store);

/* The store's history cache, up to date with main (cache_open() with the
 * store's repository, git directory and main). */
typedef struct hist_cache hist_cache;
int store_cache_open(hist_cache **out, charter_store *store, unsigned need);

/* WHEN to a commit on main (see charter_resolve()); store/when.c. */
int store_resolve(git_oid *out, charter_store *store, const char *when);

/* The value of the first trailer `key` in a commit message, or NULL.
 * The caller frees the result with free(). */
char *message_trailer(const char *message, const char *key);

/* The adoption date of a commit on main (its author date) as YYYY-MM-DD. */
void commit_date(char out[11], const git_commit *commit);

/* Read the blob at `path` in `tree` into `out`. CHARTER_ENOTFOUND if absent. */
int tree_read(buf *out, git_repository *repo, const git_tree *tree, const char *path);

/* 0 when `name` can name a convention (a slug: it becomes the tag
 * convention/<name>); CHARTER_EINVALID otherwise. */
int convention_check(const char *name);

/* 0 when `principal` can stand in .charter/allowed_signers: one plain
 * token (the format has no quoting for it), e.g. an email address. */
int principal_check(const char *principal);

#endif
