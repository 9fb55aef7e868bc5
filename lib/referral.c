/* referral.c - a referral's fields, its lifecycle and what is refused */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

/* The fields of a referral record (SPEC 5; swt-records(5)). */
const struct swt_field swt_referral_fields[XF_N] = {
	[XF_REF] = { "ref", SWT_T_REF },
	[XF_REQUEST_ID] = { "request_id", SWT_T_INT, 0, NULL, 1, LONG_MAX,
	    "a request's number" },
	[XF_REFERRAL_REF] = { "referral_ref", SWT_T_REF },
	[XF_REFERRAL_ID] = { "referral_id", SWT_T_INT, 0, NULL, 1, LONG_MAX,
	    "a referral's number" },
	[XF_KIND] = { "kind", SWT_T_CODE, SWT_F_NEW, "referral_kind" },
	[XF_PARTNER] = { "partner", SWT_T_REF, SWT_F_NEW },
	[XF_PRODUCT] = { "product", SWT_T_CODE, 0, "product" },
	[XF_APPLIED_AT] = { "applied_at", SWT_T_DATE },
	[XF_DECIDED_AT] = { "decided_at", SWT_T_DATE },
	[XF_SENT_AT] = { "sent_at", SWT_T_DATE, SWT_F_NEW },
	[XF_RESPONDED_AT] = { "responded_at", SWT_T_DATE },
	[XF_RESPONSE] = { "response", SWT_T_CODE, 0, "referral_status" },
	[XF_STARTED_AT] = { "started_at", SWT_T_DATE },
	[XF_ENDED_AT] = { "ended_at", SWT_T_DATE },
	[XF_END_REASON] = { "end_reason", SWT_T_CODE, 0, "end_reason" },
	[XF_WITHDRAWN_AT] = { "withdrawn_at", SWT_T_DATE },
	[XF_REASON] = { "reason", SWT_T_TEXT },
};

const struct swt_entity swt_referral_entity = { "referral",
	swt_referral_fields, XF_N };

/* Refuse field f of the record, saying why. */
#define fail(field, f, why, len, ...) \
	swt_refuse(field, swt_referral_fields[f].name, why, len, __VA_ARGS__)

int
swt_referral_check(struct swt_referral *x, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen)
{
	const char *p, *r;
	size_t i;

	if (swt_entity_check(&swt_referral_entity, x->v, x->buf, cs, field,
	    why, whylen))
		return -1;
	for (int f = 0; f < XF_N; f++)	/* empty: no value */
		if (x->v[f] && !*x->v[f])
			x->v[f] = NULL;
	p = x->v[XF_PARTNER];
	r = x->v[XF_RESPONSE];
	if (!x->v[XF_REF] && !x->v[XF_REQUEST_ID] && !x->v[XF_REFERRAL_ID] &&
	    !x->v[XF_REFERRAL_REF])
		return fail(field, XF_REF, why, whylen, "missing: a referral "
		    "is of a request, named by ref or request_id (or a stored "
		    "one by referral_id or referral_ref)");
	if (r && strcmp(r, "accepted") && strcmp(r, "rejected"))
		return fail(field, XF_RESPONSE, why, whylen, "'%s' is not a "
		    "response: accepted or rejected", r);
	if (p && strlen(p) > SWT_PARTNER_ID_MAX)
		return fail(field, XF_PARTNER, why, whylen, "longer than %d "
		    "characters: not a partner_id", SWT_PARTNER_ID_MAX);
	if (p) {	/* a partner_id, as the registry spells it */
		for (i = 0; p[i]; i++)
			x->partner[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ?
			    p[i] + 32 : p[i]);
		x->partner[i] = '\0';
		x->v[XF_PARTNER] = x->partner;
	}
	return 0;
}

/* The status the dates give; NULL: not sent. */
static const char *
status_of(const char *const *v)
{
	if (v[XF_WITHDRAWN_AT])
		return "withdrawn";
	if (v[XF_ENDED_AT])
		return "ended";
	if (v[XF_STARTED_AT])
		return "started";
	if (v[XF_RESPONDED_AT] && v[XF_RESPONSE])
		return v[XF_RESPONSE];
	return v[XF_SENT_AT] ? "sent" : NULL;
}

