/* swt-refer - referrals to partners, and the registry of those partners */
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
    "                 [--load-partners] [file ...]\n"
    "       swt-refer [-d db] [--csv | --tsv | --json | --table] --partners\n"
    "       swt-refer [-q] [-d db] [--strict] [--rejects file] [--encoding enc]\n"
    "                 [--csv | --tsv | --json | --table] --propose [--explain]\n"
    "                 [file ...]\n"
    "       swt-refer [-d db] [--csv | --tsv | --json | --table] --overdue\n"
    "                 [--on date] [--within days]\n"
    "       swt-refer [-d db] [--csv | --tsv | --json | --table] --list\n"
    "                 [--on date] [--partner id] [--status status]\n"
    "Store referrals of requests to partners; echo what was stored, with\n"
    "referral_id, status and client_id.  Keep the registry of partners.\n"
    "Propose referrals for triaged requests; list referrals and those\n"
    "overdue.  See swt-refer(1).\n";

static const char *const appended[] = { "referral_id", "status", "client_id",
	NULL };

enum { OPT_PARTNERS = SWT_OPT_CMD, OPT_LOAD, OPT_PROPOSE, OPT_EXPLAIN,
	OPT_OVERDUE, OPT_LIST, OPT_ON, OPT_WITHIN, OPT_STATUS, OPT_PARTNER };

