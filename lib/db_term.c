/* db_term.c - how legal terms, their clocks' data and equated days are read and stored */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"
#include "db_sqlite.h"

#define TERM_COLUMNS "term, law, from_event, to_event, days," \
	" suspend_reasons, extend_reasons, basis"
#define NTERM 8

static const char sql_term_get[] =
    "SELECT " TERM_COLUMNS " FROM legal_term WHERE term = ?";
static const char sql_term_all[] =
    "SELECT " TERM_COLUMNS " FROM legal_term ORDER BY rowid";
/*
 * The clocks (SPEC 6b): a term started by received_at runs for each
 * vraag of its law, one started by applied_at for each toewijzen
 * referral of a request of its law that has applied_at.  ?2 and ?3 bound
 * the request_id (a range the planner takes by the key: a request's own
 * clocks are one step); ?4 is the day after the last a clock may start
 * on, ?5 the first it may have stopped on ('': any).
 */
#define CLOCKS \
    "SELECT t.term, t.law, t.days, r.request_id, r.ref, r.client_id," \
    " r.staff, 0, r.received_at, r.assessed_at" \
    " FROM legal_term t JOIN request r ON r.law = t.law AND r.kind = 'vraag'" \
    " WHERE t.from_event = 'received_at' AND (?1 IS NULL OR t.term = ?1)" \
    " AND r.request_id BETWEEN ?2 AND ?3 AND r.received_at < ?4" \
    " AND (r.assessed_at IS NULL OR r.assessed_at >= ?5)" \
    " UNION ALL" \
    " SELECT t.term, t.law, t.days, r.request_id, r.ref, r.client_id," \
    " r.staff, x.referral_id, x.applied_at, x.decided_at" \
    " FROM legal_term t JOIN request r ON r.law = t.law" \
    " JOIN referral x ON x.request_id = r.request_id" \
    " WHERE t.from_event = 'applied_at' AND x.kind = 'toewijzen'" \
    " AND x.applied_at < ?4 AND (?1 IS NULL OR t.term = ?1)" \
    " AND r.request_id BETWEEN ?2 AND ?3" \
    " AND (x.decided_at IS NULL OR x.decided_at >= ?5)"
static const char sql_clocks[] = CLOCKS " ORDER BY 4, 1, 8";
#define SPANS "SELECT suspension_id, kind, from_date, until_date, days," \
    " notified_at, reason, request_id, term, referral_id FROM suspension"
static const char sql_spans[] = SPANS
    " WHERE request_id = ?1 AND term = ?2 AND referral_id IS ?3"
    " ORDER BY from_date, suspension_id";
static const char sql_spans_all[] = SPANS
    " ORDER BY request_id, term, referral_id, from_date, suspension_id";
static const char sql_span_insert[] =
    "INSERT INTO suspension (kind, from_date, until_date, days,"
    " notified_at, reason, request_id, term, referral_id, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char sql_span_update[] =
    "UPDATE suspension SET kind = ?1, from_date = ?2, until_date = ?3,"
    " days = ?4, notified_at = ?5, reason = ?6, request_id = ?7, term = ?8,"
    " referral_id = ?9, updated_at = ?10 WHERE suspension_id = ?11";
static const char sql_holidays[] =
    "SELECT date, name FROM holiday ORDER BY date";
static const char sql_holiday_get[] =
    "SELECT name FROM holiday WHERE date = ?";
static const char sql_holiday_put[] =
    "INSERT INTO holiday (date, name) VALUES (?1, ?2)"
    " ON CONFLICT (date) DO UPDATE SET name = excluded.name";

static const char *
text(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? t : "";
}

int
swt_db_legal_term(struct swt_db *db, const char *term,
    struct swt_legal_term *out)
{
	sqlite3_stmt *s = db_stmt(db, S_TERM_GET, sql_term_get);
	int rc;

