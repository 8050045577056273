/* blob_memo: the texts of the blobs read last, shared by threads that read
 * one store, so that a text several loads want is read (inflated and
 * hashed) once. The site's amendment pages want each section version
 * twice (as one adoption's proposed text and as the next one's base), and
 * the history index's replay, beside them, once more. */
#ifndef CHARTER_BLOB_MEMO_H
#define CHARTER_BLOB_MEMO_H

#include <git2.h>
#include <stddef.h>

typedef struct blob_memo blob_memo;

/* A memo of at most `entries` texts and `bytes` bytes of them, whose
 * reader ahead (blob_memo_read_ahead) waits while `ahead` texts it kept are
 * not taken yet (0: never); NULL when out of memory. */
blob_memo *blob_memo_new(size_t entries, size_t bytes, size_t ahead);
void blob_memo_free(blob_memo *m);

/* *out = a copy of blob `id`'s bytes, NUL-terminated, *len its length:
 * from the memo when it holds them, else read through `repo` (libgit2
 * checks the bytes against the id) and kept. `m` may be NULL: then it
 * only reads. 0, or an error naming `what` (the blob's path). */
int blob_memo_read(char **out, size_t *len, blob_memo *m, git_repository *repo, const git_oid *id,
	const char *what);
/* The same for the reader that runs ahead of the others on the same texts
 * (the history index's replay beside the site's amendment pages), through
 * `odb`: it waits for them to take the texts it kept, so that they are
 * still here when taken; after a long wait (50 ms: a slow page, or they
 * want other texts, or none) not until they take one of its texts again,
 * and not at all once blob_memo_done() says they are done. */
int blob_memo_read_ahead(char **out, size_t *len, blob_memo *m, git_odb *odb, const git_oid *id, const char *what);
void blob_memo_done(blob_memo *m);

/* How many texts were read from the object database, not the memo; how
 * many waits of the reader ahead timed out. */
void blob_memo_counts(blob_memo *m, size_t *reads, size_t *long_waits);

#endif
