/* kpi.c - the mandate's KPIs (002 ch. 9.1) as SPEC 7 defines them */
#include <stdlib.h>
#include <string.h>

#include "swt.h"

const char *const swt_by_names[SWT_BY_N] = {
	"district", "law", "service", "kind", "channel", "source", "route",
	"staff", "year", "quarter", "month"
};

int
swt_by_parse(const char *name)
{
	for (int b = 0; b < SWT_BY_N; b++)
		if (!strcmp(name, swt_by_names[b]))
			return b;
	return -1;
}

/*
 * The type 7 quantile (R's default, numpy's and pandas' linear): the
 * order statistics around (n - 1) p, interpolated.
 */
double
swt_quantile(const double *sorted, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t i = (size_t)h;	/* h >= 0: its floor */

	if (i + 1 >= n)
		return sorted[n - 1];
	return sorted[i] + (h - (double)i) * (sorted[i + 1] - sorted[i]);
}

/* Rounded to 2 decimals, without trailing zeros: 12.5, 3, -0.25. */
void
swt_kpi_num(double v, char out[32])
{
	char *e;

	swt_fmt(out, 32, "%.2f", v);
	if ((e = strchr(out, '.'))) {
		e += strlen(e) - 1;
		while (*e == '0')
			*e-- = '\0';
		if (*e == '.')
			*e = '\0';
	}
	if (!strcmp(out, "-0"))
		strcpy(out, "0");
}

/* ---- what each KPI counts ---- */

#define NSLOT 24	/* the most a KPI keeps per group */
#define NMEASURE 24

enum slot_kind { SK_COUNT, SK_SERIES, SK_SUM, SK_IDS };
enum op { OP_CNT, OP_MEDIAN, OP_P90, OP_MEAN, OP_PCT, OP_DISTINCT, OP_SUM,
	OP_RATIO };

struct measure {
	const char *name;
	enum op op;
	int a, b;		/* the slots: a / b for a share or a ratio */
};

struct run;
struct kpi {
	const char *name;
	const char *slot[NSLOT];	/* what a case is counted as */
	enum slot_kind kind[NSLOT];
	struct measure m[NMEASURE];
	enum swt_kpi_query q[3];	/* the queries read, KQ_N ends them */
	void (*row)(struct run *r, enum swt_kpi_query q, char *const *v);
};

/* A group's figures so far. */
struct slot {
	long n;
	double sum;
	double *v;		/* SK_SERIES */
	const char **id;	/* SK_IDS: client_ids, one string each */
	size_t len, cap;
	int sorted;		/* v is */
};
struct group {
	char *key;		/* its values, joined by \037 */
	struct slot s[NSLOT];
};

struct run {
	struct swt_db *db;
	const struct swt_kpi_ask *a;
	const struct kpi *k;
	enum swt_kpi_query q;	/* the query read now */
	long from, to;		/* the days of its row's dates (KC_FROM, KC_TO) */
	long weight;		/* the requests the row stands for */
	struct group **g;	/* an open hash table */
	size_t ng, cap;
	/* --cases: the slots asked, and where they go */
	unsigned want;
	int (*onecase)(void *ctx, const struct swt_kpi_case *c);
	void *ctx;
	int nomem, stop;
};

/* ---- groups ---- */

static int
grow(struct run *r)
{
	size_t cap = r->cap ? r->cap * 2 : 64;
	struct group **g = calloc(cap, sizeof *g);

	if (!g)
		return -1;
	for (size_t i = 0; i < r->cap; i++) {
		size_t j;

		if (!r->g[i])
			continue;
		for (j = swt_hash64(r->g[i]->key) & (cap - 1); g[j];
		    j = (j + 1) & (cap - 1))
			;
		g[j] = r->g[i];
	}
	free(r->g);
	r->g = g;
	r->cap = cap;
	return 0;
}

static struct group *
group(struct run *r, const char *key)
{
	size_t i;

	if (2 * (r->ng + 1) > r->cap && grow(r))
		return NULL;
	for (i = swt_hash64(key) & (r->cap - 1); r->g[i];
	    i = (i + 1) & (r->cap - 1))
		if (!strcmp(r->g[i]->key, key))
			return r->g[i];
	if (!(r->g[i] = calloc(1, sizeof **r->g)))
		return NULL;
	if (!(r->g[i]->key = strdup(key))) {
		free(r->g[i]);
		r->g[i] = NULL;
		return NULL;
	}
	r->ng++;
	return r->g[i];
}

