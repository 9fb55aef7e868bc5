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
static const char *const oname[O_N] = { "recommended_route", "route",
	"regie", "reasons", "rules_version" };

struct run {
	struct swt_opts o;
	const char *rules_path;
	int explain, commit, pending;
	int text;		/* --explain as text: a terminal */
	struct swt_rules *rs;
	struct swt_codes *codes;
	struct swt_db *db;
	struct swt_writer *out, *rej;
	/* the current source */
	const char *name;
	struct swt_reader *in;	/* NULL: the database */
	int map[RF_N], route_in, override_in;
	struct swt_fields oh;
	int *omap;		/* output field -> input index, or -1 - O_* */
	char **ov;
	size_t *olen;		/* their lengths, where known */
	int stop;		/* --pending: why the rows stopped */
	int pii;		/* person fields were written (--show-pii) */
	int tx;			/* --commit: the transaction has begun */
	const char *dbpath;	/* --commit: to open at the first decision */
	/* counts */
	long read, routed, incomplete, overridden, rejected, stored, same;
};

/*
 * The write lock is taken at the first decision, not before: the records
 * may come from swt-intake on the same database, which commits first.
 */
static int
begin(struct run *r)
{
	char err[512];

	if (!r->db && swt_db_open(&r->db, r->dbpath, 0, err, sizeof err)) {
		swt_err("%s", err);
		return -1;
	}
	if (swt_db_begin(r->db)) {
		swt_err("%s", swt_db_errmsg(r->db));
		return -1;
	}
	r->tx = 1;
	return 0;
}

