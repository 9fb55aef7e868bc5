/* db_partner.c - how the partner registry is stored and listed */
#include <stdlib.h>
#include <string.h>

#include "swt.h"
#include "db_sqlite.h"

/* The columns are the fields, in the order of enum swt_pf. */
#define COLUMNS "partner_id, name, tier, domains, districts, response_days," \
	" start_days, active"

static const char sql_get[] =
    "SELECT " COLUMNS " FROM partner WHERE partner_id = ?";
static const char sql_list[] =
    "SELECT " COLUMNS " FROM partner ORDER BY rowid";
static const char sql_insert[] =
    "INSERT INTO partner (" COLUMNS ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8)";
static const char sql_update[] =
    "UPDATE partner SET name = ?2, tier = ?3, domains = ?4, districts = ?5,"
    " response_days = ?6, start_days = ?7, active = ?8"
    " WHERE partner_id = ?1";

static int
is_int(int f)
{
	return swt_partner_fields[f].type == SWT_T_INT;
}

void
swt_db_partner_free(char **v)
{
	for (int f = 0; f < PF_N; f++) {
		free(v[f]);
		v[f] = NULL;
	}
}

int
swt_db_partner_get(struct swt_db *db, const char *partner_id, char **v)
{
	sqlite3_stmt *s = db_stmt(db, S_PARTNER_GET, sql_get);
	int rc, nomem = 0;

	for (int f = 0; f < PF_N; f++)
		v[f] = NULL;
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, partner_id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_fail(db, "partner");
	for (int f = 0; f < PF_N; f++) {
		const char *t = (const char *)sqlite3_column_text(s, f);

		if (t && *t && !(v[f] = strdup(t)))
			nomem = 1;
	}
	sqlite3_reset(s);
	if (nomem) {
		swt_db_partner_free(v);
		swt_fmt(db->err, sizeof db->err, "out of memory");
		return -1;
	}
	return 1;
}

int
swt_db_partner_put(struct swt_db *db, const char *const *v, int insert)
{
	sqlite3_stmt *s = insert ? db_stmt(db, S_PARTNER_INSERT, sql_insert) :
	    db_stmt(db, S_PARTNER_UPDATE, sql_update);

	if (!s)
		return -1;
	for (int f = 0; f < PF_N; f++)
		db_bind_opt(s, f + 1, v[f], is_int(f));
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "partner");
	return 0;
}

int
swt_db_partners(struct swt_db *db, int (*fn)(void *ctx, char *const *vals),
    void *ctx)
{
	sqlite3_stmt *s;
	char *v[PF_N];
	int rc;

	if (sqlite3_prepare_v2(db->h, sql_list, -1, &s, NULL) != SQLITE_OK)
		return db_fail(db, "partner");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int f = 0; f < PF_N; f++) {
			const char *t = (const char *)sqlite3_column_text(s, f);

			v[f] = (char *)(t ? t : "");
		}
		if (fn(ctx, v)) {
			sqlite3_finalize(s);
			return -1;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "partner");
}