static void
groups_free(struct run *r)
{
	for (size_t i = 0; i < r->cap; i++) {
		if (!r->g[i])
			continue;
		for (int s = 0; s < NSLOT; s++) {
			free(r->g[i]->s[s].v);
			free(r->g[i]->s[s].id);
		}
		free(r->g[i]->key);
		free(r->g[i]);
	}
	free(r->g);
}

/*
 * The group of a row (its values v, on day) as a key: each --by field's
 * value, or the name of the sub-period day is in, joined by \037.
 */
static void
key_of(const struct swt_kpi_ask *a, char *const *v, long day, char *key,
    size_t len)
{
	size_t at = 0;

	key[0] = '\0';
	for (int i = 0; i < a->nby; i++) {
		char per[SWT_PERIOD_MAX] = "";
		const char *s = per;
		int b = a->by[i];

		if (b >= SWT_BY_YEAR)
			swt_period_name(day, (enum swt_period)(b - SWT_BY_YEAR),
			    per);
		else if (v[b])
			s = v[b];
		at += (size_t)snprintf(key + at, at < len ? len - at : 0,
		    "%s%s", i ? "\037" : "", s);
	}
}

/* Split a key into the group's values (in place). */
static void
key_split(char *key, int n, const char **vals)
{
	for (int i = 0; i < n; i++) {
		char *us = strchr(key, '\037');

		vals[i] = key;
		if (us)
			*us = '\0';
		key = us ? us + 1 : key + strlen(key);
	}
}

/* Count x in s, for w cases (w > 1: counts and sums only). */
static int
push(struct slot *s, enum slot_kind kind, double x, const char *id, long w)
{
	if (kind == SK_SERIES || kind == SK_IDS) {
		if (s->len == s->cap) {
			size_t cap = s->cap ? 2 * s->cap : 16;
			void *p = kind == SK_SERIES ?
			    realloc(s->v, cap * sizeof *s->v) :
			    realloc(s->id, cap * sizeof *s->id);

			if (!p)
				return -1;
			if (kind == SK_SERIES)
				s->v = p;
			else
				s->id = p;
			s->cap = cap;
		}
		if (kind == SK_SERIES)
			s->v[s->len++] = x;
		else	/* it stays as long as the table (swt_db_kpi) */
			s->id[s->len++] = id ? id : "";
	}
	s->n += w;
	s->sum += x * (double)w;
	return 0;
}

/* A case of slot sl: to the listing of --cases. */
static void
onecase(struct run *r, char *const *v, const char *key, int sl)
{
	struct swt_kpi_case c = { .period = r->a->period, .kpi = r->k->name,
		.measure = r->k->slot[sl], .ref = v[KC_REF],
		.request_id = v[KC_REQUEST_ID], .client_id = v[KC_CLIENT_ID],
		.from = v[KC_FROM], .to = v[KC_TO] };
	char buf[1024];

	swt_fmt(buf, sizeof buf, "%s", key);
	key_split(buf, r->a->nby, c.grp);
	if (v[KC_FROM] && v[KC_TO])
		swt_fmt(c.days, sizeof c.days, "%ld",
		    swt_date_days(v[KC_TO]) - swt_date_days(v[KC_FROM]));
	if (r->onecase(r->ctx, &c))
		r->stop = 1;
}

/* Count row v (its day: the one that puts it in a sub-period) in slot sl. */
static void
add(struct run *r, char *const *v, long day, int sl, double x)
{
	char key[1024];
	struct group *g;

	key_of(r->a, v, day, key, sizeof key);
	if (r->onecase) {
		if (r->want & 1u << sl && !r->stop)
			onecase(r, v, key, sl);
		return;
	}
	if (!(g = group(r, key)) ||
	    push(&g->s[sl], r->k->kind[sl], x, v[KC_CLIENT_ID], r->weight))
		r->nomem = 1;
}

static long
day(const char *iso)
{
	return swt_date_days(iso);
}

/*
 * The sub-periods: the finest of year, quarter, month asked, within the
 * period; the whole period when none is.  Each span's first and last day
 * in turn: *last < *first at the end.
 */
