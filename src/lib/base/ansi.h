/* The colours of reports for a terminal: one table of ANSI codes for every
 * report that takes a COLOR flag (amendments, verify, sync). */
#ifndef CHARTER_ANSI_H
#define CHARTER_ANSI_H

#include <stdbool.h>

typedef struct {
	const char *red, *green, *bold, *dim, *reset;
} ansi_colours;

/* The ANSI codes when `on`, else empty strings (so callers print alike). */
static inline ansi_colours ansi_colours_for(bool on)
{
	if (on)
		return (ansi_colours){ "\033[31m", "\033[32m", "\033[1m", "\033[2m", "\033[0m" };
	return (ansi_colours){ "", "", "", "", "" };
}

#endif
