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
