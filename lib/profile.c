/*
 * profile.c - a municipality's own lists (SPEC 5, 6): code lists, legal
 * and retention terms, partners, triage rules and the referral map, from
 * files, refused whole when a change would orphan stored data
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "swt.h"

static const char *const cols_code[] = { "list", "code", "parent", "label",
	NULL };
static const char *const cols_term[] = { "term", "law", "from_event",
	"to_event", "days", "suspend_reasons", "extend_reasons", "basis",
	NULL };
static const char *const cols_retention[] = { "what", "years", "days",
	"counted_from", "basis", NULL };

static const struct {
	const char *name, *entity;	/* the verb and file, the table */
	const char *const *cols;
	size_t ncols, nkey;
} ptab[SWT_PT_N] = {
	[SWT_PT_CODE] = { "codes", "code", cols_code, 4, 2 },
	[SWT_PT_TERM] = { "terms", "legal_term", cols_term, 8, 1 },
	[SWT_PT_RETENTION] = { "retention-terms", "retention_term",
	    cols_retention, 5, 1 },
};

const char *
swt_ptable_name(enum swt_ptable t)
{
	return ptab[t].name;
}

const char *const *
swt_ptable_columns(enum swt_ptable t)
{
	return ptab[t].cols;
}

size_t
swt_ptable_ncolumns(enum swt_ptable t)
{
	return ptab[t].ncols;
}

/*
 * The lists swt knows.  A fixed list is swt's own vocabulary: its code,
 * the rules format and the other commands name its codes, so a profile
 * may relabel them but not add or remove one.  parent: the list a code's
 * parent is of (must: every code has one).
 */
static const struct list_kind {
	const char *list;
	int fixed;
	const char *parent;
	int must;
} lists[] = {
	{ "law", 1, NULL, 0 }, { "service", 0, "law", 1 },
	{ "life_domain", 0, NULL, 0 }, { "zrm", 1, NULL, 0 },
	{ "kind", 1, NULL, 0 }, { "channel", 0, NULL, 0 },
	{ "source", 0, NULL, 0 }, { "district", 0, NULL, 0 },
	{ "route", 1, NULL, 0 }, { "regie", 1, NULL, 0 },
	{ "flag", 0, NULL, 0 }, { "participation", 1, NULL, 0 },
	{ "financial", 1, NULL, 0 }, { "development_potential", 1, NULL, 0 },
	{ "status", 1, NULL, 0 }, { "referral_kind", 1, NULL, 0 },
	{ "referral_status", 1, NULL, 0 }, { "tier", 1, NULL, 0 },
	{ "goal_owner", 1, NULL, 0 }, { "goal_status", 1, NULL, 0 },
	{ "contact_kind", 0, NULL, 0 }, { "closure_reason", 0, NULL, 0 },
	{ "suspension_reason", 0, NULL, 0 }, { "product", 0, "law", 1 },
	{ "end_reason", 0, "law", 0 },
};

/* Codes of a list a profile may change that swt names all the same. */
static const char *const kept[][3] = {
	/* SPEC 5: they choose the broken-off and the refused retention term */
	{ "closure_reason", "afgebroken", "the broken-off retention term" },
	{ "closure_reason", "afgewezen", "the refused retention term" },
};

static const struct list_kind *
list_kind(const char *list)
{
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
		if (!strcmp(lists[i].list, list))
			return &lists[i];
	return NULL;
}

/* A row of a file as read: its values by column ("" none) and line. */
struct prow {
	char *v[8];
	long line;
};

struct pfile {
	enum swt_ptable t;
	const char *name;
	long hline;			/* the header's line */
	int has[8];			/* the file has the column */
	struct prow *r;
	size_t n, cap;
	struct prow *old;		/* the stored rows */
	size_t nold, oldcap;
	struct swt_codes *cs;		/* the code lists before the file */
	char sha[65];
};

