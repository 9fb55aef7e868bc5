/* db_sqlite.h - internal to the SQLite backend: what its files share */
#ifndef SWT_DB_SQLITE_H
#define SWT_DB_SQLITE_H

/*
 * Only lib/db*.c call sqlite3_*: db.c is the core (open, migrate, the
 * pseudonym key, transactions, the helpers below) and each concern of
 * db.h has its own file: db_audit.c, db_codes.c, db_request.c,
 * db_decision.c, db_partner.c, db_staff.c, db_referral.c, db_plan.c,
 * db_contact.c, db_term.c, db_kpi.c, db_retention.c, db_admin.c,
 * db_profile.c.  A new one brings its section in db.h, its block of slots
 * here, and its SQL text beside its code; schema.c holds the tables, as
 * migrations.
 */

#include <sqlite3.h>
#include <time.h>

/* db_request.c: the shapes of update kept prepared, a slot each */
#define DB_REQ_SHAPES 8

/* The statements kept prepared (db_stmt): a slot each, a block per file. */
enum db_slot {
	/* db_audit.c */
	S_AUDIT_LAST, S_AUDIT_INSERT,
	/* db_request.c */
	S_PERSON_INSERT, S_PERSON_GET, S_PERSON_UPDATE,
	S_REQ_INSERT, S_REQ_GET, S_REQ_UPDATE,
	S_REQ_UPDATE_LAST = S_REQ_UPDATE + DB_REQ_SHAPES - 1,
	/* db_decision.c */
	S_DECISION_LAST, S_DECISION_INSERT, S_REQ_DECIDED,
	/* db_partner.c */
	S_PARTNER_GET, S_PARTNER_INSERT, S_PARTNER_UPDATE,
	/* db_staff.c */
	S_STAFF_GET, S_STAFF_INSERT, S_STAFF_UPDATE,
	S_COMPLAINT_GET, S_COMPLAINT_INSERT, S_COMPLAINT_UPDATE,
	/* db_referral.c */
	S_REF_GET, S_REF_BY_REF, S_REF_FIND, S_REF_INSERT, S_REF_UPDATE,
	S_REF_REQUEST,
	/* db_plan.c */
	S_PLAN_GET, S_PLAN_OPEN, S_PLAN_OPENED, S_PLAN_INSERT, S_PLAN_UPDATE,
	S_GOAL_GET, S_GOAL_FIND, S_GOAL_INSERT, S_GOAL_UPDATE, S_PLAN_GOALS_OPEN,
	S_PLAN_REGIES,
	/* db_term.c */
	S_TERM_GET, S_TERM_ALL, S_CLOCKS, S_SPANS, S_SPANS_ALL, S_SPAN_INSERT,
	S_SPAN_UPDATE, S_HOLIDAYS, S_HOLIDAY_GET, S_HOLIDAY_PUT,
	/* db_contact.c */
	S_CONTACT_BY_REF, S_CONTACT_FIND, S_CONTACT_FIND_PLAN,
	S_CONTACT_INSERT, S_CONTACT_UPDATE, S_CONTACT_COUNT,
	S_CONTACT_COUNT_PLAN, S_CONTACT_DECISION, S_CONTACT_LAST,
	S_CONTACT_PLAN, S_NORM,
	/* db_retention.c */
	S_RET_REQUESTS, S_RET_DOSSIER, S_RET_REFERRALS, S_RET_DEL,
	S_RET_DEL_LAST = S_RET_DEL + 10,
	/* db_kpi.c: a slot per query */
	S_KPI, S_KPI_LAST = S_KPI + KQ_N - 1, S_KPI_DECISIONS,
	S_KPI_REFERRALS, S_KPI_CONTACTS, S_KPI_PLAN_DAYS, S_KPI_PLANS,
	S_KPI_PERSONS, S_KPI_GOALS, S_KPI_GROUPS, S_KPI_TERMS,
	S_KPI_EXTENT, S_KPI_PLANS_ALL, S_KPI_PLANS_CLOSED, S_KPI_PAST,
	S_N
};

struct swt_db {
	sqlite3 *h;
	sqlite3_stmt *st[S_N];
	unsigned char key[16];	/* the pseudonym key: never leaves the file */
	char user[64];
	char now[24];
	time_t now_t;
	char err[256];
	struct db_kpi *kpi;	/* db_kpi.c: the requests of a period */
	unsigned kpi_for;	/* db_kpi.c: the queries it is made for */
	int kpi_wanted;		/* db_kpi.c: swt_kpi_wanted registered */
	/* db_request.c: the columns each update slot sets, the next made */
	unsigned long long req_shape[DB_REQ_SHAPES];
	unsigned req_next;
};

/* db_kpi.c: free db->kpi. */
void db_kpi_free(struct swt_db *db);
/*
 * db_term.c: every clock's spans (swt_db_spans with term NULL), those
 * keep says yes to (all with keep NULL).
 */
int db_spans(struct swt_db *db, int (*keep)(void *ctx, long long request_id,
    const char *term, long long referral_id), void *ctx,
    struct swt_span **out, size_t *n);

/* schema.c: migration i takes the schema from version i to i + 1. */
extern const char *const swt_migrations[];

/*
 * The statement in slot, prepared from sql on first use and kept; reset,
 * its values unbound.  NULL on an error (db->err says it).
 */
sqlite3_stmt *db_stmt(struct swt_db *db, enum db_slot slot, const char *sql);
/* Bind v to parameter i: NULL if v is, else text, or an integer if integer. */
void db_bind_opt(sqlite3_stmt *s, int i, const char *v, int integer);
/* Each row of a query (with its column names first if header): db.c. */
int db_rows(struct swt_db *db, const char *sql, const char *what, int header,
    int (*fn)(void *ctx, size_t n, char *const *vals), void *ctx);
/* Column i of a row: NULL if it is NULL or empty. */
const char *db_text(sqlite3_stmt *s, int i);
/* Set db->err to "what: SQLite's message"; returns -1. */
int db_fail(struct swt_db *db, const char *what);
/* The time now, as stored: yyyy-mm-ddThh:mm:ssZ (UTC). */
const char *db_now(struct swt_db *db);

/*
 * db_audit.c: verify the audit chain for swt_db_check, reporting each
 * entry that breaks it, a held hash it no longer holds, and a log that
 * cannot be read to its end (*whole 0).  last gets the last hash, *rows
 * the number of entries read.  The problems found, -1 on an error.
 */
int db_audit_verify(struct swt_db *db, const char *held,
    void (*report)(void *ctx, int severe, const char *msg), void *ctx,
    char last[65], long long *rows, int *whole);

/*
 * db_codes.c: the default code lists into a new database; with new_lists,
 * only the lists it does not have (an upgrade brings new lists).
 */
int db_codes_seed(struct swt_db *db, int new_lists);

#endif
