/* db_kpi.c - the rows behind the KPIs of SPEC 7: what kpi.c counts */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "swt.h"
#include "db_sqlite.h"

/*
 * Each query takes the period as from (its first day, yyyy-mm-dd) and end
 * (the day after its last): a date or a time is in it when it is >= from
 * and < end, as ISO text compares.  Each gives the columns of KC_*: the
 * groups, the case's ids, the two dates a figure uses and two values.
 * Which rows a KPI takes and what it makes of them are kpi.c's; the
 * filters here only keep the scan to the rows that can count.
 *
 * The requests' queries read one table made in memory per period, the
 * first time one is asked, for the queries the caller says it will ask
 * (swt_db_kpi_for: a KPI alone reads only what it needs): every request
 * that can count in them, with what they read of it (SPEC 7): its latest
 * decision (greatest decided_at, then decision_id), its support start
 * (for eigen_inzet its first contact on or after the decision's day, for
 * sociale_basis and maatwerk its first referral sent), whether a
 * toewijzen referral of it started (verblijf: of a residential product,
 * SPEC 5), and, when a query asks, whether its resident had a plan
 * opened by its closing day and another request closed in the 365 days
 * before it was received.  The same pass finds the legal clocks (SPEC
 * 6b) that can count: a vraag's, a toewijzen referral's.  It finds the
 * requests that can count from indexes on the dates that put one in the
 * period (ways), then reads those of request, decision, referral and
 * contact together, each in request_id order (the table, or an index
 * that has the columns): it steps over a few rows and looks up the next
 * one that can count past many, so that a year among ten reads little
 * more than that year (SPEC 8: a year of ten million requests in
 * seconds); the rows of request that cannot count are passed over inside
 * SQLite (swt_kpi_wanted), their columns not read.  The plans of the
 * period (closed or open in it) and their final goals are a second
 * table, made by a scan of each, the goals read as the requests are; the
 * complaints and staff, few, are read by plain queries.  All of it is
 * read in one read transaction, as long as the table lives.
 */

#define NODAY INT32_MIN

/*
 * A date in 4 bytes: its day (>= 0), NODAY for none, or -1 - i for the
 * i-th of the dates kept with their text, those that are more than
 * yyyy-mm-dd (a time): see dday and dtext.
 */
struct kdate {
	int32_t v;
};
struct ktext {
	int32_t day;
	uint32_t text;		/* kept (str) */
};

/*
 * A request, as the KPIs read it: 56 bytes (SPEC 8: memory).  Its ref
 * (--cases) and the day its resident's first plan was opened (met_plan)
 * are beside the table, in refs and plan_day, when a query reads them.
 */
struct kreq {
	long long id;
	uint32_t client;	/* kept (str): 0 when no query reads it */
	struct kdate received, intake, closed, decided, support;
	uint16_t g[SWT_BY_STAFF + 1];	/* the groups, as values (0: none) */
	uint16_t decided_by, recommended, reason;
	unsigned verblijf : 1, started : 1, repeat : 1;
};

/*
 * A request closed in the 365 days before the period (not verhuisd or
 * overleden) whose resident has a request in the table: herhaling reads
 * only its resident and the day it closed.
 */
struct kpast {
	uint32_t client;
	int32_t closed;
};

/* A plan, as the KPIs read it: its groups are district and staff. */
struct kplan {
	long long id;
	uint32_t client;
	struct kdate opened, closed;
	uint16_t district, owner;	/* the resident's; the plan's */
	unsigned char evaluated;
};

/* A final goal of a plan closed in the period. */
struct kgoal {
	uint32_t plan;		/* its place in plans */
	uint16_t status;
	unsigned char has_change;
	int32_t change;		/* zrm_end - zrm_start */
};

/*
 * Requests received before the period that count in it only as waiting
 * for their intake or open, on each of its days (not done by its start,
 * nor in it): counted, by the groups asked, not kept one by one.
 */
struct kopen {
	uint16_t g[SWT_BY_STAFF + 1];	/* the groups asked; others 0 */
	unsigned char waiting, open;
	long n;
};

/* A legal term (SPEC 6b), as its clocks are found. */
struct kterm {
	char term[40], law[40];
	uint16_t law_v;		/* law as a value */
	int received;		/* started by received_at, else by applied_at */
	long days;
};
#define MAX_TERMS 16

/*
 * A legal clock that can count in the period (started by its end, not
 * stopped before its start): a vraag's or a toewijzen referral's.  Its
 * request is in the table.
 */
struct kclock {
	long long referral_id;	/* 0: none */
	uint32_t req;		/* its request's place in r */
	struct kdate started, stopped;
	unsigned char term;	/* in terms */
};

/*
 * Ids that can count, as bits from lo to hi (ids_make): NULL full, all.
 */
struct ids {
	uint64_t *full;
	long long lo, hi;
	size_t words;
};

/*
 * The requests and plans of one period (each made on the first query
 * that reads them), and the strings they point to.
 */
struct db_kpi {
	char from[11], end[11];
	int32_t first, stop;	/* from and end as days */
	int cases;		/* made for --cases: with refs, each request */
	unsigned made;		/* the queries it is made for (KQ_BIT) */
	/* what they read: the requests' streams, clocks, residents */
	int decisions, referrals, contacts, clocks, residents;
	int streams;		/* of every request, not only those closed */
	long long lo, hi;	/* the requests' least and greatest ids */
	int wide;		/* the period has a third of them or more */
	int have_extent;	/* lo, hi and wide found */
	unsigned by;		/* the groups asked (1 << SWT_BY_*) */
	int have_requests, have_repeats, have_plan_days, have_plans,
	    have_districts;
	struct kreq *r;
	size_t n, cap;
	uint32_t *refs;		/* each request's ref, kept: --cases */
	size_t refcap;
	int32_t *plan_day;	/* the first plan of its resident: met_plan */
	struct kplan *p;
	size_t np, pcap;
	struct kgoal *g;
	size_t ng, gcap;
	struct kclock *c;
	size_t nc, ccap;
	struct kpast *past;	/* closed before the period: herhaling's */
	size_t npast, pastcap;
	struct kopen *o;	/* the requests only waiting or open */
	size_t no, ocap;
	uint32_t *oslot;	/* a hash table of them: 1 + place */
	size_t oscap;
	struct ktext *text;	/* the dates with a time */
	size_t ntext, tcap;
	uint64_t *who;		/* each client_id kept once: a hash table of
				 * its hash's low 32 bits (high) and offset */
	size_t nwho, wcap;
	struct kterm term[MAX_TERMS];
	int nterm;
	char **block;		/* the strings, in blocks that stay put */
	size_t nblock;
	size_t alen;		/* offset of the next: 0 is "" */
	char **val;		/* the values of few kinds: val[0] is none */
	size_t nval;
	uint16_t *slot;		/* an open hash table of val's indexes */
	size_t scap;
	/* the values the KPIs ask for by name */
	uint16_t advies, sociale_basis, eigen_inzet, maatwerk, toewijzen,
	    verhuisd, overleden, vraag;
	int nomem;
	int values;		/* that was: too many values, not memory */
	int snapshot;		/* it began the read transaction it ends */
	const struct ids *want;	/* what swt_kpi_wanted reads, or NULL */
};

void
db_kpi_free(struct swt_db *db)
{
	struct db_kpi *k = db->kpi;

	if (!k)
		return;
	if (k->snapshot)
		sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	for (size_t i = 1; i < k->nval; i++)
		free(k->val[i]);
	free(k->val);
	free(k->slot);
	free(k->r);
	free(k->refs);
	free(k->plan_day);
	free(k->past);
	free(k->p);
	free(k->g);
	free(k->c);
	free(k->o);
	free(k->oslot);
	free(k->text);
	free(k->who);
	for (size_t i = 0; i < k->nblock; i++)
		free(k->block[i]);
	free(k->block);
	free(k);
	db->kpi = NULL;
}

/*
 * Strings are kept in blocks of BLOCK bytes, never moved, at an offset
 * (block, place): what a row points to lives as long as the table.
 */
#define BLOCK ((size_t)1 << 20)

static const char *
str(const struct db_kpi *k, uint32_t at)
{
	return k->block[at / BLOCK] + at % BLOCK;
}

/* s kept: its offset, 0 for none (or out of memory, or too long). */
static uint32_t
keep(struct db_kpi *k, const char *s)
{
	size_t len, at;

	if (!s)
		return 0;
	len = strlen(s) + 1;
	if (len > BLOCK) {
		k->nomem = 1;
		return 0;
	}
	if (k->alen % BLOCK + len > BLOCK)
		k->alen = (k->alen + BLOCK - 1) / BLOCK * BLOCK;
	if (k->alen / BLOCK == k->nblock) {
		char **b = reallocarray(k->block, k->nblock + 1, sizeof *b);

		if (b)
			k->block = b;
		if (!b || k->alen / BLOCK >= UINT32_MAX / BLOCK ||
		    !(k->block[k->nblock] = malloc(BLOCK))) {
			k->nomem = 1;
			return 0;
		}
		k->nblock++;
	}
	at = k->alen;
	memcpy(k->block[at / BLOCK] + at % BLOCK, s, len);
	k->alen += len;
	return (uint32_t)at;
}

/* db->err for k->nomem: -1. */
static int
nomem(struct swt_db *db, const struct db_kpi *k)
{
	if (k && k->values)
		swt_fmt(db->err, sizeof db->err, "more than %d distinct "
		    "districts, laws, services, staff and other such values",
		    UINT16_MAX / 2);
	else
		swt_fmt(db->err, sizeof db->err, "out of memory");
	return -1;
}

/*
 * The large array at p of n bytes in pages of 2 MB where the system has
 * them (Linux: transparent huge pages, asked for): one fault for each
 * 2 MB first written, not 512, and a fault here costs more than the
 * writing (a tenth of effectiviteit's time at 10 M).
 */
static void
huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	const uintptr_t big = (uintptr_t)2 << 20;
	uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t b = ((uintptr_t)p + n) & ~(page - 1);

	if (b > a && b - a >= 2 * big)
		madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

/* n zeroed bytes for a large table (huge): free() frees it. */
static void *
table_alloc(size_t n)
{
	void *p = calloc(n ? n : 1, 1);

	if (p)
		huge(p, n);
	return p;
}

/*
 * A place in a table and the key it is sorted by (keys_sort): a request
 * by its resident's client_id, a plan by its plan_id.
 */
struct key {
	uint64_t key;
	uint32_t at;
};

/*
 * a by key, equal keys in the order they had: a radix sort, a byte at a
 * time, of the bytes in which the keys differ (a qsort of a million
 * reads each at random twenty times).  0, -1 out of memory.
 */
