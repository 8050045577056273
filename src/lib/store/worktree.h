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

/* The note of files being written (<gitdir>/charter-checkout, one path per
 * line): a writer notes the files it is about to write in the work tree
 * and clears the note once they are written. libgit2 writes a file in
 * place, so a writer killed meanwhile can leave one half written; the next
 * writer's repair (worktree_repair) restores the files the note names. */
int worktree_note_begin(git_repository *repo, const char *const *paths, size_t n);
void worktree_note_end(git_repository *repo);
/* The paths noted, *n = 0 when there is no note; free with
 * worktree_note_free(). */
int worktree_note_read(char ***paths, size_t *n, git_repository *repo);
void worktree_note_free(char **paths, size_t n);

#endif
