/* term.c - legal clocks: their deadlines, suspensions and extensions (SPEC 6b) */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

/* The fields of a suspension or extension record (swt-records(5)). */
const struct swt_field swt_suspension_fields[SF_N] = {
	[SF_REF] = { "ref", SWT_T_REF },
	[SF_REQUEST_ID] = { "request_id", SWT_T_INT, 0, NULL, 1, LONG_MAX,
	    "a request's number" },
	[SF_REFERRAL_REF] = { "referral_ref", SWT_T_REF },
	[SF_REFERRAL_ID] = { "referral_id", SWT_T_INT, 0, NULL, 1, LONG_MAX,
	    "a referral's number" },
	[SF_TERM] = { "term", SWT_T_REF, SWT_F_KEY },
	[SF_KIND] = { "kind", SWT_T_TEXT },
	[SF_FROM_DATE] = { "from_date", SWT_T_DATE },
	[SF_UNTIL_DATE] = { "until_date", SWT_T_DATE },
	[SF_DAYS] = { "days", SWT_T_INT, 0, NULL, 1, 366,
	    "a number of days 1-366" },
	[SF_NOTIFIED_AT] = { "notified_at", SWT_T_DATE },
	[SF_REASON] = { "reason", SWT_T_REF },
};

const struct swt_entity swt_suspension_entity = { "suspension",
	swt_suspension_fields, SF_N };

/* An equated day (gelijkgestelde dag, Atw art. 3 lid 3). */
const struct swt_field swt_holiday_fields[HF_N] = {
	[HF_DATE] = { "date", SWT_T_DATE, SWT_F_KEY },
	[HF_NAME] = { "name", SWT_T_TEXT, SWT_F_KEY },
};

const struct swt_entity swt_holiday_entity = { "holiday",
	swt_holiday_fields, HF_N };

int
swt_holiday_check(const char **v, char (*buf)[SWT_FIELD_BUF],
    const struct swt_codes *cs, const char **field, char *why, size_t len)
{
	if (swt_entity_check(&swt_holiday_entity, v, buf, cs, field, why, len))
		return -1;
	for (int f = 0; f < HF_N; f++)
		if (!v[f] || !*v[f])
			return swt_refuse(field, swt_holiday_fields[f].name, why,
			    len, "missing: an equated day has a date and a "
			    "name");
	if (strlen(v[HF_DATE]) > 10)
		return swt_refuse(field, "date", why, len, "'%s' is a time: "
		    "an equated day is a whole day", v[HF_DATE]);
	return 0;
}

static const char *const status_names[SWT_CLOCK_NSTATUS] = {
	"on_time", "late", "open", "overdue", "suspended" };

const char *
swt_clock_status_name(enum swt_clock_status s)
{
	return (unsigned)s < SWT_CLOCK_NSTATUS ? status_names[s] : "";
}

int
swt_clock_status_parse(const char *name)
{
	for (int i = 0; i < SWT_CLOCK_NSTATUS; i++)
		if (!strcmp(name, status_names[i]))
			return i;
	return -1;
}

/* Refuse field f of the record, saying why. */
#define fail(field, f, why, len, ...) \
	swt_refuse(field, swt_suspension_fields[f].name, why, len, __VA_ARGS__)

static int
is_extension(const struct swt_suspension *s)
{
	return s->v[SF_KIND] && !strcmp(s->v[SF_KIND], "extension");
}