static int
keys_sort(struct key *a, size_t n)
{
	uint64_t all = 0, any = 0;
	struct key *b, *from = a, *t;

	for (size_t i = 0; i < n; i++) {
		all = i ? all & a[i].key : a[i].key;
		any |= a[i].key;
	}
	if (n < 2 || !(all ^ any))
		return 0;
	if (!(b = table_alloc(n * sizeof *b)))
		return -1;
	for (int shift = 0; shift < 64; shift += 8) {
		size_t at[256] = { 0 }, sum = 0;

		if (!((all ^ any) >> shift & 0xff))
			continue;	/* the same in all */
		for (size_t i = 0; i < n; i++)
			at[from[i].key >> shift & 0xff]++;
		for (int d = 0; d < 256; d++) {
			size_t c = at[d];

			at[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			b[at[from[i].key >> shift & 0xff]++] = from[i];
		t = from;
		from = b;
		b = t;
	}
	if (from != a) {		/* an odd number of passes */
		memcpy(a, from, n * sizeof *a);
		b = from;
	}
	free(b);
	return 0;
}

/* Room for one more of *n (at *cap) of size each in *a: NULL if none. */
static void *
room(struct db_kpi *k, void **a, size_t *n, size_t *cap, size_t each)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 4096;
		void *p = reallocarray(*a, c, each);

		if (!p) {
			k->nomem = 1;
			return NULL;
		}
		*a = p;
		*cap = c;
		huge(p, c * each);
	}
	return (char *)*a + *n * each;
}

/* The value s as a small number (0: none); a new one is kept. */
static uint16_t
value(struct db_kpi *k, const char *s)
{
	size_t i;

	if (!s)
		return 0;
	if (2 * (k->nval + 1) > k->scap) {
		size_t cap = k->scap ? 2 * k->scap : 256;
		uint16_t *slot = calloc(cap, sizeof *slot);
		char **val = reallocarray(k->val, cap / 2, sizeof *val);

		if (val)
			k->val = val;
		if (!slot || !val || cap / 2 > UINT16_MAX) {
			free(slot);
			k->nomem = 1;
			k->values = !(!slot || !val);
			return 0;
		}
		if (!k->nval)
			k->val[k->nval++] = NULL;
		for (size_t v = 1; v < k->nval; v++) {
			for (i = swt_hash64(k->val[v]) & (cap - 1); slot[i];
			    i = (i + 1) & (cap - 1))
				;
			slot[i] = (uint16_t)v;
		}
		free(k->slot);
		k->slot = slot;
		k->scap = cap;
	}
	for (i = swt_hash64(s) & (k->scap - 1); k->slot[i];
	    i = (i + 1) & (k->scap - 1))
		if (!strcmp(k->val[k->slot[i]], s))
			return k->slot[i];
	if (!(k->val[k->nval] = strdup(s))) {
		k->nomem = 1;
		return 0;
	}
	k->slot[i] = (uint16_t)k->nval;
	return (uint16_t)k->nval++;
}


/*
 * Room for n residents in who, the table 3/4 full at most: 0, -1 out of
 * memory.  Made at once for those the table can hold, each growth moves
 * every entry, at random.
 */
static int
residents_room(struct db_kpi *k, size_t n)
{
	size_t cap = k->wcap ? k->wcap : 1024, i;
	uint64_t *w;

	while (4 * n > 3 * cap)
		cap *= 2;
	if (cap == k->wcap)
		return 0;
	if (cap > SIZE_MAX / sizeof *w ||
	    !(w = table_alloc(cap * sizeof *w)))
		return k->nomem = 1, -1;
	for (size_t j = 0; j < k->wcap; j++) {
		if (!k->who[j])
			continue;
		for (i = (k->who[j] >> 32) & (cap - 1); w[i];
		    i = (i + 1) & (cap - 1))
			;
		w[i] = k->who[j];
	}
	free(k->who);
	k->who = w;
	k->wcap = cap;
	return 0;
}

/*
 * The hash resident() reads of client_id s, its slot fetched into the
 * cache meanwhile: a table of a million residents is read at random,
 * and a look-up's time is that of its miss.
 */
static uint32_t
resident_hash(const struct db_kpi *k, const char *s)
{
	uint32_t h = s ? (uint32_t)swt_hash64(s) : 0;

	if (k->wcap)
		__builtin_prefetch(&k->who[h & (k->wcap - 1)]);
	return h;
}

/*
 * A client_id as kept: the one string of that resident (its offset), so
 * that equal client_ids are equal offsets, and one pointer (str).  With
 * add, one not yet kept is; else it is 0.  h is its resident_hash.
 */
static uint32_t
resident(struct db_kpi *k, const char *s, uint32_t h, int add)
{
	size_t i;

	if (!s)
		return 0;
	if (add && 4 * (k->nwho + 1) > 3 * k->wcap && residents_room(k,
	    k->nwho + 1))	/* up to 3/4 full */
		return 0;
	if (!k->wcap)
		return 0;
	/* the kept string is read only where the hash is the same */
	for (i = h & (k->wcap - 1); k->who[i]; i = (i + 1) & (k->wcap - 1))
		if (k->who[i] >> 32 == h &&
		    !strcmp(str(k, (uint32_t)k->who[i]), s))
			return (uint32_t)k->who[i];
	if (!add || !(k->who[i] = keep(k, s)))
		return 0;
	k->who[i] |= (uint64_t)h << 32;
	k->nwho++;
	return (uint32_t)k->who[i];
}

/* The day of d: NODAY for none. */
static int32_t
dday(const struct db_kpi *k, struct kdate d)
{
	return d.v >= 0 || d.v == NODAY ? d.v : k->text[-1 - d.v].day;
}

/* Its text, if it has more than the day says: 0 if not. */
static uint32_t
dtext(const struct db_kpi *k, struct kdate d)
{
	return d.v >= 0 || d.v == NODAY ? 0 : k->text[-1 - d.v].text;
}

static struct kdate
date_of(struct db_kpi *k, const char *s)
{
	struct kdate d = { NODAY };
	struct ktext *t;

	if (!s)
		return d;
	d.v = (int32_t)swt_date_days(s);
	if (strlen(s) == 10 && d.v >= 0)
		return d;
	if (k->ntext >= INT32_MAX)
		k->nomem = 1;
	if (k->nomem || !(t = room(k, (void **)&k->text, &k->ntext, &k->tcap,
	    sizeof *t)))
		return (struct kdate){ NODAY };
	t->day = d.v;
	t->text = keep(k, s);
	d.v = -1 - (int32_t)k->ntext++;
	return d;
}

/* The text of d into buf (11 bytes): NULL if none. */
static const char *
date_text(const struct db_kpi *k, struct kdate d, char *buf)
{
	if (d.v == NODAY)
		return NULL;
	if (dtext(k, d))
		return str(k, dtext(k, d));
	swt_date_from_days(dday(k, d), buf);
	return buf;
}

static int
in(const struct db_kpi *k, struct kdate d)
{
	int32_t day = dday(k, d);

	return day != NODAY && day >= k->first && day < k->stop;
}

/* Not done by the period's start. */
static int
undone(const struct db_kpi *k, struct kdate d)
{
	int32_t day = dday(k, d);

	return day == NODAY || day >= k->first;
}

/* Closed in the 365 days before a request received in the period? */
static int
history(const struct db_kpi *k, const struct kreq *q)
{
	int32_t day = dday(k, q->closed);

	return day != NODAY && day >= k->first - 365 &&
	    day < k->stop && q->reason != k->verhuisd &&
	    q->reason != k->overleden;
}

/* Can request q count in a query of the period? */
/* Does request q count in the period by a date in it, or as history? */
static int
active(const struct db_kpi *k, const struct kreq *q)
{
	return in(k, q->intake) || in(k, q->received) ||
	    in(k, q->closed) || in(k, q->decided) ||
	    (in(k, q->support) && q->intake.v != NODAY) || history(k, q);
}

/* Is it waiting for its intake or open on some day of the period? */
static int
pending(const struct db_kpi *k, const struct kreq *q)
{
	return dday(k, q->received) < k->stop &&
	    (undone(k, q->intake) || undone(k, q->closed));
}

static uint64_t
open_hash(const struct kopen *o)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t b = 0; b < sizeof o->g / sizeof *o->g; b++)
		h = (h ^ o->g[b]) * 1099511628211ULL;
	return (h ^ (unsigned)(o->waiting << 1 | o->open)) * 1099511628211ULL;
}

/*
 * Count request q, only pending, with those of its groups and states:
 * received before the period and not done in it, it is waiting (or
 * open) on every day of it, or on none.  0, -1 out of memory.
 */
static int
pend(struct db_kpi *k, const struct kreq *q)
{
	struct kopen o = { .waiting = undone(k, q->intake) != 0,
		.open = undone(k, q->closed) != 0, .n = 1 };
	size_t i;

	for (int b = 0; b <= SWT_BY_STAFF; b++)
		if (k->by & 1u << b)
			o.g[b] = q->g[b];
	if (2 * (k->no + 1) > k->oscap) {
		size_t cap = k->oscap ? 2 * k->oscap : 1024;
		uint32_t *slot = calloc(cap, sizeof *slot);

		if (!slot)
			return k->nomem = 1, -1;
		for (size_t j = 0; j < k->oscap; j++) {
			uint32_t e = k->oslot[j];

			if (!e)
				continue;
			for (i = open_hash(&k->o[e - 1]) & (cap - 1); slot[i];
			    i = (i + 1) & (cap - 1))
				;
			slot[i] = e;
		}
		free(k->oslot);
		k->oslot = slot;
		k->oscap = cap;
	}
	for (i = open_hash(&o) & (k->oscap - 1); k->oslot[i];
	    i = (i + 1) & (k->oscap - 1)) {
		struct kopen *p = &k->o[k->oslot[i] - 1];

		if (!memcmp(p->g, o.g, sizeof o.g) && p->waiting == o.waiting &&
		    p->open == o.open) {
			p->n++;
			return 0;
		}
	}
	if (!room(k, (void **)&k->o, &k->no, &k->ocap, sizeof o))
		return -1;
	k->o[k->no++] = o;
	k->oslot[i] = (uint32_t)k->no;
	return 0;
}

/* ---- the pass: request with its decisions, referrals and contacts ---- */

/* A query read in request_id order (column 0), beside the others. */
struct stream {
	sqlite3_stmt *s;
	long long id;		/* LLONG_MAX at its end */
	int bad;
};

