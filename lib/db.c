/* db.c - the database layer: all SQL of swt lives here */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

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

int
db_fail(struct swt_db *db, const char *what)
{
	swt_fmt(db->err, sizeof db->err, "%s: %s", what,
	    db->h ? sqlite3_errmsg(db->h) : "no database");
	return -1;
}

const char *
swt_db_errmsg(struct swt_db *db)
{
	return db->err;
}

sqlite3_stmt *
db_stmt(struct swt_db *db, enum db_slot slot, const char *sql)
{
	sqlite3_stmt **s = &db->st[slot];

	if (!*s && sqlite3_prepare_v3(db->h, sql, -1,
	    SQLITE_PREPARE_PERSISTENT, s, NULL) != SQLITE_OK) {
		db_fail(db, "prepare");
		return NULL;
	}
	sqlite3_reset(*s);
	sqlite3_clear_bindings(*s);
	return *s;
}

const char *
db_now(struct swt_db *db)
{
	time_t t = time(NULL);
	struct tm tm;

	if (t != db->now_t) {
		db->now_t = t;
		gmtime_r(&t, &tm);
		strftime(db->now, sizeof db->now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	return db->now;
}

void
db_bind_opt(sqlite3_stmt *s, int i, const char *v, int integer)
{
	if (!v)
		sqlite3_bind_null(s, i);
	else if (integer)
		sqlite3_bind_int64(s, i, atoll(v));
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

static int
exec(struct swt_db *db, const char *s)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, s, NULL, NULL, &msg) != SQLITE_OK) {
		swt_fmt(db->err, sizeof db->err, "%s", msg ? msg :
		    sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int swt_db_begin(struct swt_db *db) { return exec(db, "BEGIN IMMEDIATE"); }
int swt_db_commit(struct swt_db *db) { return exec(db, "COMMIT"); }

int
swt_db_rollback(struct swt_db *db)
{
	if (sqlite3_get_autocommit(db->h))
		return 0;
	return exec(db, "ROLLBACK");
}

static int
int_of(struct swt_db *db, const char *q)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(db->h, q, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

int
swt_db_version(struct swt_db *db)
{
	return int_of(db, "PRAGMA user_version");
}

/* A new database's own data: the default code lists and a pseudonym key. */
static int
seed(struct swt_db *db)
{
	sqlite3_stmt *s;
	unsigned char key[16];
	int rc;

	if ((rc = db_codes_seed(db)))
		return rc;
	if (swt_random(key, sizeof key)) {
		swt_fmt(db->err, sizeof db->err, "no random bytes: %s",
		    strerror(errno));
		return -1;
	}
	if (sqlite3_prepare_v2(db->h, "INSERT INTO meta VALUES "
	    "('pseudonym_key', ?)", -1, &s, NULL) != SQLITE_OK)
		return db_fail(db, "seed");
	sqlite3_bind_blob(s, 1, key, sizeof key, SQLITE_TRANSIENT);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = db_fail(db, "seed");
	sqlite3_finalize(s);
	return rc;
}

static int
migrate(struct swt_db *db)
{
	int v = swt_db_version(db), want = swt_schema_version();
	char q[64];

	if (v > want) {
		swt_fmt(db->err, sizeof db->err, "the database has schema %d, "
		    "newer than this swt's %d: upgrade swt", v, want);
		return -1;
	}
	if (v == want)
		return 0;
	if (swt_db_begin(db))
		return -1;
	/* another process may have migrated while we waited for the lock */
	for (v = swt_db_version(db); v < want; v++) {
		if (exec(db, swt_migrations[v]) || (v == 0 && seed(db)))
			goto bad;
		snprintf(q, sizeof q, "PRAGMA user_version = %d", v + 1);
		if (exec(db, q))
			goto bad;
	}
	return swt_db_commit(db);
bad:
	swt_db_rollback(db);
	return -1;
}

static int
load_key(struct swt_db *db)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key ="
	    " 'pseudonym_key'", -1, &s, NULL) != SQLITE_OK)
		return db_fail(db, "key");
	if (sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_bytes(s, 0) == sizeof db->key) {
		memcpy(db->key, sqlite3_column_blob(s, 0), sizeof db->key);
		rc = 0;
	} else
		swt_fmt(db->err, sizeof db->err, "the pseudonym key is "
		    "missing: not an swt database?");
	sqlite3_finalize(s);
	return rc;
}

static void
whoami(struct swt_db *db)
{
	const char *u = getenv("SWT_USER");
	struct passwd *pw;

	if (!u || !*u)
		u = (pw = getpwuid(geteuid())) ? pw->pw_name : "unknown";
	swt_fmt(db->user, sizeof db->user, "%s", u);
}

int
swt_db_open(struct swt_db **dbp, const char *path, int flags, char *err,
    size_t errlen)
{
	struct swt_db *db = calloc(1, sizeof *db);
	int oflags = SQLITE_OPEN_READWRITE, tries;
	const char *to = getenv("SWT_BUSY_TIMEOUT");

	*dbp = NULL;
	if (!db) {
		swt_fmt(err, errlen, "out of memory");
		return -1;
	}
	if (strcmp(path, ":memory:") && access(path, F_OK) != 0) {
		int fd;

		if (!(flags & SWT_DB_CREATE)) {
			swt_fmt(err, errlen, "no database '%s' (swt-db init "
			    "creates one)", path);
			free(db);
			return -1;
		}
		/* SQLite gives its -wal and -shm files this file's mode */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    (flags & SWT_DB_GROUP) ? 0660 : 0600);
		if (fd < 0 && errno != EEXIST) {
			swt_fmt(err, errlen, "cannot create '%s': %s", path,
			    strerror(errno));
			free(db);
			return -1;
		}
		if (fd >= 0) {
			if (flags & SWT_DB_GROUP)
				fchmod(fd, 0660);	/* despite the umask */
			close(fd);
		}
	}
	if (flags & SWT_DB_READONLY)
		oflags = SQLITE_OPEN_READONLY;
	/* one thread per connection: no mutex on every call */
	if (sqlite3_open_v2(path, &db->h, oflags | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK) {
		swt_fmt(err, errlen, "cannot open '%s': %s", path,
		    db->h ? sqlite3_errmsg(db->h) : "out of memory");
		sqlite3_close(db->h);
		free(db);
		return -1;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, to && atoi(to) > 0 ? atoi(to) : 60000);
	whoami(db);
	/* another program's database is left as it is, journal mode and all */
	if (swt_db_version(db) == 0 &&
	    int_of(db, "SELECT count(*) FROM sqlite_schema") != 0) {
		swt_fmt(db->err, sizeof db->err, "not an swt database: it "
		    "has tables of its own");
		goto bad;
	}
	/* journal_mode may meet a lock that the busy handler does not wait on */
	for (tries = 0;; tries++) {
		/* page_size only counts on a new file: bigger pages, faster bulk */
		if (exec(db, "PRAGMA page_size = 16384;"
		    "PRAGMA foreign_keys = ON;"
		    "PRAGMA synchronous = NORMAL;"
		    "PRAGMA cache_size = -65536;"
		    "PRAGMA mmap_size = 67108864;") == 0 &&
		    ((flags & SWT_DB_READONLY) ||
		    exec(db, "PRAGMA journal_mode = WAL") == 0))
			break;
		if (tries == 600 || (!strstr(db->err, "locked") &&
		    !strstr(db->err, "busy")))
			goto bad;
		usleep(100000);
	}
	if ((!(flags & SWT_DB_READONLY) && migrate(db)) ||
	    swt_db_version(db) != swt_schema_version() || load_key(db)) {
bad:
		swt_fmt(err, errlen, "'%s': %s", path, db->err[0] ? db->err :
		    "not an swt database");
		swt_db_close(db);
		return -1;
	}
	db->err[0] = '\0';
	*dbp = db;
	return 0;
}

void
swt_db_close(struct swt_db *db)
{
	if (!db)
		return;
	for (int i = 0; i < S_N; i++)
		sqlite3_finalize(db->st[i]);
	sqlite3_close(db->h);
	explicit_bzero(db->key, sizeof db->key);
	free(db);
}

/* ---- swt-intake ---- */

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
			    swt_rf_name[person_cols[i]]);
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
			    swt_rf_name[req_cols[i]]);
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

