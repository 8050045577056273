/* The pager, chosen as git chooses it: long output on a terminal goes through it. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

static pid_t pager_pid = -1;

/* Close our end so the pager sees the end of its input, then wait for it:
 * the shell prompt must not come back before the pager is done. */
static void wait_for_pager(void)
{
	if (pager_pid <= 0)
		return;
	fflush(stdout);
	fflush(stderr);
	close(STDOUT_FILENO);
	close(STDERR_FILENO);
	while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
		;
	pager_pid = -1;
}

/* The reader quit the pager (q) before the end: nothing went wrong. */
static void pager_gone(int sig)
{
	(void)sig;
	if (pager_pid > 0) {
		close(STDOUT_FILENO);
		close(STDERR_FILENO);
		while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	_exit(0);
}

/* git's order: $CHARTER_PAGER (git's GIT_PAGER), core.pager, $PAGER, less.
 * "" and "cat" mean no pager. Returns NULL for none; the caller frees. */
static char *pager_command(void)
{
	const char *env = getenv("CHARTER_PAGER");
	if (env)
		return strdup(env);
	charter_store *store = NULL;
	char *configured = NULL;
	/* The store's config when there is one (its core.pager), else the user's. */
	if (charter_store_open(&store, cli.store) < 0)
		store = NULL;
	int found = charter_config_get(&configured, store, "core.pager") == 0;
	charter_store_free(store);
	if (found) {
		char *copy = strdup(configured);
		charter_free(configured);
		return copy;
	}
	env = getenv("PAGER");
	return strdup(env ? env : "less");
}

bool cli_pager_active(void)
{
	return pager_pid > 0;
}

void cli_pager(void)
{
	if (cli.no_pager || pager_pid > 0 || !isatty(STDOUT_FILENO))
		return;
	char *cmd = pager_command();
	if (!cmd || !*cmd || strcmp(cmd, "cat") == 0) {
		free(cmd);
		return;
	}
	fflush(stdout);
	int fds[2];
	if (pipe(fds) < 0) {
		free(cmd);
		return;
	}
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		free(cmd);
		return;
	}
	if (pid == 0) {
		/* The pager: our output is its input. As git: LESS=FRX (quit when
		 * it fits one screen, pass colours, leave the screen as it is) and
		 * LV=-c (colours for lv), unless the user set them. */
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		setenv("LESS", "FRX", 0);
		setenv("LV", "-c", 0);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		fprintf(stderr, "charter: cannot run the pager '%s': %s\n", cmd, strerror(errno));
		_exit(127);
	}
	free(cmd);
	close(fds[0]);
	dup2(fds[1], STDOUT_FILENO);
	if (isatty(STDERR_FILENO))
		dup2(fds[1], STDERR_FILENO);
	close(fds[1]);
	pager_pid = pid;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = pager_gone;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
	atexit(wait_for_pager);
}
