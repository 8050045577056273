/* The work tree of a non-bare store: is it on main, checking out main's new tree, and the note of files being written. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/grow.h"
#include "base/text.h"
#include "store/store.h"
#include "store/worktree.h"

bool worktree_on_main(git_repository *repo)
{
	git_reference *head = NULL;
	bool yes = !git_repository_is_bare(repo) && git_repository_workdir(repo) &&
		git_reference_lookup(&head, repo, "HEAD") == 0 &&
		git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
		strcmp(git_reference_symbolic_target(head), MAIN_REF) == 0;
	git_reference_free(head);
	git_error_clear();
	return yes;
}

static int note_path(buf *out, git_repository *repo)
{
	buf_printf(out, "%scharter-checkout", git_repository_path(repo));
	return buf_check(out);
}

int worktree_note_begin(git_repository *repo, const char *const *paths, size_t n)
{
	buf path = BUF_INIT, text = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		if (!strchr(paths[i], '\n'))
			buf_printf(&text, "%s\n", paths[i]);
	int error = note_path(&path, repo);
	if (error == 0 && (error = buf_check(&text)) == 0)
		error = file_replace(path.ptr, text.ptr ? text.ptr : "", text.size);
	buf_free(&path);
	buf_free(&text);
	return error;
}

void worktree_note_end(git_repository *repo)
{
	buf path = BUF_INIT;
	if (note_path(&path, repo) == 0)
		unlink(path.ptr);
	buf_free(&path);
	error_clear();
}

void worktree_note_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

int worktree_note_read(char ***out, size_t *count, git_repository *repo)
{
	buf path = BUF_INIT, text = BUF_INIT;
	char **paths = NULL;
	size_t n = 0, cap = 0;
	*out = NULL;
	*count = 0;
	int error = note_path(&path, repo);
	if (error == 0 && (error = file_read_flags(&text, path.ptr, O_NOFOLLOW)) == CHARTER_ENOTFOUND) {
		error_clear();
		error = 0;
	}
	for (const char *p = text.ptr, *end = p ? p + text.size : NULL; error == 0 && p && p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (len && (error = GROW(paths, cap, n + 1)) == 0 && !(paths[n++] = xstrndup(p, len)))
			error = CHARTER_ERROR;
		p += len + 1;
	}
	if (error < 0)
		worktree_note_free(paths, n);
	else
		*out = paths, *count = n;
	buf_free(&path);
	buf_free(&text);
	return error;
}

/* The paths that differ between two trees (from NULL: every path of `to`). */
static int changed_paths(char ***out, size_t *count, git_repository *repo, const git_tree *from, const git_tree *to)
{
	git_diff *diff = NULL;
	char **paths = NULL;
	size_t n = 0, cap = 0;
	int error = git_diff_tree_to_tree(&diff, repo, (git_tree *)from, (git_tree *)to, NULL);
	*out = NULL;
	*count = 0;
	if (error < 0)
		return error_git(error, "cannot compare main's trees");
	for (size_t i = 0; i < git_diff_num_deltas(diff) && error == 0; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if ((error = GROW(paths, cap, n + 1)) == 0 && !(paths[n++] = xstrdup(d->new_file.path)))
			error = CHARTER_ERROR;
	}
	git_diff_free(diff);
	if (error < 0)
		worktree_note_free(paths, n);
	else
		*out = paths, *count = n;
	return error;
}

int worktree_checkout(git_repository *repo, const git_tree *from, const git_tree *to, bool dry_run)
{
	git_checkout_options co;
	git_index *empty = NULL;
	char **paths = NULL;
	size_t n = 0;
	int error = 0;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_SAFE | (dry_run ? GIT_CHECKOUT_DRY_RUN : 0);
	/* The baseline is what was checked out: an empty index for a store
	 * that had nothing, so that every file counts as new. */
	if (from)
		co.baseline = (git_tree *)from;
	else if (git_index_new(&empty) == 0)
		co.baseline_index = empty;
	if (!dry_run && ((error = changed_paths(&paths, &n, repo, from, to)) < 0 ||
	    (error = worktree_note_begin(repo, (const char *const *)paths, n)) < 0))
		goto done;
	error = git_checkout_tree(repo, (const git_object *)to, &co);
	/* A conflict is found before anything is written; another failure may
	 * leave a file half written, for the next writer to repair. */
	if (!dry_run && (error == 0 || error == GIT_ECONFLICT))
		worktree_note_end(repo);
	if (error == GIT_ECONFLICT)
		error = error_set(CHARTER_ESTATE,
			"the work tree has local changes to files this changes: commit or discard them first (nothing was changed)");
	else if (error < 0)
		error = error_git(error, "cannot update the work tree");
done:
	worktree_note_free(paths, n);
	git_index_free(empty);
	return error;
}
