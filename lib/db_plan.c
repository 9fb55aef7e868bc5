/* db_plan.c - how plans and goals are stored, found and listed */
#include <stdlib.h>
#include <string.h>

#include "swt.h"
#include "db_sqlite.h"

/* The plan's columns, PL_OPENED_AT to PL_REASON in order; integer ones. */
#define PLAN_COLUMNS "opened_at, owner, regie, next_evaluation_at," \
	" checkin_days, evaluated_at, closed_at, closure_reason, reason"
#define PLAN_FIRST PL_OPENED_AT
#define PLAN_N (PL_REASON - PL_OPENED_AT + 1)
#define PLAN_SELECT "SELECT " PLAN_COLUMNS ", plan_id, client_id, status" \
	" FROM plan "
/* The goal's, PL_LIFE_DOMAIN to PL_REQUEST: the request by its ref. */
#define GOAL_FIRST PL_LIFE_DOMAIN
#define GOAL_N (PL_REQUEST - PL_LIFE_DOMAIN + 1)
#define GOAL_SELECT "SELECT g.life_domain, g.description, g.priority," \
	" g.owner, g.target_date, g.zrm_start, g.zrm_target, g.zrm_end," \
	" g.status, r.ref, g.goal_id, g.plan_id FROM goal g" \
	" LEFT JOIN request r ON r.request_id = g.request_id "

static const char sql_plan_get[] = PLAN_SELECT "WHERE plan_id = ?";
static const char sql_plan_open[] = PLAN_SELECT "WHERE client_id = ?"
    " ORDER BY status = 'open' DESC, opened_at DESC, plan_id DESC LIMIT 1";
static const char sql_plan_opened[] = PLAN_SELECT
    "WHERE client_id = ? AND opened_at = ? ORDER BY plan_id DESC LIMIT 1";
static const char sql_plan_insert[] =
    "INSERT INTO plan (" PLAN_COLUMNS ", status, client_id, created_at)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)";
static const char sql_plan_update[] =
    "UPDATE plan SET opened_at = ?1, owner = ?2, regie = ?3,"
    " next_evaluation_at = ?4, checkin_days = ?5, evaluated_at = ?6,"
    " closed_at = ?7, closure_reason = ?8, reason = ?9, status = ?10,"
    " client_id = ?11, updated_at = ?12 WHERE plan_id = ?13";
static const char sql_goal_get[] = GOAL_SELECT "WHERE g.goal_id = ?";
static const char sql_goal_find[] = GOAL_SELECT "WHERE g.plan_id = ? AND"
    " g.life_domain = ? AND g.description = ? ORDER BY g.goal_id LIMIT 1";
static const char sql_goal_insert[] =
    "INSERT INTO goal (life_domain, description, priority, owner,"
    " target_date, zrm_start, zrm_target, zrm_end, status, request_id,"
    " plan_id) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)";
static const char sql_goal_update[] =
    "UPDATE goal SET life_domain = ?1, description = ?2, priority = ?3,"
    " owner = ?4, target_date = ?5, zrm_start = ?6, zrm_target = ?7,"
    " zrm_end = ?8, status = ?9, request_id = ?10, plan_id = ?11"
    " WHERE goal_id = ?12";
static const char sql_open_goals[] =
    "SELECT count(*) FROM goal WHERE plan_id = ? AND status = 'open'";

/* A request open on ?on: received by then, not closed by then. */
#define OPEN_ON(r, on) " " r ".received_at <= " on " || 'T99' AND" \
	" (" r ".closed_at IS NULL OR substr(" r ".closed_at, 1, 10) > " on ")"
/* Its latest decision made by ?on (SPEC 7: decided_at, then the id). */
#define LATEST(d, r, on) d ".decision_id = (SELECT decision_id FROM" \
	" decision WHERE request_id = " r ".request_id AND" \
	" substr(decided_at, 1, 10) <= " on \
	" ORDER BY decided_at DESC, decision_id DESC LIMIT 1)"

static const char sql_regies[] =
    "SELECT DISTINCT d.regie FROM request r JOIN decision d ON "
    LATEST("d", "r", "?2") " WHERE r.client_id = ?1 AND"
    OPEN_ON("r", "?2") " AND d.regie IS NOT NULL ORDER BY d.regie";

static int
integer(int f)
{
	return f == PL_CHECKIN_DAYS || f == PL_PRIORITY || f == PL_ZRM_START ||
	    f == PL_ZRM_TARGET || f == PL_ZRM_END;
}

static void
free_v(char **v)
{
	for (int f = 0; f < PL_N; f++) {
		free(v[f]);
		v[f] = NULL;
	}
}

void
swt_db_plan_free(struct swt_db_plan *p)
{
	free_v(p->v);
}

