/* db_kpi.c - the rows behind the KPIs of SPEC 7: what kpi.c counts */
#include <stddef.h>

#include "swt.h"
#include "db_sqlite.h"

/*
 * Each query takes the period as ?1 (its first day, yyyy-mm-dd) and ?2
 * (the day after its last): a date or a time is in it when it is >= ?1
 * and < ?2, as ISO text compares.  Each returns the columns of KC_*: the
 * groups, the case's ids, the two dates a figure uses and two values.
 * Which rows a KPI takes and what it makes of them are kpi.c's; the
 * filters here only keep the scan to the rows that can count.
 */

/*
 * Every request once, with what the KPIs read of it (SPEC 7): its
 * latest decision (greatest decided_at, then decision_id), its support
 * start (for eigen_inzet the first contact on or after the decision's
 * day, for sociale_basis and maatwerk the first referral sent), whether
 * a toewijzen referral of it started (verblijf: of a residential
 * product, SPEC 5) and the first day its resident had a plan opened.
 * Made by sorts and grouped scans, not by a look-up per request, once
 * per connection (swt-kpi only reads), in the temp schema: a read-only
 * connection may write there.  NOT INDEXED: the whole table is read,
 * in its order, not row by row in an index's.  Memory (SPEC 8): kpi_r
 * and its indexes live in the temp schema's cache (32 MB) and a file
 * beyond it; SQLite sizes each sort's memory by the main cache, so that
 * is 16 MB here, as the rest of swt-kpi reads kpi_r.
 */
static const char kpi_r[] =
	"PRAGMA main.cache_size = -16384; PRAGMA temp.cache_size = -32768;"
	"CREATE TEMP TABLE kpi_r (request_id INTEGER PRIMARY KEY, district,"
	" law, service, kind, channel, source, route, staff, ref, client_id,"
	" received_at, intake_at, closed_at, decided_at, decided_by,"
	" recommended_route, support, verblijf, started, plan_day,"
	" closure_reason);"
	"INSERT INTO kpi_r WITH"
	" d AS MATERIALIZED (SELECT request_id, route, decided_at, decided_by,"
	" recommended_route FROM (SELECT request_id, route, decided_at,"
	" decided_by, recommended_route, row_number() OVER (PARTITION BY"
	" request_id ORDER BY decided_at DESC, decision_id DESC) AS n"
	" FROM decision NOT INDEXED) WHERE n = 1),"
	" c AS MATERIALIZED (SELECT c.request_id, min(c.date) AS first"
	" FROM d JOIN contact c ON c.request_id = d.request_id AND"
	" c.date >= substr(d.decided_at, 1, 10) WHERE d.route = 'eigen_inzet'"
	" GROUP BY c.request_id),"
	" x AS MATERIALIZED (SELECT request_id, min(sent_at) AS first,"
	" max(kind = 'toewijzen' AND started_at IS NOT NULL AND"
	" coalesce(product IN ('15', '16', '17', '18', '43', '44'), 0))"
	" AS verblijf, max(kind = 'toewijzen' AND started_at IS NOT NULL)"
	" AS started FROM referral GROUP BY request_id),"
	" p AS MATERIALIZED (SELECT client_id, min(substr(opened_at, 1, 10))"
	" AS day FROM plan NOT INDEXED GROUP BY client_id)"
	" SELECT r.request_id, r.district, r.law, r.service, r.kind,"
	" r.channel, r.source, d.route, r.staff, r.ref, r.client_id,"
	" r.received_at, r.intake_at, r.closed_at, d.decided_at, d.decided_by,"
	" d.recommended_route, CASE WHEN d.route = 'eigen_inzet' THEN c.first"
	" WHEN d.route IN ('sociale_basis', 'maatwerk') THEN x.first END,"
	" x.verblijf, x.started, p.day, r.closure_reason FROM request r"
	" LEFT JOIN d ON d.request_id = r.request_id"
	" LEFT JOIN c ON c.request_id = r.request_id"
	" LEFT JOIN x ON x.request_id = r.request_id"
	" LEFT JOIN p ON p.client_id = r.client_id;"
	"CREATE INDEX temp.kpi_r_received ON kpi_r (received_at);"
	"CREATE INDEX temp.kpi_r_intake ON kpi_r (intake_at);"
	"CREATE INDEX temp.kpi_r_closed ON kpi_r (closed_at);";

/*
 * The requests of kpi_r that where selects, in the order of the column
 * after it, then of request_id (as the indexes on the dates gave them,
 * for --cases).
 */
#define K(cols, where, order) \
	"SELECT district, law, service, kind, channel, source, route, staff," \
	" ref, request_id, client_id, " cols " FROM kpi_r k WHERE " where \
	" ORDER BY " order
#define IN(col) col " >= ?1 AND " col " < ?2"
/* Not done by the period's start. */
#define UNDONE(col) " (" col " IS NULL OR " col " >= ?1)"
/* A plan's groups: the resident's district, its owner as staff. */
#define PLAN \
	"SELECT pe.district, NULL, NULL, NULL, NULL, NULL, NULL, p.owner," \
	" NULL, NULL, p.client_id, p.opened_at, p.closed_at, "
#define PLAN_FROM \
	" FROM plan p LEFT JOIN person pe ON pe.client_id = p.client_id"
