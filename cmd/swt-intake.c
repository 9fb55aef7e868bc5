/* swt-intake - register support requests from CSV/TSV exports */
#include <stdio.h>
#include <string.h>

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
	int map[RF_N];			/* request field -> input field */
	struct swt_request rq;		/* the record in hand, normalised */
	struct swt_intake_out res;
	char idbuf[24];
};

static int
header(struct swt_loop *l, size_t n, char *const *names)
{
	struct run *r = l->ctx;

	if (swt_loop_opendb(l))
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
	k = swt_request_check(&r->rq, l->codes, &l->field, l->why,
	    sizeof l->why);
	if (k == 0)
		k = swt_request_store(l->db, &r->rq, l->codes, &r->res,
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
		.step = step, .source_end = swt_loop_opendb, .batch = "import" };
	int c;

	swt_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "d:nqhV", longopts, NULL)) != -1)
		if ((c = swt_opt(&o, c, optarg, usage)) >= 0)
			return c;	/* -h, -V: 0; a usage error: 2 */
	argc -= optind;
	argv += optind;
	return swt_loop_run(&l, argc, argv, usage);
}
