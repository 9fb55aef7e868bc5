/* swt-kpi - the mandate's KPIs (SPEC 7): exact, traceable, safe to publish */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

static const char usage[] =
    "usage: swt-kpi [-q] [-d db] (--period p | --from date --to date)\n"
    "               [--by field[,field ...]] [--kpi name[,name ...]]\n"
    "               [--compare baseline] [--measurements file] [--publish]\n"
    "               [--targets file] [--csv | --tsv | --json | --table]\n"
    "       swt-kpi [-q] [-d db] (--period p | --from date --to date)\n"
    "               --report html [--compare baseline]\n"
    "               [--measurements file] [--targets file]\n"
    "       swt-kpi [-q] [-d db] (--period p | --from date --to date)\n"
    "               [--by field[,field ...]] --cases kpi [--measure m]\n"
    "               [--csv | --tsv | --json | --table]\n"
    "The KPIs of the mandate (002 ch. 9.1) for a period, one figure per\n"
    "line; a page for the council; or the requests behind a figure.  See swt-kpi(1).\n";

enum { OPT_PERIOD = SWT_OPT_CMD, OPT_FROM, OPT_TO, OPT_BY, OPT_KPI,
	OPT_CASES, OPT_MEASURE, OPT_COMPARE, OPT_TARGETS, OPT_MEASUREMENTS,
	OPT_PUBLISH, OPT_REPORT };

struct run {
	struct swt_kpi_ask a;
	char period[32];
	const char *periodarg, *from, *to, *cases, *measure;
	const char *compare, *targets, *measurements;
	int report;		/* --report html */
	int kpi[SWT_KPI_N];	/* asked by --kpi (all: none asked) */
	int named;		/* --kpi was given */
	int outside;		/* --kpi named a KPI measured outside */
	int casekpi;
	struct swt_kpi_side *side;
	struct swt_fields hdr;
	char *vals[SWT_BY_N + 10];
	int status;		/* 1: something asked is left out */
};
static struct run *the;	/* for want(): the run's --kpi */

static int
bad(const char *fmt, const char *arg)
{
	swt_err(fmt, arg);
	swt_usage(usage);
	return SWT_EXIT_USAGE;
}

/* --period, or --from and --to: the days and the period's name. */
static int
period(struct run *r)
{
	char f[24], t[24];

	if (!r->periodarg == !(r->from || r->to) || (!r->from != !r->to))
		return bad("%s", "name the period: --period, or --from and "
		    "--to");
	if (r->periodarg) {
		if (swt_period_parse(r->periodarg, NULL, &r->a.first,
		    &r->a.last))
			return bad("--period: '%s' is not a year, quarter, "
			    "month or week (2024, 2024-Q1, 2024-03, 2024-W05)",
			    r->periodarg);
		swt_fmt(r->period, sizeof r->period, "%s", r->periodarg);
	} else {
		if (swt_date_norm(r->from, f) || swt_date_norm(r->to, t))
			return bad("--from, --to: '%s' is not a date",
			    swt_date_norm(r->from, f) ? r->from : r->to);
		r->a.first = swt_date_days(f);
		r->a.last = swt_date_days(t);
		if (r->a.last < r->a.first)
			return bad("--to '%s' is before --from", r->to);
		swt_fmt(r->period, sizeof r->period, "%.10s/%.10s", f, t);
	}
	r->a.period = r->period;
	return 0;
}

/* A list of names separated by commas, each handed to one(). */
static int
each_name(struct run *r, char *list, int (*one)(struct run *r,
    const char *name))
{
	char *save = NULL;
	int rc;

	for (char *n = strtok_r(list, ",", &save); n;
	    n = strtok_r(NULL, ",", &save))
		if ((rc = one(r, n)))
			return rc;
	return 0;
}

static int
by(struct run *r, const char *name)
{
	int b = swt_by_parse(name);

	if (b < 0)
		return bad("--by: '%s' is none of district, law, service, kind, "
		    "channel, source, route, staff, year, quarter, month", name);
	for (int i = 0; i < r->a.nby; i++)
		if (r->a.by[i] == b)
			return bad("--by: '%s' is named twice", name);
	r->a.by[r->a.nby++] = b;
	return 0;
}