/* "file:line: field: what" into out->err; -1 (refused). */
static int __attribute__((format(printf, 5, 6)))
refuse(struct swt_load *out, const char *file, long line, const char *field,
    const char *fmt, ...)
{
	char what[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (line > 0)
		swt_fmt(out->err, sizeof out->err, "%s:%ld: %s: %s", file,
		    line, field, what);
	else
		swt_fmt(out->err, sizeof out->err, "%s: %s: %s", file, field,
		    what);
	return -1;
}

/* A database error as out->err; -2. */
static int
dberr(struct swt_db *db, struct swt_load *out)
{
	swt_fmt(out->err, sizeof out->err, "%s", swt_db_errmsg(db));
	return -2;
}

static void
rows_free(struct prow *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < 8; c++)
			free(r[i].v[c]);
	free(r);
}

static void
pfile_free(struct pfile *f)
{
	rows_free(f->r, f->n);
	rows_free(f->old, f->nold);
	swt_codes_free(f->cs);
}

/* Add a row of n values (trimmed) to *r; -1 out of memory. */
static int
row_add(struct prow **r, size_t *n, size_t *cap, size_t nv,
    char *const *v, long line)
{
	struct prow *p;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		if (!(p = realloc(*r, *cap * sizeof *p)))
			return -1;
		*r = p;
	}
	p = &(*r)[(*n)++];
	memset(p, 0, sizeof *p);
	p->line = line;
	for (size_t c = 0; c < nv; c++) {
		const char *s = v[c] ? v[c] : "";
		size_t len;

		s += strspn(s, " ");
		for (len = strlen(s); len && s[len - 1] == ' '; len--)
			;
		if (!(p->v[c] = strndup(s, len)))
			return -1;
	}
	return 0;
}

static int
old_row(void *ctx, size_t n, char *const *v)
{
	struct pfile *f = ctx;

	return row_add(&f->old, &f->nold, &f->oldcap, n, v, 0);
}

static int
nomem(struct swt_load *out)
{
	swt_fmt(out->err, sizeof out->err, "out of memory");
	return -2;
}

/* The file's columns by name: map[c] its field of column c, or -1. */
static int
header(struct pfile *f, struct swt_reader *rd, int *map,
    struct swt_load *out)
{
	const char *const *cols = ptab[f->t].cols;
	char *const *h = swt_reader_header(rd);
	size_t nh = swt_reader_nfields(rd);

	for (size_t c = 0; c < ptab[f->t].ncols; c++) {
		map[c] = -1;
		for (size_t i = 0; i < nh; i++)
			if (!strcmp(h[i], cols[c]))
				map[c] = (int)i;
		f->has[c] = map[c] >= 0;
		if (map[c] < 0 && c < ptab[f->t].nkey)
			return refuse(out, f->name, f->hline, cols[c],
			    "no such column in the header: every row of %s "
			    "needs it", ptab[f->t].name);
	}
	for (size_t i = 0; i < nh; i++) {
		size_t c = 0;

		while (c < ptab[f->t].ncols && strcmp(h[i], cols[c]))
			c++;
		if (c == ptab[f->t].ncols)
			return refuse(out, f->name, f->hline, "header",
			    "'%.40s' is not a column of %s (see swt-db(1))",
			    swt_code_like(h[i]) ? h[i] : "?", ptab[f->t].name);
	}
	return 0;
}

/* Read the whole file into f->r; 0, -1 refused, -2 an error. */
static int
read_rows(struct pfile *f, const char *path, struct swt_load *out)
{
	struct swt_reader *rd;
	struct swt_rec rec;
	char err[256];
	char *v[8];
	int map[8], k;

	if (!(rd = swt_reader_open(path, NULL, err, sizeof err))) {
		swt_fmt(out->err, sizeof out->err, "%s", err);
		return -1;
	}
	swt_reader_hash(rd, 1);
	f->hline = swt_reader_header_line(rd);
	if ((k = header(f, rd, map, out)) != 0)
		goto out;
	while ((k = swt_reader_read(rd, &rec)) == 1) {
		if (*rec.err) {
			k = refuse(out, f->name, rec.line, "record", "%s",
			    rec.err);
			goto out;
		}
		for (size_t c = 0; c < ptab[f->t].ncols; c++)
			v[c] = map[c] >= 0 ? rec.f[map[c]] : NULL;
		if (row_add(&f->r, &f->n, &f->cap, ptab[f->t].ncols, v,
		    rec.line)) {
			k = nomem(out);
			goto out;
		}
	}
	if (k < 0) {
		long line;
		const char *why = swt_reader_error(rd, &line);

		k = refuse(out, f->name, line, "record", "%s", why);
	}
	swt_reader_sha256(rd, f->sha);
out:
	swt_reader_close(rd);
	return k;
}

