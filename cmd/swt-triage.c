/* swt-triage - the lightest route that fits, by the mandate's decision table */
#include <ctype.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "swt.h"

static const char usage[] =
    "usage: swt-triage [-q] [-d db] [--rules file] [--explain]\n"
    "                  [--rejects file] [--encoding enc] [--strict]\n"
    "                  [--show-pii] [--csv | --tsv | --json | --table]\n"
    "                  [file ...]\n"
    "       swt-triage [-nq] [-d db] --commit [--pending | file ...]\n"
    "       swt-triage [-d db] --pending [--explain]\n"
    "       swt-triage [-d db] [--rules file] --check-rules\n"
    "       swt-triage [-d db] [--rules file] --test cases\n"
    "Give each request a route, a regie and the reasons, by the rules of\n"
    "the mandate. See swt-triage(1) and swt-rules(5).\n";

enum { OPT_RULES = SWT_OPT_CMD, OPT_CHECK, OPT_EXPLAIN, OPT_TEST,
	OPT_COMMIT, OPT_PENDING };

/* The fields triage appends (or replaces in place), in this order. */
enum { O_RECOMMENDED, O_ROUTE, O_REGIE, O_REASONS, O_VERSION, O_N };
static const char *const oname[O_N + 1] = { "recommended_route", "route",
	"regie", "reasons", "rules_version", NULL };

struct run {
	const struct swt_opts *o;
	const char *rules_path;
	int explain, commit, pending;
	int text;		/* --explain as text: a terminal */
	struct swt_rules *rs;
	struct swt_codes *codes;
	const char *dbpath;	/* --commit: to open at the first decision */
	int map[RF_N], route_in, override_in;
	int dmap[DF_N];		/* --commit: decided_at, decided_by */
	char reasons[SWT_REASONS_MAX];	/* the record in hand's */
	int stop;		/* --pending: why the rows stopped */
	/* counts */
	long routed, incomplete, overridden, stored, same;
	/* --test: the expectations' fields, and the cases that failed */
	int er, eg, en, ex;
	long passed, failed;
};

/*
 * The write lock is taken at the first decision, not before: the records
 * may come from swt-intake on the same database, which commits first.
 */
static int
begin(struct swt_loop *l)
{
	struct run *r = l->ctx;
	char err[512];

	if (!l->db && swt_db_open(&l->db, r->dbpath, 0, err, sizeof err)) {
		swt_err("%s", err);
		return -1;
	}
	return swt_loop_begin(l);
}

/*
 * The fields a decision rests on, and so the ones checked: those the rules
 * name, the service and law that go together, and ref for --commit.
 * Dates, free text and person data are swt-intake's to check.
 */
static int
decides_on(const struct run *r, int f)
{
	return f == RF_REF || f == RF_LAW || f == RF_SERVICE ||
	    swt_rules_names(r->rs, f);
}

/* A new source: the fields a decision rests on, and route and override. */
static int
header(struct swt_loop *l, size_t n, char *const *names)
{
	struct run *r = l->ctx;

	swt_entity_map(&swt_request_entity, n, names, r->map);
	for (int f = 0; f < RF_N; f++)
		if (!decides_on(r, f))
			r->map[f] = -1;
	swt_entity_map(&swt_decision_entity, n, names, r->dmap);
	r->route_in = r->override_in = -1;
	for (size_t i = 0; i < n; i++) {
		if (r->route_in < 0 && !strcmp(names[i], "route"))
			r->route_in = (int)i;
		if (r->override_in < 0 && !strcmp(names[i], "override_reason"))
			r->override_in = (int)i;
	}
	if (r->commit && r->map[RF_REF] < 0)
		return swt_loop_missing(l, "ref", "--commit stores each "
		    "decision by its request's ref");
	return 0;
}

/* A record refused: the loop reports it and keeps it in --rejects. */
static int
reject(struct swt_loop *l, const char *field, const char *why)
{
	l->field = field;
	if (why != l->why)
		swt_fmt(l->why, sizeof l->why, "%s", why);
	return SWT_STEP_REJECT;
}

