/* Three-way merge of Markdown texts at the level of words. libgit2's
 * git_merge_file merges lines, and a paragraph is one line in these
 * documents, so the texts are merged in a one-token-per-line form. */
#ifndef CHARTER_MERGE_H
#define CHARTER_MERGE_H

#include "base/buf.h"
#include "base/internal.h"

typedef struct {
	size_t paragraph;   /* 1-based paragraph (block) of `ours` where the collision starts */
	char ours[160];     /* the colliding words on each side, shortened, one line */
	char theirs[160];
} merge_conflict;

/* Merge the change base->theirs into ours. On success appends the merged
 * text to `out` and returns 0. When both sides change the same words,
 * returns CHARTER_ECONFLICT with `conflict` filled and `out` untouched. */
int merge_words(buf *out, merge_conflict *conflict, const char *base, const char *ours, const char *theirs);

/* True when the changes base->ours and base->theirs are certainly far
 * apart: each lies between word boundaries that both texts share, and at
 * least MERGE_APART_BYTES bytes of unchanged text separate them, so
 * merge_words would merge them without a conflict. False means "merge to
 * know". Found with byte comparisons only (no tokenizing): the booklet and
 * `amendments` test every pair of pending amendments this way first. */
bool merge_words_apart(const char *base, const char *ours, const char *theirs);

#endif
