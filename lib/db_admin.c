/* db_admin.c - looking after the file: check, backup, export (swt-db) */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "swt.h"
#include "db_sqlite.h"

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
	int bad = 0, chain, rc, whole;
	long long rows = 0;
	struct stat st;

	if (sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &s,
	    NULL) != SQLITE_OK)
		return db_fail(db, "check");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);

		if (strcmp(r, "ok")) {
			swt_fmt(msg, sizeof msg, "integrity: %s", r);
			report(ctx, 1, msg);
			bad++;
		}
	}
	if (rc != SQLITE_DONE) {
		swt_fmt(msg, sizeof msg, "integrity: cannot check: %s",
		    sqlite3_errmsg(db->h));
		report(ctx, 1, msg);
		bad++;
	}
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &s,
	    NULL) != SQLITE_OK)
		return db_fail(db, "check");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		swt_fmt(msg, sizeof msg, "foreign key: %s row %lld refers to "
		    "a missing %s", sqlite3_column_text(s, 0),
		    sqlite3_column_int64(s, 1), sqlite3_column_text(s, 2));
		report(ctx, 1, msg);
		bad++;
	}
	if (rc != SQLITE_DONE) {
		swt_fmt(msg, sizeof msg, "foreign key: cannot check: %s",
		    sqlite3_errmsg(db->h));
		report(ctx, 1, msg);
		bad++;
	}
	sqlite3_finalize(s);
	if ((chain = db_audit_verify(db, held, report, ctx, prev, &rows,
	    &whole)) < 0)
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
	swt_fmt(msg, sizeof msg, "schema %d, %lld audit entries%s (last hash "
	    "%.16s), %s", swt_db_version(db), rows, whole ? "" : " readable",
	    rows ? prev : "none", bad ? "problems found" : "ok");
	report(ctx, -1, msg);
	return bad ? 1 : 0;
}

/* ---- swt-db backup ---- */

/* A database file that failed, and what SQLite made beside it. */
static void
remove_db_file(const char *path)
{
	static const char *const ext[] = { "-journal", "-wal", "-shm" };
	char p[4096 + 16];

	for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
		if ((size_t)swt_fmt(p, sizeof p, "%s%s", path, ext[i]) <
		    sizeof p)
			unlink(p);
	unlink(path);
}

/* tmp to dest, which must not exist by then either. */
static int
place_new(const char *tmp, const char *dest)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dest, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	/* a filesystem without RENAME_NOREPLACE (NFS): a link will not
	 * overwrite either */
	if (link(tmp, dest) != 0)
		return -1;
	unlink(tmp);
	return 0;
}

/* The backup's error rc, naming dest, and the system's for an I/O error. */
static int
backup_fail(struct swt_db *db, const char *dest, sqlite3 *to, int rc)
{
	int e = to && (rc & 0xff) == SQLITE_IOERR ? sqlite3_system_errno(to) :
	    0;

	swt_fmt(db->err, sizeof db->err, "cannot back up to '%s': %s%s%s%s",
	    dest, sqlite3_errstr(rc), e ? " (" : "", e ? strerror(e) : "",
	    e ? ")" : "");
	return -1;
}

/*
 * The copy is made under a temporary name beside dest, and takes dest's
 * name only when it is whole, in one file: a backup that fails, or is
 * killed, leaves nothing under dest's name.
 */