/* One --explain record: ref, line, then these six. */
static int
explain_row(struct swt_loop *l, char **v, const char *rule, const char *route,
    const char *regie, int decides, const char *source, const char *reason)
{
	v[2] = (char *)rule;
	v[3] = (char *)(route ? route : "");
	v[4] = (char *)(regie ? regie : "");
	v[5] = decides ? "yes" : "no";
	v[6] = (char *)source;
	v[7] = (char *)reason;
	return swt_writer_record(l->out, 8, v);
}

/* --explain: every rule that matched, in words; text on a terminal. */
static int
explain(struct swt_loop *l, const char *ref, long line,
    const struct swt_verdict *vd, int route, const char *regie,
    const char *override)
{
	static char *const hdr[] = { "ref", "line", "rule", "route", "regie",
		"decides", "source", "reason" };
	static const char none[] = "geen regel van toepassing: advies (zo "
	    "licht als mogelijk)";
	struct run *r = l->ctx;
	char lbuf[24], why[160], *v[8] = { (char *)ref, lbuf };

	snprintf(lbuf, sizeof lbuf, "%ld", line);
	if (r->text) {
		swt_show(stdout, ref);
		fputs(" (", stdout);
		swt_show(stdout, l->name);
		printf(":%ld): ", line);
		if (vd->missing[0])
			printf("onvolledig: %s ontbreekt%s", vd->missing,
			    route >= 0 ? "; " : "\n");
		if (route >= 0)
			printf("route %s, regie %s\n", swt_route_name(route),
			    regie);
		if (!vd->missing[0] && vd->nmatch == 0)
			printf("  - %s\n", none);
	} else if (swt_writer_header(l->out, 8, hdr))
		return -1;
	else if (vd->missing[0]) {
		swt_fmt(why, sizeof why, "incomplete: %s", vd->missing);
		if (explain_row(l, v, "", "", "", 0, "", why))
			return -1;
	} else if (vd->nmatch == 0 &&
	    explain_row(l, v, "", "advies", "", 1, "", none))
		return -1;
	for (size_t i = 0; i < vd->nmatch; i++) {
		struct swt_rule_info ri = swt_rules_info(r->rs,
		    (size_t)vd->match[i]);
		int route_by = vd->match[i] == vd->decider,
		    regie_by = vd->match[i] == vd->regie_rule;

		if (!r->text) {
			if (explain_row(l, v, ri.id, ri.route, ri.regie,
			    route_by || regie_by, ri.source, ri.reason))
				return -1;
			continue;
		}
		printf("  * %s:", ri.id);
		if (ri.route)
			printf(" %s%s", ri.route, route_by ? " (beslist)" : "");
		if (ri.regie)
			printf(" regie %s%s", ri.regie, regie_by ?
			    " (beslist)" : "");
		printf(" [002 %s]\n    %s\n", ri.source, ri.reason);
	}
	if (!override)
		return 0;
	if (r->text) {
		printf("  ! afgeweken: %s (pas toe en leg uit): ",
		    swt_route_name(route));
		swt_show(stdout, override);
		putchar('\n');
		return 0;
	}
	return explain_row(l, v, "override", swt_route_name(route), regie, 1,
	    "pas toe en leg uit", override);
}

