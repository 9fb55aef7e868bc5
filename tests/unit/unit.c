/* unit.c - C unit tests of the library, TAP output */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

static int count, failed;

static void
ok(int cond, const char *what)
{
	count++;
	if (!cond)
		failed++;
	printf("%sok %d - unit: %s\n", cond ? "" : "not ", count, what);
}

static void
bsn(void)
{
	static const char *good[] = { "999993847", "999992077", "999993483",
	    "999990482", "999993653", "999995017", "111222333", "123456782", "100000009" };
	static const char *bad[] = { "123456789", "99999384", "9999938470",
	    "99999384x", "", "000000000", "999993848" };

	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		ok(swt_bsn_valid(good[i]), good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ok(!swt_bsn_valid(bad[i]), bad[i]);
}

static void
dates(void)
{
	char o[20];

	ok(swt_date_norm("2024-03-07", o) == 0 && !strcmp(o, "2024-03-07"),
	    "iso date");
	ok(swt_date_norm("07-03-2024", o) == 0 && !strcmp(o, "2024-03-07"),
	    "dutch date normalised");
	ok(swt_date_norm("2024-03-07T09:30", o) == 0 &&
	    !strcmp(o, "2024-03-07T09:30"), "date and time");
	ok(swt_date_norm("2024-03-07 09:30:15", o) == 0 &&
	    !strcmp(o, "2024-03-07T09:30:15"), "space before time");
	ok(swt_date_norm("2024-02-29", o) == 0, "leap day 2024");
	ok(swt_date_norm("2023-02-29", o) < 0, "no leap day 2023");
	ok(swt_date_norm("1900-02-29", o) < 0, "no leap day 1900");
	ok(swt_date_norm("2000-02-29", o) == 0, "leap day 2000");
	ok(swt_date_norm("2024-04-31", o) < 0, "april has 30 days");
	ok(swt_date_norm("2024-13-01", o) < 0, "month 13");
	ok(swt_date_norm("2024-3-7", o) < 0, "unpadded");
	ok(swt_date_norm("2024-03-07T25:00", o) < 0, "hour 25");
	ok(swt_date_norm("2024-03-07x", o) < 0, "trailing junk");
	ok(swt_date_days("1970-01-01") == 0, "epoch is day 0");
	ok(swt_date_days("2024-03-01") - swt_date_days("2024-02-28") == 2,
	    "days across a leap day");
	swt_date_from_days(swt_date_days("2031-12-31") + 1, o);
	ok(!strcmp(o, "2032-01-01"), "days back to a date");
}

static long
day(const char *iso)
{
	return swt_date_days(iso);
}

/* A day plus n of something is another: months, working days. */
struct step {
	const char *from;
	long n;
	const char *to;
};

static void
steps(const struct step *t, size_t n, long (*add)(long, long),
    const char *unit)
{
	char what[80], got[11];

	for (size_t i = 0; i < n; i++) {
		swt_date_from_days(add(day(t[i].from), t[i].n), got);
		snprintf(what, sizeof what, "%s %+ld %s is %s", t[i].from,
		    t[i].n, unit, t[i].to);
		ok(!strcmp(got, t[i].to), what);
	}
}

static void
day_arithmetic(void)
{
	static const struct {
		const char *day;
		int weekday, week, year;
	} weeks[] = {
		{ "1970-01-01", 4, 1, 1970 },
		{ "2020-12-31", 4, 53, 2020 },
		{ "2021-01-03", 7, 53, 2020 },
		{ "2021-01-04", 1, 1, 2021 },
		{ "2024-02-29", 4, 9, 2024 },
		{ "2024-12-30", 1, 1, 2025 },
		{ "2026-01-01", 4, 1, 2026 },
		{ "2027-01-01", 5, 53, 2026 },
	};
	static const struct step months[] = {
		{ "2024-01-31", 1, "2024-02-29" },
		{ "2023-01-31", 1, "2023-02-28" },
		{ "2024-03-31", -1, "2024-02-29" },
		{ "2024-02-29", 12, "2025-02-28" },
		{ "2024-10-15", 3, "2025-01-15" },
		{ "2024-05-31", 1, "2024-06-30" },
		{ "2024-01-15", -13, "2022-12-15" },
	};
	char what[80];
	long bad = 0;

	for (size_t i = 0; i < sizeof weeks / sizeof *weeks; i++) {
		int y = 0, w = swt_date_isoweek(day(weeks[i].day), &y);

		snprintf(what, sizeof what, "%s is weekday %d of %d-W%02d",
		    weeks[i].day, weeks[i].weekday, weeks[i].year,
		    weeks[i].week);
		ok(swt_date_weekday(day(weeks[i].day)) == weeks[i].weekday &&
		    w == weeks[i].week && y == weeks[i].year, what);
	}
	steps(months, sizeof months / sizeof *months, swt_date_add_months,
	    "months");
	for (long z = day("1850-01-01"); z <= day("2200-12-31"); z++) {
		int y, m, d;

		swt_date_ymd(z, &y, &m, &d);
		bad += swt_date_from_ymd(y, m, d) != z ||
		    !swt_date_valid_ymd(y, m, d) ||
		    swt_date_weekday(z + 1) != swt_date_weekday(z) % 7 + 1;
	}
	ok(bad == 0, "every day 1850-2200 to y-m-d and back, weekdays in turn");
}

static void
periods(void)
{
	static const struct {
		const char *name;
		enum swt_period unit;
		const char *first, *last;
	} good[] = {
		{ "2024", SWT_YEAR, "2024-01-01", "2024-12-31" },
		{ "2024-Q1", SWT_QUARTER, "2024-01-01", "2024-03-31" },
		{ "2024-Q4", SWT_QUARTER, "2024-10-01", "2024-12-31" },
		{ "2024-02", SWT_MONTH, "2024-02-01", "2024-02-29" },
		{ "2023-02", SWT_MONTH, "2023-02-01", "2023-02-28" },
		{ "2024-12", SWT_MONTH, "2024-12-01", "2024-12-31" },
		{ "2024-W01", SWT_WEEK, "2024-01-01", "2024-01-07" },
		{ "2020-W53", SWT_WEEK, "2020-12-28", "2021-01-03" },
		{ "2025-W01", SWT_WEEK, "2024-12-30", "2025-01-05" },
	};
	static const char *const bad[] = { "", "24", "2024-", "2024-Q0",
	    "2024-Q5", "2024-q1", "2024-00", "2024-13", "2024-3", "2024-W00",
	    "2024-W54", "2021-W53", "2024-W1", "2024-03-01", " 2024",
	    "2024 ", "1700", "2024-M03", "2024-Q1x" };
	static const char *const names[] = { "2024", "2024-Q1", "2024-02",
	    "2024-W09" };
	enum swt_period u;
	long first, last, f2, l2, wrong = 0;
	char what[80], a[11], b[11], name[SWT_PERIOD_MAX];

	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		int r = swt_period_parse(good[i].name, &u, &first, &last);

		swt_date_from_days(first, a);
		swt_date_from_days(last, b);
		snprintf(what, sizeof what, "period %s is %s to %s",
		    good[i].name, good[i].first, good[i].last);
		ok(r == 0 && u == good[i].unit && !strcmp(a, good[i].first) &&
		    !strcmp(b, good[i].last), what);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(what, sizeof what, "period '%s' refused", bad[i]);
		ok(swt_period_parse(bad[i], &u, &first, &last) == -1, what);
	}
	ok(swt_period_parse(NULL, &u, &first, &last) == -1, "no period");
	for (u = SWT_YEAR; u <= SWT_WEEK; u++) {
		snprintf(what, sizeof what, "2024-02-29 is in %s", names[u]);
		ok(swt_period_name(day("2024-02-29"), u, name) == 0 &&
		    !strcmp(name, names[u]), what);
	}
	ok(swt_period_name(day("2024-12-30"), SWT_WEEK, name) == 0 &&
	    !strcmp(name, "2025-W01"), "2024-12-30 is in 2025-W01");
	ok(swt_period_unit("quarter") == SWT_QUARTER &&
	    swt_period_unit("week") == SWT_WEEK && swt_period_unit("day") ==
	    -1 && swt_period_unit(NULL) == -1, "period units by name");
	/* every day's period, by name and back */
	for (long z = day("2000-01-01"); z <= day("2030-12-31"); z++)
		for (u = SWT_YEAR; u <= SWT_WEEK; u++) {
			enum swt_period u2;

			swt_period_of(z, u, &first, &last);
			wrong += swt_period_name(z, u, name) != 0 ||
			    swt_period_parse(name, &u2, &f2, &l2) != 0 ||
			    u2 != u || f2 != first || l2 != last ||
			    first > z || z > last;
		}
	ok(wrong == 0, "each day 2000-2030 in the period its name gives");
}