static int
kpi(struct run *r, const char *name)
{
	int k = swt_kpi_parse(name);

	r->named = 1;
	if (swt_kpi_outside(name)) {
		r->outside = 1;
		return 0;
	}
	if (k < 0)
		return bad("--kpi: '%s' is not a KPI of swt-kpi(1)", name);
	r->kpi[k] = 1;
	return 0;
}

/* Does the run ask for this KPI? */
static int
want(const char *name)
{
	int k = swt_kpi_parse(name);

	if (!the->named)
		return 1;
	return k >= 0 ? the->kpi[k] : the->outside && swt_kpi_outside(name);
}

static int
header(struct run *r, const char *const *tail)
{
	if (swt_fields_add(&r->hdr, "period") < 0)
		return -1;
	for (int i = 0; i < r->a.nby; i++)
		if (swt_fields_add(&r->hdr, swt_by_names[r->a.by[i]]) < 0)
			return -1;
	for (int i = 0; tail[i]; i++)
		if (swt_fields_add(&r->hdr, tail[i]) < 0)
			return -1;
	return 0;
}

/* One figure, with what --publish, --compare and --targets add. */
static int
figure(void *ctx, const struct swt_kpi_fig *f)
{
	struct swt_writer *w = ctx;
	struct run *r = the;
	char baseline[32], change[32], target[32];
	const char *met;
	size_t n = 0;

	r->vals[n++] = (char *)f->period;
	for (int i = 0; i < r->a.nby; i++)
		r->vals[n++] = (char *)f->grp[i];
	r->vals[n++] = (char *)f->kpi;
	r->vals[n++] = (char *)f->measure;
	r->vals[n++] = (char *)f->value;
	if (r->a.publish)
		r->vals[n++] = f->suppressed ? "yes" : "no";
	if (r->compare) {
		swt_kpi_compare(r->side, f, baseline, change);
		r->vals[n++] = baseline;
		r->vals[n++] = change;
	}
	if (r->targets) {
		swt_kpi_target(r->side, f, target, &met);
		r->vals[n++] = target;
		r->vals[n++] = (char *)met;
	}
	return swt_writer_record(w, n, r->vals);
}

static int
figures(struct swt_db *db, struct swt_writer *w, void *ctx)
{
	struct run *r = ctx;
	const char *tail[] = { "kpi", "measure", "value", NULL, NULL, NULL,
		NULL, NULL, NULL };
	unsigned which = 0;
	int t = 3;

	if (r->a.publish)
		tail[t++] = "suppressed";
	if (r->compare) {
		tail[t++] = "baseline";
		tail[t++] = "change";
	}
	if (r->targets) {
		tail[t++] = "target";
		tail[t++] = "met";
	}
	if (header(r, tail) ||
	    swt_writer_header(w, r->hdr.n, r->hdr.name))
		return -1;
	for (int k = 0; k < SWT_KPI_N; k++)
		which |= r->kpi[k] || !r->named ? 1u << k : 0;
	swt_kpi_for(db, which);
	for (int k = 0; k < SWT_KPI_N; k++)
		if (which & 1u << k && swt_kpi_figures(db, &r->a, k, figure, w))
			return -1;
	return swt_kpi_measurements(r->side, want, figure, w);
}

static int
onecase(void *ctx, const struct swt_kpi_case *c)
{
	struct swt_writer *w = ctx;
	struct run *r = the;
	size_t n = 0;

	r->vals[n++] = (char *)c->period;
	for (int i = 0; i < r->a.nby; i++)
		r->vals[n++] = (char *)c->grp[i];
	r->vals[n++] = (char *)c->kpi;
	r->vals[n++] = (char *)c->measure;
	r->vals[n++] = (char *)(c->ref ? c->ref : "");
	r->vals[n++] = (char *)(c->request_id ? c->request_id : "");
	r->vals[n++] = (char *)(c->client_id ? c->client_id : "");
	r->vals[n++] = (char *)(c->from ? c->from : "");
	r->vals[n++] = (char *)(c->to ? c->to : "");
	r->vals[n++] = (char *)c->days;
	return swt_writer_record(w, n, r->vals);
}

