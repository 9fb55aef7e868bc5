/* db_retention.c - how dossiers are read for retention and destroyed */
#include <stdlib.h>
#include <string.h>

#include "swt.h"
#include "db_sqlite.h"

static const char sql_terms[] =
    "SELECT what, years, days, counted_from, basis FROM retention_term"
    " ORDER BY rowid";
/* a request's latest decision is the one decision_latest ends on */
static const char sql_requests[] =
    "SELECT r.client_id, r.ref, r.status, r.law, r.closed_at,"
    " r.closure_reason, p.birth_date,"
    " (SELECT route FROM decision d WHERE d.request_id = r.request_id"
    "  ORDER BY decided_at DESC, decision_id DESC LIMIT 1),"
    " r.request_id,"
    " (SELECT count(*) FROM decision d WHERE d.request_id = r.request_id),"
    " (SELECT count(*) FROM referral x WHERE x.request_id = r.request_id),"
    " (SELECT count(*) FROM contact c WHERE c.request_id = r.request_id),"
    " (SELECT count(*) FROM suspension s WHERE s.request_id = r.request_id),"
    " (SELECT count(*) FROM goal g WHERE g.request_id = r.request_id)"
    " FROM request r LEFT JOIN person p ON p.client_id = r.client_id"
    " WHERE ?1 IS NULL OR r.client_id = ?1"
    " ORDER BY r.client_id, r.request_id";
/* goals and contacts of the plans, unless a request holds them */
static const char sql_dossier[] =
    "SELECT (SELECT count(*) FROM person WHERE client_id = ?1),"
    " (SELECT count(*) FROM plan WHERE client_id = ?1),"
    " (SELECT count(*) FROM plan WHERE client_id = ?1 AND status = 'open'),"
    " (SELECT count(*) FROM goal WHERE request_id IS NULL AND plan_id IN"
    "  (SELECT plan_id FROM plan WHERE client_id = ?1)),"
    " (SELECT count(*) FROM contact WHERE request_id IS NULL AND plan_id IN"
    "  (SELECT plan_id FROM plan WHERE client_id = ?1)),"
    " (SELECT count(*) FROM complaint WHERE client_id = ?1)";
static const char sql_referrals[] =
    "SELECT x.referral_id, r.ref, x.kind, x.status, x.applied_at,"
    " x.decided_at, x.ended_at, x.withdrawn_at"
    " FROM request r JOIN referral x ON x.request_id = r.request_id"
    " WHERE r.client_id = ?1 ORDER BY x.referral_id";
/*
 * Destroying, in an order the foreign keys allow: what hangs from each
 * request (by request_id), what hangs from the resident (by client_id),
 * the requests, the person.
 */
enum { BY_REQUEST, BY_CLIENT };
static const struct {
	int by;
	const char *sql;
} del[] = {
	{ BY_REQUEST, "DELETE FROM suspension WHERE request_id = ?1" },
	{ BY_REQUEST, "DELETE FROM contact WHERE request_id = ?1" },
	{ BY_REQUEST, "DELETE FROM goal WHERE request_id = ?1" },
	{ BY_REQUEST, "DELETE FROM referral WHERE request_id = ?1" },
	{ BY_REQUEST, "DELETE FROM decision WHERE request_id = ?1" },
	{ BY_CLIENT, "DELETE FROM contact WHERE plan_id IN"
	    " (SELECT plan_id FROM plan WHERE client_id = ?1)" },
	{ BY_CLIENT, "DELETE FROM goal WHERE plan_id IN"
	    " (SELECT plan_id FROM plan WHERE client_id = ?1)" },
	{ BY_CLIENT, "DELETE FROM plan WHERE client_id = ?1" },
	{ BY_CLIENT, "DELETE FROM complaint WHERE client_id = ?1" },
	{ BY_REQUEST, "DELETE FROM request WHERE request_id = ?1" },
	{ BY_CLIENT, "DELETE FROM person WHERE client_id = ?1" },
};

int
swt_db_retention_terms(struct swt_db *db, struct swt_retention_term **out,
    size_t *n)
{
	sqlite3_stmt *s;
	struct swt_retention_term *t = NULL, *more;
	size_t k = 0;
	int rc;

	if (sqlite3_prepare_v2(db->h, sql_terms, -1, &s, NULL) != SQLITE_OK)
		return db_fail(db, "retention_term");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!(more = realloc(t, (k + 1) * sizeof *t))) {
			rc = SQLITE_NOMEM;
			break;
		}
		t = more;
		memset(&t[k], 0, sizeof *t);
		swt_fmt(t[k].what, sizeof t[k].what, "%s",
		    sqlite3_column_text(s, 0));
		t[k].years = sqlite3_column_int64(s, 1);
		t[k].days = sqlite3_column_int64(s, 2);
		swt_fmt(t[k].counted_from, sizeof t[k].counted_from, "%s",
		    sqlite3_column_text(s, 3));
		if (sqlite3_column_text(s, 4))
			swt_fmt(t[k].basis, sizeof t[k].basis, "%s",
			    sqlite3_column_text(s, 4));
		k++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(t);
		swt_fmt(db->err, sizeof db->err, "retention_term: %s",
		    rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(db->h));
		return -1;
	}
	*out = t;
	*n = k;
	return 0;
}