static void
next(struct stream *x)
{
	int rc = sqlite3_step(x->s);

	x->id = rc == SQLITE_ROW ? sqlite3_column_int64(x->s, 0) : LLONG_MAX;
	x->bad |= rc != SQLITE_ROW && rc != SQLITE_DONE;
}

/* From the first row of request_id id or after (each query's ?1). */
static void
start(struct stream *x, long long id)
{
	sqlite3_reset(x->s);
	sqlite3_bind_int64(x->s, 1, id);
	next(x);
}

/*
 * To the first row of request id: stepped to when it is near, else
 * looked up (the requests that can count are a part of all, and
 * stepping over many rows costs more than one look-up).
 */
#define NEAR 16

static int
at(struct stream *x, long long id)
{
	if (x->id < id && (unsigned long long)id -
	    (unsigned long long)x->id > NEAR)
		start(x, id);
	while (x->id < id)
		next(x);
	return x->id == id;
}

static const char *
col(struct stream *x, int i)
{
	return (const char *)sqlite3_column_text(x->s, i);
}

/*
 * The request's columns one() reads, in this order; those the table does
 * not read are NULL (requests_query): a column not decoded is time saved
 * on each of a million rows.  The groups district to source are
 * RC_DISTRICT + SWT_BY_*.
 */
enum {
	RC_ID, RC_DISTRICT, RC_STAFF = RC_DISTRICT + SWT_BY_ROUTE, RC_REF,
	RC_CLIENT, RC_RECEIVED, RC_INTAKE, RC_CLOSED, RC_REASON, RC_ASSESSED,
	RC_N
};
static const char *const request_cols[] = {
	"request_id", "district", "law", "service", "kind", "channel",
	"source", "staff", "ref", "client_id", "received_at", "intake_at",
	"closed_at", "closure_reason", "assessed_at"
};
_Static_assert(sizeof request_cols / sizeof *request_cols == RC_N,
    "a name for each request column");
static const char sql_decisions[] =
    "SELECT request_id, route, decided_at, decided_by, recommended_route"
    " FROM decision WHERE request_id >= ?1"
    " ORDER BY request_id, decided_at, decision_id";
static const char sql_referrals[] =
    "SELECT request_id, sent_at, kind, started_at, product, referral_id,"
    " applied_at, decided_at FROM referral WHERE request_id >= ?1"
    " ORDER BY request_id";
static const char sql_extent[] =
    "SELECT (SELECT min(request_id) FROM request), (SELECT max(request_id)"
    " FROM request), (SELECT count(*) FROM request"
    " WHERE received_at >= ?1 AND received_at < ?2)";
/*
 * The requests that can count in the period from ?1 to ?2 (SPEC 7), by
 * the dates that put one in it, each from an index (schema 11), with the
 * queries it can count in: open, or closed from it on or in it, received
 * in it, not taken in by its start, not assessed by then (a vraag's legal
 * clock), decided in it, with a referral sent or a contact in it, or a
 * toewijzen referral's clock not stopped by its start.  The table reads
 * those of the queries it is made for (ids_make), as one UNION ALL: a
 * request may come more than once.  Those closed in the year before, for
 * herhaling, are read apart (past).
 */
#define OPEN		KQ_BIT(KQ_OPEN_REQUESTS)
#define CLOSED		(KQ_BIT(KQ_THROUGH) | KQ_BIT(KQ_CLOSED) | \
			 KQ_BIT(KQ_CLOSED_PLAN) | KQ_BIT(KQ_REPEAT))
#define WAITING		(KQ_BIT(KQ_INTAKE) | KQ_BIT(KQ_WAITING))
static const struct {
	unsigned of;		/* the queries (KQ_BIT) it is of */
	unsigned unless;	/* those whose ways find all it finds */
	const char *table, *where;
} ways[] = {
	{ OPEN, 0, "request", "closed_at IS NULL" },
	{ OPEN, 0, "request", "closed_at >= ?1" },
	{ CLOSED, OPEN, "request", "closed_at >= ?1 AND closed_at < ?2" },
	{ KQ_BIT(KQ_REPEAT), 0, "request",
	    "received_at >= ?1 AND received_at < ?2" },
	{ KQ_BIT(KQ_WAITING), 0, "request", "intake_at IS NULL" },
	{ WAITING, 0, "request", "intake_at >= ?1" },
	{ KQ_CLOCKS, 0, "request", "kind = 'vraag' AND assessed_at IS NULL" },
	{ KQ_CLOCKS, 0, "request", "kind = 'vraag' AND assessed_at >= ?1" },
	{ KQ_BIT(KQ_DECIDED), 0, "decision",
	    "decided_at >= ?1 AND decided_at < ?2" },
	{ KQ_BIT(KQ_SUPPORT), 0, "referral", "sent_at >= ?1 AND sent_at < ?2" },
	{ KQ_CLOCKS, 0, "referral", "kind = 'toewijzen'"
	    " AND applied_at IS NOT NULL AND decided_at IS NULL" },
	{ KQ_CLOCKS, 0, "referral", "kind = 'toewijzen'"
	    " AND applied_at IS NOT NULL AND decided_at >= ?1" },
	{ KQ_BIT(KQ_SUPPORT), 0, "contact", "date >= ?1 AND date < ?2" },
};
static const char sql_terms[] =
    "SELECT term, law, from_event, days FROM legal_term ORDER BY term";
static const char sql_contacts[] =
    "SELECT request_id, date FROM contact WHERE request_id >= ?1"
    " ORDER BY request_id, date";
/*
 * The requests closed from ?1 (365 days before the period) to ?2 (its
 * start) that herhaling reads, from request_closed alone (schema 12).
 */
static const char sql_past[] =
    "SELECT client_id, closed_at FROM request"
    " WHERE closed_at >= ?1 AND closed_at < ?2"
    " AND (closure_reason IS NULL"
    "  OR closure_reason NOT IN ('verhuisd', 'overleden'))";
/* The plans of the residents from ?1 on, from plan_client. */
static const char sql_plan_days[] =
    "SELECT client_id, opened_at FROM plan WHERE client_id >= ?1"
    " ORDER BY client_id, opened_at";
/*
 * The plans open or closed from ?1 on, from plan_closed, which holds what
 * is read of them (schema 11): a look-up of each costs more than a scan.
 * When most can count (wide), all, in order.
 */
#define PLAN "SELECT plan_id, client_id, owner, opened_at, closed_at," \
	" evaluated_at FROM plan"
static const char sql_plans[] =
    PLAN " WHERE closed_at IS NULL UNION ALL " PLAN " WHERE closed_at >= ?1";
/* Without open_plans: those closed in the period. */
static const char sql_plans_closed[] =
    PLAN " WHERE closed_at >= ?1 AND closed_at < ?2";
static const char sql_plans_all[] = PLAN " ORDER BY plan_id";
static const char sql_persons[] =
    "SELECT client_id, district FROM person";
/*
 * The final goals of the plans wanted (swt_kpi_wanted), by plan, from
 * goal_plan, which holds them.
 */
static const char sql_goals[] =
    "SELECT plan_id, status, zrm_end - zrm_start FROM goal"
    " WHERE plan_id >= ?1 AND swt_kpi_wanted(plan_id)"
    " AND status IN ('achieved', 'partly', 'not_achieved')"
    " ORDER BY plan_id, goal_id";

/* The residential products (SPEC 5): Wmo 15-18, Jeugd 43-44. */
static int
residential(const char *product)
{
	static const char *const p[] = { "15", "16", "17", "18", "43", "44" };

	for (size_t i = 0; product && i < sizeof p / sizeof *p; i++)
		if (!strcmp(product, p[i]))
			return 1;
	return 0;
}

/* Copy s (at most 63 bytes) into b, "" for none. */
static void
hold(char b[64], const char *s)
{
	size_t n = s ? strnlen(s, 63) : 0;

	memcpy(b, s ? s : "", n);
	b[n] = '\0';
}

/*
 * The clock of term kind received (1, else applied: 0) of each of the
 * terms of request q's law that started on started and stopped on
 * stopped, if it can count, to the period's: 0, -1 out of memory.
 */
static int
clock_add(struct db_kpi *k, const struct kreq *q, int received,
    long long referral_id, struct kdate started, struct kdate stopped)
{
	struct kclock *c;

	if (started.v == NODAY || dday(k, started) >= k->stop ||
	    (stopped.v != NODAY && dday(k, stopped) < k->first))
		return 0;
	for (int t = 0; t < k->nterm; t++) {
		if (k->term[t].received != received || !q->g[SWT_BY_LAW] ||
		    k->term[t].law_v != q->g[SWT_BY_LAW])
			continue;
		if (!(c = room(k, (void **)&k->c, &k->nc, &k->ccap,
		    sizeof *c)))
			return -1;
		/* q is the next in the table */
		*c = (struct kclock){ referral_id, (uint32_t)(q - k->r),
			started, stopped, (unsigned char)t };
		k->nc++;
	}
	return 0;
}

/* By term, then referral: as swt_db_clocks gives a request's clocks. */
static int
by_term(const void *x, const void *y)
{
	const struct kclock *a = x, *b = y;

	if (a->term != b->term)		/* terms are by name */
		return a->term < b->term ? -1 : 1;
	return (a->referral_id > b->referral_id) -
	    (a->referral_id < b->referral_id);
}

/*
 * The request at r's row, with its latest decision (d), its referrals
 * (x) and contacts (c), those the table reads (a stream not read has no
 * statement), into q, the next place in the table: 1 if it can count in
 * the period (its strings kept), else 0.
 */
static int
one(struct db_kpi *k, struct stream *r, struct stream *d, struct stream *x,
    struct stream *c, struct kreq *q)
{
	struct stream none = { NULL, LLONG_MAX, 0 };
	char decided[64] = "", sent[64] = "", contact[64] = "", day[11];
	const char *s, *support = NULL;
	size_t mark = k->alen, texts = k->ntext;
	uint16_t route = 0;
	size_t clocks = k->nc;
	uint32_t h = 0;
	int kept;