/* The stored row of the same key as v, or NULL. */
static const struct prow *
stored(const struct pfile *f, char *const *v)
{
	for (size_t i = 0; i < f->nold; i++) {
		size_t c = 0;

		while (c < ptab[f->t].nkey && !strcmp(f->old[i].v[c], v[c]))
			c++;
		if (c == ptab[f->t].nkey)
			return &f->old[i];
	}
	return NULL;
}

/* The row of the file of the same key as v, or NULL. */
static const struct prow *
given(const struct pfile *f, char *const *v, size_t before)
{
	for (size_t i = 0; i < before && i < f->n; i++) {
		size_t c = 0;

		while (c < ptab[f->t].nkey && !strcmp(f->r[i].v[c], v[c]))
			c++;
		if (c == ptab[f->t].nkey)
			return &f->r[i];
	}
	return NULL;
}

/* A code, a term's name: lowercase letters, digits and _, 1 to 40. */
static int
is_code(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_");

	return n > 0 && n <= 40 && s[n] == '\0';
}

/* A whole number from 0 to max; -1 if it is not one. */
static long
whole(const char *s, long max)
{
	char *end;
	long v;

	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 6)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	return v <= max ? v : -1;
}

static int
check_code(struct pfile *f, const struct prow *r, struct swt_load *out)
{
	const struct list_kind *k = list_kind(r->v[0]);
	const char *parent = r->v[2];

	if (!k)
		return refuse(out, f->name, r->line, "list", "'%.40s' is not "
		    "a list swt knows (see swt-db codes)",
		    swt_code_like(r->v[0]) ? r->v[0] : "?");
	if (!is_code(r->v[1]))
		return refuse(out, f->name, r->line, "code", "not a code: 1 "
		    "to 40 lowercase letters, digits and _");
	if (k->fixed && !swt_codes_get(f->cs, k->list, r->v[1]))
		return refuse(out, f->name, r->line, "code", "'%s' is not "
		    "a %s code: %s is swt's own list, whose labels a profile "
		    "may change, not its codes", r->v[1], k->list, k->list);
	if (*parent && !k->parent)
		return refuse(out, f->name, r->line, "parent", "the codes of "
		    "%s have no parent", k->list);
	if (!*parent && k->must)
		return refuse(out, f->name, r->line, "parent", "missing: a %s "
		    "code needs the %s it belongs to", k->list, k->parent);
	if (*parent && !swt_codes_get(f->cs, k->parent, parent))
		return refuse(out, f->name, r->line, "parent", "'%.40s' is "
		    "not a %s code (see swt-db codes %s)", swt_code_like(parent)
		    ? parent : "?", k->parent, k->parent);
	return 0;
}

static int
check_set(struct pfile *f, const struct prow *r, size_t c,
    struct swt_load *out)
{
	char bad[64];

	if (!swt_codes_set(f->cs, "suspension_reason", r->v[c], bad,
	    sizeof bad))
		return refuse(out, f->name, r->line, cols_term[c], "'%s' is "
		    "not a suspension_reason code (see swt-db codes "
		    "suspension_reason)", swt_code_like(bad) ? bad : "?");
	return 0;
}

/* The events a clock runs between (SPEC 6b: swt-term(1)). */
static const char *const events[][2] = {
	{ "received_at", "assessed_at" },	/* the request's */
	{ "applied_at", "decided_at" },		/* a toewijzen referral's */
};