void
swt_db_goal_free(struct swt_db_goal *g)
{
	free_v(g->v);
}

/* n columns from the row s is on into v[first...]: 0, or -1 no memory. */
static int
columns(struct swt_db *db, sqlite3_stmt *s, int first, int n, char **v)
{
	for (int i = 0; i < n; i++) {
		const char *t = (const char *)sqlite3_column_text(s, i);

		if (t && *t && !(v[first + i] = strdup(t))) {
			free_v(v);
			swt_fmt(db->err, sizeof db->err, "out of memory");
			return -1;
		}
	}
	return 0;
}

/* The row of a plan statement: 1, 0 none, -1. */
static int
plan_row(struct swt_db *db, sqlite3_stmt *s, struct swt_db_plan *out)
{
	int rc;

	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	if (rc != SQLITE_ROW)
		return db_fail(db, "plan");
	rc = columns(db, s, PLAN_FIRST, PLAN_N, out->v);
	out->plan_id = sqlite3_column_int64(s, PLAN_N);
	swt_fmt(out->client_id, sizeof out->client_id, "%s",
	    (const char *)sqlite3_column_text(s, PLAN_N + 1));
	swt_fmt(out->status, sizeof out->status, "%s",
	    (const char *)sqlite3_column_text(s, PLAN_N + 2));
	sqlite3_reset(s);
	return rc ? -1 : 1;
}

int
swt_db_plan_get(struct swt_db *db, long long plan_id,
    struct swt_db_plan *out)
{
	sqlite3_stmt *s = db_stmt(db, S_PLAN_GET, sql_plan_get);

	memset(out, 0, sizeof *out);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, plan_id);
	return plan_row(db, s, out);
}

int
swt_db_plan_of(struct swt_db *db, const char *client_id,
    const char *opened_at, struct swt_db_plan *out)
{
	sqlite3_stmt *s = opened_at ? db_stmt(db, S_PLAN_OPENED,
	    sql_plan_opened) : db_stmt(db, S_PLAN_OPEN, sql_plan_open);

	memset(out, 0, sizeof *out);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, client_id, -1, SQLITE_STATIC);
	if (opened_at)
		sqlite3_bind_text(s, 2, opened_at, -1, SQLITE_STATIC);
	return plan_row(db, s, out);
}

int
swt_db_plan_put(struct swt_db *db, const char *client_id,
    const char *const *v, const char *status, long long *id)
{
	sqlite3_stmt *s = *id ? db_stmt(db, S_PLAN_UPDATE, sql_plan_update) :
	    db_stmt(db, S_PLAN_INSERT, sql_plan_insert);
	int k = 1;

	if (!s)
		return -1;
	for (int f = PLAN_FIRST; f < PLAN_FIRST + PLAN_N; f++)
		db_bind_opt(s, k++, v[f], integer(f));
	sqlite3_bind_text(s, k++, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, k++, client_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, k++, db_now(db), -1, SQLITE_STATIC);
	if (*id)
		sqlite3_bind_int64(s, k, *id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "plan");
	if (!*id)
		*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

static int
goal_row(struct swt_db *db, sqlite3_stmt *s, struct swt_db_goal *out)
{
	int rc;

	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	if (rc != SQLITE_ROW)
		return db_fail(db, "goal");
	rc = columns(db, s, GOAL_FIRST, GOAL_N, out->v);
	out->goal_id = sqlite3_column_int64(s, GOAL_N);
	out->plan_id = sqlite3_column_int64(s, GOAL_N + 1);
	sqlite3_reset(s);
	return rc ? -1 : 1;
}

int
swt_db_goal_get(struct swt_db *db, long long goal_id,
    struct swt_db_goal *out)
{
	sqlite3_stmt *s = db_stmt(db, S_GOAL_GET, sql_goal_get);

	memset(out, 0, sizeof *out);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, goal_id);
	return goal_row(db, s, out);
}

int
swt_db_goal_find(struct swt_db *db, long long plan_id,
    const char *life_domain, const char *description,
    struct swt_db_goal *out)
{
	sqlite3_stmt *s = db_stmt(db, S_GOAL_FIND, sql_goal_find);

	memset(out, 0, sizeof *out);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, plan_id);
	sqlite3_bind_text(s, 2, life_domain, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, description, -1, SQLITE_STATIC);
	return goal_row(db, s, out);
}

