/* date.c - dates and the calendar */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
swt_date_ymd(long day, int *y, int *m, int *d)
{
	long z = day + 719468, era, doe, yoe, doy, mp, mon;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	mon = mp < 10 ? mp + 3 : mp - 9;
	if (y)
		*y = (int)(yoe + era * 400 + (mon <= 2));
	if (m)
		*m = (int)mon;
	if (d)
		*d = (int)(doy - (153 * mp + 2) / 5 + 1);
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
swt_date_today(char *out)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	ymd(out, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
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

/* ---- the calendar of the Algemene termijnenwet ---- */

/* Easter Sunday: the anonymous Gregorian algorithm (Meeus, Jones, Butcher). */
long
swt_date_easter(int y)
{
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int n = h + l - 7 * m + 114;

	return swt_date_from_ymd(y, n / 31, n % 31 + 1);
}

/*
 * Atw art. 3: the days of lid 1 and Goede Vrijdag (lid 2), and the first
 * days of Easter and Pentecost, Sundays anyway, to name a move by; where
 * two fall on one day (5 May 2005) the first here names it.  Koningsdag is
 * apart.
 */
static const struct feast {
	int month;		/* 0: day is the days after Easter Sunday */
	int day;
	const char *name;
} feasts[] = {
	{ 1, 1, "Nieuwjaarsdag" },
	{ 0, -2, "Goede Vrijdag" },
	{ 0, 0, "eerste Paasdag" },
	{ 0, 1, "tweede Paasdag" },
	{ 5, 5, "Bevrijdingsdag" },	/* every year, not each fifth */
	{ 0, 39, "Hemelvaartsdag" },
	{ 0, 49, "eerste Pinksterdag" },
	{ 0, 50, "tweede Pinksterdag" },
	{ 12, 25, "eerste Kerstdag" },
	{ 12, 26, "tweede Kerstdag" },
};

struct swt_calendar {
	size_t n, cap;
	struct equated {
		long day;
		char *name;
	} *eq;
};

struct swt_calendar *
swt_calendar_new(void)
{
	return calloc(1, sizeof(struct swt_calendar));
}

void
swt_calendar_free(struct swt_calendar *cal)
{
	if (!cal)
		return;
	for (size_t i = 0; i < cal->n; i++)
		free(cal->eq[i].name);
	free(cal->eq);
	free(cal);
}

int
swt_calendar_add(struct swt_calendar *cal, long day, const char *name)
{
	char *copy;

	if (cal->n == cal->cap) {
		size_t cap = cal->cap ? cal->cap * 2 : 16;
		struct equated *eq = reallocarray(cal->eq, cap, sizeof *eq);

		if (!eq)
			return -1;
		cal->eq = eq;
		cal->cap = cap;
	}
	if (!(copy = strdup(name)))
		return -1;
	cal->eq[cal->n].day = day;
	cal->eq[cal->n++].name = copy;
	return 0;
}

/*
 * The king's birthday as the law keeps it: 27 April from 2014, before that
 * the queen's, 30 April; a day earlier when that is a Sunday.  (That is the
 * rule since 1980; older years are no deadlines of ours.)
 */
static long
kings_day(int y, const char **name)
{
	long d = swt_date_from_ymd(y, 4, y >= 2014 ? 27 : 30);

	*name = y >= 2014 ? "Koningsdag" : "Koninginnedag";
	return swt_date_weekday(d) == 7 ? d - 1 : d;
}

const char *
swt_calendar_holiday(const struct swt_calendar *cal, long day)
{
	const char *king;
	long easter;
	int y;

	swt_date_ymd(day, &y, NULL, NULL);
	easter = swt_date_easter(y);
	for (size_t i = 0; i < sizeof feasts / sizeof *feasts; i++)
		if (day == (feasts[i].month ? swt_date_from_ymd(y,
		    feasts[i].month, feasts[i].day) : easter + feasts[i].day))
			return feasts[i].name;
	if (day == kings_day(y, &king))
		return king;
	for (size_t i = 0; cal && i < cal->n; i++)
		if (cal->eq[i].day == day)
			return cal->eq[i].name;
	return NULL;
}

const char *
swt_calendar_dayoff(const struct swt_calendar *cal, long day)
{
	const char *name = swt_calendar_holiday(cal, day);

	if (name)
		return name;
	switch (swt_date_weekday(day)) {
	case 6:
		return "zaterdag";
	case 7:
		return "zondag";
	default:
		return NULL;
	}
}

long
swt_calendar_deadline(const struct swt_calendar *cal, long day,
    const char **why)
{
	const char *off = swt_calendar_dayoff(cal, day);

	if (why)
		*why = off;
	while (off)
		off = swt_calendar_dayoff(cal, ++day);
	return day;
}

long
swt_calendar_add_workdays(const struct swt_calendar *cal, long day, long n)
{
	long step = n < 0 ? -1 : 1;

	while (n != 0) {
		day += step;
		if (!swt_calendar_dayoff(cal, day))
			n -= step;
	}
	return day;
}

long
swt_calendar_workdays(const struct swt_calendar *cal, long from, long to)
{
	long n = 0, step = to < from ? -1 : 1;

	while (from != to) {
		from += step;
		if (!swt_calendar_dayoff(cal, from))
			n += step;
	}
	return n;
}
