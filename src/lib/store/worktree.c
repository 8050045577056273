/* The work tree of a non-bare store: is it on main, and checking out main's new tree. */
#include <string.h>

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

int worktree_checkout(git_repository *repo, const git_tree *from, const git_tree *to, bool dry_run)
{
	git_checkout_options co;
	git_index *empty = NULL;
	int error;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_SAFE | (dry_run ? GIT_CHECKOUT_DRY_RUN : 0);
	/* The baseline is what was checked out: an empty index for a store
	 * that had nothing, so that every file counts as new. */
	if (from)
		co.baseline = (git_tree *)from;
	else if ((error = git_index_new(&empty)) == 0)
		co.baseline_index = empty;
	error = git_checkout_tree(repo, (const git_object *)to, &co);
	git_index_free(empty);
	if (error == GIT_ECONFLICT)
		return error_set(CHARTER_ESTATE,
			"the work tree has local changes to files this changes: commit or discard them first (nothing was changed)");
	return error < 0 ? error_git(error, "cannot update the work tree") : 0;
}
