/* swt-db - create, check, back up and export the swt database */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "swt.h"

static const char usage[] =
    "usage: swt-db [-q] [-d db] [--group] init\n"
    "       swt-db [-q] [-d db] check [hash]\n"
    "       swt-db [-q] [-d db] backup file\n"
    "       swt-db [-q] [-d db] [--show-pii] export dir\n"
    "       swt-db [-d db] [--csv | --tsv | --json | --table] codes [list]\n"
    "       swt-db [-d db] [--csv | --tsv | --json | --table] terms |\n"
    "              retention-terms\n"
    "       swt-db [-q] [-d db] --load file [--replace] codes | terms |\n"
    "              retention-terms\n"
    "       swt-db [-q] [-d db] --load dir profile\n"
    "       swt-db [--csv | --tsv | --json | --table] fields [entity]\n"
    "       swt-db [-nq] [-d db] [--strict] [--rejects file] [--encoding enc]\n"
    "              [--csv | --tsv | --json | --table] load-staff | load-complaints\n"
    "              [file ...]\n"
    "       swt-db [-q] [-d db] [--csv | --tsv | --json | --table] retention\n"
    "              [--on date] [--commit]\n"
    "       swt-db [-q] [-d db] [--csv | --tsv | --json | --table] erase\n"
    "              client ... | --bsn\n"
    "Look after the one SQLite file that holds swt's state. See swt-db(1).\n";

static void
report(void *ctx, int severe, const char *msg)
{
	(void)ctx;
	if (severe > 0)
		swt_err("check: %s", msg);
	else if (severe == 0)
		swt_warn("%s", msg);
	else if (!swt_quiet)
		fprintf(stderr, "%s: %s\n", swt_prog, msg);
}

static int
code_row(void *ctx, char *const *v)
{
	return swt_writer_record(ctx, 4, v);
}

/* load-staff, load-complaints: the database is opened at the first file */
struct load {
	int map[SWT_KEYED_MAX];		/* field -> input field */
	struct swt_keyed k;		/* the record in hand, normalised */
};

static int
header(struct swt_loop *l, size_t n, char *const *names)
{
	struct load *r = l->ctx;
	char why[64];

	if (swt_loop_opendb(l))
		return SWT_STEP_FATAL;
	swt_fmt(why, sizeof why, "every %s needs its %s", r->k.e->name,
	    r->k.e->f[0].name);
	return swt_loop_keyed(l, r->k.e, n, names, r->map, why);
}

static int
step(struct swt_loop *l, const struct swt_rec *rec, char **out)
{
	struct load *r = l->ctx;
	enum swt_intake_res res = SWT_INTAKE_NEW;
	int k;

	for (size_t f = 0; f < r->k.e->n; f++) {
		r->k.has[f] = r->map[f] >= 0;
		r->k.v[f] = r->k.has[f] ? rec->f[r->map[f]] : NULL;
	}
	k = swt_keyed_check(&r->k, l->codes, &l->field, l->why,
	    sizeof l->why);
	if (k == 0)
		k = swt_keyed_store(l->db, &r->k, &res, &l->field, l->why,
		    sizeof l->why);
	if ((k = swt_loop_result(l, rec, k, res)) != SWT_STEP_DONE)
		return k;
	swt_loop_echo(l, r->k.e->n, r->map, r->k.v, out);
	return SWT_STEP_DONE;
}

static int
load(const struct swt_opts *o, const char *verb, int argc, char **argv)
{
	struct load r = { .k.e = strcmp(verb, "load-staff") ?
	    &swt_complaint_entity : &swt_staff_entity };
	struct swt_loop l = { .o = o, .ctx = &r, .echo = 1, .spool = 1,
		.stores = 1, .hash = 1, .entity = r.k.e, .header = header,
		.step = step, .source_end = swt_loop_opendb, .batch = verb };
	return swt_loop_run(&l, argc, argv, usage);
}

