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
    "       swt-db [--csv | --tsv | --json | --table] fields [entity]\n"
    "       swt-db [-nq] [-d db] [--strict] [--rejects file] [--encoding enc]\n"
    "              [--csv | --tsv | --json | --table] load-staff | load-complaints\n"
    "              [file ...]\n"
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
	const char *dbpath;
	struct swt_codes *codes;
	int map[SWT_KEYED_MAX];		/* field -> input field */
	struct swt_keyed k;		/* the record in hand, normalised */
};

static int
opendb(struct swt_loop *l)
{
	struct load *r = l->ctx;

	return swt_loop_opendb(l, r->dbpath, &r->codes);
}

static int
header(struct swt_loop *l, size_t n, char *const *names)
{
	struct load *r = l->ctx;
	char why[64];

	if (opendb(l))
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
	k = swt_keyed_check(&r->k, r->codes, &l->field, l->why,
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
		.step = step, .source_end = opendb, .batch = verb };
	int rc = swt_loop_run(&l, argc, argv, usage, &r.dbpath);

	swt_codes_free(r.codes);
	swt_db_close(l.db);
	return rc;
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

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = { SWT_O_DB, SWT_O_GROUP,
		SWT_O_SHOW_PII, SWT_O_FORMATS, SWT_O_DRY_RUN, SWT_O_BATCH,
		SWT_O_END };
	static char *const hdr[] = { "list", "code", "parent", "label" };
	struct swt_opts o = { 0 };
	struct swt_db *db;
	const char *path, *verb;
	char err[512];
	int c, rc = SWT_EXIT_OK, flags, loading;

	swt_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "d:nqhV", longopts, NULL)) !=
	    -1) {
		if ((c = swt_opt(&o, c, optarg, usage)) >= 0)
			return c;	/* -h, -V: 0; a usage error: 2 */
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	verb = argv[0];
	loading = !strcmp(verb, "load-staff") ||
	    !strcmp(verb, "load-complaints");
	if (!loading && (o.dry_run || o.strict || o.rejects || o.encoding)) {
		swt_err("%s: -n, --strict, --rejects and --encoding go with "
		    "load-staff and load-complaints only", verb);
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	if (loading && (o.group || o.show_pii)) {
		swt_err("%s: %s goes with %s only", verb, o.group ? "--group" :
		    "--show-pii", o.group ? "init" : "export");
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	if (loading)
		return load(&o, verb, argc - 1, argv + 1);
	if (strcmp(verb, "init") && strcmp(verb, "check") &&
	    strcmp(verb, "backup") && strcmp(verb, "export") &&
	    strcmp(verb, "codes") && strcmp(verb, "fields")) {
		swt_err("'%s' is not an swt-db command", verb);
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	if ((!strcmp(verb, "backup") || !strcmp(verb, "export")) ?
	    argc != 2 : (!strcmp(verb, "codes") || !strcmp(verb, "check") ||
	    !strcmp(verb, "fields")) ?
	    argc > 2 : argc != 1) {
		swt_err("%s: wrong number of arguments", verb);
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	/* each option belongs to the one verb it acts on */
	{
		const char *opt = o.group ? "--group" : o.show_pii ?
		    "--show-pii" : o.fmt != SWT_FMT_AUTO ? "a format option" :
		    NULL, *its = o.group ? "init" : o.show_pii ? "export" :
		    "codes and fields";

		if (opt && strcmp(verb, its) && (strcmp(its, "codes and "
		    "fields") || (strcmp(verb, "codes") &&
		    strcmp(verb, "fields")))) {
			swt_err("%s: %s goes with %s only", verb, opt, its);
			swt_usage(usage);
			return SWT_EXIT_USAGE;
		}
	}
	if (!strcmp(verb, "check") && argc > 1 && (strlen(argv[1]) < 16 ||
	    strlen(argv[1]) > 64 || strspn(argv[1], "0123456789abcdefABCDEF")
	    != strlen(argv[1]))) {
		swt_err("check: '%s' is not a hash from an earlier check (16 to "
		    "64 hex digits)", argv[1]);
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	/* the field tables are swt's own: no database needed */
	if (!strcmp(verb, "fields")) {
		rc = fields(o.fmt, argc > 1 ? argv[1] : NULL);
		if (swt_close_stdout() && rc == SWT_EXIT_OK)
			rc = SWT_EXIT_DATA;
		return rc;
	}
	path = swt_db_path(&o);
	flags = !strcmp(verb, "init") ? SWT_DB_CREATE : 0;
	if (o.group)
		flags |= SWT_DB_GROUP;
	if (!strcmp(verb, "init") && access(path, F_OK) == 0) {
		if (swt_db_open(&db, path, 0, err, sizeof err) == 0) {
			/* opening migrated it; init on an existing file is safe */
			if (!swt_quiet)
				fprintf(stderr, "%s: '%s' exists, schema %d\n",
				    swt_prog, path, swt_db_version(db));
			swt_db_close(db);
			return SWT_EXIT_OK;
		}
		swt_err("%s", err);
		return SWT_EXIT_DATA;
	}
	if (swt_db_open(&db, path, flags, err, sizeof err)) {
		swt_err("%s", err);
		return SWT_EXIT_DATA;
	}
	if (!strcmp(verb, "init")) {
		if (!swt_quiet)
			fprintf(stderr, "%s: created '%s', schema %d\n",
			    swt_prog, path, swt_db_version(db));
	} else if (!strcmp(verb, "check")) {
		int k = swt_db_check(db, path, argc > 1 ? argv[1] : NULL,
		    report, NULL);

		if (k < 0)
			swt_err("'%s': %s", path, swt_db_errmsg(db));
		rc = k ? SWT_EXIT_DATA : SWT_EXIT_OK;
	} else if (!strcmp(verb, "backup")) {
		if (swt_db_backup(db, argv[1])) {
			swt_err("%s", swt_db_errmsg(db));
			rc = SWT_EXIT_DATA;
		} else if (!swt_quiet)
			fprintf(stderr, "%s: backed up to '%s'\n", swt_prog,
			    argv[1]);
	} else if (!strcmp(verb, "export")) {
		if (swt_db_export(db, argv[1], o.show_pii)) {
			swt_err("%s", swt_db_errmsg(db));
			rc = SWT_EXIT_DATA;
		}
	} else {
		struct swt_writer *w = swt_writer_open(stdout, o.fmt);

		swt_writer_header(w, 4, hdr);
		if (swt_db_codes_each(db, argc > 1 ? argv[1] : NULL, code_row,
		    w)) {
			swt_err("'%s': %s", path, swt_db_errmsg(db));
			rc = SWT_EXIT_DATA;
		}
		swt_writer_close(w);
	}
	swt_db_close(db);
	if (swt_close_stdout())
		rc = SWT_EXIT_DATA;
	return rc;
}
