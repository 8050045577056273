/* Internal conventions of libcharter: errors and small shared helpers. */
#ifndef CHARTER_INTERNAL_H
#define CHARTER_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <git2.h>

#include "charter.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Record a failure for charter_error_last() and return `code`. */
int error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The same for a failure about one option or argument: `option` is its
 * name in the API (an options struct member such as "title", or an
 * argument such as "key"; a static string), for charter_error_last_option(). */
int error_set_option(int code, const char *option, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* When `code` is a failure (negative), say it is about `option`; returns `code`. */
int error_option(int code, const char *option);

/* Record libgit2's last error, prefixed with `what`; returns CHARTER_ERROR,
 * or CHARTER_ENOTFOUND / CHARTER_EEXISTS when libgit2 said so. */
int error_git(int git_code, const char *what);

/* Forget the last failure (used when a failure is handled, not reported). */
void error_clear(void);

/* An options struct's `version`: every version from 1 up to the library's
 * own (`current`) is accepted, so a newer library serves callers built
 * against an older header (read a field added in version N only when
 * version >= N). 0 (a struct not started from its _INIT macro) or a version
 * newer than the library: CHARTER_EINVALID naming `what`. */
int options_version_check(unsigned int version, unsigned int current, const char *what);

/* strdup that sets an error on out-of-memory. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
