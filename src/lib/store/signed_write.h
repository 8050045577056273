/* Writing signed records: commits and tags, and moving refs safely. */
#ifndef CHARTER_RECORD_H
#define CHARTER_RECORD_H

#include "base/internal.h"

/* Author and committer of a record: the adoption date at 12:00:00 +0000,
 * and now (git checks a key's validity against the committer date). */
int record_signatures(git_signature **author, git_signature **committer,
	const charter_identity *by, int64_t adopted_day);

/* Write a commit signed by `signer` (unsigned when NULL) and return its id.
 * `message` gets a final newline if it lacks one. Does not move any ref. */
int record_commit(git_oid *out, git_repository *repo, const git_tree *tree,
	size_t nparents, const git_commit **parents, const git_signature *author,
	const git_signature *committer, const char *message, charter_signer *signer);

/* Write an annotated tag object signed by `signer` (SSH tag signatures are
 * appended to the message, as git does) and return its id. */
int record_tag(git_oid *out, git_repository *repo, const char *name, const git_oid *target,
	const git_signature *tagger, const char *message, charter_signer *signer);

/* Point `refname` at `id` if and only if it still points at `expected`
 * (NULL: only if it does not exist yet). CHARTER_EMOVED when another writer
 * got there first: nothing changed, the caller may retry. */
int record_move_ref(git_repository *repo, const char *refname, const git_oid *id,
	const git_oid *expected, const char *log_message);

#endif
