/* Running ssh-keygen without a shell, and the private temporary directories its files go in. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ssh/keygen.h"

extern char **environ;

/* ---- Temporary files ---------------------------------------------------- */

int ssh_tmpdir_make(ssh_tmpdir *t)
{
	const char *base = getenv("TMPDIR");
	if (!base || !*base || strlen(base) > sizeof(t->dir) - 32)
		base = "/tmp";
	snprintf(t->dir, sizeof(t->dir), "%s/charter-sig-XXXXXX", base);
	if (!mkdtemp(t->dir)) {
		int e = errno;
		t->dir[0] = '\0';
		return error_set(CHARTER_ERROR, "cannot create a temporary directory in %s: %s",
			base, strerror(e));
	}
	return 0;
}

int ssh_tmpdir_write(ssh_tmpdir *t, buf *path, const char *name, const void *data, size_t len)
{
	const char *p = data;
	int fd;
	buf_clear(path);
	buf_printf(path, "%s/%s", t->dir, name);
	if (buf_check(path) < 0)
		return CHARTER_ERROR;
	fd = open(path->ptr, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return error_set(CHARTER_ERROR, "cannot create %s: %s", path->ptr, strerror(errno));
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;
			close(fd);
			return error_set(CHARTER_ERROR, "cannot write %s: %s", path->ptr, strerror(e));
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) < 0)
		return error_set(CHARTER_ERROR, "cannot write %s: %s", path->ptr, strerror(errno));
	return 0;
}

void ssh_tmpdir_remove(ssh_tmpdir *t)
{
	DIR *d;
	struct dirent *e;
	char path[sizeof(t->dir) + 256 + 2];
	if (!t->dir[0])
		return;
	if ((d = opendir(t->dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", t->dir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(t->dir);
	t->dir[0] = '\0';
}

/* ---- Running ssh-keygen ------------------------------------------------- */

static int cloexec_pipe(int fds[2])
{
	if (pipe(fds) < 0)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

int sshkeygen_run(int *status, buf *out, buf *err, const char *const *argv,
	const char *stdin_path)
{
	const char *prog = "ssh-keygen";
	posix_spawn_file_actions_t fa;
	int out_pipe[2] = { -1, -1 }, err_pipe[2] = { -1, -1 };
	char **args = NULL;
	size_t argc = 0;
	pid_t pid;
	int rc = CHARTER_ERROR, e, wstatus;

	*status = -1;
	while (argv[argc])
		argc++;
	if (!(args = calloc(argc + 1, sizeof(*args))))
		return error_set(CHARTER_ERROR, "out of memory");
	args[0] = (char *)prog;
	for (size_t i = 1; i < argc; i++)
		args[i] = (char *)argv[i];

	if ((out && cloexec_pipe(out_pipe) < 0) || (err && cloexec_pipe(err_pipe) < 0)) {
		rc = error_set(CHARTER_ERROR, "cannot run ssh-keygen: %s", strerror(errno));
		goto cleanup_pipes;
	}
	posix_spawn_file_actions_init(&fa);
	if (stdin_path)
		posix_spawn_file_actions_addopen(&fa, 0, stdin_path, O_RDONLY, 0);
	if (out)
		posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
	if (err)
		posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
	e = posix_spawnp(&pid, prog, &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (out) {
		close(out_pipe[1]);
		out_pipe[1] = -1;
	}
	if (err) {
		close(err_pipe[1]);
		err_pipe[1] = -1;
	}
	if (e != 0) {
		rc = error_set(CHARTER_ERROR, "cannot run ssh-keygen: %s", strerror(e));
		goto cleanup_pipes;
	}

	/* Drain both pipes until both close. */
	{
		struct pollfd pfd[2];
		buf *dst[2];
		int n = 0;
		if (out) {
			pfd[n] = (struct pollfd){ out_pipe[0], POLLIN, 0 };
			dst[n++] = out;
		}
		if (err) {
			pfd[n] = (struct pollfd){ err_pipe[0], POLLIN, 0 };
			dst[n++] = err;
		}
		int open_fds = n;
		while (open_fds > 0) {
			if (poll(pfd, (nfds_t)n, -1) < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			for (int i = 0; i < n; i++) {
				char chunk[4096];
				ssize_t got;
				if (pfd[i].fd < 0 || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
					continue;
				got = read(pfd[i].fd, chunk, sizeof(chunk));
				if (got < 0 && errno == EINTR)
					continue;
				if (got <= 0) {
					pfd[i].fd = -1;
					open_fds--;
					continue;
				}
				buf_put(dst[i], chunk, (size_t)got);
			}
		}
	}
	while (waitpid(pid, &wstatus, 0) < 0) {
		if (errno != EINTR) {
			rc = error_set(CHARTER_ERROR, "cannot wait for ssh-keygen: %s", strerror(errno));
			goto cleanup_pipes;
		}
	}
	if (WIFEXITED(wstatus))
		*status = WEXITSTATUS(wstatus);
	/* posix_spawnp reports a missing program as exit status 127. */
	if (*status == 127)
		rc = error_set(CHARTER_ERROR, "cannot run ssh-keygen (is OpenSSH installed?)");
	else if ((out && out->oom) || (err && err->oom))
		rc = error_set(CHARTER_ERROR, "out of memory");
	else
		rc = 0;

cleanup_pipes:
	for (int i = 0; i < 2; i++) {
		if (out_pipe[i] >= 0)
			close(out_pipe[i]);
		if (err_pipe[i] >= 0)
			close(err_pipe[i]);
	}
	free(args);
	return rc;
}