	memset(q, 0, sizeof *q);
	q->id = r->id;
	if (k->residents)	/* looked up at the end, if kept */
		h = resident_hash(k, col(r, RC_CLIENT));
	/*
	 * district, law, service, kind, channel, source, then staff: those
	 * asked, and law and kind, which its clocks read
	 */
	for (int b = 0; b < SWT_BY_ROUTE; b++)
		if (k->by & 1u << b || b == SWT_BY_LAW || b == SWT_BY_KIND)
			q->g[b] = value(k, col(r, RC_DISTRICT + b));
	if (k->by & 1u << SWT_BY_STAFF)
		q->g[SWT_BY_STAFF] = value(k, col(r, RC_STAFF));
	q->reason = value(k, col(r, RC_REASON));
	q->received = date_of(k, col(r, RC_RECEIVED));
	q->intake = date_of(k, col(r, RC_INTAKE));
	q->closed = date_of(k, col(r, RC_CLOSED));
	/* its streams, unless only one closed in the period reads them */
	if (!k->streams && !in(k, q->closed))
		d = x = c = &none;
	for (; d->s && at(d, q->id); next(d)) {	/* the last is the latest */
		route = value(k, col(d, 1));
		hold(decided, col(d, 2));
		q->decided_by = value(k, col(d, 3));
		q->recommended = value(k, col(d, 4));
	}
	q->g[SWT_BY_ROUTE] = route;
	for (; x->s && at(x, q->id); next(x)) {
		uint16_t kind = value(k, col(x, 2));

		if ((s = col(x, 1)) && (!*sent || strcmp(s, sent) < 0))
			hold(sent, s);
		if (col(x, 3) && kind == k->toewijzen) {
			q->started = 1;
			q->verblijf |= residential(col(x, 4));
		}
		if (k->clocks && kind == k->toewijzen && col(x, 6) &&
		    clock_add(k, q, 0, sqlite3_column_int64(x->s, 5),
		    date_of(k, col(x, 6)), date_of(k, col(x, 7))))
			return -1;
	}
	memcpy(day, decided, sizeof day - 1);	/* decided has 64 bytes */
	day[10] = '\0';
	for (; c->s && at(c, q->id); next(c))	/* by date: the first is it */
		if (!*contact && route == k->eigen_inzet &&
		    (s = col(c, 1)) && strcmp(s, day) >= 0)
			hold(contact, s);
	if (route == k->eigen_inzet)
		support = *contact ? contact : NULL;
	else if (route == k->sociale_basis || route == k->maatwerk)
		support = *sent ? sent : NULL;
	q->decided = date_of(k, *decided ? decided : NULL);
	q->support = date_of(k, support);
	if (k->clocks && k->vraag && q->g[SWT_BY_KIND] == k->vraag &&
	    clock_add(k, q, 1, 0, q->received, date_of(k,
	    col(r, RC_ASSESSED))))
		return -1;
	/*
	 * Kept: one that counts by a date, one with a clock that can count,
	 * or, with --cases, one only pending; without, that is counted, not
	 * kept.
	 */
	kept = active(k, q) || k->nc > clocks;
	if (!kept && pending(k, q)) {
		if (k->cases)
			kept = 1;
		else if (pend(k, q))
			return -1;
	}
	if (!kept) {
		k->alen = mark;
		k->ntext = texts;
		return 0;
	}
	if (k->residents)
		q->client = resident(k, col(r, RC_CLIENT), h, 1);
	if (k->cases)
		k->refs[q - k->r] = keep(k, col(r, RC_REF));
	if (k->nc - clocks > 1)
		qsort(k->c + clocks, k->nc - clocks, sizeof *k->c, by_term);
	return k->nomem ? -1 : 1;
}

/*
 * Requests or plans by their resident (a kept client_id): the chains of
 * a hash table.  A chain holds every entry of its slot: a resident's, and
 * perhaps another's, which the client_id tells apart.
 */
struct residents {
	uint32_t *head;		/* per slot: 1 + the first entry, 0 none */
	uint32_t *next;		/* per entry: 1 + the next in its chain */
	size_t mask;
};

/* For up to n entries, numbered below places: 0, -1 out of memory. */
static int
residents_make(struct residents *ix, size_t n, size_t places)
{
	size_t cap = 1024;

	while (cap < n)
		cap *= 2;
	ix->mask = cap - 1;
	ix->head = table_alloc(cap * sizeof *ix->head);
	ix->next = table_alloc((places ? places : 1) * sizeof *ix->next);
	return ix->head && ix->next ? 0 : -1;
}

static size_t
slot_of(const struct residents *ix, uint32_t client)
{
	return (size_t)((client * 0x9E3779B97F4A7C15ULL) >> 32) & ix->mask;
}

static void
residents_add(struct residents *ix, uint32_t e, uint32_t client)
{
	uint32_t *h = &ix->head[slot_of(ix, client)];

	ix->next[e] = *h;
	*h = e + 1;
}

/* The first entry of the chain of client: 1 + it, 0 none. */
static uint32_t
residents_first(const struct residents *ix, uint32_t client)
{
	return client ? ix->head[slot_of(ix, client)] : 0;
}

static void
residents_free(struct residents *ix)
{
	free(ix->head);
	free(ix->next);
}

/*
 * herhaling (SPEC 7): a request received in the period whose resident
 * had another request closed in the 365 days before (by day), not for
 * verhuisd or overleden: among the kept (closed in the period) and the
 * past ones (closed in the 365 days before it).
 */
static int
repeats(struct db_kpi *k)
{
	struct residents ix;
	size_t n = k->npast;

	for (size_t i = 0; i < k->n; i++)
		n += history(k, &k->r[i]) != 0;
	if (residents_make(&ix, n, k->n + k->npast)) {
		residents_free(&ix);
		return -1;
	}
	/* entries: the table's requests, then the past ones */
	for (size_t i = 0; i < k->n; i++)
		if (history(k, &k->r[i]))
			residents_add(&ix, (uint32_t)i, k->r[i].client);
	for (size_t i = 0; i < k->npast; i++)
		residents_add(&ix, (uint32_t)(k->n + i), k->past[i].client);
	for (size_t i = 0; i < k->n; i++) {
		struct kreq *q = &k->r[i];
		int32_t day = dday(k, q->received);

		if (!in(k, q->received))
			continue;
		for (uint32_t e = residents_first(&ix, q->client);
		    e && !q->repeat; e = ix.next[e - 1]) {
			const struct kreq *p = e - 1 < k->n ? &k->r[e - 1] :
			    NULL;
			const struct kpast *o = p ? NULL :
			    &k->past[e - 1 - k->n];
			uint32_t who = p ? p->client : o->client;
			int32_t closed = p ? dday(k, p->closed) : o->closed;

			q->repeat = p != q && who == q->client &&
			    closed >= day - 365 && closed <= day;
		}
	}
	residents_free(&ix);
	return 0;
}

/* Requests (places in r) by their residents' client_ids. */
static int
by_client(const void *x, const void *y, void *ctx)
{
	const struct db_kpi *k = ctx;
	const struct key *a = x, *b = y;

	return strcmp(str(k, k->r[a->at].client), str(k, k->r[b->at].client));
}

/* The first 8 bytes of s as a number, in the order strcmp gives. */
static uint64_t
prefix(const char *s)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8 && s[i]; i++)
		v = v << 8 | (unsigned char)s[i];
	return i ? v << 8 * (8 - i) : 0;
}

/* The next row of plan_days's statement s, its client_id into *who. */
static int
resident_row(sqlite3_stmt *s, const char **who)
{
	int rc = sqlite3_step(s);
	const char *t = rc == SQLITE_ROW ?
	    (const char *)sqlite3_column_text(s, 0) : NULL;

	*who = t ? t : "";	/* none: before any resident due */
	return rc;
}

/* Does met_plan read request q: closed in it on eigen_inzet or maatwerk? */
static int
plan_due(const struct db_kpi *k, const struct kreq *q)
{
	return in(k, q->closed) && (q->g[SWT_BY_ROUTE] == k->eigen_inzet ||
	    q->g[SWT_BY_ROUTE] == k->maatwerk);
}

/*
 * The requests closed in the 365 days before the period whose residents
 * are in the table (those received in it are), into past: 0, -1.  Each
 * is looked up AHEAD rows after it is read, its slot fetched meanwhile.
 */
#define AHEAD 8

struct ahead {
	char client[64];
	uint32_t h;
	int32_t closed;
};

/* A request into past if its resident is in the table: 0, -1. */
static int
past_one(struct db_kpi *k, const char *client, uint32_t h, int32_t closed)
{
	uint32_t who = resident(k, client, h, 0);
	struct kpast *p;

	if (!who)
		return 0;
	if (!(p = room(k, (void **)&k->past, &k->npast, &k->pastcap,
	    sizeof *p)))
		return -1;
	p->client = who;
	p->closed = closed;
	k->npast++;
	return 0;
}

static int
past(struct swt_db *db, struct db_kpi *k)
{
	sqlite3_stmt *s = db_stmt(db, S_KPI_PAST, sql_past);
	struct ahead ring[AHEAD], *e;
	char before[11];
	size_t n = 0;
	int rc;

	if (!s)
		return -1;
	swt_date_from_days(k->first - 365, before);
	sqlite3_bind_text(s, 1, before, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, k->from, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *who = (const char *)sqlite3_column_text(s, 0);
		const char *closed = (const char *)sqlite3_column_text(s, 1);
		int32_t day;

		if (!who || !closed)
			continue;
		day = (int32_t)swt_date_days(closed);
		if (strlen(who) >= sizeof e->client) {	/* at once */
			if (past_one(k, who, resident_hash(k, who), day))
				break;
			continue;
		}
		e = &ring[n % AHEAD];
		if (n++ >= AHEAD && past_one(k, e->client, e->h, e->closed))
			break;
		strcpy(e->client, who);
		e->h = resident_hash(k, who);
		e->closed = day;
	}
	for (size_t i = n > AHEAD ? n - AHEAD : 0; i < n && !k->nomem; i++)
		past_one(k, ring[i % AHEAD].client, ring[i % AHEAD].h,
		    ring[i % AHEAD].closed);
	sqlite3_reset(s);
	if (k->nomem)
		return nomem(db, k);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "request");
}

/*
 * The first day the resident of each request closed in the period on
 * eigen_inzet or maatwerk had a plan opened (proceskwaliteit's met_plan,
 * which reads no others), into plan_day: those residents in the order of
 * plan_client (client_id, opened_at), read beside it from the first on,
 * as the requests are beside their decisions: a resident's first row
 * is stepped to when it is near, else looked up.
 */