	memset(out, 0, sizeof *out);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, term, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	if (rc != SQLITE_ROW)
		return db_fail(db, "legal_term");
	swt_fmt(out->term, sizeof out->term, "%s", text(s, 0));
	swt_fmt(out->law, sizeof out->law, "%s", text(s, 1));
	swt_fmt(out->from_event, sizeof out->from_event, "%s", text(s, 2));
	out->days = sqlite3_column_int64(s, 4);
	swt_fmt(out->suspend_reasons, sizeof out->suspend_reasons, "%s",
	    text(s, 5));
	swt_fmt(out->extend_reasons, sizeof out->extend_reasons, "%s",
	    text(s, 6));
	swt_fmt(out->basis, sizeof out->basis, "%s", text(s, 7));
	sqlite3_reset(s);
	return 1;
}

/* Each row of s as strings to fn: 0, -1 on an error, else fn's return. */
static int
rows(struct swt_db *db, sqlite3_stmt *s, int n,
    int (*fn)(void *ctx, char *const *vals), void *ctx)
{
	char *vals[NTERM];
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++)
			vals[i] = (char *)text(s, i);
		if ((rc = fn(ctx, vals)) != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "select");
}

int
swt_db_legal_terms(struct swt_db *db, int (*fn)(void *ctx,
    char *const *vals), void *ctx)
{
	sqlite3_stmt *s = db_stmt(db, S_TERM_ALL, sql_term_all);

	return s ? rows(db, s, NTERM, fn, ctx) : -1;
}

int
swt_db_clocks(struct swt_db *db, const char *term, long long request_id,
    long on, long since, int (*fn)(void *ctx, const struct swt_db_clock *c),
    void *ctx)
{
	sqlite3_stmt *s = db_stmt(db, S_CLOCKS, sql_clocks);
	struct swt_db_clock c;
	char end[11], first[11] = "";
	int rc;

	if (!s)
		return -1;
	swt_date_from_days(on == LONG_MAX ? swt_date_days("9999-12-31") :
	    on + 1, end);
	if (since != LONG_MIN)
		swt_date_from_days(since, first);
	db_bind_opt(s, 1, term, 0);
	sqlite3_bind_int64(s, 2, request_id ? request_id : 0);
	sqlite3_bind_int64(s, 3, request_id ? request_id : INT64_MAX);
	sqlite3_bind_text(s, 4, end, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, first, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		c.term = text(s, 0);
		c.law = text(s, 1);
		c.days = sqlite3_column_int64(s, 2);
		c.request_id = sqlite3_column_int64(s, 3);
		c.ref = text(s, 4);
		c.client_id = text(s, 5);
		c.staff = text(s, 6);
		c.referral_id = sqlite3_column_int64(s, 7);
		c.started = text(s, 8);
		c.stopped = text(s, 9);
		if ((rc = fn(ctx, &c)) != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "clocks");
}

static void
span_row(sqlite3_stmt *s, struct swt_span *sp)
{
	memset(sp, 0, sizeof *sp);
	sp->id = sqlite3_column_int64(s, 0);
	sp->extension = !strcmp(text(s, 1), "extension");
	swt_fmt(sp->from, sizeof sp->from, "%.10s", text(s, 2));
	swt_fmt(sp->until, sizeof sp->until, "%.10s", text(s, 3));
	sp->days = sqlite3_column_int64(s, 4);
	swt_fmt(sp->notified, sizeof sp->notified, "%.10s", text(s, 5));
	swt_fmt(sp->reason, sizeof sp->reason, "%s", text(s, 6));
	sp->request_id = sqlite3_column_int64(s, 7);
	swt_fmt(sp->term, sizeof sp->term, "%s", text(s, 8));
	sp->referral_id = sqlite3_column_int64(s, 9);
}

/* The rows of s (bound) as spans, those keep says yes to: 0, -1. */
static int
spans_read(struct swt_db *db, sqlite3_stmt *s, int (*keep)(void *ctx,
    long long request_id, const char *term, long long referral_id),
    void *ctx, struct swt_span **out, size_t *n)
{
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (keep && !keep(ctx, sqlite3_column_int64(s, 7), text(s, 8),
		    sqlite3_column_int64(s, 9)))
			continue;
		if (*n == cap) {
			struct swt_span *p;

			cap = cap ? cap * 2 : 4;
			if (!(p = reallocarray(*out, cap, sizeof *p))) {
				sqlite3_reset(s);
				swt_fmt(db->err, sizeof db->err, "out of memory");
				return -1;
			}
			*out = p;
		}
		span_row(s, &(*out)[(*n)++]);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "suspension");
}

