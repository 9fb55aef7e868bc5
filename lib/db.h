/* db.h - the database layer's calls: they name no SQLite type */
#ifndef SWT_DB_H
#define SWT_DB_H

#include <stddef.h>

/*
 * Today SQLite stands behind these calls: db.c for the core and a db_*.c
 * file for each section below, sharing db_sqlite.h.  A second backend,
 * PostgreSQL via libpq, would provide the same functions with the same
 * meaning, and:
 * - transactions as swt_db_begin means them: BEGIN IMMEDIATE takes the
 *   write lock at once, so a batch waits for other writers at its start and
 *   then reads and writes as if alone, never failing halfway on a lock;
 * - the pseudonym key kept in the database (meta.pseudonym_key): made with
 *   the schema, read at open, never exported, one client_id per BSN;
 * - the audit chain's guarantee.  SQLite's write lock covers the whole
 *   database: the last hash is read and the next entry written under one
 *   lock, so no other writer appends in between.  A server locks rows, so
 *   inside the transaction, before reading the last hash, it must take
 *   SELECT ... FOR UPDATE on a one-row chain-head table, or LOCK TABLE
 *   audit IN EXCLUSIVE MODE, or an advisory lock (pg_advisory_xact_lock).
 */

struct swt_db;
struct swt_codes;
struct swt_request;

/* ---- the core: open, migrate, transactions ---- */

enum { SWT_DB_CREATE = 1, SWT_DB_GROUP = 2, SWT_DB_READONLY = 4 };
/* The schema version this swt writes: the number of its migrations. */
int swt_schema_version(void);

int swt_db_open(struct swt_db **dbp, const char *path, int flags,
    char *err, size_t errlen);
void swt_db_close(struct swt_db *db);
const char *swt_db_errmsg(struct swt_db *db);
int swt_db_version(struct swt_db *db);
int swt_db_begin(struct swt_db *db);
int swt_db_commit(struct swt_db *db);
int swt_db_rollback(struct swt_db *db);

/* ---- the audit log ---- */

/* Append to the audit log (the hash chain is kept here). */
int swt_db_audit(struct swt_db *db, const char *command, const char *action,
    const char *entity, const char *entity_id, const char *detail);

/* ---- code lists ---- */

/* The code lists as the database holds them. */
struct swt_codes *swt_db_codes(struct swt_db *db);
/* Call fn for each code: list, code, parent, label. */
int swt_db_codes_each(struct swt_db *db, const char *list,
    int (*fn)(void *ctx, char *const *vals), void *ctx);

/* ---- requests and persons (db_request.c) ---- */

/*
 * How to store and fetch a request and its person; what is required, who
 * the resident is and which status follows are request.c's to say.
 * A request's values go by RF_* index, as in swt_request_fields.
 */
struct swt_db_request {
	long long request_id;	/* 0: there is no such request */
	char client_id[16];
	char status[16];
	char *v[RF_N];		/* the request's stored values, or NULL */
};
/* The request with this ref: 0 (found or not), -1 on an error. */
int swt_db_request_get(struct swt_db *db, const char *ref,
    struct swt_db_request *out);
void swt_db_request_free(struct swt_db_request *rq);
/*
 * Insert the request: *id gets its number; values NULL are stored empty.
 * 1 done, 0 not inserted as its ref is there, -1 on an error.
 */
int swt_db_request_put(struct swt_db *db, const char *const *v,
    const char *client_id, const char *status, long long *id);
/*
 * Update the stored request old to these values, client_id and status:
 * only those that differ from old's are written.  0, -1 on an error.
 */
int swt_db_request_update(struct swt_db *db, const char *const *v,
    const char *client_id, const char *status,
    const struct swt_db_request *old);
/* The pseudonym of a BSN: the key never leaves the database layer. */
void swt_db_client_id(struct swt_db *db, const char *bsn, char out[16]);
/*
 * The person: their stored values (bsn, birth_date, postcode, district,
 * name, by RF_*), strdup'ed into v.  1 found, 0 not, -1 on an error.
 */