int
swt_suspension_check(struct swt_suspension *s, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen)
{
	const char *const *v = s->v;

	if (swt_entity_check(&swt_suspension_entity, s->v, s->buf, cs, field,
	    why, whylen))
		return -1;
	for (int f = 0; f < SF_N; f++)	/* empty: no value */
		if (s->v[f] && !*s->v[f])
			s->v[f] = NULL;
	if (!v[SF_REF] && !v[SF_REQUEST_ID] && !v[SF_REFERRAL_ID] &&
	    !v[SF_REFERRAL_REF])
		return fail(field, SF_REF, why, whylen, "missing: a clock is "
		    "of a request, named by ref or request_id (or of its "
		    "referral, by referral_id or referral_ref)");
	if (!v[SF_KIND])
		s->v[SF_KIND] = "suspension";
	else if (strcmp(v[SF_KIND], "suspension") && !is_extension(s))
		return fail(field, SF_KIND, why, whylen, "'%.40s' is not a "
		    "kind: suspension or extension", v[SF_KIND]);
	if (!is_extension(s)) {
		if (!v[SF_FROM_DATE])
			return fail(field, SF_FROM_DATE, why, whylen, "missing: "
			    "a suspension needs the day it starts");
		if (v[SF_DAYS])
			return fail(field, SF_DAYS, why, whylen, "a suspension "
			    "counts from_date to until_date: days is for an "
			    "extension");
		if (!v[SF_REASON])
			return fail(field, SF_REASON, why, whylen, "missing: "
			    "a suspension needs its reason");
		if (v[SF_UNTIL_DATE] && strncmp(v[SF_UNTIL_DATE],
		    v[SF_FROM_DATE], 10) < 0)
			return fail(field, SF_UNTIL_DATE, why, whylen, "%.10s "
			    "is before from_date %.10s", v[SF_UNTIL_DATE],
			    v[SF_FROM_DATE]);
		return 0;
	}
	if (v[SF_FROM_DATE] || v[SF_UNTIL_DATE])
		return fail(field, v[SF_FROM_DATE] ? SF_FROM_DATE :
		    SF_UNTIL_DATE, why, whylen, "an extension has days and "
		    "notified_at, no dates");
	if (!v[SF_DAYS])
		return fail(field, SF_DAYS, why, whylen, "missing: an "
		    "extension needs the days it adds");
	if (!v[SF_NOTIFIED_AT])
		return fail(field, SF_NOTIFIED_AT, why, whylen, "missing: an "
		    "extension needs the day it was made known (Awb 4:14 "
		    "lid 3)");
	return 0;
}

/* Is code a member of the '|'-separated list? */
static int
in_list(const char *list, const char *code)
{
	size_t n = strlen(code);

	for (const char *p = list; *p; p += strcspn(p, "|"), p += *p == '|')
		if (strcspn(p, "|") == n && !strncmp(p, code, n))
			return 1;
	return 0;
}

/* ---- the deadline rule (SPEC 6b) ---- */