static int
plan_days(struct swt_db *db, struct db_kpi *k)
{
	sqlite3_stmt *s = db_stmt(db, S_KPI_PLAN_DAYS, sql_plan_days);
	const char *who = NULL;	/* the row's client_id */
	int rc = SQLITE_DONE;	/* not started */
	struct key *due;
	size_t m = 0;

	if (!s)
		return -1;
	for (size_t i = 0; i < k->n; i++)
		m += plan_due(k, &k->r[i]) != 0;
	if (!(k->plan_day = reallocarray(NULL, k->n ? k->n : 1,
	    sizeof *k->plan_day)) || !(due = table_alloc((m ? m : 1) *
	    sizeof *due)))
		return nomem(db, k);
	m = 0;
	for (size_t i = 0; i < k->n; i++) {
		k->plan_day[i] = NODAY;
		if (plan_due(k, &k->r[i]))
			due[m++] = (struct key){ prefix(str(k, k->r[i].client)),
			    (uint32_t)i };
	}
	/* by client_id: by its first 8 bytes, then those alike by all */
	if (keys_sort(due, m)) {
		free(due);
		return nomem(db, k);
	}
	for (size_t j = 0, e; j < m; j = e) {
		for (e = j + 1; e < m && due[e].key == due[j].key; e++)
			;
		if (e - j > 1)
			qsort_r(due + j, e - j, sizeof *due, by_client, k);
	}
	for (size_t j = 0; j < m; j++) {
		const char *c = str(k, k->r[due[j].at].client), *opened;
		int steps = 0;

		if (j > 0 && k->r[due[j - 1].at].client ==
		    k->r[due[j].at].client) {
			k->plan_day[due[j].at] = k->plan_day[due[j - 1].at];
			continue;
		}
		while (rc == SQLITE_ROW && strcmp(who, c) < 0 && steps++ < NEAR)
			rc = resident_row(s, &who);
		if (rc != SQLITE_ROW || strcmp(who, c) < 0) {	/* look up */
			sqlite3_reset(s);
			sqlite3_bind_text(s, 1, c, -1, SQLITE_TRANSIENT);
			rc = resident_row(s, &who);
		}
		while (rc == SQLITE_ROW && !strcmp(who, c) &&
		    sqlite3_column_type(s, 1) == SQLITE_NULL)
			rc = resident_row(s, &who);
		if (rc == SQLITE_ROW && !strcmp(who, c) &&
		    (opened = (const char *)sqlite3_column_text(s, 1)))
			k->plan_day[due[j].at] = (int32_t)swt_date_days(opened);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			break;
	}
	sqlite3_reset(s);
	free(due);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, "plan");
}

/* The legal terms whose clocks the KPIs read: 0, -1. */
static int
terms(struct swt_db *db, struct db_kpi *k)
{
	sqlite3_stmt *s = db_stmt(db, S_KPI_TERMS, sql_terms);
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct kterm *t = &k->term[k->nterm];
		const char *from = (const char *)sqlite3_column_text(s, 2);

		if (k->nterm == MAX_TERMS) {
			sqlite3_reset(s);
			swt_fmt(db->err, sizeof db->err, "legal_term: more "
			    "than %d terms", MAX_TERMS);
			return -1;
		}
		swt_fmt(t->term, sizeof t->term, "%s",
		    (const char *)sqlite3_column_text(s, 0));
		swt_fmt(t->law, sizeof t->law, "%s",
		    (const char *)sqlite3_column_text(s, 1));
		t->law_v = value(k, t->law);
		t->received = !from ? -1 : !strcmp(from, "received_at") ? 1 :
		    !strcmp(from, "applied_at") ? 0 : -1;
		t->days = (long)sqlite3_column_int64(s, 3);
		k->nterm++;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "legal_term");
}

/*
 * The requests' ids from lo to hi, and whether the period has a third of
 * them or more: then most can count, and all are read (and all plans)
 * without finding first those that can.  0, -1.
 */
static int
extent(struct swt_db *db, struct db_kpi *k)
{
	sqlite3_stmt *s = db_stmt(db, S_KPI_EXTENT, sql_extent);
	long long received = 0;
	int rc;

	if (k->have_extent)
		return 0;
	k->lo = 0;
	k->hi = -1;
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, k->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, k->end, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW &&
	    sqlite3_column_type(s, 0) != SQLITE_NULL) {
		k->lo = sqlite3_column_int64(s, 0);
		k->hi = sqlite3_column_int64(s, 1);
		received = sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	k->wide = k->hi < k->lo || 3 * received >= k->hi - k->lo + 1;
	k->have_extent = rc == SQLITE_ROW;
	return rc == SQLITE_ROW ? 0 : db_fail(db, "kpi");
}

void
swt_db_kpi_for(struct swt_db *db, unsigned queries)
{
	db->kpi_for = queries;
}

/* Does the table read what one of the queries qs (KQ_BIT) needs? */
static int
made_for(const struct db_kpi *k, unsigned qs)
{
	return (k->made & qs) != 0;
}

/* Is id one of ix's (all are, without bits)? */
static int
ids_has(const struct ids *ix, long long id)
{
	unsigned long long u = (unsigned long long)id -
	    (unsigned long long)ix->lo;

	return !ix->full || (id >= ix->lo && id <= ix->hi &&
	    ix->full[u / 64] >> u % 64 & 1);
}

/*
 * Bits for the ids from lo to hi, none yet: 0, -1 out of memory.  Ids
 * too far apart have none (full NULL): all are then wanted.
 */
#define MAX_BITS ((unsigned long long)1 << 28)	/* 32 MB of bits */

static int
ids_bits(struct ids *ix)
{
	unsigned long long span = (unsigned long long)ix->hi -
	    (unsigned long long)ix->lo;

	if (ix->hi < ix->lo || span >= MAX_BITS)
		return 0;
	ix->words = (size_t)(span / 64 + 1);
	return (ix->full = calloc(ix->words, sizeof *ix->full)) ? 0 : -1;
}

/* id, from lo to hi, one of ix's. */
static void
ids_add(struct ids *ix, long long id)
{
	unsigned long long u = (unsigned long long)id -
	    (unsigned long long)ix->lo;

	if (ix->full && id >= ix->lo && id <= ix->hi)
		ix->full[u / 64] |= 1ULL << u % 64;
}

/*
 * swt_kpi_wanted(id): 1 if id is one of the table's want (or there is
 * none).  A statement that steps through an index in id order, with
 * this in its WHERE, passes over the rows not wanted inside SQLite,
 * their other columns not decoded: a tenth of the time of each.
 */
static void
wanted(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const struct swt_db *db = sqlite3_user_data(cx);

	(void)argc;
	sqlite3_result_int(cx, !db->kpi || !db->kpi->want ||
	    ids_has(db->kpi->want, sqlite3_value_int64(argv[0])));
}

/*
 * The table of the period from to end for query q (KQ_BIT, KQ_CLOCKS),
 * made anew if it is another's or made for other queries.
 */
static struct db_kpi *
period(struct swt_db *db, const char *from, const char *end, int cases,
    unsigned by, unsigned q)
{
	struct db_kpi *k = db->kpi;
	unsigned made = (db->kpi_for ? db->kpi_for : KQ_ALL) | q;

	by &= (1u << (SWT_BY_STAFF + 1)) - 1;	/* the group fields */
	if (k && !strcmp(k->from, from) && !strcmp(k->end, end) &&
	    k->cases >= cases && k->by == by && made_for(k, q))
		return k;
	if (k && !strcmp(k->from, from) && !strcmp(k->end, end))
		made |= k->made;	/* asked for more: made for all */
	db_kpi_free(db);
	/*
	 * The tables are read in order: a small cache does, and no mapping
	 * of the file, whose pages would count as its memory (SPEC 8).
	 */
	if (sqlite3_exec(db->h, "PRAGMA cache_size = -4096;"
	    "PRAGMA mmap_size = 0", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, "kpi");
		return NULL;
	}
	if (!db->kpi_wanted) {	/* once for the connection */
		if (sqlite3_create_function(db->h, "swt_kpi_wanted", 1,
		    SQLITE_UTF8 | SQLITE_DIRECTONLY, db, wanted, NULL,
		    NULL) != SQLITE_OK) {
			db_fail(db, "kpi");
			return NULL;
		}
		db->kpi_wanted = 1;
	}
	if (!(k = db->kpi = calloc(1, sizeof *k))) {
		nomem(db, NULL);
		return NULL;
	}
	/*
	 * Its queries read one state of the file, in one read transaction
	 * as long as the table lives: the figures agree with each other
	 * while an import goes on, and the file is not locked again for
	 * each statement (a look-up each: most of their time).
	 */
	if (sqlite3_get_autocommit(db->h)) {
		if (sqlite3_exec(db->h, "BEGIN", NULL, NULL, NULL) !=
		    SQLITE_OK) {
			db_fail(db, "kpi");
			db_kpi_free(db);
			return NULL;
		}
		k->snapshot = 1;
	}
	swt_fmt(k->from, sizeof k->from, "%s", from);
	swt_fmt(k->end, sizeof k->end, "%s", end);
	k->first = (int32_t)swt_date_days(from);
	k->stop = (int32_t)swt_date_days(end);
	k->cases = cases;
	k->by = by;
	k->made = made;
	k->decisions = by & 1u << SWT_BY_ROUTE || made_for(k,
	    KQ_BIT(KQ_SUPPORT) | KQ_BIT(KQ_THROUGH) | KQ_BIT(KQ_CLOSED) |
	    KQ_BIT(KQ_CLOSED_PLAN) | KQ_BIT(KQ_DECIDED));
	k->referrals = made_for(k, KQ_BIT(KQ_SUPPORT) | KQ_BIT(KQ_THROUGH) |
	    KQ_BIT(KQ_CLOSED) | KQ_CLOCKS);
	k->contacts = made_for(k, KQ_BIT(KQ_SUPPORT) | KQ_BIT(KQ_THROUGH));
	/*
	 * The queries of requests closed in the period (doorlooptijd,
	 * effectiviteit, proceskwaliteit) read the streams of those only:
	 * the others (received in it: herhaling) count without them.
	 */
	k->streams = by & 1u << SWT_BY_ROUTE || made_for(k,
	    KQ_BIT(KQ_SUPPORT) | KQ_BIT(KQ_DECIDED) | KQ_CLOCKS);
	k->clocks = made_for(k, KQ_CLOCKS);
	k->residents = cases || made_for(k, KQ_BIT(KQ_CLOSED) |
	    KQ_BIT(KQ_CLOSED_PLAN) | KQ_BIT(KQ_REPEAT));
	keep(k, "");		/* offset 0 */
	k->advies = value(k, "advies");
	k->sociale_basis = value(k, "sociale_basis");
	k->eigen_inzet = value(k, "eigen_inzet");
	k->maatwerk = value(k, "maatwerk");
	k->toewijzen = value(k, "toewijzen");
	k->verhuisd = value(k, "verhuisd");
	k->overleden = value(k, "overleden");
	k->vraag = value(k, "vraag");
	if (terms(db, k)) {
		db_kpi_free(db);
		return NULL;
	}
	if (k->nomem) {
		nomem(db, k);
		db_kpi_free(db);
		return NULL;
	}
	return k;
}