/* A term that a running clock or a suspension uses keeps its name and law. */
static int
term_in_use(struct swt_db *db, struct pfile *f, const char *term, long line,
    const char *what, struct swt_load *out)
{
	long n = swt_db_term_uses(db, term);

	if (n < 0)
		return dberr(db, out);
	if (n > 0)
		return refuse(out, f->name, line, "term", "%s is in use (%ld "
		    "running clocks or suspensions): %s", term, n, what);
	return 0;
}

static int
check_term(struct swt_db *db, struct pfile *f, const struct prow *r,
    struct swt_load *out)
{
	const struct prow *o = stored(f, r->v);
	size_t e = 0;

	if (!is_code(r->v[0]))
		return refuse(out, f->name, r->line, "term", "not a term's "
		    "name: 1 to 40 lowercase letters, digits and _");
	if (!swt_codes_get(f->cs, "law", r->v[1]))
		return refuse(out, f->name, r->line, "law", "'%.40s' is not a "
		    "law code (see swt-db codes law)", swt_code_like(r->v[1]) ?
		    r->v[1] : "?");
	while (e < 2 && strcmp(events[e][0], r->v[2]))
		e++;
	if (e == 2)
		return refuse(out, f->name, r->line, "from_event", "a clock "
		    "starts at received_at or applied_at");
	if (strcmp(events[e][1], r->v[3]))
		return refuse(out, f->name, r->line, "to_event", "a clock "
		    "from %s stops at %s", events[e][0], events[e][1]);
	if (whole(r->v[4], 3650) < 1)
		return refuse(out, f->name, r->line, "days", "not a positive "
		    "whole number of days (at most 3650)");
	if (check_set(f, r, 5, out) || check_set(f, r, 6, out))
		return -1;
	if (o && (strcmp(o->v[1], r->v[1]) || strcmp(o->v[2], r->v[2])))
		return term_in_use(db, f, r->v[0], r->line, "its law and "
		    "events stay", out);
	return 0;
}

static int
check_retention(struct pfile *f, struct prow *r, struct swt_load *out)
{
	long y = whole(*r->v[1] ? r->v[1] : "0", 100),
	    d = whole(*r->v[2] ? r->v[2] : "0", 36500);

	if (strcmp(r->v[0], "refused") && strcmp(r->v[0], "broken_off") &&
	    !swt_codes_get(f->cs, "law", r->v[0]))
		return refuse(out, f->name, r->line, "what", "'%.40s' is not a "
		    "law code, refused or broken_off",
		    swt_code_like(r->v[0]) ? r->v[0] : "?");
	if (y < 0)
		return refuse(out, f->name, r->line, "years", "not a whole "
		    "number of years (0 to 100)");
	if (d < 0)
		return refuse(out, f->name, r->line, "days", "not a whole "
		    "number of days (0 to 36500)");
	if (y + d == 0)
		return refuse(out, f->name, r->line, "days", "a term of no "
		    "years and no days: give years or days");
	if (strcmp(r->v[3], "closed_at") && strcmp(r->v[3], "birth_date"))
		return refuse(out, f->name, r->line, "counted_from", "a "
		    "retention term counts from closed_at or birth_date");
	/* an empty number is none: 0 */
	for (int c = 1; c <= 2; c++)
		if (!*r->v[c]) {
			free(r->v[c]);
			if (!(r->v[c] = strdup("0")))
				return nomem(out);
		}
	return 0;
}

/* A column the file does not have keeps a stored row's value (SPEC 4). */
static int
keep_stored(const struct pfile *f, struct prow *r)
{
	const struct prow *o = stored(f, r->v);

	for (size_t c = 0; o && c < ptab[f->t].ncols; c++)
		if (!f->has[c]) {
			free(r->v[c]);
			if (!(r->v[c] = strdup(o->v[c])))
				return -1;
		}
	return 0;
}

