/* date.c - dates and the calendar */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

static int
month_days(long y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return mdays[m - 1] + (m == 2 && leap);
}

int
swt_date_valid_ymd(int y, int m, int d)
{
	if (y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= month_days(y, m);
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + s[i] - '0';
	}
	*out = v;
	return 0;
}

static void
put2(char *o, int v)
{
	o[0] = (char)('0' + v / 10 % 10);
	o[1] = (char)('0' + v % 10);
}

/* yyyy-mm-dd and a NUL into o (11 bytes); y is within 0..9999 */
static void
ymd(char *o, long y, long m, long d)
{
	put2(o, (int)(y / 100));
	put2(o + 2, (int)(y % 100));
	o[4] = '-';
	put2(o + 5, (int)m);
	o[7] = '-';
	put2(o + 8, (int)d);
	o[10] = '\0';
}

int
swt_date_norm(const char *s, char *out)
{
	int y, m, d, hh = -1, mm = 0, ss = -1;
	const char *t;

	if (!s)
		return -1;
	if (strlen(s) >= 10 && s[4] == '-' && s[7] == '-') {
		if (digits(s, 4, &y) || digits(s + 5, 2, &m) ||
		    digits(s + 8, 2, &d))
			return -1;
		t = s + 10;
	} else if (strlen(s) >= 10 && s[2] == '-' && s[5] == '-') {
		if (digits(s, 2, &d) || digits(s + 3, 2, &m) ||
		    digits(s + 6, 4, &y))
			return -1;
		t = s + 10;
	} else
		return -1;
	if (*t == 'T' || *t == ' ') {
		if (strlen(t) < 6 || t[3] != ':' || digits(t + 1, 2, &hh) ||
		    digits(t + 4, 2, &mm))
			return -1;
		t += 6;
		if (*t == ':') {
			if (digits(t + 1, 2, &ss) || strlen(t) < 3)
				return -1;
			t += 3;
		}
		if (hh > 23 || mm > 59 || ss > 59)
			return -1;
	}
	if (*t || !swt_date_valid_ymd(y, m, d))
		return -1;
	ymd(out, y, m, d);
	if (hh >= 0) {
		out[10] = 'T';
		put2(out + 11, hh);
		out[13] = ':';
		put2(out + 14, mm);
		out[16] = '\0';
		if (ss >= 0) {
			out[16] = ':';
			put2(out + 17, ss);
			out[19] = '\0';
		}
	}
	return 0;
}

/* Days from civil date (proleptic Gregorian), after H. Hinnant. */
long
swt_date_from_ymd(int year, int m, int d)
{
	long era, yoe, doy, doe, y = year;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Its inverse, after the same. */
void
swt_date_ymd(long z, int *year, int *month, int *day)
{
	long era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	if (year)
		*year = (int)(y + (m <= 2));
	if (month)
		*month = (int)m;
	if (day)
		*day = (int)d;
}

long
swt_date_days(const char *iso)
{
	int y, m, d;

	if (!iso || strlen(iso) < 10 || digits(iso, 4, &y) ||
	    digits(iso + 5, 2, &m) || digits(iso + 8, 2, &d))
		return 0;
	return swt_date_from_ymd(y, m, d);
}

void
swt_date_from_days(long z, char *out)
{
	int y, m, d;

	swt_date_ymd(z, &y, &m, &d);
	ymd(out, y, m, d);
}

int
swt_date_weekday(long day)
{
	/* 1970-01-01, day 0, was a Thursday */
	return (int)((day % 7 + 7 + 3) % 7) + 1;
}

/* The Monday of ISO week 1: the week that holds 4 January. */
static long
week1(int year)
{
	long jan4 = swt_date_from_ymd(year, 1, 4);

	return jan4 - swt_date_weekday(jan4) + 1;
}

int
swt_date_isoweek(long day, int *year)
{
	/* a week belongs to the year that holds its Thursday */
	long thu = day - swt_date_weekday(day) + 4;
	int y;

	swt_date_ymd(thu, &y, NULL, NULL);
	if (year)
		*year = y;
	return (int)((thu - swt_date_from_ymd(y, 1, 1)) / 7 + 1);
}

long
swt_date_add_months(long day, long n)
{
	int y, m, d;
	long mon;

	swt_date_ymd(day, &y, &m, &d);
	mon = y * 12L + m - 1 + n;
	y = (int)(mon >= 0 ? mon / 12 : (mon - 11) / 12);
	m = (int)(mon - y * 12L) + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return swt_date_from_ymd(y, m, d);
}

/* ---- periods ---- */

static const char *const unit_name[] = { "year", "quarter", "month", "week" };

int
swt_period_unit(const char *name)
{
	for (int u = 0; u < 4; u++)
		if (name && !strcmp(name, unit_name[u]))
			return u;
	return -1;
}

void
swt_period_of(long day, enum swt_period unit, long *first, long *last)
{
	int y, m, months = unit == SWT_YEAR ? 12 : unit == SWT_QUARTER ? 3 : 1;

	if (unit == SWT_WEEK) {
		*first = day - swt_date_weekday(day) + 1;
		*last = *first + 6;
		return;
	}
	swt_date_ymd(day, &y, &m, NULL);
	*first = swt_date_from_ymd(y, m - (m - 1) % months, 1);
	*last = swt_date_add_months(*first, months) - 1;
}

int
swt_period_name(long day, enum swt_period unit, char *out)
{
	int y, m, n;

	swt_date_ymd(day, &y, &m, NULL);
	if (unit == SWT_WEEK)
		m = swt_date_isoweek(day, &y);
	if (y < 0 || y > 9999)
		return -1;
	switch (unit) {
	case SWT_YEAR:
		n = snprintf(out, SWT_PERIOD_MAX, "%04d", y);
		break;
	case SWT_QUARTER:
		n = snprintf(out, SWT_PERIOD_MAX, "%04d-Q%d", y, (m + 2) / 3);
		break;
	case SWT_MONTH:
		n = snprintf(out, SWT_PERIOD_MAX, "%04d-%02d", y, m);
		break;
	default:
		n = snprintf(out, SWT_PERIOD_MAX, "%04d-W%02d", y, m);
		break;
	}
	return n > 0 && n < SWT_PERIOD_MAX ? 0 : -1;
}

int
swt_period_parse(const char *s, enum swt_period *unit, long *first,
    long *last)
{
	enum swt_period u;
	size_t len = s ? strlen(s) : 0;
	int y, n = 1, wy;
	long day;

	if (len < 4 || digits(s, 4, &y) || !swt_date_valid_ymd(y, 1, 1))
		return -1;
	if (len == 4)
		u = SWT_YEAR;
	else if (len == 7 && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' &&
	    s[6] <= '4') {
		u = SWT_QUARTER;
		n = s[6] - '0';
	} else if (len == 7 && s[4] == '-' && !digits(s + 5, 2, &n) &&
	    n >= 1 && n <= 12)
		u = SWT_MONTH;
	else if (len == 8 && s[4] == '-' && s[5] == 'W' &&
	    !digits(s + 6, 2, &n) && n >= 1 && n <= 53)
		u = SWT_WEEK;
	else
		return -1;
	if (u == SWT_WEEK) {
		day = week1(y) + 7L * (n - 1);
		if (swt_date_isoweek(day, &wy) != n || wy != y)
			return -1;	/* week 53 of a year of 52 */
	} else
		day = swt_date_from_ymd(y, u == SWT_QUARTER ? 3 * n - 2 : n,
		    1);
	if (unit)
		*unit = u;
	swt_period_of(day, u, first, last);
	return 0;
}