/*
 * Written out, not computed: the holidays of Atw art. 3 that move, 2000-2030:
 * Goede Vrijdag, Easter Sunday and Monday, the day the law keeps as the
 * king's (from 2014) or the queen's birthday, Hemelvaartsdag, Whit Sunday
 * and Monday.  The fixed ones (1 January, 5 May, 25 and 26 December) are
 * the same each year.
 */
static const struct {
	const char *good_friday, *easter, *easter2, *king, *ascension;
	const char *pentecost, *pentecost2;
} atw_years[] = {
	{ "2000-04-21", "2000-04-23", "2000-04-24", "2000-04-29",
	    "2000-06-01", "2000-06-11", "2000-06-12" },	/* 30 April a Sunday */
	{ "2001-04-13", "2001-04-15", "2001-04-16", "2001-04-30",
	    "2001-05-24", "2001-06-03", "2001-06-04" },
	{ "2002-03-29", "2002-03-31", "2002-04-01", "2002-04-30",
	    "2002-05-09", "2002-05-19", "2002-05-20" },
	{ "2003-04-18", "2003-04-20", "2003-04-21", "2003-04-30",
	    "2003-05-29", "2003-06-08", "2003-06-09" },
	{ "2004-04-09", "2004-04-11", "2004-04-12", "2004-04-30",
	    "2004-05-20", "2004-05-30", "2004-05-31" },
	{ "2005-03-25", "2005-03-27", "2005-03-28", "2005-04-30",
	    "2005-05-05", "2005-05-15", "2005-05-16" },	/* Hemelvaart on 5 May */
	{ "2006-04-14", "2006-04-16", "2006-04-17", "2006-04-29",
	    "2006-05-25", "2006-06-04", "2006-06-05" },	/* 30 April a Sunday */
	{ "2007-04-06", "2007-04-08", "2007-04-09", "2007-04-30",
	    "2007-05-17", "2007-05-27", "2007-05-28" },
	{ "2008-03-21", "2008-03-23", "2008-03-24", "2008-04-30",
	    "2008-05-01", "2008-05-11", "2008-05-12" },
	{ "2009-04-10", "2009-04-12", "2009-04-13", "2009-04-30",
	    "2009-05-21", "2009-05-31", "2009-06-01" },
	{ "2010-04-02", "2010-04-04", "2010-04-05", "2010-04-30",
	    "2010-05-13", "2010-05-23", "2010-05-24" },
	{ "2011-04-22", "2011-04-24", "2011-04-25", "2011-04-30",
	    "2011-06-02", "2011-06-12", "2011-06-13" },
	{ "2012-04-06", "2012-04-08", "2012-04-09", "2012-04-30",
	    "2012-05-17", "2012-05-27", "2012-05-28" },
	{ "2013-03-29", "2013-03-31", "2013-04-01", "2013-04-30",
	    "2013-05-09", "2013-05-19", "2013-05-20" },
	{ "2014-04-18", "2014-04-20", "2014-04-21", "2014-04-26",
	    "2014-05-29", "2014-06-08", "2014-06-09" },	/* the first Koningsdag; 27th Sunday */
	{ "2015-04-03", "2015-04-05", "2015-04-06", "2015-04-27",
	    "2015-05-14", "2015-05-24", "2015-05-25" },
	{ "2016-03-25", "2016-03-27", "2016-03-28", "2016-04-27",
	    "2016-05-05", "2016-05-15", "2016-05-16" },	/* Hemelvaart on 5 May */
	{ "2017-04-14", "2017-04-16", "2017-04-17", "2017-04-27",
	    "2017-05-25", "2017-06-04", "2017-06-05" },
	{ "2018-03-30", "2018-04-01", "2018-04-02", "2018-04-27",
	    "2018-05-10", "2018-05-20", "2018-05-21" },
	{ "2019-04-19", "2019-04-21", "2019-04-22", "2019-04-27",
	    "2019-05-30", "2019-06-09", "2019-06-10" },
	{ "2020-04-10", "2020-04-12", "2020-04-13", "2020-04-27",
	    "2020-05-21", "2020-05-31", "2020-06-01" },
	{ "2021-04-02", "2021-04-04", "2021-04-05", "2021-04-27",
	    "2021-05-13", "2021-05-23", "2021-05-24" },
	{ "2022-04-15", "2022-04-17", "2022-04-18", "2022-04-27",
	    "2022-05-26", "2022-06-05", "2022-06-06" },
	{ "2023-04-07", "2023-04-09", "2023-04-10", "2023-04-27",
	    "2023-05-18", "2023-05-28", "2023-05-29" },
	{ "2024-03-29", "2024-03-31", "2024-04-01", "2024-04-27",
	    "2024-05-09", "2024-05-19", "2024-05-20" },
	{ "2025-04-18", "2025-04-20", "2025-04-21", "2025-04-26",
	    "2025-05-29", "2025-06-08", "2025-06-09" },	/* 27 April a Sunday */
	{ "2026-04-03", "2026-04-05", "2026-04-06", "2026-04-27",
	    "2026-05-14", "2026-05-24", "2026-05-25" },
	{ "2027-03-26", "2027-03-28", "2027-03-29", "2027-04-27",
	    "2027-05-06", "2027-05-16", "2027-05-17" },
	{ "2028-04-14", "2028-04-16", "2028-04-17", "2028-04-27",
	    "2028-05-25", "2028-06-04", "2028-06-05" },
	{ "2029-03-30", "2029-04-01", "2029-04-02", "2029-04-27",
	    "2029-05-10", "2029-05-20", "2029-05-21" },
	{ "2030-04-19", "2030-04-21", "2030-04-22", "2030-04-27",
	    "2030-05-30", "2030-06-09", "2030-06-10" },
};