static int
cases(struct swt_db *db, struct swt_writer *w, void *ctx)
{
	static const char *const tail[] = { "kpi", "measure", "ref",
		"request_id", "client_id", "from_date", "to_date", "days", NULL };
	struct run *r = ctx;

	if (header(r, tail) ||
	    swt_writer_header(w, r->hdr.n, r->hdr.name))
		return -1;
	return swt_kpi_cases(db, &r->a, r->casekpi, r->measure, onecase, w);
}

/* --cases and its --measure: 0, or the exit status. */
static int
cases_check(struct run *r)
{
	if (r->measure && !r->cases)
		return bad("%s", "--measure names a measure of --cases");
	if (!r->cases)
		return 0;
	if (r->named || r->compare || r->targets || r->measurements ||
	    r->a.publish)
		return bad("%s", "--cases lists the requests behind one KPI: "
		    "it takes no --kpi, --compare, --targets, --measurements "
		    "or --publish");
	if ((r->casekpi = swt_kpi_parse(r->cases)) < 0)
		return bad("--cases: '%s' is not a KPI computed from the "
		    "database", r->cases);
	if (r->measure && swt_kpi_measure(r->casekpi, r->measure) < 0)
		return bad("--measure: '%s' is not a measure of that KPI",
		    r->measure);
	r->kpi[r->casekpi] = 1;
	return 0;
}

/* The report: each KPI's published figures, whole and by sub-period. */
static int
report_whole(void *ctx, const struct swt_kpi_fig *f)
{
	struct run *r = the;
	char baseline[32] = "", change[32] = "", target[32] = "";
	const char *met = "";

	if (r->compare)
		swt_kpi_compare(r->side, f, baseline, change);
	if (r->targets)
		swt_kpi_target(r->side, f, target, &met);
	return swt_report_add(ctx, f, NULL, baseline, change, target, met);
}

static int
report_part(void *ctx, const struct swt_kpi_fig *f)
{
	return swt_report_add(ctx, f, f->grp[0], "", "", "", "");
}

static int
report(struct swt_db *db, struct swt_writer *w, void *ctx)
{
	struct run *r = ctx;
	struct swt_kpi_ask part = r->a;
	struct swt_report *rep;
	int rc = -1;

	(void)w;
	if (!(rep = swt_report_new(&r->a, !!r->compare, !!r->targets)))
		return -1;
	part.by[0] = swt_report_split(&r->a);
	part.nby = part.by[0] >= 0;
	for (int k = 0; k < SWT_KPI_N; k++)
		if (swt_kpi_figures(db, &r->a, k, report_whole, rep) ||
		    (part.nby && swt_kpi_figures(db, &part, k, report_part,
		    rep)))
			goto out;
	if (swt_kpi_measurements(r->side, want, report_whole, rep) == 0)
		rc = swt_report_html(rep, stdout);
out:
	swt_report_free(rep);
	return rc;
}

/* --report and what it leaves out: 0, or the exit status. */
static int
report_check(struct run *r, const struct swt_opts *o)
{
	if (!r->report)
		return 0;
	if (r->cases || r->named || r->a.nby || o->fmt != SWT_FMT_AUTO)
		return bad("%s", "--report writes one page of every KPI, "
		    "split as the period asks: it takes no --cases, --kpi, "
		    "--by, --csv, --tsv, --json or --table");
	r->a.publish = 1;	/* published figures only (SPEC 7) */
	return 0;
}

