/* db_profile.c - how a municipality's lists are read and replaced */
#include <stdlib.h>
#include <string.h>

#include "swt.h"
#include "db_sqlite.h"

/*
 * The tables a profile loads (enum swt_ptable): each row's values in the
 * order of swt_ptable_columns, the key first; a put adds a row or sets
 * the stored one (a new code goes last in its list).
 */
static const struct {
	const char *each, *put, *del;
	unsigned ints;			/* the integer columns, by bit */
} tab[SWT_PT_N] = {
	[SWT_PT_CODE] = {
		"SELECT list, code, parent, label FROM code ORDER BY list, ord",
		"INSERT INTO code (list, code, parent, label, ord) VALUES"
		" (?1, ?2, ?3, ?4, (SELECT coalesce(max(ord), -1) + 1 FROM"
		" code)) ON CONFLICT (list, code) DO UPDATE SET"
		" parent = excluded.parent, label = excluded.label",
		"DELETE FROM code WHERE list = ?1 AND code = ?2", 0 },
	[SWT_PT_TERM] = {
		"SELECT term, law, from_event, to_event, days,"
		" suspend_reasons, extend_reasons, basis FROM legal_term"
		" ORDER BY rowid",
		"INSERT INTO legal_term (term, law, from_event, to_event, days,"
		" suspend_reasons, extend_reasons, basis) VALUES"
		" (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (term) DO UPDATE"
		" SET law = excluded.law, from_event = excluded.from_event,"
		" to_event = excluded.to_event, days = excluded.days,"
		" suspend_reasons = excluded.suspend_reasons,"
		" extend_reasons = excluded.extend_reasons,"
		" basis = excluded.basis",
		"DELETE FROM legal_term WHERE term = ?1", 1u << 4 },
	[SWT_PT_RETENTION] = {
		"SELECT what, years, days, counted_from, basis FROM"
		" retention_term ORDER BY rowid",
		"INSERT INTO retention_term (what, years, days, counted_from,"
		" basis) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (what) DO"
		" UPDATE SET years = excluded.years, days = excluded.days,"
		" counted_from = excluded.counted_from, basis = excluded.basis",
		"DELETE FROM retention_term WHERE what = ?1",
		1u << 1 | 1u << 2 },
};

int
swt_db_prow_each(struct swt_db *db, enum swt_ptable t,
    int (*fn)(void *ctx, size_t n, char *const *vals), void *ctx)
{
	return db_rows(db, tab[t].each, swt_ptable_name(t), 0, fn, ctx);
}

/* Run one of a table's statements with the row's values bound. */
static int
run(struct swt_db *db, enum swt_ptable t, const char *sql,
    const char *const *v, size_t n)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db->h, sql, -1, &s, NULL) != SQLITE_OK)
		return db_fail(db, swt_ptable_name(t));
	for (size_t i = 0; i < n; i++)
		db_bind_opt(s, (int)i + 1, v[i] && *v[i] ? v[i] : NULL,
		    (tab[t].ints >> i) & 1);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, swt_ptable_name(t));
}

int
swt_db_prow_put(struct swt_db *db, enum swt_ptable t, const char *const *v)
{
	return run(db, t, tab[t].put, v, swt_ptable_ncolumns(t));
}

int
swt_db_prow_delete(struct swt_db *db, enum swt_ptable t, const char *const *v)
{
	return run(db, t, tab[t].del, v, t == SWT_PT_CODE ? 2 : 1);
}

/* The stored columns that hold a list's codes: their distinct values. */
#define USES(t, c) "SELECT DISTINCT " c " FROM " t " WHERE " c \
	" IS NOT NULL AND " c " <> ''"
