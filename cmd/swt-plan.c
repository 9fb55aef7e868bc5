/* swt-plan - one plan per resident: goals, evaluations, the worklist */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "swt.h"

static const char usage[] =
    "usage: swt-plan [-nq] [-d db] [--strict] [--rejects file]"
    " [--encoding enc]\n"
    "                [--on date] [--csv | --tsv | --json | --table]"
    " [file ...]\n"
    "       swt-plan [-d db] [--on date] [--within days]\n"
    "                [--csv | --tsv | --json | --table] --due\n"
    "       swt-plan [-d db] [--on date] [--show-pii] --show client\n"
    "Store plans and their goals; echo each record with plan_id, goal_id,\n"
    "client_id and plan_status.  List what is due; show a plan.\n"
    "See swt-plan(1).\n";

static const char *const appended[] = { "plan_id", "goal_id", "client_id",
	"plan_status", NULL };

enum { OPT_DUE = SWT_OPT_CMD, OPT_SHOW, OPT_ON, OPT_WITHIN };

struct run {
	const char *on;
	int map[PL_N];
	struct swt_plan p;
	struct swt_plan_out res;
	char planbuf[24], goalbuf[24];
};

static int
header(struct swt_loop *l, size_t n, char *const *names)
{
	struct run *r = l->ctx;

	if (swt_loop_opendb(l))
		return SWT_STEP_FATAL;
	swt_entity_map(&swt_plan_entity, n, names, r->map);
	if (r->map[PL_CLIENT_ID] < 0 && r->map[PL_REF] < 0)
		return swt_loop_missing(l, "client_id", "a plan is a "
		    "resident's, named by client_id or by ref");
	return 0;
}

static int
step(struct swt_loop *l, const struct swt_rec *rec, char **out)
{
	struct run *r = l->ctx;
	int k;

	for (int f = 0; f < PL_N; f++)
		r->p.v[f] = r->map[f] >= 0 ? rec->f[r->map[f]] : NULL;
	k = swt_plan_check(&r->p, l->codes, &l->field, l->why, sizeof l->why);
	if (k == 0)
		k = swt_plan_store(l->db, &r->p, r->on, &r->res, &l->field,
		    l->why, sizeof l->why);
	if ((k = swt_loop_result(l, rec, k, r->res.res)) != SWT_STEP_DONE)
		return k;
	swt_loop_echo(l, PL_N, r->map, r->p.v, out);
	snprintf(r->planbuf, sizeof r->planbuf, "%lld", r->res.plan_id);
	if (r->res.goal_id)
		snprintf(r->goalbuf, sizeof r->goalbuf, "%lld",
		    r->res.goal_id);
	else
		r->goalbuf[0] = '\0';
	out[l->app[0]] = r->planbuf;
	out[l->app[1]] = r->goalbuf;
	out[l->app[2]] = r->res.client_id;
	out[l->app[3]] = r->res.status;
	return SWT_STEP_DONE;
}

static int
records(struct swt_opts *o, const char *on, int argc, char **argv)
{
	struct run r = { .on = on };
	struct swt_loop l = { .o = o, .ctx = &r, .append = appended,
		.echo = 1, .spool = 1, .stores = 1, .hash = 1,
		.entity = &swt_plan_entity, .header = header, .step = step,
		.source_end = swt_loop_opendb, .batch = "plan" };
	/* --dry-run and no database: every record finds no resident */
	return swt_loop_run(&l, argc, argv, usage);
}

static int
row(void *ctx, char *const *vals)
{
	return swt_writer_record(ctx, DUE_N, vals);
}

/* --due and --show: the database as it is, opened for the job. */
static struct swt_db *
open_db(const struct swt_opts *o)
{
	char err[512];
	struct swt_db *db;

	if (swt_db_open(&db, swt_db_path(o), 0, err, sizeof err)) {
		swt_err("%s", err);
		return NULL;
	}
	return db;
}

