/* request.c - the fields of a support request and their checks */
#include <string.h>

#include "swt.h"

/*
 * The fields of a request (SPEC 5, 6; swt-records(5)), in the order of
 * enum swt_rf: what each is, and so how it is checked, stored and shown.
 */
const struct swt_field swt_request_fields[RF_N] = {
	[RF_REF] = { "ref", SWT_T_REF, SWT_F_KEY },
	[RF_RECEIVED_AT] = { "received_at", SWT_T_DATE, SWT_F_NEW },
	[RF_KIND] = { "kind", SWT_T_CODE, SWT_F_RULE | SWT_F_HINT, "kind" },
	[RF_CHANNEL] = { "channel", SWT_T_CODE, SWT_F_RULE | SWT_F_HINT,
	    "channel" },
	[RF_SOURCE] = { "source", SWT_T_CODE, SWT_F_RULE | SWT_F_HINT,
	    "source" },
	[RF_LAW] = { "law", SWT_T_CODE, SWT_F_RULE | SWT_F_HINT, "law" },
	[RF_SERVICE] = { "service", SWT_T_CODE, SWT_F_RULE | SWT_F_HINT,
	    "service" },
	[RF_LIFE_DOMAIN] = { "life_domain", SWT_T_CODE,
	    SWT_F_RULE | SWT_F_HINT, "life_domain" },
	[RF_DISTRICT] = { "district", SWT_T_CODE, SWT_F_RULE | SWT_F_HINT,
	    "district" },
	[RF_SUMMARY] = { "summary", SWT_T_TEXT },
	[RF_STAFF] = { "staff", SWT_T_TEXT },
	[RF_BSN] = { "bsn", SWT_T_BSN, SWT_F_PERSON },
	[RF_BIRTH_DATE] = { "birth_date", SWT_T_DATE, SWT_F_PERSON },
	[RF_POSTCODE] = { "postcode", SWT_T_POSTCODE, SWT_F_PERSON },
	[RF_NAME] = { "name", SWT_T_TEXT, SWT_F_PERSON },
	[RF_INTAKE_AT] = { "intake_at", SWT_T_DATE },
	[RF_ASSESSED_AT] = { "assessed_at", SWT_T_DATE },
	[RF_ZRM] = { "zrm", SWT_T_INT, SWT_F_RULE, NULL, 1, 5,
	    "a ZRM score 1-5" },
	[RF_EXPECTED_CONTACTS] = { "expected_contacts", SWT_T_INT,
	    SWT_F_RULE, NULL, 0, 9999, "a count of contacts (0-9999)", "0" },
	[RF_SPECIALIST_KNOWLEDGE] = { "specialist_knowledge", SWT_T_YESNO,
	    SWT_F_RULE, .dflt = "no" },
	[RF_DEVELOPMENT_POTENTIAL] = { "development_potential", SWT_T_CODE,
	    SWT_F_RULE, "development_potential" },
	[RF_LONG_TERM] = { "long_term", SWT_T_YESNO, SWT_F_RULE,
	    .dflt = "no" },
	[RF_PARTIES_INVOLVED] = { "parties_involved", SWT_T_INT, SWT_F_RULE,
	    NULL, 0, 999, "a count of parties (0-999)", "0" },
	[RF_PARTICIPATION] = { "participation", SWT_T_CODE, SWT_F_RULE,
	    "participation", .dflt = "none" },
	[RF_FINANCIAL] = { "financial", SWT_T_CODE, SWT_F_RULE, "financial",
	    .dflt = "none" },
	[RF_FLAGS] = { "flags", SWT_T_SET, SWT_F_RULE, "flag",
	    .what = "a risk flag (see swt-db codes flag)" },
	[RF_STATUSHOUDER] = { "statushouder", SWT_T_YESNO, SWT_F_RULE,
	    .dflt = "no" },
};

const struct swt_entity swt_request_entity = { "request",
	swt_request_fields, RF_N };

static int
fail(const char **field, int f, char *why, size_t len, const char *fmt,
    const char *val)
{
	char buf[64];

	*field = swt_request_fields[f].name;
	swt_fmt(why, len, fmt, swt_shown(*field, val, buf));
	return -1;
}

int
swt_request_check(struct swt_request *rq, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen)
{
	const char **v = rq->v;
	const struct swt_code *service;

	if (swt_entity_check(&swt_request_entity, v, rq->buf, cs, field, why,
	    whylen))
		return -1;
	service = v[RF_SERVICE] ? swt_codes_get(cs, "service", v[RF_SERVICE]) :
	    NULL;
	if (service && service->parent) {	/* the service implies the law */
		if (!v[RF_LAW])
			v[RF_LAW] = service->parent;
		else if (strcmp(service->parent, v[RF_LAW])) {
			*field = "service";
			swt_fmt(why, whylen, "'%s' is a %s service, but law is "
			    "'%s'", v[RF_SERVICE], service->parent, v[RF_LAW]);
			return -1;
		}
	}
	if (v[RF_RECEIVED_AT] && v[RF_INTAKE_AT] &&
	    strncmp(v[RF_INTAKE_AT], v[RF_RECEIVED_AT], 10) < 0)
		return fail(field, RF_INTAKE_AT, why, whylen,
		    "%s is before received_at", v[RF_INTAKE_AT]);
	if (v[RF_INTAKE_AT] && v[RF_ASSESSED_AT] &&
	    strncmp(v[RF_ASSESSED_AT], v[RF_INTAKE_AT], 10) < 0)
		return fail(field, RF_ASSESSED_AT, why, whylen,
		    "%s is before intake_at", v[RF_ASSESSED_AT]);
	if (v[RF_BIRTH_DATE] && v[RF_RECEIVED_AT] &&
	    strncmp(v[RF_BIRTH_DATE], v[RF_RECEIVED_AT], 10) > 0)
		return fail(field, RF_BIRTH_DATE, why, whylen,
		    "%s is after received_at", v[RF_BIRTH_DATE]);
	return 0;
}