int swt_db_person_get(struct swt_db *db, const char *client_id, char **v);
/*
 * Insert the person with these values (1; 0 if they are there), or set
 * them (NULL: kept; 1).  -1 on an error.
 */
int swt_db_person_put(struct swt_db *db, const char *client_id,
    const char *const *v, int insert);
/*
 * Everything that refers to person from (requests, plans, complaints)
 * refers to person to from now on; from's values fill to's empty ones,
 * and from is removed.  0, or -1 on an error.
 */
int swt_db_person_merge(struct swt_db *db, const char *from, const char *to);
/* Remove the person if nothing refers to them: 1 removed, 0 kept, -1. */
int swt_db_person_drop_unused(struct swt_db *db, const char *client_id);
/*
 * Call fn with each assessed request that has no decision yet, as a
 * record: the fields swt-intake echoes (no person data).  The first call
 * passes the field names.  A non-zero return from fn stops it (-1).
 */
int swt_db_pending(struct swt_db *db, int (*fn)(void *ctx, size_t n,
    char *const *vals), void *ctx);

/* ---- triage decisions ---- */

/* A triage decision (swt-triage --commit). */
struct swt_decision {
	const char *ref;
	const char *recommended_route, *route, *regie, *reasons;
	const char *rules_version, *override_reason;
	const char *decided_at, *decided_by;	/* NULL: now, the user */
};
/*
 * Store a decision for the request with its ref, with an audit entry:
 * 0 stored, 1 the same as the decision in force on its date (the latest
 * made by then: nothing written), -1 refused (field and why set: an
 * unknown ref, or a date swt_decision_dated refuses), -2 on a database
 * error.
 */
int swt_db_decide(struct swt_db *db, const struct swt_decision *d,
    const char **field, char *why, size_t whylen);

/* The columns of swt_db_decided's rows. */
enum {
	DQ_REQUEST_ID, DQ_REF, DQ_CLIENT_ID, DQ_RECEIVED_AT, DQ_INTAKE_AT,
	DQ_ASSESSED_AT, DQ_LAW, DQ_SERVICE, DQ_LIFE_DOMAIN, DQ_DISTRICT,
	DQ_STAFF, DQ_ZRM, DQ_FLAGS, DQ_FINANCIAL, DQ_PARTICIPATION, DQ_ROUTE,
	DQ_REGIE, DQ_DECIDED_AT, DQ_N
};
/*
 * Call fn with each request that has a route, and the decision in force
 * (its date as yyyy-mm-dd), ordered by client_id: -1 if fn stopped it or
 * on an error.
 */
int swt_db_decided(struct swt_db *db, int (*fn)(void *ctx, size_t n,
    char *const *vals), void *ctx);

/* ---- the partner registry (db_partner.c) ---- */

/*
 * A partner's values go by PF_* index, as in swt_partner_fields.  Get the
 * stored ones, strdup'ed into v: 1 found, 0 not, -1 on an error.
 */
int swt_db_partner_get(struct swt_db *db, const char *partner_id, char **v);
void swt_db_partner_free(char **v);
/* Insert a new partner (insert 1) or set every value of a stored one. */
int swt_db_partner_put(struct swt_db *db, const char *const *v, int insert);
/*
 * Call fn with each partner's values, in the registry's order (as they
 * were added); a non-zero return from fn stops it (-1).  -1 on an error.
 */
int swt_db_partners(struct swt_db *db, int (*fn)(void *ctx,
    char *const *vals), void *ctx);

/* ---- staff and complaints (db_staff.c) ---- */

/*
 * A staff member's values by STF_*, a complaint's by CMF_* with its
 * client_id in place of CMF_REQUEST (e: swt_staff_entity or
 * swt_complaint_entity).  Get the stored ones, strdup'ed into v: 1 found,
 * 0 not, -1 on an error; free them with swt_db_keyed_free.
 */
