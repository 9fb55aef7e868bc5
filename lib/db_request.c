/* db_request.c - requests and the persons they are about */
#include <string.h>

#include "swt.h"
#include "db_sqlite.h"

/* The request columns swt-intake writes, in swt_rf order. */
static const int req_cols[] = {
	RF_REF, RF_RECEIVED_AT, RF_KIND, RF_CHANNEL, RF_SOURCE, RF_LAW,
	RF_SERVICE, RF_LIFE_DOMAIN, RF_DISTRICT, RF_SUMMARY, RF_STAFF,
	RF_INTAKE_AT, RF_ASSESSED_AT, RF_ZRM, RF_EXPECTED_CONTACTS,
	RF_SPECIALIST_KNOWLEDGE, RF_DEVELOPMENT_POTENTIAL, RF_LONG_TERM,
	RF_PARTIES_INVOLVED, RF_PARTICIPATION, RF_FINANCIAL, RF_FLAGS,
	RF_STATUSHOUDER
};
#define NREQ (sizeof req_cols / sizeof *req_cols)
static const int person_cols[] = { RF_BIRTH_DATE, RF_POSTCODE, RF_DISTRICT,
	RF_NAME };
#define NPERSON (sizeof person_cols / sizeof *person_cols)

static int
is_int(int f)
{
	return f == RF_ZRM || f == RF_EXPECTED_CONTACTS ||
	    f == RF_PARTIES_INVOLVED;
}

static void
add_changed(char *buf, size_t len, const char *name)
{
	size_t n = strlen(buf);

	if (n + strlen(name) + 2 >= len)
		return;
	if (n)
		buf[n++] = ',';
	strcpy(buf + n, name);
}

static const char sql_person_insert[] =
    "INSERT INTO person (client_id, bsn, birth_date,"
    " postcode, district, name, created_at) VALUES (?,?,?,?,?,?,?)"
    " ON CONFLICT DO NOTHING";
static const char sql_person_get[] =
    "SELECT birth_date, postcode, district, name"
    " FROM person WHERE client_id = ?";
static const char sql_person_update[] =
    "UPDATE person SET birth_date = coalesce(?1,"
    " birth_date), postcode = coalesce(?2, postcode), district ="
    " coalesce(?3, district), name = coalesce(?4, name), updated_at"
    " = ?5 WHERE client_id = ?6";

