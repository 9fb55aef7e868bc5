/* swt-refer - referrals to partners, and the registry of those partners */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

static const char usage[] =
    "usage: swt-refer [-nq] [-d db] [--strict] [--rejects file]\n"
    "                 [--encoding enc] [--group] [--csv | --tsv | --json |"
    " --table]\n"
    "                 [--load-partners] [file ...]\n"
    "       swt-refer [-d db] [--csv | --tsv | --json | --table] --partners\n"
    "Store referrals of requests to partners; echo what was stored, with\n"
    "referral_id, status and client_id.  Keep the registry of partners.\n"
    "See swt-refer(1).\n";

static const char *const appended[] = { "referral_id", "status", "client_id",
	NULL };

enum { OPT_PARTNERS = SWT_OPT_CMD, OPT_LOAD };

struct run {
	const char *dbpath;
	struct swt_codes *codes;
	int map[PF_N];			/* partner field -> input field */
	struct swt_partner p;		/* the record in hand, normalised */
	struct swt_partner_out res;
	int xmap[XF_N];			/* referral field -> input field */
	struct swt_referral x;
	struct swt_referral_out xres;
	char idbuf[24];
};

/* --partners: the registry as records, in its order. */
static int
row(void *ctx, char *const *vals)
{
	return swt_writer_record(ctx, PF_N, vals);
}

