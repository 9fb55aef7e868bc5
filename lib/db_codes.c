/* db_codes.c - the code lists the database holds */
#include <stdlib.h>
#include <string.h>

#include "swt.h"
#include "db_sqlite.h"

/* Whether the database holds a list of this name: 1, 0, -1 on an error. */
static int
has_list(struct swt_db *db, const char *list)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM code WHERE list = ?",
	    -1, &s, NULL) != SQLITE_OK)
		return db_fail(db, "seed");
	sqlite3_bind_text(s, 1, list, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : db_fail(db,
	    "seed");
}

int
db_codes_seed(struct swt_db *db, int new_lists)
{
	sqlite3_stmt *s;
	const char *skip[64];
	size_t nskip = 0;
	int rc = 0;

	/* a list the database has is the municipality's: left as it is */
	for (size_t i = 0; new_lists && i < swt_ncodes_default; i++) {
		const char *l = swt_codes_default[i].list;

		if ((i == 0 || strcmp(l, swt_codes_default[i - 1].list)) &&
		    nskip < 64 && (rc = has_list(db, l)) != 0) {
			if (rc < 0)
				return -1;
			skip[nskip++] = l;
		}
	}
	if (sqlite3_prepare_v2(db->h, "INSERT OR IGNORE INTO code (list, code,"
	    " parent, label, ord) VALUES (?,?,?,?,?)", -1, &s, NULL) !=
	    SQLITE_OK)
		return db_fail(db, "seed");
	rc = 0;
	for (size_t i = 0; i < swt_ncodes_default && !rc; i++) {
		const struct swt_code *c = &swt_codes_default[i];
		size_t k = 0;

		while (k < nskip && strcmp(skip[k], c->list))
			k++;
		if (k < nskip)
			continue;
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, c->list, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, c->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, c->parent, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, c->label, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, (sqlite3_int64)i);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = db_fail(db, "seed");
	}
	sqlite3_finalize(s);
	return rc;
}

struct swt_codes *
swt_db_codes(struct swt_db *db)
{
	sqlite3_stmt *s;
	struct swt_code *c = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (sqlite3_prepare_v2(db->h, "SELECT list, code, parent, label FROM"
	    " code ORDER BY list, ord", -1, &s, NULL) != SQLITE_OK) {
		db_fail(db, "codes");
		return NULL;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *p;

		if (n == cap) {
			struct swt_code *t;

			cap = cap ? cap * 2 : 256;
			if (!(t = realloc(c, cap * sizeof *c)))
				goto nomem;
			c = t;
		}
		p = (const char *)sqlite3_column_text(s, 2);
		c[n].list = strdup((const char *)sqlite3_column_text(s, 0));
		c[n].code = strdup((const char *)sqlite3_column_text(s, 1));
		c[n].parent = p ? strdup(p) : NULL;
		p = (const char *)sqlite3_column_text(s, 3);
		c[n].label = strdup(p ? p : "");
		n++;
		if (!c[n - 1].list || !c[n - 1].code || !c[n - 1].label)
			goto nomem;
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "cannot read the code lists");
		sqlite3_finalize(s);
		swt_codes_free(swt_codes_adopt(c, n));
		return NULL;
	}
	sqlite3_finalize(s);
	return swt_codes_adopt(c, n);
nomem:
	sqlite3_finalize(s);
	swt_codes_free(swt_codes_adopt(c, n));
	swt_fmt(db->err, sizeof db->err, "out of memory");
	return NULL;
}

int
swt_db_codes_each(struct swt_db *db, const char *list,
    int (*fn)(void *ctx, char *const *vals), void *ctx)
{
	sqlite3_stmt *s;
	int rc = 0, step;

	if (sqlite3_prepare_v2(db->h, "SELECT list, code, coalesce(parent,"
	    " ''), coalesce(label, '') FROM code WHERE ?1 IS NULL OR list ="
	    " ?1 ORDER BY list, ord", -1, &s, NULL) != SQLITE_OK)
		return db_fail(db, "codes");
	sqlite3_bind_text(s, 1, list, -1, SQLITE_STATIC);
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		char *v[4];

		for (int i = 0; i < 4; i++)
			v[i] = (char *)sqlite3_column_text(s, i);
		rc = fn(ctx, v);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_fail(db, "cannot read the code lists");
	sqlite3_finalize(s);
	return rc;
}
