/* plan.c - a resident's plan and its goals: fields, rules, the reading */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

/* The fields of a plan record (SPEC 5; swt-records(5)). */
const struct swt_field swt_plan_fields[PL_N] = {
	[PL_CLIENT_ID] = { "client_id", SWT_T_REF },
	[PL_REF] = { "ref", SWT_T_REF },
	[PL_PLAN_ID] = { "plan_id", SWT_T_INT, 0, NULL, 1, LONG_MAX,
	    "a plan's number" },
	[PL_OPENED_AT] = { "opened_at", SWT_T_DATE },
	[PL_OWNER] = { "owner", SWT_T_REF },
	[PL_REGIE] = { "regie", SWT_T_CODE, 0, "regie" },
	[PL_NEXT_EVALUATION_AT] = { "next_evaluation_at", SWT_T_DATE },
	[PL_CHECKIN_DAYS] = { "checkin_days", SWT_T_INT, 0, NULL, 1, 365,
	    "a number of days 1-365" },
	[PL_EVALUATED_AT] = { "evaluated_at", SWT_T_DATE },
	[PL_CLOSED_AT] = { "closed_at", SWT_T_DATE },
	[PL_CLOSURE_REASON] = { "closure_reason", SWT_T_CODE, 0,
	    "closure_reason" },
	[PL_REASON] = { "reason", SWT_T_TEXT },
	[PL_GOAL_ID] = { "goal_id", SWT_T_INT, 0, NULL, 1, LONG_MAX,
	    "a goal's number" },
	[PL_LIFE_DOMAIN] = { "life_domain", SWT_T_CODE, 0, "life_domain" },
	[PL_DESCRIPTION] = { "description", SWT_T_TEXT },
	[PL_PRIORITY] = { "priority", SWT_T_INT, 0, NULL, 1, 3,
	    "a priority 1-3" },
	[PL_GOAL_OWNER] = { "goal_owner", SWT_T_CODE, 0, "goal_owner" },
	[PL_TARGET_DATE] = { "target_date", SWT_T_DATE },
	[PL_ZRM_START] = { "zrm_start", SWT_T_INT, 0, NULL, 1, 5,
	    "a ZRM score 1-5" },
	[PL_ZRM_TARGET] = { "zrm_target", SWT_T_INT, 0, NULL, 1, 5,
	    "a ZRM score 1-5" },
	[PL_ZRM_END] = { "zrm_end", SWT_T_INT, 0, NULL, 1, 5,
	    "a ZRM score 1-5" },
	[PL_GOAL_STATUS] = { "goal_status", SWT_T_CODE, 0, "goal_status" },
	[PL_REQUEST] = { "request", SWT_T_REF },
};

const struct swt_entity swt_plan_entity = { "plan", swt_plan_fields, PL_N };

const char *const swt_due_fields[DUE_N] = { "client_id", "plan_id", "item",
	"due", "days_over", "owner", "detail" };

/* A refusal of field f: its name, and why. */
#define fail(field, f, why, len, ...) \
	swt_refuse(field, swt_plan_fields[f].name, why, len, __VA_ARGS__)

static int
has_goal(const char *const *v)
{
	for (int f = PL_GOAL_ID; f <= PL_REQUEST; f++)
		if (v[f])
			return 1;
	return 0;
}

