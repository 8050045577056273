/* A tiny assertion kit for unit tests: each failed check is printed with
 * its place, and TEST_DONE() prints "N passed, M failed" and sets the exit
 * status. */
#ifndef CHARTER_TESTLIB_H
#define CHARTER_TESTLIB_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static int test_passed, test_failed;

#define CHECK(cond) do { \
	if (cond) test_passed++; \
	else { test_failed++; fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_STR(expected, actual) do { \
	const char *e_ = (expected), *a_ = (actual); \
	if (e_ && a_ && strcmp(e_, a_) == 0) test_passed++; \
	else { test_failed++; fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__, \
		e_ ? e_ : "(null)", a_ ? a_ : "(null)"); } \
} while (0)

/* Run a shell command (test-controlled text only, at most 4 KiB); its exit
 * status, -1 when it did not exit. */
static inline int test_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline int test_sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#define TEST_DONE() (printf("%d passed, %d failed\n", test_passed, test_failed), test_failed ? 1 : 0)

#endif
