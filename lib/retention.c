/* retention.c - which retention term applies, when a dossier is due, what
 * erasure must keep (SPEC 5, 8; 002 5.1: AVG, Archiefwet) */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

const char *const swt_dossier_columns[SWT_DOSSIER_COLUMNS] = { "client_id",
	"rule", "basis", "counted_from", "from", "due", "requests",
	"decisions", "referrals", "plans", "goals", "contacts", "suspensions",
	"complaints" };

/* Request ids, growing. */
struct ids {
	long long *v;
	size_t n, a;
};

static int
ids_add(struct ids *ids, long long id)
{
	long long *more;

	if (ids->n == ids->a) {
		ids->a = ids->a ? 2 * ids->a : 64;
		if (!(more = realloc(ids->v, ids->a * sizeof *more)))
			return -1;
		ids->v = more;
	}
	ids->v[ids->n++] = id;
	return 0;
}

/* The resident in hand, then those found due. */
struct scan {
	struct swt_retention_term *t;
	size_t nt;
	long on;
	struct swt_db *db;
	struct swt_dossier cur;
	char client_id[16];
	int open, unknown;		/* an open request, one without a term */
	long due;			/* the latest due of its requests */
	size_t first;			/* its first request in ids */
	struct due {
		struct swt_dossier d;
		size_t first;		/* its first request in ids */
	} *d;				/* the dossiers due */
	size_t nd, ad;
	struct ids ids;			/* their requests, in order */
	long *unknowns;			/* where to count those kept */
};

/*
 * The term of a closed request (SPEC 5): closure reason afgebroken or
 * status broken_off the broken-off term, afgewezen or refused the refused
 * one, else its law's.  NULL: none (no law, or a law without a term).
 */
static const struct swt_retention_term *
term_of(const struct scan *sc, const struct swt_db_dossier_request *r)
{
	const char *what = r->law;

	if ((r->closure_reason && !strcmp(r->closure_reason, "afgebroken")) ||
	    (r->status && !strcmp(r->status, "broken_off")))
		what = "broken_off";
	else if ((r->closure_reason && !strcmp(r->closure_reason,
	    "afgewezen")) || (r->status && !strcmp(r->status, "refused")))
		what = "refused";
	for (size_t i = 0; what && i < sc->nt; i++)
		if (!strcmp(sc->t[i].what, what))
			return &sc->t[i];
	return NULL;
}

/*
 * *due: the first day a request may be destroyed, the day after its term
 * ends (closed 2024-01-10, 42 days: the term ends 2024-02-21, due 02-22).
 * -1: it has none (the date it is counted from is missing).
 */
static int
due_of(const struct swt_retention_term *t,
    const struct swt_db_dossier_request *r, long *due)
{
	const char *from = NULL;

	if (!strcmp(t->counted_from, "closed_at"))
		from = r->closed_at;
	else if (!strcmp(t->counted_from, "birth_date"))
		from = r->birth_date;
	if (!from || strlen(from) < 10)
		return -1;
	*due = swt_date_add_months(swt_date_days(from), 12 * t->years) +
	    t->days + 1;
	return 0;
}

static void
counts_add(struct swt_dossier *d, const struct swt_db_dossier_request *r)
{
	d->n[DN_REQUESTS]++;
	d->n[DN_DECISIONS] += r->decisions;
	d->n[DN_REFERRALS] += r->referrals;
	d->n[DN_GOALS] += r->goals;
	d->n[DN_CONTACTS] += r->contacts;
	d->n[DN_SUSPENSIONS] += r->suspensions;
}

/*
 * What hangs from the resident: 1 with an open plan, 0, -1 an error;
 * *person whether their person row is there.
 */
static int
resident(struct swt_db *db, struct swt_dossier *d, int *person)
{
	struct swt_db_dossier r;

	if (swt_db_dossier_get(db, d->client_id, &r))
		return -1;
	*person = r.person;
	d->n[DN_PLANS] = r.plans;
	d->n[DN_GOALS] += r.goals;
	d->n[DN_CONTACTS] += r.contacts;
	d->n[DN_COMPLAINTS] = r.complaints;
	return r.open_plans > 0;
}

