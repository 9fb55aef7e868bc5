/* request.c - the fields of a support request and their checks */
#include <ctype.h>
#include <string.h>

#include "swt.h"

const char *const swt_rf_name[RF_N] = {
	"ref", "received_at", "kind", "channel", "source", "law", "service",
	"life_domain", "district", "summary", "staff",
	"bsn", "birth_date", "postcode", "name",
	"intake_at", "assessed_at", "zrm", "expected_contacts",
	"specialist_knowledge", "development_potential", "long_term",
	"parties_involved", "participation", "financial", "flags",
	"statushouder"
};

int
swt_rf_is_person(const char *name)
{
	for (int f = RF_FIRST_PERSON; f <= RF_LAST_PERSON; f++)
		if (!strcmp(name, swt_rf_name[f]))
			return 1;
	return 0;
}

/* The code list each coded field draws from. */
static const char *
list_of(int f)
{
	switch (f) {
	case RF_KIND: return "kind";
	case RF_CHANNEL: return "channel";
	case RF_SOURCE: return "source";
	case RF_LAW: return "law";
	case RF_SERVICE: return "service";
	case RF_LIFE_DOMAIN: return "life_domain";
	case RF_DISTRICT: return "district";
	case RF_DEVELOPMENT_POTENTIAL: return "development_potential";
	case RF_PARTICIPATION: return "participation";
	case RF_FINANCIAL: return "financial";
	}
	return NULL;
}

const char *
swt_shown(const char *field, const char *val, char out[64])
{
	size_t run = 0;

	for (const char *p = val; *p && run < 8; p++)
		run = *p >= '0' && *p <= '9' ? run + 1 : 0;
	if (swt_rf_is_person(field) || run >= 8)
		return "the value (hidden: personal data)";
	if (strlen(val) > 40)
		swt_fmt(out, 64, "'%.40s...'", val);
	else
		swt_fmt(out, 64, "'%s'", val);
	return out;
}

static int
fail(const char **field, int f, char *why, size_t len, const char *fmt,
    const char *val)
{
	char buf[64];

	*field = swt_rf_name[f];
	swt_fmt(why, len, fmt, swt_shown(swt_rf_name[f], val, buf));
	return -1;
}