int swt_db_keyed_get(struct swt_db *db, const struct swt_entity *e,
    const char *key, char **v);
void swt_db_keyed_free(const struct swt_entity *e, char **v);
/* Insert a new one (insert 1) or set every value of the stored one. */
int swt_db_keyed_put(struct swt_db *db, const struct swt_entity *e,
    const char *const *v, int insert);

/* ---- referrals (db_referral.c) ---- */

/*
 * A stored referral: its values by XF_* index, as in swt_referral_fields
 * (ref, request_id and referral_id are not among them: they are below).
 * Which referral a record means and what it may say are referral.c's.
 */
struct swt_db_referral {
	long long referral_id;	/* 0: none found */
	long long request_id;
	char status[16];
	char *v[XF_N];
};
void swt_db_referral_free(struct swt_db_referral *x);
/* By its number: 1 found, 0 not, -1 on an error. */
int swt_db_referral_get(struct swt_db *db, long long referral_id,
    struct swt_db_referral *out);
/* By the source's referral_ref: 1, 0, -1. */
int swt_db_referral_by_ref(struct swt_db *db, const char *referral_ref,
    struct swt_db_referral *out);
/*
 * By (request, kind, partner): the latest that has not ended (sent,
 * accepted, started), else the latest sent on sent_at (a finished one
 * read again), or with sent_at NULL the latest of all.  1, 0, -1.
 */
int swt_db_referral_find(struct swt_db *db, long long request_id,
    const char *kind, const char *partner, const char *sent_at,
    struct swt_db_referral *out);
/*
 * Insert a referral of request request_id (*id 0; *id gets its number) or
 * set every value of referral *id: NULL values are stored empty.  0, -1.
 */
int swt_db_referral_put(struct swt_db *db, long long request_id,
    const char *const *v, const char *status, long long *id);
/*
 * A referral as swt-refer --list and --overdue read it: its values by XF_*
 * (XF_REF the request's ref, XF_REFERRAL_ID its number; NULL empty), the
 * request's client_id and the partner's terms (NULL: none).
 */
struct swt_db_referral_row {
	const char *v[XF_N];
	const char *client_id;
	const char *response_days, *start_days;
};
/*
 * Call fn with each referral (of partner, unless NULL) in the order they
 * were stored; a non-zero return from fn stops it (-1).  -1 on an error.
 */
int swt_db_referrals(struct swt_db *db, const char *partner,
    int (*fn)(void *ctx, const struct swt_db_referral_row *row), void *ctx);
/* The ref of request request_id into ref (size len): 1, 0 none, -1. */
int swt_db_request_ref(struct swt_db *db, long long request_id, char *ref,
    size_t len);

/* ---- plans and goals (db_plan.c) ---- */

/*
 * A stored plan: its values by PL_* index, PL_OPENED_AT to PL_REASON; a
 * stored goal: PL_LIFE_DOMAIN to PL_REQUEST (the ref of its request).
 * What a record may do to them is plan.c's to say.
 */
struct swt_db_plan {
	long long plan_id;	/* 0: none found */
	char client_id[16];
	char status[16];
	char *v[PL_N];
};
struct swt_db_goal {
	long long goal_id;	/* 0: none found */
	long long plan_id;
	char *v[PL_N];
};
void swt_db_plan_free(struct swt_db_plan *p);
void swt_db_goal_free(struct swt_db_goal *g);
/* By its number: 1 found, 0 not, -1 on an error. */
int swt_db_plan_get(struct swt_db *db, long long plan_id,
    struct swt_db_plan *out);
/*
 * A resident's plan: the one opened on opened_at, or with opened_at NULL
 * the open one, else the latest.  1, 0, -1.
 */
int swt_db_plan_of(struct swt_db *db, const char *client_id,
    const char *opened_at, struct swt_db_plan *out);
/* Insert a plan (*id 0; *id gets its number) or set every value: 0, -1. */
int swt_db_plan_put(struct swt_db *db, const char *client_id,
    const char *const *v, const char *status, long long *id);
