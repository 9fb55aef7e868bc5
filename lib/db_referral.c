/* db_referral.c - how referrals are stored and found */
#include <stdlib.h>
#include <string.h>

#include "swt.h"
#include "db_sqlite.h"

/* The referral table's columns by field, in the order of enum swt_xf. */
static const char *const column[XF_N] = {
	[XF_REFERRAL_REF] = "referral_ref", [XF_KIND] = "kind",
	[XF_PARTNER] = "partner_id", [XF_PRODUCT] = "product",
	[XF_APPLIED_AT] = "applied_at", [XF_DECIDED_AT] = "decided_at",
	[XF_SENT_AT] = "sent_at", [XF_RESPONDED_AT] = "responded_at",
	[XF_RESPONSE] = "response", [XF_STARTED_AT] = "started_at",
	[XF_ENDED_AT] = "ended_at", [XF_END_REASON] = "end_reason",
	[XF_WITHDRAWN_AT] = "withdrawn_at", [XF_REASON] = "reason",
};

#define COLUMNS "referral_ref, kind, partner_id, product, applied_at," \
	" decided_at, sent_at, responded_at, response, started_at, ended_at," \
	" end_reason, withdrawn_at, reason"
#define COLUMNS_R "referral_ref, r.kind, r.partner_id, r.product," \
	" r.applied_at, r.decided_at, r.sent_at, r.responded_at, r.response," \
	" r.started_at, r.ended_at, r.end_reason, r.withdrawn_at, r.reason"
#define NCOLUMNS 14
#define SELECT "SELECT " COLUMNS ", referral_id, request_id, status" \
	" FROM referral "

static const char sql_get[] = SELECT "WHERE referral_id = ?";
static const char sql_by_ref[] = SELECT "WHERE referral_ref = ?";
static const char sql_find[] = SELECT
    "WHERE request_id = ?1 AND kind = ?2 AND partner_id = ?3 AND"
    " (status IN ('sent', 'accepted', 'started') OR ?4 IS NULL OR"
    " sent_at = ?4)"
    " ORDER BY status IN ('sent', 'accepted', 'started') DESC,"
    " referral_id DESC LIMIT 1";
static const char sql_insert[] =
    "INSERT INTO referral (" COLUMNS ", status, request_id, created_at)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)";
static const char sql_update[] =
    "UPDATE referral SET referral_ref = ?1, kind = ?2, partner_id = ?3,"
    " product = ?4, applied_at = ?5, decided_at = ?6, sent_at = ?7,"
    " responded_at = ?8, response = ?9, started_at = ?10, ended_at = ?11,"
    " end_reason = ?12, withdrawn_at = ?13, reason = ?14, status = ?15,"
    " request_id = ?16, updated_at = ?17 WHERE referral_id = ?18";
/* Every referral with its request's ref and client, and its partner's terms. */
static const char sql_list[] =
    "SELECT r." COLUMNS_R ", r.referral_id, q.ref, q.client_id,"
    " p.response_days, p.start_days"
    " FROM referral r JOIN request q ON q.request_id = r.request_id"
    " LEFT JOIN partner p ON p.partner_id = r.partner_id"
    " WHERE ?1 IS NULL OR r.partner_id = ?1 ORDER BY r.referral_id";
static const char sql_request_ref[] =
    "SELECT ref FROM request WHERE request_id = ?";

void
swt_db_referral_free(struct swt_db_referral *x)
{
	for (int f = 0; f < XF_N; f++) {
		free(x->v[f]);
		x->v[f] = NULL;
	}
}