/* Triage one record: the verdict appended, or written out by --explain. */
static int
step(struct swt_loop *l, const struct swt_rec *rec, char **out)
{
	struct run *r = l->ctx;
	struct swt_request rq;
	struct swt_verdict vd;
	char *const *vals = rec->f;
	char rbuf[24], dbuf[DF_N][SWT_FIELD_BUF];
	const char *given = NULL, *override = NULL, *regie, *dv[DF_N];
	int route, decided, k;

	for (int f = 0; f < RF_N; f++)	/* what a decision rests on */
		rq.v[f] = r->map[f] >= 0 && (size_t)r->map[f] < rec->n ?
		    vals[r->map[f]] : NULL;
	if (swt_request_check(&rq, r->codes, &l->field, l->why,
	    sizeof l->why))
		return SWT_STEP_REJECT;
	if (r->route_in >= 0 && vals[r->route_in][0]) {
		size_t n = strlen(vals[r->route_in]);

		for (size_t i = 0; i < n && i + 1 < sizeof rbuf; i++)
			rbuf[i] = (char)tolower((unsigned char)
			    vals[r->route_in][i]);
		rbuf[n < sizeof rbuf ? n : sizeof rbuf - 1] = '\0';
		if (swt_route_rank(rbuf) < 0) {
			char buf[64];

			swt_fmt(l->why, sizeof l->why, "%s is not a route "
			    "(advies, sociale_basis, eigen_inzet, maatwerk)",
			    swt_shown("route", vals[r->route_in], buf));
			return reject(l, "route", l->why);
		}
		given = rbuf;
	}
	/* a reason of spaces is no reason */
	if (r->override_in >= 0 && vals[r->override_in][strspn(
	    vals[r->override_in], " \t")])
		override = vals[r->override_in];
	decided = swt_rules_decide(r->rs, rq.v, &vd);
	route = given ? swt_route_rank(given) : vd.route;
	/* a route the rules did not give, or could not: pas toe en leg uit */
	if (given && (!decided || route != vd.route)) {
		if (!override && decided) {
			swt_fmt(l->why, sizeof l->why, "'%s' differs from the "
			    "recommended '%s': give an override_reason (pas "
			    "toe en leg uit)", given, swt_route_name(vd.route));
			return reject(l, "route", l->why);
		}
		if (!override) {
			swt_fmt(l->why, sizeof l->why, "'%s' is given, but the "
			    "rules recommend nothing (incomplete: %s): give an "
			    "override_reason (pas toe en leg uit)", given,
			    vd.missing);
			return reject(l, "route", l->why);
		}
	} else
		override = NULL;	/* nothing to explain */
	regie = route >= 0 ? swt_rules_regie(r->rs, &vd, route) : "";
	swt_rules_reasons(r->rs, &vd, r->reasons, sizeof r->reasons);
	/* when and by whom, if the record says: history from elsewhere */
	for (int f = 0; f < DF_N; f++)
		dv[f] = r->commit && r->dmap[f] >= 0 &&
		    (size_t)r->dmap[f] < rec->n ? vals[r->dmap[f]] : NULL;
	if (swt_entity_check(&swt_decision_entity, dv, dbuf, r->codes,
	    &l->field, l->why, sizeof l->why))
		return SWT_STEP_REJECT;
	if (r->commit && route >= 0) {
		struct swt_decision d = { rq.v[RF_REF],
			decided ? swt_route_name(vd.route) : NULL,
			swt_route_name(route), regie, r->reasons,
			swt_rules_version(r->rs), override,
			dv[DF_DECIDED_AT], dv[DF_DECIDED_BY] };

		if (!rq.v[RF_REF])
			return reject(l, "ref", "missing: --commit stores a "
			    "decision by ref");
		if (!l->tx && begin(l))
			return SWT_STEP_FATAL;
		k = swt_db_decide(l->db, &d, &l->field, l->why,
		    sizeof l->why);
		if (k == -2) {
			swt_errat(l->name, rec->line, NULL, "%s",
			    swt_db_errmsg(l->db));
			return SWT_STEP_FATAL;
		}
		if (k == -1)
			return SWT_STEP_REJECT;
		if (k == 0)
			r->stored++;
		else
			r->same++;
	}
	/* counted once it can no longer be rejected */
	r->overridden += override != NULL;
	r->routed += route >= 0;
	r->incomplete += !decided;
	if (r->explain) {
		if (explain(l, rq.v[RF_REF] ? rq.v[RF_REF] : "", rec->line, &vd,
		    route, regie, override) == 0 && !ferror(stdout))
			return SWT_STEP_DONE;
		return swt_loop_closed(l);
	}
	out[l->app[O_RECOMMENDED]] = (char *)swt_route_name(vd.route);
	out[l->app[O_ROUTE]] = (char *)swt_route_name(route);
	out[l->app[O_REGIE]] = (char *)regie;
	out[l->app[O_REASONS]] = r->reasons;
	out[l->app[O_VERSION]] = (char *)swt_rules_version(r->rs);
	return SWT_STEP_DONE;
}

