/* field.c - fields by type: the checks every entity's table shares */
#include <ctype.h>
#include <string.h>

#include "swt.h"

/* The entities whose fields hold person data, for swt_is_person_field. */
static const struct swt_entity *const entities[] = { &swt_request_entity,
	&swt_decision_entity, &swt_partner_entity, &swt_referral_entity,
	&swt_plan_entity, &swt_contact_entity, &swt_suspension_entity,
	&swt_holiday_entity, &swt_staff_entity, &swt_complaint_entity };

const struct swt_entity *
swt_entity_get(const char *name, size_t i)
{
	if (!name)
		return i < sizeof entities / sizeof *entities ? entities[i] :
		    NULL;
	for (size_t k = 0; k < sizeof entities / sizeof *entities; k++)
		if (!strcmp(entities[k]->name, name))
			return entities[k];
	return NULL;
}

const char *
swt_ftype_name(enum swt_ftype t)
{
	static const char *const names[] = { "text", "ref", "code", "set",
		"date", "number", "yesno", "bsn", "postcode" };

	return (size_t)t < sizeof names / sizeof *names ? names[t] : "";
}

int
swt_same(const char *a, const char *b)
{
	return a ? b && !strcmp(a, b) : !b;
}

void
swt_names_add(char *list, size_t size, const char *name)
{
	size_t n = strlen(list);

	if (n + strlen(name) + 2 > size)
		return;	/* the callers make room for every name */
	if (n)
		list[n++] = ',';
	strcpy(list + n, name);
}

int
swt_entity_field(const struct swt_entity *e, const char *name)
{
	for (size_t i = 0; i < e->n; i++)
		if (!strcmp(e->f[i].name, name))
			return (int)i;
	return -1;
}

void
swt_entity_map(const struct swt_entity *e, size_t n, char *const *names,
    int *map)
{
	for (size_t f = 0; f < e->n; f++) {
		map[f] = -1;
		for (size_t i = 0; i < n && map[f] < 0; i++)
			if (!strcmp(names[i], e->f[f].name))
				map[f] = (int)i;
	}
}

/*
 * Spellings of person data that swt does not store under these names:
 * a header that says one is never passed through (compared lower case,
 * without spaces, '_', '-' and '.').
 */
static const char *const person_spellings[] = {
	"bsn", "burgerservicenummer", "bsnnummer", "sofinummer", "sofinr",
	"citizenservicenumber", "birthdate", "geboortedatum", "gebdatum",
	"dateofbirth", "dob", "postcode", "postalcode", "zipcode", "zip",
	"name", "naam", "fullname", "volledigenaam", "voornaam", "voornamen",
	"firstname", "achternaam", "familienaam", "lastname", "surname",
	"tussenvoegsel", "voorletters", "initials", "adres", "address",
	"straat", "street", "huisnummer", "woonplaats", "telefoon",
	"telefoonnummer", "phone", "mobiel", "email", "emailadres",
};

int
swt_is_person_field(const char *name)
{
	char key[64];
	size_t n = 0;

	for (size_t k = 0; k < sizeof entities / sizeof *entities; k++) {
		int i = swt_entity_field(entities[k], name);

		if (i >= 0)
			return (entities[k]->f[i].flags & SWT_F_PERSON) != 0;
	}
	for (const char *p = name; *p && n + 1 < sizeof key; p++)
		if (!strchr(" _-.\t", *p))
			key[n++] = (char)tolower((unsigned char)*p);
	key[n] = '\0';
	for (size_t i = 0; i < sizeof person_spellings /
	    sizeof *person_spellings; i++)
		if (!strcmp(key, person_spellings[i]))
			return 1;
	return 0;
}

int
swt_is_known_field(const char *name)
{
	for (size_t k = 0; k < sizeof entities / sizeof *entities; k++)
		if (swt_entity_field(entities[k], name) >= 0)
			return 1;
	return 0;
}

