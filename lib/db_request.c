/* db_request.c - how requests and the persons they are about are stored */
#include <stdlib.h>
#include <string.h>

#include "swt.h"
#include "db_sqlite.h"

/*
 * The request table's columns are the request's fields that are not
 * person data (swt_request_fields), in their order; the statements are
 * written from that list once.  Their text comes from the table, never
 * from input.
 */
static int
is_column(int f)
{
	return !(swt_request_fields[f].flags & SWT_F_PERSON);
}

/* The person table's columns, by request field. */
static const int person_cols[] = { RF_BSN, RF_BIRTH_DATE, RF_POSTCODE,
	RF_DISTRICT, RF_NAME };
#define NPERSON (sizeof person_cols / sizeof *person_cols)

enum { Q_INSERT, Q_GET, Q_PENDING, Q_N };

static void
cat(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);

	swt_fmt(buf + n, len - n, "%s", s);
}

/*
 * The column list, each name followed by tail ("", " = ?"); with open set,
 * without the closure, which an open request has not.
 */
static void
columns(char *buf, size_t len, const char *tail, int open)
{
	for (int f = 0; f < RF_N; f++)
		if (is_column(f) && !(open && (f == RF_CLOSED_AT ||
		    f == RF_CLOSURE_REASON))) {
			cat(buf, len, swt_request_fields[f].name);
			cat(buf, len, tail);
			cat(buf, len, ", ");
		}
}

static const char *
sql(int q)
{
	static char text[Q_N][2048];
	char *b = text[q];
	size_t len = sizeof text[q];

	if (*b)
		return b;
	switch (q) {
	case Q_INSERT:
		cat(b, len, "INSERT INTO request (");
		columns(b, len, "", 0);
		cat(b, len, "client_id, status, created_at) VALUES (");
		for (int f = 0; f < RF_N; f++)
			if (is_column(f))
				cat(b, len, "?, ");
		cat(b, len, "?, ?, ?) ON CONFLICT (ref) DO NOTHING");
		break;
	case Q_GET:
		cat(b, len, "SELECT ");
		columns(b, len, "", 0);
		cat(b, len, "client_id, status, request_id FROM request WHERE"
		    " ref = ?");
		break;
	case Q_PENDING:
		cat(b, len, "SELECT ");
		columns(b, len, "", 1);
		cat(b, len, "request_id, client_id FROM request r WHERE"
		    " assessed_at IS NOT NULL AND closed_at IS NULL AND NOT"
		    " EXISTS (SELECT 1 FROM decision d WHERE d.request_id ="
		    " r.request_id) ORDER BY request_id");
		break;
	}
	return b;
}

/* Bind the request's columns from parameter 1 on: the next parameter. */
static int
bind_columns(sqlite3_stmt *s, const char *const *v)
{
	int k = 1;

	for (int f = 0; f < RF_N; f++)
		if (is_column(f))
			db_bind_opt(s, k++, v[f],
			    swt_request_fields[f].type == SWT_T_INT);
	return k;
}

static char *
dup_text(sqlite3_stmt *s, int col, int *nomem)
{
	const char *t = (const char *)sqlite3_column_text(s, col);
	char *d;

	if (!t)
		return NULL;
	if (!(d = strdup(t)))
		*nomem = 1;
	return d;
}

void
swt_db_request_free(struct swt_db_request *rq)
{
	for (int f = 0; f < RF_N; f++) {
		free(rq->v[f]);
		rq->v[f] = NULL;
	}
}

int
swt_db_request_get(struct swt_db *db, const char *ref,
    struct swt_db_request *out)
{
	sqlite3_stmt *s = db_stmt(db, S_REQ_GET, sql(Q_GET));
	int k = 0, nomem = 0, rc;

	memset(out, 0, sizeof *out);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_fail(db, "request");
	for (int f = 0; f < RF_N; f++)
		if (is_column(f))
			out->v[f] = dup_text(s, k++, &nomem);
	swt_fmt(out->client_id, sizeof out->client_id, "%s",
	    sqlite3_column_text(s, k));
	swt_fmt(out->status, sizeof out->status, "%s",
	    sqlite3_column_text(s, k + 1));
	out->request_id = sqlite3_column_int64(s, k + 2);
	sqlite3_reset(s);
	if (nomem) {
		swt_db_request_free(out);
		swt_fmt(db->err, sizeof db->err, "out of memory");
		return -1;
	}
	return 0;
}

