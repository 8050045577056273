/* One charter writer at a time per store, and what a dead writer left:
 * a stale refs/heads/main.lock, a work tree behind main. */
#ifndef CHARTER_WRITER_LOCK_H
#define CHARTER_WRITER_LOCK_H

#include "base/internal.h"

/* A ref lock this much older than now, while we hold the writer lock, is
 * a dead writer's (a live one holds it for milliseconds). */
#define STALE_LOCK_SECONDS 2

/* Take <gitdir>/charter/writer.lock (flock: the kernel releases it when
 * the process dies, however it dies), waiting up to about 30 s for
 * another writer; it records "pid time" for people looking. *fd_out is
 * the descriptor to give writer_unlock(); -1 (and 0 returned) when the
 * store cannot hold the file (read-only): then writers race as before,
 * protected by the ref locks alone. */
int writer_lock(int *fd_out, git_repository *repo);
void writer_unlock(int fd);

/* The start of every write: writer_lock(), then what dead writers left is
 * repaired (the work tree, worktree_repair(); a stale main.lock). Errors
 * of the repair are left for the write itself to meet and name. */
int writer_begin(int *fd_out, git_repository *repo);

/* With the writer lock held: remove `<gitdir>/<refname>.lock` when it is
 * older than STALE_LOCK_SECONDS (waiting for it to age when it is
 * younger, a few seconds at most). 0 when no lock is left; CHARTER_EMOVED
 * when one is still there. */
int writer_clear_stale_lock(git_repository *repo, const char *refname);

/* With the writer lock held, for a work tree on main: every file of
 * main's text (README.md, sections/, .charter/allowed_signers) that is
 * as it was in an earlier main (one of the last few hundred adoptions),
 * or absent where an earlier main had none, is brought to main, and its
 * index entry too; a file that matches no earlier main is a local edit
 * and left alone. Whatever the number of interrupted writers before. */
int worktree_repair(git_repository *repo);

#endif
