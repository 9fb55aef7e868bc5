/* swt-term - legal clocks: suspensions, extensions, deadlines, the calendar */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "swt.h"

static const char usage[] =
    "usage: swt-term [-nq] [-d db] [--strict] [--rejects file]\n"
    "                [--encoding enc] [--group] [--csv | --tsv | --json |"
    " --table]\n"
    "                [--load-holidays] [file ...]\n"
    "       swt-term [-d db] [--csv | --tsv | --json | --table] --list\n"
    "                [--explain] [--on date] [--status status] [--term term]\n"
    "       swt-term [-d db] [--csv | --tsv | --json | --table] --overdue\n"
    "                [--explain] [--on date] [--term term] [--within days]\n"
    "       swt-term [-d db] [--csv | --tsv | --json | --table]"
    " --holidays year\n"
    "       swt-term [-d db] [--csv | --tsv | --json | --table] --terms\n"
    "Store suspensions and extensions of legal clocks; list the clocks, the\n"
    "overdue ones, the holidays of the calendar and the terms.\n"
    "See swt-term(1).\n";

static const char *const appended[] = { "suspension_id", "referral_id",
	"client_id", "deadline", NULL };

enum { OPT_LIST = SWT_OPT_CMD, OPT_OVERDUE, OPT_HOLIDAYS, OPT_LOAD,
	OPT_TERMS, OPT_ON, OPT_TERM, OPT_STATUS, OPT_EXPLAIN, OPT_WITHIN };

/* What the command line asks for. */
struct job {
	int list, overdue, load, terms, explain;
	const char *holidays, *on, *term, *status, *within;
	long day, year, days;
	int st;			/* --status: a clock status, or -1 */
};

/* ---- storing records: suspensions and extensions, equated days ---- */

struct run {
	struct swt_calendar *cal;
	int map[SF_N];
	struct swt_suspension s;
	struct swt_suspension_out res;
	int hmap[HF_N];
	const char *hv[HF_N];
	char hbuf[HF_N][SWT_FIELD_BUF];
	char idbuf[24], xbuf[24];
};

/* The database and its calendar, at the first source. */
static int
opendb(struct swt_loop *l)
{
	struct run *r = l->ctx;

	if (l->db)
		return 0;
	if (swt_loop_opendb(l))
		return SWT_STEP_FATAL;
	if (!(r->cal = swt_calendar_new()) || swt_db_calendar(l->db, r->cal)) {
		swt_err("%s", r->cal ? swt_db_errmsg(l->db) : "out of memory");
		return SWT_STEP_FATAL;
	}
	return 0;
}

static int
header(struct swt_loop *l, size_t n, char *const *names)
{
	struct run *r = l->ctx;

	if (opendb(l))
		return SWT_STEP_FATAL;
	swt_entity_map(&swt_suspension_entity, n, names, r->map);
	if (r->map[SF_REF] < 0 && r->map[SF_REQUEST_ID] < 0 &&
	    r->map[SF_REFERRAL_ID] < 0 && r->map[SF_REFERRAL_REF] < 0)
		return swt_loop_missing(l, "ref", "a clock is of a request, "
		    "named by ref or request_id (or of its referral, by "
		    "referral_id or referral_ref)");
	return swt_loop_keyed(l, &swt_suspension_entity, n, names, r->map,
	    "every record names the term whose clock it moves");
}

static int
step(struct swt_loop *l, const struct swt_rec *rec, char **out)
{
	struct run *r = l->ctx;
	int k;

	for (int f = 0; f < SF_N; f++)
		r->s.v[f] = r->map[f] >= 0 ? rec->f[r->map[f]] : NULL;
	k = swt_suspension_check(&r->s, l->codes, &l->field, l->why,
	    sizeof l->why);
	if (k == 0)
		k = swt_suspension_store(l->db, r->cal, &r->s, &r->res,
		    &l->field, l->why, sizeof l->why);
	if ((k = swt_loop_result(l, rec, k, r->res.res)) != SWT_STEP_DONE)
		return k;
	swt_loop_echo(l, SF_N, r->map, r->s.v, out);
	snprintf(r->idbuf, sizeof r->idbuf, "%lld", r->res.suspension_id);
	if (r->res.referral_id)
		snprintf(r->xbuf, sizeof r->xbuf, "%lld", r->res.referral_id);
	else
		r->xbuf[0] = '\0';
	out[l->app[0]] = r->idbuf;
	out[l->app[1]] = r->xbuf;
	out[l->app[2]] = r->res.client_id;
	out[l->app[3]] = r->res.deadline;
	return SWT_STEP_DONE;
}

static int
hheader(struct swt_loop *l, size_t n, char *const *names)
{
	struct run *r = l->ctx;

	if (opendb(l))
		return SWT_STEP_FATAL;
	return swt_loop_keyed(l, &swt_holiday_entity, n, names, r->hmap,
	    "an equated day has a date and a name");
}