static int
span_next(const struct swt_kpi_ask *a, long *first, long *last)
{
	int unit = -1;
	long f, l;

	*first = *last < *first ? a->first : *last + 1;
	if (*first > a->last) {
		*last = *first - 1;
		return 0;
	}
	for (int i = 0; i < a->nby; i++)
		if (a->by[i] >= SWT_BY_YEAR && a->by[i] - SWT_BY_YEAR > unit)
			unit = a->by[i] - SWT_BY_YEAR;
	if (unit < 0) {
		*last = a->last;
		return 1;
	}
	swt_period_of(*first, (enum swt_period)unit, &f, &l);
	*last = l < a->last ? l : a->last;
	return 1;
}

#define EACH_SPAN(a, f, l) \
	for (long f = 1, l = 0; span_next(a, &f, &l);)

/*
 * A row that counts on the last day of each sub-period: it started by
 * then (v[KC_FROM]) and had not stopped (v[KC_TO]).
 */
static void
snapshot(struct run *r, char *const *v, int sl)
{
	long from = r->from, to = r->to;

	EACH_SPAN(r->a, f, l)
		if (from <= l && (!v[KC_TO] || to > l))
			add(r, v, l, sl, 0);
}

/* A duration row: from KC_FROM to KC_TO, in the sub-period of KC_TO. */
static void
duration(struct run *r, char *const *v, int sl)
{
	add(r, v, r->to, sl, (double)(r->to - r->from));
}

static int
is(const char *v, const char *s)
{
	return v && !strcmp(v, s);
}

/* ---- the KPIs, row by row ---- */

static void
row_intake(struct run *r, enum swt_kpi_query q, char *const *v)
{
	if (q == KQ_INTAKE)
		duration(r, v, 0);
	else
		snapshot(r, v, 1);
}

static void
row_duration(struct run *r, enum swt_kpi_query q, char *const *v)
{
	(void)q;
	duration(r, v, 0);
}

/* Awb 9:11: a complaint is dealt with within six weeks. */
#define COMPLAINT_DAYS 42

static void
row_complaints(struct run *r, enum swt_kpi_query q, char *const *v)
{
	if (q == KQ_COMPLAINTS_IN) {
		add(r, v, r->from, 0, 0);
		if (is(v[KC_X], "yes"))
			add(r, v, r->from, 1, 0);
		return;
	}
	add(r, v, r->to, 2, 0);
	if (r->to - r->from <= COMPLAINT_DAYS)
		add(r, v, r->to, 3, 0);
}

static const char *const category[] = { "verblijf", "ambulant",
	"eigen_inzet", "voorliggend", "zelf" };
static const char *const goal_status[] = { "achieved", "partly",
	"not_achieved" };

static void
row_effect(struct run *r, enum swt_kpi_query q, char *const *v)
{
	long d = r->to;

	if (q == KQ_CLOSED) {
		for (int c = 0; c < 5; c++)
			if (is(v[KC_X], category[c]))
				add(r, v, d, c, 0);
	} else if (q == KQ_GOALS) {
		add(r, v, d, 5, 0);
		for (int s = 0; s < 3; s++)
			if (is(v[KC_X], goal_status[s]))
				add(r, v, d, 6 + s, 0);
		if (v[KC_Y])
			add(r, v, d, 9, atof(v[KC_Y]));
	} else {
		add(r, v, d, 10, 0);
		if (is(v[KC_X], "yes"))
			add(r, v, d, 11, 0);
	}
}

static void
row_efficiency(struct run *r, enum swt_kpi_query q, char *const *v)
{
	if (q == KQ_STAFF) {
		EACH_SPAN(r->a, f, l)
			add(r, v, l, 2, v[KC_X] ? atof(v[KC_X]) : 0);
	} else
		snapshot(r, v, q == KQ_OPEN_REQUESTS ? 0 : 1);
}

static void
row_process(struct run *r, enum swt_kpi_query q, char *const *v)
{
	long d = r->to;

	if (q == KQ_CLOSED_PLAN) {
		if (!is(v[SWT_BY_ROUTE], "eigen_inzet") &&
		    !is(v[SWT_BY_ROUTE], "maatwerk"))
			return;
		add(r, v, d, 0, 0);
		if (is(v[KC_Y], "yes"))
			add(r, v, d, 1, 0);
	} else {
		add(r, v, d, 2, 0);
		if (is(v[KC_X], "yes"))
			add(r, v, d, 3, 0);
	}
}

static void
row_movement(struct run *r, enum swt_kpi_query q, char *const *v)
{
	int route = v[SWT_BY_ROUTE] ? swt_route_rank(v[SWT_BY_ROUTE]) : -1;
	long d = r->to;

	(void)q;
	add(r, v, d, 0, 0);
	if (route >= 0)
		add(r, v, d, 1 + route, 0);
}