static const struct code_column {
	const char *list, *name, *sql;
	int set;
} columns[] = {
	{ "kind", "request.kind", USES("request", "kind"), 0 },
	{ "channel", "request.channel", USES("request", "channel"), 0 },
	{ "source", "request.source", USES("request", "source"), 0 },
	{ "law", "request.law", USES("request", "law"), 0 },
	{ "service", "request.service", USES("request", "service"), 0 },
	{ "life_domain", "request.life_domain",
	  USES("request", "life_domain"), 0 },
	{ "district", "request.district", USES("request", "district"), 0 },
	{ "closure_reason", "request.closure_reason",
	  USES("request", "closure_reason"), 0 },
	{ "development_potential", "request.development_potential",
	  USES("request", "development_potential"), 0 },
	{ "participation", "request.participation",
	  USES("request", "participation"), 0 },
	{ "financial", "request.financial", USES("request", "financial"), 0 },
	{ "flag", "request.flags", USES("request", "flags"), 1 },
	{ "status", "request.status", USES("request", "status"), 0 },
	{ "zrm", "request.zrm", USES("request", "zrm"), 0 },
	{ "district", "person.district", USES("person", "district"), 0 },
	{ "district", "staff.district", USES("staff", "district"), 0 },
	{ "route", "decision.route", USES("decision", "route"), 0 },
	{ "route", "decision.recommended_route",
	  USES("decision", "recommended_route"), 0 },
	{ "regie", "decision.regie", USES("decision", "regie"), 0 },
	{ "tier", "partner.tier", USES("partner", "tier"), 0 },
	{ "life_domain", "partner.domains", USES("partner", "domains"), 1 },
	{ "district", "partner.districts", USES("partner", "districts"), 1 },
	{ "referral_kind", "referral.kind", USES("referral", "kind"), 0 },
	{ "product", "referral.product", USES("referral", "product"), 0 },
	{ "referral_status", "referral.status", USES("referral", "status"),
	  0 },
	{ "referral_status", "referral.response",
	  USES("referral", "response"), 0 },
	{ "end_reason", "referral.end_reason",
	  USES("referral", "end_reason"), 0 },
	{ "regie", "plan.regie", USES("plan", "regie"), 0 },
	{ "closure_reason", "plan.closure_reason",
	  USES("plan", "closure_reason"), 0 },
	{ "life_domain", "goal.life_domain", USES("goal", "life_domain"), 0 },
	{ "goal_owner", "goal.owner", USES("goal", "owner"), 0 },
	{ "goal_status", "goal.status", USES("goal", "status"), 0 },
	{ "contact_kind", "contact.kind", USES("contact", "kind"), 0 },
	{ "suspension_reason", "suspension.reason",
	  USES("suspension", "reason"), 0 },
	{ "law", "legal_term.law", USES("legal_term", "law"), 0 },
	{ "suspension_reason", "legal_term.suspend_reasons",
	  USES("legal_term", "suspend_reasons"), 1 },
	{ "suspension_reason", "legal_term.extend_reasons",
	  USES("legal_term", "extend_reasons"), 1 },
};

const char *
swt_db_code_column(size_t i, const char **list, int *set)
{
	if (i >= sizeof columns / sizeof *columns)
		return NULL;
	*list = columns[i].list;
	*set = columns[i].set;
	return columns[i].name;
}

int
swt_db_code_uses(struct swt_db *db, size_t i,
    int (*fn)(void *ctx, size_t n, char *const *vals), void *ctx)
{
	return db_rows(db, columns[i].sql, columns[i].name, 0, fn, ctx);
}

/*
 * The clocks of a legal term that still run, and the suspensions that
 * name it: a vraag of its law not yet assessed nor closed, a toewijzen
 * referral with applied_at not yet decided (SPEC 6b).
 */
static const char sql_term_uses[] =
    "SELECT (SELECT count(*) FROM suspension WHERE term = ?1)"
    " + (SELECT count(*) FROM legal_term t JOIN request r ON r.law = t.law"
    " AND r.kind = 'vraag' WHERE t.term = ?1 AND t.from_event ="
    " 'received_at' AND r.assessed_at IS NULL AND r.closed_at IS NULL)"
    " + (SELECT count(*) FROM legal_term t JOIN request r ON r.law = t.law"
    " JOIN referral x ON x.request_id = r.request_id WHERE t.term = ?1"
    " AND t.from_event = 'applied_at' AND x.kind = 'toewijzen'"
    " AND x.applied_at IS NOT NULL AND x.decided_at IS NULL)";

long
swt_db_term_uses(struct swt_db *db, const char *term)
{
	sqlite3_stmt *s;
	long n = -1;

	if (sqlite3_prepare_v2(db->h, sql_term_uses, -1, &s, NULL) !=
	    SQLITE_OK)
		return db_fail(db, "legal_term");
	sqlite3_bind_text(s, 1, term, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	else
		db_fail(db, "legal_term");
	sqlite3_finalize(s);
	return n;
}

/* The texts a database keeps of its municipality (meta): rules, referrals. */
int
swt_db_meta_text(struct swt_db *db, const char *key, char **text)
{
	sqlite3_stmt *s;
	int rc;

	*text = NULL;
	if (sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = ?1"
	    " AND typeof(value) = 'text'", -1, &s, NULL) != SQLITE_OK)
		return db_fail(db, "meta");
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW &&
	    !(*text = strdup((const char *)sqlite3_column_text(s, 0)))) {
		sqlite3_finalize(s);
		swt_fmt(db->err, sizeof db->err, "out of memory");
		return -1;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "meta");
	return rc == SQLITE_ROW;
}

int
swt_db_meta_put(struct swt_db *db, const char *key, const char *text)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db->h, "INSERT INTO meta (key, value) VALUES"
	    " (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	    -1, &s, NULL) != SQLITE_OK)
		return db_fail(db, "meta");
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "meta");
}