int
swt_looks_like_bsn(const char *s, size_t len)
{
	char d[10];
	size_t n = 0;

	if (len < 9 || len > 13)	/* 123456782, 1234.56.782, 123 456 782 */
		return 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] >= '0' && s[i] <= '9') {
			if (n == 9)
				return 0;
			d[n++] = s[i];
		} else if (!strchr(" .-", s[i]) || i == 0)
			return 0;
	d[n] = '\0';
	return n == 9 && swt_bsn_valid(d);
}

/*
 * May a message quote the value?  Only a code-like token: no spaces, only
 * letters, digits and _ - . : / +; no run of 8 digits, nor 9 with
 * separators (a BSN, dotted or not, a phone number); not shaped like a
 * postcode or a capitalised word (a name).
 */
int
swt_code_like(const char *s)
{
	size_t run = 0, joined = 0, len = strlen(s);
	const unsigned char *p = (const unsigned char *)s;

	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (isdigit(p[i])) {
			run++;
			joined++;
		} else if (strchr("-./", p[i])) {
			run = 0;	/* a separator: joined runs on */
		} else if (isalpha(p[i]) || strchr("_:+", p[i])) {
			run = joined = 0;
		} else
			return 0;	/* a space, @, anything else */
		if (run >= 8 || joined >= 9)
			return 0;
	}
	if (len >= 6 && isdigit(p[0]) && isdigit(p[3]) && isalpha(p[len - 1]) &&
	    isalpha(p[len - 2]) && strspn(s, "0123456789") == 4)
		return 0;	/* 8011AB */
	if (isupper(p[0]) && len > 1) {
		size_t i = 1;

		while (i < len && islower(p[i]))
			i++;
		if (i == len)
			return 0;	/* Jansen */
	}
	return 1;
}

const char *
swt_shown(const char *field, const char *val, char out[64])
{
	if (swt_is_person_field(field) || !swt_code_like(val))
		return "the value (hidden: personal data)";
	if (strlen(val) > 40)
		swt_fmt(out, 64, "'%.40s...'", val);
	else
		swt_fmt(out, 64, "'%s'", val);
	return out;
}

/* why: the value as a message may show it, then what is wrong; -1 */
static int
bad(const struct swt_field *f, const char *val, char *why, size_t len,
    const char *wrong)
{
	char buf[64];

	swt_fmt(why, len, "%s %s", swt_shown(f->name, val, buf), wrong);
	return -1;
}

