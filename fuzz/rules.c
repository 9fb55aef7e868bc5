/* fuzz/rules.c - the rules parser and the decisions it makes, for triage
 * and as a referral map */
#include <stdint.h>
#include <stdlib.h>

#include "swt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The same text as a referral map, deciding on triaged records. */
static int
refmap(const uint8_t *data, size_t size, const struct swt_codes *cs)
{
	static const char *const recs[][SWT_COND_N] = {
		{ [RF_LIFE_DOMAIN] = "financien", [RF_FINANCIAL] = "complex",
		  [SWT_COND_ROUTE] = "maatwerk", [SWT_COND_REGIE] = "swt" },
		{ [RF_FLAGS] = "huiselijk_geweld", [SWT_COND_ROUTE] = "advies" },
	};
	struct swt_rules *rs;
	struct swt_verdict vd;
	char err[512], reasons[512];

	if (!(rs = swt_refmap_parse((const char *)data, size, "fuzz", cs, err,
	    sizeof err)))
		return 0;
	for (size_t i = 0; i < sizeof recs / sizeof *recs; i++) {
		swt_rules_decide(rs, recs[i], &vd);
		swt_rules_reasons(rs, &vd, reasons, sizeof reasons);
		/* the first rule that matches decides */
		if (vd.nmatch && (vd.decider < 0 ||
		    !swt_rules_info(rs, (size_t)vd.decider).kind))
			abort();
	}
	swt_rules_free(rs);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct swt_codes *cs;
	static const char *const recs[][RF_N] = {
		{ [RF_LAW] = "wmo", [RF_SERVICE] = "materieel",
		  [RF_LIFE_DOMAIN] = "basale_adl", [RF_ZRM] = "3",
		  [RF_FLAGS] = "suicidaliteit|huiselijk_geweld",
		  [RF_PARTIES_INVOLVED] = "2", [RF_STATUSHOUDER] = "yes" },
		{ [RF_LIFE_DOMAIN] = "financien", [RF_FINANCIAL] = "complex",
		  [RF_EXPECTED_CONTACTS] = "40" },
		{ [RF_LIFE_DOMAIN] = "opvoeding" },
	};
	struct swt_rules *rs;
	struct swt_verdict vd;
	char err[512], reasons[512];

	if (!cs && !(cs = swt_codes_defaults()))
		abort();
	if (!(rs = swt_rules_parse((const char *)data, size, "fuzz", cs, err,
	    sizeof err)))
		return 0;
	for (size_t i = 0; i < sizeof recs / sizeof *recs; i++) {
		int ok = swt_rules_decide(rs, recs[i], &vd);

		swt_rules_reasons(rs, &vd, reasons, sizeof reasons);
		if (ok && !*swt_rules_regie(rs, &vd, vd.route))
			abort();	/* a decided route always has a regie */
	}
	swt_rules_free(rs);
	return refmap(data, size, cs);
}
