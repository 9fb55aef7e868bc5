/* contact.c - a contact's fields, whose it is, and what is refused */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

/* Eigen inzet is 1 to 15 conversations per question (002 3.2.2, 4.2.5). */
#define DEFAULT_LIMIT 15

/* The fields of a contact record (SPEC 5; swt-records(5)). */
const struct swt_field swt_contact_fields[CF_N] = {
	[CF_REF] = { "ref", SWT_T_REF },
	[CF_REQUEST_ID] = { "request_id", SWT_T_INT, 0, NULL, 1, LONG_MAX,
	    "a request's number" },
	[CF_CLIENT_ID] = { "client_id", SWT_T_REF },
	[CF_CONTACT_REF] = { "contact_ref", SWT_T_REF },
	[CF_DATE] = { "date", SWT_T_DATE, SWT_F_NEW },
	[CF_KIND] = { "kind", SWT_T_CODE, SWT_F_NEW, "contact_kind" },
	[CF_STAFF] = { "staff", SWT_T_TEXT },
	/* a working day at most: more is a typing error, not a conversation */
	[CF_MINUTES] = { "minutes", SWT_T_INT, 0, NULL, 1, 480,
	    "a number of minutes (1-480)" },
};

const struct swt_entity swt_contact_entity = { "contact",
	swt_contact_fields, CF_N };

/* A refusal of field f: its name, and why. */
#define fail(field, f, why, len, ...) \
	swt_refuse(field, swt_contact_fields[f].name, why, len, __VA_ARGS__)

int
swt_contact_check(struct swt_contact *c, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen)
{
	if (swt_entity_check(&swt_contact_entity, c->v, c->buf, cs, field,
	    why, whylen))
		return -1;
	if (!c->v[CF_REF] && !c->v[CF_REQUEST_ID] && !c->v[CF_CLIENT_ID])
		return fail(field, CF_REF, why, whylen, "missing: a contact is "
		    "of a request (ref or request_id) or on a resident's plan "
		    "(client_id)");
	for (int f = 0; f < CF_N; f++)
		if ((swt_contact_fields[f].flags & SWT_F_NEW) && !c->v[f])
			return fail(field, f, why, whylen, "missing: every "
			    "contact needs it");
	return 0;
}

int
swt_contact_limit(struct swt_db *db, long *limit)
{
	int rc = swt_db_norm(db, "eigen_inzet_contacts", limit);

	if (rc == 0)
		*limit = DEFAULT_LIMIT;
	return rc < 0 ? -1 : 0;
}

/* Whose a contact is: a request, or the resident's open plan. */
struct owner {
	long long request_id, plan_id;
	char client_id[16];
	char from[SWT_FIELD_BUF], until[SWT_FIELD_BUF];
};

/* The request the record names, into ow: 0, -1 refused, -2 an error. */
static int
request(struct swt_db *db, const char *const *v, struct owner *ow,
    const char **field, char *why, size_t len)
{
	struct swt_db_request rq;
	char ref[80], shown[64];
	int rc;

	if (v[CF_REQUEST_ID]) {
		if ((rc = swt_db_request_ref(db, atoll(v[CF_REQUEST_ID]), ref,
		    sizeof ref)) < 0)
			return -2;
		if (rc == 0)
			return fail(field, CF_REQUEST_ID, why, len, "no request "
			    "%s is stored", v[CF_REQUEST_ID]);
		if (v[CF_REF] && strcmp(ref, v[CF_REF]))
			return fail(field, CF_REQUEST_ID, why, len, "request %s "
			    "is not %s", v[CF_REQUEST_ID],
			    swt_shown("ref", v[CF_REF], shown));
	} else
		swt_fmt(ref, sizeof ref, "%s", v[CF_REF]);
	if (swt_db_request_get(db, ref, &rq) < 0)
		return -2;
	rc = 0;
	if (!rq.request_id)
		rc = fail(field, CF_REF, why, len, "no request %s is stored "
		    "(swt-intake stores it)", swt_shown("ref", ref, shown));
	else if (v[CF_CLIENT_ID] && strcmp(v[CF_CLIENT_ID], rq.client_id))
		rc = fail(field, CF_CLIENT_ID, why, len, "request %s is about "
		    "another resident", swt_shown("ref", ref, shown));
	ow->request_id = rq.request_id;
	swt_fmt(ow->client_id, sizeof ow->client_id, "%s", rq.client_id);
	swt_fmt(ow->from, sizeof ow->from, "%s", rq.v[RF_RECEIVED_AT] ?
	    rq.v[RF_RECEIVED_AT] : "");
	swt_fmt(ow->until, sizeof ow->until, "%s", rq.v[RF_CLOSED_AT] ?
	    rq.v[RF_CLOSED_AT] : "");
	swt_db_request_free(&rq);
	return rc;
}

/* The resident's open plan, into ow: 0, -1 refused, -2 an error. */
static int
plan(struct swt_db *db, const char *client_id, struct owner *ow,
    const char **field, char *why, size_t len)
{
	char shown[64];
	int rc;

	if ((rc = swt_db_contact_plan(db, client_id, &ow->plan_id, ow->from,
	    sizeof ow->from)) < 0)
		return -2;
	if (rc == 0)
		return fail(field, CF_CLIENT_ID, why, len, "no resident %s is "
		    "stored", swt_shown("client_id", client_id, shown));
	if (!ow->plan_id)
		return fail(field, CF_CLIENT_ID, why, len, "resident %s has no "
		    "open plan: a contact without a request is on the plan "
		    "(swt-plan opens one), else name the request by ref",
		    swt_shown("client_id", client_id, shown));
	swt_fmt(ow->client_id, sizeof ow->client_id, "%s", client_id);
	return 0;
}

