/* request.c - the fields of a support request and their checks */
#include <stdlib.h>
#include <string.h>

#include "swt.h"

/*
 * The fields of a request (SPEC 5, 6; swt-records(5)), in the order of
 * enum swt_rf: what each is, and so how it is checked, stored and shown.
 */
const struct swt_field swt_request_fields[RF_N] = {
	[RF_REF] = { "ref", SWT_T_REF, SWT_F_KEY },
	[RF_RECEIVED_AT] = { "received_at", SWT_T_DATE, SWT_F_NEW },
	[RF_KIND] = { "kind", SWT_T_CODE, SWT_F_RULE | SWT_F_HINT, "kind" },
	[RF_CHANNEL] = { "channel", SWT_T_CODE, SWT_F_RULE | SWT_F_HINT,
	    "channel" },
	[RF_SOURCE] = { "source", SWT_T_CODE, SWT_F_RULE | SWT_F_HINT,
	    "source" },
	[RF_LAW] = { "law", SWT_T_CODE, SWT_F_RULE | SWT_F_HINT, "law" },
	[RF_SERVICE] = { "service", SWT_T_CODE, SWT_F_RULE | SWT_F_HINT,
	    "service" },
	[RF_LIFE_DOMAIN] = { "life_domain", SWT_T_CODE,
	    SWT_F_RULE | SWT_F_HINT, "life_domain" },
	[RF_DISTRICT] = { "district", SWT_T_CODE, SWT_F_RULE | SWT_F_HINT,
	    "district" },
	[RF_SUMMARY] = { "summary", SWT_T_TEXT },
	[RF_STAFF] = { "staff", SWT_T_TEXT },
	[RF_BSN] = { "bsn", SWT_T_BSN, SWT_F_PERSON },
	[RF_BIRTH_DATE] = { "birth_date", SWT_T_DATE, SWT_F_PERSON },
	[RF_POSTCODE] = { "postcode", SWT_T_POSTCODE, SWT_F_PERSON },
	[RF_NAME] = { "name", SWT_T_TEXT, SWT_F_PERSON },
	[RF_CLOSED_AT] = { "closed_at", SWT_T_DATE },
	[RF_CLOSURE_REASON] = { "closure_reason", SWT_T_CODE, 0,
	    "closure_reason" },
	[RF_INTAKE_AT] = { "intake_at", SWT_T_DATE },
	[RF_ASSESSED_AT] = { "assessed_at", SWT_T_DATE },
	[RF_ZRM] = { "zrm", SWT_T_INT, SWT_F_RULE, NULL, 1, 5,
	    "a ZRM score 1-5" },
	[RF_EXPECTED_CONTACTS] = { "expected_contacts", SWT_T_INT,
	    SWT_F_RULE, NULL, 0, 9999, "a count of contacts (0-9999)", "0" },
	[RF_SPECIALIST_KNOWLEDGE] = { "specialist_knowledge", SWT_T_YESNO,
	    SWT_F_RULE, .dflt = "no" },
	[RF_DEVELOPMENT_POTENTIAL] = { "development_potential", SWT_T_CODE,
	    SWT_F_RULE, "development_potential" },
	[RF_LONG_TERM] = { "long_term", SWT_T_YESNO, SWT_F_RULE,
	    .dflt = "no" },
	[RF_PARTIES_INVOLVED] = { "parties_involved", SWT_T_INT, SWT_F_RULE,
	    NULL, 0, 999, "a count of parties (0-999)", "0" },
	[RF_PARTICIPATION] = { "participation", SWT_T_CODE, SWT_F_RULE,
	    "participation", .dflt = "none" },
	[RF_FINANCIAL] = { "financial", SWT_T_CODE, SWT_F_RULE, "financial",
	    .dflt = "none" },
	[RF_FLAGS] = { "flags", SWT_T_SET, SWT_F_RULE, "flag",
	    .what = "a risk flag (see swt-db codes flag)" },
	[RF_STATUSHOUDER] = { "statushouder", SWT_T_YESNO, SWT_F_RULE,
	    .dflt = "no" },
};

const struct swt_entity swt_request_entity = { "request",
	swt_request_fields, RF_N };

static int
fail(const char **field, int f, char *why, size_t len, const char *fmt,
    const char *val)
{
	char buf[64];

	*field = swt_request_fields[f].name;
	swt_fmt(why, len, fmt, swt_shown(*field, val, buf));
	return -1;
}

/*
 * What the fields of one request must say together: the law its service
 * belongs to (implied when empty), dates in their order.
 */
static int
consistent(const char **v, const struct swt_code *service,
    const struct swt_codes *cs, const char **field, char *why, size_t whylen)
{
	if (v[RF_SERVICE] && !service)
		service = swt_codes_get(cs, "service", v[RF_SERVICE]);

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
	if (v[RF_CLOSED_AT] && v[RF_RECEIVED_AT] &&
	    strncmp(v[RF_CLOSED_AT], v[RF_RECEIVED_AT], 10) < 0)
		return fail(field, RF_CLOSED_AT, why, whylen,
		    "%s is before received_at", v[RF_CLOSED_AT]);
	if (v[RF_BIRTH_DATE] && v[RF_RECEIVED_AT] &&
	    strncmp(v[RF_BIRTH_DATE], v[RF_RECEIVED_AT], 10) > 0)
		return fail(field, RF_BIRTH_DATE, why, whylen,
		    "%s is after received_at", v[RF_BIRTH_DATE]);
	return 0;
}

