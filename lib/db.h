/* db.h - the database layer's calls: they name no SQLite type */
#ifndef SWT_DB_H
#define SWT_DB_H

#include <stddef.h>

/*
 * Today SQLite stands behind these calls: db.c for the core and a db_*.c
 * file for each section below, sharing db_sqlite.h.  A second backend,
 * PostgreSQL via libpq, would provide the same functions with the same
 * meaning, and:
 * - transactions as swt_db_begin means them: BEGIN IMMEDIATE takes the
 *   write lock at once, so a batch waits for other writers at its start and
 *   then reads and writes as if alone, never failing halfway on a lock;
 * - the pseudonym key kept in the database (meta.pseudonym_key): made with
 *   the schema, read at open, never exported, one client_id per BSN;
 * - the audit chain's guarantee.  SQLite's write lock covers the whole
 *   database: the last hash is read and the next entry written under one
 *   lock, so no other writer appends in between.  A server locks rows, so
 *   inside the transaction, before reading the last hash, it must take
 *   SELECT ... FOR UPDATE on a one-row chain-head table, or LOCK TABLE
 *   audit IN EXCLUSIVE MODE, or an advisory lock (pg_advisory_xact_lock).
 */

struct swt_db;
struct swt_codes;
struct swt_request;

/* ---- the core: open, migrate, transactions ---- */

enum { SWT_DB_CREATE = 1, SWT_DB_GROUP = 2, SWT_DB_READONLY = 4 };
/* The schema version this swt writes: the number of its migrations. */
int swt_schema_version(void);

int swt_db_open(struct swt_db **dbp, const char *path, int flags,
    char *err, size_t errlen);
void swt_db_close(struct swt_db *db);
const char *swt_db_errmsg(struct swt_db *db);
int swt_db_version(struct swt_db *db);
int swt_db_begin(struct swt_db *db);
int swt_db_commit(struct swt_db *db);
int swt_db_rollback(struct swt_db *db);

/* ---- the audit log ---- */

/* Append to the audit log (the hash chain is kept here). */
int swt_db_audit(struct swt_db *db, const char *command, const char *action,
    const char *entity, const char *entity_id, const char *detail);

/* ---- code lists ---- */

/* The code lists as the database holds them. */
struct swt_codes *swt_db_codes(struct swt_db *db);
/* Call fn for each code: list, code, parent, label. */
int swt_db_codes_each(struct swt_db *db, const char *list,
    int (*fn)(void *ctx, char *const *vals), void *ctx);

/* ---- requests and persons ---- */

enum swt_intake_res { SWT_INTAKE_NEW, SWT_INTAKE_UPDATED,
	SWT_INTAKE_UNCHANGED };
struct swt_intake_out {
	enum swt_intake_res res;
	long long request_id;
	char client_id[16];
	char changed[256];	/* the fields an update changed */
};
/*
 * Store one checked request.  -1 with why set when the record is refused
 * (field names the culprit), -2 on a database error.
 */
int swt_db_intake(struct swt_db *db, const struct swt_request *rq,
    struct swt_intake_out *out, const char **field, char *why,
    size_t whylen);
/*
 * Call fn with each assessed request that has no decision yet, as a
 * record: the fields swt-intake echoes (no person data).  The first call
 * passes the field names.  A non-zero return from fn stops it (-1).
 */
int swt_db_pending(struct swt_db *db, int (*fn)(void *ctx, size_t n,
    char *const *vals), void *ctx);

/* ---- triage decisions ---- */

/* A triage decision (swt-triage --commit). */
struct swt_decision {
	const char *ref;
	const char *recommended_route, *route, *regie, *reasons;
	const char *rules_version, *override_reason;
};
/*
 * Store a decision for the request with its ref, with an audit entry:
 * 0 stored, 1 the same as the latest decision (nothing written), -1 refused
 * (why set), -2 on a database error.
 */
int swt_db_decide(struct swt_db *db, const struct swt_decision *d,
    char *why, size_t whylen);

/* ---- admin: swt-db check, backup, export ---- */

/*
 * Check the file; report each problem (severe 1), warning (0) and the
 * summary (-1), which names the audit chain's last hash.  held, if not
 * NULL, is such a hash (16 or more hex digits) from an earlier check: the
 * chain must still hold it.  0 ok, 1 problems found, -1 an error.
 */
int swt_db_check(struct swt_db *db, const char *path, const char *held,
    void (*report)(void *ctx, int severe, const char *msg), void *ctx);
int swt_db_backup(struct swt_db *db, const char *dest);
/*
 * Each table but the key's into dir as TSV, person only with with_pii
 * (logged before it is written); all the files or, on an error, none.
 */
int swt_db_export(struct swt_db *db, const char *dir, int with_pii);

#endif
