/* db_staff.c - how staff and complaints are stored */
#include <stdlib.h>
#include <string.h>

#include "swt.h"
#include "db_sqlite.h"

/* The columns are the fields, in the order of enum swt_stf, swt_cmf. */
static const char *const sql_staff[] = {
	"SELECT staff_id, name, district, fte FROM staff WHERE staff_id = ?",
	"INSERT INTO staff (staff_id, name, district, fte) VALUES"
	" (?1, ?2, ?3, ?4)",
	"UPDATE staff SET name = ?2, district = ?3, fte = ?4"
	" WHERE staff_id = ?1",
};
static const char *const sql_complaint[] = {
	"SELECT ref, client_id, received_at, admissible, resolved_at"
	" FROM complaint WHERE ref = ?",
	"INSERT INTO complaint (ref, client_id, received_at, admissible,"
	" resolved_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	"UPDATE complaint SET client_id = ?2, received_at = ?3,"
	" admissible = ?4, resolved_at = ?5 WHERE ref = ?1",
};

/* The statement of e: 0 get, 1 insert, 2 update. */
static sqlite3_stmt *
stmt(struct swt_db *db, const struct swt_entity *e, int which)
{
	int staff = e == &swt_staff_entity;

	return db_stmt(db, (enum db_slot)((staff ? S_STAFF_GET :
	    S_COMPLAINT_GET) + which), (staff ? sql_staff : sql_complaint)
	    [which]);
}

void
swt_db_keyed_free(const struct swt_entity *e, char **v)
{
	for (size_t f = 0; f < e->n; f++) {
		free(v[f]);
		v[f] = NULL;
	}
}

int
swt_db_keyed_get(struct swt_db *db, const struct swt_entity *e,
    const char *key, char **v)
{
	sqlite3_stmt *s = stmt(db, e, 0);
	int rc, nomem = 0;

	for (size_t f = 0; f < e->n; f++)
		v[f] = NULL;
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_fail(db, e->name);
	for (size_t f = 0; f < e->n; f++) {
		const char *t = (const char *)sqlite3_column_text(s, (int)f);

		if (t && *t && !(v[f] = strdup(t)))
			nomem = 1;
	}
	sqlite3_reset(s);
	if (nomem) {
		swt_db_keyed_free(e, v);
		swt_fmt(db->err, sizeof db->err, "out of memory");
		return -1;
	}
	return 1;
}

int
swt_db_keyed_put(struct swt_db *db, const struct swt_entity *e,
    const char *const *v, int insert)
{
	sqlite3_stmt *s = stmt(db, e, insert ? 1 : 2);

	if (!s)
		return -1;
	for (size_t f = 0; f < e->n; f++)
		db_bind_opt(s, (int)f + 1, v[f], 0);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, e->name);
	return 0;
}