int
swt_request_check(struct swt_request *rq, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen)
{
	const struct swt_code *service = NULL;

	if (swt_entity_check(&swt_request_entity, rq->v, rq->buf, cs, field,
	    why, whylen))
		return -1;
	if (rq->v[RF_SERVICE])	/* the check left its entry */
		memcpy(&service, rq->buf[RF_SERVICE], sizeof service);
	return consistent(rq->v, service, cs, field, why, whylen);
}

/* The names of what changed, for the audit log: room for every field. */
static void
changed(struct swt_intake_out *out, const char *name)
{
	swt_names_add(out->changed, sizeof out->changed, name);
}

/*
 * The person: made, or brought up to date with what the record gives;
 * what changed is named in out->changed.
 */
static int
person(struct swt_db *db, const struct swt_request *rq, const char *cid,
    struct swt_intake_out *out)
{
	static const int cols[] = { RF_BIRTH_DATE, RF_POSTCODE, RF_DISTRICT,
		RF_NAME };
	char *old[RF_N];
	int k, diff = 0;

	/* most are new, or the same: tried as new first */
	if ((k = swt_db_person_put(db, cid, rq->v, 1)) != 0)
		return k < 0 ? -2 : 0;
	if ((k = swt_db_person_get(db, cid, old)) <= 0)
		return -2;	/* it was there a moment ago */
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
		const char *v = rq->v[cols[i]];

		if (v && !swt_same(v, old[cols[i]])) {
			changed(out, cols[i] == RF_DISTRICT ? "person.district" :
			    swt_request_fields[cols[i]].name);
			diff = 1;
		}
	}
	for (int f = 0; f < RF_N; f++)
		if (swt_request_fields[f].flags & SWT_F_PERSON || f == RF_DISTRICT)
			free(old[f]);
	return diff && swt_db_person_put(db, cid, rq->v, 0) < 0 ? -2 : 0;
}

/*
 * A request that moves to another person (a BSN given later, or put
 * right): a person without a BSN is the same resident, and merges into
 * the BSN's; one with another BSN keeps what is still theirs, and goes
 * when nothing is.  Never a person row without a request.
 */
static int
move(struct swt_db *db, const char *from, const char *to)
{
	char *old[RF_N], detail[64];
	int k, anonymous;

	if ((k = swt_db_person_get(db, from, old)) < 0)
		return -2;
	if (k == 0)
		return 0;
	anonymous = !old[RF_BSN];
	for (int f = 0; f < RF_N; f++)
		if (swt_request_fields[f].flags & SWT_F_PERSON || f == RF_DISTRICT)
			free(old[f]);
	if (anonymous) {
		swt_fmt(detail, sizeof detail, "merged %s into it", from);
		if (swt_db_person_merge(db, from, to) ||
		    swt_db_audit(db, swt_prog, "merge", "person", to, detail))
			return -2;
		return 0;
	}
	if ((k = swt_db_person_drop_unused(db, from)) < 0)
		return -2;
	if (k && swt_db_audit(db, swt_prog, "remove", "person", from,
	    "no request left: its BSN was put right"))
		return -2;
	return 0;
}

/* The record as it will be stored: its values over the stored ones. */
static void
merge(const char **v, const struct swt_request *rq,
    const struct swt_db_request *old)
{
	for (int f = 0; f < RF_N; f++)
		v[f] = rq->v[f] ? rq->v[f] : old->v[f];
	if (!v[RF_KIND])
		v[RF_KIND] = "vraag";
}

/* Checked whole, not only the line: -1 with why if it does not hold. */
static int
holds(const char **v, const struct swt_codes *cs, const char **field,
    char *why, size_t whylen)
{
	size_t n;

	if (!consistent(v, NULL, cs, field, why, whylen))
		return 0;
	n = strlen(why);
	swt_fmt(why + n, whylen - n, " (with the request as stored)");
	return -1;
}

/*
 * Closing (SPEC 5): closed_at and closure_reason together, not before the
 * request's last contact; a closed request stays closed on its day (a new
 * question is a new request, 002 2.4).  old: the stored request, if any.
 * 0, -1 refused, -2 a database error.
 */