int
swt_db_backup(struct swt_db *db, const char *dest)
{
	int fd, rc, e;
	char *tmp = NULL, tmp_err[256];
	sqlite3 *to = NULL;
	sqlite3_backup *b;
	sqlite3_stmt *s;
	struct stat st;

	if ((e = lstat(dest, &st) == 0 ? EEXIST : errno) != ENOENT) {
		swt_fmt(db->err, sizeof db->err, "cannot create '%s': %s",
		    dest, strerror(e));
		return -1;
	}
	if ((fd = swt_tmp_beside(dest, &tmp)) < 0) {
		swt_fmt(db->err, sizeof db->err, "cannot create '%s': %s",
		    dest, strerror(errno));
		return -1;
	}
	close(fd);
	if ((rc = sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL)) !=
	    SQLITE_OK) {
		backup_fail(db, dest, to, rc);
		goto bad;
	}
	sqlite3_extended_result_codes(to, 1);
	if (!(b = sqlite3_backup_init(to, "main", db->h, "main"))) {
		backup_fail(db, dest, to, sqlite3_extended_errcode(to));
		goto bad;
	}
	/* a step at a time, so writers are held up only briefly */
	do {
		rc = sqlite3_backup_step(b, 1024);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		backup_fail(db, dest, to, rc);
		goto bad;
	}
	/* the copy says WAL, as its source: one file needs DELETE */
	if ((rc = sqlite3_prepare_v2(to, "PRAGMA journal_mode = DELETE", -1,
	    &s, NULL)) != SQLITE_OK) {
		backup_fail(db, dest, to, rc);
		goto bad;
	}
	if ((rc = sqlite3_step(s)) != SQLITE_ROW)
		backup_fail(db, dest, to, rc);
	else if (strcmp((const char *)sqlite3_column_text(s, 0), "delete")) {
		swt_fmt(db->err, sizeof db->err, "cannot back up to '%s': "
		    "the copy stays in WAL mode", dest);
		rc = SQLITE_ERROR;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		goto bad;
	if ((rc = sqlite3_close(to)) != SQLITE_OK) {
		backup_fail(db, dest, to, rc);
		goto bad;
	}
	to = NULL;
	/* a copy of every resident's data: logged, or not made */
	if (swt_db_audit(db, "swt-db", "backup", "person", NULL,
	    "a copy of the database, person data included")) {
		swt_fmt(tmp_err, sizeof tmp_err, "%s", db->err);
		swt_fmt(db->err, sizeof db->err, "cannot log the backup to "
		    "'%s' (%s): no copy made", dest, tmp_err);
		goto bad;
	}
	if (place_new(tmp, dest)) {
		swt_fmt(db->err, sizeof db->err, "cannot create '%s': %s",
		    dest, strerror(errno));
		goto bad;
	}
	free(tmp);
	return 0;
bad:
	sqlite3_close(to);
	remove_db_file(tmp);
	free(tmp);
	return -1;
}

/* ---- swt-db export ---- */

static const char sql_export_tables[] =
    "SELECT name FROM sqlite_schema WHERE type = 'table'"
    " AND name NOT LIKE 'sqlite_%' ORDER BY name";

/* db->err for a file that cannot be written; -1. */
static int
write_fail(struct swt_db *db, const char *path, int e)
{
	swt_fmt(db->err, sizeof db->err, "cannot write '%s': %s", path,
	    strerror(e));
	return -1;
}

static int
table_path(struct swt_db *db, char *buf, size_t len, const char *dir,
    const char *table)
{
	if ((size_t)swt_fmt(buf, len, "%s/%s.tsv", dir, table) >= len)
		return write_fail(db, dir, ENAMETOOLONG);
	return 0;
}

/*
 * A table into w, a header and its rows, all flushed; -1 with db->err.
 * The staff's names only with_pii: an employee's, and no KPI needs them.
 */
static int
export_table(struct swt_db *db, const char *table, const char *path,
    struct swt_writer *w, int with_pii)
{
	sqlite3_stmt *s;
	char *q, **v;
	int n, rc;

	/* the name comes from sqlite_schema, quoted as an identifier */
	if (!(q = !with_pii && !strcmp(table, "staff") ?
	    sqlite3_mprintf("SELECT staff_id, district, fte FROM staff") :
	    sqlite3_mprintf("SELECT * FROM \"%w\"", table)))
		return write_fail(db, path, ENOMEM);
	rc = sqlite3_prepare_v2(db->h, q, -1, &s, NULL);
	sqlite3_free(q);
	if (rc != SQLITE_OK) {
		swt_fmt(db->err, sizeof db->err, "cannot read table '%s': %s",
		    table, sqlite3_errmsg(db->h));
		return -1;
	}
	n = sqlite3_column_count(s);
	if (!(v = calloc((size_t)n + 1, sizeof *v))) {
		sqlite3_finalize(s);
		return write_fail(db, path, ENOMEM);
	}
	for (int i = 0; i < n; i++)
		v[i] = (char *)sqlite3_column_name(s, i);
	if (swt_writer_header(w, (size_t)n, v))
		goto bad;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++)
			v[i] = (char *)sqlite3_column_text(s, i);
		if (swt_writer_record(w, (size_t)n, v))
			goto bad;
	}
	if (rc != SQLITE_DONE) {
		swt_fmt(db->err, sizeof db->err, "cannot read table '%s': %s",
		    table, sqlite3_errmsg(db->h));
		rc = -1;
	} else if ((rc = swt_writer_flush(w)))
		write_fail(db, path, errno);
	sqlite3_finalize(s);
	free(v);
	return rc;
