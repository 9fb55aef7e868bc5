/* kpifile.c - what swt-kpi reads beside the database: a baseline, targets,
 * measurements from outside (SPEC 7) */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

/* The KPIs measured outside the primary process (SPEC 7). */
static const char *const outside[] = { "bereikbaarheid", "clientervaringen",
	"bekendheid", NULL };

struct line {
	char *kpi, *measure, *grp[SWT_BY_N];	/* by the ask's order */
	char *period, value[32];
	int op;			/* targets: 1 >=, -1 <= */
	int used;
};
struct list {
	struct line *l;
	size_t n, cap;
};
struct swt_kpi_side {
	const struct swt_kpi_ask *a;
	struct list base, target, meas;
};

struct swt_kpi_side *
swt_kpi_side_new(const struct swt_kpi_ask *a)
{
	struct swt_kpi_side *s = calloc(1, sizeof *s);

	if (s)
		s->a = a;
	return s;
}

static void
list_free(struct list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->l[i].kpi);
		free(l->l[i].measure);
		free(l->l[i].period);
		for (int b = 0; b < SWT_BY_N; b++)
			free(l->l[i].grp[b]);
	}
	free(l->l);
}

void
swt_kpi_side_free(struct swt_kpi_side *s)
{
	if (!s)
		return;
	list_free(&s->base);
	list_free(&s->target);
	list_free(&s->meas);
	free(s);
}

int
swt_kpi_outside(const char *kpi)
{
	for (int i = 0; outside[i]; i++)
		if (!strcmp(kpi, outside[i]))
			return 1;
	return 0;
}

/* A number as swt-kpi writes it, or -1. */
static int
number(const char *s, char out[32])
{
	char *end;
	double v;

	if (!*s)
		return -1;
	v = strtod(s, &end);
	if (*end || !isfinite(v))
		return -1;
	swt_kpi_num(v, out);
	return 0;
}

/* A file being read: its header's fields by name, and the line in hand. */
struct file {
	const char *path;
	struct swt_reader *r;
	struct swt_rec rec;
	int col[SWT_BY_N];		/* by field -> column, or -1 */
	int kpi, measure, value, op, target, period, group, suppressed;
	long refused;
};

static int
column(struct file *f, const char *name)
{
	char *const *h = swt_reader_header(f->r);

	for (size_t i = 0; i < swt_reader_nfields(f->r); i++)
		if (!strcmp(h[i], name))
			return (int)i;
	return -1;
}

static const char *
field(const struct file *f, int col)
{
	return col >= 0 && (size_t)col < f->rec.n ? f->rec.f[col] : "";
}

/* Open path and find its fields; need: those that must be there.  0, -1. */
static int
file_open(struct file *f, const char *path, const char *const *need)
{
	char err[512];

	memset(f, 0, sizeof *f);
	f->path = path;
	if (!(f->r = swt_reader_open(path, NULL, err, sizeof err))) {
		swt_err("%s", err);
		return -1;
	}
	for (int b = 0; b < SWT_BY_N; b++)
		f->col[b] = column(f, swt_by_names[b]);
	f->kpi = column(f, "kpi");
	f->measure = column(f, "measure");
	f->value = column(f, "value");
	f->op = column(f, "op");
	f->target = column(f, "target");
	f->period = column(f, "period");
	f->group = column(f, "group");
	f->suppressed = column(f, "suppressed");
	for (int i = 0; need[i]; i++)
		if (column(f, need[i]) < 0) {
			swt_errat(path, swt_reader_header_line(f->r), need[i],
			    "no such field in the header");
			swt_reader_close(f->r);
			return -1;
		}
	return 0;
}

/* The next line: 1, 0 at the end, -1 on an error (reported). */
static int
file_next(struct file *f)
{
	long line;
	int k;

	while ((k = swt_reader_read(f->r, &f->rec)) == 1) {
		if (!f->rec.err[0])
			return 1;
		swt_errat(f->path, f->rec.line, NULL, "%s", f->rec.err);
		f->refused++;
	}
	if (k < 0) {
		const char *why = swt_reader_error(f->r, &line);

		swt_errat(f->path, line, NULL, "%s", why);
	}
	return k;
}

/* Refuse the line in hand: its location, the field, why. */
static void
refuse(struct file *f, const char *name, const char *why)
{
	swt_errat(f->path, f->rec.line, name, "%s", why);
	f->refused++;
}