static int
closing(struct swt_db *db, const char *const *v,
    const struct swt_db_request *old, const char **field, char *why,
    size_t whylen)
{
	const char *was = old->v[RF_CLOSED_AT];
	char last[SWT_FIELD_BUF];
	int k;

	if (!v[RF_CLOSED_AT] != !v[RF_CLOSURE_REASON]) {
		*field = v[RF_CLOSED_AT] ? "closure_reason" : "closed_at";
		swt_fmt(why, whylen, "missing: a request is closed with "
		    "closed_at and closure_reason together");
		return -1;
	}
	if (was && strcmp(v[RF_CLOSED_AT], was)) {
		*field = "closed_at";
		swt_fmt(why, whylen, "the request was closed on %.10s: it is "
		    "not reopened or closed again (a new question is a new "
		    "request, 002 2.4)", was);
		return -1;
	}
	if (!v[RF_CLOSED_AT] || was || !old->request_id)
		return 0;
	if ((k = swt_db_contact_last(db, old->request_id, last,
	    sizeof last)) < 0)
		return -2;
	if (k && strncmp(v[RF_CLOSED_AT], last, 10) < 0) {
		*field = "closed_at";
		swt_fmt(why, whylen, "%.10s is before the request's last "
		    "contact on %.10s", v[RF_CLOSED_AT], last);
		return -1;
	}
	return 0;
}

/* A request's status as the record leaves it; was: the stored one. */
static const char *
status_of(const char *const *v, const char *was)
{
	if (v[RF_CLOSED_AT])
		return "closed";
	if (!was || (!strcmp(was, "open") && v[RF_ASSESSED_AT]))
		return v[RF_ASSESSED_AT] ? "assessed" : "open";
	return was;
}

int
swt_request_store(struct swt_db *db, struct swt_request *rq,
    const struct swt_codes *cs, struct swt_intake_out *out,
    const char **field, char *why, size_t whylen)
{
	struct swt_db_request old = { 0 };
	const char *v[RF_N], *status;
	char id[24];
	int rc = -2, found = 0, k, whole = 1;

	memset(out, 0, sizeof *out);
	if (!rq->v[RF_REF]) {
		*field = "ref";
		swt_fmt(why, whylen, "missing: every request needs its "
		    "source's reference");
		return -1;
	}
	for (int f = 0; f < RF_N; f++)
		if ((swt_request_fields[f].flags & SWT_F_NEW) && !rq->v[f])
			whole = 0;
	/*
	 * A record that could be a new request about a known BSN is tried as
	 * one (the bulk of an import); any other is looked up first.
	 */
	if ((!whole || !rq->v[RF_BSN]) &&
	    (swt_db_request_get(db, rq->v[RF_REF], &old)))
		return -2;
	found = old.request_id != 0;
	merge(v, rq, &old);
	for (int f = 0; f < RF_N && !found; f++)
		if (!v[f] && (swt_request_fields[f].flags & SWT_F_NEW)) {
			*field = swt_request_fields[f].name;
			swt_fmt(why, whylen, "missing: required for a new "
			    "request");
			rc = -1;
			goto out;
		}
	if (found && holds(v, cs, field, why, whylen)) {
		rc = -1;
		goto out;
	}
	if ((k = closing(db, v, &old, field, why, whylen)) != 0) {
		rc = k;
		goto out;
	}
	/* who it is about: a BSN's pseudonym, else the one it has */
	if (rq->v[RF_BSN])
		swt_db_client_id(db, rq->v[RF_BSN], out->client_id);
	else if (found)
		memcpy(out->client_id, old.client_id, sizeof out->client_id);
	else
		swt_client_random(out->client_id);
	if (person(db, rq, out->client_id, out) < 0)
		goto out;
	if (!found) {
		status = status_of(v, NULL);
		if ((k = swt_db_request_put(db, v, out->client_id, status,
		    &out->request_id)) < 0)
			goto out;
		if (k == 1) {
			out->res = SWT_INTAKE_NEW;
			/* a new request may bring a known resident's address */
			rc = out->changed[0] && swt_db_audit(db, swt_prog,
			    "update", "person", out->client_id, out->changed) ?
			    -2 : 0;
			goto out;
		}
		/* tried as new, but it is there: as any update */
		if (swt_db_request_get(db, rq->v[RF_REF], &old))
			goto out;
		merge(v, rq, &old);
		if (holds(v, cs, field, why, whylen)) {
			rc = -1;
			goto out;
		}
		if ((k = closing(db, v, &old, field, why, whylen)) != 0) {
			rc = k;
			goto out;
		}
	}
	if (strcmp(old.client_id, out->client_id))
		changed(out, "client_id");
	out->request_id = old.request_id;
	for (int f = 1; f < RF_N; f++)
		if (!(swt_request_fields[f].flags & SWT_F_PERSON) &&
		    !swt_same(v[f], old.v[f]))
			changed(out, swt_request_fields[f].name);
	if (!out->changed[0]) {
		out->res = SWT_INTAKE_UNCHANGED;
		rc = 0;
		goto out;
	}
	out->res = SWT_INTAKE_UPDATED;
	status = status_of(v, old.status);
	snprintf(id, sizeof id, "%lld", out->request_id);
	if (swt_db_request_update(db, v, out->client_id, status, &old) < 0 ||
	    swt_db_audit(db, swt_prog, "update",
	    "request", id, out->changed))
		goto out;
	/* moved to another person: what becomes of the one it had */
	if (strcmp(old.client_id, out->client_id) &&
	    move(db, old.client_id, out->client_id) < 0)
		goto out;
	rc = 0;
out:
	swt_db_request_free(&old);
	return rc;
}
