/* db_contact.c - how contacts are stored and counted */
#include <stdlib.h>
#include <string.h>

#include "swt.h"
#include "db_sqlite.h"

/* The contact table's columns by field, in the order of enum swt_cf. */
static const char *const column[CF_N] = {
	[CF_CONTACT_REF] = "contact_ref", [CF_DATE] = "date",
	[CF_KIND] = "kind", [CF_STAFF] = "staff", [CF_MINUTES] = "minutes",
};

#define COLUMNS "contact_ref, date, kind, staff, minutes"
#define NCOLUMNS 5
#define SELECT "SELECT " COLUMNS ", contact_id, request_id, plan_id" \
	" FROM contact "

static const char sql_by_ref[] = SELECT "WHERE contact_ref = ?";
/*
 * Whose contacts: a request's (?1; ?2 NULL) or a plan's (?2; ?1 NULL).
 * Each has its statement, so that each uses its own index ('+' keeps the
 * other's out: every request's contact has plan_id NULL).
 */
#define OF_REQUEST "c.request_id = ?1 AND +c.plan_id IS ?2"
#define OF_PLAN "+c.request_id IS ?1 AND c.plan_id = ?2"
#define FIND(of) SELECT "c WHERE " of " AND date = ?4 AND kind = ?5 AND" \
	" staff IS ?6 AND minutes IS ?7 AND (?3 IS NULL OR contact_ref IS" \
	" NULL) ORDER BY contact_id LIMIT 1"
static const char *const sql_find[] = { FIND(OF_REQUEST), FIND(OF_PLAN) };
static const char sql_insert[] =
    "INSERT INTO contact (" COLUMNS ", request_id, plan_id, created_at)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8)";
static const char sql_update[] =
    "UPDATE contact SET contact_ref = ?1, date = ?2, kind = ?3, staff = ?4,"
    " minutes = ?5, request_id = ?6, plan_id = ?7 WHERE contact_id = ?8";
/*
 * The request's latest decision (SPEC 7: decided_at, then decision_id):
 * the row of the greatest of both, whose route SQLite gives with max()
 * without sorting (a sort or a subquery per contact costs an allocation).
 */
static const char sql_decision[] =
    "SELECT route, substr(max(decided_at || ' ' || printf('%020d',"
    " decision_id)), 1, 10) FROM decision WHERE request_id = ?1";
#define COUNT(of) "SELECT count(*), coalesce(sum(substr(date, 1, 10) >=" \
    " ?4), 0) FROM contact c WHERE " of " AND substr(date, 1, 10) <= ?3"
static const char *const sql_count[] = { COUNT(OF_REQUEST), COUNT(OF_PLAN) };
static const char sql_last[] =
    "SELECT max(date) FROM contact WHERE request_id = ?";
static const char sql_contact_plan[] =
    "SELECT pl.plan_id, pl.opened_at FROM person p LEFT JOIN plan pl ON"
    " pl.client_id = p.client_id AND pl.status = 'open'"
    " WHERE p.client_id = ?";
static const char sql_norm[] = "SELECT value FROM norm WHERE norm = ?";

void
swt_db_contact_free(struct swt_db_contact *c)
{
	for (int f = 0; f < CF_N; f++) {
		free(c->v[f]);
		c->v[f] = NULL;
	}
}

/* The row s is on into out: 1, 0 none, -1 an error. */
static int
one(struct swt_db *db, sqlite3_stmt *s, struct swt_db_contact *out)
{
	int rc, k = 0, nomem = 0;

	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	if (rc != SQLITE_ROW)
		return db_fail(db, "contact");
	for (int f = 0; f < CF_N; f++) {
		const char *t;

		if (!column[f])
			continue;
		t = (const char *)sqlite3_column_text(s, k++);
		if (t && *t && !(out->v[f] = strdup(t)))
			nomem = 1;
	}
	out->contact_id = sqlite3_column_int64(s, NCOLUMNS);
	out->request_id = sqlite3_column_int64(s, NCOLUMNS + 1);
	out->plan_id = sqlite3_column_int64(s, NCOLUMNS + 2);
	sqlite3_reset(s);
	if (nomem) {
		swt_db_contact_free(out);
		swt_fmt(db->err, sizeof db->err, "out of memory");
		return -1;
	}
	return 1;
}

/* Bind an id, NULL when 0. */
static void
bind_id(sqlite3_stmt *s, int i, long long id)
{
	if (id)
		sqlite3_bind_int64(s, i, id);
	else
		sqlite3_bind_null(s, i);
}

int
swt_db_contact_by_ref(struct swt_db *db, const char *contact_ref,
    struct swt_db_contact *out)
{
	sqlite3_stmt *s = db_stmt(db, S_CONTACT_BY_REF, sql_by_ref);

	memset(out, 0, sizeof *out);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, contact_ref, -1, SQLITE_STATIC);
	return one(db, s, out);
}

