/* valid.c - BSN, numbers, yes/no */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "swt.h"

/*
 * The 11-proef: weights 9..2 and -1 on the last digit, sum divisible by 11.
 * A sum of 0 passes (100000009); only 000000000 is no number at all.
 */
int
swt_bsn_valid(const char *s)
{
	long sum = 0;

	if (!s || strlen(s) != 9)
		return 0;
	for (int i = 0; i < 9; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		sum += (s[i] - '0') * (i < 8 ? 9 - i : -1);
	}
	return sum % 11 == 0 && strcmp(s, "000000000") != 0;
}

int
swt_int_parse(const char *s, long lo, long hi, long *out)
{
	long v = 0;

	if (!s || !*s || strlen(s) > 9)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + *p - '0';
	}
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

const char *
swt_yesno(const char *s)
{
	static const char *const yes[] = { "yes", "ja", "j", "y", "1", "true" };
	static const char *const no[] = { "no", "nee", "n", "0", "false" };

	if (!strcmp(s, "yes") || !strcmp(s, "no"))	/* as we write them */
		return *s == 'y' ? "yes" : "no";
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (!strcasecmp(s, yes[i]))
			return "yes";
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (!strcasecmp(s, no[i]))
			return "no";
	return NULL;
}