/* Is the date within the request's (the plan's) time? */
static int
dated(const char *date, const struct owner *ow, const char **field,
    char *why, size_t len)
{
	const char *what = ow->request_id ? "the request's received_at" :
	    "the plan's opened_at";

	if (ow->from[0] && strncmp(date, ow->from, 10) < 0)
		return fail(field, CF_DATE, why, len, "%s is before %s %.10s",
		    date, what, ow->from);
	if (ow->until[0] && strncmp(date, ow->until, 10) > 0)
		return fail(field, CF_DATE, why, len, "%s is after the request's "
		    "closed_at %.10s: a closed request has no more contacts "
		    "(a new question is a new request, 002 2.4)", date,
		    ow->until);
	return 0;
}

/* The stored contact the record is: 1, 0 none (a new one), < 0. */
static int
find(struct swt_db *db, const struct swt_contact *c, const struct owner *ow,
    struct swt_db_contact *old, const char **field, char *why, size_t len)
{
	char shown[64];
	int rc;

	if (c->v[CF_CONTACT_REF]) {
		if ((rc = swt_db_contact_by_ref(db, c->v[CF_CONTACT_REF],
		    old)) < 0)
			return -2;
		if (rc && (old->request_id != ow->request_id ||
		    (!ow->request_id && old->plan_id != ow->plan_id)))
			return fail(field, CF_CONTACT_REF, why, len, "%s is "
			    "contact %lld, of another %s: a contact does not "
			    "move", swt_shown("contact_ref",
			    c->v[CF_CONTACT_REF], shown), old->contact_id,
			    old->request_id ? "request" : "plan");
		if (rc)
			return 1;
	}
	/* the same values, or one stored without the contact_ref it gets */
	rc = swt_db_contact_find(db, ow->request_id, ow->plan_id, c->v, old);
	return rc < 0 ? -2 : rc;
}

/* Count the contacts, and say whether eigen inzet's limit is passed. */
static int
count(struct swt_db *db, const char *date, long limit,
    const struct owner *ow, struct swt_contact_out *out)
{
	char route[32];
	long since;

	if (swt_db_contact_count(db, ow->request_id, ow->plan_id, date,
	    &out->count, &since, route, sizeof route))
		return -2;
	out->over_limit = ow->request_id && !strcmp(route, "eigen_inzet") &&
	    since > limit;
	return 0;
}

/* Store what the record says of a found contact: changed or the same. */
static int
update(struct swt_db *db, const char *const *v, const struct owner *ow,
    const struct swt_db_contact *old, struct swt_contact_out *out)
{
	char id[24];

	for (int f = CF_CONTACT_REF; f < CF_N; f++)
		if (!swt_same(v[f], old->v[f]))
			swt_names_add(out->changed, sizeof out->changed,
			    swt_contact_fields[f].name);
	out->res = out->changed[0] ? SWT_INTAKE_UPDATED :
	    SWT_INTAKE_UNCHANGED;
	if (!out->changed[0])
		return 0;
	swt_fmt(id, sizeof id, "%lld", old->contact_id);
	if (swt_db_contact_put(db, ow->request_id, ow->plan_id, v,
	    &out->contact_id) || swt_db_audit(db, swt_prog, "update",
	    "contact", id, out->changed))
		return -2;
	return 0;
}

int
swt_contact_store(struct swt_db *db, const struct swt_contact *c,
    long limit, struct swt_contact_out *out, const char **field, char *why,
    size_t whylen)
{
	struct swt_db_contact old = { 0 };
	struct owner ow = { 0 };
	const char *v[CF_N];
	int rc;

	memset(out, 0, sizeof *out);
	rc = c->v[CF_REF] || c->v[CF_REQUEST_ID] ?
	    request(db, c->v, &ow, field, why, whylen) :
	    plan(db, c->v[CF_CLIENT_ID], &ow, field, why, whylen);
	if (rc || (rc = dated(c->v[CF_DATE], &ow, field, why, whylen)))
		return rc;
	if ((rc = find(db, c, &ow, &old, field, why, whylen)) < 0)
		goto out;
	for (int f = 0; f < CF_N; f++)
		v[f] = c->v[f];
	out->request_id = ow.request_id;
	swt_fmt(out->client_id, sizeof out->client_id, "%s", ow.client_id);
	if (rc) {
		/* found by its values: it keeps the contact_ref it has */
		if (!v[CF_CONTACT_REF])
			v[CF_CONTACT_REF] = old.v[CF_CONTACT_REF];
		out->contact_id = old.contact_id;
		rc = update(db, v, &ow, &old, out);
	} else {
		out->res = SWT_INTAKE_NEW;
		rc = swt_db_contact_put(db, ow.request_id, ow.plan_id, v,
		    &out->contact_id) ? -2 : 0;
	}
	if (rc == 0)
		rc = count(db, v[CF_DATE], limit, &ow, out);
out:
	swt_db_contact_free(&old);
	return rc;
}