int swt_db_goal_get(struct swt_db *db, long long goal_id,
    struct swt_db_goal *out);
/* A plan's goal by its life domain and description: 1, 0, -1. */
int swt_db_goal_find(struct swt_db *db, long long plan_id,
    const char *life_domain, const char *description,
    struct swt_db_goal *out);
/* Insert a goal of plan plan_id (*id 0) or set every value: 0, -1. */
int swt_db_goal_put(struct swt_db *db, long long plan_id,
    long long request_id, const char *const *v, long long *id);
/* The number of a plan's goals that are open, or -1. */
int swt_db_plan_open_goals(struct swt_db *db, long long plan_id);
/*
 * The regies of the latest triage decisions, made by on, of the
 * resident's requests open on on, as a '|'-set into buf ("" none): 0, -1.
 */
int swt_db_plan_regies(struct swt_db *db, const char *client_id,
    const char *on, char *buf, size_t len);
/*
 * The worklist of swt-plan --due on the day on, looking within days
 * ahead: fn with each item's values by DUE_*, the most urgent first; a
 * non-zero return from fn stops it (-1).  -1 on an error.
 */
int swt_db_plan_due(struct swt_db *db, const char *on, long within,
    int (*fn)(void *ctx, char *const *vals), void *ctx);
/*
 * For --show: fn with each goal of the plan (values by PL_*), by
 * priority and life domain; then the resident's requests as of on: ref,
 * route, regie, contacts, the last contact's date (rows of 5).  -1 on an
 * error or a non-zero return from fn.
 */
int swt_db_plan_goals(struct swt_db *db, long long plan_id,
    int (*fn)(void *ctx, char *const *vals), void *ctx);
int swt_db_plan_requests(struct swt_db *db, const char *client_id,
    const char *on, int (*fn)(void *ctx, char *const *vals), void *ctx);
/* ---- legal clocks and the calendar (db_term.c) ---- */

/* A legal term as the database holds it (legal_term). */
struct swt_legal_term {
	char term[40], law[24], from_event[16];
	long days;
	char suspend_reasons[160], extend_reasons[160], basis[80];
};
/* By its name: 1 found, 0 not, -1 on an error. */
int swt_db_legal_term(struct swt_db *db, const char *term,
    struct swt_legal_term *out);
/*
 * Call fn with each term's values (term, law, from_event, to_event, days,
 * suspend_reasons, extend_reasons, basis); non-zero from fn stops it.
 */
int swt_db_legal_terms(struct swt_db *db, int (*fn)(void *ctx,
    char *const *vals), void *ctx);
/* A clock as the data give it; the strings live during the callback. */
struct swt_db_clock {
	const char *term, *law, *ref, *client_id, *staff, *started, *stopped;
	long days;
	long long request_id, referral_id;
};
/*
 * Each clock of term (NULL: all) of request request_id (0: all) started
 * on or before day on (LONG_MAX: any) and not stopped before day since
 * (LONG_MIN: any): a request's for a term started by received_at (a
 * vraag of the law), a toewijzen referral's with applied_at for one
 * started by applied_at; by request, term and referral.  0, -1 on an
 * error, else fn's non-zero return.
 */
int swt_db_clocks(struct swt_db *db, const char *term, long long request_id,
    long on, long since, int (*fn)(void *ctx, const struct swt_db_clock *c),
    void *ctx);
/*
 * A clock's suspensions and extensions by from_date: *out to free.  With
 * term NULL, every clock's, by request_id, term, referral_id (0 for none)
 * and from_date.
 */
int swt_db_spans(struct swt_db *db, long long request_id, const char *term,
    long long referral_id, struct swt_span **out, size_t *n);
/* Insert (sp->id 0; it gets its number) or set a clock's span: 0, -1. */
int swt_db_span_put(struct swt_db *db, long long request_id,
    const char *term, long long referral_id, struct swt_span *sp);
