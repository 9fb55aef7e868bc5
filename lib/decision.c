/* decision.c - the fields a triage decision takes from its record */
#include <string.h>

#include "swt.h"

/*
 * What swt-triage --commit reads besides the route (SPEC 5, 7): when the
 * decision was made and by whom, for history from another system.  Empty:
 * now, and the user.
 */
const struct swt_field swt_decision_fields[DF_N] = {
	[DF_DECIDED_AT] = { "decided_at", SWT_T_DATE },
	[DF_DECIDED_BY] = { "decided_by", SWT_T_REF },
};

const struct swt_entity swt_decision_entity = { "decision",
	swt_decision_fields, DF_N };

int
swt_decision_dated(const char *decided_at, const char *received_at,
    const char **field, char *why, size_t whylen)
{
	char a[64], b[64];

	/* by the day, as swt_request_check orders a request's dates */
	if (!decided_at || !received_at ||
	    strncmp(decided_at, received_at, 10) >= 0)
		return 0;
	*field = swt_decision_fields[DF_DECIDED_AT].name;
	swt_fmt(why, whylen, "%s is before the request's received_at %s",
	    swt_shown(*field, decided_at, a),
	    swt_shown("received_at", received_at, b));
	return -1;
}