static void
summary(struct swt_loop *l, int status)
{
	struct run *r = l->ctx;

	if (swt_quiet)
		return;
	fprintf(stderr, "%s: %ld read, %ld routed, %ld incomplete, "
	    "%ld overridden, %ld rejected", swt_prog, l->read, r->routed,
	    r->incomplete, r->overridden, l->rejected);
	if (r->commit)
		fprintf(stderr, "; %ld decisions stored, %ld unchanged%s",
		    r->stored, r->same, r->o->dry_run ||
		    status == SWT_EXIT_DATA ? " (not written)" : "");
	fputc('\n', stderr);
}

/* --pending: the database's assessed, undecided requests, as records. */
static int
pending_row(void *ctx, size_t n, char *const *vals)
{
	struct swt_loop *l = ctx;
	struct run *r = l->ctx;
	struct swt_rec rec = { .n = n, .f = (char **)vals };
	int rc;

	if (!l->col)
		rc = swt_loop_header(l, l->name, n, vals);
	else {
		rec.line = l->read + 1;
		rc = swt_loop_record(l, &rec);
	}
	r->stop = rc;
	return rc ? -1 : 0;
}

/* --test: the expectations of a cases file, and the results' header. */
static int
case_header(struct swt_loop *l, size_t n, char *const *names)
{
	static char *const hdr[] = { "case", "line", "expected_route", "route",
		"expected_regie", "regie", "reasons", "result" };
	struct run *r = l->ctx;

	swt_entity_map(&swt_request_entity, n, names, r->map);
	r->er = r->eg = r->ex = r->en = -1;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(names[i], "expected_route"))
			r->er = (int)i;
		else if (!strcmp(names[i], "expected_regie"))
			r->eg = (int)i;
		else if (!strcmp(names[i], "expected_reasons"))
			r->ex = (int)i;
		else if (!strcmp(names[i], "case"))
			r->en = (int)i;
	}
	if (r->er < 0) {
		swt_errat(l->name, swt_reader_header_line(l->in),
		    "expected_route", "no such field in the header: a case "
		    "states the route it expects");
		return SWT_STEP_FATAL;
	}
	(void)swt_writer_header(l->out, 8, hdr);
	return 0;
}