/* Check each row, and that no key comes twice; 0, -1, -2. */
static int
check_rows(struct swt_db *db, struct pfile *f, struct swt_load *out)
{
	int k = 0;

	for (size_t i = 0; k == 0 && i < f->n; i++) {
		struct prow *r = &f->r[i];
		const struct prow *twice = given(f, r->v, i);

		if (keep_stored(f, r))
			return nomem(out);
		if (twice)
			return refuse(out, f->name, r->line, ptab[f->t].cols[
			    ptab[f->t].nkey - 1], "given before, on line %ld",
			    twice->line);
		k = f->t == SWT_PT_CODE ? check_code(f, r, out) :
		    f->t == SWT_PT_TERM ? check_term(db, f, r, out) :
		    check_retention(f, r, out);
	}
	return k;
}

/* Whether the file names the list; its first line, or 0. */
static long
list_line(const struct pfile *f, const char *list)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->r[i].v[0], list))
			return f->r[i].line;
	return 0;
}

/* A stored row the file replaces: may it go?  0, -1, -2. */
static int
may_remove(struct swt_db *db, struct pfile *f, const struct prow *o,
    struct swt_load *out)
{
	const struct list_kind *k;

	if (f->t == SWT_PT_TERM)
		return term_in_use(db, f, o->v[0], f->hline, "give it in the "
		    "file", out);
	if (f->t != SWT_PT_CODE)
		return 0;
	if ((k = list_kind(o->v[0])) && k->fixed)
		return refuse(out, f->name, list_line(f, o->v[0]), "code",
		    "'%s' is missing: %s is swt's own list, whose codes stay",
		    o->v[1], o->v[0]);
	for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
		if (!strcmp(kept[i][0], o->v[0]) && !strcmp(kept[i][1],
		    o->v[1]))
			return refuse(out, f->name, list_line(f, o->v[0]),
			    "code", "'%s' is missing: it chooses %s (SPEC 5), "
			    "so it stays", o->v[1], kept[i][2]);
	return 0;
}

/* Store the rows; with replace, remove those the file leaves out. */
static int
apply(struct swt_db *db, struct pfile *f, int replace, struct swt_load *out)
{
	int k;

	for (size_t i = 0; replace && i < f->nold; i++) {
		const struct prow *o = &f->old[i];

		if (given(f, o->v, f->n) || (f->t == SWT_PT_CODE &&
		    !list_line(f, o->v[0])))
			continue;
		if ((k = may_remove(db, f, o, out)) != 0)
			return k;
		if (swt_db_prow_delete(db, f->t, (const char *const *)o->v))
			return dberr(db, out);
		out->removed++;
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct prow *o = stored(f, f->r[i].v);
		size_t c = 0;

		while (o && c < ptab[f->t].ncols && !strcmp(o->v[c],
		    f->r[i].v[c]))
			c++;
		if (o && c == ptab[f->t].ncols) {
			out->same++;
			continue;
		}
		if (swt_db_prow_put(db, f->t, (const char *const *)f->r[i].v))
			return dberr(db, out);
		if (o)
			out->changed++;
		else
			out->added++;
	}
	return 0;
}

/* Orphans: each stored code still in its list (SPEC 5).  0, -1, -2. */
struct orphan {
	const struct swt_codes *cs;
	const char *list;
	int set;
	char bad[64];
};

static int
orphan_value(void *ctx, size_t n, char *const *v)
{
	struct orphan *o = ctx;

	(void)n;
	if (o->set)
		return !swt_codes_set(o->cs, o->list, v[0], o->bad,
		    sizeof o->bad);
	swt_fmt(o->bad, sizeof o->bad, "%s", v[0]);
	return swt_codes_get(o->cs, o->list, v[0]) == NULL;
}