/* The refused lines (0 all good), or -1 on an error. */
static long
file_close(struct file *f, int k)
{
	swt_reader_close(f->r);
	return k < 0 ? -1 : f->refused;
}

static struct line *
list_add(struct list *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct line *p = realloc(l->l, cap * sizeof *p);

		if (!p)
			return NULL;
		l->l = p;
		l->cap = cap;
	}
	memset(&l->l[l->n], 0, sizeof l->l[l->n]);
	return &l->l[l->n++];
}

/* A KPI and measure as the file names them: 0, or -1 refused. */
static int
kpi_measure(struct file *f)
{
	const char *kpi = field(f, f->kpi), *m = field(f, f->measure);
	int k = swt_kpi_parse(kpi);

	if (k < 0 && !swt_kpi_outside(kpi)) {
		refuse(f, "kpi", "not a KPI of swt-kpi(1)");
		return -1;
	}
	if (k >= 0 ? swt_kpi_measure(k, m) < 0 : !swt_code_like(m)) {
		refuse(f, "measure", "not a measure of the KPI");
		return -1;
	}
	return 0;
}

/*
 * A group value as a baseline is matched: the year left out, a quarter
 * or month by its place in the year (Q1, 03), so that a baseline of
 * another year matches.
 */
static const char *
matched(int b, const char *v)
{
	if ((b == SWT_BY_QUARTER || b == SWT_BY_MONTH) && strlen(v) > 5)
		return v + 5;
	return b == SWT_BY_YEAR ? "" : v;
}

/* Keep the line in hand as l: kpi, measure, groups.  0, -1 no memory. */
static int
keep(struct file *f, const struct swt_kpi_ask *a, struct line *l, int base)
{
	int nomem = !(l->kpi = strdup(field(f, f->kpi))) ||
	    !(l->measure = strdup(field(f, f->measure)));

	for (int i = 0; i < a->nby && !nomem; i++) {
		const char *v = field(f, f->col[a->by[i]]);

		nomem = !(l->grp[i] = strdup(base ? matched(a->by[i], v) : v));
	}
	return nomem ? -1 : 0;
}

/* A group field the figures do not have, set in a baseline line? */
static int
other_group(const struct file *f, const struct swt_kpi_ask *a)
{
	for (int b = 0; b < SWT_BY_YEAR; b++) {
		int asked = 0;

		for (int i = 0; i < a->nby; i++)
			asked |= a->by[i] == b;
		if (!asked && *field(f, f->col[b]))
			return 1;
	}
	return 0;
}

long
swt_kpi_load_baseline(struct swt_kpi_side *s, const char *path, int publish)
{
	static const char *const need[] = { "kpi", "measure", "value", NULL };
	struct file f;
	struct line *l;
	char v[32];
	int k;

	if (file_open(&f, path, need))
		return -1;
	if (publish && f.suppressed < 0) {
		swt_errat(path, swt_reader_header_line(f.r), "suppressed",
		    "--publish compares with a published baseline only "
		    "(swt-kpi --publish)");
		return file_close(&f, -1);
	}
	while ((k = file_next(&f)) == 1) {
		const char *val = field(&f, f.value);

		if (kpi_measure(&f))
			continue;
		if (*val && number(val, v)) {
			refuse(&f, "value", "not a number");
			continue;
		}
		if (other_group(&f, s->a))
			continue;	/* of a finer grouping: no match */
		if (!(l = list_add(&s->base)) || keep(&f, s->a, l, 1))
			return file_close(&f, -1);
		swt_fmt(l->value, sizeof l->value, "%s", *val ? v : "");
	}
	return file_close(&f, k);
}

long
swt_kpi_load_targets(struct swt_kpi_side *s, const char *path)
{
	static const char *const need[] = { "kpi", "measure", "op", "target",
		NULL };
	struct file f;
	struct line *l;
	char v[32];
	int k;

	if (file_open(&f, path, need))
		return -1;
	while ((k = file_next(&f)) == 1) {
		const char *op = field(&f, f.op);

		if (kpi_measure(&f))
			continue;
		if (strcmp(op, "<=") && strcmp(op, ">=")) {
			refuse(&f, "op", "not <= or >=");
			continue;
		}
		if (number(field(&f, f.target), v)) {
			refuse(&f, "target", "not a number");
			continue;
		}
		if (!(l = list_add(&s->target)) || keep(&f, s->a, l, 0))
			return file_close(&f, -1);
		l->op = op[0] == '>' ? 1 : -1;
		memcpy(l->value, v, sizeof v);
	}
	return file_close(&f, k);
}