/* Add the equated days (holiday) to a calendar: 0, -1. */
int swt_db_calendar(struct swt_db *db, struct swt_calendar *cal);
/* Store an equated day: 1 new, 2 renamed, 0 the same, -1 on an error. */
int swt_db_holiday_put(struct swt_db *db, const char *date,
    const char *name);

/* ---- contacts (db_contact.c) ---- */

/*
 * A stored contact: its values by CF_* index, as in swt_contact_fields
 * (ref, request_id and client_id are not among them: they are below).
 * Which contact a record means and what it may say are contact.c's.
 */
struct swt_db_contact {
	long long contact_id;	/* 0: none found */
	long long request_id;	/* 0: on a plan */
	long long plan_id;	/* 0: of a request */
	char *v[CF_N];
};
void swt_db_contact_free(struct swt_db_contact *c);
/* By the source's contact_ref: 1 found, 0 not, -1 on an error. */
int swt_db_contact_by_ref(struct swt_db *db, const char *contact_ref,
    struct swt_db_contact *out);
/*
 * The contact of request_id (or, with request_id 0, of plan_id) with
 * every value of v alike; with v[CF_CONTACT_REF] set, only one that has
 * no contact_ref.  1, 0, -1.
 */
int swt_db_contact_find(struct swt_db *db, long long request_id,
    long long plan_id, const char *const *v, struct swt_db_contact *out);
/*
 * Insert a contact (*id 0; *id gets its number) or set every value of
 * contact *id: NULL values are stored empty.  0, -1.
 */
int swt_db_contact_put(struct swt_db *db, long long request_id,
    long long plan_id, const char *const *v, long long *id);
/*
 * The contacts of request_id (or plan_id) dated on or before date: *n in
 * all, *since those on or after the day of the request's latest decision,
 * whose route goes into route (size len; "" without one).  0, -1.
 */
int swt_db_contact_count(struct swt_db *db, long long request_id,
    long long plan_id, const char *date, long *n, long *since, char *route,
    size_t len);
/* The date of request_id's last contact into date (size len): 1, 0 none, -1. */
int swt_db_contact_last(struct swt_db *db, long long request_id, char *date,
    size_t len);
/*
 * The resident client_id and their open plan: 1 with *plan_id (0: no open
 * plan) and its opened_at in opened (size len), 0 no such resident, -1.
 */
int swt_db_contact_plan(struct swt_db *db, const char *client_id,
    long long *plan_id, char *opened, size_t len);
/* A norm's value (the table norm): 1, 0 none, -1 on an error. */
int swt_db_norm(struct swt_db *db, const char *norm, long *value);
/* ---- the rows behind the KPIs (db_kpi.c) ---- */

/* What a KPI reads: kpi.c says which rows count and for what. */
enum swt_kpi_query {
	KQ_INTAKE,		/* intake_at in the period */
	KQ_WAITING,		/* received by its end, no intake by its start */
	KQ_SUPPORT,		/* support start in it, with intake_at */
	KQ_THROUGH,		/* closed in it with a support start */
	KQ_CLOSED,		/* closed in it: category */
	KQ_CLOSED_PLAN,		/* the same, and a plan by closing */
	KQ_REPEAT,		/* received in it: closed one before? */
	KQ_OPEN_REQUESTS,	/* received by its end, not closed by its start */
	KQ_DECIDED,		/* the latest decision made in it */
	KQ_GOALS,		/* final goals of plans closed in it */
	KQ_PLANS_CLOSED,	/* plans closed in it: evaluated? */
	KQ_OPEN_PLANS,		/* opened by its end, not closed by its start */
	KQ_STAFF,		/* the staff and their fte */
	KQ_COMPLAINTS_IN,	/* complaints received in it */
	KQ_COMPLAINTS_DONE,	/* complaints resolved in it */
	KQ_N
};
/*
 * The columns of a row: first the groups, in the order of enum swt_by
 * (district, law, service, kind, channel, source, route, staff), then the
 * case (ref, request_id, client_id), the dates a figure uses (from, to)
 * and two values (x, y) the query names.
 */