int
swt_db_goal_put(struct swt_db *db, long long plan_id, long long request_id,
    const char *const *v, long long *id)
{
	sqlite3_stmt *s = *id ? db_stmt(db, S_GOAL_UPDATE, sql_goal_update) :
	    db_stmt(db, S_GOAL_INSERT, sql_goal_insert);
	int k = 1;

	if (!s)
		return -1;
	for (int f = GOAL_FIRST; f < PL_REQUEST; f++)
		db_bind_opt(s, k++, v[f], integer(f));
	if (request_id)
		sqlite3_bind_int64(s, k++, request_id);
	else
		sqlite3_bind_null(s, k++);
	sqlite3_bind_int64(s, k++, plan_id);
	if (*id)
		sqlite3_bind_int64(s, k, *id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "goal");
	if (!*id)
		*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int
swt_db_plan_open_goals(struct swt_db *db, long long plan_id)
{
	sqlite3_stmt *s = db_stmt(db, S_PLAN_GOALS_OPEN, sql_open_goals);
	int n;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, plan_id);
	if (sqlite3_step(s) != SQLITE_ROW)
		return db_fail(db, "goal");
	n = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return n;
}

int
swt_db_plan_regies(struct swt_db *db, const char *client_id,
    const char *on, char *buf, size_t len)
{
	sqlite3_stmt *s = db_stmt(db, S_PLAN_REGIES, sql_regies);
	int rc;

	buf[0] = '\0';
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, client_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, on, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		size_t n = strlen(buf);

		swt_fmt(buf + n, len - n, "%s%s", n ? "|" : "",
		    (const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "decision");
}

/*
 * The worklist, one SELECT per kind of item, each giving client_id,
 * plan_id, item, due, owner, detail; ?1 is the day, ?2 the days ahead.
 * A plan counts when it was open on the day.
 */
#define PLAN_OPEN_ON " p.opened_at <= ?1 AND (p.closed_at IS NULL OR" \
	" p.closed_at > ?1)"
static const char sql_due[] =
    "WITH lim AS (SELECT coalesce((SELECT value FROM norm WHERE norm ="
    "  'eigen_inzet_contacts'), 15) AS n),"
    " within AS (SELECT coalesce((SELECT value FROM norm WHERE norm ="
    "  'plan_within_days'), 28) AS n),"
    " horizon AS (SELECT date(?1, '+' || ?2 || ' days') AS d),"
    /* requests open on the day, with their latest decision by then */
    " decided AS (SELECT r.request_id, r.ref, r.client_id, r.staff,"
    "  d.route, substr(d.decided_at, 1, 10) AS day FROM request r"
    "  JOIN decision d ON " LATEST("d", "r", "?1") " WHERE"
    OPEN_ON("r", "?1") "),"
    " items AS ("
    /* 4.2.6: the evaluation the plan set, not yet done */
    " SELECT p.client_id, p.plan_id, 'evaluation' AS item,"
    "  p.next_evaluation_at AS due, p.owner,"
    "  'evaluation planned' AS detail, 1 AS ord FROM plan p"
    "  WHERE" PLAN_OPEN_ON " AND p.next_evaluation_at <= (SELECT d FROM"
    "  horizon) AND (p.evaluated_at IS NULL OR p.evaluated_at <"
    "  p.next_evaluation_at)"
    /* 4.2.5: leun en steun, checkin_days after the last one */
    " UNION ALL SELECT p.client_id, p.plan_id, 'checkin',"
    "  date(coalesce((SELECT max(c.date) FROM contact c WHERE c.kind ="
    "  'leun_steun' AND c.date <= ?1 AND (c.plan_id = p.plan_id OR"
    "  c.request_id IN (SELECT request_id FROM request WHERE client_id ="
    "  p.client_id))), p.opened_at), '+' || p.checkin_days || ' days'),"
    "  p.owner, 'leun_steun every ' || p.checkin_days || ' days', 2"
    "  FROM plan p WHERE" PLAN_OPEN_ON " AND p.checkin_days IS NOT NULL"
    /* 3.2.2, 4.2.5: eigen inzet over, or within 3 of, its limit */
    " UNION ALL SELECT client_id, (SELECT plan_id FROM plan p WHERE"
    "  p.client_id = x.client_id AND" PLAN_OPEN_ON "), 'contact_limit',"
    "  CASE WHEN x.n > (SELECT n FROM lim) THEN x.over ELSE ?1 END,"
    "  coalesce((SELECT owner FROM plan p WHERE p.client_id = x.client_id"
    "  AND" PLAN_OPEN_ON "), x.staff), x.ref || ': ' || x.n || ' of ' ||"
    "  (SELECT n FROM lim) || ' contacts since ' || x.day, 3 FROM"
    "  (SELECT e.*, (SELECT count(*) FROM contact c WHERE c.request_id ="
    "  e.request_id AND c.date >= e.day AND c.date <= ?1) AS n,"
    "  (SELECT c.date FROM contact c WHERE c.request_id = e.request_id AND"
    "  c.date >= e.day AND c.date <= ?1 ORDER BY c.date, c.contact_id"
    "  LIMIT 1 OFFSET (SELECT n FROM lim)) AS over FROM decided e WHERE"
    "  e.route = 'eigen_inzet') x WHERE x.n >= (SELECT n FROM lim) - 3"
    /* goals past their target date, still open */
    " UNION ALL SELECT p.client_id, p.plan_id, 'goal_target',"
    "  g.target_date, p.owner, 'goal ' || g.goal_id || ' (' ||"
    "  coalesce(g.life_domain, '') || ') open past its target', 4"
    "  FROM goal g JOIN plan p ON p.plan_id = g.plan_id WHERE"
    PLAN_OPEN_ON " AND g.status = 'open' AND g.target_date <"
    "  (SELECT d FROM horizon)"
    /* 9.1: a plan within plan_within_days of the decision */
    " UNION ALL SELECT e.client_id, NULL, 'no_plan', date(min(e.day), '+'"
    "  || (SELECT n FROM within) || ' days'), min(e.staff),"
    "  group_concat(e.ref || ' ' || e.route, ', '), 5 FROM decided e"
    "  WHERE e.route IN ('eigen_inzet', 'maatwerk') AND NOT EXISTS"
    "  (SELECT 1 FROM plan p WHERE p.client_id = e.client_id AND"
    PLAN_OPEN_ON ") GROUP BY e.client_id"
    /* 4.2.6: one regisseur */
    " UNION ALL SELECT p.client_id, p.plan_id, 'no_owner', p.opened_at,"
    "  NULL, 'plan without an owner', 6 FROM plan p WHERE" PLAN_OPEN_ON
    "  AND p.owner IS NULL)"
    " SELECT client_id, plan_id, item, due, CAST(julianday(?1) -"
    " julianday(due) AS INTEGER), owner, detail FROM items"
    " WHERE due <= (SELECT d FROM horizon)"
    " ORDER BY due, ord, client_id, plan_id";

/* Each row of s as DUE_N (or n) strings to fn; finalizes s. */
static int
rows(struct swt_db *db, sqlite3_stmt *s, int n,
    int (*fn)(void *ctx, char *const *vals), void *ctx)
{
	char *vals[PL_N];
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++) {
			const char *t = (const char *)sqlite3_column_text(s, i);

			vals[i] = (char *)(t ? t : "");
		}
		if (fn(ctx, vals)) {
			sqlite3_finalize(s);
			return -1;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "plan");
}