/* The ways of the queries the table is made for, as one statement. */
static sqlite3_stmt *
ids_query(struct swt_db *db, const struct db_kpi *k)
{
	char sql[2048] = "";
	size_t len = 0;
	sqlite3_stmt *s = NULL;

	for (size_t i = 0; i < sizeof ways / sizeof *ways; i++) {
		if (!made_for(k, ways[i].of) || made_for(k, ways[i].unless))
			continue;
		len += (size_t)swt_fmt(sql + len, sizeof sql - len,
		    "%sSELECT request_id FROM %s WHERE %s",
		    len ? " UNION ALL " : "", ways[i].table, ways[i].where);
	}
	if (!len)	/* none: no rows (every request query has one) */
		swt_fmt(sql, sizeof sql, "SELECT 0 WHERE 0");
	if (len >= sizeof sql) {	/* all of them take some 1200 */
		swt_fmt(db->err, sizeof db->err, "kpi: the ways too long");
		return NULL;
	}
	if (sqlite3_prepare_v2(db->h, sql, -1, &s, NULL) != SQLITE_OK) {
		db_fail(db, "kpi");
		return NULL;
	}
	return s;
}

/* The request_ids that can count in the period, as bits: 0, -1. */
static int
ids_make(struct swt_db *db, struct db_kpi *k, struct ids *ix)
{
	sqlite3_stmt *s;
	int rc;

	if (ids_bits(ix))
		return nomem(db, NULL);
	if (!ix->full)		/* too far apart: every request is read */
		return 0;
	if (!(s = ids_query(db, k)))
		return -1;
	sqlite3_bind_text(s, 1, k->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, k->end, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (sqlite3_column_type(s, 0) != SQLITE_NULL)
			ids_add(ix, sqlite3_column_int64(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "kpi");
}

/* The first id from id on that can count: LLONG_MAX if none. */
static long long
ids_next(const struct ids *ix, long long id)
{
	unsigned long long u;
	uint64_t m;
	size_t w;

	if (!ix->full)
		return id;
	if (id > ix->hi)
		return LLONG_MAX;
	if (id < ix->lo)
		id = ix->lo;
	u = (unsigned long long)id - (unsigned long long)ix->lo;
	w = u / 64;
	m = ix->full[w] & ~0ULL << u % 64;
	while (!m) {
		if (++w == ix->words)
			return LLONG_MAX;
		m = ix->full[w];
	}
	return ix->lo + (long long)(w * 64 + (unsigned)__builtin_ctzll(m));
}

/*
 * Room for as many requests as can count, at once: not grown by
 * doubling, which at its last step holds both (SPEC 8: memory).
 */
static int
reserve(struct db_kpi *k, const struct ids *ix)
{
	size_t full = 0;

	for (size_t w = 0; ix->full && w < ix->words; w++)
		full += (size_t)__builtin_popcountll(ix->full[w]);
	if (full && !(k->r = reallocarray(NULL, full, sizeof *k->r)))
		return -1;
	huge(k->r, full * sizeof *k->r);
	k->cap = full;
	/* as many residents, at most */
	return k->residents ? residents_room(k, full) : 0;
}

/* With --cases, room for the refs of as many requests as r has: 1, 0. */
static int
refs_room(struct db_kpi *k)
{
	uint32_t *p;

	if (!k->cases || k->refcap == k->cap)
		return 1;
	if (!(p = reallocarray(k->refs, k->cap, sizeof *p)))
		return k->nomem = 1, 0;
	k->refs = p;
	k->refcap = k->cap;
	return 1;
}

/*
 * The request query for the table's columns (request_cols), of the ids
 * wanted (swt_kpi_wanted) if some are.
 */
static sqlite3_stmt *
requests_query(struct swt_db *db, const struct db_kpi *k, int some)
{
	char sql[512] = "SELECT request_id";
	size_t len = strlen(sql);
	sqlite3_stmt *s = NULL;

	for (int i = RC_DISTRICT; i < RC_N; i++) {
		int read = i >= RC_RECEIVED && i <= RC_REASON;

		if (i < RC_STAFF)	/* a group: asked, or law or kind */
			read = k->by & 1u << (i - RC_DISTRICT) ||
			    i == RC_DISTRICT + SWT_BY_LAW ||
			    i == RC_DISTRICT + SWT_BY_KIND;
		else if (i == RC_STAFF)
			read = (k->by & 1u << SWT_BY_STAFF) != 0;
		else if (i == RC_REF)
			read = k->cases;
		else if (i == RC_CLIENT)
			read = k->residents;
		else if (i == RC_ASSESSED)
			read = k->clocks;
		len += (size_t)swt_fmt(sql + len, sizeof sql - len, ", %s",
		    read ? request_cols[i] : "NULL");
	}
	swt_fmt(sql + len, sizeof sql - len, " FROM request"
	    " WHERE request_id >= ?1%s ORDER BY request_id", some ?
	    " AND swt_kpi_wanted(request_id)" : "");
	if (sqlite3_prepare_v2(db->h, sql, -1, &s, NULL) != SQLITE_OK) {
		db_fail(db, "kpi");
		return NULL;
	}
	return s;
}

/* The period's requests, once: 0, -1. */
static int
requests(struct swt_db *db, struct db_kpi *k)
{
	struct stream r = { NULL, 0, 0 };
	struct stream d = { NULL, LLONG_MAX, 0 }, x = d, c = d;
	struct ids ix = { NULL, 0, -1, 0 };
	struct swt_progress pg;
	long long n = 0, want;
	struct kreq *q;
	int kept, rc = 0;

	if (k->have_requests)
		return 0;
	/* the streams the queries read */
	if ((k->decisions && !(d.s = db_stmt(db, S_KPI_DECISIONS,
	    sql_decisions))) || (k->referrals && !(x.s = db_stmt(db,
	    S_KPI_REFERRALS, sql_referrals))) || (k->contacts && !(c.s =
	    db_stmt(db, S_KPI_CONTACTS, sql_contacts))) || extent(db, k))
		return -1;
	ix.lo = k->lo;
	ix.hi = k->hi;
	if (ix.hi < ix.lo) {		/* no requests */
		k->have_requests = 1;
		return 0;
	}
	if ((!k->wide && ids_make(db, k, &ix)) ||
	    (reserve(k, &ix) && nomem(db, k)) ||
	    !(r.s = requests_query(db, k, ix.full != NULL))) {
		free(ix.full);
		return -1;
	}
	k->want = &ix;
	swt_progress_begin(&pg, "requests read");
	want = ids_next(&ix, LLONG_MIN);
	start(&r, want);
	if (d.s)
		start(&d, want);
	if (x.s)
		start(&x, want);
	if (c.s)
		start(&c, want);
	while (want != LLONG_MAX && !k->nomem) {
		at(&r, want);
		if (r.id == LLONG_MAX)
			break;
		if (r.id != want && (want = ids_next(&ix, r.id)) != r.id)
			continue;	/* r cannot count: on to one that can */
		if ((q = room(k, (void **)&k->r, &k->n, &k->cap,
		    sizeof *q)) && refs_room(k))
			kept = one(k, &r, &d, &x, &c, q);
		else
			kept = -1;
		if (kept < 0) {
			rc = -1;
			break;
		}
		k->n += (size_t)kept;
		n++;
		if (swt_progress_due(&pg))	/* ids grow: nearly a share */
			swt_progress_show(&pg, n, ((double)r.id -
			    (double)ix.lo) / ((double)ix.hi - (double)ix.lo +
			    1));
		want = ids_next(&ix, r.id + 1);
	}
	swt_progress_end(&pg);
	sqlite3_finalize(r.s);
	k->want = NULL;
	free(ix.full);
	sqlite3_reset(d.s);	/* NULL: nothing */
	sqlite3_reset(x.s);
	sqlite3_reset(c.s);
	if (r.bad || d.bad || x.bad || c.bad)
		return db_fail(db, "kpi");
	if (k->nomem || rc)
		return nomem(db, k);
	k->have_requests = 1;
	return 0;
}

/* ---- plans and their goals ---- */

static int
plan_counts(const struct db_kpi *k, const struct kplan *p)
{
	return in(k, p->closed) || (dday(k, p->opened) < k->stop &&
	    undone(k, p->closed));
}

/* The districts of the plans' residents: one scan of person. */
static int
districts(struct swt_db *db, struct db_kpi *k)
{
	sqlite3_stmt *s = db_stmt(db, S_KPI_PERSONS, sql_persons);
	struct residents ix;
	int rc;

	if (!s)
		return -1;
	if (residents_make(&ix, 2 * k->np, k->np)) {
		residents_free(&ix);
		return nomem(db, k);
	}
	for (size_t i = 0; i < k->np; i++)
		residents_add(&ix, (uint32_t)i, k->p[i].client);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(s, 0);
		uint32_t who = resident(k, c, resident_hash(k, c), 0);
		uint16_t district = 0;

		for (uint32_t e = residents_first(&ix, who); e;
		    e = ix.next[e - 1]) {
			struct kplan *p = &k->p[e - 1];

			if (p->client != who)
				continue;
			if (!district)
				district = value(k, (const char *)
				    sqlite3_column_text(s, 1));
			p->district = district;
		}
	}
	sqlite3_reset(s);
	residents_free(&ix);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "person");
}

/*
 * The final goals of the plans closed in the period, by plan_id: read
 * beside them, as the requests' decisions are (at).
 */
static int
goals(struct swt_db *db, struct db_kpi *k)
{
	struct stream x = { db_stmt(db, S_KPI_GOALS, sql_goals), 0, 0 };
	struct ids w = { NULL, 0, -1, 0 };
	struct key *ix;
	struct kgoal *g;
	size_t n = 0;

	if (!x.s)
		return -1;
	/* the plans closed in the period, by plan_id (keys_sort) */
	for (size_t i = 0; i < k->np; i++)
		n += in(k, k->p[i].closed) != 0;
	if (!n)
		return 0;
	if (!(ix = table_alloc(n * sizeof *ix)))
		return nomem(db, NULL);
	n = 0;
	for (size_t i = 0; i < k->np; i++)
		if (in(k, k->p[i].closed))	/* signed to unsigned order */
			ix[n++] = (struct key){ (uint64_t)k->p[i].id ^
			    (uint64_t)1 << 63, (uint32_t)i };
	if (keys_sort(ix, n)) {
		free(ix);
		return nomem(db, NULL);
	}
	w.lo = k->p[ix[0].at].id;
	w.hi = k->p[ix[n - 1].at].id;
	/* too far apart for bits: each plan's goals looked up */
	if (ids_bits(&w)) {
		free(ix);
		return nomem(db, NULL);
	}
	for (size_t j = 0; j < n; j++)
		ids_add(&w, k->p[ix[j].at].id);
	k->want = &w;
	start(&x, w.lo);
	for (size_t j = 0; j < n && !k->nomem; j++) {
		uint32_t i = ix[j].at;

		for (; at(&x, k->p[i].id); next(&x)) {
			if (!(g = room(k, (void **)&k->g, &k->ng, &k->gcap,
			    sizeof *g)))
				break;
			g->plan = i;
			g->status = value(k, col(&x, 1));
			g->has_change = sqlite3_column_type(x.s, 2) !=
			    SQLITE_NULL;
			g->change = (int32_t)sqlite3_column_int64(x.s, 2);
			k->ng++;
		}
	}
	sqlite3_reset(x.s);
	k->want = NULL;
	free(w.full);
	free(ix);
	if (k->nomem)
		return nomem(db, k);
	return x.bad ? db_fail(db, "goal") : 0;
}