long
swt_kpi_load_measurements(struct swt_kpi_side *s, const char *path)
{
	static const char *const need[] = { "period", "kpi", "value", NULL };
	struct file f;
	struct line *l;
	char v[32];
	long first, last;
	int k;

	if (file_open(&f, path, need))
		return -1;
	while ((k = file_next(&f)) == 1) {
		const char *grp = field(&f, f.group);

		if (swt_period_parse(field(&f, f.period), NULL, &first, &last))
			refuse(&f, "period", "not a year, quarter, month or "
			    "week (2024, 2024-Q1, 2024-03, 2024-W05)");
		else if (!swt_kpi_outside(field(&f, f.kpi)))
			refuse(&f, "kpi", "not one measured outside: "
			    "bereikbaarheid, clientervaringen, bekendheid");
		else if (*grp && !swt_code_like(grp))
			refuse(&f, "group", "not a code (letters, digits, _)");
		else if (number(field(&f, f.value), v))
			refuse(&f, "value", "not a number");
		else {
			if (!(l = list_add(&s->meas)) ||
			    !(l->kpi = strdup(field(&f, f.kpi))) ||
			    !(l->measure = strdup(*grp ? grp : "value")) ||
			    !(l->period = strdup(field(&f, f.period))))
				return file_close(&f, -1);
			memcpy(l->value, v, sizeof v);
			l->used = first >= s->a->first && last <= s->a->last;
		}
	}
	return file_close(&f, k);
}

int
swt_kpi_measurements(struct swt_kpi_side *s, int (*want)(const char *kpi),
    int (*fn)(void *ctx, const struct swt_kpi_fig *f), void *ctx)
{
	static const char *const none[SWT_BY_N] = { "", "", "", "", "", "",
		"", "", "", "", "" };

	for (size_t i = 0; i < s->meas.n; i++) {
		struct line *l = &s->meas.l[i];
		struct swt_kpi_fig f = { .period = l->period, .kpi = l->kpi,
			.measure = l->measure };

		if (!l->used || !want(l->kpi))
			continue;
		memcpy(f.grp, none, sizeof none);
		memcpy(f.value, l->value, sizeof f.value);
		if (fn(ctx, &f))
			return -1;
	}
	return 0;
}

/* Does line l name figure f: kpi, measure, each group (base: matched)? */
static int
names(const struct swt_kpi_ask *a, const struct line *l,
    const struct swt_kpi_fig *f, int base)
{
	if (strcmp(l->kpi, f->kpi) || strcmp(l->measure, f->measure))
		return 0;
	for (int i = 0; i < a->nby; i++) {
		const char *v = base ? matched(a->by[i], f->grp[i]) : f->grp[i];

		if ((base || *l->grp[i]) && strcmp(l->grp[i], v))
			return 0;
	}
	return 1;
}

/*
 * The baseline of figure f and the change since: 1 matched, 0 not (no
 * baseline: change says so).
 */
int
swt_kpi_compare(struct swt_kpi_side *s, const struct swt_kpi_fig *f,
    char baseline[32], char change[32])
{
	for (size_t i = 0; i < s->base.n; i++) {
		struct line *l = &s->base.l[i];

		if (!names(s->a, l, f, 1))
			continue;
		l->used = 1;
		memcpy(baseline, l->value, 32);
		change[0] = '\0';
		if (*l->value && *f->value)
			swt_kpi_num(atof(f->value) - atof(l->value), change);
		return 1;
	}
	baseline[0] = '\0';
	swt_fmt(change, 32, "no_baseline");
	return 0;
}

/* The baseline's figures that matched none. */
size_t
swt_kpi_unmatched(const struct swt_kpi_side *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->base.n; i++)
		n += !s->base.l[i].used;
	return n;
}

/* The target of figure f, the first that names it, and if it is met. */
void
swt_kpi_target(const struct swt_kpi_side *s, const struct swt_kpi_fig *f,
    char target[32], const char **met)
{
	target[0] = '\0';
	*met = "";
	for (size_t i = 0; i < s->target.n; i++) {
		const struct line *l = &s->target.l[i];
		double v, t;

		if (!names(s->a, l, f, 0))
			continue;
		memcpy(target, l->value, 32);
		if (*f->value) {
			v = atof(f->value);
			t = atof(l->value);
			*met = (l->op > 0 ? v >= t : v <= t) ? "yes" : "no";
		}
		return;
	}
}
