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
};

/*
 * The database is opened (and made) at the first file that opens: a run
 * that stores nothing because it reads nothing leaves none behind.
 */
static int
opendb(struct swt_loop *l)
{
	struct run *r = l->ctx;

	return swt_loop_opendb(l, r->dbpath, &r->codes);
}

static int
header(struct swt_loop *l, size_t n, char *const *names)
{
	struct run *r = l->ctx;

	if (opendb(l))
		return SWT_STEP_FATAL;
	return swt_loop_keyed(l, &swt_request_entity, n, names, r->map,
	    "every request needs its source's reference");
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
	if ((k = swt_loop_result(l, rec, k, r->res.res)) !=
	    SWT_STEP_DONE)
		return k;
	/* stored fields are echoed as stored: normalised */
	swt_loop_echo(l, RF_N, r->map, r->rq.v, out);
	snprintf(r->idbuf, sizeof r->idbuf, "%lld", r->res.request_id);
	out[l->app[0]] = r->idbuf;
	out[l->app[1]] = r->res.client_id;
	return SWT_STEP_DONE;
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
		.step = step, .source_end = opendb, .batch = "import" };
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