static void
step(struct swt_clock *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
step(struct swt_clock *c, const char *fmt, ...)
{
	va_list ap;

	if (!c)
		return;
	if (c->nsteps == SWT_CLOCK_STEPS) {	/* the last says there is more */
		swt_fmt(c->step[SWT_CLOCK_STEPS - 1], sizeof *c->step,
		    "(en meer)");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(c->step[c->nsteps++], sizeof *c->step, fmt, ap);
	va_end(ap);
}

/* Is a span known on day on? */
static int
known(const struct swt_span *sp, long on)
{
	return swt_date_days(sp->extension ? sp->notified : sp->from) <= on;
}

/*
 * The deadline of a clock that started on day start and runs days, with
 * the spans known on day on but skip: start + days + the suspended days +
 * the extension days, then moved by Atw art. 1.  -1: a suspension without
 * until stops the clock.  c, if not NULL, gets the sums, and with explain
 * the steps.
 */
static long
deadline_of(long start, long days, const struct swt_span *sp, size_t n,
    long on, long long skip, const struct swt_calendar *cal,
    struct swt_clock *c, int explain)
{
	char a[11], b[11];
	const char *why;
	long d = start + days, k, moved;
	int stopped = 0;

	swt_date_from_days(start, a);
	swt_date_from_days(d, b);
	step(explain ? c : NULL, "start %s + %ld dagen = %s", a, days, b);
	for (size_t i = 0; i < n; i++) {
		if (sp[i].id == skip || !known(&sp[i], on))
			continue;
		if (sp[i].extension) {
			d += sp[i].days;
			if (c)
				c->extended_days += sp[i].days;
			swt_date_from_days(d, b);
			step(explain ? c : NULL, "+ %ld dagen %s (gemeld %s) = %s",
			    sp[i].days, sp[i].reason, sp[i].notified, b);
		} else if (!*sp[i].until) {
			stopped = 1;
			step(explain ? c : NULL, "opschorting %s vanaf %s zonder einde: de "
			    "termijn staat stil", sp[i].reason, sp[i].from);
		} else {
			k = swt_date_days(sp[i].until) -
			    swt_date_days(sp[i].from);
			d += k;
			if (c)
				c->suspended_days += k;
			swt_date_from_days(d, b);
			step(explain ? c : NULL, "+ %ld dagen opschorting %s (na %s tot en met "
			    "%s) = %s", k, sp[i].reason, sp[i].from,
			    sp[i].until, b);
		}
	}
	if (stopped)
		return -1;
	moved = swt_calendar_deadline(cal, d, &why);
	if (why) {
		swt_date_from_days(moved, a);
		step(explain ? c : NULL, "%s is %s: naar %s (Atw art. 1)", b, why, a);
	}
	return moved;
}

/* The status of clock c on day on, given its deadline (-1: none). */
static void
status_of(struct swt_clock *c, long deadline, long on)
{
	if (deadline >= 0)
		swt_date_from_days(deadline, c->deadline);
	if (*c->stopped_at)
		c->status = deadline >= 0 && swt_date_days(c->stopped_at) >
		    deadline ? SWT_CLOCK_LATE : SWT_CLOCK_ON_TIME;
	else if (deadline < 0)
		c->status = SWT_CLOCK_SUSPENDED;
	else {
		c->days_left = deadline - on;
		c->status = c->days_left < 0 ? SWT_CLOCK_OVERDUE :
		    SWT_CLOCK_OPEN;
	}
}

struct walk {
	struct swt_db *db;
	const struct swt_calendar *cal;
	const struct swt_clock_walk *w;
	long on, since;		/* the latest of w->on, the earliest since */
	struct swt_span *all;	/* every clock's spans, walking them all */
	size_t nall;
	int (*fn)(void *ctx, const struct swt_clock *c);
	void *ctx;
};

/* The day of an ISO date or time: its first 10 characters. */
static void
day10(char out[11], const char *iso)
{
	size_t n = strnlen(iso, 10);

	memcpy(out, iso, n);
	out[n] = '\0';
}

static int
span_cmp(const struct swt_span *sp, long long request_id, const char *term,
    long long referral_id)
{
	int c;

	if (sp->request_id != request_id)
		return sp->request_id < request_id ? -1 : 1;
	if ((c = strcmp(sp->term, term)))
		return c;
	return (sp->referral_id > referral_id) - (sp->referral_id < referral_id);
}

/* The spans of clock dc among all of them: *n from *sp. */
static void
spans_of(const struct walk *wk, const struct swt_db_clock *dc,
    struct swt_span **sp, size_t *n)
{
	size_t lo = 0, hi = wk->nall;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (span_cmp(&wk->all[mid], dc->request_id, dc->term,
		    dc->referral_id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*sp = wk->all + lo;
	for (*n = 0; lo + *n < wk->nall && !span_cmp(&wk->all[lo + *n],
	    dc->request_id, dc->term, dc->referral_id); (*n)++)
		;
}

static int
each(void *ctx, const struct swt_db_clock *dc)
{
	struct walk *wk = ctx;
	const struct swt_clock_walk *w = wk->w;
	struct swt_clock c;
	struct swt_span *sp = NULL;
	size_t n;
	long start = swt_date_days(dc->started), stop, deadline;
	int rc = 0;

	if (!*dc->started || start > wk->on)
		return 0;
	if (wk->all)
		spans_of(wk, dc, &sp, &n);
	else if (swt_db_spans(wk->db, dc->request_id, dc->term,
	    dc->referral_id, &sp, &n))
		return -1;
	stop = *dc->stopped ? swt_date_days(dc->stopped) : 0;
	for (size_t i = 0; i < w->n && !rc; i++) {
		if (start > w->on[i] || (*dc->stopped &&
		    w->since[i] != LONG_MIN && stop < w->since[i]))
			continue;
		memset(&c, 0, offsetof(struct swt_clock, step));
		c.ref = dc->ref;
		c.client_id = dc->client_id;
		c.term = dc->term;
		c.law = dc->law;
		c.staff = dc->staff;
		c.request_id = dc->request_id;
		c.referral_id = dc->referral_id;
		c.at = i;
		day10(c.started_at, dc->started);
		if (*dc->stopped && stop <= w->on[i])
			day10(c.stopped_at, dc->stopped);
		deadline = deadline_of(start, dc->days, sp, n, w->on[i], 0,
		    wk->cal, &c, w->explain);
		status_of(&c, deadline, w->on[i]);
		rc = wk->fn(wk->ctx, &c);
	}
	if (!wk->all)
		free(sp);
	return rc;
}

int
swt_clocks(struct swt_db *db, const struct swt_calendar *cal,
    const struct swt_clock_walk *w,
    int (*fn)(void *ctx, const struct swt_clock *c), void *ctx)
{
	struct walk wk = { db, cal, w, LONG_MIN, LONG_MAX, NULL, 0, fn, ctx };
	int rc;

	for (size_t i = 0; i < w->n; i++) {
		if (w->on[i] > wk.on)
			wk.on = w->on[i];
		if (w->since[i] < wk.since)
			wk.since = w->since[i];
	}
	if (!w->n)
		return 0;
	/*
	 * all of them: their spans in one read, not one per clock (of a
	 * period's clocks, theirs only)
	 */
	if (w->from ? swt_db_kpi_spans(db, w->from, w->end, w->cases, w->by,
	    &wk.all, &wk.nall) : !w->request_id &&
	    swt_db_spans(db, 0, NULL, 0, &wk.all, &wk.nall))
		return -1;
	rc = w->from ? swt_db_kpi_clocks(db, w->from, w->end, w->cases, w->by,
	    each, &wk) : swt_db_clocks(db, w->term, w->request_id, wk.on,
	    wk.since, each, &wk);
	free(wk.all);
	return rc;
}

/* ---- storing a suspension or an extension ---- */

#define MAX_CLOCKS 32	/* a request's toewijzen referrals under one term */

struct found {
	size_t n;
	struct {
		long long referral_id;
		char started[11], stopped[11];
	} c[MAX_CLOCKS];
	char client_id[16];
};

static int
collect(void *ctx, const struct swt_db_clock *dc)
{
	struct found *f = ctx;

	swt_fmt(f->client_id, sizeof f->client_id, "%s", dc->client_id);
	if (f->n == MAX_CLOCKS)
		return 0;
	f->c[f->n].referral_id = dc->referral_id;
	swt_fmt(f->c[f->n].started, sizeof f->c->started, "%.10s",
	    dc->started);
	swt_fmt(f->c[f->n++].stopped, sizeof f->c->stopped, "%.10s",
	    dc->stopped);
	return 0;
}

/* The request the record is of: its number, 0 refused, -1 an error. */
static long long
request_of(struct swt_db *db, const char *const *v, long long *referral_id,
    const char **field, char *why, size_t len)
{
	struct swt_db_referral x = { 0 };
	struct swt_db_request rq = { 0 };
	char shown[64];
	long long id = 0;
	int rc;

	*referral_id = 0;
	if (v[SF_REFERRAL_ID] || v[SF_REFERRAL_REF]) {
		rc = v[SF_REFERRAL_ID] ? swt_db_referral_get(db,
		    atoll(v[SF_REFERRAL_ID]), &x) : swt_db_referral_by_ref(db,
		    v[SF_REFERRAL_REF], &x);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return fail(field, v[SF_REFERRAL_ID] ? SF_REFERRAL_ID :
			    SF_REFERRAL_REF, why, len, "no such referral is "
			    "stored (swt-refer stores it)") + 1;
		*referral_id = x.referral_id;
		id = x.request_id;
		swt_db_referral_free(&x);
	}
	if (v[SF_REQUEST_ID] && id && atoll(v[SF_REQUEST_ID]) != id)
		return fail(field, SF_REQUEST_ID, why, len, "referral %lld is "
		    "of request %lld", *referral_id, id) + 1;
	if (v[SF_REQUEST_ID])
		id = atoll(v[SF_REQUEST_ID]);
	if (!v[SF_REF] && v[SF_REQUEST_ID]) {
		char ref[80];

		if ((rc = swt_db_request_ref(db, id, ref, sizeof ref)) <= 0)
			return rc < 0 ? -1 : fail(field, SF_REQUEST_ID, why,
			    len, "no request %lld is stored", id) + 1;
	}
	if (!v[SF_REF])
		return id;
	if (swt_db_request_get(db, v[SF_REF], &rq) < 0)
		return -1;
	swt_db_request_free(&rq);
	if (!rq.request_id)
		return fail(field, SF_REF, why, len, "no request %s is stored "
		    "(swt-intake stores it)", swt_shown("ref", v[SF_REF],
		    shown)) + 1;
	if (id && rq.request_id != id)
		return fail(field, SF_REF, why, len, "request %lld is not %s",
		    id, swt_shown("ref", v[SF_REF], shown)) + 1;
	return rq.request_id;
}

/* The clock the record is of, into *k: 0, or -1 refused. */
static int
clock_of(const struct found *f, const struct swt_legal_term *t,
    long long referral_id, size_t *k, const char **field, char *why,
    size_t len)
{
	int received = !strcmp(t->from_event, "received_at");

	for (*k = 0; *k < f->n; ++*k)
		if (!referral_id || f->c[*k].referral_id == referral_id)
			break;
	if (f->n == 0 || *k == f->n)
		return fail(field, referral_id ? SF_REFERRAL_ID : SF_TERM, why,
		    len, received ? "geen termijn %s: de aanvraag is geen "
		    "melding (kind vraag) onder de %s" : "geen termijn %s: "
		    "geen toewijzing met een aanvraagdatum (applied_at) "
		    "onder de %s", t->term, t->law);
	if (!referral_id && f->n > 1)
		return fail(field, SF_REFERRAL_ID, why, len, "de aanvraag "
		    "heeft %zu toewijzingen met een termijn %s: noem er een "
		    "met referral_ref of referral_id", f->n, t->term);
	return 0;
}

/* Is the reason one the term allows for this kind? -1 refused. */
static int
reason_ok(struct swt_suspension *s, const struct swt_legal_term *t,
    const char **field, char *why, size_t len)
{
	const char *list = is_extension(s) ? t->extend_reasons :
	    t->suspend_reasons;

	if (is_extension(s) && !*list)
		return fail(field, SF_KIND, why, len, "verdaging kan niet bij "
		    "%s: de termijn is die van de wet zelf (%s)", t->term,
		    t->basis);
	if (!s->v[SF_REASON] && !strchr(list, '|'))
		s->v[SF_REASON] = list;	/* the one reason there is */
	if (!s->v[SF_REASON])
		return fail(field, SF_REASON, why, len, "missing: %s kent "
		    "de redenen %s", t->term, list);
	if (!in_list(list, s->v[SF_REASON]))
		return fail(field, SF_REASON, why, len, "reden '%.40s' is "
		    "geen %s die %s toestaat (%s): alleen %s",
		    s->v[SF_REASON], is_extension(s) ? "verdaging" :
		    "opschorting", t->term, t->basis, list);
	return 0;
}

/* A span's end for overlaps: its until, or for ever. */
static long
span_end(const struct swt_span *sp)
{
	return *sp->until ? swt_date_days(sp->until) : LONG_MAX;
}

/* What SPEC 6b refuses of span sp on the clock: -1 refused. */
static int
span_ok(const struct swt_span *sp, const struct swt_span *all, size_t n,
    long start, long days, const char *stopped,
    const struct swt_legal_term *t, const struct swt_calendar *cal,
    const char **field, char *why, size_t len)
{
	long day = swt_date_days(sp->extension ? sp->notified : sp->from);
	int f = sp->extension ? SF_NOTIFIED_AT : SF_FROM_DATE;
	const char *what = sp->extension ? "verdaging" : "opschorting";
	char s[11];
	long deadline;

	swt_date_from_days(start, s);
	if (day < start)
		return fail(field, f, why, len, "%s voor het begin van de "
		    "termijn: %s ligt voor de start %s", what,
		    sp->extension ? sp->notified : sp->from, s);
	if (*stopped && day > swt_date_days(stopped))
		return fail(field, f, why, len, "%s na het einde van de "
		    "termijn: %s ligt na %s, toen de termijn stopte", what,
		    sp->extension ? sp->notified : sp->from, stopped);
	if (sp->extension) {
		deadline = deadline_of(start, days, all, n, LONG_MAX, sp->id,
		    cal, NULL, 0);
		swt_date_from_days(deadline, s);
		if (deadline >= 0 && day > deadline)
			return fail(field, f, why, len, "verdaging na afloop "
			    "van de termijn (Awb 4:14 lid 3): gemeld %s, de "
			    "termijn van %s liep af op %s", sp->notified,
			    t->term, s);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		if (!all[i].extension && all[i].id != sp->id &&
		    swt_date_days(all[i].from) < span_end(sp) &&
		    day < span_end(&all[i]))
			return fail(field, f, why, len, "opschorting overlapt "
			    "een andere van dezelfde termijn (vanaf %s%s%s): "
			    "een dag wordt maar een keer opgeschort (Awb "
			    "4:15)", all[i].from, *all[i].until ?
			    " tot en met " : ", zonder einde", all[i].until);
	return 0;
}

/* The record's values over the stored span old (NULL: a new one). */
static void
merge(const struct swt_suspension *s, const struct swt_span *old,
    struct swt_span *sp)
{
	const char *const *v = s->v;

	if (old)
		*sp = *old;
	else
		memset(sp, 0, sizeof *sp);
	sp->extension = is_extension(s);
	swt_fmt(sp->from, sizeof sp->from, "%.10s", sp->extension ?
	    v[SF_NOTIFIED_AT] : v[SF_FROM_DATE]);
	if (v[SF_UNTIL_DATE])
		swt_fmt(sp->until, sizeof sp->until, "%.10s", v[SF_UNTIL_DATE]);
	if (v[SF_NOTIFIED_AT])
		swt_fmt(sp->notified, sizeof sp->notified, "%.10s",
		    v[SF_NOTIFIED_AT]);
	if (v[SF_DAYS])
		sp->days = atol(v[SF_DAYS]);
	swt_fmt(sp->reason, sizeof sp->reason, "%s", v[SF_REASON]);
}

/* What an update changed, into out->changed; 0 none. */
static int
changes(const struct swt_span *a, const struct swt_span *b, char *list,
    size_t size)
{
	if (strcmp(a->until, b->until))
		swt_names_add(list, size, "until_date");
	if (strcmp(a->notified, b->notified))
		swt_names_add(list, size, "notified_at");
	if (a->days != b->days)
		swt_names_add(list, size, "days");
	if (strcmp(a->reason, b->reason))
		swt_names_add(list, size, "reason");
	return *list != '\0';
}

/* Store sp on the clock (spans all, n): a new one, or old changed. */
static int
put(struct swt_db *db, long long request_id, const char *term,
    long long referral_id, struct swt_span *sp, const struct swt_span *old,
    struct swt_suspension_out *out)
{
	char id[24];

	if (!old) {
		out->res = SWT_INTAKE_NEW;
		return swt_db_span_put(db, request_id, term, referral_id, sp);
	}
	if (!changes(old, sp, out->changed, sizeof out->changed)) {
		out->res = SWT_INTAKE_UNCHANGED;
		return 0;
	}
	out->res = SWT_INTAKE_UPDATED;
	swt_fmt(id, sizeof id, "%lld", sp->id);
	return swt_db_span_put(db, request_id, term, referral_id, sp) ||
	    swt_db_audit(db, swt_prog, "update", "suspension", id,
	    out->changed);
}

int
swt_suspension_store(struct swt_db *db, const struct swt_calendar *cal,
    struct swt_suspension *s, struct swt_suspension_out *out,
    const char **field, char *why, size_t whylen)
{
	struct swt_legal_term t;
	struct found f = { 0 };
	struct swt_span *all = NULL, sp, *old = NULL;
	long long request_id, referral_id;
	size_t n = 0, k;
	long start, deadline;
	int rc;

	memset(out, 0, sizeof *out);
	if ((request_id = request_of(db, s->v, &referral_id, field, why,
	    whylen)) <= 0)
		return request_id < 0 ? -2 : -1;
	if ((rc = swt_db_legal_term(db, s->v[SF_TERM], &t)) <= 0)
		return rc < 0 ? -2 : fail(field, SF_TERM, why, whylen,
		    "'%.40s' is no legal term (see swt-term --terms)",
		    s->v[SF_TERM]);
	if (swt_db_clocks(db, t.term, request_id, LONG_MAX, LONG_MIN, collect,
	    &f))
		return -2;
	if (clock_of(&f, &t, referral_id, &k, field, why, whylen) ||
	    reason_ok(s, &t, field, why, whylen))
		return -1;
	referral_id = f.c[k].referral_id;
	if (swt_db_spans(db, request_id, t.term, referral_id, &all, &n))
		return -2;
	merge(s, NULL, &sp);
	for (size_t i = 0; i < n && !old; i++)
		if (all[i].extension == sp.extension &&
		    !strcmp(all[i].from, sp.from))
			old = &all[i];
	if (old)
		merge(s, old, &sp);
	start = swt_date_days(f.c[k].started);
	rc = span_ok(&sp, all, n, start, t.days, f.c[k].stopped, &t, cal,
	    field, why, whylen);
	if (rc == 0)
		rc = put(db, request_id, t.term, referral_id, &sp, old, out) ?
		    -2 : 0;
	if (rc == 0) {
		struct swt_span *more;

		if (old)
			*old = sp;
		else if ((more = reallocarray(all, n + 1, sizeof *more))) {
			all = more;
			all[n++] = sp;
		}
		deadline = deadline_of(start, t.days, all, n, LONG_MAX, 0, cal,
		    NULL, 0);
		out->suspension_id = sp.id;
		out->referral_id = referral_id;
		swt_fmt(out->client_id, sizeof out->client_id, "%s",
		    f.client_id);
		if (deadline >= 0)
			swt_date_from_days(deadline, out->deadline);
	}
	free(all);
	return rc;
}
