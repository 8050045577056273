/* Running ssh-keygen (without a shell) and private temporary directories for its files. */
#ifndef CHARTER_KEYGEN_H
#define CHARTER_KEYGEN_H

#include "base/buf.h"
#include "base/internal.h"

/* Run `ssh-keygen` with `argv` (argv[0] is ignored and replaced by the
 * program name) without a shell. stdin comes from `stdin_path` (NULL: the
 * caller's stdin, so a passphrase prompt can use the terminal). stdout and
 * stderr are captured into `out` / `err` when non-NULL (else inherited).
 * *status is the exit status, or -1 when it died of a signal. Returns
 * negative when it could not be started. */
int sshkeygen_run(int *status, buf *out, buf *err, const char *const *argv,
	const char *stdin_path);

/* A private temporary directory (mode 0700) and files in it. */
typedef struct {
	char dir[256];
} ssh_tmpdir;
int ssh_tmpdir_make(ssh_tmpdir *t);
/* Write `name` in the directory; its path is appended to `path`. */
int ssh_tmpdir_write(ssh_tmpdir *t, buf *path, const char *name, const void *data, size_t len);
/* Remove every file in it and the directory itself. */
void ssh_tmpdir_remove(ssh_tmpdir *t);

#endif
