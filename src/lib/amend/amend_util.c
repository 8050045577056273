/* Waiting before a write is retried (the tests' crash hook is in tests/hooks/crash_point.c). */
#include <time.h>
#include <unistd.h>

#include "amend/amend.h"

void amend_backoff(int attempt)
{
	struct timespec ts = { 0, (long)((5 + (getpid() + attempt * 7) % 20) * 1000000L) };
	nanosleep(&ts, NULL);
}
