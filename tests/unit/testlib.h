/* A tiny assertion kit for unit tests: each failed check is printed with
 * its place, and TEST_DONE() prints "N passed, M failed" and sets the exit
 * status. */
#ifndef CHARTER_TESTLIB_H
#define CHARTER_TESTLIB_H

#include <stdio.h>
#include <string.h>

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

#define TEST_DONE() (printf("%d passed, %d failed\n", test_passed, test_failed), test_failed ? 1 : 0)

#endif
