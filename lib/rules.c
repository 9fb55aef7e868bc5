/* rules.c - the triage decision table as data: parse and evaluate */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

/* The routes, light to heavy (002 4.2.3): the order is the mandate's. */
static const char *const routes[SWT_NROUTES] = {
	"advies", "sociale_basis", "eigen_inzet", "maatwerk"
};

/*
 * The fields a rule may name are the request's marked SWT_F_RULE; they are
 * indexed here as in swt_request_fields (RF_*).  A referral map's rules
 * may also name the triage's outcome, route and regie (SWT_COND_*).
 */
#define NRF SWT_COND_N
static const struct swt_field outcome[] = {
	{ "route", SWT_T_CODE, SWT_F_RULE, "route" },
	{ "regie", SWT_T_CODE, SWT_F_RULE, "regie" },
};
#define FIELD(i) ((i) < RF_N ? &swt_request_fields[i] : &outcome[(i) - RF_N])


enum { N_AND, N_OR, N_NOT, N_CMP, N_IN, N_HAS };
enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

struct node {
	int kind, op, field;	/* field: RF_* */
	int l, r;		/* children */
	int neg;		/* not in */
	long num;		/* SWT_T_INT operand */
	char *str;		/* SWT_T_CODE, SWT_T_YESNO operand */
	char **strs;		/* in (...) */
	long *nums;
	size_t nv;
	uint64_t mask;		/* has: bits of the flags named */
};

struct rule {
	char *id, *when, *route_s, *regie, *source, *reason;
	char *kind, *tier, *partner, *choice;	/* a referral map's */
	long line, whenline;
	int route;		/* rank, -1: sets no route */
	int cond;
};

struct require {
	int field;
	int cond;		/* -1: always */
	long line;
};

struct swt_rules {
	int map;		/* a referral map (swt_refmap_load), not triage */
	char *version;
	struct rule *rule;
	size_t n;
	struct require req[NRF];
	size_t nreq;
	char *route_regie[SWT_NROUTES];
	struct node *node;
	size_t nnode, capnode;
	int named[NRF];		/* the fields the conditions name */
	int used[NRF];		/* the same, as a list */
	size_t nused;
	char *flag[64];		/* the flags the rules name: bit i */
	size_t nflag;
};

/* One record's values, by field (RF_*). */
struct val {
	const char *s;		/* NULL: empty */
	long num;
	uint64_t set;
};

const char *
swt_route_name(int rank)
{
	return rank >= 0 && rank < SWT_NROUTES ? routes[rank] : "";
}

int
swt_route_rank(const char *s)
{
	for (int i = 0; s && i < SWT_NROUTES; i++)
		if (!strcmp(s, routes[i]))
			return i;
	return -1;
}

static int
field_index(const struct swt_rules *rs, const char *name)
{
	int i = swt_entity_field(&swt_request_entity, name);

	for (int k = RF_N; i < 0 && rs->map && k < NRF; k++)
		if (!strcmp(FIELD(k)->name, name))
			i = k;
	return i >= 0 && (FIELD(i)->flags & SWT_F_RULE) ? i : -1;
}

/* ---- the condition language ---- */

enum { K_END, K_WORD, K_STR, K_OP, K_LP, K_RP, K_COMMA };

struct parse {
	struct swt_rules *rs;
	const struct swt_codes *cs;
	const char *p;		/* the text still to read */
	int tok, op;		/* the current token */
	char word[128];
	int depth;
	char *err;
	size_t errlen;
	size_t first;		/* this condition's first node */
};

#define MAXNODES 1024		/* per condition: evaluation recurses */