int
swt_db_contact_find(struct swt_db *db, long long request_id,
    long long plan_id, const char *const *v, struct swt_db_contact *out)
{
	sqlite3_stmt *s = request_id ? db_stmt(db, S_CONTACT_FIND,
	    sql_find[0]) : db_stmt(db, S_CONTACT_FIND_PLAN, sql_find[1]);

	memset(out, 0, sizeof *out);
	if (!s)
		return -1;
	bind_id(s, 1, request_id);
	bind_id(s, 2, request_id ? 0 : plan_id);
	db_bind_opt(s, 3, v[CF_CONTACT_REF], 0);
	db_bind_opt(s, 4, v[CF_DATE], 0);
	db_bind_opt(s, 5, v[CF_KIND], 0);
	db_bind_opt(s, 6, v[CF_STAFF], 0);
	db_bind_opt(s, 7, v[CF_MINUTES], 1);
	return one(db, s, out);
}

int
swt_db_contact_put(struct swt_db *db, long long request_id,
    long long plan_id, const char *const *v, long long *id)
{
	sqlite3_stmt *s = *id ? db_stmt(db, S_CONTACT_UPDATE, sql_update) :
	    db_stmt(db, S_CONTACT_INSERT, sql_insert);
	int k = 1;

	if (!s)
		return -1;
	for (int f = 0; f < CF_N; f++)
		if (column[f])
			db_bind_opt(s, k++, v[f], f == CF_MINUTES);
	bind_id(s, k++, request_id);
	bind_id(s, k++, request_id ? 0 : plan_id);
	if (*id)
		sqlite3_bind_int64(s, k, *id);
	else
		sqlite3_bind_text(s, k, db_now(db), -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "contact");
	if (!*id)
		*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int
swt_db_contact_count(struct swt_db *db, long long request_id,
    long long plan_id, const char *date, long *n, long *since, char *route,
    size_t len)
{
	sqlite3_stmt *d = db_stmt(db, S_CONTACT_DECISION, sql_decision);
	sqlite3_stmt *s = request_id ? db_stmt(db, S_CONTACT_COUNT,
	    sql_count[0]) : db_stmt(db, S_CONTACT_COUNT_PLAN, sql_count[1]);
	const char *r;

	if (!d || !s)
		return -1;
	sqlite3_bind_int64(d, 1, request_id);
	if (sqlite3_step(d) != SQLITE_ROW)
		return db_fail(db, "decision");
	r = (const char *)sqlite3_column_text(d, 0);
	swt_fmt(route, len, "%s", r ? r : "");
	bind_id(s, 1, request_id);
	bind_id(s, 2, request_id ? 0 : plan_id);
	sqlite3_bind_text(s, 3, date, 10, SQLITE_STATIC);
	/* no decision: every contact is before it */
	if ((r = (const char *)sqlite3_column_text(d, 1)))
		sqlite3_bind_text(s, 4, r, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_text(s, 4, "9999", -1, SQLITE_STATIC);
	sqlite3_reset(d);
	if (sqlite3_step(s) != SQLITE_ROW)
		return db_fail(db, "contact");
	*n = (long)sqlite3_column_int64(s, 0);
	*since = (long)sqlite3_column_int64(s, 1);
	sqlite3_reset(s);
	return 0;
}

/* The text of one column of one row into out: 1, 0 no row or NULL, -1. */
static int
text_of(struct swt_db *db, sqlite3_stmt *s, int col, char *out, size_t len)
{
	const char *t;
	int rc;

	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	if (rc != SQLITE_ROW)
		return db_fail(db, "contact");
	t = (const char *)sqlite3_column_text(s, col);
	swt_fmt(out, len, "%s", t ? t : "");
	sqlite3_reset(s);
	return t != NULL;
}

int
swt_db_contact_last(struct swt_db *db, long long request_id, char *date,
    size_t len)
{
	sqlite3_stmt *s = db_stmt(db, S_CONTACT_LAST, sql_last);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, request_id);
	return text_of(db, s, 0, date, len);
}

int
swt_db_contact_plan(struct swt_db *db, const char *client_id,
    long long *plan_id, char *opened, size_t len)
{
	sqlite3_stmt *s = db_stmt(db, S_CONTACT_PLAN, sql_contact_plan);
	int rc;

	*plan_id = 0;
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, client_id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	if (rc != SQLITE_ROW)
		return db_fail(db, "plan");
	*plan_id = sqlite3_column_int64(s, 0);
	swt_fmt(opened, len, "%s", sqlite3_column_text(s, 1) ?
	    (const char *)sqlite3_column_text(s, 1) : "");
	sqlite3_reset(s);
	return 1;
}

int
swt_db_norm(struct swt_db *db, const char *norm, long *value)
{
	sqlite3_stmt *s = db_stmt(db, S_NORM, sql_norm);
	char buf[24];
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, norm, -1, SQLITE_STATIC);
	if ((rc = text_of(db, s, 0, buf, sizeof buf)) == 1)
		*value = strtol(buf, NULL, 10);
	return rc;
}