/* The resident in hand is done: keep them, or add them to the due. */
static int
close_resident(struct scan *sc)
{
	struct due *more;
	int k, person;

	if (!sc->client_id[0] || sc->open)
		return 0;
	if (sc->unknown) {
		(*sc->unknowns)++;
		return 0;
	}
	if (sc->due > sc->on)
		return 0;
	if ((k = resident(sc->db, &sc->cur, &person)) != 0)
		return k < 0 ? -1 : 0;
	if (sc->nd == sc->ad) {
		sc->ad = sc->ad ? 2 * sc->ad : 64;
		if (!(more = realloc(sc->d, sc->ad * sizeof *more)))
			return -1;
		sc->d = more;
	}
	sc->d[sc->nd].d = sc->cur;
	sc->d[sc->nd++].first = sc->first;
	return 0;
}

static int
open_resident(struct scan *sc, const char *client_id)
{
	if (close_resident(sc))
		return -1;
	memset(&sc->cur, 0, sizeof sc->cur);
	swt_fmt(sc->client_id, sizeof sc->client_id, "%s", client_id);
	swt_fmt(sc->cur.client_id, sizeof sc->cur.client_id, "%s",
	    client_id);
	sc->open = sc->unknown = 0;
	sc->due = LONG_MIN;
	sc->ids.n = sc->first = sc->nd ? sc->d[sc->nd - 1].first +
	    (size_t)sc->d[sc->nd - 1].d.n[DN_REQUESTS] : 0;
	return 0;
}

/* The rule that decides the dossier: its dates, unless they tell a birth. */
static void
set_rule(struct swt_dossier *d, const struct swt_retention_term *t,
    const struct swt_db_dossier_request *r, long due)
{
	int birth = !strcmp(t->counted_from, "birth_date");

	swt_fmt(d->rule, sizeof d->rule, "%s", t->what);
	swt_fmt(d->basis, sizeof d->basis, "%s", t->basis);
	swt_fmt(d->counted_from, sizeof d->counted_from, "%s",
	    t->counted_from);
	d->from[0] = d->due[0] = '\0';
	if (birth)
		return;
	swt_fmt(d->from, sizeof d->from, "%.10s", r->closed_at);
	swt_date_from_days(due, d->due);
}

static int
scan_request(void *ctx, const struct swt_db_dossier_request *r)
{
	struct scan *sc = ctx;
	const struct swt_retention_term *t;
	long due;

	if (strcmp(r->client_id, sc->client_id) &&
	    open_resident(sc, r->client_id))
		return -1;
	counts_add(&sc->cur, r);
	if (ids_add(&sc->ids, r->request_id))
		return -1;
	if (!r->closed_at) {
		sc->open = 1;
		return 0;
	}
	if (!(t = term_of(sc, r)) || due_of(t, r, &due)) {
		sc->unknown = 1;
		return 0;
	}
	if (due > sc->due) {
		sc->due = due;
		set_rule(&sc->cur, t, r, due);
	}
	return 0;
}

/* "rule wmo (basis), due 2040-03-02: requests 2, decisions 1, ..." */
static void
detail(const struct swt_dossier *d, char *buf, size_t len)
{
	size_t n;

	n = (size_t)swt_fmt(buf, len, "rule %s (%s)%s%s:", d->rule, d->basis,
	    d->due[0] ? ", due " : "", d->due);
	for (int i = 0; i < DN_N && n < len; i++)
		n += (size_t)swt_fmt(buf + n, len - n, "%s %s %ld",
		    i ? "," : "", swt_dossier_columns[6 + i], d->n[i]);
}

/* Destroy and log one dossier inside the caller's transaction. */
static int
destroy(struct swt_db *db, const char *action, const struct swt_dossier *d,
    const long long *ids)
{
	char buf[512];

	detail(d, buf, sizeof buf);
	if (swt_db_dossier_destroy(db, d->client_id, ids,
	    (size_t)d->n[DN_REQUESTS]))
		return -1;
	return swt_db_audit(db, swt_prog, action, "person", d->client_id,
	    buf);
}

static int
destroy_all(struct swt_db *db, const struct scan *sc)
{
	if (swt_db_begin(db))
		return -1;
	for (size_t i = 0; i < sc->nd; i++)
		if (destroy(db, "retention", &sc->d[i].d, sc->ids.v +
		    sc->d[i].first)) {
			swt_db_rollback(db);
			return -1;
		}
	return swt_db_commit(db);
}