int
swt_plan_check(struct swt_plan *p, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen)
{
	const char *const *v = p->v;

	if (swt_entity_check(&swt_plan_entity, p->v, p->buf, cs, field, why,
	    whylen))
		return -1;
	for (int f = 0; f < PL_N; f++) {
		if (p->v[f] && !*p->v[f])
			p->v[f] = NULL;
		/* a plan is kept by the day */
		if (p->v[f] && swt_plan_fields[f].type == SWT_T_DATE)
			p->buf[f][10] = '\0';
	}
	if (!v[PL_CLIENT_ID] && !v[PL_REF])
		return fail(field, PL_CLIENT_ID, why, whylen, "missing: a "
		    "plan is a resident's, named by client_id or by the ref of "
		    "one of their requests");
	if (v[PL_CLOSED_AT] && !v[PL_CLOSURE_REASON])
		return fail(field, PL_CLOSURE_REASON, why, whylen, "missing: "
		    "a plan closes with its reason");
	if (v[PL_CLOSURE_REASON] && !v[PL_CLOSED_AT])
		return fail(field, PL_CLOSED_AT, why, whylen, "missing: "
		    "closure_reason is given, but not the day it closed");
	if (has_goal(v) && !v[PL_GOAL_ID] && !(v[PL_LIFE_DOMAIN] &&
	    v[PL_DESCRIPTION]))
		return fail(field, v[PL_LIFE_DOMAIN] ? PL_DESCRIPTION :
		    PL_LIFE_DOMAIN, why, whylen, "missing: a goal is named by "
		    "goal_id, or by its life_domain and description");
	return 0;
}

/* Is the resident stored?  1, 0, -1. */
static int
known(struct swt_db *db, const char *client_id)
{
	char *pv[RF_N] = { 0 };
	int rc = swt_db_person_get(db, client_id, pv);

	for (int f = 0; f < RF_N; f++)
		free(pv[f]);
	return rc;
}

/* The resident the record names, into client: 0, -1 refused, -2. */
static int
resident(struct swt_db *db, const char *const *v, char client[16],
    const char **field, char *why, size_t len)
{
	struct swt_db_request rq = { 0 };
	char shown[64];
	int rc;

	if (v[PL_REF]) {
		if (swt_db_request_get(db, v[PL_REF], &rq) < 0)
			return -2;
		rc = rq.request_id ? 0 : fail(field, PL_REF, why, len, "no "
		    "request %s is stored (swt-intake stores it)",
		    swt_shown("ref", v[PL_REF], shown));
		if (!rc && v[PL_CLIENT_ID] && strcmp(v[PL_CLIENT_ID],
		    rq.client_id))
			rc = fail(field, PL_CLIENT_ID, why, len, "request %s "
			    "is of another resident", swt_shown("ref",
			    v[PL_REF], shown));
		swt_fmt(client, 16, "%s", rq.client_id);
		swt_db_request_free(&rq);
		return rc;
	}
	if ((rc = known(db, v[PL_CLIENT_ID])) < 0)
		return -2;
	if (rc == 0)
		return fail(field, PL_CLIENT_ID, why, len, "no resident %s is "
		    "stored (swt-intake stores their requests)",
		    swt_shown("client_id", v[PL_CLIENT_ID], shown));
	swt_fmt(client, 16, "%s", v[PL_CLIENT_ID]);
	return 0;
}

/*
 * The plan the record means, into old (plan_id 0: a new one): by plan_id,
 * by the day it opened, else the open one or the latest.  0, -1, -2.
 */
static int
find_plan(struct swt_db *db, const char *const *v, const char *client,
    struct swt_db_plan *old, const char **field, char *why, size_t len)
{
	struct swt_db_plan open;
	int rc;

	if (v[PL_PLAN_ID]) {
		if ((rc = swt_db_plan_get(db, atoll(v[PL_PLAN_ID]), old)) < 0)
			return -2;
		if (rc == 0)
			return fail(field, PL_PLAN_ID, why, len, "no plan %s "
			    "is stored", v[PL_PLAN_ID]);
		if (strcmp(old->client_id, client))
			return fail(field, PL_PLAN_ID, why, len, "plan %s is "
			    "of another resident", v[PL_PLAN_ID]);
		return 0;
	}
	if ((rc = swt_db_plan_of(db, client, v[PL_OPENED_AT], old)) != 0)
		return rc < 0 ? -2 : 0;
	if (!v[PL_OPENED_AT])
		return 0;	/* the resident's first plan */
	/* a plan opened on another day: a new one, if none is open */
	if (swt_db_plan_of(db, client, NULL, &open) < 0)
		return -2;
	rc = 0;
	if (open.plan_id && !strcmp(open.status, "open"))
		rc = fail(field, PL_OPENED_AT, why, len, "plan %lld, opened "
		    "%s, is open: a resident has one open plan, with one "
		    "regisseur (002 4.2.6); close it first", open.plan_id,
		    open.v[PL_OPENED_AT]);
	swt_db_plan_free(&open);
	return rc;
}