/* A year's holidays against the table: "" if right, else the first wrong. */
static void
holiday_year(int y, size_t row, char *why, size_t len)
{
	long jan1 = swt_date_from_ymd(y, 1, 1);
	const struct {
		long day;
		const char *name;
	} want[] = {
		{ jan1, "Nieuwjaarsdag" },
		{ day(atw_years[row].good_friday), "Goede Vrijdag" },
		{ day(atw_years[row].easter), "eerste Paasdag" },
		{ day(atw_years[row].easter2), "tweede Paasdag" },
		{ day(atw_years[row].king), y >= 2014 ? "Koningsdag" : "Koninginnedag" },
		{ swt_date_from_ymd(y, 5, 5), "Bevrijdingsdag" },
		{ day(atw_years[row].ascension), "Hemelvaartsdag" },
		{ day(atw_years[row].pentecost), "eerste Pinksterdag" },
		{ day(atw_years[row].pentecost2), "tweede Pinksterdag" },
		{ swt_date_from_ymd(y, 12, 25), "eerste Kerstdag" },
		{ swt_date_from_ymd(y, 12, 26), "tweede Kerstdag" },
	};
	char iso[11];

	*why = '\0';
	for (long z = jan1; z < swt_date_from_ymd(y + 1, 1, 1); z++) {
		const char *got = swt_calendar_holiday(NULL, z), *name = NULL;
		int right = 0;

		/* two may fall on one day (5 May 2005): either names it */
		for (size_t i = 0; i < sizeof want / sizeof *want; i++)
			if (want[i].day == z) {
				name = want[i].name;
				right += got && !strcmp(got, name);
			}
		if (right || (!got && !name))
			continue;
		swt_date_from_days(z, iso);
		snprintf(why, len, ": %s is '%s', not '%s'", iso,
		    got ? got : "", name ? name : "");
		return;
	}
}

