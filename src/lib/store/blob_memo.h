/* blob_memo: the texts of the blobs read last, shared by threads that read
 * one store, so that a text several loads want is read (inflated and
 * hashed) once. The site's amendment pages want each section version
 * twice: as one adoption's proposed text and as the next one's base. */
#ifndef CHARTER_BLOB_MEMO_H
#define CHARTER_BLOB_MEMO_H

#include <git2.h>
#include <stddef.h>

typedef struct blob_memo blob_memo;

/* A memo of at most `entries` texts and `bytes` bytes of them; NULL when
 * out of memory. */
blob_memo *blob_memo_new(size_t entries, size_t bytes);
void blob_memo_free(blob_memo *m);

/* *out = a copy of blob `id`'s bytes, NUL-terminated, *len its length:
 * from the memo when it holds them, else read through `repo` (libgit2
 * checks the bytes against the id) and kept. `m` may be NULL: then it
 * only reads. 0, or an error naming `what` (the blob's path). */
int blob_memo_read(char **out, size_t *len, blob_memo *m, git_repository *repo, const git_oid *id,
	const char *what);

#endif