/* ---- swt-triage ---- */

static int
same(const char *a, const unsigned char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && !strcmp(a, (const char *)b);
}

static const char sql_decision_last[] =
    "SELECT r.request_id, d.recommended_route, d.route,"
    " d.regie, d.reasons, d.rules_version, d.override_reason"
    " FROM request r LEFT JOIN decision d ON d.decision_id ="
    " (SELECT max(decision_id) FROM decision WHERE request_id ="
    " r.request_id) WHERE r.ref = ?";
static const char sql_decision_insert[] =
    "INSERT INTO decision (request_id,"
    " recommended_route, route, regie, reasons, rules_version,"
    " override_reason, decided_by, decided_at) VALUES"
    " (?,?,?,?,?,?,?,?,?)";
static const char sql_req_decided[] =
    "UPDATE request SET status = 'decided', updated_at"
    " = ?2 WHERE request_id = ?1 AND status IN ('open', 'assessed')";

int
swt_db_decide(struct swt_db *db, const struct swt_decision *d, char *why,
    size_t whylen)
{
	char shown[64];
	const char *v[6] = { d->recommended_route, d->route, d->regie,
	    d->reasons, d->rules_version, d->override_reason };
	sqlite3_stmt *s = db_stmt(db, S_DECISION_LAST, sql_decision_last);
	long long id;
	char idbuf[24], detail[512];
	int i, unchanged = 1;

	if (!s)
		return -2;
	sqlite3_bind_text(s, 1, d->ref, -1, SQLITE_STATIC);
	switch (sqlite3_step(s)) {
	case SQLITE_ROW:
		break;
	case SQLITE_DONE:
		swt_fmt(why, whylen, "%s is not a registered request "
		    "(swt-intake it first)", swt_shown("ref", d->ref, shown));
		return -1;
	default:
		return db_fail(db, "decision") - 1;
	}
	id = sqlite3_column_int64(s, 0);
	if (sqlite3_column_type(s, 2) == SQLITE_NULL)
		unchanged = 0;
	for (i = 0; i < 6 && unchanged; i++)
		unchanged = same(v[i], sqlite3_column_text(s, i + 1));
	sqlite3_reset(s);
	if (unchanged)
		return 1;
	if (!(s = db_stmt(db, S_DECISION_INSERT, sql_decision_insert)))
		return -2;
	sqlite3_bind_int64(s, 1, id);
	for (i = 0; i < 6; i++)
		db_bind_opt(s, i + 2, v[i] && *v[i] ? v[i] : NULL, 0);
	sqlite3_bind_text(s, 8, db->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, db_now(db), -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "decision") - 1;
	if (!(s = db_stmt(db, S_REQ_DECIDED, sql_req_decided)))
		return -2;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, db_now(db), -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, "decision") - 1;
	snprintf(idbuf, sizeof idbuf, "%lld", id);
	swt_fmt(detail, sizeof detail, "route %s (recommended %s), regie %s, "
	    "rules %s%s%s", d->route && *d->route ? d->route : "-",
	    d->recommended_route && *d->recommended_route ?
	    d->recommended_route : "-", d->regie && *d->regie ? d->regie : "-",
	    d->rules_version ? d->rules_version : "-",
	    d->override_reason && *d->override_reason ? "; override: " : "",
	    d->override_reason ? d->override_reason : "");
	return swt_db_audit(db, "swt-triage", "decide", "request", idbuf,
	    detail) ? -2 : 0;
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