/* "is not" what a value of the field is */
static int
not_a(const struct swt_field *f, const char *val, char *why, size_t len)
{
	char wrong[128];

	swt_fmt(wrong, sizeof wrong, "is not %s", f->what);
	return bad(f, val, why, len, wrong);
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

/* "'x' is not a law code", and where x belongs when it is another field's. */
static int
bad_code(const struct swt_entity *e, const struct swt_field *f,
    const struct swt_codes *cs, const char *val, char *why, size_t len)
{
	char buf[64];

	for (size_t i = 0; i < e->n; i++) {
		const struct swt_field *o = &e->f[i];

		if (o != f && (o->flags & SWT_F_HINT) &&
		    swt_codes_get(cs, o->list, val)) {
			swt_fmt(why, len, "%s is not a %s code (it is a %s: "
			    "wrong column?)", swt_shown(f->name, val, buf),
			    f->list, o->list);
			return -1;
		}
	}
	swt_fmt(why, len, "%s is not a %s code (see swt-db codes %s)",
	    swt_shown(f->name, val, buf), f->list, f->list);
	return -1;
}

static int
postcode(const char *s, char *out)
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

static inline int
check(const struct swt_entity *e, const struct swt_field *f, const char **v,
    char *buf, const struct swt_codes *cs, char *why, size_t whylen)
{
	const struct swt_code *c;
	const char *s = *v;
	char badc[64];
	long n;

	switch (f->type) {
	case SWT_T_TEXT:
		return 0;
	case SWT_T_REF:
		if (strlen(s) > 64)
			return bad(f, s, why, whylen, "is longer than 64 "
			    "characters");
		for (const char *p = s; *p; p++)
			if ((unsigned char)*p < 0x20)
				return bad(f, s, why, whylen, "holds a "
				    "control character");
		return 0;
	case SWT_T_DATE:
		if (swt_date_norm(s, buf))
			return bad(f, s, why, whylen, "is not a date "
			    "(yyyy-mm-dd or dd-mm-yyyy)");
		*v = buf;
		return 0;
	case SWT_T_BSN:
		if (strlen(s) == 8 && strspn(s, "0123456789") == 8)
			return bad(f, s, why, whylen, "has 8 digits (a "
			    "leading zero lost in a spreadsheet?)");
		if (strlen(s) != 9 || strspn(s, "0123456789") != 9)
			return bad(f, s, why, whylen, "is not 9 digits");
		if (!swt_bsn_valid(s))
			return bad(f, s, why, whylen, "fails the 11-proef");
		return 0;
	case SWT_T_POSTCODE:
		if (postcode(s, buf))
			return bad(f, s, why, whylen, "is not a Dutch "
			    "postcode (1234 AB)");
		*v = buf;
		return 0;
	case SWT_T_INT:
		if (swt_int_parse(s, f->lo, f->hi, &n))
			return not_a(f, s, why, whylen);
		/* stored as a number: 03 is 3, so the same file twice is equal */
		snprintf(buf, SWT_FIELD_BUF, "%ld", n);
		*v = buf;
		return 0;
	case SWT_T_YESNO:
		if (!(*v = swt_yesno(s)))
			return bad(f, s, why, whylen, "is not yes or no");
		return 0;
	case SWT_T_SET:
		if (!swt_codes_set(cs, f->list, s, badc, sizeof badc))
			return not_a(f, badc, why, whylen);
		return 0;
	case SWT_T_CODE:
		if (!(c = code_of(cs, f->list, s)))
			return bad_code(e, f, cs, s, why, whylen);
		*v = c->code;	/* the list's own string */
		memcpy(buf, &c, sizeof c);	/* and its entry, for its parent */
		return 0;
	}
	return 0;
}

/* A value that is not valid may be one with spaces around it. */
static int
trimmed(const struct swt_entity *e, const struct swt_field *f, const char *s,
    const char **v, char *buf, const struct swt_codes *cs, char *why,
    size_t whylen)
{
	char t[SWT_FIELD_BUF];
	const char *p = t;
	size_t k;

	/* spaces around a number, a date, a BSN: trimmed, as around a code */
	if (f->type == SWT_T_TEXT || f->type == SWT_T_REF ||
	    f->type == SWT_T_CODE || (*s != ' ' && s[strlen(s) - 1] != ' '))
		return -1;
	s += strspn(s, " ");
	for (k = strlen(s); k && s[k - 1] == ' '; k--)
		;
	if (k == 0) {
		*v = NULL;
		return 0;
	}
	if (k >= SWT_FIELD_BUF)
		return -1;
	memcpy(t, s, k);
	t[k] = '\0';
	if (check(e, f, &p, buf, cs, why, whylen))
		return -1;
	if (p == t) {	/* a BSN, a set: stored as trimmed */
		memcpy(buf, t, k + 1);
		p = buf;
	}
	*v = p;
	return 0;
}

int
swt_entity_check(const struct swt_entity *e, const char **v,
    char (*buf)[SWT_FIELD_BUF], const struct swt_codes *cs,
    const char **field, char *why, size_t whylen)
{
	for (size_t i = 0; i < e->n; i++) {
		const char *s = v[i];

		if (!s)
			continue;
		if (!*s)
			v[i] = NULL;
		else if (check(e, &e->f[i], &v[i], buf[i], cs, why, whylen) &&
		    trimmed(e, &e->f[i], s, &v[i], buf[i], cs, why, whylen)) {
			*field = e->f[i].name;
			return -1;
		}
	}
	return 0;
}