/* Is the law's holiday on iso named name (NULL: is there none)? */
static int
holiday_is(const char *iso, const char *name)
{
	const char *got = swt_calendar_holiday(NULL, day(iso));

	return name ? got && !strcmp(got, name) : !got;
}

static void
holidays(void)
{
	char what[120], why[80];
	int easter_wrong = 0;

	for (size_t i = 0; i < sizeof atw_years / sizeof *atw_years; i++) {
		int y = 2000 + (int)i;

		if (!easter_wrong && swt_date_easter(y) !=
		    day(atw_years[i].easter))
			easter_wrong = y;
		holiday_year(y, i, why, sizeof why);
		snprintf(what, sizeof what, "the holidays of %d%s", y, why);
		ok(!*why, what);
	}
	if (easter_wrong)
		snprintf(what, sizeof what, "Easter Sunday of %d is not the "
		    "table's", easter_wrong);
	else
		snprintf(what, sizeof what, "Easter Sunday 2000-2030 as in "
		    "the table");
	ok(!easter_wrong, what);
	ok(holiday_is("2025-04-26", "Koningsdag") &&
	    holiday_is("2025-04-27", NULL),
	    "Koningsdag 2025 is 26 April, the 27th a Sunday");
	ok(holiday_is("2006-04-29", "Koninginnedag") &&
	    holiday_is("2006-04-30", NULL),
	    "Koninginnedag 2006 is 29 April, the 30th a Sunday");
	ok(holiday_is("2024-12-24", NULL) && holiday_is("2024-12-31", NULL) &&
	    holiday_is("2024-03-28", NULL),
	    "24 and 31 December and Witte Donderdag are no holidays");
}

