/* db.c - the database layer's core: open, migrate, key, transactions */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/*
 * Each row of a query of no parameters, as text ("" for NULL): first the
 * column names when header is set.  A non-zero return from fn stops it.
 */
int
db_rows(struct swt_db *db, const char *sql, const char *what, int header,
    int (*fn)(void *ctx, size_t n, char *const *vals), void *ctx)
{
	sqlite3_stmt *s;
	char *v[64];
	int rc = SQLITE_DONE, n;

	if (sqlite3_prepare_v2(db->h, sql, -1, &s, NULL) != SQLITE_OK)
		return db_fail(db, what);
	if ((n = sqlite3_column_count(s)) > 64)
		n = 64;
	for (int i = 0; i < n; i++)
		v[i] = (char *)sqlite3_column_name(s, i);
	if (header && fn(ctx, (size_t)n, v))
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
	return rc == SQLITE_DONE ? 0 : db_fail(db, what);
stop:
	sqlite3_finalize(s);
	return -1;
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

const char *
db_text(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t && *t ? t : NULL;
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

	if ((rc = db_codes_seed(db, 0)))
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
	int v = swt_db_version(db), want = swt_schema_version(), old;
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
	for (v = swt_db_version(db), old = v; v < want; v++) {
		if (exec(db, swt_migrations[v]) || (v == 0 && seed(db)))
			goto bad;
		snprintf(q, sizeof q, "PRAGMA user_version = %d", v + 1);
		if (exec(db, q))
			goto bad;
	}
	/* the code lists of the new version that the old one lacked */
	if (old > 0 && db_codes_seed(db, 1))
		goto bad;
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
		/*
		 * page_size only counts on a new file: bigger pages, faster
		 * bulk.  An import is one transaction: what it changes stays
		 * in the cache until it no longer fits, and is then written
		 * to the log and read back on its next change.  At a million
		 * requests a year the pages an import changes again (the
		 * requests of the last months, a year's refs) are some 200 MB;
		 * a reader's 64 MB do.  Only pages used take memory.
		 */
		if (exec(db, "PRAGMA page_size = 16384;"
		    "PRAGMA foreign_keys = ON;"
		    "PRAGMA synchronous = NORMAL;"
		    "PRAGMA mmap_size = 67108864;") == 0 &&
		    exec(db, flags & SWT_DB_READONLY ?
		    "PRAGMA cache_size = -65536" :
		    "PRAGMA cache_size = -262144") == 0 &&
		    ((flags & SWT_DB_READONLY) ||
		    exec(db, "PRAGMA journal_mode = WAL") == 0))
			break;
		if (tries == 600 || (!strstr(db->err, "locked") &&
		    !strstr(db->err, "busy")))
			goto bad;
		usleep(100000);
	}
	if ((flags & SWT_DB_READONLY) && swt_db_version(db) > 0 &&
	    swt_db_version(db) < swt_schema_version())
		swt_fmt(db->err, sizeof db->err, "the database has schema %d, "
		    "older than this swt's %d: swt-db init upgrades it",
		    swt_db_version(db), swt_schema_version());
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
	db_kpi_free(db);
	for (int i = 0; i < S_N; i++)
		sqlite3_finalize(db->st[i]);
	sqlite3_close(db->h);
	explicit_bzero(db->key, sizeof db->key);
	free(db);
}