int
swt_db_request_put(struct swt_db *db, const char *const *v,
    const char *client_id, const char *status, long long *id)
{
	sqlite3_stmt *s = db_stmt(db, S_REQ_INSERT, sql(Q_INSERT));
	int k;

	if (!s)
		return -1;
	k = bind_columns(s, v);
	sqlite3_bind_text(s, k, client_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, k + 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, k + 2, db_now(db), -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "request");
	if (!sqlite3_changes(db->h))
		return 0;	/* the ref is there */
	*id = sqlite3_last_insert_rowid(db->h);
	return 1;
}

/*
 * An update sets only what changed: SQLite rewrites the entries of every
 * index on a column that is set, and setting client_id (a foreign key)
 * makes each update keep a statement journal.  Set at 10 M requests, an
 * import of assessments rewrote a random index and wrote some 170 kB per
 * record.  The few shapes an import makes (bit f: column f; then
 * client_id, status) are kept prepared, the oldest made again.
 */
#define SHAPE_CLIENT (1ULL << RF_N)
#define SHAPE_STATUS (1ULL << (RF_N + 1))

static sqlite3_stmt *
update_stmt(struct swt_db *db, unsigned long long shape)
{
	char text[2048] = "UPDATE request SET ";
	int i;

	for (i = 0; i < DB_REQ_SHAPES; i++)
		if (db->req_shape[i] == shape && db->st[S_REQ_UPDATE + i])
			return db_stmt(db, S_REQ_UPDATE + i, NULL);
	i = db->req_next++ % DB_REQ_SHAPES;
	sqlite3_finalize(db->st[S_REQ_UPDATE + i]);
	db->st[S_REQ_UPDATE + i] = NULL;
	for (int f = 0; f < RF_N; f++)
		if (shape & 1ULL << f) {
			cat(text, sizeof text, swt_request_fields[f].name);
			cat(text, sizeof text, " = ?, ");
		}
	if (shape & SHAPE_CLIENT)
		cat(text, sizeof text, "client_id = ?, ");
	if (shape & SHAPE_STATUS)
		cat(text, sizeof text, "status = ?, ");
	cat(text, sizeof text, "updated_at = ? WHERE request_id = ?");
	db->req_shape[i] = shape;
	return db_stmt(db, S_REQ_UPDATE + i, text);
}

int
swt_db_request_update(struct swt_db *db, const char *const *v,
    const char *client_id, const char *status,
    const struct swt_db_request *old)
{
	unsigned long long shape = 0;
	sqlite3_stmt *s;
	int k = 1;

	for (int f = 0; f < RF_N; f++)
		if (is_column(f) && !swt_same(v[f], old->v[f]))
			shape |= 1ULL << f;
	if (strcmp(client_id, old->client_id))
		shape |= SHAPE_CLIENT;
	if (strcmp(status, old->status))
		shape |= SHAPE_STATUS;
	if (!(s = update_stmt(db, shape)))
		return -1;
	for (int f = 0; f < RF_N; f++)
		if (shape & 1ULL << f)
			db_bind_opt(s, k++, v[f],
			    swt_request_fields[f].type == SWT_T_INT);
	if (shape & SHAPE_CLIENT)
		sqlite3_bind_text(s, k++, client_id, -1, SQLITE_STATIC);
	if (shape & SHAPE_STATUS)
		sqlite3_bind_text(s, k++, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, k++, db_now(db), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, k, old->request_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "request");
	return 0;
}

void
swt_db_client_id(struct swt_db *db, const char *bsn, char out[16])
{
	swt_client_id(db->key, bsn, out);
}

static const char sql_person_get[] =
    "SELECT bsn, birth_date, postcode, district, name"
    " FROM person WHERE client_id = ?";