static long
law_workdays(long from, long n)
{
	return swt_calendar_add_workdays(NULL, from, n);
}

static void
deadlines(void)
{
	static const struct {
		const char *day, *moved, *why;
	} moves[] = {
		{ "2024-04-26", "2024-04-26", NULL },
		{ "2024-04-20", "2024-04-22", "zaterdag" },
		{ "2024-04-21", "2024-04-22", "zondag" },
		{ "2024-04-27", "2024-04-29", "Koningsdag" },	/* Saturday */
		{ "2025-04-26", "2025-04-28", "Koningsdag" },	/* Saturday */
		{ "2024-03-29", "2024-04-02", "Goede Vrijdag" },
		{ "2024-03-30", "2024-04-02", "zaterdag" },
		{ "2024-05-18", "2024-05-21", "zaterdag" },
		{ "2024-05-20", "2024-05-21", "tweede Pinksterdag" },
		{ "2020-12-25", "2020-12-28", "eerste Kerstdag" },
		{ "2021-12-25", "2021-12-27", "eerste Kerstdag" },
		{ "2022-12-24", "2022-12-27", "zaterdag" },
		{ "2022-01-01", "2022-01-03", "Nieuwjaarsdag" },
		/* 5 May every year; in 2005 Hemelvaart as well */
		{ "2023-05-05", "2023-05-08", "Bevrijdingsdag" },
		{ "2005-05-05", "2005-05-06", "Bevrijdingsdag" },
	};
	static const struct step adds[] = {
		{ "2024-12-19", 1, "2024-12-20" },
		{ "2024-12-19", 5, "2024-12-30" },	/* over Christmas */
		{ "2024-04-27", 0, "2024-04-27" },
		{ "2024-04-27", 1, "2024-04-29" },
		{ "2024-03-28", 1, "2024-04-02" },	/* over Easter */
		{ "2024-04-01", -1, "2024-03-28" },
	};
	struct swt_calendar *cal;
	const char *why;
	char what[120], got[11], name[301];

	for (size_t i = 0; i < sizeof moves / sizeof *moves; i++) {
		long z = swt_calendar_deadline(NULL, day(moves[i].day), &why);

		swt_date_from_days(z, got);
		snprintf(what, sizeof what, "a deadline on %s moves to %s (%s)",
		    moves[i].day, moves[i].moved, moves[i].why ? moves[i].why :
		    "a working day");
		ok(!strcmp(got, moves[i].moved) && (moves[i].why ? why &&
		    !strcmp(why, moves[i].why) : !why), what);
	}
	steps(adds, sizeof adds / sizeof *adds, law_workdays, "working days");
	ok(swt_calendar_workdays(NULL, day("2024-12-19"), day("2024-12-30")) ==
	    5 && swt_calendar_workdays(NULL, day("2024-12-30"),
	    day("2024-12-19")) == -5 && swt_calendar_workdays(NULL,
	    day("2024-12-19"), day("2024-12-19")) == 0,
	    "working days between two days");
	ok(swt_calendar_workdays(NULL, day("2023-12-31"), day("2024-12-31")) ==
	    255 && swt_calendar_workdays(NULL, day("2024-12-31"),
	    day("2025-12-31")) == 253, "255 working days in 2024, 253 in 2025");

	/* an equated day: the Friday after Hemelvaart 2024 */
	memset(name, 'x', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	cal = swt_calendar_new();
	ok(cal && !swt_calendar_holiday(cal, day("2024-05-10")) &&
	    swt_calendar_deadline(cal, day("2024-05-09"), NULL) ==
	    day("2024-05-10"), "no equated day before one is added");
	ok(cal && swt_calendar_add(cal, day("2024-05-10"), "brugdag") == 0 &&
	    swt_calendar_add(cal, day("2025-05-30"), name) == 0,
	    "equated days added");
	why = swt_calendar_holiday(cal, day("2024-05-10"));
	ok(why && !strcmp(why, "brugdag") && swt_calendar_deadline(cal,
	    day("2024-05-09"), &why) == day("2024-05-13") && why &&
	    !strcmp(why, "Hemelvaartsdag") && swt_calendar_add_workdays(cal,
	    day("2024-05-08"), 1) == day("2024-05-13"),
	    "an equated day is a holiday");
	why = swt_calendar_holiday(cal, day("2025-05-30"));
	ok(why && !strcmp(why, name), "an equated day's long name kept whole");
	ok(!swt_calendar_holiday(NULL, day("2024-05-10")),
	    "the law's calendar has no equated days");
	swt_calendar_free(cal);
}

static char *
roundtrip(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	swt_tsv_put(fp, s, strlen(s));
	fclose(fp);
	len = swt_tsv_unescape(buf, len);
	buf[len] = '\0';
	return buf;
}

/* The reader splits simple CSV lines itself: it must agree with libcsv. */
static char want[8][128];
static size_t wantlen[8];
static int nwant, rows;

static void
want_field(void *f, size_t len, void *data)
{
	(void)data;
	if (nwant < 8 && len < sizeof *want) {
		memcpy(want[nwant], f ? f : "", len);
		wantlen[nwant] = len;
	}
	nwant++;
}

static void
want_row(int c, void *data)
{
	(void)c;
	(void)data;
	rows++;
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void
csv_agrees(void)
{
	static const char alpha[] = "ab,\" \r;";
	long tried = 0, quoted = 0, differ = 0;

	srand(1);
	for (int it = 0; it < 200000; it++) {
		char buf[128], err[200];
		size_t n = 2;
		struct csv_parser p;
		struct swt_reader *r;
		struct swt_rec rec;
		FILE *fp;
		int ok, nf = 1 + rand() % 4;

		memcpy(buf, "h\n", 2);
		for (int f = 0; f < nf; f++) {
			int q = rand() % 3 == 0, len = rand() % 5;

			if (f)
				buf[n++] = ',';
			if (q)
				buf[n++] = '"';
			for (int i = 0; i < len; i++)
				buf[n++] = alpha[rand() % (sizeof alpha - 1)];
			if (q && rand() % 8)
				buf[n++] = '"';
		}
		buf[n++] = '\n';
		csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
		csv_set_space_func(&p, no_space);
		ok = csv_parse(&p, buf, 2, want_field, want_row, NULL) == 2;
		nwant = rows = 0;
		ok = ok && csv_parse(&p, buf + 2, n - 2, want_field, want_row,
		    NULL) == n - 2 && csv_fini(&p, want_field, want_row,
		    NULL) == 0;
		csv_free(&p);
		/* a carriage return ends a row: libcsv's alone; a blank line */
		if (memchr(buf, '\r', n) || (ok && (rows != 1 || nwant > 8)))
			continue;
		tried++;
		quoted += memchr(buf + 2, '"', n - 2) != NULL;
		if (!(fp = fmemopen(buf, n, "r")) || !(r = swt_reader_fopen(fp,
		    "x", 1, NULL, err, sizeof err))) {
			differ++;
			continue;
		}
		if (!ok)	/* libcsv refuses it: so must the reader */
			differ += swt_reader_read(r, &rec) != -1;
		else if (swt_reader_read(r, &rec) != 1 || (int)rec.n != nwant)
			differ++;
		else
			for (int i = 0; i < nwant; i++)
				if (rec.len[i] != wantlen[i] || memcmp(rec.f[i],
				    want[i], wantlen[i])) {
					differ++;
					break;
				}
		swt_reader_close(r);
	}
	ok(tried > 50000 && quoted > 20000 && differ == 0,
	    "csv reader agrees with libcsv on random lines");
}

static void
tsv(void)
{
	static const char *v[] = { "plain", "a\tb", "two\nlines", "cr\r\n",
	    "back\\slash", "\\t literal", "", "\\", "tab\t\\n mix" };
	char lit[] = "a\\qb";

	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		char *r = roundtrip(v[i]);

		ok(!strcmp(r, v[i]), "tsv round trip");
		free(r);
	}
	ok(swt_tsv_unescape(lit, strlen(lit)) == 4 && !strcmp(lit, "a\\qb"),
	    "unknown escape kept");
}

/* The record writer's TSV: each special byte at each place in a word. */
static void
tsv_writer(void)
{
	static const char special[] = "\t\n\r\\";
	int bad = 0;

	for (size_t len = 1; len <= 24; len++)
		for (size_t at = 0; at < len; at++)
			for (size_t k = 0; k < 4; k++) {
				char s[32], *buf = NULL, *v[2] = { s, "z" };
				size_t got = 0;
				FILE *fp = open_memstream(&buf, &got);
				struct swt_writer *w = swt_writer_open(fp,
				    SWT_FMT_TSV);

				memset(s, 'a' + (int)k, len);
				s[len] = '\0';
				s[at] = special[k];
				swt_writer_header(w, 2, (char *[]){ "x", "y" });
				swt_writer_record(w, 2, v);
				swt_writer_close(w);
				fclose(fp);
				/* "x\ty\n" then the field, a tab, "z\n" */
				if (got < 4 + len + 3 || strcmp(buf + got - 3,
				    "\tz\n")) {
					bad++;
				} else {
					size_t m = got - 4 - 3, raw = 0;

					/* no raw tab, newline or CR in the field */
					for (size_t i = 4; i < 4 + m; i++)
						raw += strchr("\t\n\r", buf[i]) &&
						    buf[i];
					m = swt_tsv_unescape(buf + 4, m);
					bad += raw || m != len ||
					    memcmp(buf + 4, s, len);
				}
				free(buf);
			}
	ok(bad == 0, "tsv writer escapes each special byte anywhere");
}

static void
sha_vectors(const char *how)
{
	static const char *const in[] = { "", "abc",
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq" };
	static const char *const out[] = {
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" };
	struct swt_sha256 s;
	char hex[65], what[64];

	for (int i = 0; i < 3; i++) {
		swt_sha256_init(&s);
		swt_sha256_add(&s, in[i], strlen(in[i]));
		swt_sha256_hex(&s, hex);
		snprintf(what, sizeof what, "sha256 %s vector %d", how, i);
		ok(!strcmp(hex, out[i]), what);
	}
}

static void
hashes(void)
{
	struct swt_sha256 s;
	char hex[65];
	unsigned char key[16];
	char id1[16], id2[16];

	swt_sha_ni = 0;
	sha_vectors("portable");
	swt_sha_ni = -1;
	sha_vectors("default");
	swt_sha256_init(&s);
	swt_sha256_add(&s, "abc", 3);
	swt_sha256_hex(&s, hex);
	ok(!strcmp(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad"), "sha256 abc");
	swt_sha256_init(&s);
	for (int i = 0; i < 1000; i++)
		swt_sha256_add(&s, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1000);
	swt_sha256_hex(&s, hex);
	ok(!strcmp(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0"), "sha256 a million a's");
	/* SipHash-2-4 reference vector: key 00..0f, message 00..0e */
	{
		unsigned char m[15];

		for (int i = 0; i < 16; i++)
			key[i] = (unsigned char)i;
		for (int i = 0; i < 15; i++)
			m[i] = (unsigned char)i;
		ok(swt_siphash(key, m, 15) == 0xa129ca6149be45e5ULL,
		    "siphash reference vector");
	}
	swt_client_id(key, "999993847", id1);
	swt_client_id(key, "999993847", id2);
	ok(!strcmp(id1, id2) && strlen(id1) == 14 && id1[0] == 'C',
	    "pseudonym is stable");
	key[0] ^= 1;
	swt_client_id(key, "999993847", id2);
	ok(strcmp(id1, id2) != 0, "pseudonym depends on the key");
}

static void
codes(void)
{
	struct swt_codes *cs = swt_codes_defaults();
	char bad[64];

	ok(swt_codes_get(cs, "law", "wmo") != NULL, "law wmo");
	ok(swt_codes_get(cs, "law", "jeugdhulp") == NULL, "jeugdhulp no law");
	ok(!strcmp(swt_codes_get(cs, "service", "jeugdhulp")->parent,
	    "jeugdwet"), "jeugdhulp is jeugdwet's");
	ok(swt_codes_set(cs, "flag", "suicidaliteit|acute_crisis", bad,
	    sizeof bad), "flag set");
	ok(!swt_codes_set(cs, "flag", "suicidaliteit|boos", bad, sizeof bad) &&
	    !strcmp(bad, "boos"), "unknown flag named");
	swt_codes_free(cs);
}

static int
near(double a, double b)
{
	return a - b < 1e-9 && b - a < 1e-9;
}

/* SPEC 7: type 7 quantiles, as R's quantile(), numpy and pandas give them. */
static void
quantiles(void)
{
	static const double six[] = { 1, 2, 2, 3, 10, 20 }, three[] = { 2, 5, 7 },
	    four[] = { 1, 2, 3, 4 }, one[] = { 4 };
	char out[32];

	ok(near(swt_quantile(six, 6, 0.5), 2.5), "median of 6: (2 + 3) / 2");
	ok(near(swt_quantile(six, 6, 0.9), 15), "p90 of 6: 10 + 0.5 * 10");
	ok(near(swt_quantile(three, 3, 0.5), 5), "median of 3: the middle");
	ok(near(swt_quantile(three, 3, 0.9), 6.6), "p90 of 3: 5 + 0.8 * 2");
	ok(near(swt_quantile(four, 4, 0.9), 3.7), "p90 of 1..4: numpy's 3.7");
	ok(near(swt_quantile(four, 4, 0), 1) && near(swt_quantile(four, 4, 1), 4),
	    "p0 and p100: the least and the greatest");
	ok(near(swt_quantile(one, 1, 0.5), 4) && near(swt_quantile(one, 1, 0.9), 4),
	    "one value: every quantile is it");
	swt_kpi_num(200.0 / 3, out);
	ok(!strcmp(out, "66.67"), "2 decimals: 66.67");
	swt_kpi_num(2.5, out);
	ok(!strcmp(out, "2.5"), "no trailing zero: 2.5");
	swt_kpi_num(15, out);
	ok(!strcmp(out, "15"), "a whole number: 15");
	swt_kpi_num(-0.001, out);
	ok(!strcmp(out, "0"), "no -0");
	swt_kpi_num(-1.25, out);
	ok(!strcmp(out, "-1.25"), "negative: -1.25");
}

int
main(void)
{
	bsn();
	dates();
	day_arithmetic();
	periods();
	holidays();
	deadlines();
	tsv();
	tsv_writer();
	csv_agrees();
	hashes();
	codes();
	quantiles();
	return failed != 0;
}