/* fields: each entity's field table, the one the checks and docs read */
static int
fields(enum swt_fmt fmt, const char *name)
{
	static char *const hdr[] = { "entity", "field", "type", "list",
		"required", "person", "rule", "empty_means" };
	const struct swt_entity *e;
	struct swt_writer *w;
	int rc = SWT_EXIT_OK;

	if (name && !swt_entity_get(name, 0)) {
		swt_err("fields: '%s' is not an entity (see swt-db fields)",
		    name);
		return SWT_EXIT_USAGE;
	}
	if (!(w = swt_writer_open(stdout, fmt)) ||
	    swt_writer_header(w, 8, hdr))
		rc = SWT_EXIT_DATA;
	for (size_t k = 0; rc == 0 && (e = swt_entity_get(NULL, k)); k++) {
		if (name && strcmp(name, e->name))
			continue;
		for (size_t i = 0; i < e->n; i++) {
			const struct swt_field *f = &e->f[i];
			char *v[8] = { (char *)e->name, (char *)f->name,
				(char *)swt_ftype_name(f->type),
				(char *)(f->list ? f->list : ""),
				f->flags & SWT_F_KEY ? "always" :
				f->flags & SWT_F_NEW ? "new" : "",
				f->flags & SWT_F_PERSON ? "yes" : "no",
				f->flags & SWT_F_RULE ? "yes" : "no",
				(char *)(f->dflt ? f->dflt : "") };

			(void)swt_writer_record(w, 8, v);
		}
	}
	if (swt_writer_close(w))
		rc = SWT_EXIT_DATA;
	return rc;
}

/* the verbs that need the database open, each with the arguments given */
struct run {
	const struct swt_opts *o;
	struct swt_db *db;
	const char *path;
	const char *on;			/* retention --on */
	int commit, bsn;		/* retention --commit, erase --bsn */
	const char *load;		/* --load: the file or directory */
	int replace;			/* --replace: whole lists */
	char err[512];			/* why the database did not open */
};

enum { OPT_ON = SWT_OPT_CMD, OPT_COMMIT, OPT_BSN, OPT_LOAD, OPT_REPLACE };

/* swt-db's own options: 1 taken, 0 not one of them */
static int
run_opt(struct run *r, int c, const char *arg)
{
	switch (c) {
	case OPT_ON: r->on = arg; break;
	case OPT_COMMIT: r->commit = 1; break;
	case OPT_BSN: r->bsn = 1; break;
	case OPT_LOAD: r->load = arg; break;
	case OPT_REPLACE: r->replace = 1; break;
	default: return 0;
	}
	return 1;
}

static int
open_db(struct run *r, int flags)
{
	return swt_db_open(&r->db, r->path, flags, r->err, sizeof r->err);
}

