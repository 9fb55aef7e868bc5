/* db_audit.c - the audit log: a hash chain, appended and verified */
#include <string.h>
#include <strings.h>

#include "swt.h"
#include "db_sqlite.h"

static void
chain_hash(const char *prev, char *const *v, char out[65])
{
	struct swt_sha256 s;

	swt_sha256_init(&s);
	swt_sha256_add(&s, prev, strlen(prev));
	for (int i = 0; i < 7; i++) {
		swt_sha256_add(&s, "\x1f", 1);
		if (v[i])
			swt_sha256_add(&s, v[i], strlen(v[i]));
	}
	swt_sha256_hex(&s, out);
}

static const char zero_hash[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static const char sql_audit_last[] =
    "SELECT hash FROM audit ORDER BY audit_id DESC LIMIT 1";
static const char sql_audit_insert[] =
    "INSERT INTO audit (at, user, command, action,"
    " entity, entity_id, detail, hash) VALUES (?,?,?,?,?,?,?,?)";

static int
audit_add(struct swt_db *db, const char *command, const char *action,
    const char *entity, const char *entity_id, const char *detail)
{
	sqlite3_stmt *s = db_stmt(db, S_AUDIT_LAST, sql_audit_last);
	char prev[65], hash[65];
	char *v[7];
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		swt_fmt(prev, sizeof prev, "%s", sqlite3_column_text(s, 0));
	else if (rc == SQLITE_DONE)
		memcpy(prev, zero_hash, sizeof prev);
	else
		return db_fail(db, "audit");
	sqlite3_reset(s);
	v[0] = (char *)db_now(db);
	v[1] = db->user;
	v[2] = (char *)command;
	v[3] = (char *)action;
	v[4] = (char *)entity;
	v[5] = (char *)entity_id;
	v[6] = (char *)detail;
	chain_hash(prev, v, hash);
	if (!(s = db_stmt(db, S_AUDIT_INSERT, sql_audit_insert)))
		return -1;
	for (int i = 0; i < 7; i++)
		sqlite3_bind_text(s, i + 1, v[i], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, hash, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "audit");
	return 0;
}

/*
 * Append an entry.  The last hash is read and the entry written under one
 * write lock: outside a transaction this takes its own, or another process
 * could append in between and break the chain.
 */
int
swt_db_audit(struct swt_db *db, const char *command, const char *action,
    const char *entity, const char *entity_id, const char *detail)
{
	if (!sqlite3_get_autocommit(db->h))
		return audit_add(db, command, action, entity, entity_id,
		    detail);
	if (swt_db_begin(db))
		return -1;
	if (audit_add(db, command, action, entity, entity_id, detail)) {
		swt_db_rollback(db);
		return -1;
	}
	return swt_db_commit(db);
}

/*
 * The triggers that make the log append-only (schema.c): each there, on
 * the audit table, before its event, and raising an error.
 */
static int
triggers_verify(struct swt_db *db,
    void (*report)(void *ctx, int severe, const char *msg), void *ctx)
{
	static const char *const trig[][2] = {
		{ "audit_no_update", "UPDATE" },
		{ "audit_no_delete", "DELETE" },
	};
	sqlite3_stmt *s;
	char msg[512];
	int bad = 0;

	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM sqlite_schema"
	    " WHERE type = 'trigger' AND name = ?1 AND tbl_name = 'audit'"
	    " AND sql LIKE '%BEFORE%' || ?2 || '%ON%audit%RAISE%(%ABORT%'",
	    -1, &s, NULL) != SQLITE_OK)
		return db_fail(db, "check");
	for (size_t i = 0; i < sizeof trig / sizeof *trig; i++) {
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, trig[i][0], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, trig[i][1], -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_ROW) {
			sqlite3_finalize(s);
			return db_fail(db, "check");
		}
		if (sqlite3_column_int(s, 0) == 0) {
			swt_fmt(msg, sizeof msg, "audit: trigger %s is missing "
			    "or altered: the log is no longer append-only",
			    trig[i][0]);
			report(ctx, 1, msg);
			bad++;
		}
	}
	sqlite3_finalize(s);
	return bad;
}

/* The chain from its start, for swt_db_check (see db_sqlite.h). */
int
db_audit_verify(struct swt_db *db, const char *held,
    void (*report)(void *ctx, int severe, const char *msg), void *ctx,
    char last[65], long long *rows, int *whole)
{
	sqlite3_stmt *s;
	char msg[512], prev[65], hash[65];
	int bad = 0, found = 0, rc;
	long long id = 0;
	size_t heldlen = held ? strlen(held) : 0;

	*rows = 0;
	*whole = 1;
	if ((bad = triggers_verify(db, report, ctx)) < 0)
		return -1;
	if (sqlite3_prepare_v2(db->h, "SELECT at, user, command, action,"
	    " entity, entity_id, detail, hash, audit_id FROM audit ORDER BY"
	    " audit_id", -1, &s, NULL) != SQLITE_OK)
		return db_fail(db, "check");
	memcpy(prev, zero_hash, sizeof prev);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		char *v[7];
		const char *h = (const char *)sqlite3_column_text(s, 7);

		for (int i = 0; i < 7; i++)
			v[i] = (char *)sqlite3_column_text(s, i);
		chain_hash(prev, v, hash);
		if (!h || strcmp(h, hash)) {
			swt_fmt(msg, sizeof msg, "audit: entry %lld does not "
			    "match the hash chain (altered or removed "
			    "entries)", sqlite3_column_int64(s, 8));
			report(ctx, 1, msg);
			bad++;
			swt_fmt(prev, sizeof prev, "%s", h ? h : "");
		} else
			memcpy(prev, hash, sizeof prev);
		if (held && h && !strncasecmp(h, held, heldlen))
			found = 1;
		id = sqlite3_column_int64(s, 8);
		(*rows)++;
	}
	if (rc != SQLITE_DONE) {
		if (*rows)
			swt_fmt(msg, sizeof msg, "audit: cannot read the log "
			    "after entry %lld: %s", id, sqlite3_errmsg(db->h));
		else
			swt_fmt(msg, sizeof msg, "audit: cannot read the log: "
			    "%s", sqlite3_errmsg(db->h));
		report(ctx, 1, msg);
		bad++;
		*whole = 0;
	}
	sqlite3_finalize(s);
	memcpy(last, prev, sizeof prev);
	if (held && !found) {
		swt_fmt(msg, sizeof msg, "audit: the chain no longer holds %s "
		    "(entries removed, or the log rewritten)", held);
		report(ctx, 1, msg);
		bad++;
	}
	return bad;
}