/* 4.2.5: the team reviews its deviations per decider: staff is decided_by. */
static void
row_deviation(struct run *r, enum swt_kpi_query q, char *const *v)
{
	char *w[KC_N];
	int route, rec;
	long d = r->to;

	(void)q;
	memcpy(w, v, sizeof w);
	w[SWT_BY_STAFF] = v[KC_Y];
	add(r, w, d, 0, 0);
	route = w[SWT_BY_ROUTE] ? swt_route_rank(w[SWT_BY_ROUTE]) : -1;
	rec = w[KC_X] ? swt_route_rank(w[KC_X]) : -1;
	if (route < 0 || rec < 0 || route == rec)
		return;
	add(r, w, d, 1, 0);
	add(r, w, d, route < rec ? 2 : 3, 0);
}

#define DURATION(slot) { "count", OP_CNT, slot, 0 }, \
	{ "median", OP_MEDIAN, slot, 0 }, { "p90", OP_P90, slot, 0 }, \
	{ "mean", OP_MEAN, slot, 0 }

static const struct kpi kpis[SWT_KPI_N] = {
	[SWT_KPI_WACHTTIJD_INTAKE] = { "wachttijd_intake",
		{ "count", "waiting" }, { SK_SERIES, SK_COUNT },
		{ DURATION(0), { "waiting", OP_CNT, 1, 0 } },
		{ KQ_INTAKE, KQ_WAITING, KQ_N }, row_intake },
	[SWT_KPI_WACHTTIJD_ONDERSTEUNING] = { "wachttijd_ondersteuning",
		{ "count" }, { SK_SERIES }, { DURATION(0) },
		{ KQ_SUPPORT, KQ_N }, row_duration },
	[SWT_KPI_DOORLOOPTIJD] = { "doorlooptijd",
		{ "count" }, { SK_SERIES }, { DURATION(0) },
		{ KQ_THROUGH, KQ_N }, row_duration },
	[SWT_KPI_KLACHTEN] = { "klachten",
		{ "received", "admissible", "resolved", "on_time" }, { 0 },
		{ { "received", OP_CNT, 0, 0 }, { "admissible", OP_CNT, 1, 0 },
		  { "resolved", OP_CNT, 2, 0 }, { "on_time_pct", OP_PCT, 3, 2 } },
		{ KQ_COMPLAINTS_IN, KQ_COMPLAINTS_DONE, KQ_N }, row_complaints },
	[SWT_KPI_EFFECTIVITEIT] = { "effectiviteit",
		{ "verblijf", "ambulant", "eigen_inzet", "voorliggend", "zelf",
		  "goals", "achieved", "partly", "not_achieved", "zrm_change",
		  "received", "herhaling" },
		{ SK_IDS, SK_IDS, SK_IDS, SK_IDS, SK_IDS, SK_COUNT, SK_COUNT,
		  SK_COUNT, SK_COUNT, SK_SERIES, SK_COUNT, SK_COUNT },
		{ { "verblijf", OP_DISTINCT, 0, 0 },
		  { "ambulant", OP_DISTINCT, 1, 0 },
		  { "eigen_inzet", OP_DISTINCT, 2, 0 },
		  { "voorliggend", OP_DISTINCT, 3, 0 },
		  { "zelf", OP_DISTINCT, 4, 0 },
		  { "achieved_pct", OP_PCT, 6, 5 },
		  { "partly_pct", OP_PCT, 7, 5 },
		  { "not_achieved_pct", OP_PCT, 8, 5 },
		  { "zrm_change", OP_MEAN, 9, 0 },
		  { "herhaling_pct", OP_PCT, 11, 10 } },
		{ KQ_CLOSED, KQ_GOALS, KQ_REPEAT }, row_effect },
	[SWT_KPI_EFFICIENTIE] = { "efficientie",
		{ "open_requests", "open_plans", "fte" },
		{ SK_COUNT, SK_COUNT, SK_SUM },
		{ { "open_requests", OP_CNT, 0, 0 },
		  { "open_plans", OP_CNT, 1, 0 }, { "fte", OP_SUM, 2, 0 },
		  { "per_fte", OP_RATIO, 0, 2 } },
		{ KQ_OPEN_REQUESTS, KQ_OPEN_PLANS, KQ_STAFF }, row_efficiency },
	[SWT_KPI_PROCESKWALITEIT] = { "proceskwaliteit",
		{ "closed", "met_plan", "plans_closed", "met_evaluatie" }, { 0 },
		{ { "met_plan_pct", OP_PCT, 1, 0 },
		  { "met_evaluatie_pct", OP_PCT, 3, 2 } },
		{ KQ_CLOSED_PLAN, KQ_PLANS_CLOSED, KQ_N }, row_process },
	/* its measures are of the terms in the database: see terms_kpi */
	[SWT_KPI_WETTELIJKE_TERMIJNEN] = { "wettelijke_termijnen", { NULL },
		{ 0 }, { { NULL, 0, 0, 0 } }, { KQ_N }, NULL },
	[SWT_KPI_BEWEGING] = { "beweging",
		{ "count", "advies", "sociale_basis", "eigen_inzet",
		  "maatwerk" }, { 0 },
		{ { "count", OP_CNT, 0, 0 }, { "advies", OP_CNT, 1, 0 },
		  { "sociale_basis", OP_CNT, 2, 0 },
		  { "eigen_inzet", OP_CNT, 3, 0 },
		  { "maatwerk", OP_CNT, 4, 0 },
		  { "advies_pct", OP_PCT, 1, 0 },
		  { "sociale_basis_pct", OP_PCT, 2, 0 },
		  { "eigen_inzet_pct", OP_PCT, 3, 0 },
		  { "maatwerk_pct", OP_PCT, 4, 0 } },
		{ KQ_DECIDED, KQ_N }, row_movement },
	[SWT_KPI_AFWIJKINGEN] = { "afwijkingen",
		{ "count", "afwijkend", "lichter", "zwaarder" }, { 0 },
		{ { "count", OP_CNT, 0, 0 },
		  { "afwijkend_pct", OP_PCT, 1, 0 },
		  { "lichter_pct", OP_PCT, 2, 1 },
		  { "zwaarder_pct", OP_PCT, 3, 1 } },
		{ KQ_DECIDED, KQ_N }, row_deviation },
};