int
swt_retention(struct swt_db *db, long on, int commit,
    int (*fn)(void *ctx, const struct swt_dossier *d), void *ctx,
    long *unknown)
{
	struct scan sc = { .db = db, .on = on, .unknowns = unknown };
	int rc = -1;

	*unknown = 0;
	if (swt_db_retention_terms(db, &sc.t, &sc.nt))
		return -1;
	if (swt_db_dossier_requests(db, NULL, scan_request, &sc) ||
	    close_resident(&sc) || (commit && destroy_all(db, &sc)))
		goto out;
	for (size_t i = 0; i < sc.nd; i++)
		if (fn(ctx, &sc.d[i].d))
			goto out;
	rc = 0;
out:
	free(sc.t);
	free(sc.d);
	free(sc.ids.v);
	return rc;
}

/* ---- erasure on request (AVG art. 17) ---- */

/* A resident's requests, and why erasure must keep them ("" none). */
struct erase {
	struct swt_dossier *d;
	struct ids ids;
	char *why;
	size_t whylen;
};

/*
 * An open request whose latest triage decision is maatwerk: its
 * beschikking is being prepared (002 4.2.7).
 */
static int
erase_request(void *ctx, const struct swt_db_dossier_request *r)
{
	struct erase *e = ctx;

	counts_add(e->d, r);
	if (ids_add(&e->ids, r->request_id))
		return -1;
	if (!e->why[0] && !r->closed_at && r->route &&
	    !strcmp(r->route, "maatwerk"))
		swt_fmt(e->why, e->whylen, "request %s is open with a maatwerk "
		    "decision: its beschikking is being prepared", r->ref);
	return 0;
}

/*
 * A toewijzen referral (a beschikking, 002 4.2.7) that is neither ended,
 * withdrawn nor rejected: granted and its provision runs, or applied for
 * and awaiting its beschikking.
 */
static int
erase_referral(void *ctx, const struct swt_db_dossier_referral *x)
{
	struct erase *e = ctx;
	static const char *const over[] = { "ended", "withdrawn", "rejected" };

	if (e->why[0] || !x->kind || strcmp(x->kind, "toewijzen") ||
	    x->ended_at || x->withdrawn_at)
		return 0;
	for (size_t i = 0; i < sizeof over / sizeof *over; i++)
		if (x->status && !strcmp(x->status, over[i]))
			return 0;
	if (x->decided_at)
		swt_fmt(e->why, e->whylen, "referral %lld of request %s: a "
		    "beschikking of %.10s whose provision runs", x->referral_id,
		    x->ref, x->decided_at);
	else if (x->applied_at)
		swt_fmt(e->why, e->whylen, "referral %lld of request %s: an "
		    "aanvraag of %.10s awaits its beschikking", x->referral_id,
		    x->ref, x->applied_at);
	return 0;
}

int
swt_erase(struct swt_db *db, const char *client_id, struct swt_dossier *d,
    char *why, size_t whylen)
{
	struct erase e = { .d = d, .why = why, .whylen = whylen };
	int person = 0, rc = -1;

	memset(d, 0, sizeof *d);
	why[0] = '\0';
	swt_fmt(d->client_id, sizeof d->client_id, "%s", client_id);
	swt_fmt(d->rule, sizeof d->rule, "erasure");
	swt_fmt(d->basis, sizeof d->basis, "AVG art. 17");
	if (swt_db_begin(db))
		return -1;
	if (swt_db_dossier_requests(db, client_id, erase_request, &e) ||
	    resident(db, d, &person) < 0 ||
	    swt_db_dossier_referrals(db, client_id, erase_referral, &e))
		goto out;
	if (!person && !d->n[DN_REQUESTS])
		rc = 2;
	else if (why[0])
		rc = 1;
	else
		rc = destroy(db, "erase", d, e.ids.v);
out:
	free(e.ids.v);
	if (rc == 0)
		return swt_db_commit(db);
	swt_db_rollback(db);
	return rc;
}

void
swt_dossier_values(const struct swt_dossier *d, char buf[DN_N][24], char **v)
{
	v[0] = (char *)d->client_id;
	v[1] = (char *)d->rule;
	v[2] = (char *)d->basis;
	v[3] = (char *)d->counted_from;
	v[4] = (char *)d->from;
	v[5] = (char *)d->due;
	for (int i = 0; i < DN_N; i++) {
		swt_fmt(buf[i], sizeof buf[i], "%ld", d->n[i]);
		v[6 + i] = buf[i];
	}
}
