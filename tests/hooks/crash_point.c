/* The crash points of the tests' instrumented charter (CHARTER_TEST_HOOKS):
 * die at the point named by $CHARTER_TEST_CRASH_AT, as kill -9 would. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amend/amend.h"

void amend_crash_point(const char *point)
{
	const char *at = getenv("CHARTER_TEST_CRASH_AT");
	if (at && strcmp(at, point) == 0) {
		raise(SIGKILL);
		_exit(137);
	}
}