/* The goal the record means, into old (goal_id 0: a new one). */
static int
find_goal(struct swt_db *db, const char *const *v, long long plan_id,
    struct swt_db_goal *old, const char **field, char *why, size_t len)
{
	int rc;

	memset(old, 0, sizeof *old);
	if (v[PL_GOAL_ID]) {
		if ((rc = swt_db_goal_get(db, atoll(v[PL_GOAL_ID]), old)) < 0)
			return -2;
		if (rc == 0)
			return fail(field, PL_GOAL_ID, why, len, "no goal %s "
			    "is stored", v[PL_GOAL_ID]);
		if (old->plan_id != plan_id)
			return fail(field, PL_GOAL_ID, why, len, "goal %s is "
			    "of plan %lld, not of this one", v[PL_GOAL_ID],
			    old->plan_id);
		return 0;
	}
	if (plan_id && swt_db_goal_find(db, plan_id, v[PL_LIFE_DOMAIN],
	    v[PL_DESCRIPTION], old) < 0)
		return -2;
	return 0;
}

/* The request a goal answers: the resident's.  Its number, 0, -1, -2. */
static long long
goal_request(struct swt_db *db, const char *ref, const char *client,
    const char **field, char *why, size_t len)
{
	struct swt_db_request rq = { 0 };
	char shown[64];
	long long id;

	if (!ref)
		return 0;
	if (swt_db_request_get(db, ref, &rq) < 0)
		return -2;
	id = rq.request_id;
	if (!id)
		id = fail(field, PL_REQUEST, why, len, "no request %s is "
		    "stored", swt_shown("ref", ref, shown));
	else if (strcmp(rq.client_id, client))
		id = fail(field, PL_REQUEST, why, len, "request %s is of "
		    "another resident", swt_shown("ref", ref, shown));
	swt_db_request_free(&rq);
	return id;
}

/* Is the code one of the '|'-set? */
static int
in_set(const char *set, const char *code)
{
	size_t n = strlen(code);

	for (const char *p = set; *p; p += strcspn(p, "|"), p += *p == '|')
		if (strcspn(p, "|") == n && !strncmp(p, code, n))
			return 1;
	return 0;
}

/* The plan's values as they will be: what they say together, as of on. */
static int
plan_rules(struct swt_db *db, const struct swt_plan *p, const char **v,
    const struct swt_db_plan *old, const char *client, const char *on,
    const char **field, char *why, size_t len)
{
	char regies[128];

	if (v[PL_EVALUATED_AT] && strcmp(v[PL_EVALUATED_AT], on) > 0)
		return fail(field, PL_EVALUATED_AT, why, len, "%s is after "
		    "%s: an evaluation is recorded once it took place",
		    v[PL_EVALUATED_AT], on);
	for (int f = PL_NEXT_EVALUATION_AT; f <= PL_CLOSED_AT; f++)
		if (f != PL_CHECKIN_DAYS && v[f] &&
		    strcmp(v[f], v[PL_OPENED_AT]) < 0)
			return fail(field, f, why, len, "%s is before the "
			    "plan opened, %s", v[f], v[PL_OPENED_AT]);
	if (!v[PL_REGIE] || swt_same(v[PL_REGIE], old->v[PL_REGIE]) ||
	    p->v[PL_REASON])
		return 0;
	/* 4.2.6: pas toe of leg uit */
	if (swt_db_plan_regies(db, client, on, regies, sizeof regies))
		return -2;
	if (regies[0] && !in_set(regies, v[PL_REGIE]))
		return fail(field, PL_REGIE, why, len, "'%s' is against the "
		    "triage decision (regie %s) of the resident's open "
		    "requests: give the reason (pas toe of leg uit, 002 "
		    "4.2.6)", v[PL_REGIE], regies);
	return 0;
}