static int perr(struct parse *ps, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
perr(struct parse *ps, const char *fmt, ...)
{
	va_list ap;

	if (!*ps->err) {
		va_start(ap, fmt);
		vsnprintf(ps->err, ps->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int
lex(struct parse *ps)
{
	const char *p = ps->p;
	size_t n = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	ps->word[0] = '\0';
	switch (*p) {
	case '\0':
		ps->tok = K_END;
		ps->p = p;
		return 0;
	case '(': ps->tok = K_LP; ps->p = p + 1; return 0;
	case ')': ps->tok = K_RP; ps->p = p + 1; return 0;
	case ',': ps->tok = K_COMMA; ps->p = p + 1; return 0;
	case '=': ps->tok = K_OP; ps->op = OP_EQ; ps->p = p + 1; return 0;
	case '!':
		if (p[1] != '=')
			return perr(ps, "'!' must be '!='");
		ps->tok = K_OP; ps->op = OP_NE; ps->p = p + 2;
		return 0;
	case '<': case '>':
		ps->tok = K_OP;
		ps->op = *p == '<' ? (p[1] == '=' ? OP_LE : OP_LT) :
		    (p[1] == '=' ? OP_GE : OP_GT);
		ps->p = p + (p[1] == '=' ? 2 : 1);
		return 0;
	case '"':
		for (p++; *p && *p != '"'; p++)
			if (n + 1 < sizeof ps->word)
				ps->word[n++] = *p;
		if (*p != '"')
			return perr(ps, "a quote is not closed");
		ps->word[n] = '\0';
		ps->tok = K_STR;
		ps->p = p + 1;
		return 0;
	}
	if (!isalnum((unsigned char)*p) && *p != '_') {
		char c[2] = { *p, '\0' };

		return perr(ps, "unexpected character '%s'", c);
	}
	while (isalnum((unsigned char)*p) || *p == '_' || *p == '.' ||
	    *p == '-') {
		if (n + 1 >= sizeof ps->word)
			return perr(ps, "a word is too long");
		ps->word[n++] = *p++;
	}
	ps->word[n] = '\0';
	ps->tok = K_WORD;
	ps->p = p;
	return 0;
}

static int
is_kw(const struct parse *ps, const char *kw)
{
	return ps->tok == K_WORD && !strcmp(ps->word, kw);
}

static int
new_node(struct parse *ps, int kind)
{
	struct swt_rules *rs = ps->rs;

	if (rs->nnode - ps->first >= MAXNODES)
		return perr(ps, "the condition is too long (at most 1024 "
		    "comparisons and operators)");
	if (rs->nnode == rs->capnode) {
		size_t cap = rs->capnode ? rs->capnode * 2 : 64;
		struct node *q = realloc(rs->node, cap * sizeof *q);

		if (!q)
			return perr(ps, "out of memory");
		rs->node = q;
		rs->capnode = cap;
	}
	memset(&rs->node[rs->nnode], 0, sizeof *rs->node);
	rs->node[rs->nnode].kind = kind;
	return (int)rs->nnode++;
}

/* Check one operand against its field's type; keep it in the node. */
static int
operand(struct parse *ps, int k, int in)
{
	struct node *nd = &ps->rs->node[k];
	const struct swt_field *f = FIELD(nd->field);
	const char *name = f->name, *w = ps->word;
	char why[200];
	long num;

	if (ps->tok != K_WORD && ps->tok != K_STR)
		return perr(ps, "a value is missing after '%s'", name);
	switch (f->type) {
	case SWT_T_INT:
		if (swt_int_parse(w, 0, 999999, &num)) {
			swt_fmt(why, sizeof why, "%s: '%s' is not a number",
			    name, w);
			return perr(ps, "%s", why);
		}
		if (in) {
			long *q = realloc(nd->nums, (nd->nv + 1) * sizeof *q);

			if (!q)
				return perr(ps, "out of memory");
			nd->nums = q;
			nd->nums[nd->nv++] = num;
		} else
			nd->num = num;
		return lex(ps);
	case SWT_T_YESNO:
		if (!(w = swt_yesno(w))) {
			swt_fmt(why, sizeof why, "%s: '%s' is not yes or no",
			    name, ps->word);
			return perr(ps, "%s", why);
		}
		break;
	case SWT_T_CODE:
	case SWT_T_SET:
		if (!swt_codes_get(ps->cs, f->list, w)) {
			swt_fmt(why, sizeof why, "%s: '%s' is not a %s code "
			    "(see swt-db codes %s)", name, w, f->list,
			    f->list);
			return perr(ps, "%s", why);
		}
		break;
	default:	/* no rule field is text, a date or person data */
		return perr(ps, "%s: not a field a rule can compare", name);
	}
	if (f->type == SWT_T_SET) {
		size_t i;

		for (i = 0; i < ps->rs->nflag; i++)
			if (!strcmp(ps->rs->flag[i], w))
				break;
		if (i == ps->rs->nflag) {
			if (i == 64)
				return perr(ps, "more than 64 flags");
			if (!(ps->rs->flag[i] = strdup(w)))
				return perr(ps, "out of memory");
			ps->rs->nflag++;
		}
		nd->mask |= (uint64_t)1 << i;
	} else if (in) {
		char **q = realloc(nd->strs, (nd->nv + 1) * sizeof *q);

		if (!q)
			return perr(ps, "out of memory");
		nd->strs = q;
		if (!(nd->strs[nd->nv] = strdup(w)))
			return perr(ps, "out of memory");
		nd->nv++;
	} else if (!(nd->str = strdup(w)))
		return perr(ps, "out of memory");
	return lex(ps);
}

/* ( v, v, ... ) after in or has */
static int
value_list(struct parse *ps, int k)
{
	if (ps->tok != K_LP)
		return operand(ps, k, 1);
	if (lex(ps))
		return -1;
	for (;;) {
		if (operand(ps, k, 1))
			return -1;
		if (ps->tok == K_RP)
			return lex(ps);
		if (ps->tok != K_COMMA)
			return perr(ps, "expected ',' or ')' in a list");
		if (lex(ps))
			return -1;
	}
}

static const char *const opname[] = { "=", "!=", "<", "<=", ">", ">=" };

static int
comparison(struct parse *ps)
{
	int k, f, neg = 0;
	enum swt_ftype t;
	const char *name;

	if (ps->tok != K_WORD)
		return perr(ps, "expected a field name");
	if ((f = field_index(ps->rs, ps->word)) < 0)
		return perr(ps, "unknown field '%s' (see swt-rules(5) for "
		    "the fields a rule may name)", ps->word);
	t = FIELD(f)->type;
	name = FIELD(f)->name;
	if ((k = new_node(ps, N_CMP)) < 0 || lex(ps))
		return -1;
	ps->rs->node[k].field = f;
	ps->rs->named[f] = 1;
	if (is_kw(ps, "not")) {
		neg = 1;
		if (lex(ps))
			return -1;
		if (!is_kw(ps, "in"))
			return perr(ps, "%s: 'not' here must be 'not in'",
			    name);
	}
	if (is_kw(ps, "in")) {
		if (t == SWT_T_SET)
			return perr(ps, "%s: a set takes 'has', not 'in'",
			    name);
		ps->rs->node[k].kind = N_IN;
		ps->rs->node[k].neg = neg;
		if (lex(ps) || value_list(ps, k))
			return -1;
		return k;
	}
	if (is_kw(ps, "has")) {
		if (t != SWT_T_SET)
			return perr(ps, "%s: 'has' is for the flags set; use "
			    "= or in", name);
		ps->rs->node[k].kind = N_HAS;
		if (lex(ps) || value_list(ps, k))
			return -1;
		return k;
	}
	if (ps->tok != K_OP)
		return perr(ps, "%s: expected = != < <= > >= in or has after "
		    "the field", name);
	if (t == SWT_T_SET)
		return perr(ps, "%s: a set takes 'has'", name);
	if (t != SWT_T_INT && ps->op != OP_EQ && ps->op != OP_NE) {
		char why[120];

		swt_fmt(why, sizeof why, "%s: '%s' compares numbers; %s is a "
		    "code: use = != or in", name, opname[ps->op], name);
		return perr(ps, "%s", why);
	}
	ps->rs->node[k].op = ps->op;
	if (lex(ps) || operand(ps, k, 0))
		return -1;
	return k;
}

static int disjunction(struct parse *ps);

static int
unary(struct parse *ps)
{
	int k, c, nested = is_kw(ps, "not") || ps->tok == K_LP;

	/* a level is a parenthesis or a not: SWT_RULES_DEPTH of them */
	if (nested && ++ps->depth > SWT_RULES_DEPTH)
		return perr(ps, "nested too deeply (more than %d levels)",
		    SWT_RULES_DEPTH);
	if (is_kw(ps, "not")) {
		if (lex(ps) || (c = unary(ps)) < 0 || (k = new_node(ps,
		    N_NOT)) < 0)
			return -1;
		ps->rs->node[k].l = c;
	} else if (ps->tok == K_LP) {
		if (lex(ps) || (k = disjunction(ps)) < 0)
			return -1;
		if (ps->tok != K_RP)
			return perr(ps, "expected ')'");
		if (lex(ps))
			return -1;
	} else
		k = comparison(ps);
	ps->depth -= nested;
	return k;
}

static int
binary(struct parse *ps, const char *kw, int kind, int (*sub)(struct parse *))
{
	int l, r, k;

	if ((l = sub(ps)) < 0)
		return -1;
	while (is_kw(ps, kw)) {
		if (lex(ps) || (r = sub(ps)) < 0 || (k = new_node(ps,
		    kind)) < 0)
			return -1;
		ps->rs->node[k].l = l;
		ps->rs->node[k].r = r;
		l = k;
	}
	return l;
}

static int
conjunction(struct parse *ps)
{
	return binary(ps, "and", N_AND, unary);
}

static int
disjunction(struct parse *ps)
{
	return binary(ps, "or", N_OR, conjunction);
}

/* Compile a condition: its root node, or -1 with err set. */
static int
compile(struct swt_rules *rs, const struct swt_codes *cs, const char *text,
    char *err, size_t errlen)
{
	struct parse ps = { rs, cs, text, 0, 0, "", 0, err, errlen,
		rs->nnode };
	int k;

	*err = '\0';
	if (lex(&ps))
		return -1;
	if (ps.tok == K_END)
		return perr(&ps, "the condition is empty");
	if ((k = disjunction(&ps)) < 0)
		return -1;
	if (ps.tok != K_END)
		return perr(&ps, "unexpected '%s' after the condition",
		    ps.word[0] ? ps.word : ps.tok == K_RP ? ")" :
		    ps.tok == K_LP ? "(" : ps.tok == K_COMMA ? "," : "=");
	return k;
}

static int
eval(const struct swt_rules *rs, int k, const struct val *v)
{
	const struct node *nd = &rs->node[k];
	const struct val *x;
	int hit = 0;

	switch (nd->kind) {
	case N_AND: return eval(rs, nd->l, v) && eval(rs, nd->r, v);
	case N_OR: return eval(rs, nd->l, v) || eval(rs, nd->r, v);
	case N_NOT: return !eval(rs, nd->l, v);
	}
	x = &v[nd->field];
	if (!x->s)	/* no value: equal to nothing */
		return nd->kind == N_CMP ? nd->op == OP_NE :
		    nd->kind == N_IN ? nd->neg : 0;
	if (nd->kind == N_HAS)
		return (x->set & nd->mask) != 0;
	if (nd->kind == N_IN) {
		for (size_t i = 0; i < nd->nv && !hit; i++)
			hit = nd->nums ? x->num == nd->nums[i] :
			    !strcmp(x->s, nd->strs[i]);
		return hit != nd->neg;
	}
	if (FIELD(nd->field)->type != SWT_T_INT)
		return !strcmp(x->s, nd->str) == (nd->op == OP_EQ);
	switch (nd->op) {
	case OP_EQ: return x->num == nd->num;
	case OP_NE: return x->num != nd->num;
	case OP_LT: return x->num < nd->num;
	case OP_LE: return x->num <= nd->num;
	case OP_GT: return x->num > nd->num;
	}
	return x->num >= nd->num;
}

/* ---- the rules file ---- */

void
swt_rules_free(struct swt_rules *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->nnode; i++) {
		struct node *nd = &rs->node[i];

		free(nd->str);
		for (size_t j = 0; nd->strs && j < nd->nv; j++)
			free(nd->strs[j]);
		free(nd->strs);
		free(nd->nums);
	}
	free(rs->node);
	for (size_t i = 0; i < rs->n; i++) {
		struct rule *r = &rs->rule[i];

		free(r->id);
		free(r->when);
		free(r->route_s);
		free(r->regie);
		free(r->source);
		free(r->reason);
		free(r->kind);
		free(r->tier);
		free(r->partner);
		free(r->choice);
	}
	free(rs->rule);
	for (size_t i = 0; i < rs->nflag; i++)
		free(rs->flag[i]);
	for (int i = 0; i < SWT_NROUTES; i++)
		free(rs->route_regie[i]);
	free(rs->version);
	free(rs);
}

/* Append text to *dst, joined by a space: continued lines. */
static int
append(char **dst, const char *text)
{
	size_t a = *dst ? strlen(*dst) : 0, b = strlen(text);
	char *s = realloc(*dst, a + b + 2);

	if (!s)
		return -1;
	if (a)
		s[a++] = ' ';
	memcpy(s + a, text, b + 1);
	*dst = s;
	return 0;
}

/* Split "word rest": word is NUL-terminated in place, *rest trimmed. */
static char *
word(char *s, char **rest)
{
	char *w;

	while (*s == ' ' || *s == '\t')
		s++;
	w = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	*rest = s;
	return w;
}

static int
valid_id(const char *s)
{
	if (!*s || strlen(s) > 32)
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '_')
			return 0;
	return 1;
}

#define FAIL(...) do { swt_fmt(err, errlen, __VA_ARGS__); goto fail; } \
	while (0)

/* Where an attribute of a rule goes: triage's or a referral map's. */
static char **
slot(struct rule *r, int map, const char *key)
{
	if (!strcmp(key, "when"))
		return &r->when;
	if (!strcmp(key, "source"))
		return &r->source;
	if (!strcmp(key, "reason"))
		return &r->reason;
	if (!map)
		return !strcmp(key, "route") ? &r->route_s :
		    !strcmp(key, "regie") ? &r->regie : NULL;
	return !strcmp(key, "kind") ? &r->kind : !strcmp(key, "tier") ?
	    &r->tier : !strcmp(key, "partner") ? &r->partner :
	    !strcmp(key, "choice") ? &r->choice : NULL;
}

/* partner a|b|c: partner ids, as the registry spells them */
static int
valid_ids(const char *s)
{
	char id[40];

	while (*s) {
		size_t n = strcspn(s, "|");

		if (n >= sizeof id)
			return 0;
		memcpy(id, s, n);
		id[n] = '\0';
		if (!valid_id(id))
			return 0;
		s += n + (s[n] == '|');
	}
	return 1;
}

/* A referral map's values: a kind (or none), a tier, partners, a choice. */
static int
map_value(struct rule *r, char **dst, const struct swt_codes *cs, long line,
    const char *v, const char *name, char *err, size_t errlen)
{
	if (dst == &r->kind && strcmp(v, "none") &&
	    !swt_codes_get(cs, "referral_kind", v))
		FAIL("%s:%ld: rule %s: kind: '%s' is not a referral kind (see "
		    "swt-db codes referral_kind) or none", name, line, r->id, v);
	if (dst == &r->tier && !swt_codes_get(cs, "tier", v))
		FAIL("%s:%ld: rule %s: tier: '%s' is not a tier (see swt-db "
		    "codes tier)", name, line, r->id, v);
	if (dst == &r->partner && !valid_ids(v))
		FAIL("%s:%ld: rule %s: partner: '%s' is not a list of partner "
		    "ids (a-z, 0-9, _; separated by |)", name, line, r->id, v);
	if (dst == &r->choice && strcmp(v, "swt") && strcmp(v, "inwoner"))
		FAIL("%s:%ld: rule %s: choice: '%s' is not swt or inwoner",
		    name, line, r->id, v);
	return 0;
fail:
	return -1;
}

/* The attribute lines of a rule. */
static int
attribute(struct rule *r, int map, const struct swt_codes *cs, long line,
    char *s, const char *name, char *err, size_t errlen)
{
	char *rest, *key = word(s, &rest);
	char **dst = slot(r, map, key);

	if (!dst)
		FAIL("%s:%ld: rule %s: unknown attribute '%s' (%s)", name,
		    line, r->id, key, map ? "when, kind, tier, partner, choice, "
		    "source or reason" : "when, route, regie, source or reason");
	if (dst == &r->when && !r->whenline)
		r->whenline = line;
	if (!*rest)
		FAIL("%s:%ld: rule %s: %s: no value", name, line, r->id, key);
	if (*dst && dst != &r->when && dst != &r->reason &&
	    dst != &r->source)
		FAIL("%s:%ld: rule %s: %s given twice", name, line, r->id, key);
	if (append(dst, rest))
		FAIL("out of memory");
	if (dst == &r->route_s && (r->route = swt_route_rank(rest)) < 0)
		FAIL("%s:%ld: rule %s: route: '%s' is not a route (advies, "
		    "sociale_basis, eigen_inzet, maatwerk)", name, line, r->id,
		    rest);
	if (dst == &r->regie && !swt_codes_get(cs, "regie", rest))
		FAIL("%s:%ld: rule %s: regie: '%s' is not a regie code (see "
		    "swt-db codes regie)", name, line, r->id, rest);
	return map ? map_value(r, dst, cs, line, rest, name, err, errlen) : 0;
fail:
	return -1;
}

static int
finish_rule(struct swt_rules *rs, const struct swt_codes *cs, struct rule *r,
    const char *name, char *err, size_t errlen)
{
	char why[256];

	if (!r->when)
		FAIL("%s:%ld: rule %s: no 'when' condition", name, r->line,
		    r->id);
	if (!rs->map && !r->route_s && !r->regie)
		FAIL("%s:%ld: rule %s: sets neither a route nor a regie",
		    name, r->line, r->id);
	if (rs->map && !r->kind)
		FAIL("%s:%ld: rule %s: no 'kind' (a referral kind, or none)",
		    name, r->line, r->id);
	if (rs->map && strcmp(r->kind, "none") && !r->tier)
		FAIL("%s:%ld: rule %s: no 'tier': the partners to choose from",
		    name, r->line, r->id);
	if (rs->map && !strcmp(r->kind, "none") && (r->tier || r->partner ||
	    r->choice))
		FAIL("%s:%ld: rule %s: kind none refers to no partner: no tier, "
		    "partner or choice", name, r->line, r->id);
	if (!r->source)
		FAIL("%s:%ld: rule %s: no 'source' (the section of the "
		    "mandate it comes from)", name, r->line, r->id);
	if (!r->reason)
		FAIL("%s:%ld: rule %s: no 'reason' text", name, r->line, r->id);
	if ((r->cond = compile(rs, cs, r->when, why, sizeof why)) < 0)
		FAIL("%s:%ld: rule %s: when: %s", name, r->whenline, r->id,
		    why);
	return 0;
fail:
	return -1;
}

/* Triage's rules (map 0) or a referral map (1): the same file format. */
static struct swt_rules *
parse(const char *text, size_t len, const char *name, int map,
    const struct swt_codes *cs, char *err, size_t errlen)
{
	struct swt_rules *rs = calloc(1, sizeof *rs);
	struct rule *cur = NULL;
	char *buf = NULL, *s, *next, why[256];
	long line = 0;
	size_t cap = 0;

	if (!rs || !(buf = malloc(len + 1)))
		FAIL("out of memory");
	rs->map = map;
	memcpy(buf, text, len);
	buf[len] = '\0';
	/* a byte order mark is skipped */
	s = len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3) ? buf + 3 : buf;
	for (; s; s = next) {
		char *rest, *key;
		size_t n;

		line++;
		if ((next = memchr(s, '\n', len - (size_t)(s - buf))))
			*next++ = '\0';
		n = strlen(s);
		if (s + n != (next ? next - 1 : buf + len))
			FAIL("%s:%ld: a NUL byte in the file", name, line);
		if (!swt_utf8_valid(s, n))
			FAIL("%s:%ld: not UTF-8", name, line);
		while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' ||
		    s[n - 1] == '\t'))
			s[--n] = '\0';
		key = s + strspn(s, " \t");
		if (!*key || *key == '#')
			continue;
		if (key != s) {
			if (!cur)
				FAIL("%s:%ld: an indented line outside a rule",
				    name, line);
			if (attribute(cur, rs->map, cs, line, s, name, err, errlen))
				goto fail;
			continue;
		}
		key = word(s, &rest);
		if (!strcmp(key, "version")) {
			if (rs->version)
				FAIL("%s:%ld: version given twice", name, line);
			if (!*rest || strlen(rest) > 64 ||
			    strpbrk(rest, " \t"))
				FAIL("%s:%ld: version: one word of at most 64 "
				    "characters", name, line);
			if (!(rs->version = strdup(rest)))
				FAIL("out of memory");
		} else if (!map && !strcmp(key, "route_regie")) {
			char *rg, *route = word(rest, &rg);
			int k = swt_route_rank(route);

			if (k < 0)
				FAIL("%s:%ld: route_regie: '%s' is not a route",
				    name, line, route);
			if (!swt_codes_get(cs, "regie", rg))
				FAIL("%s:%ld: route_regie: '%s' is not a regie "
				    "code", name, line, rg);
			if (rs->route_regie[k])
				FAIL("%s:%ld: route_regie: %s given twice",
				    name, line, route);
			if (!(rs->route_regie[k] = strdup(rg)))
				FAIL("out of memory");
		} else if (!map && !strcmp(key, "require")) {
			char *cond, *fname = word(rest, &cond);
			struct require *rq = &rs->req[rs->nreq];
			int f = field_index(rs, fname);

			if (f < 0)
				FAIL("%s:%ld: require: unknown field '%s'",
				    name, line, fname);
			if (rs->nreq == NRF)
				FAIL("%s:%ld: require: too many", name, line);
			rq->field = f;
			rs->named[f] = 1;
			rq->line = line;
			rq->cond = -1;
			if (*cond) {
				char *c2, *kw = word(cond, &c2);

				if (strcmp(kw, "when"))
					FAIL("%s:%ld: require %s: expected "
					    "'when' after the field", name,
					    line, fname);
				if ((rq->cond = compile(rs, cs, c2, why,
				    sizeof why)) < 0)
					FAIL("%s:%ld: require %s: %s", name,
					    line, fname, why);
			}
			rs->nreq++;
		} else if (!strcmp(key, "rule")) {
			if (cur && finish_rule(rs, cs, cur, name, err, errlen))
				goto fail;
			if (!valid_id(rest))
				FAIL("%s:%ld: rule: '%s' is not an id (a-z, 0-9, "
				    "_; at most 32)", name, line, rest);
			for (size_t i = 0; i < rs->n; i++)
				if (!strcmp(rs->rule[i].id, rest))
					FAIL("%s:%ld: rule %s: the id is used "
					    "on line %ld", name, line, rest,
					    rs->rule[i].line);
			if (rs->n == SWT_RULES_MAX)
				FAIL("%s:%ld: more than %d rules", name, line,
				    SWT_RULES_MAX);
			if (rs->n == cap) {
				struct rule *q;

				cap = cap ? cap * 2 : 16;
				if (!(q = realloc(rs->rule, cap * sizeof *q)))
					FAIL("out of memory");
				rs->rule = q;
			}
			cur = &rs->rule[rs->n++];
			memset(cur, 0, sizeof *cur);
			cur->line = line;
			cur->route = -1;	/* sets no route */
			if (!(cur->id = strdup(rest)))
				FAIL("out of memory");
		} else
			FAIL("%s:%ld: unknown line '%s' (version, %srule; "
			    "attributes are indented)", name, line, key, map ?
			    "" : "route_regie, require or ");
	}
	if (cur && finish_rule(rs, cs, cur, name, err, errlen))
		goto fail;
	if (!rs->version)
		FAIL("%s: no version line (%s)", name, map ? "it names the "
		    "map in use" : "it is stored with every decision");
	if (!rs->n)
		FAIL("%s: no rules", name);
	for (int i = 0; i < SWT_NROUTES && !map; i++)
		if (!rs->route_regie[i])
			FAIL("%s: no route_regie line for %s", name, routes[i]);
	for (int i = 0; i < NRF; i++)
		if (rs->named[i])
			rs->used[rs->nused++] = i;
	free(buf);
	return rs;