enum {
	KC_REF = 8, KC_REQUEST_ID, KC_CLIENT_ID, KC_FROM, KC_TO, KC_X, KC_Y,
	KC_N
};
/* The queries of swt_db_kpi, and the clocks (swt_db_kpi_clocks), as bits. */
#define KQ_BIT(q)	(1u << (q))
#define KQ_CLOCKS	KQ_BIT(KQ_N)
#define KQ_ALL		(KQ_CLOCKS | (KQ_CLOCKS - 1))
/*
 * The queries (KQ_BIT of each, KQ_CLOCKS) the tables of the next period
 * asked are made for: they read only what those need (a KPI alone: its
 * own rows).  A query not among them makes the table again, for it too.
 * 0 (as opened): all.
 */
void swt_db_kpi_for(struct swt_db *db, unsigned queries);
/*
 * Call fn with each row of query q for the period from (yyyy-mm-dd) to
 * the day before end; a value NULL is none.  days has the days of the
 * dates KC_FROM and KC_TO (swt_date_days).  With cases, the rows have
 * the ref, request_id and dates as text, and come in the order --cases
 * lists them (SPEC 7); without, a date's text may be "".  by says
 * the groups asked (1 << SWT_BY_*): a group not asked may be NULL.  A
 * row stands for n requests: without cases, those received before the
 * period that only wait for their intake or are open in it are counted
 * by the groups asked, a row each (KQ_WAITING, KQ_OPEN_REQUESTS).  0,
 * or -1 if fn stopped it (non-zero) or on an error.  The queries of
 * requests and plans read tables made in memory on the first of them,
 * kept with db for the period: the strings of their rows stay until db
 * is closed or another period asked, and a resident's client_id is one
 * string there (equal client_ids, equal pointers).
 */
int swt_db_kpi(struct swt_db *db, enum swt_kpi_query q, const char *from,
    const char *end, int cases, unsigned by,
    int (*fn)(void *ctx, char *const *vals, const long *days, long n),
    void *ctx);
/*
 * The groups of request id (g, in the order of enum swt_by to staff;
 * NULL none), as the requests' queries of that period give them; buf
 * (len bytes) may hold them.  0, -1 on an error.
 */
int swt_db_kpi_groups(struct swt_db *db, const char *from, const char *end,
    unsigned by, long long id, char *g[], char *buf, size_t len);
/*
 * The clocks of every term that can count in the period from to end (as
 * swt_db_clocks gives them started by its last day and not stopped before
 * its first), from the table of its requests: with cases, with their ref,
 * and their staff when by has it.
 */
int swt_db_kpi_clocks(struct swt_db *db, const char *from, const char *end,
    int cases, unsigned by,
    int (*fn)(void *ctx, const struct swt_db_clock *c), void *ctx);
/*
 * The suspensions and extensions of those clocks, as swt_db_spans gives
 * every clock's (by request_id, term, referral_id and from_date): *out to
 * free.  0, -1.
 */
int swt_db_kpi_spans(struct swt_db *db, const char *from, const char *end,
    int cases, unsigned by, struct swt_span **out, size_t *n);

/* ---- retention and erasure (db_retention.c) ---- */

/* A retention term as the database holds it (retention_term). */
struct swt_retention_term {
	char what[40], counted_from[16], basis[80];
	long years, days;
};
/* The terms into *out (to free), *n of them: 0, -1 on an error. */
int swt_db_retention_terms(struct swt_db *db, struct swt_retention_term **out,
    size_t *n);
/*
 * A request as retention reads it, with its resident's birth date, the
 * route of its latest decision and the rows that hang from it.  The
 * strings live during the callback.
 */
struct swt_db_dossier_request {
	const char *client_id, *ref, *status, *law, *closed_at;
	const char *closure_reason, *birth_date, *route;
	long long request_id;
	long decisions, referrals, contacts, suspensions, goals;
};
/*
 * Call fn with each request of client_id (NULL: of every resident),
 * ordered by client_id and request_id.  0, -1 on an error, else fn's
 * non-zero return.
 */