/* How far along a status is: a move forward only raises it. */
static int
rank(const char *s)
{
	static const char *const order[] = { "sent", "accepted", "rejected",
		"started", "ended", "withdrawn" };
	static const int r[] = { 0, 1, 1, 2, 3, 3 };

	for (size_t i = 0; i < sizeof order / sizeof *order; i++)
		if (!strcmp(s, order[i]))
			return r[i];
	return -1;
}

/* May a referral in status from come to status to? */
static int
forward(const char *from, const char *to)
{
	if (!strcmp(from, to))
		return 1;
	if (!strcmp(to, "withdrawn"))	/* at any point before it ended */
		return strcmp(from, "ended") && strcmp(from, "rejected");
	return rank(to) > rank(from) && strcmp(from, "rejected");
}

static int
has_products(const char *law)
{
	return law && (!strcmp(law, "wmo") || !strcmp(law, "jeugdwet"));
}

/* Is field f's code, if given, of the law (or of every law)? */
static int
of_law(const char *const *v, int f, const char *what, const char *law,
    const struct swt_codes *cs, const char **field, char *why, size_t len)
{
	const struct swt_code *c = v[f] ? swt_codes_get(cs,
	    swt_referral_fields[f].list, v[f]) : NULL;

	if (c && c->parent && strcmp(c->parent, law))
		return fail(field, f, why, len, "'%s' is a %s %s, but the "
		    "request's law is '%s'", v[f], c->parent, what, law);
	return 0;
}

/* What the fields say together, with the request's law and received_at. */
static int
consistent(const char *const *v, const char *law, const char *received,
    const struct swt_codes *cs, const char **field, char *why, size_t len)
{
	static const int chain[] = { XF_APPLIED_AT, XF_DECIDED_AT, XF_SENT_AT,
		XF_RESPONDED_AT, XF_STARTED_AT, XF_ENDED_AT, XF_WITHDRAWN_AT };
	int toewijzen = !strcmp(v[XF_KIND], "toewijzen"), prev = -1;

	if (!toewijzen) {
		static const int only[] = { XF_PRODUCT, XF_END_REASON,
			XF_APPLIED_AT, XF_DECIDED_AT };

		for (size_t i = 0; i < sizeof only / sizeof *only; i++)
			if (v[only[i]])
				return fail(field, only[i], why, len, "a %s "
				    "referral has none: only toewijzen does",
				    v[XF_KIND]);
	} else if (!has_products(law)) {
		if (v[XF_PRODUCT] || v[XF_END_REASON])
			return fail(field, v[XF_PRODUCT] ? XF_PRODUCT :
			    XF_END_REASON, why, len, "the request's law is "
			    "'%s': only wmo and jeugdwet carry one", law ? law :
			    "(none)");
	} else {
		if (!v[XF_PRODUCT])
			return fail(field, XF_PRODUCT, why, len, "missing: a "
			    "toewijzen under %s needs one (WMO020/JZ020)",
			    law);
		if (v[XF_ENDED_AT] && !v[XF_END_REASON])
			return fail(field, XF_END_REASON, why, len, "missing: "
			    "an ended toewijzen needs one (WMO588/JZ588)");
		if (of_law(v, XF_PRODUCT, "product", law, cs, field, why,
		    len) || of_law(v, XF_END_REASON, "end reason", law, cs,
		    field, why, len))
			return -1;
	}
	if (v[XF_END_REASON] && !v[XF_ENDED_AT])
		return fail(field, XF_END_REASON, why, len, "given, but "
		    "there is no ended_at");
	if (v[XF_RESPONSE] && !v[XF_RESPONDED_AT])
		return fail(field, XF_RESPONDED_AT, why, len, "missing: "
		    "response '%s' needs the date", v[XF_RESPONSE]);
	if (v[XF_RESPONDED_AT] && !v[XF_RESPONSE])
		return fail(field, XF_RESPONSE, why, len, "missing: "
		    "responded_at needs it (accepted or rejected)");
	if (v[XF_RESPONSE] && !strcmp(v[XF_RESPONSE], "rejected") &&
	    !v[XF_REASON])
		return fail(field, XF_REASON, why, len, "missing: a rejected "
		    "referral needs the reason");
	if (v[XF_STARTED_AT] && !(v[XF_RESPONSE] &&
	    !strcmp(v[XF_RESPONSE], "accepted")))
		return fail(field, XF_STARTED_AT, why, len, "a referral starts "
		    "only once accepted (responded_at, response accepted)");
	if (v[XF_ENDED_AT] && !v[XF_STARTED_AT])
		return fail(field, XF_ENDED_AT, why, len, "a referral ends "
		    "only once started (started_at)");
	if (v[XF_WITHDRAWN_AT] && v[XF_ENDED_AT])
		return fail(field, XF_WITHDRAWN_AT, why, len, "a referral is "
		    "withdrawn before it ends, not after: it has ended_at");
	if (v[XF_WITHDRAWN_AT] && v[XF_RESPONSE] &&
	    !strcmp(v[XF_RESPONSE], "rejected"))
		return fail(field, XF_WITHDRAWN_AT, why, len, "the partner "
		    "rejected it: there is nothing to withdraw");
	/* withdrawn_at last: after every other date given */
	for (size_t i = 0; i < sizeof chain / sizeof *chain; i++) {
		int f = chain[i];

		if (!v[f])
			continue;
		if (received && strncmp(v[f], received, 10) < 0)
			return fail(field, f, why, len, "%s is before the "
			    "request's received_at %s", v[f], received);
		if (prev >= 0 && strncmp(v[f], v[prev], 10) < 0)
			return fail(field, f, why, len, "%s is before %s %s",
			    v[f], swt_referral_fields[prev].name, v[prev]);
		prev = f;
	}
	return 0;
}