/* ---- swt-db check ---- */

/* Network filesystems where SQLite's locking cannot be trusted. */
static const char *
netfs(const char *path)
{
	struct statfs sf;

	if (statfs(path, &sf) != 0)
		return NULL;
	switch ((unsigned long)sf.f_type) {
	case 0x6969: return "NFS";
	case 0x517b: return "SMB";
	case 0xff534d42: return "CIFS";
	case 0xfe534d42: return "SMB2";
	case 0x65735546: return "FUSE";
	case 0x47504653: return "GPFS";
	case 0x564c: return "NCP";
	case 0x6b414653: return "AFS";
	}
	return NULL;
}

int
swt_db_check(struct swt_db *db, const char *path, const char *held,
    void (*report)(void *ctx, int severe, const char *msg), void *ctx)
{
	sqlite3_stmt *s;
	char msg[512], prev[65];
	const char *fs;
	int bad = 0, chain;
	long long rows = 0;
	struct stat st;

	if (sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &s,
	    NULL) != SQLITE_OK)
		return db_fail(db, "check");
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);

		if (strcmp(r, "ok")) {
			swt_fmt(msg, sizeof msg, "integrity: %s", r);
			report(ctx, 1, msg);
			bad++;
		}
	}
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &s,
	    NULL) != SQLITE_OK)
		return db_fail(db, "check");
	while (sqlite3_step(s) == SQLITE_ROW) {
		swt_fmt(msg, sizeof msg, "foreign key: %s row %lld refers to "
		    "a missing %s", sqlite3_column_text(s, 0),
		    sqlite3_column_int64(s, 1), sqlite3_column_text(s, 2));
		report(ctx, 1, msg);
		bad++;
	}
	sqlite3_finalize(s);
	if ((chain = db_audit_verify(db, held, report, ctx, prev, &rows)) < 0)
		return -1;
	bad += chain;
	if ((fs = netfs(path))) {
		swt_fmt(msg, sizeof msg, "'%s' is on a network filesystem "
		    "(%s): SQLite's locking is not safe there; keep the "
		    "database on a local disk", path, fs);
		report(ctx, 0, msg);
	}
	if (stat(path, &st) == 0 && (st.st_mode & 0007)) {
		swt_fmt(msg, sizeof msg, "'%s' is readable by others (mode "
		    "%03o): chmod o-rwx", path, st.st_mode & 0777);
		report(ctx, 0, msg);
	}
	swt_fmt(msg, sizeof msg, "schema %d, %lld audit entries (last hash "
	    "%.16s), %s", swt_db_version(db), rows, rows ? prev : "none",
	    bad ? "problems found" : "ok");
	report(ctx, -1, msg);
	return bad ? 1 : 0;
}