static int
list(const struct swt_opts *o)
{
	char *names[PF_N], err[512];
	struct swt_db *db;
	struct swt_writer *w;
	int rc = SWT_EXIT_OK;

	if (swt_db_open(&db, swt_db_path(o), 0, err, sizeof err)) {
		swt_err("%s", err);
		return SWT_EXIT_DATA;
	}
	for (int f = 0; f < PF_N; f++)
		names[f] = (char *)swt_partner_fields[f].name;
	if (!(w = swt_writer_open(stdout, o->fmt))) {
		swt_err("out of memory");
		rc = SWT_EXIT_DATA;
	} else if (swt_writer_header(w, PF_N, names) ||
	    swt_db_partners(db, row, w)) {
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

/* --load-partners: the database is opened (and made) at the first file. */
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
	return swt_loop_keyed(l, &swt_partner_entity, n, names, r->map,
	    "every partner needs its id");
}

static int
step(struct swt_loop *l, const struct swt_rec *rec, char **out)
{
	struct run *r = l->ctx;
	int k;

	for (int f = 0; f < PF_N; f++) {
		r->p.has[f] = r->map[f] >= 0;
		r->p.v[f] = r->p.has[f] ? rec->f[r->map[f]] : NULL;
	}
	k = swt_partner_check(&r->p, r->codes, &l->field, l->why,
	    sizeof l->why);
	if (k == 0)
		k = swt_partner_store(l->db, &r->p, &r->res, &l->field, l->why,
		    sizeof l->why);
	if ((k = swt_loop_result(l, rec, k, r->res.res)) !=
	    SWT_STEP_DONE)
		return k;
	/* the fields are echoed as checked: normalised */
	swt_loop_echo(l, PF_N, r->map, r->p.v, out);
	return SWT_STEP_DONE;
}

/* Referrals: a record names a request (ref, request_id) or a referral. */
static int
xheader(struct swt_loop *l, size_t n, char *const *names)
{
	struct run *r = l->ctx;

	if (opendb(l))
		return SWT_STEP_FATAL;
	swt_entity_map(&swt_referral_entity, n, names, r->xmap);
	if (r->xmap[XF_REF] < 0 && r->xmap[XF_REQUEST_ID] < 0 &&
	    r->xmap[XF_REFERRAL_ID] < 0 && r->xmap[XF_REFERRAL_REF] < 0) {
		swt_errat(l->name, l->in ? swt_reader_header_line(l->in) : 1,
		    "ref", "no such field in the header: a referral is of a "
		    "request, named by ref or request_id (or a stored one by "
		    "referral_id or referral_ref)");
		return SWT_STEP_FATAL;
	}
	return 0;
}

static int
xstep(struct swt_loop *l, const struct swt_rec *rec, char **out)
{
	struct run *r = l->ctx;
	int k;

	for (int f = 0; f < XF_N; f++)
		r->x.v[f] = r->xmap[f] >= 0 ? rec->f[r->xmap[f]] : NULL;
	k = swt_referral_check(&r->x, r->codes, &l->field, l->why,
	    sizeof l->why);
	if (k == 0)
		k = swt_referral_store(l->db, &r->x, r->codes, &r->xres,
		    &l->field, l->why, sizeof l->why);
	if ((k = swt_loop_result(l, rec, k, r->xres.res)) !=
	    SWT_STEP_DONE)
		return k;
	/* stored fields are echoed as stored: normalised */
	swt_loop_echo(l, XF_N, r->xmap, r->x.v, out);
	snprintf(r->idbuf, sizeof r->idbuf, "%lld", r->xres.referral_id);
	out[l->app[0]] = r->idbuf;
	out[l->app[1]] = r->xres.status;
	out[l->app[2]] = r->xres.client_id;
	return SWT_STEP_DONE;
}

/*
 * Records through the loop, referrals or partners.  --dry-run and no
 * database: partners are checked against the default registry, and a
 * referral finds no request.
 */
static int
records(struct swt_loop *l, struct run *r, int argc, char **argv)
{
	int rc = swt_loop_run(l, argc, argv, usage, &r->dbpath);

	swt_codes_free(r->codes);
	swt_db_close(l->db);
	return rc;
}

static int
refer(struct swt_opts *o, int argc, char **argv)
{
	struct run r = { 0 };
	struct swt_loop l = { .o = o, .ctx = &r, .append = appended,
		.echo = 1, .spool = 1, .stores = 1, .hash = 1,
		.entity = &swt_referral_entity, .header = xheader,
		.step = xstep, .source_end = opendb, .batch = "refer" };

	return records(&l, &r, argc, argv);
}

static int
load(struct swt_opts *o, int argc, char **argv)
{
	struct run r = { 0 };
	struct swt_loop l = { .o = o, .ctx = &r, .echo = 1, .spool = 1,
		.stores = 1, .hash = 1, .entity = &swt_partner_entity,
		.header = header, .step = step, .source_end = opendb,
		.batch = "load-partners" };

	return records(&l, &r, argc, argv);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = { SWT_O_DB, SWT_O_FORMATS,
		SWT_O_DRY_RUN, SWT_O_BATCH, SWT_O_GROUP,
		{ "load-partners", no_argument, NULL, OPT_LOAD },
		{ "partners", no_argument, NULL, OPT_PARTNERS },
		SWT_O_END };
	struct swt_opts o = { 0 };
	int c, partners = 0, loading = 0;

	swt_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "d:nqhV", longopts, NULL)) != -1)
		if (c == OPT_PARTNERS)
			partners = 1;
		else if (c == OPT_LOAD)
			loading = 1;
		else if ((c = swt_opt(&o, c, optarg, usage)) >= 0)
			return c;	/* -h, -V: 0; a usage error: 2 */
	argc -= optind;
	argv += optind;
	if (partners && loading) {
		swt_err("--partners and --load-partners are two jobs: name one");
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	if (partners) {
		if (argc || o.dry_run || o.strict || o.rejects || o.encoding ||
		    o.group) {
			swt_err("--partners reads no records and writes nothing: "
			    "it takes no file, -n, --strict, --rejects, "
			    "--encoding or --group");
			swt_usage(usage);
			return SWT_EXIT_USAGE;
		}
		return list(&o);
	}
	if (loading)
		return load(&o, argc, argv);
	/* SPEC 4: records without a mode option are referrals */
	return refer(&o, argc, argv);
}