static int
check(struct run *r, int argc, char **argv)
{
	int k;

	if (argc > 0 && (strlen(argv[0]) < 16 || strlen(argv[0]) > 64 ||
	    strspn(argv[0], "0123456789abcdefABCDEF") != strlen(argv[0]))) {
		swt_err("check: '%s' is not a hash from an earlier check (16 to "
		    "64 hex digits)", argv[0]);
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	if (open_db(r, 0))
		return -1;
	k = swt_db_check(r->db, r->path, argc > 0 ? argv[0] : NULL, report,
	    NULL);
	if (k < 0)
		swt_err("'%s': %s", r->path, swt_db_errmsg(r->db));
	return k ? SWT_EXIT_DATA : SWT_EXIT_OK;
}

static int
backup(struct run *r, int argc, char **argv)
{
	(void)argc;
	if (open_db(r, 0))
		return -1;
	if (swt_db_backup(r->db, argv[0])) {
		swt_err("%s", swt_db_errmsg(r->db));
		return SWT_EXIT_DATA;
	}
	if (!swt_quiet)
		fprintf(stderr, "%s: backed up to '%s'\n", swt_prog, argv[0]);
	return SWT_EXIT_OK;
}

static int
export(struct run *r, int argc, char **argv)
{
	(void)argc;
	if (open_db(r, 0))
		return -1;
	if (swt_db_export(r->db, argv[0], r->o->show_pii)) {
		swt_err("%s", swt_db_errmsg(r->db));
		return SWT_EXIT_DATA;
	}
	return SWT_EXIT_OK;
}

/* codes, terms, retention-terms --load: one transaction, or nothing */
static int
load_table(struct run *r, enum swt_ptable t)
{
	struct swt_load out;
	int exists = access(r->path, F_OK) == 0, k;

	if (open_db(r, SWT_DB_CREATE))
		return -1;
	k = t == SWT_PT_N ? swt_profile_load(r->db, r->load, &out) :
	    swt_ptable_load(r->db, t, r->load, r->replace, &out);
	if (k) {
		swt_err("%s", out.err);
		if (!exists) {	/* refused: not even a new database is left */
			swt_db_close(r->db);
			r->db = NULL;
			unlink(r->path);
		}
		return SWT_EXIT_DATA;
	}
	if (!swt_quiet)
		fprintf(stderr, "%s: %s: %ld read, %ld new, %ld changed, %ld "
		    "unchanged, %ld removed\n", swt_prog, r->load, out.read,
		    out.added, out.changed, out.same, out.removed);
	return SWT_EXIT_OK;
}

static int
prow(void *ctx, size_t n, char *const *v)
{
	return swt_writer_record(ctx, n, v);
}

/* terms, retention-terms: the rows as they are stored */
static int
list_table(struct run *r, enum swt_ptable t)
{
	struct swt_writer *w;
	int rc = SWT_EXIT_OK;

	if (r->load)
		return load_table(r, t);
	if (open_db(r, 0))
		return -1;
	w = swt_writer_open(stdout, r->o->fmt);
	swt_writer_header(w, swt_ptable_ncolumns(t),
	    (char *const *)swt_ptable_columns(t));
	if (swt_db_prow_each(r->db, t, prow, w)) {
		swt_err("'%s': %s", r->path, swt_db_errmsg(r->db));
		rc = SWT_EXIT_DATA;
	}
	swt_writer_close(w);
	return rc;
}

static int
terms(struct run *r, int argc, char **argv)
{
	(void)argc, (void)argv;
	return list_table(r, SWT_PT_TERM);
}

static int
retention_terms(struct run *r, int argc, char **argv)
{
	(void)argc, (void)argv;
	return list_table(r, SWT_PT_RETENTION);
}

static int
profile(struct run *r, int argc, char **argv)
{
	(void)argc, (void)argv;
	if (!r->load) {
		swt_err("profile: give the profile's directory with --load");
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	return load_table(r, SWT_PT_N);
}

static int
codes(struct run *r, int argc, char **argv)
{
	static char *const hdr[] = { "list", "code", "parent", "label" };
	struct swt_writer *w;
	int rc = SWT_EXIT_OK;

	if (r->load && argc > 0) {
		swt_err("codes: --load takes the lists from its file: give no "
		    "list");
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	if (r->load)
		return load_table(r, SWT_PT_CODE);
	if (open_db(r, 0))
		return -1;
	w = swt_writer_open(stdout, r->o->fmt);
	swt_writer_header(w, 4, hdr);
	if (swt_db_codes_each(r->db, argc > 0 ? argv[0] : NULL, code_row,
	    w)) {
		swt_err("'%s': %s", r->path, swt_db_errmsg(r->db));
		rc = SWT_EXIT_DATA;
	}
	swt_writer_close(w);
	return rc;
}

/* init on an existing file migrates it: safe to run again */
static int
init(struct run *r, int argc, char **argv)
{
	int exists = access(r->path, F_OK) == 0;

	(void)argc, (void)argv;
	if (open_db(r, exists ? 0 : SWT_DB_CREATE | (r->o->group ?
	    SWT_DB_GROUP : 0))) {
		if (!exists)	/* a full disk, say: leave no empty file */
			unlink(r->path);
		return -1;
	}
	if (!swt_quiet)
		fprintf(stderr, exists ? "%s: '%s' exists, schema %d\n" :
		    "%s: created '%s', schema %d\n", swt_prog, r->path,
		    swt_db_version(r->db));
	return SWT_EXIT_OK;
}

/* A dossier as a record. */
static int
dossier_row(void *ctx, const struct swt_dossier *d)
{
	char buf[DN_N][24], *v[SWT_DOSSIER_COLUMNS];

	swt_dossier_values(d, buf, v);
	return swt_writer_record(ctx, SWT_DOSSIER_COLUMNS, v);
}

static struct swt_writer *
dossier_writer(enum swt_fmt fmt)
{
	struct swt_writer *w = swt_writer_open(stdout, fmt);

	if (w)
		swt_writer_header(w, SWT_DOSSIER_COLUMNS,
		    (char *const *)swt_dossier_columns);
	return w;
}

/* After destroying: nothing of it left in the file or its WAL. */
static int
scrub(struct run *r)
{
	if (swt_db_scrub(r->db) == 0)
		return SWT_EXIT_OK;
	swt_err("'%s': %s", r->path, swt_db_errmsg(r->db));
	return SWT_EXIT_DATA;
}

/* retention [--on date] [--commit]: the dossiers past their term */
static int
retention(struct run *r, int argc, char **argv)
{
	char iso[24];
	struct swt_writer *w;
	long unknown = 0;
	int rc = SWT_EXIT_OK;

	(void)argc, (void)argv;
	if (r->on && (swt_date_norm(r->on, iso) || strlen(iso) > 10)) {
		swt_err("retention: --on: '%s' is not a date (yyyy-mm-dd)",
		    r->on);
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	if (!r->on)
		swt_date_today(iso);
	if (open_db(r, r->commit ? 0 : SWT_DB_READONLY))
		return -1;
	if (!(w = dossier_writer(r->o->fmt)) || swt_retention(r->db,
	    swt_date_days(iso), r->commit, dossier_row, w, &unknown)) {
		swt_err("'%s': %s", r->path, swt_db_errmsg(r->db));
		rc = SWT_EXIT_DATA;
	}
	swt_writer_close(w);
	if (unknown)
		swt_warn("retention: %ld residents kept: a closed request "
		    "without a retention term (see swt-db(1))", unknown);
	return rc == SWT_EXIT_OK && r->commit ? scrub(r) : rc;
}

/* A BSN from standard input, as its client_id: 0, -1 (reported). */
static int
bsn_line(struct run *r, char *line, long n, char id[16])
{
	line[strcspn(line, "\r\n")] = '\0';
	if (!swt_bsn_valid(line)) {	/* never echoed: it may be one */
		swt_err("erase: standard input line %ld: not a BSN", n);
		return -1;
	}
	swt_db_client_id(r->db, line, id);
	explicit_bzero(line, strlen(line));
	return 0;
}

/* Erase one resident: 0, 1 kept or unknown (reported), -1 an error. */
static int
erase_one(struct run *r, struct swt_writer *w, const char *client_id,
    const char *who)
{
	struct swt_dossier d;
	char why[256];

	switch (swt_erase(r->db, client_id, &d, why, sizeof why)) {
	case 0:
		return dossier_row(w, &d) < 0 ? -1 : 0;
	case 1:
		swt_err("erase: %s: kept, the law requires it (AVG art. "
		    "17(3)(b)): %s", who, why);
		return 1;
	case 2:
		swt_err("erase: %s: no such resident", who);
		return 1;
	}
	swt_err("'%s': %s", r->path, swt_db_errmsg(r->db));
	return -1;
}

/* erase client... | --bsn: residents at their request (AVG art. 17) */
static int
erase(struct run *r, int argc, char **argv)
{
	struct swt_writer *w;
	char *line = NULL, id[16], who[64];
	size_t cap = 0;
	long n = 0, done = 0, kept = 0;
	int k = 0;

	if (!r->bsn == !argc) {
		swt_err("erase: name the residents by client_id, or give "
		    "--bsn and their BSNs on standard input");
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	if (open_db(r, 0))
		return -1;
	if (!(w = dossier_writer(r->o->fmt)))
		return SWT_EXIT_DATA;
	for (int i = 0; k >= 0 && i < argc; i++)
		if ((k = erase_one(r, w, argv[i], argv[i])) >= 0)
			k ? kept++ : done++;
	while (k >= 0 && r->bsn && getline(&line, &cap, stdin) > 0) {
		swt_fmt(who, sizeof who, "standard input line %ld", ++n);
		if (bsn_line(r, line, n, id))
			kept++;
		else if ((k = erase_one(r, w, id, who)) >= 0)
			k ? kept++ : done++;
	}
	free(line);
	swt_writer_close(w);
	if (!swt_quiet)
		fprintf(stderr, "%s: %ld erased, %ld kept\n", swt_prog, done,
		    kept);
	if (k < 0 || (done && scrub(r)))
		return SWT_EXIT_DATA;
	return kept ? SWT_EXIT_REJECT : SWT_EXIT_OK;
}

static int
fields_verb(struct run *r, int argc, char **argv)
{
	return fields(r->o->fmt, argc > 0 ? argv[0] : NULL);
}

static int
load_verb(struct run *r, int argc, char **argv)
{
	return load(r->o, argv[-1], argc, argv);
}

/* the options each verb acts on; any other is a usage error */
enum { V_GROUP = 1, V_PII = 2, V_FMT = 4, V_BATCH = 8, V_ON = 16,
	V_COMMIT = 32, V_BSN = 64, V_LOAD = 128, V_REPLACE = 256 };

static const struct verb {
	const char *name;
	int min, max;			/* its arguments; -1: any number */
	unsigned opts;
	int (*run)(struct run *, int, char **);
} verbs[] = {
	{ "init", 0, 0, V_GROUP, init },
	{ "check", 0, 1, 0, check },
	{ "backup", 1, 1, 0, backup },
	{ "export", 1, 1, V_PII, export },
	{ "codes", 0, 1, V_FMT | V_LOAD | V_REPLACE, codes },
	{ "terms", 0, 0, V_FMT | V_LOAD | V_REPLACE, terms },
	{ "retention-terms", 0, 0, V_FMT | V_LOAD | V_REPLACE,
	  retention_terms },
	{ "profile", 0, 0, V_LOAD, profile },
	{ "fields", 0, 1, V_FMT, fields_verb },
	{ "load-staff", 0, -1, V_FMT | V_BATCH, load_verb },
	{ "load-complaints", 0, -1, V_FMT | V_BATCH, load_verb },
	{ "retention", 0, 0, V_FMT | V_ON | V_COMMIT, retention },
	{ "erase", 0, -1, V_FMT | V_BSN, erase },
};

/* "--group goes with init only": the verbs that take an option, named */
static int
refuse_option(const struct verb *v, unsigned bit, const char *what)
{
	char with[256] = "";
	size_t n = 0, k = 0, len;

	for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
		n += (verbs[i].opts & bit) != 0;
	for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++) {
		if (!(verbs[i].opts & bit))
			continue;
		len = strlen(with);
		snprintf(with + len, sizeof with - len, "%s%s", k == 0 ? "" :
		    k + 1 == n ? " and " : ", ", verbs[i].name);
		k++;
	}
	swt_err("%s: %s with %s only", v->name, what, with);
	swt_usage(usage);
	return SWT_EXIT_USAGE;
}

static int
options_fit(const struct verb *v, const struct swt_opts *o,
    const struct run *r)
{
	if (o->group && !(v->opts & V_GROUP))
		return refuse_option(v, V_GROUP, "--group goes");
	if (o->show_pii && !(v->opts & V_PII))
		return refuse_option(v, V_PII, "--show-pii goes");
	if (o->fmt != SWT_FMT_AUTO && !(v->opts & V_FMT))
		return refuse_option(v, V_FMT, "a format option goes");
	if ((o->dry_run || o->strict || o->rejects || o->encoding) &&
	    !(v->opts & V_BATCH))
		return refuse_option(v, V_BATCH, "-n, --strict, --rejects and "
		    "--encoding go");
	if (r->on && !(v->opts & V_ON))
		return refuse_option(v, V_ON, "--on goes");
	if (r->commit && !(v->opts & V_COMMIT))
		return refuse_option(v, V_COMMIT, "--commit goes");
	if (r->bsn && !(v->opts & V_BSN))
		return refuse_option(v, V_BSN, "--bsn goes");
	if (r->load && !(v->opts & V_LOAD))
		return refuse_option(v, V_LOAD, "--load goes");
	if (r->replace && !(v->opts & V_REPLACE))
		return refuse_option(v, V_REPLACE, "--replace goes");
	if (r->replace && !r->load) {
		swt_err("%s: --replace goes with --load", v->name);
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	if (r->load && o->fmt != SWT_FMT_AUTO) {
		swt_err("%s: --load writes no records: it takes no format "
		    "option", v->name);
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = { SWT_O_DB, SWT_O_GROUP,
		SWT_O_SHOW_PII, SWT_O_FORMATS, SWT_O_DRY_RUN, SWT_O_BATCH,
		{ "bsn", no_argument, NULL, OPT_BSN },
		{ "commit", no_argument, NULL, OPT_COMMIT },
		{ "load", required_argument, NULL, OPT_LOAD },
		{ "on", required_argument, NULL, OPT_ON },
		{ "replace", no_argument, NULL, OPT_REPLACE },
		SWT_O_END };
	struct swt_opts o = { 0 };
	struct run r = { .o = &o };
	const struct verb *v = NULL;
	int c, rc;

	swt_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "d:nqhV", longopts, NULL)) !=
	    -1) {
		if (!run_opt(&r, c, optarg) &&
		    (c = swt_opt(&o, c, optarg, usage)) >= 0)
			return c;	/* -h, -V: 0; a usage error: 2 */
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	for (size_t i = 0; !v && i < sizeof verbs / sizeof *verbs; i++)
		if (!strcmp(argv[0], verbs[i].name))
			v = &verbs[i];
	if (!v) {
		swt_err("'%s' is not an swt-db command", argv[0]);
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	if ((rc = options_fit(v, &o, &r)))
		return rc;
	if (argc - 1 < v->min || (v->max >= 0 && argc - 1 > v->max)) {
		swt_err("%s: wrong number of arguments", v->name);
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	r.path = swt_db_path(&o);
	rc = v->run(&r, argc - 1, argv + 1);
	if (rc < 0) {		/* the database did not open */
		swt_err("%s", r.err);
		rc = SWT_EXIT_DATA;
	}
	swt_db_close(r.db);
	if (v->run != load_verb && swt_close_stdout() && rc == SWT_EXIT_OK)
		rc = SWT_EXIT_DATA;
	return rc;
}