/* Read the row s is on into out: 1, or -1 (out of memory). */
static int
row(struct swt_db *db, sqlite3_stmt *s, struct swt_db_referral *out)
{
	int k = 0, nomem = 0;

	for (int f = 0; f < XF_N; f++) {
		const char *t;

		if (!column[f])
			continue;
		t = (const char *)sqlite3_column_text(s, k++);
		if (t && *t && !(out->v[f] = strdup(t)))
			nomem = 1;
	}
	out->referral_id = sqlite3_column_int64(s, NCOLUMNS);
	out->request_id = sqlite3_column_int64(s, NCOLUMNS + 1);
	swt_fmt(out->status, sizeof out->status, "%s",
	    (const char *)sqlite3_column_text(s, NCOLUMNS + 2));
	sqlite3_reset(s);
	if (nomem) {
		swt_db_referral_free(out);
		swt_fmt(db->err, sizeof db->err, "out of memory");
		return -1;
	}
	return 1;
}

static int
one(struct swt_db *db, sqlite3_stmt *s, struct swt_db_referral *out)
{
	int rc;

	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	if (rc != SQLITE_ROW)
		return db_fail(db, "referral");
	return row(db, s, out);
}

int
swt_db_referral_get(struct swt_db *db, long long referral_id,
    struct swt_db_referral *out)
{
	sqlite3_stmt *s = db_stmt(db, S_REF_GET, sql_get);

	memset(out, 0, sizeof *out);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, referral_id);
	return one(db, s, out);
}

int
swt_db_referral_by_ref(struct swt_db *db, const char *referral_ref,
    struct swt_db_referral *out)
{
	sqlite3_stmt *s = db_stmt(db, S_REF_BY_REF, sql_by_ref);

	memset(out, 0, sizeof *out);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, referral_ref, -1, SQLITE_STATIC);
	return one(db, s, out);
}

int
swt_db_referral_find(struct swt_db *db, long long request_id,
    const char *kind, const char *partner, const char *sent_at,
    struct swt_db_referral *out)
{
	sqlite3_stmt *s = db_stmt(db, S_REF_FIND, sql_find);

	memset(out, 0, sizeof *out);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, request_id);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, partner, -1, SQLITE_STATIC);
	db_bind_opt(s, 4, sent_at, 0);
	return one(db, s, out);
}

int
swt_db_referral_put(struct swt_db *db, long long request_id,
    const char *const *v, const char *status, long long *id)
{
	sqlite3_stmt *s = *id ? db_stmt(db, S_REF_UPDATE, sql_update) :
	    db_stmt(db, S_REF_INSERT, sql_insert);
	int k = 1;

	if (!s)
		return -1;
	for (int f = 0; f < XF_N; f++)
		if (column[f])
			db_bind_opt(s, k++, v[f], 0);
	sqlite3_bind_text(s, k++, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, k++, request_id);
	sqlite3_bind_text(s, k++, db_now(db), -1, SQLITE_STATIC);
	if (*id)
		sqlite3_bind_int64(s, k, *id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "referral");
	if (!*id)
		*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int
swt_db_request_ref(struct swt_db *db, long long request_id, char *ref,
    size_t len)
{
	sqlite3_stmt *s = db_stmt(db, S_REF_REQUEST, sql_request_ref);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, request_id);
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	if (rc != SQLITE_ROW)
		return db_fail(db, "request");
	swt_fmt(ref, len, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return 1;
}

int
swt_db_referrals(struct swt_db *db, const char *partner,
    int (*fn)(void *ctx, const struct swt_db_referral_row *row), void *ctx)
{
	struct swt_db_referral_row row;
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db->h, sql_list, -1, &s, NULL) != SQLITE_OK)
		return db_fail(db, "referral");
	db_bind_opt(s, 1, partner, 0);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int k = 0;

		memset(&row, 0, sizeof row);
		for (int f = 0; f < XF_N; f++)
			if (column[f])
				row.v[f] = db_text(s, k++);
		row.v[XF_REFERRAL_ID] = db_text(s, NCOLUMNS);
		row.v[XF_REF] = db_text(s, NCOLUMNS + 1);
		row.client_id = db_text(s, NCOLUMNS + 2);
		row.response_days = db_text(s, NCOLUMNS + 3);
		row.start_days = db_text(s, NCOLUMNS + 4);
		if (fn(ctx, &row)) {
			sqlite3_finalize(s);
			return -1;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "referral");
}