/* ---- swt-db backup ---- */

int
swt_db_backup(struct swt_db *db, const char *dest)
{
	sqlite3 *to;
	sqlite3_backup *b;
	int fd, rc;

	fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		swt_fmt(db->err, sizeof db->err, "cannot create '%s': %s",
		    dest, strerror(errno));
		return -1;
	}
	close(fd);
	if (sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		swt_fmt(db->err, sizeof db->err, "cannot open '%s'", dest);
		sqlite3_close(to);
		unlink(dest);
		return -1;
	}
	if (!(b = sqlite3_backup_init(to, "main", db->h, "main"))) {
		swt_fmt(db->err, sizeof db->err, "backup: %s",
		    sqlite3_errmsg(to));
		sqlite3_close(to);
		unlink(dest);
		return -1;
	}
	/* a step at a time, so writers are held up only briefly */
	do {
		rc = sqlite3_backup_step(b, 1024);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		swt_fmt(db->err, sizeof db->err, "backup: %s",
		    sqlite3_errstr(rc));
		sqlite3_close(to);
		unlink(dest);
		return -1;
	}
	rc = sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL,
	    NULL);
	sqlite3_close(to);
	return rc == SQLITE_OK ? 0 : -1;
}

/* ---- swt-db export ---- */

static int
export_table(struct swt_db *db, const char *dir, const char *table,
    char *err, size_t errlen)
{
	char path[4096], q[128];
	sqlite3_stmt *s;
	struct swt_writer *w;
	FILE *fp;
	int n, fd, rc = 0;
	char **v;

	swt_fmt(path, sizeof path, "%s/%s.tsv", dir, table);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || !(fp = fdopen(fd, "w"))) {
		swt_fmt(err, errlen, "cannot write '%s': %s", path,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* table names come from sqlite_schema, not from input */
	swt_fmt(q, sizeof q, "SELECT * FROM \"%s\"", table);
	if (sqlite3_prepare_v2(db->h, q, -1, &s, NULL) != SQLITE_OK) {
		fclose(fp);
		return db_fail(db, table);
	}
	n = sqlite3_column_count(s);
	if (!(v = calloc((size_t)n, sizeof *v)) ||
	    !(w = swt_writer_open(fp, SWT_FMT_TSV))) {
		free(v);
		sqlite3_finalize(s);
		fclose(fp);
		return -1;
	}
	for (int i = 0; i < n; i++)
		v[i] = (char *)sqlite3_column_name(s, i);
	swt_writer_header(w, (size_t)n, v);
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (int i = 0; i < n; i++)
			v[i] = (char *)sqlite3_column_text(s, i);
		if (swt_writer_record(w, (size_t)n, v)) {
			rc = -1;
			break;
		}
	}
	sqlite3_finalize(s);
	free(v);
	if (swt_writer_close(w) || fclose(fp) || rc) {
		swt_fmt(err, errlen, "cannot write '%s'", path);
		return -1;
	}
	return 0;
}

int
swt_db_export(struct swt_db *db, const char *dir, int with_pii, char *err,
    size_t errlen)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		swt_fmt(err, errlen, "cannot create '%s': %s", dir,
		    strerror(errno));
		return -1;
	}
	if (sqlite3_prepare_v2(db->h, "SELECT name FROM sqlite_schema WHERE"
	    " type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", -1,
	    &s, NULL) != SQLITE_OK)
		return db_fail(db, "export");
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);

		/* the pseudonym key never leaves the file */
		if (!strcmp(t, "meta") || (!with_pii && !strcmp(t, "person")))
			continue;
		rc = export_table(db, dir, t, err, errlen);
	}
	sqlite3_finalize(s);
	if (rc == 0 && with_pii)
		rc = swt_db_audit(db, "swt-db", "export", "person", NULL, dir);
	return rc;
}