/* --test: one case against the rules, its result written. */
static int
case_step(struct swt_loop *l, const struct swt_rec *rec, char **out)
{
	struct run *r = l->ctx;
	struct swt_request rq;
	struct swt_verdict vd;
	const char *regie = "", *name, *route, *field = NULL;
	char got[600], why[256], lbuf[24], *v[8];
	char *const *f = rec->f;
	int pass = 1, valid = 1;

	(void)out;
	snprintf(lbuf, sizeof lbuf, "%ld", rec->line);
	name = r->en >= 0 && f[r->en][0] ? f[r->en] : lbuf;
	for (int k = 0; k < RF_N; k++)
		rq.v[k] = r->map[k] >= 0 ? f[r->map[k]] : NULL;
	r->reasons[0] = got[0] = '\0';
	if (swt_request_check(&rq, r->codes, &field, why, sizeof why)) {
		/* a case the rules cannot take fails, and is written too */
		swt_errat(l->name, rec->line, field, "case %s: %s", name, why);
		valid = pass = 0;
		route = "";
	} else if (swt_rules_decide(r->rs, rq.v, &vd)) {
		route = swt_route_name(vd.route);
		regie = swt_rules_regie(r->rs, &vd, vd.route);
	} else
		route = "incomplete";
	if (valid)
		swt_rules_reasons(r->rs, &vd, r->reasons, sizeof r->reasons);
	if (valid && strcmp(route, f[r->er])) {
		pass = 0;
		swt_fmt(got, sizeof got, "route %s, expected %s", route,
		    f[r->er][0] ? f[r->er] : "(empty)");
	}
	if (valid && r->eg >= 0 && f[r->eg][0] && strcmp(regie, f[r->eg])) {
		size_t k = strlen(got);

		pass = 0;
		swt_fmt(got + k, sizeof got - k, "%sregie %s, expected %s",
		    k ? "; " : "", regie, f[r->eg]);
	}
	if (valid && r->ex >= 0 && f[r->ex][0] &&
	    strcmp(r->reasons, f[r->ex])) {
		size_t k = strlen(got);

		pass = 0;
		swt_fmt(got + k, sizeof got - k, "%sreasons %s, expected %s",
		    k ? "; " : "", r->reasons, f[r->ex]);
	}
	if (pass)
		r->passed++;
	else if (r->failed++, valid)
		swt_errat(l->name, rec->line, NULL, "case %s: %s (rules that "
		    "fired: %s)", name, got, r->reasons[0] ? r->reasons :
		    "none");
	v[0] = (char *)name;
	v[1] = lbuf;
	v[2] = f[r->er];
	v[3] = (char *)route;
	v[4] = r->eg >= 0 ? f[r->eg] : "";
	v[5] = (char *)regie;
	v[6] = r->reasons;
	v[7] = pass ? "pass" : "fail";
	(void)swt_writer_record(l->out, 8, v);
	return SWT_STEP_DONE;
}

