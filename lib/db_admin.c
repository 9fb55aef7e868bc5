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