static int
hstep(struct swt_loop *l, const struct swt_rec *rec, char **out)
{
	static const enum swt_intake_res res[] = { SWT_INTAKE_UNCHANGED,
		SWT_INTAKE_NEW, SWT_INTAKE_UPDATED };
	struct run *r = l->ctx;
	int k, put = 0;

	for (int f = 0; f < HF_N; f++)
		r->hv[f] = rec->f[r->hmap[f]];
	k = swt_holiday_check(r->hv, r->hbuf, l->codes, &l->field, l->why,
	    sizeof l->why);
	if (k == 0 && (put = swt_db_holiday_put(l->db, r->hv[HF_DATE],
	    r->hv[HF_NAME])) < 0)
		k = -2;
	if ((k = swt_loop_result(l, rec, k, k ? SWT_INTAKE_NEW : res[put])) !=
	    SWT_STEP_DONE)
		return k;
	swt_loop_echo(l, HF_N, r->hmap, r->hv, out);
	return SWT_STEP_DONE;
}

static int
records(struct swt_loop *l, int argc, char **argv)
{
	struct run *r = l->ctx;
	int rc = swt_loop_run(l, argc, argv, usage);

	swt_calendar_free(r->cal);
	return rc;
}

/* ---- the jobs that list ---- */

static const char *const clock_fields[] = { "ref", "request_id",
	"client_id", "referral_id", "term", "law", "started_at", "deadline",
	"stopped_at", "suspended_days", "extended_days", "status", "days_left",
	"staff", "explanation" };
enum { CK_STAFF = 13, CK_EXPLANATION, CK_N };

/* A clock as a row: each value strdup'ed (NULL: no memory). */
static char **
clock_row(const struct swt_clock *c)
{
	char **v = calloc(CK_N, sizeof *v), num[5][24], expl[SWT_CLOCK_STEPS *
	    130] = "";
	const char *s[CK_N];
	int running = c->status == SWT_CLOCK_OPEN ||
	    c->status == SWT_CLOCK_OVERDUE;

	if (!v)
		return NULL;
	snprintf(num[0], sizeof *num, "%lld", c->request_id);
	snprintf(num[1], sizeof *num, "%lld", c->referral_id);
	snprintf(num[2], sizeof *num, "%ld", c->suspended_days);
	snprintf(num[3], sizeof *num, "%ld", c->extended_days);
	snprintf(num[4], sizeof *num, "%ld", c->days_left);
	for (size_t i = 0; i < c->nsteps; i++) {
		size_t n = strlen(expl);

		swt_fmt(expl + n, sizeof expl - n, "%s%s", i ? "; " : "",
		    c->step[i]);
	}
	s[0] = c->ref;
	s[1] = num[0];
	s[2] = c->client_id;
	s[3] = c->referral_id ? num[1] : "";
	s[4] = c->term;
	s[5] = c->law;
	s[6] = c->started_at;
	s[7] = c->deadline;
	s[8] = c->stopped_at;
	s[9] = num[2];
	s[10] = num[3];
	s[11] = swt_clock_status_name(c->status);
	s[12] = running ? num[4] : "";
	s[CK_STAFF] = c->staff;
	s[CK_EXPLANATION] = expl;
	for (int i = 0; i < CK_N; i++)
		if (!(v[i] = strdup(s[i]))) {
			while (i--)
				free(v[i]);
			free(v);
			return NULL;
		}
	return v;
}

static void
row_free(char **v)
{
	for (int i = 0; v && i < CK_N; i++)
		free(v[i]);
	free(v);
}

struct rows {
	const struct job *j;
	struct swt_writer *w;
	char *names[CK_N];
	int n;			/* the fields written */
	int *col;		/* their clock_fields */
	char ***held;		/* --overdue: the rows, to sort */
	long *left;
	size_t nheld, cap;
};

static int
write_row(struct rows *rs, char **v)
{
	char *out[CK_N];

	for (int i = 0; i < rs->n; i++)
		out[i] = v[rs->col[i]];
	return swt_writer_record(rs->w, rs->n, out);
}

static int
hold(struct rows *rs, char **v, long left)
{
	if (rs->nheld == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 64;
		char ***h = reallocarray(rs->held, cap, sizeof *h);
		long *l = h ? reallocarray(rs->left, cap, sizeof *l) : NULL;

		if (h)
			rs->held = h;
		if (!l)
			return -1;
		rs->left = l;
		rs->cap = cap;
	}
	rs->held[rs->nheld] = v;
	rs->left[rs->nheld++] = left;
	return 0;
}