int
swt_db_dossier_requests(struct swt_db *db, const char *client_id,
    int (*fn)(void *ctx, const struct swt_db_dossier_request *r), void *ctx)
{
	sqlite3_stmt *s = db_stmt(db, S_RET_REQUESTS, sql_requests);
	struct swt_db_dossier_request r;
	int rc, k;

	if (!s)
		return -1;
	db_bind_opt(s, 1, client_id, 0);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r.client_id = db_text(s, 0);
		r.ref = db_text(s, 1);
		r.status = db_text(s, 2);
		r.law = db_text(s, 3);
		r.closed_at = db_text(s, 4);
		r.closure_reason = db_text(s, 5);
		r.birth_date = db_text(s, 6);
		r.route = db_text(s, 7);
		r.request_id = sqlite3_column_int64(s, 8);
		r.decisions = (long)sqlite3_column_int64(s, 9);
		r.referrals = (long)sqlite3_column_int64(s, 10);
		r.contacts = (long)sqlite3_column_int64(s, 11);
		r.suspensions = (long)sqlite3_column_int64(s, 12);
		r.goals = (long)sqlite3_column_int64(s, 13);
		if ((k = fn(ctx, &r)) != 0) {
			sqlite3_reset(s);
			return k;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "request");
}

int
swt_db_dossier_get(struct swt_db *db, const char *client_id,
    struct swt_db_dossier *out)
{
	sqlite3_stmt *s = db_stmt(db, S_RET_DOSSIER, sql_dossier);

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, client_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		return db_fail(db, "person");
	out->person = sqlite3_column_int(s, 0) > 0;
	out->plans = (long)sqlite3_column_int64(s, 1);
	out->open_plans = (long)sqlite3_column_int64(s, 2);
	out->goals = (long)sqlite3_column_int64(s, 3);
	out->contacts = (long)sqlite3_column_int64(s, 4);
	out->complaints = (long)sqlite3_column_int64(s, 5);
	sqlite3_reset(s);
	return 0;
}

int
swt_db_dossier_referrals(struct swt_db *db, const char *client_id,
    int (*fn)(void *ctx, const struct swt_db_dossier_referral *x),
    void *ctx)
{
	sqlite3_stmt *s = db_stmt(db, S_RET_REFERRALS, sql_referrals);
	struct swt_db_dossier_referral x;
	int rc, k;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, client_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		x.referral_id = sqlite3_column_int64(s, 0);
		x.ref = db_text(s, 1);
		x.kind = db_text(s, 2);
		x.status = db_text(s, 3);
		x.applied_at = db_text(s, 4);
		x.decided_at = db_text(s, 5);
		x.ended_at = db_text(s, 6);
		x.withdrawn_at = db_text(s, 7);
		if ((k = fn(ctx, &x)) != 0) {
			sqlite3_reset(s);
			return k;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "referral");
}

/* Statement i of del[] for one key. */
static int
del_one(struct swt_db *db, size_t i, const char *client_id, long long id)
{
	sqlite3_stmt *s = db_stmt(db, (enum db_slot)(S_RET_DEL + i),
	    del[i].sql);

	if (!s)
		return -1;
	if (del[i].by == BY_CLIENT)
		sqlite3_bind_text(s, 1, client_id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "destroy");
	sqlite3_reset(s);
	return 0;
}

int
swt_db_dossier_destroy(struct swt_db *db, const char *client_id,
    const long long *ids, size_t n)
{
	/* deleted content is overwritten, not only unlinked */
	if (sqlite3_exec(db->h, "PRAGMA secure_delete = ON", NULL, NULL,
	    NULL) != SQLITE_OK)
		return db_fail(db, "destroy");
	for (size_t i = 0; i < sizeof del / sizeof *del; i++) {
		if (del[i].by == BY_CLIENT) {
			if (del_one(db, i, client_id, 0))
				return -1;
			continue;
		}
		for (size_t k = 0; k < n; k++)
			if (del_one(db, i, NULL, ids[k]))
				return -1;
	}
	return 0;
}

int
swt_db_scrub(struct swt_db *db)
{
	int log = 0, done = 0;

	if (sqlite3_exec(db->h, "VACUUM", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, "vacuum");
	if (sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	    &log, &done) != SQLITE_OK)
		return db_fail(db, "checkpoint (another process reading "
		    "keeps the deleted pages in the WAL: run it again when it "
		    "is done)");
	return 0;
}