/* Does the partner's tier take referrals of this kind? */
static const char *
tier_for(const char *kind, const char *tier)
{
	if (!strcmp(kind, "verwijzen") && strcmp(tier, "sociale_basis") &&
	    strcmp(tier, "gemeente"))
		return "sociale_basis or gemeente";
	if (!strcmp(kind, "toewijzen") && strcmp(tier, "aanbieder"))
		return "aanbieder";
	return NULL;
}

/* A new referral's partner: in the registry, active, of a fitting tier. */
static int
partner_ok(struct swt_db *db, const char *id, const char *kind,
    const char **field, char *why, size_t len)
{
	char *p[PF_N], shown[64];
	const char *want;
	int rc = 0;

	if ((rc = swt_db_partner_get(db, id, p)) < 0)
		return -2;
	if (rc == 0)
		return fail(field, XF_PARTNER, why, len, "%s is not in the "
		    "partner registry (see swt-refer --partners)",
		    swt_shown("partner", id, shown));
	rc = 0;
	if (p[PF_ACTIVE] && !strcmp(p[PF_ACTIVE], "no"))
		rc = fail(field, XF_PARTNER, why, len, "'%s' is not active: "
		    "it takes no new referral", id);
	else if ((want = tier_for(kind, p[PF_TIER] ? p[PF_TIER] : "")))
		rc = fail(field, XF_PARTNER, why, len, "'%s' is of tier '%s': "
		    "a %s referral goes to %s", id, p[PF_TIER], kind, want);
	swt_db_partner_free(p);
	return rc;
}

/* Find the stored referral the record means: 1, 0 none (a new one), <0. */
static int
find(struct swt_db *db, const struct swt_referral *x, long long request_id,
    struct swt_db_referral *old, const char **field, char *why, size_t len)
{
	const char *const *v = x->v;
	int rc;

