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

/* Record libgit2's last error, prefixed with `what`; returns CHARTER_ERROR,
 * or CHARTER_ENOTFOUND / CHARTER_EEXISTS when libgit2 said so. */
int error_git(int git_code, const char *what);

/* Forget the last failure (used when a failure is handled, not reported). */
void error_clear(void);

/* strdup that sets an error on out-of-memory. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