static int
orphans(struct swt_db *db, struct pfile *f, struct swt_load *out)
{
	struct orphan o = { 0 };
	struct swt_codes *now = swt_db_codes(db);
	const char *col;
	int k = 0;

	if (!now)
		return dberr(db, out);
	o.cs = now;
	for (size_t i = 0; k == 0 && (col = swt_db_code_column(i, &o.list,
	    &o.set)); i++) {
		if (!list_line(f, o.list))
			continue;
		*o.bad = '\0';
		if (swt_db_code_uses(db, i, orphan_value, &o) == 0)
			continue;
		if (!*o.bad)
			k = dberr(db, out);
		else
			k = refuse(out, f->name, list_line(f, o.list), "code",
			    "'%s' of %s is missing, and %s still holds it: "
			    "keep it in the list", swt_code_like(o.bad) ?
			    o.bad : "?", o.list, col);
	}
	swt_codes_free(now);
	return k;
}

/* Every law, refused and broken_off has a retention term (SPEC 8). */
static int
covered(struct swt_db *db, struct pfile *f, struct swt_load *out)
{
	static const char *const what[] = { "wmo", "jeugdwet",
		"participatiewet", "leerplichtwet", "refused", "broken_off" };
	struct pfile now = { .t = f->t };
	int k = 0;

	if (swt_db_prow_each(db, f->t, old_row, &now))
		k = dberr(db, out);
	for (size_t i = 0; k == 0 && i < sizeof what / sizeof *what; i++) {
		size_t j = 0;

		while (j < now.nold && strcmp(now.old[j].v[0], what[i]))
			j++;
		if (j == now.nold)
			k = refuse(out, f->name, f->hline, "what", "no term "
			    "for %s: a dossier without one would be kept for "
			    "ever", what[i]);
	}
	rows_free(now.old, now.nold);
	return k;
}

/* One entry for the file: its name if code-like, its hash and counts. */
static int
audit(struct swt_db *db, const struct pfile *f, const char *path,
    int replace, const struct swt_load *was, struct swt_load *out)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char detail[256];

	swt_fmt(detail, sizeof detail, "sha256 %s; %zu read, %ld new, %ld "
	    "changed, %ld unchanged, %ld removed%s", f->sha, f->n,
	    out->added - was->added, out->changed - was->changed,
	    out->same - was->same, out->removed - was->removed, replace ?
	    "; replace" : "");
	if (swt_db_audit(db, swt_prog, "load", ptab[f->t].entity,
	    swt_code_like(base) ? base : "(name not logged)", detail))
		return dberr(db, out);
	return 0;
}

/* One file into the open transaction, counted into *out. */
static int
load_part(struct swt_db *db, enum swt_ptable t, const char *path,
    int replace, struct swt_load *out)
{
	struct pfile f = { .t = t, .name = path };
	struct swt_load was = *out;
	int k;

	if (!(f.cs = swt_db_codes(db)) || swt_db_prow_each(db, t, old_row,
	    &f))
		k = dberr(db, out);
	else if ((k = read_rows(&f, path, out)) == 0 &&
	    (k = check_rows(db, &f, out)) == 0 &&
	    (k = apply(db, &f, replace, out)) == 0) {
		if (t == SWT_PT_CODE)
			k = orphans(db, &f, out);
		else if (t == SWT_PT_RETENTION)
			k = covered(db, &f, out);
	}
	out->read += (long)f.n;
	if (k == 0)
		k = audit(db, &f, path, replace, &was, out);
	pfile_free(&f);
	return k;
}

/* The end of a load's transaction: committed, or on a refusal nothing. */
static int
settle(struct swt_db *db, struct swt_load *out, int k)
{
	if (k != 0) {
		swt_db_rollback(db);
		return k;
	}
	return swt_db_commit(db) ? dberr(db, out) : 0;
}

int
swt_ptable_load(struct swt_db *db, enum swt_ptable t, const char *path,
    int replace, struct swt_load *out)
{
	memset(out, 0, sizeof *out);
	if (swt_db_begin(db))
		return dberr(db, out);
	return settle(db, out, load_part(db, t, path, replace, out));
}

/*
 * Partners (swt-refer(1)): each record adds a partner or updates the
 * stored one, audited as --load-partners does; an active partner the
 * file leaves out is retired (active no), never deleted: its referrals
 * keep it.
 */