	if (v[XF_REFERRAL_ID]) {
		if ((rc = swt_db_referral_get(db, atoll(v[XF_REFERRAL_ID]),
		    old)) < 0)
			return -2;
		if (rc == 0)
			return fail(field, XF_REFERRAL_ID, why, len, "no "
			    "referral %s is stored", v[XF_REFERRAL_ID]);
	} else if (v[XF_REFERRAL_REF]) {
		if ((rc = swt_db_referral_by_ref(db, v[XF_REFERRAL_REF],
		    old)) < 0)
			return -2;
	} else if (v[XF_KIND] && v[XF_PARTNER]) {
		if ((rc = swt_db_referral_find(db, request_id, v[XF_KIND],
		    v[XF_PARTNER], v[XF_SENT_AT], old)) < 0)
			return -2;
	} else
		return 0;
	if (rc && request_id && old->request_id != request_id) {
		swt_db_referral_free(old);
		return fail(field, XF_REF, why, len, "referral %lld is of "
		    "another request", old->referral_id);
	}
	if (rc && v[XF_REFERRAL_REF] && old->v[XF_REFERRAL_REF] &&
	    strcmp(v[XF_REFERRAL_REF], old->v[XF_REFERRAL_REF])) {
		swt_db_referral_free(old);
		return fail(field, XF_REFERRAL_REF, why, len, "referral %lld "
		    "has another referral_ref", old->referral_id);
	}
	return rc;
}

int
swt_referral_store(struct swt_db *db, struct swt_referral *x,
    const struct swt_codes *cs, struct swt_referral_out *out,
    const char **field, char *why, size_t whylen)
{
	struct swt_db_request rq = { 0 };
	struct swt_db_referral old = { 0 };
	const char *v[XF_N], *status;
	char ref[80], shown[64], id[24];
	long long request_id = 0;
	int rc, found;

	memset(out, 0, sizeof *out);
	/* the request: by ref, by request_id, or the stored referral's */
	if (x->v[XF_REQUEST_ID]) {
		if ((rc = swt_db_request_ref(db, atoll(x->v[XF_REQUEST_ID]),
		    ref, sizeof ref)) < 0)
			return -2;
		if (rc == 0)
			return fail(field, XF_REQUEST_ID, why, whylen, "no "
			    "request %s is stored", x->v[XF_REQUEST_ID]);
		if (x->v[XF_REF] && strcmp(ref, x->v[XF_REF]))
			return fail(field, XF_REQUEST_ID, why, whylen,
			    "request %s is not %s", x->v[XF_REQUEST_ID],
			    swt_shown("ref", x->v[XF_REF], shown));
	} else if (x->v[XF_REF])
		swt_fmt(ref, sizeof ref, "%s", x->v[XF_REF]);
	else
		ref[0] = '\0';
	if (ref[0]) {
		if (swt_db_request_get(db, ref, &rq) < 0)
			return -2;
		if (!rq.request_id)
			return fail(field, XF_REF, why, whylen, "no request "
			    "%s is stored (swt-intake stores it)",
			    swt_shown("ref", ref, shown));
		request_id = rq.request_id;
	}
	if ((found = find(db, x, request_id, &old, field, why, whylen)) < 0)
		goto out;
	rc = -1;
	if (found && !request_id) {	/* named by referral_id alone */
		if (swt_db_request_ref(db, old.request_id, ref,
		    sizeof ref) < 0 || swt_db_request_get(db, ref, &rq) < 0) {
			rc = -2;
			goto out;
		}
	}
	/* the record's values over the stored ones */
	for (int f = 0; f < XF_N; f++)
		v[f] = x->v[f] ? x->v[f] : found ? old.v[f] : NULL;
	v[XF_REF] = v[XF_REQUEST_ID] = v[XF_REFERRAL_ID] = NULL;
	if (found) {
		if (!swt_same(v[XF_KIND], old.v[XF_KIND])) {
			fail(field, XF_KIND, why, whylen, "referral %lld is "
			    "%s: a kind is not changed", old.referral_id,
			    old.v[XF_KIND]);
			goto out;
		}
		if (!swt_same(v[XF_PARTNER], old.v[XF_PARTNER])) {
			fail(field, XF_PARTNER, why, whylen, "referral %lld "
			    "is to '%s': a partner is not changed",
			    old.referral_id, old.v[XF_PARTNER]);
			goto out;
		}
	} else {
		if (!request_id) {
			fail(field, XF_REF, why, whylen, "missing: no referral "
			    "has this referral_ref, and a new one is of a "
			    "request (ref or request_id)");
			goto out;
		}
		for (int f = 0; f < XF_N; f++)
			if ((swt_referral_fields[f].flags & SWT_F_NEW) &&
			    !v[f]) {
				fail(field, f, why, whylen, "missing: required "
				    "for a new referral");
				goto out;
			}
		if ((rc = partner_ok(db, v[XF_PARTNER], v[XF_KIND], field,
		    why, whylen)) != 0)
			goto out;
		rc = -1;
	}
	if (consistent(v, rq.v[RF_LAW], rq.v[RF_RECEIVED_AT], cs, field, why,
	    whylen))
		goto out;
	status = status_of(v);
	if (found && !forward(old.status, status)) {
		*field = "status";
		swt_fmt(why, whylen, "would move from %s back to %s: a "
		    "referral's states move forward only", old.status, status);
		goto out;
	}
	swt_fmt(out->status, sizeof out->status, "%s", status);
	swt_fmt(out->client_id, sizeof out->client_id, "%s", rq.client_id);
	out->referral_id = old.referral_id;
	if (!found) {
		out->res = SWT_INTAKE_NEW;
		rc = swt_db_referral_put(db, rq.request_id, v, status,
		    &out->referral_id) ? -2 : 0;
		goto out;
	}
	for (int f = 0; f < XF_N; f++)
		if (!swt_same(v[f], old.v[f]))
			swt_names_add(out->changed, sizeof out->changed,
			    swt_referral_fields[f].name);
	rc = 0;
	if (!out->changed[0])
		out->res = SWT_INTAKE_UNCHANGED;
	else {
		out->res = SWT_INTAKE_UPDATED;
		swt_fmt(id, sizeof id, "%lld", old.referral_id);
		if (swt_db_referral_put(db, old.request_id, v, status,
		    &out->referral_id) || swt_db_audit(db, swt_prog, "update",
		    "referral", id, out->changed))
			rc = -2;
	}
out:
	if (found < 0)
		rc = found;
	swt_db_referral_free(&old);
	swt_db_request_free(&rq);
	return rc;
}