static int
nomem(void)
{
	swt_err("out of memory");
	return -1;
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

/* A new source: its fields, and what is written for them. */
static int
setup(struct run *r, size_t n, char *const *names)
{
	int k;

	for (int f = 0; f < RF_N; f++)
		r->map[f] = -1;
	r->route_in = r->override_in = -1;
	for (size_t i = 0; i < n; i++) {
		for (int f = 0; f < RF_N; f++)
			if (r->map[f] < 0 && decides_on(r, f) &&
			    !strcmp(names[i], swt_rf_name[f]))
				r->map[f] = (int)i;
		if (r->route_in < 0 && !strcmp(names[i], "route"))
			r->route_in = (int)i;
		if (r->override_in < 0 && !strcmp(names[i], "override_reason"))
			r->override_in = (int)i;
	}
	if (r->commit && r->map[RF_REF] < 0) {
		swt_errat(r->name, r->in ? swt_reader_header_line(r->in) : 1,
		    "ref", "no such field in the header: "
		    "--commit stores each decision by its request's ref");
		return -1;
	}
	swt_fields_free(&r->oh);
	free(r->omap);
	free(r->ov);
	free(r->olen);
	r->omap = NULL;
	r->ov = NULL;
	r->olen = NULL;
	if (!(r->omap = calloc(n + O_N, sizeof *r->omap)) ||
	    !(r->ov = calloc(n + O_N, sizeof *r->ov)) ||
	    !(r->olen = calloc(n + O_N, sizeof *r->olen)))
		return nomem();
	for (size_t i = 0; i < n; i++) {
		if (swt_rf_is_person(names[i])) {
			if (!r->o.show_pii)
				continue;
			r->pii = 1;
		}
		if ((k = swt_fields_add(&r->oh, names[i])) < 0)
			return nomem();
		r->omap[k] = (int)i;
	}
	for (int j = 0; j < O_N; j++) {
		if ((k = swt_fields_add(&r->oh, oname[j])) < 0)
			return nomem();
		r->omap[k] = -1 - j;
	}
	if (r->explain)
		return 0;
	if (swt_writer_header(r->out, r->oh.n, r->oh.name))
		return nomem();
	return 0;
}

/* A record refused: 1 (counted, reported, kept in --rejects). */
static int
reject(struct run *r, long line, size_t n, char *const *vals,
    const char *field, const char *why)
{
	r->rejected++;
	if (r->in) {
		struct swt_rec rec = { 0 };

		rec.n = n;
		rec.f = (char **)vals;
		rec.line = line;
		if (swt_reject(r->rej, r->in, &rec, field, why))
			return nomem();
	} else
		swt_errat(r->name, line, field, "%s", why);
	return 1;
}

/* One --explain record: ref, line, then these six. */
static int
explain_row(struct run *r, char **v, const char *rule, const char *route,
    const char *regie, int decides, const char *source, const char *reason)
{
	v[2] = (char *)rule;
	v[3] = (char *)(route ? route : "");
	v[4] = (char *)(regie ? regie : "");
	v[5] = decides ? "yes" : "no";
	v[6] = (char *)source;
	v[7] = (char *)reason;
	return swt_writer_record(r->out, 8, v);
}

/* --explain: every rule that matched, in words; text on a terminal. */
static int
explain(struct run *r, const char *ref, long line, const struct swt_verdict *vd,
    int route, const char *regie, const char *override)
{
	static char *const hdr[] = { "ref", "line", "rule", "route", "regie",
		"decides", "source", "reason" };
	static const char none[] = "geen regel van toepassing: advies (zo "
	    "licht als mogelijk)";
	char lbuf[24], why[160], *v[8] = { (char *)ref, lbuf };

	snprintf(lbuf, sizeof lbuf, "%ld", line);
	if (r->text) {
		swt_show(stdout, ref);
		fputs(" (", stdout);
		swt_show(stdout, r->name);
		printf(":%ld): ", line);
		if (vd->missing[0])
			printf("onvolledig: %s ontbreekt%s", vd->missing,
			    route >= 0 ? "; " : "\n");
		if (route >= 0)
			printf("route %s, regie %s\n", swt_route_name(route),
			    regie);
		if (!vd->missing[0] && vd->nmatch == 0)
			printf("  - %s\n", none);
	} else if (swt_writer_header(r->out, 8, hdr))
		return nomem();
	else if (vd->missing[0]) {
		swt_fmt(why, sizeof why, "incomplete: %s", vd->missing);
		if (explain_row(r, v, "", "", "", 0, "", why))
			return -1;
	} else if (vd->nmatch == 0 &&
	    explain_row(r, v, "", "advies", "", 1, "", none))
		return -1;
	for (size_t i = 0; i < vd->nmatch; i++) {
		struct swt_rule_info ri = swt_rules_info(r->rs,
		    (size_t)vd->match[i]);
		int route_by = vd->match[i] == vd->decider,
		    regie_by = vd->match[i] == vd->regie_rule;

		if (!r->text) {
			if (explain_row(r, v, ri.id, ri.route, ri.regie,
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
	return explain_row(r, v, "override", swt_route_name(route), regie, 1,
	    "pas toe en leg uit", override);
}

/*
 * Output failed: a reader that has gone (| head) ends the run quietly
 * (-3), unless decisions are being stored; anything else is an error.
 */
static int
closed(struct run *r)
{
	if (swt_stdout_gone())
		return r->commit ? 0 : -3;
	return -1;	/* reported by swt_close_stdout */
}

/*
 * Triage one record: 0 done, 1 rejected, -1 a fatal error, -3 the reader
 * of the output has gone.
 */
static int
triage(struct run *r, long line, size_t n, char *const *vals,
    const size_t *lens)
{
	struct swt_request rq;
	struct swt_verdict vd;
	char why[256], reasons[SWT_REASONS_MAX], rbuf[24];
	const char *field = NULL, *given = NULL, *override = NULL, *regie;
	int route, decided;

	r->read++;
	for (int f = 0; f < RF_N; f++)	/* what a decision rests on */
		rq.v[f] = r->map[f] >= 0 && (size_t)r->map[f] < n ?
		    vals[r->map[f]] : NULL;
	if (swt_request_check(&rq, r->codes, &field, why, sizeof why))
		return reject(r, line, n, vals, field, why);
	if (r->route_in >= 0 && vals[r->route_in][0]) {
		size_t k = strlen(vals[r->route_in]);

		for (size_t i = 0; i < k && i + 1 < sizeof rbuf; i++)
			rbuf[i] = (char)tolower((unsigned char)
			    vals[r->route_in][i]);
		rbuf[k < sizeof rbuf ? k : sizeof rbuf - 1] = '\0';
		if (swt_route_rank(rbuf) < 0) {
			char buf[64];

			swt_fmt(why, sizeof why, "%s is not a route (advies, "
			    "sociale_basis, eigen_inzet, maatwerk)",
			    swt_shown("route", vals[r->route_in], buf));
			return reject(r, line, n, vals, "route", why);
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
			swt_fmt(why, sizeof why, "'%s' differs from the "
			    "recommended '%s': give an override_reason (pas "
			    "toe en leg uit)", given, swt_route_name(vd.route));
			return reject(r, line, n, vals, "route", why);
		}
		if (!override) {
			swt_fmt(why, sizeof why, "'%s' is given, but the rules "
			    "recommend nothing (incomplete: %s): give an "
			    "override_reason (pas toe en leg uit)", given,
			    vd.missing);
			return reject(r, line, n, vals, "route", why);
		}
	} else
		override = NULL;	/* nothing to explain */
	regie = route >= 0 ? swt_rules_regie(r->rs, &vd, route) : "";
	swt_rules_reasons(r->rs, &vd, reasons, sizeof reasons);
	if (r->commit && route >= 0) {
		struct swt_decision d = { rq.v[RF_REF],
			decided ? swt_route_name(vd.route) : NULL,
			swt_route_name(route), regie, reasons,
			swt_rules_version(r->rs), override };
		int k;

		if (!rq.v[RF_REF])
			return reject(r, line, n, vals, "ref", "missing: "
			    "--commit stores a decision by ref");
		if (!r->tx && begin(r))
			return -1;
		k = swt_db_decide(r->db, &d, why, sizeof why);
		if (k == -2) {
			swt_errat(r->name, line, NULL, "%s",
			    swt_db_errmsg(r->db));
			return -1;
		}
		if (k == -1)
			return reject(r, line, n, vals, "ref", why);
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
		if (explain(r, rq.v[RF_REF] ? rq.v[RF_REF] : "", line, &vd,
		    route, regie, override) == 0 && !ferror(stdout))
			return 0;
		return closed(r);
	}
	for (size_t i = 0; i < r->oh.n; i++) {
		int src = r->omap[i];

		r->olen[i] = SIZE_MAX;
		switch (src) {
		case -1 - O_RECOMMENDED:
			r->ov[i] = (char *)swt_route_name(vd.route);
			break;
		case -1 - O_ROUTE:
			r->ov[i] = (char *)swt_route_name(route);
			break;
		case -1 - O_REGIE:
			r->ov[i] = (char *)regie;
			break;
		case -1 - O_REASONS:
			r->ov[i] = reasons;
			break;
		case -1 - O_VERSION:
			r->ov[i] = (char *)swt_rules_version(r->rs);
			break;
		default:
			r->ov[i] = (size_t)src < n ? vals[src] : "";
			if (lens && (size_t)src < n)
				r->olen[i] = lens[src];
		}
	}
	if (swt_writer_recordl(r->out, r->oh.n, r->ov, r->olen))
		return closed(r);
	return 0;
}

static int
filter(struct run *r, const char *path)
{
	char err[512];
	struct swt_rec rec;
	int st, rc = 0;

	if (!(r->in = swt_reader_open(path, r->o.encoding, err, sizeof err))) {
		swt_err("%s", err);
		return -1;
	}
	r->name = swt_reader_name(r->in);
	if (swt_reader_nfields(r->in) && setup(r, swt_reader_nfields(r->in),
	    swt_reader_header(r->in)))
		rc = -1;
	while (rc == 0 && (st = swt_reader_read(r->in, &rec)) == 1) {
		if (rec.err[0]) {
			r->read++;
			rc = reject(r, rec.line, rec.n, rec.f, NULL, rec.err);
		} else
			rc = triage(r, rec.line, rec.n, rec.f, rec.len);
		if (rc == 1)
			rc = r->o.strict ? -2 : 0;
	}
	if (rc == 0 && st < 0) {
		long line;
		const char *e = swt_reader_error(r->in, &line);

		swt_errat(r->name, line, NULL, "%s", e);
		rc = -1;
	}
	swt_reader_close(r->in);
	r->in = NULL;
	return rc;
}

/* --pending: the database's assessed, undecided requests, as records. */
static int
pending_row(void *ctx, size_t n, char *const *vals)
{
	struct run *r = ctx;
	int rc;

	if (!r->omap)
		rc = setup(r, n, vals);
	else if ((rc = triage(r, r->read + 1, n, vals, NULL)) == 1)
		rc = r->o.strict ? -2 : 0;
	r->stop = rc;
	return rc ? -1 : 0;
}

/* --test: run a cases file against the rules. */
static int
run_cases(struct run *r, const char *path)
{
	static char *const hdr[] = { "case", "line", "expected_route", "route",
		"expected_regie", "regie", "reasons", "result" };
	struct swt_reader *in;
	struct swt_rec rec;
	char err[512], why[256], reasons[512], lbuf[24], *v[8];
	int map[RF_N], er, eg, en, ex, st;
	long ok = 0, bad = 0;

	if (!(in = swt_reader_open(path, r->o.encoding, err, sizeof err))) {
		swt_err("%s", err);
		return -1;
	}
	for (int f = 0; f < RF_N; f++)
		map[f] = swt_reader_field(in, swt_rf_name[f]);
	er = swt_reader_field(in, "expected_route");
	eg = swt_reader_field(in, "expected_regie");
	ex = swt_reader_field(in, "expected_reasons");
	en = swt_reader_field(in, "case");
	if (er < 0) {
		swt_errat(swt_reader_name(in), swt_reader_header_line(in),
		    "expected_route", "no such "
		    "field in the header: a case states the route it expects");
		swt_reader_close(in);
		return -1;
	}
	if (swt_writer_header(r->out, 8, hdr)) {
		swt_reader_close(in);
		return nomem();
	}
	while ((st = swt_reader_read(in, &rec)) == 1) {
		struct swt_request rq;
		struct swt_verdict vd;
		const char *field = NULL, *regie = "", *name, *route;
		char got[600];
		int pass = 1;

		snprintf(lbuf, sizeof lbuf, "%ld", rec.line);
		name = en >= 0 && en < (int)rec.n && rec.f[en][0] ? rec.f[en] :
		    lbuf;
		if (rec.err[0]) {
			swt_errat(swt_reader_name(in), rec.line, NULL, "%s",
			    rec.err);
			bad++;
			continue;
		}
		for (int f = 0; f < RF_N; f++)
			rq.v[f] = map[f] >= 0 ? rec.f[map[f]] : NULL;
		if (swt_request_check(&rq, r->codes, &field, why, sizeof why)) {
			swt_errat(swt_reader_name(in), rec.line, field,
			    "case %s: %s", name, why);
			bad++;
			continue;
		}
		if (swt_rules_decide(r->rs, rq.v, &vd)) {
			route = swt_route_name(vd.route);
			regie = swt_rules_regie(r->rs, &vd, vd.route);
		} else
			route = "incomplete";
		swt_rules_reasons(r->rs, &vd, reasons, sizeof reasons);
		got[0] = '\0';
		if (strcmp(route, rec.f[er])) {
			pass = 0;
			swt_fmt(got, sizeof got, "route %s, expected %s", route,
			    rec.f[er][0] ? rec.f[er] : "(empty)");
		}
		if (eg >= 0 && rec.f[eg][0] && strcmp(regie, rec.f[eg])) {
			size_t k = strlen(got);

			pass = 0;
			swt_fmt(got + k, sizeof got - k, "%sregie %s, expected "
			    "%s", k ? "; " : "", regie, rec.f[eg]);
		}
		if (ex >= 0 && rec.f[ex][0] && strcmp(reasons, rec.f[ex])) {
			size_t k = strlen(got);

			pass = 0;
			swt_fmt(got + k, sizeof got - k, "%sreasons %s, "
			    "expected %s", k ? "; " : "", reasons, rec.f[ex]);
		}
		if (pass)
			ok++;
		else {
			bad++;
			swt_errat(swt_reader_name(in), rec.line, NULL,
			    "case %s: %s (rules that fired: %s)", name, got,
			    reasons[0] ? reasons : "none");
		}
		v[0] = (char *)name;
		v[1] = lbuf;
		v[2] = rec.f[er];
		v[3] = (char *)route;
		v[4] = eg >= 0 ? rec.f[eg] : "";
		v[5] = (char *)regie;
		v[6] = reasons;
		v[7] = pass ? "pass" : "fail";
		(void)swt_writer_record(r->out, 8, v);
	}
	if (st < 0) {
		long line;
		const char *e = swt_reader_error(in, &line);

		swt_errat(swt_reader_name(in), line, NULL, "%s", e);
		swt_reader_close(in);
		return -1;
	}
	if (!swt_quiet)
		fprintf(stderr, "%s: %s: %ld cases, %ld passed, %ld failed "
		    "(rules %s)\n", swt_prog, swt_reader_name(in), ok + bad, ok,
		    bad, swt_rules_version(r->rs));
	swt_reader_close(in);
	return bad ? 1 : 0;
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
		SWT_LONGOPTS
	};
	struct run r = { 0 };
	const char *cases = NULL, *env;
	char err[512], pbuf[4096];
	int c, rc = 0, check = 0;

	swt_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, SWT_SHORTOPTS, longopts, NULL)) !=
	    -1) {
		switch (c) {
		case OPT_RULES: r.rules_path = optarg; continue;
		case OPT_CHECK: check = 1; continue;
		case OPT_EXPLAIN: r.explain = 1; continue;
		case OPT_TEST: cases = optarg; continue;
		case OPT_COMMIT: r.commit = 1; continue;
		case OPT_PENDING: r.pending = 1; continue;
		}
		if ((c = swt_opt(&r.o, c, optarg, usage)) >= 0)
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
	if (r.commit || r.pending || (r.o.db && *r.o.db) || (env && *env &&
	    access(env, F_OK) == 0)) {
		const char *path = swt_db_path(&r.o);

		if (r.commit && !r.pending && access(path, F_OK) != 0) {
			/* swt-intake upstream may be making it: the default
			 * lists, and the file at the first decision */
			r.dbpath = path;
			r.codes = swt_codes_defaults();
		} else if (access(path, F_OK) != 0) {
			swt_err("%s: no database (swt-intake creates it)", path);
			return SWT_EXIT_DATA;
		} else if (swt_db_open(&r.db, path, r.commit ? 0 :
		    SWT_DB_READONLY, err, sizeof err)) {
			swt_err("%s", err);
			return SWT_EXIT_DATA;
		} else
			r.codes = swt_db_codes(r.db);
	} else
		r.codes = swt_codes_defaults();
	if (!r.codes) {
		swt_err("%s", r.db ? swt_db_errmsg(r.db) : "out of memory");
		rc = SWT_EXIT_DATA;
		goto out;
	}
	if (!r.rules_path)
		r.rules_path = swt_share_path("rules", pbuf, sizeof pbuf);
	if (!(r.rs = swt_rules_load(r.rules_path, r.codes, err, sizeof err))) {
		swt_err("%s", err);
		rc = SWT_EXIT_DATA;
		goto out;
	}
	r.out = swt_writer_open(stdout, r.o.fmt);
	if (!r.out) {
		rc = SWT_EXIT_DATA;
		goto out;
	}
	if (check) {
		if (!swt_quiet)
			fprintf(stderr, "%s: %s: %zu rules, version %s: ok\n",
			    swt_prog, r.rules_path, swt_rules_count(r.rs),
			    swt_rules_version(r.rs));
		goto out;
	}
	if (cases) {
		rc = run_cases(&r, cases);
		rc = rc < 0 ? SWT_EXIT_DATA : rc;
		goto out;
	}
	r.text = r.explain && r.o.fmt == SWT_FMT_AUTO && isatty(STDOUT_FILENO);
	if (r.o.rejects && !(r.rej = swt_rejects_open(r.o.rejects))) {
		rc = SWT_EXIT_DATA;
		goto out;
	}
	/* --pending reads the database as it decides: one snapshot */
	if (r.pending && r.commit && begin(&r)) {
		rc = SWT_EXIT_DATA;
		goto out;
	}
	if (r.pending) {
		r.name = swt_db_path(&r.o);
		if (swt_db_pending(r.db, pending_row, &r) && !r.stop) {
			swt_err("%s", swt_db_errmsg(r.db));
			r.stop = -1;
		}
		rc = r.stop;
	} else if (argc == 0)
		rc = filter(&r, NULL);
	for (int i = 0; i < argc && rc == 0; i++)
		rc = filter(&r, argv[i]);
	if (rc == -3)
		rc = 0;	/* the reader has had enough: a quiet end */
	if (rc == -2)
		swt_err("--strict: a record was rejected; %s", r.commit ?
		    "no decision stored" : "stopped there");
	if (r.commit && !r.db && rc == 0 && access(r.dbpath, F_OK) != 0) {
		swt_err("%s: no database (swt-intake creates it)", r.dbpath);
		rc = -1;
	}
	if (r.commit && r.db) {
		if (rc || r.o.dry_run)
			swt_db_rollback(r.db);
		else if (r.tx && swt_db_commit(r.db)) {
			swt_err("%s", swt_db_errmsg(r.db));
			rc = -1;
		}
	}
	/* with a database at hand, a display of person data is logged there */
	if (r.db && r.commit && r.pii && r.read && swt_db_audit(r.db,
	    "swt-triage", "display", "person", NULL,
	    "--show-pii: person data written")) {
		swt_err("%s", swt_db_errmsg(r.db));
		rc = -1;
	}
	rc = rc ? SWT_EXIT_DATA : r.rejected ? SWT_EXIT_REJECT : SWT_EXIT_OK;
	if (!swt_quiet) {
		fprintf(stderr, "%s: %ld read, %ld routed, %ld incomplete, "
		    "%ld overridden, %ld rejected", swt_prog, r.read, r.routed,
		    r.incomplete, r.overridden, r.rejected);
		if (r.commit)
			fprintf(stderr, "; %ld decisions stored, %ld "
			    "unchanged%s", r.stored, r.same, r.o.dry_run ||
			    rc == SWT_EXIT_DATA ? " (not written)" : "");
		fputc('\n', stderr);
		if (r.commit && r.o.dry_run && rc != SWT_EXIT_DATA)
			swt_err("--dry-run: nothing written");
	}
out:
	(void)swt_writer_close(r.out);
	if (swt_rejects_close(r.rej, r.o.rejects))
		rc = SWT_EXIT_DATA;
	swt_fields_free(&r.oh);
	free(r.omap);
	free(r.ov);
	free(r.olen);
	swt_rules_free(r.rs);
	swt_codes_free(r.codes);
	swt_db_close(r.db);
	if (swt_close_stdout())
		rc = rc ? rc : SWT_EXIT_DATA;
	return rc;
}