/* The open goals the plan will have, with this record's goal. */
static int
open_goals(struct swt_db *db, long long plan_id, const struct swt_db_goal *old,
    const char *const *g, int goal)
{
	int n = plan_id ? swt_db_plan_open_goals(db, plan_id) : 0;

	if (n < 0 || !goal)
		return n;
	if (old->goal_id && swt_same(old->v[PL_GOAL_STATUS], "open"))
		n--;
	return n + swt_same(g[PL_GOAL_STATUS], "open");
}

/* Add the names of the fields from to to whose values differ. */
static int
changes(char *list, size_t size, const char *const *v, char *const *old,
    int from, int to)
{
	int n = 0;

	for (int f = from; f <= to; f++)
		if (!swt_same(v[f], old[f])) {
			swt_names_add(list, size, swt_plan_fields[f].name);
			n++;
		}
	return n;
}

static int
audit(struct swt_db *db, const char *entity, long long id, const char *what)
{
	char buf[24];

	swt_fmt(buf, sizeof buf, "%lld", id);
	return swt_db_audit(db, swt_prog, "update", entity, buf, what);
}

/* Write the plan and the goal as they will be; out says what it came to. */
static int
put(struct swt_db *db, const char *const *v, const char *const *g,
    long long request_id, const struct swt_db_plan *old,
    const struct swt_db_goal *og, int goal, struct swt_plan_out *out)
{
	char what[PL_N * 24] = "";
	int newp = !old->plan_id, newg = goal && !og->goal_id, pc, gc;

	pc = newp ? 0 : changes(out->changed, sizeof out->changed, v, old->v,
	    PL_OPENED_AT, PL_REASON);
	gc = !goal || newg ? 0 : changes(what, sizeof what, g, og->v,
	    PL_LIFE_DOMAIN, PL_REQUEST);
	out->plan_id = old->plan_id;
	out->goal_id = og->goal_id;
	if ((newp || pc) && (swt_db_plan_put(db, out->client_id, v,
	    out->status, &out->plan_id) || (pc && audit(db, "plan",
	    out->plan_id, out->changed))))
		return -2;
	if ((newg || gc) && (swt_db_goal_put(db, out->plan_id, request_id, g,
	    &out->goal_id) || (gc && audit(db, "goal", out->goal_id, what))))
		return -2;
	if (gc)
		swt_names_add(out->changed, sizeof out->changed, what);
	out->res = newp || newg ? SWT_INTAKE_NEW : pc || gc ?
	    SWT_INTAKE_UPDATED : SWT_INTAKE_UNCHANGED;
	return 0;
}

/* The goal's values as they will be, checked with its plan's status. */
static int
goal_rules(const char **g, const struct swt_db_goal *og,
    const struct swt_db_plan *old, const char **field, char *why, size_t len)
{
	char names[PL_N * 24] = "";

	if (!og->goal_id && !g[PL_GOAL_STATUS])
		g[PL_GOAL_STATUS] = "open";
	if (!strcmp(old->status, "closed") && (!og->goal_id ||
	    changes(names, sizeof names, g, og->v, PL_LIFE_DOMAIN,
	    PL_REQUEST)))
		return fail(field, og->goal_id ? PL_GOAL_ID : PL_LIFE_DOMAIN,
		    why, len, "plan %lld closed on %s: a goal is not added to "
		    "or changed on a closed plan (a new plan has opened_at)",
		    old->plan_id, old->v[PL_CLOSED_AT]);
	return 0;
}