static int
clock_one(void *ctx, const struct swt_clock *c)
{
	struct rows *rs = ctx;
	char **v;
	int rc;

	if (rs->j->overdue ? (c->status != SWT_CLOCK_OPEN &&
	    c->status != SWT_CLOCK_OVERDUE) || c->days_left > rs->j->days :
	    rs->j->st >= 0 && (int)c->status != rs->j->st)
		return 0;
	if (!(v = clock_row(c)))
		return -1;
	if (rs->j->overdue)
		return hold(rs, v, c->days_left) ? (row_free(v), -1) : 0;
	rc = write_row(rs, v);
	row_free(v);
	return rc;
}

/* Most urgent first: fewest days left, then by ref. */
static struct rows *sorting;

static int
urgent(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, k = *(const size_t *)b;
	long d = sorting->left[i] - sorting->left[k];

	return d ? (d < 0 ? -1 : 1) : strcmp(sorting->held[i][0],
	    sorting->held[k][0]);
}

static int
write_held(struct rows *rs)
{
	size_t *order = calloc(rs->nheld + 1, sizeof *order);
	int rc = 0;

	if (!order)
		return -1;
	for (size_t i = 0; i < rs->nheld; i++)
		order[i] = i;
	sorting = rs;
	qsort(order, rs->nheld, sizeof *order, urgent);
	for (size_t i = 0; i < rs->nheld && rc == 0; i++)
		rc = write_row(rs, rs->held[order[i]]);
	free(order);
	return rc;
}

/* The calendar of the database: the law's holidays and the equated days. */
static struct swt_calendar *
calendar(struct swt_db *db)
{
	struct swt_calendar *cal = swt_calendar_new();

	if (cal && swt_db_calendar(db, cal)) {
		swt_calendar_free(cal);
		return NULL;
	}
	return cal;
}

/* --list, --overdue: the clocks on the day, the overdue most urgent first */
static int
clock_list(struct swt_db *db, struct swt_writer *w, void *ctx)
{
	struct rows *rs = ctx;
	struct swt_calendar *cal = calendar(db);
	long since = LONG_MIN;
	struct swt_clock_walk walk = { .on = &rs->j->day, .since = &since,
		.n = 1, .term = rs->j->term, .explain = rs->j->explain };
	int failed;

	rs->w = w;
	failed = !cal || swt_writer_header(w, rs->n, rs->names) ||
	    swt_clocks(db, cal, &walk, clock_one, rs) ||
	    (rs->j->overdue && write_held(rs));
	swt_calendar_free(cal);
	return failed;
}

static int
clocks(const struct swt_opts *o, const struct job *j)
{
	int col[CK_N], rc;
	struct rows rs = { .j = j, .col = col };

	for (int i = 0; i < CK_N; i++)
		if ((i != CK_STAFF || j->overdue) &&
		    (i != CK_EXPLANATION || j->explain)) {
			col[rs.n] = i;
			rs.names[rs.n++] = (char *)clock_fields[i];
		}
	rc = swt_listing(o, 0, clock_list, &rs);
	for (size_t i = 0; i < rs.nheld; i++)
		row_free(rs.held[i]);
	free(rs.held);
	free(rs.left);
	return rc;
}

/* --holidays YEAR: the law's holidays and the equated days of a year. */
static int
holiday_list(struct swt_db *db, struct swt_writer *w, void *ctx)
{
	static char *names[] = { "date", "name", "basis" };
	const long *year = ctx;
	struct swt_calendar *cal = NULL;
	char iso[11], *v[3];
	int failed;

	/* without a database, the law's holidays alone */
	failed = (db && !(cal = calendar(db))) ||
	    swt_writer_header(w, 3, names);
	for (long z = swt_date_from_ymd((int)*year, 1, 1); !failed &&
	    z < swt_date_from_ymd((int)*year + 1, 1, 1); z++) {
		const char *name = swt_calendar_holiday(cal, z);

		if (!name)
			continue;
		swt_date_from_days(z, iso);
		v[0] = iso;
		v[1] = (char *)name;
		v[2] = swt_calendar_holiday(NULL, z) ? "Atw art. 3" :
		    "gelijkgesteld";
		failed = swt_writer_record(w, 3, v) != 0;
	}
	swt_calendar_free(cal);
	return failed;
}

static int
holidays(const struct swt_opts *o, long year)
{
	struct stat st;

	return swt_listing(o, stat(swt_db_path(o), &st) == 0 ? 0 : -1,
	    holiday_list, &year);
}

/* --terms: the legal terms as the database holds them. */
static int
term_row(void *ctx, char *const *vals)
{
	return swt_writer_record(ctx, 8, vals);
}

static int
term_list(struct swt_db *db, struct swt_writer *w, void *ctx)
{
	static char *names[] = { "term", "law", "from_event", "to_event",
		"days", "suspend_reasons", "extend_reasons", "basis" };

	(void)ctx;
	return swt_writer_header(w, 8, names) ||
	    swt_db_legal_terms(db, term_row, w);
}

