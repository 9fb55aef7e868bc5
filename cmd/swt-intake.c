/* swt-intake - register support requests from CSV/TSV exports */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swt.h"

static const char usage[] =
    "usage: swt-intake [-nq] [-d db] [--strict] [--rejects file]\n"
    "                  [--encoding enc] [--show-pii] [--csv | --tsv | --json |"
    " --table]\n"
    "                  [file ...]\n"
    "Register support requests; echo what was stored, with request_id and\n"
    "client_id. See swt-intake(1).\n";

struct run {
	struct swt_opts o;
	struct swt_db *db;
	struct swt_codes *codes;
	struct swt_writer *out, *rej;
	long read, added, updated, same, rejected;
};

static int
reject(struct run *r, struct swt_reader *in, struct swt_rec *rec,
    const char *field, const char *why)
{
	r->rejected++;
	return swt_reject(r->rej, in, rec, field, why);
}

/* Returns -1 on a fatal error (nothing is written), else 0. */
static int
import(struct run *r, const char *path)
{
	char err[512], why[256], sum[65], detail[256];
	struct swt_reader *in;
	struct swt_rec rec;
	struct swt_fields oh = { 0 };
	int map[RF_N], *omap = NULL, rc = 0, n, st;
	char **ov = NULL;
	char idbuf[24];
	const char *field;
	long read0 = r->read, new0 = r->added, upd0 = r->updated,
	    same0 = r->same, rej0 = r->rejected;

	if (!(in = swt_reader_open(path, r->o.encoding, err, sizeof err))) {
		swt_err("%s", err);
		return -1;
	}
	swt_reader_hash(in, 1);
	n = (int)swt_reader_nfields(in);
	for (int f = 0; f < RF_N; f++)
		map[f] = swt_reader_field(in, swt_rf_name[f]);
	if (n && map[RF_REF] < 0) {
		swt_errat(swt_reader_name(in), swt_reader_header_line(in),
		    "ref", "no such field in the header: every request needs "
		    "its source's reference");
		swt_reader_close(in);
		return -1;
	}
	/* output: the input's fields (less person data), request_id, client_id */
	if (!(omap = calloc((size_t)n + 2, sizeof *omap)) ||
	    !(ov = calloc((size_t)n + 2, sizeof *ov)))
		goto nomem;
	for (int i = 0; i < n; i++) {
		const char *name = swt_reader_header(in)[i];
		int k;

		if (swt_rf_is_person(name) && !r->o.show_pii)
			continue;
		if ((k = swt_fields_add(&oh, name)) < 0)
			goto nomem;
		omap[k] = i;
	}
	{
		int a = swt_fields_add(&oh, "request_id");
		int b = swt_fields_add(&oh, "client_id");

		if (a < 0 || b < 0)
			goto nomem;
		omap[a] = -1;
		omap[b] = -2;
	}
	if (n && swt_writer_header(r->out, oh.n, oh.name)) {
		swt_err("cannot keep the echo in a temporary file: %s",
		    strerror(errno));
		rc = -1;
		goto done;
	}
	while ((st = swt_reader_read(in, &rec)) == 1) {
		struct swt_request rq;
		struct swt_intake_out res;
		int k;

		r->read++;
		if (rec.err[0]) {
			if (reject(r, in, &rec, NULL, rec.err))
				goto nomem;
			if (r->o.strict)
				goto strict;
			continue;
		}
		for (int f = 0; f < RF_N; f++)
			rq.v[f] = map[f] >= 0 ? rec.f[map[f]] : NULL;
		field = NULL;
		k = swt_request_check(&rq, r->codes, &field, why, sizeof why);
		if (k == 0)
			k = swt_db_intake(r->db, &rq, &res, &field, why,
			    sizeof why);
		if (k == -2) {
			swt_errat(swt_reader_name(in), rec.line, NULL, "%s",
			    swt_db_errmsg(r->db));
			rc = -1;
			goto done;
		}
		if (k < 0) {
			if (reject(r, in, &rec, field, why))
				goto nomem;
			if (r->o.strict)
				goto strict;
			continue;
		}
		if (res.res == SWT_INTAKE_NEW)
			r->added++;
		else if (res.res == SWT_INTAKE_UPDATED)
			r->updated++;
		else
			r->same++;
		snprintf(idbuf, sizeof idbuf, "%lld", res.request_id);
		for (size_t i = 0; i < oh.n; i++) {
			int src = omap[i];

			if (src == -1)
				ov[i] = idbuf;
			else if (src == -2)
				ov[i] = res.client_id;
			else {
				/* stored fields as stored: normalised */
				ov[i] = rec.f[src];
				for (int f = 0; f < RF_N; f++)
					if (map[f] == src) {
						ov[i] = (char *)(rq.v[f] ?
						    rq.v[f] : "");
						break;
					}
			}
		}
		/* on a closed pipe the import goes on; the echo is extra */
		(void)swt_writer_record(r->out, oh.n, ov);
	}
	if (st < 0) {
		long line;
		const char *e = swt_reader_error(in, &line);

		swt_errat(swt_reader_name(in), line, NULL, "%s", e);
		rc = -1;
		goto done;
	}
	swt_reader_sha256(in, sum);
	swt_fmt(detail, sizeof detail, "sha256 %s; read %ld, new %ld, "
	    "updated %ld, unchanged %ld, rejected %ld", sum, r->read - read0,
	    r->added - new0, r->updated - upd0, r->same - same0,
	    r->rejected - rej0);
	if (swt_db_audit(r->db, "swt-intake", "import", "batch",
	    swt_reader_name(in), detail)) {
		swt_err("%s", swt_db_errmsg(r->db));
		rc = -1;
	}
	if (!swt_quiet)
		fprintf(stderr, "%s: %s: %ld read, %ld new, %ld updated, "
		    "%ld unchanged, %ld rejected\n", swt_prog,
		    swt_reader_name(in), r->read - read0, r->added - new0,
		    r->updated - upd0, r->same - same0, r->rejected - rej0);
	goto done;
strict:
	swt_err("--strict: a record was rejected; nothing written");
	rc = -1;
	goto done;
nomem:
	swt_err("out of memory");
	rc = -1;
done:
	free(omap);
	free(ov);
	swt_fields_free(&oh);
	swt_reader_close(in);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = { SWT_LONGOPTS };
	struct run r = { 0 };
	const char *path;
	char err[512];
	FILE *echo = NULL;
	struct stat st;
	int c, rc = 0;

	swt_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, SWT_SHORTOPTS, longopts, NULL)) !=
	    -1) {
		if ((c = swt_opt(&r.o, c, optarg, usage)) >= 0)
			return c;	/* -h, -V: 0; a usage error: 2 */
	}
	argc -= optind;
	argv += optind;
	if (argc == 0 && isatty(STDIN_FILENO)) {
		swt_err("no input: name a file, or pipe records in");
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	/* the import must not die half-way because a reader of the echo left */
	signal(SIGPIPE, SIG_IGN);
	path = swt_db_path(&r.o);
	/* no file, or an empty one: nothing to compare with, nothing to make */
	if (r.o.dry_run && (stat(path, &st) != 0 || st.st_size == 0))
		path = ":memory:";
	if (swt_db_open(&r.db, path, SWT_DB_CREATE |
	    (r.o.group ? SWT_DB_GROUP : 0), err, sizeof err)) {
		swt_err("%s", err);
		return SWT_EXIT_DATA;
	}
	if (!(r.codes = swt_db_codes(r.db))) {
		swt_err("%s", swt_db_errmsg(r.db));
		swt_db_close(r.db);
		return SWT_EXIT_DATA;
	}
	/*
	 * The echo waits in a spool until the import is committed: a reader
	 * such as swt-triage --commit needs the records stored, and the write
	 * lock free; and what was not stored is not echoed.
	 */
	if (r.o.fmt == SWT_FMT_AUTO)
		r.o.fmt = isatty(STDOUT_FILENO) ? SWT_FMT_TABLE : SWT_FMT_TSV;
	if (!(echo = swt_spool()) || !(r.out = swt_writer_open(echo,
	    r.o.fmt))) {
		swt_err("cannot make a temporary file: %s", strerror(errno));
		rc = SWT_EXIT_DATA;
		goto out;
	}
	if (r.o.rejects && !(r.rej = swt_rejects_open(r.o.rejects))) {
		rc = SWT_EXIT_DATA;
		goto out;
	}
	if (swt_db_begin(r.db)) {
		swt_err("%s", swt_db_errmsg(r.db));
		rc = SWT_EXIT_DATA;
		goto out;
	}
	if (argc == 0)
		rc = import(&r, NULL);
	for (int i = 0; i < argc && rc == 0; i++)
		rc = import(&r, argv[i]);
	/* the echo kept whole, or nothing stored */
	if ((swt_writer_close(r.out) || fflush(echo) != 0) && rc == 0) {
		swt_err("cannot keep the echo in a temporary file: %s",
		    strerror(errno));
		rc = -1;
	}
	r.out = NULL;
	if (rc || r.o.dry_run) {
		swt_db_rollback(r.db);
		rc = rc ? SWT_EXIT_DATA : 0;
		if (r.o.dry_run && !swt_quiet && rc == 0)
			swt_err("--dry-run: nothing written");
	} else if (swt_db_commit(r.db)) {
		swt_err("%s", swt_db_errmsg(r.db));
		rc = SWT_EXIT_DATA;
	}
	if (rc == 0 && r.rejected)
		rc = SWT_EXIT_REJECT;
	/* the echo is about to show person data: log it, --dry-run or not */
	if (rc != SWT_EXIT_DATA && r.o.show_pii && r.read > r.rejected &&
	    swt_db_audit(r.db, "swt-intake", "display", "person", NULL,
	    "--show-pii: person data echoed")) {
		swt_err("%s", swt_db_errmsg(r.db));
		rc = SWT_EXIT_DATA;
	}
	/* stored: now the echo; a reader that left is no error (see below) */
	if ((rc == 0 || rc == SWT_EXIT_REJECT) && swt_spool_copy(echo,
	    stdout) && !ferror(stdout)) {
		swt_err("cannot read the echo back: %s", strerror(errno));
		rc = SWT_EXIT_DATA;
	}
out:
	(void)swt_writer_close(r.out);
	if (echo)
		fclose(echo);
	if (swt_rejects_close(r.rej, r.o.rejects))
		rc = SWT_EXIT_DATA;
	swt_codes_free(r.codes);
	swt_db_close(r.db);
	if (swt_close_stdout())
		rc = rc ? rc : SWT_EXIT_DATA;
	return rc;
}