int
swt_db_person_get(struct swt_db *db, const char *client_id, char **v)
{
	sqlite3_stmt *s = db_stmt(db, S_PERSON_GET, sql_person_get);
	int rc, nomem = 0;

	for (size_t i = 0; i < NPERSON; i++)
		v[person_cols[i]] = NULL;
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, client_id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_fail(db, "person");
	for (size_t i = 0; i < NPERSON; i++)
		v[person_cols[i]] = dup_text(s, (int)i, &nomem);
	sqlite3_reset(s);
	if (nomem) {
		swt_fmt(db->err, sizeof db->err, "out of memory");
		return -1;
	}
	return 1;
}

static const char sql_person_insert[] =
    "INSERT INTO person (bsn, birth_date, postcode, district, name,"
    " client_id, created_at) VALUES (?,?,?,?,?,?,?)"
    " ON CONFLICT DO NOTHING";
static const char sql_person_update[] =
    "UPDATE person SET bsn = coalesce(?1, bsn), birth_date = coalesce(?2,"
    " birth_date), postcode = coalesce(?3, postcode), district ="
    " coalesce(?4, district), name = coalesce(?5, name), updated_at = ?7"
    " WHERE client_id = ?6";

int
swt_db_person_put(struct swt_db *db, const char *client_id,
    const char *const *v, int insert)
{
	sqlite3_stmt *s = insert ? db_stmt(db, S_PERSON_INSERT,
	    sql_person_insert) : db_stmt(db, S_PERSON_UPDATE,
	    sql_person_update);

	if (!s)
		return -1;
	for (size_t i = 0; i < NPERSON; i++)
		db_bind_opt(s, (int)i + 1, v[person_cols[i]], 0);
	sqlite3_bind_text(s, 6, client_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, db_now(db), -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "person");
	return sqlite3_changes(db->h) > 0;
}

/* What refers to a person, and is moved with them. */
static const char *const refers[] = {
	"UPDATE request SET client_id = ?2 WHERE client_id = ?1",
	"UPDATE plan SET client_id = ?2 WHERE client_id = ?1",
	"UPDATE complaint SET client_id = ?2 WHERE client_id = ?1",
	"UPDATE person SET birth_date = coalesce(birth_date, (SELECT"
	" birth_date FROM person WHERE client_id = ?1)), postcode ="
	" coalesce(postcode, (SELECT postcode FROM person WHERE client_id ="
	" ?1)), district = coalesce(district, (SELECT district FROM person"
	" WHERE client_id = ?1)), name = coalesce(name, (SELECT name FROM"
	" person WHERE client_id = ?1)), updated_at = ?3 WHERE client_id = ?2",
	"DELETE FROM person WHERE client_id = ?1",
};

int
swt_db_person_merge(struct swt_db *db, const char *from, const char *to)
{
	for (size_t i = 0; i < sizeof refers / sizeof *refers; i++) {
		sqlite3_stmt *s;
		int rc;

		if (sqlite3_prepare_v2(db->h, refers[i], -1, &s, NULL) !=
		    SQLITE_OK)
			return db_fail(db, "person");
		sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
		if (sqlite3_bind_parameter_count(s) >= 2)
			sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
		if (sqlite3_bind_parameter_count(s) >= 3)
			sqlite3_bind_text(s, 3, db_now(db), -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return db_fail(db, "person");
	}
	return 0;
}

static const char sql_person_drop[] =
    "DELETE FROM person WHERE client_id = ?1 AND NOT EXISTS (SELECT 1 FROM"
    " request WHERE client_id = ?1) AND NOT EXISTS (SELECT 1 FROM plan"
    " WHERE client_id = ?1) AND NOT EXISTS (SELECT 1 FROM complaint WHERE"
    " client_id = ?1)";

int
swt_db_person_drop_unused(struct swt_db *db, const char *client_id)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db->h, sql_person_drop, -1, &s, NULL) !=
	    SQLITE_OK)
		return db_fail(db, "person");
	sqlite3_bind_text(s, 1, client_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_fail(db, "person");
	return sqlite3_changes(db->h) > 0;
}

int
swt_db_pending(struct swt_db *db, int (*fn)(void *ctx, size_t n,
    char *const *vals), void *ctx)
{
	return db_rows(db, sql(Q_PENDING), "pending", 1, fn, ctx);
}