/* ---- options ---- */

static int
bad(const char *fmt, const char *what)
{
	swt_err(fmt, what);
	swt_usage(usage);
	return SWT_EXIT_USAGE;
}

/* Is the command line one job, with what it takes?  0, or 2 (reported). */
static int
checked(const struct swt_opts *o, struct job *j, int argc)
{
	char iso[24];
	time_t now = time(NULL);
	struct tm tm;
	int listing = j->list || j->overdue;

	if (j->list + j->overdue + j->load + j->terms + !!j->holidays > 1)
		return bad("%s", "--list, --overdue, --load-holidays, "
		    "--holidays and --terms are jobs of their own: name one");
	if (!listing && (j->on || j->term || j->explain))
		return bad("%s", "--on, --term and --explain go with --list "
		    "or --overdue");
	if (j->status && !j->list)
		return bad("%s", "--status goes with --list");
	if (j->within && !j->overdue)
		return bad("%s", "--within goes with --overdue");
	if ((listing || j->terms || j->holidays) && (argc || o->dry_run ||
	    o->strict || o->rejects || o->encoding || o->group))
		return bad("%s", "a listing reads no records and writes "
		    "nothing: it takes no file, -n, --strict, --rejects, "
		    "--encoding or --group");
	if (j->on && (swt_date_norm(j->on, iso) || strlen(iso) > 10))
		return bad("--on: '%s' is not a date (yyyy-mm-dd)", j->on);
	if (j->on)
		j->day = swt_date_days(iso);
	else {
		localtime_r(&now, &tm);
		j->day = swt_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday);
	}
	if (j->status && (j->st = swt_clock_status_parse(j->status)) < 0)
		return bad("--status: '%s' is not one of on_time, late, open, "
		    "overdue, suspended", j->status);
	if (j->within && swt_int_parse(j->within, 0, 3660, &j->days))
		return bad("--within: '%s' is not a number of days 0-3660",
		    j->within);
	if (j->holidays && swt_int_parse(j->holidays, 1900, 9999, &j->year))
		return bad("--holidays: '%s' is not a year 1900-9999",
		    j->holidays);
	return 0;
}

static int
job_opt(struct job *j, int c, const char *arg)
{
	switch (c) {
	case OPT_LIST: j->list = 1; break;
	case OPT_OVERDUE: j->overdue = 1; break;
	case OPT_LOAD: j->load = 1; break;
	case OPT_TERMS: j->terms = 1; break;
	case OPT_EXPLAIN: j->explain = 1; break;
	case OPT_HOLIDAYS: j->holidays = arg; break;
	case OPT_ON: j->on = arg; break;
	case OPT_TERM: j->term = arg; break;
	case OPT_STATUS: j->status = arg; break;
	case OPT_WITHIN: j->within = arg; break;
	default: return 0;
	}
	return 1;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = { SWT_O_DB, SWT_O_FORMATS,
		SWT_O_DRY_RUN, SWT_O_BATCH, SWT_O_GROUP,
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "holidays", required_argument, NULL, OPT_HOLIDAYS },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "load-holidays", no_argument, NULL, OPT_LOAD },
		{ "on", required_argument, NULL, OPT_ON },
		{ "overdue", no_argument, NULL, OPT_OVERDUE },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "term", required_argument, NULL, OPT_TERM },
		{ "terms", no_argument, NULL, OPT_TERMS },
		{ "within", required_argument, NULL, OPT_WITHIN },
		SWT_O_END };
	struct swt_opts o = { 0 };
	struct job j = { .st = -1 };
	struct run r = { 0 };
	struct swt_loop l = { .o = &o, .ctx = &r, .echo = 1, .spool = 1,
		.stores = 1, .hash = 1, .source_end = opendb };
	int c;

	swt_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "d:nqhV", longopts, NULL)) != -1)
		if (!job_opt(&j, c, optarg) &&
		    (c = swt_opt(&o, c, optarg, usage)) >= 0)
			return c;	/* -h, -V: 0; a usage error: 2 */
	argc -= optind;
	argv += optind;
	if ((c = checked(&o, &j, argc)) != 0)
		return c;
	if (j.list || j.overdue)
		return clocks(&o, &j);
	if (j.holidays)
		return holidays(&o, j.year);
	if (j.terms)
		return swt_listing(&o, 0, term_list, NULL);
	if (j.load) {
		l.entity = &swt_holiday_entity;
		l.header = hheader;
		l.step = hstep;
		l.batch = "load-holidays";
		return records(&l, argc, argv);
	}
	/* SPEC 4: records without a mode option are suspensions */
	l.append = appended;
	l.entity = &swt_suspension_entity;
	l.header = header;
	l.step = step;
	l.batch = "term";
	return records(&l, argc, argv);
}