const char *
swt_kpi_name(int k)
{
	return k >= 0 && k < SWT_KPI_N ? kpis[k].name : NULL;
}

int
swt_kpi_parse(const char *name)
{
	for (int k = 0; k < SWT_KPI_N; k++)
		if (!strcmp(name, kpis[k].name))
			return k;
	return -1;
}

/* ---- wettelijke_termijnen (002 9.1): swt-term's clocks (SPEC 6b) ---- */

/*
 * Its measures are those of each term in legal_term: T_count (clocks
 * stopped in the period), T_on_time_pct (of them, stopped by the
 * deadline), T_overdue (running past it on the period's last day).
 */
static const char *const term_slot[3] = { "_count", "_on_time",
	"_overdue" };
static const char *const term_measure[3] = { "_count", "_on_time_pct",
	"_overdue" };
#define MAX_TERMS (NSLOT / 3)

/* The kpi of the terms in the database. */
struct terms {
	struct kpi k;
	int n;
	char term[MAX_TERMS][40];
	char slot[NSLOT][48], measure[NMEASURE][56];
};

static int
term_add(void *ctx, char *const *v)
{
	struct terms *t = ctx;

	if (t->n == MAX_TERMS)
		return -1;	/* the schema has 4: room for twice that */
	swt_fmt(t->term[t->n], sizeof *t->term, "%s", v[0]);
	for (int j = 0; j < 3; j++) {
		int sl = 3 * t->n + j;

		swt_fmt(t->slot[sl], sizeof *t->slot, "%s%s", v[0],
		    term_slot[j]);
		swt_fmt(t->measure[sl], sizeof *t->measure, "%s%s", v[0],
		    term_measure[j]);
		t->k.slot[sl] = t->slot[sl];
		t->k.m[sl] = (struct measure){ t->measure[sl],
		    j == 1 ? OP_PCT : OP_CNT, sl, 3 * t->n };
	}
	t->n++;
	return 0;
}

static int
terms_kpi(struct swt_db *db, struct terms *t)
{
	memset(t, 0, sizeof *t);
	t->k.name = kpis[SWT_KPI_WETTELIJKE_TERMIJNEN].name;
	return swt_db_legal_terms(db, term_add, t);
}

/* The --by fields asked, as bits (1 << SWT_BY_*). */
static unsigned
by_asked(const struct swt_kpi_ask *a)
{
	unsigned by = 0;

	for (int i = 0; i < a->nby; i++)
		by |= 1u << a->by[i];
	return by;
}

