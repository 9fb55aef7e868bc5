/* swt-intake - register support requests from CSV/TSV exports */
#include <signal.h>
#include <stdio.h>
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

static const char *const appended[] = { "request_id", "client_id", NULL };

struct run {
	const char *dbpath;
	struct swt_codes *codes;
	int map[RF_N];			/* request field -> input field */
	struct swt_request rq;		/* the record in hand, normalised */
	struct swt_intake_out res;
	char idbuf[24];
	long added, updated, same;	/* in all files */
	long read0, added0, updated0, same0, rejected0;	/* the files before */
	char **lines;			/* each file's summary, said at the end */
	size_t nlines;
};

/*
 * The database is opened (and made) at the first file that opens: a run
 * that stores nothing because it reads nothing leaves none behind.
 */
static int
opendb(struct swt_loop *l)
{
	struct run *r = l->ctx;
	char err[512];

	if (l->db)
		return 0;
	if (swt_db_open(&l->db, r->dbpath, SWT_DB_CREATE |
	    (l->o->group ? SWT_DB_GROUP : 0), err, sizeof err)) {
		swt_err("%s", err);
		return SWT_STEP_FATAL;
	}
	if (!(r->codes = swt_db_codes(l->db))) {
		swt_err("%s", swt_db_errmsg(l->db));
		return SWT_STEP_FATAL;
	}
	return swt_loop_begin(l);
}

static int
header(struct swt_loop *l, size_t n, char *const *names)
{
	struct run *r = l->ctx;

	if (opendb(l))
		return SWT_STEP_FATAL;
	swt_entity_map(&swt_request_entity, n, names, r->map);
	if (r->map[RF_REF] < 0) {
		swt_errat(l->name, swt_reader_header_line(l->in), "ref",
		    "no such field in the header: every request needs its "
		    "source's reference");
		return SWT_STEP_FATAL;
	}
	return 0;
}

static int
step(struct swt_loop *l, const struct swt_rec *rec, char **out)
{
	struct run *r = l->ctx;
	int k;

	for (int f = 0; f < RF_N; f++)
		r->rq.v[f] = r->map[f] >= 0 ? rec->f[r->map[f]] : NULL;
	k = swt_request_check(&r->rq, r->codes, &l->field, l->why,
	    sizeof l->why);
	if (k == 0)
		k = swt_request_store(l->db, &r->rq, r->codes, &r->res,
		    &l->field, l->why, sizeof l->why);
	if (k == -2) {
		swt_errat(l->name, rec->line, NULL, "%s", swt_db_errmsg(l->db));
		return SWT_STEP_FATAL;
	}
	if (k < 0)
		return SWT_STEP_REJECT;
	if (r->res.res == SWT_INTAKE_NEW)
		r->added++;
	else if (r->res.res == SWT_INTAKE_UPDATED)
		r->updated++;
	else
		r->same++;
	/* stored fields are echoed as stored: normalised */
	for (int f = 0; f < RF_N; f++)
		if (r->map[f] >= 0 && l->col[r->map[f]] >= 0)
			out[l->col[r->map[f]]] = (char *)(r->rq.v[f] ?
			    r->rq.v[f] : "");
	snprintf(r->idbuf, sizeof r->idbuf, "%lld", r->res.request_id);
	out[l->app[0]] = r->idbuf;
	out[l->app[1]] = r->res.client_id;
	return SWT_STEP_DONE;
}

/* A file read whole: its audit entry, and its line on standard error. */
static int
source_end(struct swt_loop *l)
{
	struct run *r = l->ctx;
	char sum[65], detail[256], *line, **p;
	const char *base;
	long read = l->read - r->read0, added = r->added - r->added0,
	    updated = r->updated - r->updated0, same = r->same - r->same0,
	    rejected = l->rejected - r->rejected0;

	if (opendb(l))	/* an empty file: its audit entry all the same */
		return SWT_STEP_FATAL;
	r->read0 = l->read;
	r->rejected0 = l->rejected;
	r->added0 = r->added;
	r->updated0 = r->updated;
	r->same0 = r->same;
	swt_reader_sha256(l->in, sum);
	swt_fmt(detail, sizeof detail, "sha256 %s; read %ld, new %ld, "
	    "updated %ld, unchanged %ld, rejected %ld", sum, read, added,
	    updated, same, rejected);
	/*
	 * The audit log is never erased, so it holds no free text: the file
	 * by its SHA-256, and by its name only when that cannot be a
	 * resident's ("aanmelding Jansen.csv").
	 */
	base = strrchr(l->name, '/') ? strrchr(l->name, '/') + 1 : l->name;
	if (swt_db_audit(l->db, "swt-intake", "import", "batch",
	    swt_code_like(base) ? base : "(name not logged)",
	    detail)) {
		swt_err("%s", swt_db_errmsg(l->db));
		return SWT_STEP_FATAL;
	}
	if (!(line = malloc(strlen(l->name) + 128)) ||
	    !(p = realloc(r->lines, (r->nlines + 1) * sizeof *p))) {
		free(line);
		swt_err("out of memory");
		return SWT_STEP_FATAL;
	}
	sprintf(line, "%s: %ld read, %ld new, %ld updated, %ld unchanged, "
	    "%ld rejected", l->name, read, added, updated, same, rejected);
	r->lines = p;
	r->lines[r->nlines++] = line;
	return 0;
}

/* Each file's line, once it is known whether anything was written. */
static void
summary(struct swt_loop *l, int status)
{
	struct run *r = l->ctx;

	for (size_t i = 0; i < r->nlines; i++) {
		if (!swt_quiet)
			fprintf(stderr, "%s: %s%s\n", swt_prog, r->lines[i],
			    status == SWT_EXIT_DATA ? " (not written)" : "");
		free(r->lines[i]);
	}
	free(r->lines);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = { SWT_O_DB, SWT_O_FORMATS,
		SWT_O_DRY_RUN, SWT_O_BATCH, SWT_O_SHOW_PII, SWT_O_GROUP,
		SWT_O_END };
	struct swt_opts o = { 0 };
	struct run r = { 0 };
	struct swt_loop l = { .o = &o, .ctx = &r, .append = appended, .echo = 1,
		.spool = 1, .stores = 1, .hash = 1, .header = header,
		.step = step, .source_end = source_end,
		.summary = summary };
	struct stat st;
	int c, rc;

	swt_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "d:nqhV", longopts, NULL)) != -1)
		if ((c = swt_opt(&o, c, optarg, usage)) >= 0)
			return c;	/* -h, -V: 0; a usage error: 2 */
	argc -= optind;
	argv += optind;
	if (argc == 0 && isatty(STDIN_FILENO)) {
		swt_err("no input: name a file, or pipe records in");
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	/* the import must not die half-way because a reader of the echo left */
	signal(SIGPIPE, SIG_IGN);
	r.dbpath = swt_db_path(&o);
	/* no file, or an empty one: nothing to compare with, nothing to make */
	if (o.dry_run && (stat(r.dbpath, &st) != 0 || st.st_size == 0)) {
		/* a display of person data is logged, and here it could not be */
		if (o.show_pii) {
			swt_err("%s: no database to log --show-pii in: with "
			    "--dry-run none is made (swt-db init makes one)",
			    r.dbpath);
			return SWT_EXIT_USAGE;
		}
		r.dbpath = ":memory:";
	}
	if ((rc = swt_loop_start(&l, argc, argv)) == 0)
		rc = swt_loop_files(&l, argc, argv);
	rc = swt_loop_finish(&l, rc);
	swt_codes_free(r.codes);
	swt_db_close(l.db);
	return rc;
}