/* The code s stands for in list: trimmed, in any case; NULL if none. */
static const struct swt_code *
code_of(const struct swt_codes *cs, const char *list, const char *s)
{
	char buf[64];
	size_t n;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	if (n >= sizeof buf)
		return NULL;
	for (size_t i = 0; i < n; i++)
		buf[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
	return swt_codes_getn(cs, list, buf, n);
}

/* "'x' is not a law" plus, when x belongs to another list, where it does. */
static int
bad_code(const struct swt_codes *cs, const char **field, int f,
    const char *val, char *why, size_t len)
{
	static const int others[] = { RF_KIND, RF_CHANNEL, RF_SOURCE, RF_LAW,
	    RF_SERVICE, RF_LIFE_DOMAIN, RF_DISTRICT };

	char buf[64];

	*field = swt_rf_name[f];
	for (size_t i = 0; i < sizeof others / sizeof *others; i++)
		if (others[i] != f && swt_codes_get(cs, list_of(others[i]),
		    val)) {
			swt_fmt(why, len, "%s is not a %s code (it is a %s: "
			    "wrong column?)", swt_shown(swt_rf_name[f], val, buf), list_of(f),
			    list_of(others[i]));
			return -1;
		}
	swt_fmt(why, len, "%s is not a %s code (see swt-db codes %s)",
	    swt_shown(swt_rf_name[f], val, buf), list_of(f), list_of(f));
	return -1;
}

static int
check_postcode(const char *s, char *out)
{
	char d[7];
	int n = 0;

	for (; *s && n < 7; s++) {
		if (*s == ' ')
			continue;
		d[n++] = (char)toupper((unsigned char)*s);
	}
	if (*s || n != 6 || d[0] < '1' || d[0] > '9')
		return -1;
	for (int i = 1; i < 4; i++)
		if (!isdigit((unsigned char)d[i]))
			return -1;
	if (!isupper((unsigned char)d[4]) || !isupper((unsigned char)d[5]))
		return -1;
	/* PostNL does not give out SA, SD and SS */
	if (d[4] == 'S' && (d[5] == 'A' || d[5] == 'D' || d[5] == 'S'))
		return -1;
	memcpy(out, d, 6);
	out[6] = '\0';
	return 0;
}

/* A number as it is stored: 03 is 3, so that the same file twice is equal. */
static const char *
number(char buf[24], long n)
{
	snprintf(buf, 24, "%ld", n);
	return buf;
}

int
swt_request_check(struct swt_request *rq, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen)
{
	const char **v = rq->v;
	const struct swt_code *c, *service = NULL;
	long n;

	for (int f = 0; f < RF_N; f++) {
		const char *s = v[f], *l;

		if (!s || !*s) {
			v[f] = NULL;
			continue;
		}
		switch (f) {
		case RF_REF:
			if (strlen(s) > 64)
				return fail(field, f, why, whylen,
				    "%s is longer than 64 characters", s);
			for (const char *p = s; *p; p++)
				if ((unsigned char)*p < 0x20)
					return fail(field, f, why, whylen,
					    "%s holds a control character", s);
			break;
		case RF_RECEIVED_AT: case RF_BIRTH_DATE: case RF_INTAKE_AT:
		case RF_ASSESSED_AT:
			if (swt_date_norm(s, rq->buf[f]))
				return fail(field, f, why, whylen,
				    "%s is not a date (yyyy-mm-dd or "
				    "dd-mm-yyyy)", s);
			v[f] = rq->buf[f];
			break;
		case RF_BSN:
			if (strlen(s) == 8 && strspn(s, "0123456789") == 8)
				return fail(field, f, why, whylen, "%s has 8 "
				    "digits (a leading zero lost in a "
				    "spreadsheet?)", s);
			if (strlen(s) != 9 || strspn(s, "0123456789") != 9)
				return fail(field, f, why, whylen,
				    "%s is not 9 digits", s);
			if (!swt_bsn_valid(s))
				return fail(field, f, why, whylen,
				    "%s fails the 11-proef", s);
			break;
		case RF_POSTCODE:
			if (check_postcode(s, rq->buf[f]))
				return fail(field, f, why, whylen,
				    "%s is not a Dutch postcode (1234 AB)", s);
			v[f] = rq->buf[f];
			break;
		case RF_ZRM:
			if (swt_int_parse(s, 1, 5, &n))
				return fail(field, f, why, whylen,
				    "%s is not a ZRM score 1-5", s);
			v[f] = number(rq->buf[f], n);
			break;
		case RF_EXPECTED_CONTACTS:
			if (swt_int_parse(s, 0, 9999, &n))
				return fail(field, f, why, whylen,
				    "%s is not a count of contacts "
				    "(0-9999)", s);
			v[f] = number(rq->buf[f], n);
			break;
		case RF_PARTIES_INVOLVED:
			if (swt_int_parse(s, 0, 999, &n))
				return fail(field, f, why, whylen,
				    "%s is not a count of parties (0-999)", s);
			v[f] = number(rq->buf[f], n);
			break;
		case RF_SPECIALIST_KNOWLEDGE: case RF_LONG_TERM:
		case RF_STATUSHOUDER:
			if (!(v[f] = swt_yesno(s)))
				return fail(field, f, why, whylen,
				    "%s is not yes or no", s);
			break;
		case RF_FLAGS: {
			char bad[64];

			if (!swt_codes_set(cs, "flag", s, bad, sizeof bad))
				return fail(field, f, why, whylen, "%s is not "
				    "a risk flag (see swt-db codes flag)", bad);
			break;
		}
		default:
			if (!(l = list_of(f)))
				break;	/* free text */
			if (!(c = code_of(cs, l, s)))
				return bad_code(cs, field, f, s, why, whylen);
			v[f] = c->code;	/* the list's own string */
			if (f == RF_SERVICE)
				service = c;
		}
	}
	if (service && service->parent) {	/* the service implies the law */
		if (!v[RF_LAW])
			v[RF_LAW] = service->parent;
		else if (strcmp(service->parent, v[RF_LAW])) {
			*field = "service";
			swt_fmt(why, whylen, "'%s' is a %s service, but law is "
			    "'%s'", v[RF_SERVICE], service->parent, v[RF_LAW]);
			return -1;
		}
	}
	if (v[RF_RECEIVED_AT] && v[RF_INTAKE_AT] &&
	    strncmp(v[RF_INTAKE_AT], v[RF_RECEIVED_AT], 10) < 0)
		return fail(field, RF_INTAKE_AT, why, whylen,
		    "%s is before received_at", v[RF_INTAKE_AT]);
	if (v[RF_INTAKE_AT] && v[RF_ASSESSED_AT] &&
	    strncmp(v[RF_ASSESSED_AT], v[RF_INTAKE_AT], 10) < 0)
		return fail(field, RF_ASSESSED_AT, why, whylen,
		    "%s is before intake_at", v[RF_ASSESSED_AT]);
	if (v[RF_BIRTH_DATE] && v[RF_RECEIVED_AT] &&
	    strncmp(v[RF_BIRTH_DATE], v[RF_RECEIVED_AT], 10) > 0)
		return fail(field, RF_BIRTH_DATE, why, whylen,
		    "%s is after received_at", v[RF_BIRTH_DATE]);
	return 0;
}
