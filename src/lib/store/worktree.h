/* The work tree of a non-bare store, kept in step with main. */
#ifndef CHARTER_WORKTREE_H
#define CHARTER_WORKTREE_H

#include "base/internal.h"

/* Is main checked out in a work tree of this repository? */
bool worktree_on_main(git_repository *repo);

/* Bring the work tree from `from` (NULL: nothing was checked out) to `to`
 * without overwriting local edits: CHARTER_ESTATE when a changed file has
 * them. With `dry_run`, only check. */
int worktree_checkout(git_repository *repo, const git_tree *from, const git_tree *to, bool dry_run);

#endif