struct partners {
	char **ids;
	size_t n, cap;
	struct swt_db *db;
	int k;
	struct swt_load *out;
};

static int
note_id(struct partners *ps, const char *id)
{
	char **p;

	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 32;
		if (!(p = realloc(ps->ids, ps->cap * sizeof *p)))
			return -1;
		ps->ids = p;
	}
	return (ps->ids[ps->n] = strdup(id)) ? (ps->n++, 0) : -1;
}

static int
retire(void *ctx, char *const *v)
{
	struct partners *ps = ctx;
	struct swt_partner p = { 0 };
	struct swt_partner_out po;
	const char *field;
	char why[128];

	for (size_t i = 0; i < ps->n; i++)
		if (!strcmp(ps->ids[i], v[PF_PARTNER_ID]))
			return 0;
	if (!v[PF_ACTIVE] || strcmp(v[PF_ACTIVE], "yes"))
		return 0;
	p.v[PF_PARTNER_ID] = v[PF_PARTNER_ID];
	p.v[PF_ACTIVE] = "no";
	p.has[PF_PARTNER_ID] = p.has[PF_ACTIVE] = 1;
	if (swt_partner_store(ps->db, &p, &po, &field, why, sizeof why)) {
		ps->k = dberr(ps->db, ps->out);
		return 1;
	}
	ps->out->changed++;
	return 0;
}

static int
partner_rec(struct partners *ps, struct swt_codes *cs, const char *path,
    const int *map, const struct swt_rec *rec)
{
	struct swt_partner p = { 0 };
	struct swt_partner_out po;
	const char *field = "record";
	char why[256];
	int k;

	for (int f = 0; f < PF_N; f++) {
		p.has[f] = map[f] >= 0;
		p.v[f] = p.has[f] ? rec->f[map[f]] : NULL;
	}
	k = *rec->err ? -1 : swt_partner_check(&p, cs, &field, why,
	    sizeof why);
	if (k == 0)
		k = swt_partner_store(ps->db, &p, &po, &field, why,
		    sizeof why);
	if (k == -2)
		return dberr(ps->db, ps->out);
	if (k)
		return refuse(ps->out, path, rec->line, field, "%s",
		    *rec->err ? rec->err : why);
	ps->out->read++;
	ps->out->added += po.res == SWT_INTAKE_NEW;
	ps->out->changed += po.res == SWT_INTAKE_UPDATED;
	ps->out->same += po.res != SWT_INTAKE_NEW &&
	    po.res != SWT_INTAKE_UPDATED;
	return note_id(ps, p.v[PF_PARTNER_ID]) ? nomem(ps->out) : 0;
}

static int
load_partners(struct swt_db *db, const char *path, struct swt_load *out)
{
	struct partners ps = { .db = db, .out = out };
	struct swt_codes *cs = swt_db_codes(db);
	struct swt_reader *rd;
	struct swt_rec rec;
	int map[PF_N], k = 0;

	if (!cs)
		return dberr(db, out);
	if (!(rd = swt_reader_open(path, NULL, out->err, sizeof out->err))) {
		swt_codes_free(cs);
		return -1;
	}
	swt_entity_map(&swt_partner_entity, swt_reader_nfields(rd),
	    swt_reader_header(rd), map);
	if (map[PF_PARTNER_ID] < 0)
		k = refuse(out, path, swt_reader_header_line(rd), "partner_id",
		    "no such field in the header: every partner needs its id");
	while (k == 0 && (k = swt_reader_read(rd, &rec)) == 1)
		k = partner_rec(&ps, cs, path, map, &rec);
	if (k < 0 && !*out->err) {
		long line;
		const char *why = swt_reader_error(rd, &line);

		k = refuse(out, path, line, "record", "%s", why);
	}
	if (k == 0 && swt_db_partners(db, retire, &ps) && ps.k == 0)
		k = dberr(db, out);
	if (k == 0)
		k = ps.k;
	for (size_t i = 0; i < ps.n; i++)
		free(ps.ids[i]);
	free(ps.ids);
	swt_reader_close(rd);
	swt_codes_free(cs);
	return k;
}

