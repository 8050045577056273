/* Adoption dates: YYYY-MM-DD, from 1970-01-01 on. */
#ifndef CHARTER_DATE_H
#define CHARTER_DATE_H

#include <stdint.h>

/* Parse a date into seconds since the epoch at 00:00:00 UTC of that day.
 * CHARTER_EINVALID for anything but a real calendar date from 1970-01-01
 * to DATE_LAST_YEAR-12-31 (git cannot store earlier dates: libgit2 1.5
 * silently writes them as dates after 2100; and 32-bit commit times, which
 * some tools still use, wrap on 2106-02-07). */
int date_parse(int64_t *out, const char *s);

/* Days since 1970-01-01 of a proleptic Gregorian date (negative before). */
int64_t date_days_from_civil(int64_t y, int m, int d);

/* Format seconds since the epoch as YYYY-MM-DD (UTC) into out[11]. */
void date_format(char out[11], int64_t t);

/* Today's date (UTC) as YYYY-MM-DD. */
void date_today(char out[11]);

#define DATE_LAST_YEAR 2099
#define DATE_NOON (12 * 3600)
#define DATE_DAY (24 * 3600)

#endif
