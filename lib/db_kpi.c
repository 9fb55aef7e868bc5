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

/* A request's decision: its latest (SPEC 7). */
#define LATEST \
	" LEFT JOIN decision d ON d.decision_id = (SELECT e.decision_id" \
	" FROM decision e WHERE e.request_id = r.request_id" \
	" ORDER BY e.decided_at DESC, e.decision_id DESC LIMIT 1)"
/*
 * Its support start: for eigen_inzet the first contact on or after the
 * decision's day, for sociale_basis and maatwerk the first referral sent.
 */
#define SUPPORT \
	" CASE WHEN d.route = 'eigen_inzet' THEN (SELECT min(c.date)" \
	" FROM contact c WHERE c.request_id = r.request_id AND" \
	" c.date >= substr(d.decided_at, 1, 10))" \
	" WHEN d.route IN ('sociale_basis', 'maatwerk') THEN" \
	" (SELECT min(x.sent_at) FROM referral x WHERE" \
	" x.request_id = r.request_id) END"
/*
 * The requests that where selects, with what the KPIs read of them.  KM
 * keeps them in a table of the query's own, for a query that reads the
 * support start more than once: else each read would look it up again.
 */
#define K(where) " k AS" KSELECT(where)
#define KM(where) " k AS MATERIALIZED" KSELECT(where)
#define KSELECT(where) \
	" (SELECT r.district, r.law, r.service, r.kind, r.channel," \
	" r.source, d.route, r.staff, r.ref, r.request_id, r.client_id," \
	" r.received_at, r.intake_at, r.closed_at, d.decided_at," \
	" d.decided_by, d.recommended_route," SUPPORT " AS support" \
	" FROM request r" LATEST " WHERE " where ")" \
	" SELECT district, law, service, kind, channel, source, route, staff," \
	" ref, request_id, client_id, "
#define IN(col) col " >= ?1 AND " col " < ?2"
/*
 * Not done by the period's start: by the index on col, as two ranges (an
 * OR of them would scan every request received before the end).
 */
#define UNDONE(col) \
	" r.request_id IN (SELECT request_id FROM request WHERE " col \
	" IS NULL UNION ALL SELECT request_id FROM request WHERE " col \
	" >= ?1)"
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
/* A toewijzen referral of k's request that started, of these products. */
#define STARTED(products) \
	"EXISTS (SELECT 1 FROM referral x WHERE x.request_id = k.request_id" \
	" AND x.kind = 'toewijzen' AND x.started_at IS NOT NULL" products ")"

static const char *const sql[KQ_N] = {
	[KQ_INTAKE] = "WITH" K(IN("r.intake_at"))
	    "received_at, intake_at, NULL, NULL FROM k",
	[KQ_WAITING] = "WITH" K("r.received_at < ?2 AND" UNDONE("intake_at"))
	    "received_at, intake_at, NULL, NULL FROM k",
	[KQ_SUPPORT] = "WITH" KM("r.request_id IN (SELECT request_id FROM"
	    " referral WHERE " IN("sent_at") " UNION SELECT request_id FROM"
	    " contact WHERE " IN("date") ")")
	    "intake_at, support, NULL, NULL FROM k"
	    " WHERE " IN("support") " AND intake_at IS NOT NULL",
	[KQ_THROUGH] = "WITH" KM(IN("r.closed_at"))
	    "support, closed_at, NULL, NULL FROM k WHERE support IS NOT NULL",
	/* effectiviteit's category (verblijf: SPEC 5), a plan by closing */
	[KQ_CLOSED] = "WITH" K(IN("r.closed_at"))
	    "closed_at, closed_at, CASE"
	    " WHEN " STARTED(" AND x.product IN ('15', '16', '17', '18', '43',"
	    " '44')") " THEN 'verblijf'"
	    " WHEN route = 'maatwerk' OR " STARTED("") " THEN 'ambulant'"
	    " WHEN route = 'eigen_inzet' THEN 'eigen_inzet'"
	    " WHEN route = 'sociale_basis' THEN 'voorliggend'"
	    " WHEN route = 'advies' THEN 'zelf' END,"
	    " CASE WHEN EXISTS (SELECT 1 FROM plan p WHERE"
	    " p.client_id = k.client_id AND"
	    " substr(p.opened_at, 1, 10) <= substr(k.closed_at, 1, 10))"
	    " THEN 'yes' ELSE 'no' END FROM k",
	/* closed before (in the 365 days up to received_at), not moved away */
	[KQ_REPEAT] = "WITH cl AS MATERIALIZED (SELECT request_id, client_id,"
	    " closed_at FROM request WHERE closed_at >= date(?1, '-365 days')"
	    " AND closed_at < ?2 AND coalesce(closure_reason, '') NOT IN"
	    " ('verhuisd', 'overleden'))," K(IN("r.received_at"))
	    "received_at, received_at, CASE WHEN EXISTS (SELECT 1 FROM cl"
	    " WHERE cl.client_id = k.client_id AND"
	    " cl.request_id <> k.request_id AND"
	    " cl.closed_at >= date(k.received_at, '-365 days') AND"
	    " substr(cl.closed_at, 1, 10) <= substr(k.received_at, 1, 10))"
	    " THEN 'yes' ELSE 'no' END, NULL FROM k",
	[KQ_OPEN_REQUESTS] = "WITH" K("r.received_at < ?2 AND" UNDONE("closed_at"))
	    "received_at, closed_at, NULL, NULL FROM k",
	[KQ_DECIDED] = "WITH" K("r.request_id IN (SELECT request_id FROM"
	    " decision WHERE " IN("decided_at") ")")
	    "decided_at, decided_at, recommended_route, decided_by FROM k"
	    " WHERE " IN("decided_at"),
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
	[KQ_CLOCK_REQUESTS] = "WITH" K("r.received_at < ?2 AND r.law IN"
	    " (SELECT law FROM legal_term)")
	    "NULL, NULL, NULL, NULL FROM k",
};

int
swt_db_kpi(struct swt_db *db, enum swt_kpi_query q, const char *from,
    const char *end, int (*fn)(void *ctx, char *const *vals), void *ctx)
{
	sqlite3_stmt *s;
	char *v[KC_N];
	int rc;

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