/* The triage rules (refmap 0) or the referral map a profile gives. */
static const char *const rule_keys[] = { "rules", "referrals" };

/*
 * Checked against the code lists as they now are, then kept in the
 * database (meta): swt-triage and swt-refer --propose use them.
 */
static int
load_rules(struct swt_db *db, const char *path, int refmap,
    struct swt_load *out)
{
	struct swt_codes *cs = swt_db_codes(db);
	struct swt_rules *rs = NULL;
	char *text = NULL;
	size_t len;
	int k = -1;

	if (!cs)
		return dberr(db, out);
	if (swt_rules_text(path, &text, &len, out->err, sizeof out->err) == 0 &&
	    (rs = (refmap ? swt_refmap_parse : swt_rules_parse)(text, len,
	    path, cs, out->err, sizeof out->err)))
		k = swt_db_meta_put(db, rule_keys[refmap], text) ?
		    dberr(db, out) : 0;
	swt_rules_free(rs);
	free(text);
	swt_codes_free(cs);
	return k;
}

int
swt_profile_rules(struct swt_db *db, int refmap, const struct swt_codes *cs,
    struct swt_rules **rs, char *err, size_t errlen)
{
	char *text, name[64];
	int k;

	*rs = NULL;
	if ((k = swt_db_meta_text(db, rule_keys[refmap], &text)) <= 0) {
		if (k < 0)
			swt_fmt(err, errlen, "%s", swt_db_errmsg(db));
		return k;
	}
	swt_fmt(name, sizeof name, "the database's %s", rule_keys[refmap]);
	*rs = (refmap ? swt_refmap_parse : swt_rules_parse)(text,
	    strlen(text), name, cs, err, errlen);
	free(text);
	return *rs ? 1 : -1;
}

/* The parts of a profile, in the order they load: lists first. */
static const char *const parts[] = { "codes", "terms", "retention-terms",
	"partners", "rules", "referrals" };

static int
load_one(struct swt_db *db, size_t i, const char *path,
    struct swt_load *out)
{
	if (i < SWT_PT_N)
		return load_part(db, (enum swt_ptable)i, path, 1, out);
	if (i == SWT_PT_N)
		return load_partners(db, path, out);
	return load_rules(db, path, i > SWT_PT_N + 1, out);
}

int
swt_profile_load(struct swt_db *db, const char *dir, struct swt_load *out)
{
	const char *base = strrchr(dir, '/');
	char path[4096], names[128] = "", detail[256];
	int k = 0;

	struct stat st;

	memset(out, 0, sizeof *out);
	if (stat(dir, &st) != 0)
		return refuse(out, dir, 0, "profile", "%s", strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return refuse(out, dir, 0, "profile", "not a directory: a "
		    "profile is one");
	if (swt_db_begin(db))
		return dberr(db, out);
	for (size_t i = 0; k == 0 && i < sizeof parts / sizeof *parts; i++) {
		swt_fmt(path, sizeof path, "%s/%s", dir, parts[i]);
		if (access(path, F_OK) != 0 && errno == ENOENT)
			continue;	/* that part stays as it is */
		swt_names_add(names, sizeof names, parts[i]);
		k = load_one(db, i, path, out);
	}
	if (k == 0 && !*names)
		k = refuse(out, dir, 0, "profile", "none of %s, %s, %s, %s, %s "
		    "and %s in it: not a profile", parts[0], parts[1],
		    parts[2], parts[3], parts[4], parts[5]);
	base = base && base[1] ? base + 1 : dir;
	swt_fmt(detail, sizeof detail, "%s; %ld read, %ld new, %ld changed, "
	    "%ld unchanged, %ld removed", names, out->read, out->added,
	    out->changed, out->same, out->removed);
	if (k == 0 && swt_db_audit(db, swt_prog, "load", "profile",
	    swt_code_like(base) ? base : "(name not logged)", detail))
		k = dberr(db, out);
	return settle(db, out, k);
}