/* A statement run once (a job's, not a batch's): not kept. */
static sqlite3_stmt *
once(struct swt_db *db, const char *sql)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db->h, sql, -1, &s, NULL) != SQLITE_OK) {
		db_fail(db, "plan");
		sqlite3_finalize(s);
		return NULL;
	}
	return s;
}

int
swt_db_plan_due(struct swt_db *db, const char *on, long within,
    int (*fn)(void *ctx, char *const *vals), void *ctx)
{
	sqlite3_stmt *s = once(db, sql_due);

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, within);
	return rows(db, s, DUE_N, fn, ctx);
}

int
swt_db_plan_goals(struct swt_db *db, long long plan_id,
    int (*fn)(void *ctx, char *const *vals), void *ctx)
{
	sqlite3_stmt *s = once(db, GOAL_SELECT "WHERE g.plan_id = ?"
	    " ORDER BY g.priority IS NULL, g.priority, g.life_domain,"
	    " g.goal_id");
	char *vals[PL_N] = { 0 };

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, plan_id);
	/* the goal's values by PL_* */
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (int i = 0; i < GOAL_N; i++) {
			const char *t = (const char *)sqlite3_column_text(s, i);

			vals[GOAL_FIRST + i] = (char *)(t && *t ? t : NULL);
		}
		if (fn(ctx, vals)) {
			sqlite3_finalize(s);
			return -1;
		}
	}
	return sqlite3_finalize(s) == SQLITE_OK ? 0 : db_fail(db, "goal");
}

int
swt_db_plan_requests(struct swt_db *db, const char *client_id,
    const char *on, int (*fn)(void *ctx, char *const *vals), void *ctx)
{
	sqlite3_stmt *s = once(db, "SELECT r.ref, coalesce(d.route, ''),"
	    " coalesce(d.regie, ''), (SELECT count(*) FROM contact c WHERE"
	    " c.request_id = r.request_id AND c.date <= ?2), (SELECT"
	    " max(c.date) FROM contact c WHERE c.request_id = r.request_id"
	    " AND c.date <= ?2) FROM request r LEFT JOIN decision d ON "
	    LATEST("d", "r", "?2") " WHERE r.client_id = ?1 AND"
	    OPEN_ON("r", "?2") " ORDER BY r.received_at, r.ref");

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, client_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, on, -1, SQLITE_STATIC);
	return rows(db, s, 5, fn, ctx);
}
