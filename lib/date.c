/* date.c - dates and the calendar */
#include <string.h>

#include "swt.h"

int
swt_date_valid_ymd(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
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
static long
days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long
swt_date_days(const char *iso)
{
	int y, m, d;

	if (!iso || strlen(iso) < 10 || digits(iso, 4, &y) ||
	    digits(iso + 5, 2, &m) || digits(iso + 8, 2, &d))
		return 0;
	return days_from_civil(y, m, d);
}

void
swt_date_from_days(long z, char *out)
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
	ymd(out, y + (m <= 2), m, d);
}
