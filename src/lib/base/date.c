/* Adoption dates: parsing and formatting YYYY-MM-DD, days from the civil calendar, today. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/internal.h"

int64_t date_days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

int date_parse(int64_t *out, const char *s)
{
	int y = 0, m = 0, d = 0;
	bool shape = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
	for (int i = 0; shape && i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			shape = false;
	if (!shape)
		return error_set(CHARTER_EINVALID, "'%.40s' is not a date: use YYYY-MM-DD", s);
	sscanf(s, "%4d-%2d-%2d", &y, &m, &d);
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return error_set(CHARTER_EINVALID, "'%s' is not a calendar date", s);
	if (y < 1970)
		return error_set(CHARTER_EINVALID,
			"'%s' is before 1970-01-01: git cannot record earlier dates", s);
	/* Far from 2106-02-07, where 32-bit commit times wrap. */
	if (y > DATE_LAST_YEAR)
		return error_set(CHARTER_EINVALID, "'%s' is after %d-12-31, the last date charter records", s,
			DATE_LAST_YEAR);
	*out = date_days_from_civil(y, m, d) * DATE_DAY;
	return 0;
}

void date_format(char out[11], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void date_today(char out[11])
{
	date_format(out, (int64_t)time(NULL));
}
