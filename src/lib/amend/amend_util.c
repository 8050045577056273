/* Waiting before a write is retried, and the crash hook of the tests. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "amend/amend.h"

void amend_backoff(int attempt)
{
	struct timespec ts = { 0, (long)((5 + (getpid() + attempt * 7) % 20) * 1000000L) };
	nanosleep(&ts, NULL);
}

void amend_crash_point(const char *point)
{
	const char *at = getenv("CHARTER_TEST_CRASH_AT");
	if (at && strcmp(at, point) == 0) {
		raise(SIGKILL);
		_exit(137);
	}
}