struct run {
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
registry(struct swt_db *db, struct swt_writer *w, void *ctx)
{
	char *names[PF_N];

	(void)ctx;
	for (int f = 0; f < PF_N; f++)
		names[f] = (char *)swt_partner_fields[f].name;
	return swt_writer_header(w, PF_N, names) ||
	    swt_db_partners(db, row, w) ? -1 : 0;
}

static int
header(struct swt_loop *l, size_t n, char *const *names)
{
	struct run *r = l->ctx;

	if (swt_loop_opendb(l))
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
	k = swt_partner_check(&r->p, l->codes, &l->field, l->why,
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

	if (swt_loop_opendb(l))
		return SWT_STEP_FATAL;
	swt_entity_map(&swt_referral_entity, n, names, r->xmap);
	if (r->xmap[XF_REF] < 0 && r->xmap[XF_REQUEST_ID] < 0 &&
	    r->xmap[XF_REFERRAL_ID] < 0 && r->xmap[XF_REFERRAL_REF] < 0)
		return swt_loop_missing(l, "ref", "a referral is of a "
		    "request, named by ref or request_id (or a stored one by "
		    "referral_id or referral_ref)");
	return 0;
}

static int
xstep(struct swt_loop *l, const struct swt_rec *rec, char **out)
{
	struct run *r = l->ctx;
	int k;

	for (int f = 0; f < XF_N; f++)
		r->x.v[f] = r->xmap[f] >= 0 ? rec->f[r->xmap[f]] : NULL;
	k = swt_referral_check(&r->x, l->codes, &l->field, l->why,
	    sizeof l->why);
	if (k == 0)
		k = swt_referral_store(l->db, &r->x, l->codes, &r->xres,
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
refer(struct swt_opts *o, int argc, char **argv)
{
	struct run r = { 0 };
	struct swt_loop l = { .o = o, .ctx = &r, .append = appended,
		.echo = 1, .spool = 1, .stores = 1, .hash = 1,
		.entity = &swt_referral_entity, .header = xheader,
		.step = xstep, .source_end = swt_loop_opendb, .batch = "refer" };

	return swt_loop_run(&l, argc, argv, usage);
}

static int
load(struct swt_opts *o, int argc, char **argv)
{
	struct run r = { 0 };
	struct swt_loop l = { .o = o, .ctx = &r, .echo = 1, .spool = 1,
		.stores = 1, .hash = 1, .entity = &swt_partner_entity,
		.header = header, .step = step, .source_end = swt_loop_opendb,
		.batch = "load-partners" };

	return swt_loop_run(&l, argc, argv, usage);
}

/* The jobs that only read: --propose, --overdue, --list. */
struct job {
	const struct swt_opts *o;
	int explain;
	const char *on;			/* --on, ISO */
	long within;			/* --within, -1: not given */
	const char *status, *partner;	/* --list's filters */
	struct swt_db *db;
	struct swt_codes *codes;
	/* --propose */
	struct swt_rules *map;
	struct swt_registry *reg;
	int map_in[RF_N];		/* request field -> input field */
	int route_in, regie_in;
	char reasons[SWT_REASONS_MAX];
	long proposed, none, incomplete;
	/* the worklists: --list's output; --overdue's referrals, to sort */
	struct swt_writer *w;
	struct late *late;
	size_t nlate, caplate;
	struct swt_calendar *cal;	/* working days: the Atw's and equated */
};

/* What --propose appends (or replaces in place), in this order. */
enum { P_KIND, P_PARTNER, P_CANDIDATES, P_REASONS, P_N };
static const char *const proposed[P_N + 1] = { "kind", "partner",
	"candidates", "referral_reasons", NULL };

/*
 * The database, read only; without one, --propose has the default
 * registry and code lists, as --load-partners --dry-run has.
 */
static int
open_ro(struct job *j)
{
	const char *path = swt_db_path(j->o);
	struct stat st;
	char err[512];
	int rc;

	/* an empty file is no database yet (swt-intake makes it one) */
	if (stat(path, &st) == 0 && st.st_size > 0)
		rc = swt_db_open(&j->db, path, SWT_DB_READONLY, err,
		    sizeof err);
	else
		rc = swt_db_open(&j->db, ":memory:", 0, err, sizeof err);
	if (rc) {
		swt_err("%s", err);
		return -1;
	}
	if (!(j->codes = swt_db_codes(j->db))) {
		swt_err("%s", swt_db_errmsg(j->db));
		return -1;
	}
	return 0;
}

/* The fields a proposal rests on: those the map names, and the place. */
static int
proposal_needs(const struct job *j, int f)
{
	return f == RF_REF || f == RF_LAW || f == RF_SERVICE ||
	    f == RF_LIFE_DOMAIN || f == RF_DISTRICT || swt_rules_names(j->map, f);
}

static int
pheader(struct swt_loop *l, size_t n, char *const *names)
{
	struct job *j = l->ctx;

	swt_entity_map(&swt_request_entity, n, names, j->map_in);
	for (int f = 0; f < RF_N; f++)
		if (!proposal_needs(j, f))
			j->map_in[f] = -1;
	j->route_in = j->regie_in = -1;
	for (size_t i = 0; i < n; i++) {
		if (j->route_in < 0 && !strcmp(names[i], "route"))
			j->route_in = (int)i;
		if (j->regie_in < 0 && !strcmp(names[i], "regie"))
			j->regie_in = (int)i;
	}
	if (j->route_in < 0)
		return swt_loop_missing(l, "route", "--propose reads triaged "
		    "records (swt-triage's output)");
	if (j->explain) {
		static char *const hdr[] = { "ref", "line", "rule", "kind",
			"partner", "candidates", "decides", "source", "reason" };

		return swt_writer_header(l->out, 9, hdr) ? swt_loop_closed(l) :
		    0;
	}
	return 0;
}

/* One --explain record: ref, line, then these seven. */
static int
explain_row(struct swt_loop *l, char **v, const char *rule, const char *kind,
    const char *partner, const char *cand, int decides, const char *source,
    const char *reason)
{
	v[2] = (char *)rule;
	v[3] = (char *)(kind ? kind : "");
	v[4] = (char *)(partner ? partner : "");
	v[5] = (char *)cand;
	v[6] = decides ? "yes" : "no";
	v[7] = (char *)(source ? source : "");
	v[8] = (char *)reason;
	return swt_writer_record(l->out, 9, v);
}

/* --explain: every rule of the map that matched, the decider marked. */
static int
explain(struct swt_loop *l, const char *ref, long line,
    const struct swt_verdict *vd, const struct swt_proposal *pp,
    const char *domain, const char *district)
{
	struct job *j = l->ctx;
	char lbuf[24], why[256], *v[9] = { (char *)ref, lbuf };

	snprintf(lbuf, sizeof lbuf, "%ld", line);
	if (!vd)
		return explain_row(l, v, "", "", "", "", 1, "", "geen route "
		    "(onvolledig: eerst de triage): geen voorstel");
	if (vd->nmatch == 0)
		return explain_row(l, v, "", "", "", "", 1, "", "geen regel "
		    "van toepassing: geen verwijzing");
	for (size_t i = 0; i < vd->nmatch; i++) {
		struct swt_rule_info ri = swt_rules_info(j->map,
		    (size_t)vd->match[i]);
		int dec = vd->match[i] == vd->decider;

		if (explain_row(l, v, ri.id, ri.kind, dec ? pp->partner :
		    ri.partner, dec ? pp->candidates : "", dec, ri.source,
		    ri.reason))
			return -1;
		if (!dec || !*pp->kind || *pp->partner || *pp->candidates)
			continue;
		swt_fmt(why, sizeof why, "geen actieve partner past: tier %s, "
		    "levensdomein %s, wijk %s (zie swt-refer --partners)",
		    ri.tier, domain ? domain : "-", district ? district : "-");
		if (explain_row(l, v, "", ri.kind, "", "", 0, "", why))
			return -1;
	}
	return 0;
}

/* A bad value in a field --propose reads. */
static int
bad_code(struct swt_loop *l, const char *field, const char *val,
    const char *what)
{
	char buf[64];

	l->field = field;
	swt_fmt(l->why, sizeof l->why, "%s is not a %s", swt_shown(field, val,
	    buf), what);
	return SWT_STEP_REJECT;
}

static int
pstep(struct swt_loop *l, const struct swt_rec *rec, char **out)
{
	struct job *j = l->ctx;
	struct swt_request rq;
	struct swt_verdict vd;
	struct swt_proposal pp = { "", "", "" };
	const char *v[SWT_COND_N], *route, *regie;

	for (int f = 0; f < RF_N; f++)
		rq.v[f] = j->map_in[f] >= 0 ? rec->f[j->map_in[f]] : NULL;
	if (swt_request_check(&rq, j->codes, &l->field, l->why,
	    sizeof l->why))
		return SWT_STEP_REJECT;
	route = rec->f[j->route_in];
	regie = j->regie_in >= 0 && *rec->f[j->regie_in] ?
	    rec->f[j->regie_in] : NULL;
	if (*route && swt_route_rank(route) < 0)
		return bad_code(l, "route", route, "route (advies, "
		    "sociale_basis, eigen_inzet, maatwerk)");
	if (regie && !swt_codes_get(j->codes, "regie", regie))
		return bad_code(l, "regie", regie, "regie code (see swt-db "
		    "codes regie)");
	j->reasons[0] = '\0';
	if (*route) {
		memcpy(v, rq.v, sizeof rq.v);
		v[SWT_COND_ROUTE] = route;
		v[SWT_COND_REGIE] = regie;
		swt_rules_decide(j->map, v, &vd);
		swt_rules_reasons(j->map, &vd, j->reasons, sizeof j->reasons);
		if (vd.decider >= 0) {
			struct swt_rule_info ri = swt_rules_info(j->map,
			    (size_t)vd.decider);

			if (swt_propose(j->reg, &ri, rq.v[RF_LIFE_DOMAIN],
			    rq.v[RF_DISTRICT], &pp)) {
				swt_err("out of memory");
				return SWT_STEP_FATAL;
			}
		}
	}
	j->incomplete += !*route;
	j->proposed += *pp.kind != '\0';
	j->none += *route && !*pp.kind;
	if (j->explain)
		return explain(l, rq.v[RF_REF] ? rq.v[RF_REF] : "", rec->line,
		    *route ? &vd : NULL, &pp, rq.v[RF_LIFE_DOMAIN],
		    rq.v[RF_DISTRICT]) ? swt_loop_closed(l) : SWT_STEP_DONE;
	out[l->app[P_KIND]] = (char *)pp.kind;
	out[l->app[P_PARTNER]] = (char *)pp.partner;
	out[l->app[P_CANDIDATES]] = (char *)pp.candidates;
	out[l->app[P_REASONS]] = j->reasons;
	return SWT_STEP_DONE;
}

static void
psummary(struct swt_loop *l, int status)
{
	struct job *j = l->ctx;

	(void)status;
	if (!swt_quiet)
		fprintf(stderr, "%s: %ld read, %ld proposed, %ld without "
		    "referral, %ld without route, %ld rejected\n", swt_prog,
		    l->read, j->proposed, j->none, j->incomplete, l->rejected);
}

static int
propose(struct swt_opts *o, int explain_, int argc, char **argv)
{
	struct job j = { .o = o, .explain = explain_ };
	struct swt_loop l = { .o = o, .ctx = &j, .append = proposed,
		.echo = !explain_, .entity = &swt_request_entity,
		.header = pheader, .step = pstep, .summary = psummary,
		.strict_what = "stopped there" };
	char err[512], pbuf[4096];
	int rc = SWT_EXIT_DATA;

	if ((rc = swt_loop_input(argc, usage)))
		return rc;
	rc = SWT_EXIT_DATA;
	if (open_ro(&j))
		goto out;
	/* the database's own referral map (swt-db profile), else the shipped */
	if ((j.db ? swt_profile_rules(j.db, 1, j.codes, &j.map, err,
	    sizeof err) : 0) == 0)
		j.map = swt_refmap_load(swt_share_path("referrals", pbuf,
		    sizeof pbuf), j.codes, err, sizeof err);
	if (!j.map) {
		swt_err("%s", err);
		goto out;
	}
	if (!(j.reg = swt_registry_load(j.db))) {
		swt_err("%s", swt_db_errmsg(j.db));
		goto out;
	}
	if ((rc = swt_loop_start(&l, argc, argv)) == 0)
		rc = swt_loop_files(&l, argc, argv);
	rc = swt_loop_finish(&l, rc);
out:
	swt_registry_free(j.reg);
	swt_rules_free(j.map);
	swt_codes_free(j.codes);
	swt_db_close(j.db);
	return rc;
}

/* ---- worklists: --list and --overdue ---- */

/* The fields of --list: a referral as on --on, by XF_* but the client. */
enum { CLIENT = -1, STATUS = -2 };
static const int listed[] = { XF_REFERRAL_ID, XF_REFERRAL_REF, XF_REF,
	CLIENT, XF_KIND, XF_PARTNER, XF_PRODUCT, XF_APPLIED_AT, XF_DECIDED_AT,
	XF_SENT_AT, XF_RESPONDED_AT, XF_RESPONSE, XF_STARTED_AT, XF_ENDED_AT,
	XF_END_REASON, XF_WITHDRAWN_AT, XF_REASON, STATUS };
#define NLISTED (sizeof listed / sizeof *listed)

/* The fields of --overdue. */
enum { O_ID, O_REFERRAL_REF, O_REF, O_CLIENT, O_KIND, O_PARTNER, O_STATUS,
	O_TERM, O_SINCE, O_TERM_DAYS, O_DUE, O_OVER, O_N };
static char *const overdue_names[O_N] = { "referral_id", "referral_ref",
	"ref", "client_id", "kind", "partner", "status", "term", "since",
	"term_days", "due_at", "days_over" };

struct late {
	long over, due;
	char *v[O_N];
};

static int
list_row(void *ctx, const struct swt_db_referral_row *row)
{
	struct job *j = ctx;
	const char *v[XF_N], *status;
	char *out[NLISTED];

	memcpy(v, row->v, sizeof v);
	if (!(status = swt_referral_as_on(v, j->on)) ||
	    (j->status && strcmp(status, j->status)))
		return 0;
	for (size_t i = 0; i < NLISTED; i++)
		out[i] = (char *)(listed[i] == CLIENT ? row->client_id :
		    listed[i] == STATUS ? status : v[listed[i]]);
	for (size_t i = 0; i < NLISTED; i++)
		if (!out[i])
			out[i] = "";
	return swt_writer_record(j->w, NLISTED, out);
}

static char *
dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

static int
late_row(void *ctx, const struct swt_db_referral_row *row)
{
	struct job *j = ctx;
	struct swt_referral_term t;
	const char *v[XF_N], *status;
	char num[3][24], due[11];
	struct late *x;
	long over;

	memcpy(v, row->v, sizeof v);
	if (!(status = swt_referral_as_on(v, j->on)) ||
	    !swt_referral_term(v, status, row->response_days,
	    row->start_days, j->cal, &t))
		return 0;
	/* the working days past the due day; before it, minus those left */
	over = swt_calendar_workdays(j->cal, t.due, swt_date_days(j->on));
	if (over <= 0 && (j->within < 0 || over < -j->within))
		return 0;
	if (j->nlate == j->caplate) {
		size_t cap = j->caplate ? j->caplate * 2 : 64;

		if (!(x = realloc(j->late, cap * sizeof *x)))
			return -1;
		j->late = x;
		j->caplate = cap;
	}
	x = &j->late[j->nlate++];
	x->over = over;
	x->due = t.due;
	swt_date_from_days(t.due, due);
	snprintf(num[0], sizeof num[0], "%ld", t.days);
	snprintf(num[1], sizeof num[1], "%ld", over);
	{
		const char *s[O_N] = { v[XF_REFERRAL_ID], v[XF_REFERRAL_REF],
			v[XF_REF], row->client_id, v[XF_KIND], v[XF_PARTNER],
			status, t.term, t.since, num[0], due, num[1] };
		int nomem = 0;

		for (int k = 0; k < O_N; k++)
			nomem |= !(x->v[k] = dup_or_empty(s[k]));
		if (nomem)
			return -1;
	}
	return 0;
}

/* Most overdue first; then the earliest due; then as stored. */
static int
by_lateness(const void *a, const void *b)
{
	const struct late *x = a, *y = b;

	if (x->over != y->over)
		return x->over > y->over ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return atoll(x->v[O_ID]) < atoll(y->v[O_ID]) ? -1 : 1;
}

/* --list: the referrals as on the day, those asked for. */
static int
referrals(struct swt_db *db, struct swt_writer *w, void *ctx)
{
	struct job *j = ctx;
	char *names[NLISTED];

	for (size_t i = 0; i < NLISTED; i++)
		names[i] = (char *)(listed[i] == CLIENT ? "client_id" :
		    listed[i] == STATUS ? "status" :
		    swt_referral_fields[listed[i]].name);
	j->w = w;
	return swt_writer_header(w, NLISTED, names) ||
	    swt_db_referrals(db, j->partner, list_row, j) ? -1 : 0;
}

/* --overdue: those past their term (or due soon), most overdue first. */
static int
overdue_list(struct swt_db *db, struct swt_writer *w, void *ctx)
{
	struct job *j = ctx;
	int rc;

	/* the days the municipality equated with holidays count too */
	if (!(j->cal = swt_calendar_new()) || swt_db_calendar(db, j->cal) ||
	    swt_db_referrals(db, NULL, late_row, j))
		return -1;
	if (j->nlate)
		qsort(j->late, j->nlate, sizeof *j->late, by_lateness);
	rc = swt_writer_header(w, O_N, overdue_names);
	for (size_t i = 0; rc == 0 && i < j->nlate; i++)
		rc = swt_writer_record(w, O_N, j->late[i].v);
	return rc ? -1 : 0;
}

/* Is s a referral's status?  The states follow from the dates: fixed. */
static int
is_status(const char *s)
{
	struct swt_codes *cs = swt_codes_defaults();
	int ok = cs && swt_codes_get(cs, "referral_status", s);

	swt_codes_free(cs);
	return ok;
}

static int
worklists(struct job *j, int overdue)
{
	char today[11];
	int rc;

	if (j->status && !is_status(j->status)) {
		swt_err("--status: '%s' is not a referral status (sent, "
		    "accepted, rejected, started, ended, withdrawn)", j->status);
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	if (!j->on) {
		swt_date_today(today);
		j->on = today;
	}
	rc = swt_listing(j->o, SWT_DB_READONLY, overdue ? overdue_list :
	    referrals, j);
	for (size_t i = 0; i < j->nlate; i++)
		for (int k = 0; k < O_N; k++)
			free(j->late[i].v[k]);
	free(j->late);
	swt_calendar_free(j->cal);
	return rc;
}

/* One job at a time; the options that go with it, and no others. */
static int
misused(int jobs, int argc, const struct swt_opts *o, const struct job *j,
    int propose_, int worklist_, int overdue)
{
	const char *why = NULL;

	if (jobs > 1)
		why = "--partners, --load-partners, --propose, --overdue and "
		    "--list are jobs: name one";
	else if (j->explain && !propose_)
		why = "--explain goes with --propose";
	else if (j->on && !worklist_)
		why = "--on goes with --overdue or --list";
	else if (j->within >= 0 && !overdue)
		why = "--within goes with --overdue";
	else if ((j->status || j->partner) && (!worklist_ || overdue))
		why = "--status and --partner go with --list";
	else if (worklist_ && (argc || o->dry_run || o->strict ||
	    o->rejects || o->encoding || o->group))
		why = "--overdue and --list read the database and write "
		    "nothing: they take no file, -n, --strict, --rejects, "
		    "--encoding or --group";
	else if (propose_ && (o->dry_run || o->group))
		why = "--propose writes nothing to the database: it takes no "
		    "-n or --group";
	if (why) {
		swt_err("%s", why);
		swt_usage(usage);
	}
	return why != NULL;
}

/* An option's value: --on a date, --within a number of working days. */
static int
job_arg(struct job *j, int c, const char *arg, char *on)
{
	if (c == OPT_ON && swt_date_norm(arg, on) == 0) {
		on[10] = '\0';
		j->on = on;
		return 0;
	}
	if (c == OPT_WITHIN && swt_int_parse(arg, 0, 365, &j->within) == 0)
		return 0;
	swt_err(c == OPT_ON ? "--on: '%s' is not a date" : "--within: '%s' "
	    "is not a number of working days (0-365)", arg);
	swt_usage(usage);
	return -1;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = { SWT_O_DB, SWT_O_FORMATS,
		SWT_O_DRY_RUN, SWT_O_BATCH, SWT_O_GROUP,
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "load-partners", no_argument, NULL, OPT_LOAD },
		{ "on", required_argument, NULL, OPT_ON },
		{ "overdue", no_argument, NULL, OPT_OVERDUE },
		{ "partner", required_argument, NULL, OPT_PARTNER },
		{ "partners", no_argument, NULL, OPT_PARTNERS },
		{ "propose", no_argument, NULL, OPT_PROPOSE },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "within", required_argument, NULL, OPT_WITHIN },
		SWT_O_END };
	struct swt_opts o = { 0 };
	struct job j = { .o = &o, .within = -1 };
	char on[SWT_FIELD_BUF];
	int c, partners = 0, loading = 0, proposing = 0, overdue = 0,
	    listing = 0;

	swt_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "d:nqhV", longopts, NULL)) != -1)
		switch (c) {
		case OPT_PARTNERS: partners = 1; break;
		case OPT_LOAD: loading = 1; break;
		case OPT_PROPOSE: proposing = 1; break;
		case OPT_EXPLAIN: j.explain = 1; break;
		case OPT_OVERDUE: overdue = 1; break;
		case OPT_LIST: listing = 1; break;
		case OPT_STATUS: j.status = optarg; break;
		case OPT_PARTNER: j.partner = optarg; break;
		case OPT_ON:
		case OPT_WITHIN:
			if (job_arg(&j, c, optarg, on))
				return SWT_EXIT_USAGE;
			break;
		default:
			if ((c = swt_opt(&o, c, optarg, usage)) >= 0)
				return c;	/* -h, -V: 0; a usage error: 2 */
		}
	argc -= optind;
	argv += optind;
	if (misused(partners + loading + proposing + overdue + listing, argc,
	    &o, &j, proposing, overdue || listing, overdue))
		return SWT_EXIT_USAGE;
	if (partners) {
		if (argc || o.dry_run || o.strict || o.rejects || o.encoding ||
		    o.group) {
			swt_err("--partners reads no records and writes nothing: "
			    "it takes no file, -n, --strict, --rejects, "
			    "--encoding or --group");
			swt_usage(usage);
			return SWT_EXIT_USAGE;
		}
		return swt_listing(&o, 0, registry, NULL);
	}
	if (loading)
		return load(&o, argc, argv);
	if (proposing)
		return propose(&o, j.explain, argc, argv);
	if (overdue || listing)
		return worklists(&j, overdue);
	/* SPEC 4: records without a mode option are referrals */
	return refer(&o, argc, argv);
}