int swt_db_dossier_requests(struct swt_db *db, const char *client_id,
    int (*fn)(void *ctx, const struct swt_db_dossier_request *r), void *ctx);
/* What hangs from the resident, not from one request. */
struct swt_db_dossier {
	int person;		/* the person row is there */
	long plans, open_plans, goals, contacts, complaints;
};
int swt_db_dossier_get(struct swt_db *db, const char *client_id,
    struct swt_db_dossier *out);
/* A referral of the resident's, for what erasure must keep. */
struct swt_db_dossier_referral {
	long long referral_id;
	const char *ref, *kind, *status, *applied_at, *decided_at;
	const char *ended_at, *withdrawn_at;
};
int swt_db_dossier_referrals(struct swt_db *db, const char *client_id,
    int (*fn)(void *ctx, const struct swt_db_dossier_referral *x),
    void *ctx);
/*
 * Delete the resident's person row, their requests (the n of ids) and
 * everything that hangs from them, deleted content overwritten: inside
 * the caller's transaction.  0, -1 on an error.
 */
int swt_db_dossier_destroy(struct swt_db *db, const char *client_id,
    const long long *ids, size_t n);
/*
 * After a commit that destroyed: rebuild the file (VACUUM) so no free page
 * or free space in a page keeps what was deleted, and empty the WAL into
 * it (checkpoint TRUNCATE).  0, -1 on an error (another process reading
 * keeps the WAL: db's message says so).
 */
int swt_db_scrub(struct swt_db *db);

/* ---- admin: swt-db check, backup, export ---- */

/*
 * Check the file; report each problem (severe 1), warning (0) and the
 * summary (-1), which names the audit chain's last hash.  held, if not
 * NULL, is such a hash (16 or more hex digits) from an earlier check: the
 * chain must still hold it.  0 ok, 1 problems found, -1 an error.
 */
int swt_db_check(struct swt_db *db, const char *path, const char *held,
    void (*report)(void *ctx, int severe, const char *msg), void *ctx);
int swt_db_backup(struct swt_db *db, const char *dest);
/*
 * Each table but the key's into dir as TSV, person only with with_pii
 * (logged before it is written); all the files or, on an error, none.
 */
int swt_db_export(struct swt_db *db, const char *dir, int with_pii);

/* ---- a municipality's lists (db_profile.c) ---- */

/* The tables of a profile that files replace or extend (profile.c). */
enum swt_ptable { SWT_PT_CODE, SWT_PT_TERM, SWT_PT_RETENTION, SWT_PT_N };
/*
 * Each row's values (in the order of swt_ptable_columns, "" for none);
 * put adds a row or sets the stored one of its key, delete removes it.
 */
int swt_db_prow_each(struct swt_db *db, enum swt_ptable t,
    int (*fn)(void *ctx, size_t n, char *const *vals), void *ctx);
int swt_db_prow_put(struct swt_db *db, enum swt_ptable t,
    const char *const *v);
int swt_db_prow_delete(struct swt_db *db, enum swt_ptable t,
    const char *const *v);
/*
 * Stored column i that holds codes ("request.district"), its list and
 * whether it holds sets; NULL past the last.  uses: fn with each distinct
 * value stored in it.
 */
const char *swt_db_code_column(size_t i, const char **list, int *set);
int swt_db_code_uses(struct swt_db *db, size_t i,
    int (*fn)(void *ctx, size_t n, char *const *vals), void *ctx);
/* The running clocks and suspensions of a legal term; -1 on an error. */
long swt_db_term_uses(struct swt_db *db, const char *term);
/* A text the database keeps (meta): 1 found (*text to free), 0, -1. */
int swt_db_meta_text(struct swt_db *db, const char *key, char **text);
int swt_db_meta_put(struct swt_db *db, const char *key, const char *text);

#endif