/* The period's plans, once: those closed in it or open in it. */
static int
plans(struct swt_db *db, struct db_kpi *k)
{
	sqlite3_stmt *s;
	size_t mark, texts;
	struct kplan *p;
	int rc;

	if (k->have_plans)
		return 0;
	if (extent(db, k))
		return -1;
	s = k->wide ? db_stmt(db, S_KPI_PLANS_ALL, sql_plans_all) :
	    made_for(k, KQ_BIT(KQ_OPEN_PLANS)) ? db_stmt(db, S_KPI_PLANS,
	    sql_plans) : db_stmt(db, S_KPI_PLANS_CLOSED, sql_plans_closed);
	if (!s)
		return -1;
	if (!k->wide) {
		sqlite3_bind_text(s, 1, k->from, -1, SQLITE_STATIC);
		if (!made_for(k, KQ_BIT(KQ_OPEN_PLANS)))
			sqlite3_bind_text(s, 2, k->end, -1, SQLITE_STATIC);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && !k->nomem) {
		if (!(p = room(k, (void **)&k->p, &k->np, &k->pcap,
		    sizeof *p)))
			break;
		mark = k->alen;
		texts = k->ntext;
		memset(p, 0, sizeof *p);
		p->id = sqlite3_column_int64(s, 0);
		p->owner = value(k, (const char *)sqlite3_column_text(s, 2));
		p->opened = date_of(k, (const char *)sqlite3_column_text(s, 3));
		p->closed = date_of(k, (const char *)sqlite3_column_text(s, 4));
		p->evaluated = sqlite3_column_type(s, 5) != SQLITE_NULL;
		if (!plan_counts(k, p)) {
			k->alen = mark;
			k->ntext = texts;
			continue;
		}
		/* its resident: for its district, and listed */
		if (k->cases || k->by & 1u << SWT_BY_DISTRICT) {
			const char *c = (const char *)sqlite3_column_text(s,
			    1);

			p->client = resident(k, c, resident_hash(k, c), 1);
		}
		k->np++;
	}
	sqlite3_reset(s);
	if (k->nomem)
		return nomem(db, k);
	if (rc != SQLITE_DONE)
		return db_fail(db, "plan");
	if (made_for(k, KQ_BIT(KQ_GOALS)) && goals(db, k))
		return -1;
	k->have_plans = 1;
	return 0;
}

/* ---- the queries ---- */

/* Does request q count in query what, and with which dates and values? */
static int
row(const struct db_kpi *k, enum swt_kpi_query what, const struct kreq *q,
    struct kdate *from, struct kdate *to, const char **x, const char **y)
{
	*x = *y = NULL;
	switch (what) {
	case KQ_INTAKE:
	case KQ_WAITING:
		*from = q->received;
		*to = q->intake;
		return what == KQ_INTAKE ? in(k, q->intake) :
		    dday(k, q->received) < k->stop && undone(k, q->intake);
	case KQ_SUPPORT:
		*from = q->intake;
		*to = q->support;
		return in(k, q->support) && q->intake.v != NODAY;
	case KQ_THROUGH:
		*from = q->support;
		*to = q->closed;
		return in(k, q->closed) && q->support.v != NODAY;
	case KQ_CLOSED:
	case KQ_CLOSED_PLAN:
		/* effectiviteit's category (verblijf: SPEC 5), a plan by then */
		*from = *to = q->closed;
		*x = q->verblijf ? "verblijf" :
		    q->g[SWT_BY_ROUTE] == k->maatwerk || q->started ?
		    "ambulant" : q->g[SWT_BY_ROUTE] == k->eigen_inzet ?
		    "eigen_inzet" : q->g[SWT_BY_ROUTE] == k->sociale_basis ?
		    "voorliggend" : q->g[SWT_BY_ROUTE] == k->advies ?
		    "zelf" : NULL;
		*y = k->plan_day && k->plan_day[q - k->r] != NODAY &&
		    k->plan_day[q - k->r] <= dday(k, q->closed) ? "yes" : "no";
		return in(k, q->closed);
	case KQ_REPEAT:
		*from = *to = q->received;
		*x = q->repeat ? "yes" : "no";
		return in(k, q->received);
	case KQ_OPEN_REQUESTS:
		*from = q->received;
		*to = q->closed;
		return dday(k, q->received) < k->stop && undone(k, q->closed);
	case KQ_DECIDED:
		*from = *to = q->decided;
		*x = k->val[q->recommended];
		*y = k->val[q->decided_by];
		return in(k, q->decided);
	default:
		return 0;
	}
}

/* The date a query's cases are listed by (then by request_id); NULL: none. */
static const struct kdate *
order_of(enum swt_kpi_query what, const struct kreq *q)
{
	switch (what) {
	case KQ_INTAKE:
		return &q->intake;
	case KQ_THROUGH:
	case KQ_CLOSED:
	case KQ_CLOSED_PLAN:
		return &q->closed;
	case KQ_REPEAT:
		return &q->received;
	default:
		return NULL;
	}
}

struct listing {
	const struct db_kpi *k;
	enum swt_kpi_query what;
};

static int
by_order(const void *x, const void *y, void *ctx)
{
	const struct listing *l = ctx;
	const struct kreq *a = &l->k->r[*(const uint32_t *)x];
	const struct kreq *b = &l->k->r[*(const uint32_t *)y];
	const struct kdate *p = order_of(l->what, a);
	const struct kdate *q = order_of(l->what, b);

	if (dday(l->k, *p) != dday(l->k, *q))
		return dday(l->k, *p) < dday(l->k, *q) ? -1 : 1;
	if (dtext(l->k, *p) || dtext(l->k, *q)) {
		char s[11], t[11];
		int c = strcmp(date_text(l->k, *p, s), date_text(l->k, *q, t));

		if (c)
			return c;
	}
	return (a->id > b->id) - (a->id < b->id);
}

/*
 * A row's date d: its day into *day, its text (into buf, 11 bytes) for
 * --cases, else "" when it has one: NULL if none.
 */
static const char *
dated(const struct db_kpi *k, struct kdate d, int cases, char *buf, long *day)
{
	*day = dday(k, d);
	if (d.v == NODAY)
		return NULL;
	return cases ? date_text(k, d, buf) : "";
}

/* The digits of n into buf (24 bytes). */
static const char *
number(long long n, char *buf)
{
	swt_fmt(buf, 24, "%lld", n);
	return buf;
}

/*
 * The requests counted as only pending (pend), for KQ_WAITING or
 * KQ_OPEN_REQUESTS: a row for each such group, standing for n of them,
 * received before the period and not done by its end.
 */
static int
pending_rows(const struct db_kpi *k, enum swt_kpi_query what,
    int (*fn)(void *ctx, char *const *vals, const long *days, long n),
    void *ctx)
{
	for (size_t i = 0; i < k->no; i++) {
		const struct kopen *o = &k->o[i];
		char *v[KC_N] = { 0 };
		long days[2] = { k->first - 1, 0 };

		if (!(what == KQ_WAITING ? o->waiting : o->open))
			continue;
		for (int b = 0; b <= SWT_BY_STAFF; b++)
			v[b] = k->val[o->g[b]];
		v[KC_FROM] = "";
		if (fn(ctx, v, days, o->n))
			return -1;
	}
	return 0;
}

/*
 * Each request of query what in the table to fn; listed (for --cases)
 * in the order SPEC 7's cases are: by the date the query is of, then by
 * request_id; else as they are.
 */
static int
request_rows(struct swt_db *db, enum swt_kpi_query what, int cases,
    int (*fn)(void *ctx, char *const *vals, const long *days, long n),
    void *ctx)
{
	const struct db_kpi *k = db->kpi;
	uint32_t *ix = NULL;
	size_t n = k->n;

	if (cases && what != KQ_WAITING && what != KQ_SUPPORT &&
	    what != KQ_OPEN_REQUESTS && what != KQ_DECIDED) {
		struct listing l = { k, what };
		struct kdate a, b;
		const char *x, *y;

		if (!(ix = malloc((k->n ? k->n : 1) * sizeof *ix)))
			return nomem(db, NULL);
		n = 0;
		for (size_t i = 0; i < k->n; i++)
			if (row(k, what, &k->r[i], &a, &b, &x, &y))
				ix[n++] = (uint32_t)i;
		qsort_r(ix, n, sizeof *ix, by_order, &l);
	}
	for (size_t i = 0; i < n; i++) {
		const struct kreq *q = &k->r[ix ? ix[i] : i];
		char *v[KC_N], id[24], f[11], t[11];
		struct kdate from, to;
		const char *x, *y;
		long days[2];

		if (!row(k, what, q, &from, &to, &x, &y))
			continue;
		for (int b = 0; b <= SWT_BY_STAFF; b++)
			v[b] = k->val[q->g[b]];
		v[KC_REF] = k->refs ? (char *)str(k, k->refs[q - k->r]) :
		    NULL;
		v[KC_REQUEST_ID] = cases ? (char *)number(q->id, id) : NULL;
		v[KC_CLIENT_ID] = (char *)str(k, q->client);
		v[KC_FROM] = (char *)dated(k, from, cases, f, &days[0]);
		v[KC_TO] = (char *)dated(k, to, cases, t, &days[1]);
		v[KC_X] = (char *)x;
		v[KC_Y] = (char *)y;
		if (fn(ctx, v, days, 1)) {
			free(ix);
			return -1;
		}
	}
	free(ix);
	return what == KQ_WAITING || what == KQ_OPEN_REQUESTS ?
	    pending_rows(k, what, fn, ctx) : 0;
}

/*
 * A plan's or a goal's row of query what: p the plan (of goal g), the
 * values into x and y, change's digits into buf (24 bytes).  Does it
 * count?
 */