/* Insert the person, or update what changed; changed names go to out. */
static int
person(struct swt_db *db, const struct swt_request *rq, const char *cid,
    char *changed, size_t clen)
{
	sqlite3_stmt *s = db_stmt(db, S_PERSON_INSERT, sql_person_insert);
	int i, diff = 0;

	if (!s)
		return -2;
	sqlite3_bind_text(s, 1, cid, -1, SQLITE_STATIC);
	db_bind_opt(s, 2, rq->v[RF_BSN], 0);
	for (i = 0; i < (int)NPERSON; i++)
		db_bind_opt(s, 3 + i, rq->v[person_cols[i]], 0);
	sqlite3_bind_text(s, 7, db_now(db), -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "person") - 1;
	if (sqlite3_changes(db->h))
		return 0;
	if (!(s = db_stmt(db, S_PERSON_GET, sql_person_get)))
		return -2;
	sqlite3_bind_text(s, 1, cid, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		return db_fail(db, "person") - 1;
	for (i = 0; i < (int)NPERSON; i++) {
		const char *v = rq->v[person_cols[i]];
		const char *old = (const char *)sqlite3_column_text(s, i);

		if (v && (!old || strcmp(v, old))) {
			add_changed(changed, clen, i == 2 ? "person.district" :
			    swt_request_fields[person_cols[i]].name);
			diff = 1;
		}
	}
	sqlite3_reset(s);
	if (!diff)
		return 0;
	if (!(s = db_stmt(db, S_PERSON_UPDATE, sql_person_update)))
		return -2;
	for (i = 0; i < (int)NPERSON; i++)
		db_bind_opt(s, 1 + i, rq->v[person_cols[i]], 0);
	sqlite3_bind_text(s, 5, db_now(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, cid, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "person") - 1;
	return 0;
}

static const char sql_req_insert[] =
    "INSERT INTO request (ref, received_at, kind, channel,"
    " source, law, service, life_domain, district, summary, staff,"
    " intake_at, assessed_at, zrm, expected_contacts,"
    " specialist_knowledge, development_potential, long_term,"
    " parties_involved, participation, financial, flags, statushouder,"
    " client_id, status, created_at) VALUES (?,?,coalesce(?,'vraag'),"
    "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT (ref) DO NOTHING";

static int
req_insert(struct swt_db *db, const struct swt_request *rq, const char *cid)
{
	sqlite3_stmt *s = db_stmt(db, S_REQ_INSERT, sql_req_insert);
	size_t i;

	if (!s)
		return -1;
	for (i = 0; i < NREQ; i++)
		db_bind_opt(s, (int)i + 1, rq->v[req_cols[i]],
		    is_int(req_cols[i]));
	sqlite3_bind_text(s, (int)i + 1, cid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, (int)i + 2, rq->v[RF_ASSESSED_AT] ? "assessed" :
	    "open", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, (int)i + 3, db_now(db), -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "request");
	return sqlite3_changes(db->h);
}

static const char sql_req_client[] =
    "SELECT client_id FROM request WHERE ref = ?";
static const char sql_req_get[] =
    "SELECT ref, received_at, kind, channel, source, law,"
    " service, life_domain, district, summary, staff, intake_at,"
    " assessed_at, zrm, expected_contacts, specialist_knowledge,"
    " development_potential, long_term, parties_involved,"
    " participation, financial, flags, statushouder, client_id,"
    " status, request_id FROM request WHERE ref = ?";
static const char sql_req_update[] =
    "UPDATE request SET"
    " received_at = coalesce(?2, received_at), kind = coalesce(?3, kind),"
    " channel = coalesce(?4, channel), source = coalesce(?5, source),"
    " law = coalesce(?6, law), service = coalesce(?7, service),"
    " life_domain = coalesce(?8, life_domain),"
    " district = coalesce(?9, district),"
    " summary = coalesce(?10, summary), staff = coalesce(?11, staff),"
    " intake_at = coalesce(?12, intake_at),"
    " assessed_at = coalesce(?13, assessed_at),"
    " zrm = coalesce(?14, zrm),"
    " expected_contacts = coalesce(?15, expected_contacts),"
    " specialist_knowledge = coalesce(?16, specialist_knowledge),"
    " development_potential = coalesce(?17, development_potential),"
    " long_term = coalesce(?18, long_term),"
    " parties_involved = coalesce(?19, parties_involved),"
    " participation = coalesce(?20, participation),"
    " financial = coalesce(?21, financial), flags = coalesce(?22, flags),"
    " statushouder = coalesce(?23, statushouder), client_id = ?24,"
    " status = ?25, updated_at = ?26 WHERE ref = ?1";

int
swt_db_intake(struct swt_db *db, const struct swt_request *rq,
    struct swt_intake_out *out, const char **field, char *why,
    size_t whylen)
{
	sqlite3_stmt *s;
	const char *bsn = rq->v[RF_BSN], *status;
	char old_cid[16] = "";
	int rc, i;

	memset(out, 0, sizeof *out);
	if (!rq->v[RF_REF]) {
		*field = "ref";
		swt_fmt(why, whylen, "missing: every request needs its "
		    "source's reference");
		return -1;
	}
	/* an anonymous resident keeps the client_id of the first import */
	if (!bsn || !rq->v[RF_RECEIVED_AT]) {
		if (!(s = db_stmt(db, S_REQ_CLIENT, sql_req_client)))
			return -2;
		sqlite3_bind_text(s, 1, rq->v[RF_REF], -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			swt_fmt(old_cid, sizeof old_cid, "%s",
			    sqlite3_column_text(s, 0));
		else if (rc != SQLITE_DONE)
			return db_fail(db, "request") - 1;
		sqlite3_reset(s);
		if (!old_cid[0] && !rq->v[RF_RECEIVED_AT]) {
			*field = "received_at";
			swt_fmt(why, whylen, "missing: required for a new "
			    "request");
			return -1;
		}
	}
	if (bsn)
		swt_client_id(db->key, bsn, out->client_id);
	else if (old_cid[0])
		memcpy(out->client_id, old_cid, sizeof old_cid);
	else
		swt_client_random(out->client_id);
	if ((rc = person(db, rq, out->client_id, out->changed,
	    sizeof out->changed)) < 0)
		return rc;
	if (!old_cid[0]) {
		if ((rc = req_insert(db, rq, out->client_id)) < 0)
			return -2;
		if (rc == 1) {
			out->res = SWT_INTAKE_NEW;
			out->request_id = sqlite3_last_insert_rowid(db->h);
			/* a new request may bring a known resident's new address */
			if (out->changed[0] && swt_db_audit(db, swt_prog,
			    "update", "person", out->client_id, out->changed))
				return -2;
			return 0;
		}
	}
	/* the ref exists: compare, and update what differs */
	if (!(s = db_stmt(db, S_REQ_GET, sql_req_get)))
		return -2;
	sqlite3_bind_text(s, 1, rq->v[RF_REF], -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		return db_fail(db, "request") - 1;
	for (i = 1; i < (int)NREQ; i++) {
		const char *v = rq->v[req_cols[i]];
		const char *old = (const char *)sqlite3_column_text(s, i);

		if (v && (!old || strcmp(v, old)))
			add_changed(out->changed, sizeof out->changed,
			    swt_request_fields[req_cols[i]].name);
	}
	if (strcmp((const char *)sqlite3_column_text(s, NREQ),
	    out->client_id))
		add_changed(out->changed, sizeof out->changed, "client_id");
	status = (const char *)sqlite3_column_text(s, NREQ + 1);
	if (!strcmp(status, "open") && rq->v[RF_ASSESSED_AT])
		status = "assessed";
	swt_fmt(old_cid, sizeof old_cid, "%s", status);	/* outlives reset */
	out->request_id = sqlite3_column_int64(s, NREQ + 2);
	sqlite3_reset(s);
	if (!out->changed[0]) {
		out->res = SWT_INTAKE_UNCHANGED;
		return 0;
	}
	out->res = SWT_INTAKE_UPDATED;
	if (!(s = db_stmt(db, S_REQ_UPDATE, sql_req_update)))
		return -2;
	for (i = 0; i < (int)NREQ; i++)
		db_bind_opt(s, i + 1, rq->v[req_cols[i]], is_int(req_cols[i]));
	sqlite3_bind_text(s, 24, out->client_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 25, old_cid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 26, db_now(db), -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "request") - 1;
	{
		char id[24];

		snprintf(id, sizeof id, "%lld", out->request_id);
		if (swt_db_audit(db, swt_prog, "update", "request", id,
		    out->changed))
			return -2;
	}
	return 0;
}

int
swt_db_pending(struct swt_db *db, int (*fn)(void *ctx, size_t n,
    char *const *vals), void *ctx)
{
	sqlite3_stmt *s;
	char *v[NREQ + 2];
	int rc, n;

	if (sqlite3_prepare_v2(db->h, "SELECT ref, received_at, kind, channel,"
	    " source, law, service, life_domain, district, summary, staff,"
	    " intake_at, assessed_at, zrm, expected_contacts,"
	    " specialist_knowledge, development_potential, long_term,"
	    " parties_involved, participation, financial, flags, statushouder,"
	    " request_id, client_id FROM request r WHERE assessed_at IS NOT"
	    " NULL AND NOT EXISTS (SELECT 1 FROM decision d WHERE"
	    " d.request_id = r.request_id) ORDER BY request_id", -1, &s,
	    NULL) != SQLITE_OK)
		return db_fail(db, "pending");
	n = sqlite3_column_count(s);
	for (int i = 0; i < n; i++)
		v[i] = (char *)sqlite3_column_name(s, i);
	if (fn(ctx, (size_t)n, v))
		goto stop;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++) {
			const char *t = (const char *)sqlite3_column_text(s, i);

			v[i] = (char *)(t ? t : "");
		}
		if (fn(ctx, (size_t)n, v))
			goto stop;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "pending");
stop:
	sqlite3_finalize(s);
	return -1;
}