struct clockrun {
	struct run *r;
	const struct terms *t;
	int grouped;		/* a group field is asked */
	char from[11], end[11];	/* the period */
	long *first, *last;	/* the sub-periods: the days of the walks */
	size_t at;		/* the first of them in this walk */
};

/*
 * A clock as seen on its sub-period's last day: stopped in the
 * sub-period, counted by its term (on time or not), or running overdue.
 * Its case runs from its start to its stop, or to that day.
 */
static int
one_clock(void *ctx, const struct swt_clock *c)
{
	struct clockrun *cr = ctx;
	size_t at = cr->at + c->at;
	long first = cr->first[at], last = cr->last[at];
	char *v[KC_N] = { 0 }, id[24], on[11], buf[512];
	int t;

	for (t = 0; t < cr->t->n && strcmp(cr->t->term[t], c->term); t++)
		;
	if (t == cr->t->n)
		return 0;
	if (cr->grouped && swt_db_kpi_groups(cr->r->db, cr->from, cr->end,
	    by_asked(cr->r->a), c->request_id, v, buf, sizeof buf))
		return -1;
	if (cr->r->onecase)
		swt_fmt(id, sizeof id, "%lld", c->request_id);
	swt_date_from_days(last, on);
	v[KC_REF] = (char *)c->ref;
	v[KC_REQUEST_ID] = cr->r->onecase ? id : NULL;
	v[KC_CLIENT_ID] = (char *)c->client_id;
	v[KC_FROM] = (char *)c->started_at;
	v[KC_TO] = *c->stopped_at ? (char *)c->stopped_at : on;
	if (*c->stopped_at && day(c->stopped_at) >= first) {
		add(cr->r, v, last, 3 * t, 0);
		if (c->status == SWT_CLOCK_ON_TIME)
			add(cr->r, v, last, 3 * t + 1, 0);
	} else if (c->status == SWT_CLOCK_OVERDUE)
		add(cr->r, v, last, 3 * t + 2, 0);
	return cr->r->nomem || cr->r->stop;
}

/*
 * The clocks as they stand on each sub-period's last day: in one walk
 * for the figures; for --cases one walk per sub-period, so that they
 * are listed by sub-period, then by request.  0, -1.
 */
static int
collect_clocks(struct run *r, const struct terms *t)
{
	struct clockrun cr = { .r = r, .t = t };
	struct swt_calendar *cal = swt_calendar_new();
	struct swt_clock_walk w = { .cases = r->onecase != NULL };
	size_t n = 0;
	int rc = !cal || swt_db_calendar(r->db, cal);

	for (int i = 0; i < r->a->nby; i++)
		cr.grouped |= r->a->by[i] < SWT_BY_YEAR;
	w.by = by_asked(r->a);
	swt_date_from_days(r->a->first, cr.from);
	swt_date_from_days(r->a->last + 1, cr.end);
	w.from = cr.from;
	w.end = cr.end;
	EACH_SPAN(r->a, f, l)
		n++;
	cr.first = calloc(n ? n : 1, sizeof *cr.first);
	cr.last = calloc(n ? n : 1, sizeof *cr.last);
	rc |= !cr.first || !cr.last;
	n = 0;
	EACH_SPAN(r->a, f, l) {
		if (rc)
			break;
		cr.first[n] = f;
		cr.last[n++] = l;
	}
	for (size_t i = 0; i < n && !rc && !r->stop; i += w.n) {
		w.on = cr.last + i;
		w.since = cr.first + i;
		w.n = r->onecase ? 1 : n;
		cr.at = i;
		rc = swt_clocks(r->db, cal, &w, one_clock, &cr) && !r->stop;
	}
	free(cr.first);
	free(cr.last);
	swt_calendar_free(cal);
	return rc ? -1 : 0;
}

/* The measure of k of that name: its index, or -1. */
static int
measure_of(const struct kpi *k, const char *name)
{
	for (int m = 0; m < NMEASURE && k->m[m].name; m++)
		if (!strcmp(name, k->m[m].name))
			return m;
	return -1;
}

/*
 * Is name a measure of KPI k?  wettelijke_termijnen's are of the terms
 * in the database: any T_count, T_on_time_pct or T_overdue is one here.
 */
