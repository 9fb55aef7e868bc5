/* staff.c - the team's staff and the complaints it receives: their rules */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

/*
 * The fields of a staff member (swt-records(5)), in the order of enum
 * swt_stf and of the staff table's columns.  A staff member's name is an
 * employee's, not a resident's: it is stored, echoed on loading, and in no
 * other output (the KPIs group staff by staff_id).
 */
static const struct swt_field staff_fields[STF_N] = {
	[STF_STAFF_ID] = { "staff_id", SWT_T_REF, SWT_F_KEY },
	[STF_NAME] = { "name", SWT_T_TEXT, SWT_F_NEW },
	[STF_DISTRICT] = { "district", SWT_T_CODE, SWT_F_NEW, "district" },
	[STF_FTE] = { "fte", SWT_T_TEXT, SWT_F_NEW, NULL, 0, 0,
	    "a number of FTE from 0.1 to 1.5" },
};

const struct swt_entity swt_staff_entity = { "staff", staff_fields, STF_N };

/*
 * The fields of a complaint, in the order of enum swt_cmf: its own ref,
 * the request it is about (optional: it gives the client_id), when it came
 * in, whether it is admissible, when it was dealt with (Awb 9:11: within
 * six weeks; swt-kpi klachten).
 */
static const struct swt_field complaint_fields[CMF_N] = {
	[CMF_REF] = { "ref", SWT_T_REF, SWT_F_KEY },
	[CMF_REQUEST] = { "request", SWT_T_REF },
	[CMF_RECEIVED_AT] = { "received_at", SWT_T_DATE, SWT_F_NEW },
	[CMF_ADMISSIBLE] = { "admissible", SWT_T_YESNO },
	[CMF_RESOLVED_AT] = { "resolved_at", SWT_T_DATE },
};

const struct swt_entity swt_complaint_entity = { "complaint",
	complaint_fields, CMF_N };

/* fte in hundredths: 0.1 to 1.5 (a full-time post is 1.0) */
#define FTE_MIN 10
#define FTE_MAX 150

/* "0.8", "0,75", "1": hundredths, or -1 (two decimals at most) */
static long
hundredths(const char *s)
{
	long n = 0, scale = 100;
	int point = 0, digits = 0;

	for (; *s; s++)
		if (*s >= '0' && *s <= '9' && n < 10000 && scale > (point ? 1 :
		    0)) {
			n = point ? n + (*s - '0') * (scale /= 10) :
			    n * 10 + (*s - '0') * 100;
			digits++;
		} else if ((*s == '.' || *s == ',') && !point && digits)
			point = 1;
		else
			return -1;
	return digits ? n : -1;
}

/* fte as stored: as SQLite shows a REAL (0.8, 1.0, 0.75) */
static int
check_fte(struct swt_keyed *k, char *why, size_t whylen)
{
	const char *s = k->v[STF_FTE];
	char shown[64];
	long n;

	if (!s)
		return 0;
	if ((n = hundredths(s)) < FTE_MIN || n > FTE_MAX) {
		swt_fmt(why, whylen, "%s is not %s (two decimals at most)",
		    swt_shown("fte", s, shown), staff_fields[STF_FTE].what);
		return -1;
	}
	snprintf(k->buf[STF_FTE], SWT_FIELD_BUF, n % 10 ? "%ld.%02ld" :
	    "%ld.%ld", n / 100, n % 10 ? n % 100 : n % 100 / 10);
	k->v[STF_FTE] = k->buf[STF_FTE];
	return 0;
}

int
swt_keyed_check(struct swt_keyed *k, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen)
{
	const char *got, *done;

	if (swt_entity_check(k->e, k->v, k->buf, cs, field, why, whylen))
		return -1;
	*field = k->e->f[0].name;
	if (!k->v[0]) {
		swt_fmt(why, whylen, "missing: every %s needs its %s",
		    k->e->name, *field);
		return -1;
	}
	if (k->e == &swt_staff_entity) {
		*field = "fte";
		return check_fte(k, why, whylen);
	}
	got = k->v[CMF_RECEIVED_AT];
	done = k->v[CMF_RESOLVED_AT];
	*field = "resolved_at";
	if (got && done && strcmp(done, got) < 0) {
		swt_fmt(why, whylen, "'%s' is before received_at '%s'", done,
		    got);
		return -1;
	}
	return 0;
}

/* A complaint's request, named by its ref: its client_id.  0, -1, -2. */
static int
client_of(struct swt_db *db, const struct swt_keyed *k, char cid[16],
    const char **field, char *why, size_t whylen)
{
	struct swt_db_request rq;
	char shown[64];

	cid[0] = '\0';
	if (k->e != &swt_complaint_entity || !k->v[CMF_REQUEST])
		return 0;
	if (swt_db_request_get(db, k->v[CMF_REQUEST], &rq))
		return -2;
	swt_db_request_free(&rq);
	if (!rq.request_id) {
		*field = "request";
		swt_fmt(why, whylen, "%s is no request's ref (see swt-intake)",
		    swt_shown("request", k->v[CMF_REQUEST], shown));
		return -1;
	}
	memcpy(cid, rq.client_id, sizeof rq.client_id);
	return 0;
}

int
swt_keyed_store(struct swt_db *db, const struct swt_keyed *k,
    enum swt_intake_res *res, const char **field, char *why, size_t whylen)
{
	char *old[SWT_KEYED_MAX], cid[16];
	const char *v[SWT_KEYED_MAX];
	size_t n = k->e->n;
	int found, rc;

	if ((rc = client_of(db, k, cid, field, why, whylen)))
		return rc;
	if ((found = swt_db_keyed_get(db, k->e, k->v[0], old)) < 0)
		return -2;
	/* the record's values over the stored ones; required ones are kept */
	for (size_t f = 0; f < n; f++)
		v[f] = k->has[f] && (k->v[f] || !(k->e->f[f].flags &
		    SWT_F_NEW)) ? k->v[f] : found ? old[f] : NULL;
	if (*cid)	/* stored as the resident's client_id */
		v[CMF_REQUEST] = cid;
	for (size_t f = 0; !found && f < n; f++)
		if ((k->e->f[f].flags & SWT_F_NEW) && !v[f]) {
			*field = k->e->f[f].name;
			swt_fmt(why, whylen, "missing: required for a new %s",
			    k->e->name);
			return -1;
		}
	*res = found ? SWT_INTAKE_UNCHANGED : SWT_INTAKE_NEW;
	for (size_t f = 1; found && f < n; f++)
		if (!swt_same(v[f], old[f]))
			*res = SWT_INTAKE_UPDATED;
	rc = *res == SWT_INTAKE_UNCHANGED ? 0 :
	    swt_db_keyed_put(db, k->e, v, !found) ? -2 : 0;
	if (found)
		swt_db_keyed_free(k->e, old);
	return rc;
}