static int
plan_row(const struct db_kpi *k, enum swt_kpi_query what,
    const struct kplan *p, const struct kgoal *g, const char **x,
    const char **y, char *buf)
{
	*x = *y = NULL;
	switch (what) {
	case KQ_GOALS:
		*x = k->val[g->status];
		*y = g->has_change ? number(g->change, buf) : NULL;
		return 1;
	case KQ_PLANS_CLOSED:
		*x = p->evaluated ? "yes" : "no";
		return in(k, p->closed);
	default:	/* KQ_OPEN_PLANS */
		return dday(k, p->opened) < k->stop && undone(k, p->closed);
	}
}

/* What plan_rows lists: plans, or goals. */
struct plist {
	const struct db_kpi *k;
	int goals;
};

static const struct kplan *
plan_at(const struct plist *l, uint32_t i)
{
	return l->goals ? &l->k->p[l->k->g[i].plan] : &l->k->p[i];
}

/* Plans (and goals) are listed by closed_at, then plan_id (then goal_id). */
static int
by_closed(const void *x, const void *y, void *ctx)
{
	const struct plist *l = ctx;
	uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
	const struct kplan *a = plan_at(l, i), *b = plan_at(l, j);
	char s[11], t[11];
	int c;

	if (dday(l->k, a->closed) != dday(l->k, b->closed))
		return dday(l->k, a->closed) < dday(l->k, b->closed) ? -1 : 1;
	if ((dtext(l->k, a->closed) || dtext(l->k, b->closed)) &&
	    (c = strcmp(date_text(l->k,
	    a->closed, s), date_text(l->k, b->closed, t))))
		return c;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return (i > j) - (i < j);	/* goals are kept by goal_id */
}

/*
 * Each plan (or goal, for KQ_GOALS) of query what to fn: with cases, in
 * the order above.  Their groups are the resident's district and the
 * plan's owner as staff.
 */
static int
plan_rows(struct swt_db *db, enum swt_kpi_query what, int cases,
    int (*fn)(void *ctx, char *const *vals, const long *days, long n),
    void *ctx)
{
	struct plist l = { db->kpi, what == KQ_GOALS };
	const struct db_kpi *k = l.k;
	size_t n = l.goals ? k->ng : k->np;
	uint32_t *ix = NULL;

	if (cases) {
		if (!(ix = malloc((n ? n : 1) * sizeof *ix)))
			return nomem(db, NULL);
		for (size_t i = 0; i < n; i++)
			ix[i] = (uint32_t)i;
		qsort_r(ix, n, sizeof *ix, by_closed, &l);
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t at = ix ? ix[i] : (uint32_t)i;
		const struct kgoal *g = l.goals ? &k->g[at] : NULL;
		const struct kplan *p = plan_at(&l, at);
		char *v[KC_N] = { 0 }, buf[24], f[11], t[11];
		const char *x, *y;
		long days[2];

		if (!plan_row(k, what, p, g, &x, &y, buf))
			continue;
		v[SWT_BY_DISTRICT] = k->val[p->district];
		v[SWT_BY_STAFF] = k->val[p->owner];
		v[KC_CLIENT_ID] = (char *)str(k, p->client);
		v[KC_FROM] = (char *)dated(k, p->opened, cases, f, &days[0]);
		v[KC_TO] = (char *)dated(k, p->closed, cases, t, &days[1]);
		v[KC_X] = (char *)x;
		v[KC_Y] = (char *)y;
		if (fn(ctx, v, days, 1)) {
			free(ix);
			return -1;
		}
	}
	free(ix);
	return 0;
}

/* ---- complaints, staff: plain queries ---- */

#define IN(col) col " >= ?1 AND " col " < ?2"
#define COMPLAINT \
	"SELECT pe.district, NULL, NULL, NULL, NULL, NULL, NULL, NULL," \
	" c.ref, NULL, c.client_id, c.received_at, c.resolved_at," \
	" c.admissible, NULL FROM complaint c" \
	" LEFT JOIN person pe ON pe.client_id = c.client_id WHERE "

static const char *const sql[KQ_N] = {
	[KQ_STAFF] = "SELECT district, NULL, NULL, NULL, NULL, NULL, NULL,"
	    " staff_id, NULL, NULL, NULL, NULL, NULL, fte, NULL FROM staff",
	[KQ_COMPLAINTS_IN] = COMPLAINT IN("c.received_at"),
	[KQ_COMPLAINTS_DONE] = COMPLAINT IN("c.resolved_at"),
};

/*
 * What query q reads of the period's tables, made once each: herhaling
 * and the first plan for the requests' queries that give them, the
 * plans' districts when they are a group.  0, -1.
 */
static int
made(struct swt_db *db, struct db_kpi *k, enum swt_kpi_query q,
    unsigned by)
{
	if (q < KQ_GOALS) {
		if (requests(db, k))
			return -1;
		if (q == KQ_REPEAT && !k->have_repeats) {
			if (past(db, k))
				return -1;
			if (repeats(k))
				return nomem(db, k);
			k->have_repeats = 1;
		}
		if (q == KQ_CLOSED_PLAN && !k->have_plan_days) {
			if (plan_days(db, k))
				return -1;
			k->have_plan_days = 1;
		}
		return 0;
	}
	if (plans(db, k))
		return -1;
	if (by & 1u << SWT_BY_DISTRICT && !k->have_districts) {
		if (districts(db, k))
			return -1;
		k->have_districts = 1;
	}
	return 0;
}

int
swt_db_kpi(struct swt_db *db, enum swt_kpi_query q, const char *from,
    const char *end, int cases, unsigned by,
    int (*fn)(void *ctx, char *const *vals, const long *days, long n),
    void *ctx)
{
	sqlite3_stmt *s;
	char *v[KC_N];
	long days[2];
	int rc;

	struct db_kpi *k = period(db, from, end, cases, by, KQ_BIT(q));

	if (!k)
		return -1;
	if (q <= KQ_OPEN_PLANS && made(db, k, q, by))
		return -1;
	if (q < KQ_GOALS)
		return request_rows(db, q, cases, fn, ctx);
	if (q <= KQ_OPEN_PLANS)
		return plan_rows(db, q, cases, fn, ctx);
	if (!(s = db_stmt(db, (enum db_slot)(S_KPI + q), sql[q])))
		return -1;
	sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, end, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < KC_N; i++)
			v[i] = (char *)sqlite3_column_text(s, i);
		days[0] = v[KC_FROM] ? swt_date_days(v[KC_FROM]) : 0;
		days[1] = v[KC_TO] ? swt_date_days(v[KC_TO]) : 0;
		if (fn(ctx, v, days, 1)) {
			sqlite3_reset(s);
			return -1;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "kpi");
}

/*
 * A request's groups when it is not in the table (it cannot count in
 * the period, but a clock of it can): its latest decision's route.
 */
static const char sql_groups[] =
    "SELECT district, law, service, kind, channel, source, (SELECT route"
    " FROM decision d WHERE d.request_id = r.request_id ORDER BY"
    " decided_at DESC, decision_id DESC LIMIT 1), staff FROM request r"
    " WHERE request_id = ?1";

static int
by_id(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = ((const struct kreq *)y)->id;

	return (a > b) - (a < b);
}

int
swt_db_kpi_groups(struct swt_db *db, const char *from, const char *end,
    unsigned by, long long id, char *g[], char *buf, size_t len)
{
	struct db_kpi *k = period(db, from, end, 0, by, KQ_CLOCKS);
	const struct kreq *q;
	sqlite3_stmt *s;
	size_t at = 0;
	int rc;

	memset(g, 0, (SWT_BY_STAFF + 1) * sizeof *g);
	if (!k || requests(db, k))
		return -1;
	if ((q = bsearch(&id, db->kpi->r, db->kpi->n, sizeof *q, by_id))) {
		for (int b = 0; b <= SWT_BY_STAFF; b++)
			g[b] = db->kpi->val[q->g[b]];
		return 0;
	}
	if (!(s = db_stmt(db, S_KPI_GROUPS, sql_groups)))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		for (int b = 0; b <= SWT_BY_STAFF; b++) {
			const char *t = (const char *)sqlite3_column_text(s, b);
			size_t n = t ? strlen(t) + 1 : 0;

			if (!t || at + n > len)
				continue;
			g[b] = memcpy(buf + at, t, n);
			at += n;
		}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, "kpi");
}

int
swt_db_kpi_clocks(struct swt_db *db, const char *from, const char *end,
    int cases, unsigned by,
    int (*fn)(void *ctx, const struct swt_db_clock *c), void *ctx)
{
	struct db_kpi *k = period(db, from, end, cases, by, KQ_CLOCKS);
	int rc = 0;

	if (!k || requests(db, k))
		return -1;
	for (size_t i = 0; i < k->nc && !rc; i++) {
		const struct kclock *c = &k->c[i];
		const struct kreq *q = &k->r[c->req];
		const struct kterm *t = &k->term[c->term];
		struct swt_db_clock dc;
		char started[11], stopped[11];
		const char *s;

		dc.term = t->term;
		dc.law = t->law;
		dc.days = t->days;
		dc.request_id = q->id;
		dc.referral_id = c->referral_id;
		dc.ref = k->refs ? str(k, k->refs[c->req]) : "";
		dc.client_id = str(k, q->client);
		dc.staff = q->g[SWT_BY_STAFF] ? k->val[q->g[SWT_BY_STAFF]] : "";
		dc.started = date_text(k, c->started, started);
		dc.stopped = (s = date_text(k, c->stopped, stopped)) ? s : "";
		rc = fn(ctx, &dc);
	}
	return rc;
}

/* Is a span of request_id's clock of term (and referral) in the table? */
static int
span_kept(void *ctx, long long request_id, const char *term,
    long long referral_id)
{
	const struct db_kpi *k = ctx;
	size_t lo = 0, hi = k->nc;

	while (lo < hi) {	/* the first clock of request_id */
		size_t mid = lo + (hi - lo) / 2;

		if (k->r[k->c[mid].req].id < request_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < k->nc && k->r[k->c[lo].req].id == request_id; lo++)
		if (k->c[lo].referral_id == referral_id &&
		    !strcmp(k->term[k->c[lo].term].term, term))
			return 1;
	return 0;
}

int
swt_db_kpi_spans(struct swt_db *db, const char *from, const char *end,
    int cases, unsigned by, struct swt_span **out, size_t *n)
{
	struct db_kpi *k = period(db, from, end, cases, by, KQ_CLOCKS);

	*out = NULL;
	*n = 0;
	if (!k || requests(db, k))
		return -1;
	return db_spans(db, span_kept, k, out, n);
}
