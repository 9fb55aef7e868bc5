/* partner.c - the partner registry: a partner's fields and their rules */
#include <stdlib.h>
#include <string.h>

#include "swt.h"

/*
 * The fields of a partner (SPEC 5; swt-records(5)), in the order of enum
 * swt_pf and of the partner table's columns.  A partner's name is the
 * organisation's, not a person's.
 */
const struct swt_field swt_partner_fields[PF_N] = {
	[PF_PARTNER_ID] = { "partner_id", SWT_T_REF, SWT_F_KEY },
	[PF_NAME] = { "name", SWT_T_TEXT, SWT_F_NEW },
	[PF_TIER] = { "tier", SWT_T_CODE, SWT_F_NEW | SWT_F_HINT, "tier" },
	[PF_DOMAINS] = { "domains", SWT_T_SET, 0, "life_domain",
	    .what = "a life domain (see swt-db codes life_domain)" },
	[PF_DISTRICTS] = { "districts", SWT_T_SET, 0, "district",
	    .what = "a district (see swt-db codes district)" },
	[PF_RESPONSE_DAYS] = { "response_days", SWT_T_INT, 0, NULL, 0, 365,
	    "a number of working days (0-365)" },
	[PF_START_DAYS] = { "start_days", SWT_T_INT, 0, NULL, 0, 365,
	    "a number of working days (0-365)" },
	[PF_ACTIVE] = { "active", SWT_T_YESNO },
};

const struct swt_entity swt_partner_entity = { "partner",
	swt_partner_fields, PF_N };

/* Fields that always hold a value: an empty one keeps what is stored. */
static int
never_empty(int f)
{
	return f == PF_NAME || f == PF_TIER || f == PF_ACTIVE;
}

/*
 * A partner_id is named in the audit log and in referrals: lower-case
 * letters, digits and '_', as a code is.  Upper case is lowered.
 */
static int
check_id(struct swt_partner *p, const char **field, char *why, size_t whylen)
{
	const char *s = p->v[PF_PARTNER_ID];
	size_t n = strlen(s);
	char shown[64];

	*field = swt_partner_fields[PF_PARTNER_ID].name;
	if (n > SWT_PARTNER_ID_MAX) {
		swt_fmt(why, whylen, "%s is longer than %d characters",
		    swt_shown(*field, s, shown), SWT_PARTNER_ID_MAX);
		return -1;
	}
	for (size_t i = 0; i <= n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') &&
		    c != '_') {
			swt_fmt(why, whylen, "%s is not a partner id: "
			    "lower-case letters, digits and _ only",
			    swt_shown(*field, s, shown));
			return -1;
		}
		p->id[i] = c;
	}
	p->v[PF_PARTNER_ID] = p->id;
	return 0;
}

int
swt_partner_check(struct swt_partner *p, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen)
{
	if (swt_entity_check(&swt_partner_entity, p->v, p->buf, cs, field,
	    why, whylen))
		return -1;
	if (!p->v[PF_PARTNER_ID]) {
		*field = swt_partner_fields[PF_PARTNER_ID].name;
		swt_fmt(why, whylen, "missing: every partner needs its id");
		return -1;
	}
	return check_id(p, field, why, whylen);
}

static void
changed(struct swt_partner_out *out, const char *name)
{
	swt_names_add(out->changed, sizeof out->changed, name);
}

int
swt_partner_store(struct swt_db *db, const struct swt_partner *p,
    struct swt_partner_out *out, const char **field, char *why,
    size_t whylen)
{
	char *old[PF_N];
	const char *v[PF_N];
	int found, rc = -2;

	memset(out, 0, sizeof *out);
	if ((found = swt_db_partner_get(db, p->v[PF_PARTNER_ID], old)) < 0)
		return -2;
	/* the record's values over the stored ones, as SPEC 4 and above say */
	for (int f = 0; f < PF_N; f++)
		v[f] = p->has[f] && (p->v[f] || !never_empty(f)) ? p->v[f] :
		    found ? old[f] : NULL;
	if (!found) {
		for (int f = 0; f < PF_N; f++)
			if ((swt_partner_fields[f].flags & SWT_F_NEW) && !v[f]) {
				*field = swt_partner_fields[f].name;
				swt_fmt(why, whylen, "missing: required for a "
				    "new partner");
				return -1;
			}
		if (!v[PF_ACTIVE])
			v[PF_ACTIVE] = "yes";
		out->res = SWT_INTAKE_NEW;
		return swt_db_partner_put(db, v, 1) ? -2 : 0;
	}
	for (int f = 1; f < PF_N; f++)
		if (!swt_same(v[f], old[f]))
			changed(out, swt_partner_fields[f].name);
	if (!out->changed[0]) {
		out->res = SWT_INTAKE_UNCHANGED;
		rc = 0;
	} else {
		out->res = SWT_INTAKE_UPDATED;
		rc = swt_db_partner_put(db, v, 0) || swt_db_audit(db, swt_prog,
		    "update", "partner", v[PF_PARTNER_ID], out->changed) ?
		    -2 : 0;
	}
	swt_db_partner_free(old);
	return rc;
}
