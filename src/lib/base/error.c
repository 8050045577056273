/* Per-thread error state behind charter_error_last(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"

static _Thread_local char last_message[1024];
static _Thread_local int last_code;
static _Thread_local const char *last_option;

static int error_vset(int code, const char *option, const char *fmt, va_list ap)
{
	vsnprintf(last_message, sizeof(last_message), fmt, ap);
	/* One line, always: a message must never break the CLI's output. */
	for (char *p = last_message; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	last_code = code;
	last_option = option;
	return code;
}

int error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_vset(code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int error_set_option(int code, const char *option, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_vset(code, option, fmt, ap);
	va_end(ap);
	return code;
}

int error_option(int code, const char *option)
{
	if (code < 0)
		last_option = option;
	return code;
}

int error_git(int git_code, const char *what)
{
	const git_error *e = git_error_last();
	int code = CHARTER_ERROR;
	if (git_code == GIT_ENOTFOUND)
		code = CHARTER_ENOTFOUND;
	else if (git_code == GIT_EEXISTS)
		code = CHARTER_EEXISTS;
	else if (git_code == GIT_EMODIFIED || git_code == GIT_ELOCKED)
		code = CHARTER_EMOVED;
	return error_set(code, "%s: %s", what, e && e->message ? e->message : "git error");
}

void error_clear(void)
{
	last_message[0] = '\0';
	last_code = 0;
	last_option = NULL;
}

const char *charter_error_last(void)
{
	return last_message;
}

int charter_error_last_code(void)
{
	return last_code;
}

const char *charter_error_last_option(void)
{
	return last_option ? last_option : "";
}

void charter_free(void *ptr)
{
	free(ptr);
}

const char *charter_version(void)
{
	return CHARTER_VERSION;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p) {
		error_set(CHARTER_ERROR, "out of memory");
		return NULL;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