int
swt_plan_store(struct swt_db *db, struct swt_plan *p, const char *on,
    struct swt_plan_out *out, const char **field, char *why, size_t whylen)
{
	struct swt_db_plan old = { 0 };
	struct swt_db_goal og = { 0 };
	const char *v[PL_N], *g[PL_N];
	int goal = has_goal(p->v), rc, n;
	long long request_id = 0;

	memset(out, 0, sizeof *out);
	if ((rc = resident(db, p->v, out->client_id, field, why, whylen)) ||
	    (rc = find_plan(db, p->v, out->client_id, &old, field, why,
	    whylen)))
		goto out;
	if (goal && ((rc = find_goal(db, p->v, old.plan_id, &og, field, why,
	    whylen)) || (request_id = goal_request(db, p->v[PL_REQUEST],
	    out->client_id, field, why, whylen)) < 0)) {
		rc = rc ? rc : (int)request_id;
		goto out;
	}
	/* the record's values over the stored ones */
	for (int f = 0; f < PL_N; f++) {
		v[f] = p->v[f] ? p->v[f] : old.v[f];
		g[f] = p->v[f] ? p->v[f] : og.v[f];
	}
	if (!v[PL_OPENED_AT])
		v[PL_OPENED_AT] = on;	/* the resident's first record */
	if (!old.plan_id)
		swt_fmt(old.status, sizeof old.status, "open");
	swt_fmt(out->status, sizeof out->status, "%s", v[PL_CLOSED_AT] ?
	    "closed" : "open");
	if ((rc = plan_rules(db, p, v, &old, out->client_id, on, field, why,
	    whylen)) || (goal && (rc = goal_rules(g, &og, &old, field, why,
	    whylen))))
		goto out;
	if (v[PL_CLOSED_AT] && !old.v[PL_CLOSED_AT]) {
		if ((n = open_goals(db, old.plan_id, &og, g, goal)) < 0) {
			rc = -2;
			goto out;
		}
		if (n > 0) {
			rc = fail(field, PL_CLOSED_AT, why, whylen, "the plan "
			    "has %d open goal%s: a plan closes only when no "
			    "goal is open (set goal_status)", n, n == 1 ? "" :
			    "s");
			goto out;
		}
	}
	rc = put(db, v, g, request_id, &old, &og, goal, out);
out:
	swt_db_plan_free(&old);
	swt_db_goal_free(&og);
	return rc;
}

/* ---- the plan as a person reads it (--show) ---- */

struct show {
	FILE *fp;
	int n;
};

static void
value(FILE *fp, const char *label, const char *v)
{
	fprintf(fp, "%s", label);
	swt_show(fp, v ? v : "-");
}

static int
show_goal(void *ctx, char *const *g)
{
	struct show *s = ctx;

	fprintf(s->fp, "%s%d. ", s->n ? "\n" : "", s->n + 1);
	s->n++;
	swt_show(s->fp, g[PL_DESCRIPTION] ? g[PL_DESCRIPTION] : "");
	value(s->fp, "\n   life domain: ", g[PL_LIFE_DOMAIN]);
	value(s->fp, ", priority ", g[PL_PRIORITY]);
	value(s->fp, "\n   who does it: ", g[PL_GOAL_OWNER]);
	value(s->fp, "; by ", g[PL_TARGET_DATE]);
	value(s->fp, "; status ", g[PL_GOAL_STATUS]);
	value(s->fp, "\n   ZRM: start ", g[PL_ZRM_START]);
	value(s->fp, " -> target ", g[PL_ZRM_TARGET]);
	value(s->fp, " -> end ", g[PL_ZRM_END]);
	if (g[PL_REQUEST])
		value(s->fp, "\n   answers request ", g[PL_REQUEST]);
	fputc('\n', s->fp);
	return 0;
}

