/* swt-refer - the partner registry; referrals to partners are to come */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swt.h"

static const char usage[] =
    "usage: swt-refer [-nq] [-d db] [--strict] [--rejects file]\n"
    "                 [--encoding enc] [--group] [--csv | --tsv | --json |"
    " --table]\n"
    "                 --load-partners [file ...]\n"
    "       swt-refer [-d db] [--csv | --tsv | --json | --table] --partners\n"
    "Keep the registry of partners that the team refers residents to.\n"
    "Storing referrals is not built yet. See swt-refer(1).\n";

enum { OPT_PARTNERS = SWT_OPT_CMD, OPT_LOAD };

struct run {
	const char *dbpath;
	struct swt_codes *codes;
	int map[PF_N];			/* partner field -> input field */
	struct swt_partner p;		/* the record in hand, normalised */
	struct swt_partner_out res;
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
	if (k == -2) {
		swt_errat(l->name, rec->line, NULL, "%s", swt_db_errmsg(l->db));
		return SWT_STEP_FATAL;
	}
	if (k < 0)
		return SWT_STEP_REJECT;
	swt_batch_count(&l->counts, r->res.res);
	/* the fields are echoed as checked: normalised */
	swt_loop_echo(l, PF_N, r->map, r->p.v, out);
	return SWT_STEP_DONE;
}

static int
load(struct swt_opts *o, int argc, char **argv)
{
	struct run r = { 0 };
	struct swt_loop l = { .o = o, .ctx = &r, .echo = 1, .spool = 1,
		.stores = 1, .hash = 1, .entity = &swt_partner_entity,
		.header = header, .step = step, .source_end = opendb,
		.batch = "load-partners" };
	struct stat st;
	int rc;

	if (argc == 0 && isatty(STDIN_FILENO)) {
		swt_err("no input: name a file, or pipe records in");
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	signal(SIGPIPE, SIG_IGN);
	r.dbpath = swt_db_path(o);
	/* --dry-run and no database: checked against the default registry */
	if (o->dry_run && (stat(r.dbpath, &st) != 0 || st.st_size == 0))
		r.dbpath = ":memory:";
	if ((rc = swt_loop_start(&l, argc, argv)) == 0)
		rc = swt_loop_files(&l, argc, argv);
	rc = swt_loop_finish(&l, rc);
	swt_codes_free(r.codes);
	swt_db_close(l.db);
	return rc;
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
	/* SPEC 4: records without a mode option are referrals, to come */
	swt_err("storing referrals is not built yet: --partners lists the "
	    "partner registry, --load-partners loads it (see swt-refer(1))");
	return SWT_EXIT_USAGE;
}