int
swt_db_spans(struct swt_db *db, long long request_id, const char *term,
    long long referral_id, struct swt_span **out, size_t *n)
{
	sqlite3_stmt *s;

	if (!term)
		return db_spans(db, NULL, NULL, out, n);
	*out = NULL;
	*n = 0;
	if (!(s = db_stmt(db, S_SPANS, sql_spans)))
		return -1;
	sqlite3_bind_int64(s, 1, request_id);
	sqlite3_bind_text(s, 2, term, -1, SQLITE_STATIC);
	if (referral_id)	/* else NULL (db_stmt clears them) */
		sqlite3_bind_int64(s, 3, referral_id);
	return spans_read(db, s, NULL, NULL, out, n);
}

int
db_spans(struct swt_db *db, int (*keep)(void *ctx, long long request_id,
    const char *term, long long referral_id), void *ctx,
    struct swt_span **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, S_SPANS_ALL, sql_spans_all);

	*out = NULL;
	*n = 0;
	return s ? spans_read(db, s, keep, ctx, out, n) : -1;
}

static void
bind_day(sqlite3_stmt *s, int i, const char *day)
{
	db_bind_opt(s, i, *day ? day : NULL, 0);
}

int
swt_db_span_put(struct swt_db *db, long long request_id, const char *term,
    long long referral_id, struct swt_span *sp)
{
	sqlite3_stmt *s = sp->id ? db_stmt(db, S_SPAN_UPDATE, sql_span_update) :
	    db_stmt(db, S_SPAN_INSERT, sql_span_insert);

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, sp->extension ? "extension" : "suspension", -1,
	    SQLITE_STATIC);
	bind_day(s, 2, sp->from);
	bind_day(s, 3, sp->until);
	if (sp->extension)
		sqlite3_bind_int64(s, 4, sp->days);
	bind_day(s, 5, sp->notified);
	sqlite3_bind_text(s, 6, sp->reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, request_id);
	sqlite3_bind_text(s, 8, term, -1, SQLITE_STATIC);
	if (referral_id)
		sqlite3_bind_int64(s, 9, referral_id);
	sqlite3_bind_text(s, 10, db_now(db), -1, SQLITE_STATIC);
	if (sp->id)
		sqlite3_bind_int64(s, 11, sp->id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "suspension");
	if (!sp->id)
		sp->id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int
swt_db_calendar(struct swt_db *db, struct swt_calendar *cal)
{
	sqlite3_stmt *s = db_stmt(db, S_HOLIDAYS, sql_holidays);
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (swt_calendar_add(cal, swt_date_days(text(s, 0)),
		    text(s, 1))) {
			sqlite3_reset(s);
			swt_fmt(db->err, sizeof db->err, "out of memory");
			return -1;
		}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "holiday");
}

int
swt_db_holiday_put(struct swt_db *db, const char *date, const char *name)
{
	sqlite3_stmt *s = db_stmt(db, S_HOLIDAY_GET, sql_holiday_get);
	int rc, res = 1;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, date, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		res = strcmp(text(s, 0), name) ? 2 : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "holiday");
	if (res == 0)
		return 0;
	if (!(s = db_stmt(db, S_HOLIDAY_PUT, sql_holiday_put)))
		return -1;
	sqlite3_bind_text(s, 1, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "holiday");
	return res;
}