static int
show_request(void *ctx, char *const *r)
{
	struct show *s = ctx;

	s->n++;
	value(s->fp, "  ", r[0]);
	value(s->fp, ": route ", *r[1] ? r[1] : NULL);
	value(s->fp, ", regie ", *r[2] ? r[2] : NULL);
	fprintf(s->fp, "; %s contact%s", r[3], strcmp(r[3], "1") ? "s" : "");
	if (*r[4])
		value(s->fp, ", the last on ", r[4]);
	fputc('\n', s->fp);
	return 0;
}

/* When the next evaluation is, as of on. */
static void
next_evaluation(FILE *fp, const char *at, const char *on)
{
	long d;

	value(fp, "Next evaluation: ", at);
	if (at && (d = swt_date_days(at) - swt_date_days(on)) != 0)
		fprintf(fp, " (%s %ld day%s)", d > 0 ? "in" : "overdue by",
		    labs(d), labs(d) == 1 ? "" : "s");
	else if (at)
		fprintf(fp, " (today)");
	fputc('\n', fp);
}

static int
show_person(struct swt_db *db, const char *client_id, FILE *fp)
{
	char *pv[RF_N] = { 0 };

	if (swt_display_logged(db, client_id, "--show-pii: plan shown") ||
	    swt_db_person_get(db, client_id, pv) < 0)
		return -1;
	value(fp, "Name: ", pv[RF_NAME]);
	value(fp, "\nBorn: ", pv[RF_BIRTH_DATE]);
	value(fp, "\nPostcode: ", pv[RF_POSTCODE]);
	fputc('\n', fp);
	for (int f = 0; f < RF_N; f++)
		free(pv[f]);
	return 0;
}

int
swt_plan_show(struct swt_db *db, const char *client_id, const char *on,
    int pii, FILE *fp)
{
	struct swt_db_plan pl;
	struct show s = { fp, 0 };
	int rc;

	if ((rc = swt_db_plan_of(db, client_id, NULL, &pl)) <= 0)
		return rc;
	fprintf(fp, "Plan %lld of %s, opened %s, %s", pl.plan_id, client_id,
	    pl.v[PL_OPENED_AT], pl.status);
	if (pl.v[PL_CLOSED_AT])
		value(fp, " on ", pl.v[PL_CLOSED_AT]);
	if (pl.v[PL_CLOSURE_REASON])
		value(fp, ": ", pl.v[PL_CLOSURE_REASON]);
	fputc('\n', fp);
	rc = pii ? show_person(db, client_id, fp) : 0;
	value(fp, "Regisseur: ", pl.v[PL_OWNER]);
	value(fp, "; regie: ", pl.v[PL_REGIE]);
	if (pl.v[PL_REASON])
		value(fp, " (", pl.v[PL_REASON]), fputc(')', fp);
	fputc('\n', fp);
	next_evaluation(fp, pl.v[PL_NEXT_EVALUATION_AT], on);
	value(fp, "Last evaluated: ", pl.v[PL_EVALUATED_AT]);
	if (pl.v[PL_CHECKIN_DAYS])
		value(fp, "\nLeun en steun: every ", pl.v[PL_CHECKIN_DAYS]),
		    fputs(" days", fp);
	else
		fputs("\nLeun en steun: none", fp);
	fprintf(fp, "\n\nGoals, by priority and life domain:\n");
	if (rc == 0)
		rc = swt_db_plan_goals(db, pl.plan_id, show_goal, &s);
	if (rc == 0 && s.n == 0)
		fprintf(fp, "(none yet)\n");
	fprintf(fp, "\nRequests and their contacts, as of %s:\n", on);
	s.n = 0;
	if (rc == 0)
		rc = swt_db_plan_requests(db, client_id, on, show_request, &s);
	if (rc == 0 && s.n == 0)
		fprintf(fp, "(none open)\n");
	swt_db_plan_free(&pl);
	return rc < 0 ? -1 : 1;
}
