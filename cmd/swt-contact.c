/* swt-contact - the team's contacts with residents, counted per request */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

static const char usage[] =
    "usage: swt-contact [-nq] [-d db] [--strict] [--rejects file]\n"
    "                   [--encoding enc] [--group] [--csv | --tsv | --json |"
    " --table]\n"
    "                   [file ...]\n"
    "Store contacts with residents, of a request or on the resident's plan;\n"
    "echo what was stored, with contact_id, request_id, client_id,\n"
    "contact_count and over_limit.  See swt-contact(1).\n";

static const char *const appended[] = { "contact_id", "request_id",
	"client_id", "contact_count", "over_limit", NULL };

struct run {
	long limit;			/* eigen inzet's conversations */
	int map[CF_N];			/* contact field -> input field */
	struct swt_contact c;		/* the record in hand, normalised */
	struct swt_contact_out res;
	char idbuf[24], rqbuf[24], nbuf[24];
};

static int
header(struct swt_loop *l, size_t n, char *const *names)
{
	struct run *r = l->ctx;

	if (swt_loop_opendb(l))
		return SWT_STEP_FATAL;
	if (swt_contact_limit(l->db, &r->limit)) {
		swt_err("%s", swt_db_errmsg(l->db));
		return SWT_STEP_FATAL;
	}
	swt_entity_map(&swt_contact_entity, n, names, r->map);
	if (r->map[CF_REF] < 0 && r->map[CF_REQUEST_ID] < 0 &&
	    r->map[CF_CLIENT_ID] < 0)
		return swt_loop_missing(l, "ref", "a contact is of a request, "
		    "named by ref or request_id, or on a resident's plan, "
		    "named by client_id");
	return 0;
}

static int
step(struct swt_loop *l, const struct swt_rec *rec, char **out)
{
	struct run *r = l->ctx;
	int k;

	for (int f = 0; f < CF_N; f++)
		r->c.v[f] = r->map[f] >= 0 ? rec->f[r->map[f]] : NULL;
	k = swt_contact_check(&r->c, l->codes, &l->field, l->why,
	    sizeof l->why);
	if (k == 0)
		k = swt_contact_store(l->db, &r->c, r->limit, &r->res,
		    &l->field, l->why, sizeof l->why);
	if ((k = swt_loop_result(l, rec, k, r->res.res)) != SWT_STEP_DONE)
		return k;
	/* stored fields are echoed as stored: normalised */
	swt_loop_echo(l, CF_N, r->map, r->c.v, out);
	snprintf(r->idbuf, sizeof r->idbuf, "%lld", r->res.contact_id);
	r->rqbuf[0] = '\0';
	if (r->res.request_id)
		snprintf(r->rqbuf, sizeof r->rqbuf, "%lld",
		    r->res.request_id);
	snprintf(r->nbuf, sizeof r->nbuf, "%ld", r->res.count);
	out[l->app[0]] = r->idbuf;
	out[l->app[1]] = r->rqbuf;
	out[l->app[2]] = r->res.client_id;
	out[l->app[3]] = r->nbuf;
	out[l->app[4]] = (char *)(r->res.over_limit ? "yes" : "no");
	return SWT_STEP_DONE;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = { SWT_O_DB, SWT_O_FORMATS,
		SWT_O_DRY_RUN, SWT_O_BATCH, SWT_O_GROUP, SWT_O_END };
	struct swt_opts o = { 0 };
	struct run r = { 0 };
	struct swt_loop l = { .o = &o, .ctx = &r, .append = appended,
		.echo = 1, .spool = 1, .stores = 1, .hash = 1,
		.entity = &swt_contact_entity, .header = header, .step = step,
		.source_end = swt_loop_opendb, .batch = "contact" };
	int c;

	swt_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "d:nqhV", longopts, NULL)) != -1)
		if ((c = swt_opt(&o, c, optarg, usage)) >= 0)
			return c;	/* -h, -V: 0; a usage error: 2 */
	argc -= optind;
	argv += optind;
	/* --dry-run and no database: every contact finds no request */
	return swt_loop_run(&l, argc, argv, usage);
}
