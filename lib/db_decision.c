/* db_decision.c - triage decisions */
#include <string.h>

#include "swt.h"
#include "db_sqlite.h"

static int
same(const char *a, const unsigned char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && !strcmp(a, (const char *)b);
}

static const char *
or_dash(const char *v)
{
	return v && *v ? v : "-";
}

/*
 * The request, and its decision in force on ?2: the latest made by then
 * (SPEC 7: the greatest decided_at, then decision_id), so that a history
 * read again finds each of its decisions stored.
 */
static const char sql_decision_last[] =
    "SELECT r.request_id, r.received_at, d.recommended_route, d.route,"
    " d.regie, d.reasons, d.rules_version, d.override_reason"
    " FROM request r LEFT JOIN decision d ON d.decision_id ="
    " (SELECT decision_id FROM decision WHERE request_id = r.request_id"
    " AND decided_at <= ?2 ORDER BY decided_at DESC, decision_id DESC"
    " LIMIT 1) WHERE r.ref = ?1";
static const char sql_decision_insert[] =
    "INSERT INTO decision (request_id,"
    " recommended_route, route, regie, reasons, rules_version,"
    " override_reason, decided_by, decided_at) VALUES"
    " (?,?,?,?,?,?,?,?,?)";
static const char sql_req_decided[] =
    "UPDATE request SET status = 'decided', updated_at"
    " = ?2 WHERE request_id = ?1 AND status IN ('open', 'assessed')";

int
swt_db_decide(struct swt_db *db, const struct swt_decision *d,
    const char **field, char *why, size_t whylen)
{
	char shown[64];
	const char *v[6] = { d->recommended_route, d->route, d->regie,
	    d->reasons, d->rules_version, d->override_reason };
	const char *at = d->decided_at ? d->decided_at : db_now(db);
	const char *by = d->decided_by ? d->decided_by : db->user;
	sqlite3_stmt *s = db_stmt(db, S_DECISION_LAST, sql_decision_last);
	long long id, decision;
	char idbuf[24], detail[512];
	int i, unchanged = 1;

	if (!s)
		return -2;
	sqlite3_bind_text(s, 1, d->ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, at, -1, SQLITE_STATIC);
	switch (sqlite3_step(s)) {
	case SQLITE_ROW:
		break;
	case SQLITE_DONE:
		*field = "ref";
		swt_fmt(why, whylen, "%s is not a registered request "
		    "(swt-intake it first)", swt_shown("ref", d->ref, shown));
		return -1;
	default:
		return db_fail(db, "decision") - 1;
	}
	id = sqlite3_column_int64(s, 0);
	if (swt_decision_dated(d->decided_at, (const char *)
	    sqlite3_column_text(s, 1), field, why, whylen)) {
		sqlite3_reset(s);
		return -1;
	}
	if (sqlite3_column_type(s, 3) == SQLITE_NULL)
		unchanged = 0;
	for (i = 0; i < 6 && unchanged; i++)
		unchanged = same(v[i], sqlite3_column_text(s, i + 2));
	sqlite3_reset(s);
	if (unchanged)
		return 1;
	if (!(s = db_stmt(db, S_DECISION_INSERT, sql_decision_insert)))
		return -2;
	sqlite3_bind_int64(s, 1, id);
	for (i = 0; i < 6; i++)
		db_bind_opt(s, i + 2, v[i] && *v[i] ? v[i] : NULL, 0);
	sqlite3_bind_text(s, 8, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, at, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "decision") - 1;
	decision = sqlite3_last_insert_rowid(db->h);
	if (!(s = db_stmt(db, S_REQ_DECIDED, sql_req_decided)))
		return -2;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, db_now(db), -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "decision") - 1;
	snprintf(idbuf, sizeof idbuf, "%lld", id);
	/*
	 * The audit log is never erased: it names the decision and holds no
	 * free text.  An override's reason, and a decided_by taken from the
	 * record, stay in the decision row; a date is no free text.
	 */
	swt_fmt(detail, sizeof detail, "decision %lld: route %s (recommended "
	    "%s), regie %s, rules %s%s%s%s%s", decision, or_dash(d->route),
	    or_dash(d->recommended_route), or_dash(d->regie),
	    or_dash(d->rules_version), d->override_reason &&
	    *d->override_reason ? "; override reason given" : "",
	    d->decided_at ? "; decided_at " : "",
	    d->decided_at ? d->decided_at : "",
	    d->decided_by ? "; decided_by from the record" : "");
	return swt_db_audit(db, "swt-triage", "decide", "request", idbuf,
	    detail) ? -2 : 0;
}

/*
 * The requests with a route, each with the decision in force (the latest),
 * by resident: what a caseload's follow-up starts from (swt-gen).
 */
static const char sql_decided[] =
    "SELECT r.request_id, r.ref, r.client_id, r.received_at, r.intake_at,"
    " r.assessed_at, r.law, r.service, r.life_domain, r.district, r.staff,"
    " r.zrm, r.flags, r.financial, r.participation, d.route, d.regie,"
    " substr(d.decided_at, 1, 10) FROM request r JOIN decision d ON"
    " d.decision_id = (SELECT decision_id FROM decision WHERE request_id ="
    " r.request_id ORDER BY decided_at DESC, decision_id DESC LIMIT 1)"
    " WHERE d.route IS NOT NULL ORDER BY r.client_id, r.request_id";

int
swt_db_decided(struct swt_db *db, int (*fn)(void *ctx, size_t n,
    char *const *vals), void *ctx)
{
	return db_rows(db, sql_decided, "decided", 0, fn, ctx);
}