static int
due(const struct swt_opts *o, const char *on, long within)
{
	struct swt_db *db;
	struct swt_writer *w;
	int rc = SWT_EXIT_OK;

	if (!(db = open_db(o)))
		return SWT_EXIT_DATA;
	if (!(w = swt_writer_open(stdout, o->fmt))) {
		swt_err("out of memory");
		rc = SWT_EXIT_DATA;
	} else if (swt_writer_header(w, DUE_N, (char **)swt_due_fields) ||
	    swt_db_plan_due(db, on, within, row, w)) {
		/* a reader that has gone (| head) is no error */
		if (!swt_stdout_gone() && !ferror(stdout)) {
			swt_err("%s", swt_db_errmsg(db));
			rc = SWT_EXIT_DATA;
		}
	}
	if (w && swt_writer_close(w) && !swt_stdout_gone())
		rc = SWT_EXIT_DATA;
	swt_db_close(db);
	if (swt_close_stdout() && rc == SWT_EXIT_OK)
		rc = SWT_EXIT_DATA;
	return rc;
}

static int
show(const struct swt_opts *o, const char *client, const char *on)
{
	struct swt_db *db;
	int rc;

	if (!(db = open_db(o)))
		return SWT_EXIT_DATA;
	signal(SIGPIPE, SIG_IGN);
	rc = swt_plan_show(db, client, on, o->show_pii, stdout);
	if (rc < 0 && !swt_stdout_gone())
		swt_err("%s", swt_db_errmsg(db));
	else if (rc == 0)
		swt_err("%s has no plan (a plan record opens one)", client);
	swt_db_close(db);
	if (swt_close_stdout() && rc > 0)
		rc = -1;
	return rc > 0 ? SWT_EXIT_OK : SWT_EXIT_DATA;
}

/* A usage error: reported, with the usage. */
static int
misuse(const char *what)
{
	swt_err("%s", what);
	swt_usage(usage);
	return SWT_EXIT_USAGE;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = { SWT_O_DB, SWT_O_FORMATS,
		SWT_O_DRY_RUN, SWT_O_BATCH, SWT_O_SHOW_PII,
		{ "due", no_argument, NULL, OPT_DUE },
		{ "on", required_argument, NULL, OPT_ON },
		{ "show", required_argument, NULL, OPT_SHOW },
		{ "within", required_argument, NULL, OPT_WITHIN },
		SWT_O_END };
	struct swt_opts o = { 0 };
	const char *client = NULL, *within_arg = NULL;
	char on[24];
	time_t t = time(NULL);
	struct tm tm;
	long within = 0;
	int c, isdue = 0;

	swt_setprog(argv[0]);
	strftime(on, sizeof on, "%Y-%m-%d", localtime_r(&t, &tm));
	while ((c = getopt_long(argc, argv, "d:nqhV", longopts, NULL)) != -1)
		if (c == OPT_DUE)
			isdue = 1;
		else if (c == OPT_SHOW)
			client = optarg;
		else if (c == OPT_WITHIN)
			within_arg = optarg;
		else if (c == OPT_ON) {
			if (swt_date_norm(optarg, on))
				return misuse("--on: not a date (yyyy-mm-dd "
				    "or dd-mm-yyyy)");
			on[10] = '\0';
		} else if ((c = swt_opt(&o, c, optarg, usage)) >= 0)
			return c;	/* -h, -V: 0; a usage error: 2 */
	argc -= optind;
	argv += optind;
	if (isdue && client)
		return misuse("--due and --show are two jobs: name one");
	if (within_arg && (!isdue || swt_int_parse(within_arg, 0, 3650,
	    &within)))
		return misuse("--within: a number of days 0-3650, with --due");
	if ((isdue || client) && (argc || o.dry_run || o.strict ||
	    o.rejects || o.encoding))
		return misuse("--due and --show read no records and write "
		    "nothing: they take no file, -n, --strict, --rejects or "
		    "--encoding");
	if (o.show_pii && !client)
		return misuse("--show-pii goes with --show: plan records hold "
		    "no person data");
	if (client && o.fmt != SWT_FMT_AUTO)
		return misuse("--show writes text for a person to read: it "
		    "takes no format option");
	if (isdue)
		return due(&o, on, within);
	if (client)
		return show(&o, client, on);
	/* SPEC 4: records without a mode option are plan records */
	return records(&o, on, argc, argv);
}