bad:
	write_fail(db, path, errno);
	sqlite3_finalize(s);
	free(v);
	return -1;
}

/*
 * The tables to export: all but meta, whose pseudonym key never leaves the
 * file, and person unless with_pii.  Each name must do as a file name.
 */
static int
export_tables(struct swt_db *db, int with_pii, char ***names, size_t *n)
{
	sqlite3_stmt *s;
	char **v;
	int rc;

	*names = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db->h, sql_export_tables, -1, &s, NULL) !=
	    SQLITE_OK)
		return db_fail(db, "export");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);

		if (!strcmp(t, "meta") || (!with_pii && !strcmp(t, "person")))
			continue;
		if (t[strspn(t, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")]) {
			swt_fmt(db->err, sizeof db->err, "cannot export table "
			    "'%s': its name will not do as a file name", t);
			break;
		}
		if (!(v = realloc(*names, (*n + 1) * sizeof *v)) ||
		    !(v[*n] = strdup(t))) {
			if (v)
				*names = v;
			swt_fmt(db->err, sizeof db->err, "out of memory");
			break;
		}
		*names = v;
		(*n)++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		db_fail(db, "export");
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Each table into a file of its own, written new (mode 0600) under a
 * temporary name and renamed into place only when all are whole: a failed
 * export leaves the last one as it was.  The export of person data is
 * logged first, committed before a byte of it is written.
 */
int
swt_db_export(struct swt_db *db, const char *dir, int with_pii)
{
	struct swt_writer **w = NULL;
	char **names, path[4096], why[sizeof db->err];
	size_t n, i;
	int rc = -1, made = 0, e;
	struct stat st;

	if (export_tables(db, with_pii, &names, &n))
		goto out;
	if (!(w = calloc(n + 1, sizeof *w))) {
		swt_fmt(db->err, sizeof db->err, "out of memory");
		goto out;
	}
	/* a directory where a file goes fails its rename, after others' */
	for (i = 0; i < n; i++) {
		if (table_path(db, path, sizeof path, dir, names[i]))
			goto out;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			write_fail(db, path, EISDIR);
			goto out;
		}
	}
	if (mkdir(dir, 0700) == 0)
		made = 1;
	else if (errno != EEXIST) {
		swt_fmt(db->err, sizeof db->err, "cannot create '%s': %s", dir,
		    strerror(errno));
		goto out;
	}
	/* what is sure to fail, fails before the entry is logged */
	if (stat(dir, &st) != 0)
		e = errno;
	else if (!S_ISDIR(st.st_mode))
		e = ENOTDIR;
	else
		e = access(dir, W_OK | X_OK) != 0 ? errno : 0;
	if (e) {
		swt_fmt(db->err, sizeof db->err, "cannot write in '%s': %s",
		    dir, strerror(e));
		goto out;
	}
	/* the directory as typed is free text: the audit log takes none */
	if (with_pii && swt_db_audit(db, "swt-db", "export", "person", NULL,
	    "--show-pii: person data exported")) {
		swt_fmt(why, sizeof why, "%s", db->err);
		swt_fmt(db->err, sizeof db->err, "cannot log the export of "
		    "person data to '%s' (%s): nothing written", dir, why);
		goto out;
	}
	/* all tables as they were at one moment */
	if (sqlite3_exec(db->h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, "export");
		goto out;
	}
	for (i = 0; i < n; i++) {
		table_path(db, path, sizeof path, dir, names[i]);
		if (!(w[i] = swt_file_open(path, SWT_FMT_TSV))) {
			write_fail(db, path, errno);
			break;
		}
		if (export_table(db, names[i], path, w[i], with_pii))
			break;
	}
	swt_db_rollback(db);	/* it only read */
	if (i < n)
		goto out;
	for (i = 0; i < n; i++) {
		table_path(db, path, sizeof path, dir, names[i]);
		if (swt_file_close(w[i], 1)) {
			w[i] = NULL;
			write_fail(db, path, errno);
			goto out;
		}
		w[i] = NULL;
	}
	rc = 0;
out:
	for (i = 0; i < n; i++) {
		if (w)
			swt_file_close(w[i], 0);
		free(names[i]);
	}
	free(w);
	free(names);
	if (rc && made)
		rmdir(dir);
	return rc;
}