const char *
swt_referral_as_on(const char **v, const char *on)
{
	static const int dates[] = { XF_APPLIED_AT, XF_DECIDED_AT, XF_SENT_AT,
		XF_RESPONDED_AT, XF_STARTED_AT, XF_ENDED_AT, XF_WITHDRAWN_AT };

	for (size_t i = 0; on && i < sizeof dates / sizeof *dates; i++)
		if (v[dates[i]] && strncmp(v[dates[i]], on, 10) > 0)
			v[dates[i]] = NULL;
	if (!v[XF_RESPONDED_AT])	/* what the dates bring with them */
		v[XF_RESPONSE] = NULL;
	if (!v[XF_ENDED_AT])
		v[XF_END_REASON] = NULL;
	return status_of(v);
}

int
swt_referral_term(const char *const *v, const char *status,
    const char *response_days, const char *start_days,
    const struct swt_calendar *cal, struct swt_referral_term *t)
{
	const char *days;

	if (!strcmp(status, "sent")) {	/* waiting for the answer */
		t->term = "response";
		t->since = v[XF_SENT_AT];
		days = response_days;
	} else if (!strcmp(status, "accepted")) {	/* for the start */
		t->term = "start";
		t->since = v[XF_RESPONDED_AT];
		days = start_days;
	} else
		return 0;
	if (!days || !t->since)
		return 0;
	t->days = atol(days);
	t->due = swt_calendar_add_workdays(cal, swt_date_days(t->since),
	    t->days);
	return 1;
}