int
swt_kpi_measure(int k, const char *name)
{
	size_t n = strlen(name), e;

	if (k != SWT_KPI_WETTELIJKE_TERMIJNEN)
		return measure_of(&kpis[k], name);
	for (int j = 0; j < 3; j++)
		if (n > (e = strlen(term_measure[j])) &&
		    !strcmp(name + n - e, term_measure[j]))
			return j;
	return -1;
}

/* ---- the figures ---- */

static int
by_value(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

static int
by_address(const void *x, const void *y)
{
	uintptr_t a = (uintptr_t)*(const char *const *)x;
	uintptr_t b = (uintptr_t)*(const char *const *)y;

	return (a > b) - (a < b);
}

/*
 * Sort a series: by counting when it is whole numbers in a span of at
 * most COUNTED (days, ZRM steps: the usual), else by comparing.
 */
#define COUNTED 65536

static void
sort_series(double *v, size_t n)
{
	double lo = v[0], hi = v[0];
	size_t *count, at = 0;

	for (size_t i = 0; i < n; i++) {
		if (!(v[i] >= lo - COUNTED && v[i] <= hi + COUNTED) ||
		    v[i] != (double)(long)v[i])	/* in range: it casts */
			goto compare;
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	if (hi - lo >= COUNTED || !(count = calloc((size_t)(hi - lo) + 1,
	    sizeof *count)))
		goto compare;
	for (size_t i = 0; i < n; i++)
		count[(size_t)(v[i] - lo)]++;
	for (size_t c = 0; c <= (size_t)(hi - lo); c++)
		for (size_t j = 0; j < count[c]; j++)
			v[at++] = lo + (double)c;
	free(count);
	return;
compare:
	qsort(v, n, sizeof *v, by_value);
}

static long
distinct(struct slot *s)
{
	long n = 0;

	/* a resident's client_id is one string (swt_db_kpi): one address */
	if (s->len == 0)
		return 0;
	qsort(s->id, s->len, sizeof *s->id, by_address);
	for (size_t i = 0; i < s->len; i++)
		n += i == 0 || s->id[i] != s->id[i - 1];
	return n;
}

/* The CBS rule for care statistics: no count under 8 is shown. */
#define SMALL 7

/* The value of measure m of group g into f, published if asked. */
static void
figure(const struct measure *m, struct group *g, int publish,
    struct swt_kpi_fig *f)
{
	struct slot *a = &g->s[m->a], *b = &g->s[m->b];
	double v = 0;
	long n = 0, base = a->n;
	int have = 1;

	f->count = m->op == OP_CNT || m->op == OP_DISTINCT;
	switch (m->op) {
	case OP_CNT:
		n = a->n;
		break;
	case OP_DISTINCT:
		n = base = distinct(a);
		break;
	case OP_MEDIAN:
	case OP_P90:
		if ((have = a->len > 0)) {
			if (!a->sorted)
				sort_series(a->v, a->len);
			a->sorted = 1;
			v = swt_quantile(a->v, a->len,
			    m->op == OP_MEDIAN ? 0.5 : 0.9);
		}
		break;
	case OP_MEAN:
		if ((have = a->n > 0))
			v = a->sum / (double)a->n;
		break;
	case OP_PCT:
		if ((have = b->n > 0))
			v = 100.0 * (double)a->n / (double)b->n;
		if (b->n < base)
			base = b->n;
		break;
	case OP_SUM:
		have = a->n > 0;
		v = a->sum;
		base = SMALL + 1;	/* not a count of people */
		break;
	case OP_RATIO:
		if ((have = b->sum > 0))
			v = (double)a->n / b->sum;
		break;
	}
	f->suppressed = publish && base <= SMALL;
	if (f->suppressed || !have)
		f->value[0] = '\0';
	else if (f->count)
		swt_fmt(f->value, sizeof f->value, "%ld",
		    publish ? (n + 2) / 5 * 5 : n);
	else
		swt_kpi_num(v, f->value);
}

static int
by_key(const void *x, const void *y)
{
	return strcmp((*(struct group *const *)x)->key,
	    (*(struct group *const *)y)->key);
}

static int
emit(struct run *r, int (*fn)(void *ctx, const struct swt_kpi_fig *f),
    void *ctx)
{
	size_t n = 0;
	int rc = 0;

	for (size_t i = 0; i < r->cap; i++)
		if (r->g[i])
			r->g[n++] = r->g[i];
	if (n > 0)
		qsort(r->g, n, sizeof *r->g, by_key);
	for (size_t i = 0; i < n && !rc; i++) {
		struct swt_kpi_fig f = { .period = r->a->period,
			.kpi = r->k->name };
		char key[1024];

		swt_fmt(key, sizeof key, "%s", r->g[i]->key);
		key_split(key, r->a->nby, f.grp);
		for (int m = 0; m < NMEASURE && r->k->m[m].name && !rc; m++) {
			f.measure = r->k->m[m].name;
			figure(&r->k->m[m], r->g[i], r->a->publish, &f);
			rc = fn(ctx, &f);
		}
	}
	r->cap = n;	/* the table is a list now: groups_free reads it */
	return rc;
}

static int
onerow(void *ctx, char *const *v, const long *days, long n)
{
	struct run *r = ctx;

	r->from = days[0];
	r->to = days[1];
	r->weight = n;
	r->k->row(r, r->q, v);
	return r->nomem || r->stop;
}

/* Read the KPI's rows into r's groups (or its cases): 0, -1. */
static int
collect(struct run *r, const struct terms *t)
{
	char from[11], end[11];

	if (t)
		return collect_clocks(r, t);
	swt_date_from_days(r->a->first, from);
	swt_date_from_days(r->a->last + 1, end);
	for (int i = 0; i < 3 && r->k->q[i] != KQ_N; i++) {
		r->q = r->k->q[i];
		if (swt_db_kpi(r->db, r->q, from, end, r->onecase != NULL,
		    by_asked(r->a), onerow, r))
			return r->stop ? 0 : -1;
	}
	return 0;
}

/*
 * With no group field but the sub-periods, every sub-period has its
 * figures, as a period without groups has: a count of 0 is a figure.
 */
static int
empty_groups(struct run *r)
{
	char *none[KC_N] = { 0 };
	char key[1024];

	for (int i = 0; i < r->a->nby; i++)
		if (r->a->by[i] < SWT_BY_YEAR)
			return 0;
	EACH_SPAN(r->a, f, l) {
		key_of(r->a, none, l, key, sizeof key);
		if (!group(r, key))
			return -1;
	}
	return 0;
}

/*
 * The KPI k in r: wettelijke_termijnen's built in t from the terms in
 * the database, the others as kpis[] has them.  0, -1.
 */
static int
kpi_of(struct run *r, int k, struct terms *t)
{
	r->k = &kpis[k];
	if (k != SWT_KPI_WETTELIJKE_TERMIJNEN)
		return 0;
	r->k = &t->k;
	return terms_kpi(r->db, t);
}

void
swt_kpi_for(struct swt_db *db, unsigned which)
{
	unsigned q = 0;

	for (int k = 0; k < SWT_KPI_N; k++) {
		if (!(which & 1u << k))
			continue;
		if (k == SWT_KPI_WETTELIJKE_TERMIJNEN)
			q |= KQ_CLOCKS;
		for (int i = 0; i < 3 && kpis[k].q[i] != KQ_N; i++)
			q |= KQ_BIT(kpis[k].q[i]);
	}
	swt_db_kpi_for(db, q);
}

int
swt_kpi_figures(struct swt_db *db, const struct swt_kpi_ask *a, int k,
    int (*fn)(void *ctx, const struct swt_kpi_fig *f), void *ctx)
{
	struct run r = { .db = db, .a = a, .weight = 1 };
	struct terms t;
	int rc;

	rc = kpi_of(&r, k, &t) || empty_groups(&r) ||
	    collect(&r, r.k == &t.k ? &t : NULL) || r.nomem ? -1 :
	    emit(&r, fn, ctx);
	groups_free(&r);
	return rc;
}

int
swt_kpi_cases(struct swt_db *db, const struct swt_kpi_ask *a, int k,
    const char *measure, int (*fn)(void *ctx, const struct swt_kpi_case *c),
    void *ctx)
{
	struct run r = { .db = db, .a = a, .weight = 1, .onecase = fn, .ctx = ctx,
		.want = ~0u };
	struct terms t;
	int m;

	swt_kpi_for(db, 1u << k);
	if (kpi_of(&r, k, &t))
		return -1;
	if (measure && (m = measure_of(r.k, measure)) >= 0) {
		const struct measure *mm = &r.k->m[m];

		r.want = 1u << mm->a;
		if (mm->op == OP_PCT || mm->op == OP_RATIO)
			r.want |= 1u << mm->b;
	} else if (measure)
		r.want = 0;	/* a term the database does not have */
	return collect(&r, r.k == &t.k ? &t : NULL);
}
