/* propose.c - to whom a triaged request is referred: the registry's fit */
#include <stdlib.h>
#include <string.h>

#include "swt.h"

/* The active partners, in the registry's order; a buffer for candidates. */
struct swt_registry {
	char *(*p)[PF_N];
	size_t n, cap;
	char *cand;
	size_t candcap;
};

static int
keep(void *ctx, char *const *v)
{
	struct swt_registry *reg = ctx;

	if (!strcmp(v[PF_ACTIVE], "no"))	/* it takes no new referral */
		return 0;
	if (reg->n == reg->cap) {
		size_t cap = reg->cap ? reg->cap * 2 : 32;
		char *(*q)[PF_N] = realloc(reg->p, cap * sizeof *q);

		if (!q)
			return -1;
		reg->p = q;
		reg->cap = cap;
	}
	for (int f = 0; f < PF_N; f++)
		if (!(reg->p[reg->n][f] = strdup(v[f]))) {
			while (f--)
				free(reg->p[reg->n][f]);
			return -1;
		}
	reg->n++;
	return 0;
}

void
swt_registry_free(struct swt_registry *reg)
{
	if (!reg)
		return;
	for (size_t i = 0; i < reg->n; i++)
		for (int f = 0; f < PF_N; f++)
			free(reg->p[i][f]);
	free(reg->p);
	free(reg->cand);
	free(reg);
}

struct swt_registry *
swt_registry_load(struct swt_db *db)
{
	struct swt_registry *reg = calloc(1, sizeof *reg);

	if (reg && swt_db_partners(db, keep, reg) == 0)
		return reg;
	swt_registry_free(reg);
	return NULL;
}

/* Is code in the '|'-set?  An empty set, or no code, is all. */
static int
in_set(const char *set, const char *code)
{
	size_t n = code ? strlen(code) : 0;

	if (!*set || !n)
		return 1;
	while (*set) {
		size_t k = strcspn(set, "|");

		if (k == n && !memcmp(set, code, n))
			return 1;
		set += k + (set[k] == '|');
	}
	return 0;
}

/* The registry's partner of that id that fits, or -1. */
static long
named(const struct swt_registry *reg, const char *id, size_t len,
    const char *tier, const char *district)
{
	for (size_t i = 0; i < reg->n; i++)
		if (strlen(reg->p[i][PF_PARTNER_ID]) == len &&
		    !memcmp(reg->p[i][PF_PARTNER_ID], id, len) &&
		    !strcmp(reg->p[i][PF_TIER], tier) &&
		    in_set(reg->p[i][PF_DISTRICTS], district))
			return (long)i;
	return -1;
}

/* Add a partner to the candidates (a|b|...): 0, -1 no memory. */
static int
candidate(struct swt_registry *reg, size_t *k, const char *id)
{
	size_t n = strlen(id);

	if (*k + n + 2 > reg->candcap) {
		size_t cap = (*k + n + 2) * 2;
		char *q = realloc(reg->cand, cap);

		if (!q)
			return -1;
		reg->cand = q;
		reg->candcap = cap;
	}
	if (*k)
		reg->cand[(*k)++] = '|';
	memcpy(reg->cand + *k, id, n + 1);
	*k += n;
	return 0;
}

/* The first fit is proposed, unless the resident chooses: the rest are
 * candidates. */
static int
fit(struct swt_registry *reg, const struct swt_rule_info *ri, long i,
    size_t *k, struct swt_proposal *out)
{
	const char *id = reg->p[i][PF_PARTNER_ID];

	if (!*out->partner && strcmp(ri->choice ? ri->choice : "", "inwoner"))
		out->partner = id;
	else if (candidate(reg, k, id))
		return -1;
	return 0;
}

int
swt_propose(struct swt_registry *reg, const struct swt_rule_info *ri,
    const char *domain, const char *district, struct swt_proposal *out)
{
	size_t k = 0;

	out->kind = strcmp(ri->kind, "none") ? ri->kind : "";
	out->partner = "";
	if (candidate(reg, &k, ""))	/* an empty list to start */
		return -1;
	if (!*out->kind)
		;
	else if (ri->partner)	/* the partners named, in their order */
		for (const char *s = ri->partner; *s; ) {
			size_t n = strcspn(s, "|");
			long i = named(reg, s, n, ri->tier, district);

			if (i >= 0 && fit(reg, ri, i, &k, out))
				return -1;
			s += n + (s[n] == '|');
		}
	else
		for (size_t i = 0; i < reg->n; i++)
			if (!strcmp(reg->p[i][PF_TIER], ri->tier) &&
			    in_set(reg->p[i][PF_DOMAINS], domain) &&
			    in_set(reg->p[i][PF_DISTRICTS], district) &&
			    fit(reg, ri, (long)i, &k, out))
				return -1;
	out->candidates = reg->cand;
	return 0;
}