/* Read the files beside the database: 0, or the exit status. */
static int
side(struct run *r)
{
	long k = 0, n;

	if (!(r->side = swt_kpi_side_new(&r->a))) {
		swt_err("out of memory");
		return SWT_EXIT_DATA;
	}
	if (r->compare && (n = swt_kpi_load_baseline(r->side, r->compare,
	    r->a.publish)) != 0)
		k = n < 0 ? -1 : k + n;
	if (k >= 0 && r->targets &&
	    (n = swt_kpi_load_targets(r->side, r->targets)) != 0)
		k = n < 0 ? -1 : k + n;
	if (k >= 0 && r->measurements && (n = swt_kpi_load_measurements(
	    r->side, r->measurements)) != 0)
		k = n < 0 ? -1 : k + n;
	if (k < 0)
		return SWT_EXIT_DATA;
	if (k > 0)
		r->status = SWT_EXIT_REJECT;
	return 0;
}

static int
run(struct swt_opts *o, struct run *r)
{
	int rc;
	size_t un;

	if ((rc = period(r)) || (rc = report_check(r, o)) ||
	    (rc = cases_check(r)))
		return rc;
	for (int i = 0; i < r->a.nby; i++)
		if (r->a.publish && r->a.by[i] == SWT_BY_STAFF)
			return bad("%s", "--publish never shows an id: "
			    "not --by staff");
	if (r->cases)
		return swt_listing(o, SWT_DB_READONLY, cases, r);
	if ((rc = side(r)))
		return rc;
	rc = swt_listing(o, SWT_DB_READONLY, r->report ? report : figures, r);
	if (r->compare && (un = swt_kpi_unmatched(r->side)) > 0)
		swt_warn("%s: %zu figure%s of the baseline matched no figure",
		    r->compare, un, un == 1 ? "" : "s");
	return rc ? rc : r->status;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = { SWT_O_DB, SWT_O_FORMATS,
		{ "by", required_argument, NULL, OPT_BY },
		{ "cases", required_argument, NULL, OPT_CASES },
		{ "compare", required_argument, NULL, OPT_COMPARE },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "kpi", required_argument, NULL, OPT_KPI },
		{ "measure", required_argument, NULL, OPT_MEASURE },
		{ "measurements", required_argument, NULL, OPT_MEASUREMENTS },
		{ "period", required_argument, NULL, OPT_PERIOD },
		{ "publish", no_argument, NULL, OPT_PUBLISH },
		{ "report", required_argument, NULL, OPT_REPORT },
		{ "targets", required_argument, NULL, OPT_TARGETS },
		{ "to", required_argument, NULL, OPT_TO },
		SWT_O_END };
	struct swt_opts o = { 0 };
	static struct run r;	/* the points to it: want() reads it */
	int c, rc = 0;

	swt_setprog(argv[0]);
	the = &r;
	while (rc == 0 &&
	    (c = getopt_long(argc, argv, "d:qhV", longopts, NULL)) != -1)
		switch (c) {
		case OPT_PERIOD: r.periodarg = optarg; break;
		case OPT_FROM: r.from = optarg; break;
		case OPT_TO: r.to = optarg; break;
		case OPT_BY: rc = each_name(&r, optarg, by); break;
		case OPT_KPI: rc = each_name(&r, optarg, kpi); break;
		case OPT_CASES: r.cases = optarg; break;
		case OPT_MEASURE: r.measure = optarg; break;
		case OPT_COMPARE: r.compare = optarg; break;
		case OPT_TARGETS: r.targets = optarg; break;
		case OPT_MEASUREMENTS: r.measurements = optarg; break;
		case OPT_PUBLISH: r.a.publish = 1; break;
		case OPT_REPORT:
			if (strcmp(optarg, "html"))
				return bad("--report: '%s' is not a report: "
				    "html", optarg);
			r.report = 1;
			break;
		default:
			if ((c = swt_opt(&o, c, optarg, usage)) >= 0)
				return c;	/* -h, -V: 0; a usage error: 2 */
		}
	if (rc)
		return rc;
	if (optind < argc)
		return bad("'%s': swt-kpi reads no files: it reads the "
		    "database", argv[optind]);
	rc = run(&o, &r);
	swt_kpi_side_free(r.side);
	swt_fields_free(&r.hdr);
	return rc;
}