#define COMPLAINT \
	"SELECT pe.district, NULL, NULL, NULL, NULL, NULL, NULL, NULL," \
	" c.ref, NULL, c.client_id, c.received_at, c.resolved_at," \
	" c.admissible, NULL FROM complaint c" \
	" LEFT JOIN person pe ON pe.client_id = c.client_id WHERE "

static const char *const sql[KQ_N] = {
	[KQ_INTAKE] = K("received_at, intake_at, NULL, NULL",
	    IN("intake_at"), "intake_at, request_id"),
	[KQ_WAITING] = K("received_at, intake_at, NULL, NULL",
	    "received_at < ?2 AND" UNDONE("intake_at"), "request_id"),
	[KQ_SUPPORT] = K("intake_at, support, NULL, NULL",
	    IN("support") " AND intake_at IS NOT NULL", "request_id"),
	[KQ_THROUGH] = K("support, closed_at, NULL, NULL",
	    IN("closed_at") " AND support IS NOT NULL",
	    "closed_at, request_id"),
	/* effectiviteit's category (verblijf: SPEC 5), a plan by closing */
	[KQ_CLOSED] = K("closed_at, closed_at, CASE"
	    " WHEN verblijf THEN 'verblijf'"
	    " WHEN route = 'maatwerk' OR started THEN 'ambulant'"
	    " WHEN route = 'eigen_inzet' THEN 'eigen_inzet'"
	    " WHEN route = 'sociale_basis' THEN 'voorliggend'"
	    " WHEN route = 'advies' THEN 'zelf' END,"
	    " CASE WHEN plan_day <= substr(closed_at, 1, 10)"
	    " THEN 'yes' ELSE 'no' END", IN("closed_at"),
	    "closed_at, request_id"),
	/* closed before (in the 365 days up to received_at), not moved away */
	[KQ_REPEAT] = "WITH cl AS MATERIALIZED (SELECT request_id, client_id,"
	    " closed_at FROM kpi_r WHERE closed_at >= date(?1, '-365 days')"
	    " AND closed_at < ?2 AND coalesce(closure_reason, '') NOT IN"
	    " ('verhuisd', 'overleden')) "
	    K("received_at, received_at, CASE WHEN EXISTS (SELECT 1 FROM cl"
	    " WHERE cl.client_id = k.client_id AND"
	    " cl.request_id <> k.request_id AND"
	    " cl.closed_at >= date(k.received_at, '-365 days') AND"
	    " substr(cl.closed_at, 1, 10) <= substr(k.received_at, 1, 10))"
	    " THEN 'yes' ELSE 'no' END, NULL", IN("received_at"),
	    "received_at, request_id"),
	[KQ_OPEN_REQUESTS] = K("received_at, closed_at, NULL, NULL",
	    "received_at < ?2 AND" UNDONE("closed_at"), "request_id"),
	[KQ_DECIDED] = K("decided_at, decided_at, recommended_route,"
	    " decided_by", IN("decided_at"), "request_id"),
	[KQ_GOALS] = PLAN "g.status, g.zrm_end - g.zrm_start" PLAN_FROM
	    " JOIN goal g ON g.plan_id = p.plan_id WHERE " IN("p.closed_at")
	    " AND g.status IN ('achieved', 'partly', 'not_achieved')",
	[KQ_PLANS_CLOSED] = PLAN "CASE WHEN p.evaluated_at IS NULL THEN 'no'"
	    " ELSE 'yes' END, NULL" PLAN_FROM " WHERE " IN("p.closed_at"),
	[KQ_OPEN_PLANS] = PLAN "NULL, NULL" PLAN_FROM " WHERE p.opened_at < ?2"
	    " AND (p.closed_at IS NULL OR p.closed_at >= ?1)",
	[KQ_STAFF] = "SELECT district, NULL, NULL, NULL, NULL, NULL, NULL,"
	    " staff_id, NULL, NULL, NULL, NULL, NULL, fte, NULL FROM staff",
	[KQ_COMPLAINTS_IN] = COMPLAINT IN("c.received_at"),
	[KQ_COMPLAINTS_DONE] = COMPLAINT IN("c.resolved_at"),
	/* the groups of the requests that may have a legal clock (SPEC 6b) */
	[KQ_CLOCK_REQUESTS] = K("NULL, NULL, NULL, NULL",
	    "received_at < ?2 AND law IN (SELECT law FROM legal_term)",
	    "request_id"),
};

/* kpi_r, made on the first query of the connection that reads it: 0, -1. */
static int
kpi_table(struct swt_db *db)
{
	sqlite3_stmt *s;
	int rc;

	if (!(s = db_stmt(db, S_KPI_TABLE, "SELECT 1 FROM temp.sqlite_master"
	    " WHERE name = 'kpi_r'")))
		return -1;
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE ||
	    sqlite3_exec(db->h, kpi_r, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, "kpi");
	return 0;
}

int
swt_db_kpi(struct swt_db *db, enum swt_kpi_query q, const char *from,
    const char *end, int (*fn)(void *ctx, char *const *vals), void *ctx)
{
	sqlite3_stmt *s;
	char *v[KC_N];
	int rc;

	if (q < KQ_GOALS || q == KQ_CLOCK_REQUESTS ? kpi_table(db) : 0)
		return -1;
	if (!(s = db_stmt(db, (enum db_slot)(S_KPI + q), sql[q])))
		return -1;
	sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, end, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < KC_N; i++)
			v[i] = (char *)sqlite3_column_text(s, i);
		if (fn(ctx, v)) {
			sqlite3_reset(s);
			return -1;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "kpi");
}