fail:
	free(buf);
	swt_rules_free(rs);
	return NULL;
}

struct swt_rules *
swt_rules_parse(const char *text, size_t len, const char *name,
    const struct swt_codes *cs, char *err, size_t errlen)
{
	return parse(text, len, name, 0, cs, err, errlen);
}

struct swt_rules *
swt_refmap_parse(const char *text, size_t len, const char *name,
    const struct swt_codes *cs, char *err, size_t errlen)
{
	return parse(text, len, name, 1, cs, err, errlen);
}

int
swt_rules_text(const char *path, char **textp, size_t *lenp, char *err,
    size_t errlen)
{
	FILE *fp = fopen(path, "r");
	char *text = NULL;
	size_t len = 0, cap = 0, k;
	int rc = -1;

	if (!fp) {
		swt_fmt(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	do {
		if (cap - len < 4096) {
			char *q;

			cap = cap ? cap * 2 : 16384;
			if (cap > (1 << 24) || !(q = realloc(text, cap))) {
				swt_fmt(err, errlen, "%s: too large for a "
				    "rules file", path);
				goto out;
			}
			text = q;
		}
		k = fread(text + len, 1, cap - len, fp);
		len += k;
	} while (k > 0);
	if (ferror(fp))
		swt_fmt(err, errlen, "%s: %s", path, strerror(errno));
	else {
		text[len] = '\0';	/* room is left: cap - len >= 4096 */
		*textp = text;
		*lenp = len;
		text = NULL;
		rc = 0;
	}
out:
	fclose(fp);
	free(text);
	return rc;
}

static struct swt_rules *
load(const char *path, int map, const struct swt_codes *cs, char *err,
    size_t errlen)
{
	char *text;
	size_t len;
	struct swt_rules *rs;

	if (swt_rules_text(path, &text, &len, err, errlen))
		return NULL;
	rs = parse(text, len, path, map, cs, err, errlen);
	free(text);
	return rs;
}

struct swt_rules *
swt_rules_load(const char *path, const struct swt_codes *cs, char *err,
    size_t errlen)
{
	return load(path, 0, cs, err, errlen);
}

struct swt_rules *
swt_refmap_load(const char *path, const struct swt_codes *cs, char *err,
    size_t errlen)
{
	return load(path, 1, cs, err, errlen);
}

int
swt_rules_names(const struct swt_rules *rs, int rf)
{
	return rf >= 0 && rf < NRF && rs->named[rf];
}

const char *
swt_rules_version(const struct swt_rules *rs)
{
	return rs->version;
}

size_t
swt_rules_count(const struct swt_rules *rs)
{
	return rs->n;
}

struct swt_rule_info
swt_rules_info(const struct swt_rules *rs, size_t i)
{
	const struct rule *r = &rs->rule[i];

	return (struct swt_rule_info){ r->id, r->when, r->route_s, r->regie,
	    r->source, r->reason, r->line, r->kind, r->tier, r->partner,
	    r->choice };
}

/* ---- one decision ---- */

/* One record's values as the rules see them; empty fields have none. */
static void
values(const struct swt_rules *rs, const char *const *v, struct val *x)
{
	for (size_t k = 0; k < rs->nused; k++) {
		int i = rs->used[k];
		const struct swt_field *f = FIELD(i);
		const char *s = v[i];

		x[i].s = s && *s ? s : NULL;
		x[i].num = 0;
		x[i].set = 0;
		if (!x[i].s)
			continue;
		if (f->type == SWT_T_INT)	/* checked: digits */
			for (; *s >= '0' && *s <= '9' && x[i].num < 1000000; s++)
				x[i].num = x[i].num * 10 + (*s - '0');
		else if (f->type == SWT_T_SET)
			while (*s) {
				size_t n = strcspn(s, "|");

				for (size_t j = 0; j < rs->nflag; j++)
					if (strlen(rs->flag[j]) == n &&
					    !memcmp(rs->flag[j], s, n))
						x[i].set |= (uint64_t)1 << j;
				s += n;
				if (*s)
					s++;
			}
	}
}

/* What an empty field means to the rules (SPEC 6): no, none, 0. */
static void
defaults(const struct swt_rules *rs, struct val *x)
{
	for (size_t k = 0; k < rs->nused; k++) {
		int i = rs->used[k];

		if (!x[i].s && FIELD(i)->dflt)
			x[i].s = FIELD(i)->dflt;	/* numbers: 0 */
	}
}

int
swt_rules_decide(const struct swt_rules *rs, const char *const *v,
    struct swt_verdict *out)
{
	struct val x[NRF];
	size_t k = 0;
	uint64_t missing = 0;	/* by field: each named once */

	out->missing[0] = '\0';
	out->nmatch = 0;
	out->route = -1;
	out->decider = -1;
	out->regie_rule = -1;
	values(rs, v, x);
	for (size_t i = 0; i < rs->nreq; i++) {
		const struct require *rq = &rs->req[i];

		if (x[rq->field].s || (rq->cond >= 0 && !eval(rs, rq->cond,
		    x)) || (missing & (uint64_t)1 << rq->field))
			continue;
		missing |= (uint64_t)1 << rq->field;
		k += (size_t)swt_fmt(out->missing + k, sizeof out->missing - k,
		    "%s%s", k ? " " : "", FIELD(rq->field)->name);
		if (k >= sizeof out->missing)
			break;
	}
	if (out->missing[0])
		return 0;
	defaults(rs, x);
	out->route = 0;	/* no rule: advies, as light as possible */
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rule[i];

		if (!eval(rs, r->cond, x))
			continue;
		out->match[out->nmatch++] = (int)i;
		if (rs->map && out->decider < 0)	/* the first decides */
			out->decider = (int)i;
		if (r->route >= 0 && (out->decider < 0 || r->route >
		    rs->rule[out->decider].route)) {
			out->decider = (int)i;
			out->route = r->route;
		}
		if (r->regie && out->regie_rule < 0)
			out->regie_rule = (int)i;
	}
	/* the deciding rule first, the others in the file's order */
	if (out->decider > 0)
		for (k = 0; k < out->nmatch; k++)
			if (out->match[k] == out->decider) {
				memmove(out->match + 1, out->match,
				    k * sizeof *out->match);
				out->match[0] = out->decider;
				break;
			}
	return 1;
}

const char *
swt_rules_regie(const struct swt_rules *rs, const struct swt_verdict *vd,
    int route)
{
	if (vd->regie_rule >= 0)
		return rs->rule[vd->regie_rule].regie;
	return route >= 0 && route < SWT_NROUTES ? rs->route_regie[route] :
	    "";
}

void
swt_rules_reasons(const struct swt_rules *rs, const struct swt_verdict *vd,
    char *buf, size_t len)
{
	size_t k = 0;

	buf[0] = '\0';
	if (vd->missing[0]) {
		swt_fmt(buf, len, "incomplete: %s", vd->missing);
		return;
	}
	for (size_t i = 0; i < vd->nmatch; i++) {
		const char *id = rs->rule[vd->match[i]].id;
		size_t n = strlen(id);

		if (k + n + 2 > len)
			break;
		if (i)
			buf[k++] = '|';
		memcpy(buf + k, id, n + 1);
		k += n;
	}
}