static int
case_end(struct swt_loop *l)
{
	struct run *r = l->ctx;

	if (!swt_quiet)
		fprintf(stderr, "%s: %s: %ld cases, %ld passed, %ld failed "
		    "(rules %s)\n", swt_prog, l->name, l->read, r->passed,
		    l->read - r->passed, swt_rules_version(r->rs));
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, OPT_RULES },
		{ "check-rules", no_argument, NULL, OPT_CHECK },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "test", required_argument, NULL, OPT_TEST },
		{ "commit", no_argument, NULL, OPT_COMMIT },
		{ "pending", no_argument, NULL, OPT_PENDING },
		SWT_O_DB, SWT_O_FORMATS, SWT_O_DRY_RUN, SWT_O_BATCH,
		SWT_O_SHOW_PII, SWT_O_END
	};
	struct swt_opts o = { 0 };
	struct run r = { .o = &o };
	struct swt_loop l = { .o = &o, .ctx = &r, .append = oname, .echo = 1,
		.header = header, .step = step, .summary = summary };
	const char *cases = NULL, *env;
	char err[512], pbuf[4096];
	int c, k, rc = 0, check = 0;

	swt_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "d:nqhV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_RULES: r.rules_path = optarg; continue;
		case OPT_CHECK: check = 1; continue;
		case OPT_EXPLAIN: r.explain = 1; continue;
		case OPT_TEST: cases = optarg; continue;
		case OPT_COMMIT: r.commit = 1; continue;
		case OPT_PENDING: r.pending = 1; continue;
		}
		if ((c = swt_opt(&o, c, optarg, usage)) >= 0)
			return c;	/* -h, -V: 0; a usage error: 2 */
	}
	argc -= optind;
	argv += optind;
	if ((check || cases) && (argc || r.commit || r.pending || r.explain)) {
		swt_err("--check-rules and --test take no records, --commit, "
		    "--pending or --explain");
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	if (o.dry_run && !r.commit) {
		swt_err("--dry-run goes with --commit: nothing else writes");
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	if (r.pending && argc) {
		swt_err("--pending reads the database: name no files");
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	if (!check && !cases && !r.pending && argc == 0 &&
	    isatty(STDIN_FILENO)) {
		swt_err("no input: name a file, or pipe records in");
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	signal(SIGPIPE, SIG_IGN);
	/*
	 * A database named (-d, or $SWT_DB where it exists) lends its code
	 * lists, which a municipality may have replaced, to every use.
	 */
	env = getenv("SWT_DB");
	if (r.commit || r.pending || (o.db && *o.db) || (env && *env &&
	    access(env, F_OK) == 0)) {
		const char *path = swt_db_path(&o);

		if (r.commit && !r.pending && access(path, F_OK) != 0) {
			/* swt-intake upstream may be making it: the default
			 * lists, and the file at the first decision */
			r.dbpath = path;
			r.codes = swt_codes_defaults();
		} else if (access(path, F_OK) != 0) {
			swt_err("%s: no database (swt-intake creates it)", path);
			return SWT_EXIT_DATA;
		} else if (swt_db_open(&l.db, path, r.commit ? 0 :
		    SWT_DB_READONLY, err, sizeof err)) {
			swt_err("%s", err);
			return SWT_EXIT_DATA;
		} else
			r.codes = swt_db_codes(l.db);
	} else
		r.codes = swt_codes_defaults();
	if (!r.codes) {
		swt_err("%s", l.db ? swt_db_errmsg(l.db) : "out of memory");
		rc = SWT_EXIT_DATA;
		goto out;
	}
	/* --rules, else the database's own (swt-db profile), else shipped */
	if (!r.rules_path && l.db && (k = swt_profile_rules(l.db, 0, r.codes,
	    &r.rs, err, sizeof err)) != 0) {
		r.rules_path = "the database's rules";
		if (k < 0) {
			swt_err("%s", err);
			rc = SWT_EXIT_DATA;
			goto out;
		}
	} else if (!r.rules_path)
		r.rules_path = swt_share_path("rules", pbuf, sizeof pbuf);
	if (!r.rs && !(r.rs = swt_rules_load(r.rules_path, r.codes, err,
	    sizeof err))) {
		swt_err("%s", err);
		rc = SWT_EXIT_DATA;
		goto out;
	}
	if (check) {
		if (!swt_quiet)
			fprintf(stderr, "%s: %s: %zu rules, version %s: ok\n",
			    swt_prog, r.rules_path, swt_rules_count(r.rs),
			    swt_rules_version(r.rs));
		rc = swt_close_stdout() ? SWT_EXIT_DATA : SWT_EXIT_OK;
		goto out;
	}
	if (cases) {
		l.echo = 0;
		l.header = case_header;
		l.step = case_step;
		l.source_end = case_end;
		l.summary = NULL;
		char *cv[] = { (char *)cases };

		if ((rc = swt_loop_start(&l, 1, cv)) == 0)
			rc = swt_loop_files(&l, 1, cv);
		rc = swt_loop_finish(&l, rc);
		if (rc == SWT_EXIT_OK && r.failed)
			rc = SWT_EXIT_REJECT;
		goto out;
	}
	r.text = r.explain && o.fmt == SWT_FMT_AUTO && isatty(STDOUT_FILENO);
	l.echo = !r.explain;
	l.stores = r.commit;
	l.strict_what = r.commit ? "no decision stored" : "stopped there";
	if ((rc = swt_loop_start(&l, argc, r.pending ? NULL : argv)) != 0)
		;
	/* --pending reads the database as it decides: one snapshot */
	else if (r.pending && r.commit && (rc = begin(&l)) != 0)
		;
	else if (r.pending) {
		l.name = swt_db_path(&o);
		if (swt_db_pending(l.db, pending_row, &l) && !r.stop) {
			swt_err("%s", swt_db_errmsg(l.db));
			r.stop = SWT_STEP_FATAL;
		}
		rc = r.stop;
	} else
		rc = swt_loop_files(&l, argc, argv);
	if (r.commit && !l.db && rc == 0 && access(r.dbpath, F_OK) != 0) {
		swt_err("%s: no database (swt-intake creates it)", r.dbpath);
		rc = SWT_STEP_FATAL;
	}
	rc = swt_loop_finish(&l, rc);
out:
	swt_rules_free(r.rs);
	swt_codes_free(r.codes);
	swt_db_close(l.db);
	return rc;
}
