/* codes.c - the default code lists (SPEC 5), seeded into every database */
#include <stdlib.h>
#include <string.h>

#include "swt.h"

/* The order within a list is meaningful where the list is ordered (route). */
const struct swt_code swt_codes_default[] = {
	{ "law", "wmo", NULL, "Wet maatschappelijke ondersteuning 2015" },
	{ "law", "jeugdwet", NULL, "Jeugdwet" },
	{ "law", "participatiewet", NULL, "Participatiewet" },
	{ "law", "leerplichtwet", NULL, "Leerplichtwet 1969" },

	{ "service", "materieel", "wmo", "materiële ondersteuning (3.2.1)" },
	{ "service", "psychosociaal", "wmo", "psychosociale ondersteuning (3.2.2)" },
	{ "service", "thuisondersteuning", "wmo", "thuisondersteuning en dagbesteding (3.2.3)" },
	{ "service", "beschermd_wonen", "wmo", "beschermd wonen en beschermd thuis (3.2.4)" },
	{ "service", "jeugdhulp", "jeugdwet", "jeugdhulp (3.3)" },
	{ "service", "participatie", "participatiewet", "participatie (3.4)" },
	{ "service", "leerplicht", "leerplichtwet", "leerplicht (3.5)" },
	{ "service", "rmc", "leerplichtwet", "RMC: voortijdig schoolverlaten (3.5.2)" },

	{ "life_domain", "financien", NULL, "financiën" },
	{ "life_domain", "werk_opleiding", NULL, "werk en opleiding" },
	{ "life_domain", "tijdsbesteding", NULL, "tijdsbesteding" },
	{ "life_domain", "huisvesting", NULL, "huisvesting" },
	{ "life_domain", "huiselijke_relaties", NULL, "huiselijke relaties" },
	{ "life_domain", "geestelijke_gezondheid", NULL, "geestelijke gezondheid" },
	{ "life_domain", "lichamelijke_gezondheid", NULL, "lichamelijke gezondheid" },
	{ "life_domain", "middelengebruik", NULL, "middelengebruik" },
	{ "life_domain", "basale_adl", NULL, "basale ADL" },
	{ "life_domain", "instrumentele_adl", NULL, "instrumentele ADL" },
	{ "life_domain", "sociaal_netwerk", NULL, "sociaal netwerk" },
	{ "life_domain", "maatschappelijke_participatie", NULL, "maatschappelijke participatie" },
	{ "life_domain", "justitie", NULL, "justitie" },
	{ "life_domain", "opvoeding", NULL, "opvoeding" },

	{ "zrm", "1", NULL, "acute problematiek" },
	{ "zrm", "2", NULL, "niet zelfredzaam" },
	{ "zrm", "3", NULL, "beperkt zelfredzaam" },
	{ "zrm", "4", NULL, "voldoende zelfredzaam" },
	{ "zrm", "5", NULL, "volledig zelfredzaam" },

	{ "kind", "vraag", NULL, "ondersteuningsvraag" },
	{ "kind", "signaal", NULL, "signaal van een derde" },
	{ "kind", "verzuimmelding", NULL, "verzuimmelding (leerplicht)" },
	{ "kind", "vsv_melding", NULL, "melding voortijdig schoolverlaten" },

	{ "channel", "fysiek", NULL, "aan de balie of in de wijk" },
	{ "channel", "telefoon", NULL, "telefonisch" },
	{ "channel", "email", NULL, "e-mail" },
	{ "channel", "chat", NULL, "chat" },
	{ "channel", "formulier", NULL, "webformulier" },
	{ "channel", "post", NULL, "per post" },

	{ "source", "inwoner", NULL, "de inwoner zelf" },
	{ "source", "netwerk", NULL, "familie, buren, netwerk" },
	{ "source", "huisarts", NULL, "huisarts" },
	{ "source", "school", NULL, "school" },
	{ "source", "kinderopvang", NULL, "kinderopvang" },
	{ "source", "politie", NULL, "politie" },
	{ "source", "woningcorporatie", NULL, "woningcorporatie" },
	{ "source", "veilig_thuis", NULL, "Veilig Thuis" },
	{ "source", "io", NULL, "afdeling Inkomensondersteuning" },
	{ "source", "tiem", NULL, "Tiem (sociale werkvoorziening)" },
	{ "source", "ggd", NULL, "GGD" },
	{ "source", "ziekenhuis", NULL, "ziekenhuis" },
	{ "source", "aanbieder", NULL, "zorgaanbieder" },
	{ "source", "welzijn", NULL, "welzijnsorganisatie" },
	{ "source", "duo", NULL, "DUO" },
	{ "source", "overig", NULL, "overig" },

	{ "district", "midden", NULL, "stadsdeel Midden" },
	{ "district", "noord", NULL, "stadsdeel Noord" },
	{ "district", "oost", NULL, "stadsdeel Oost" },
	{ "district", "zuid", NULL, "stadsdeel Zuid" },
	{ "district", "west", NULL, "stadsdeel West" },

	{ "route", "advies", NULL, "informatie en advies" },
	{ "route", "sociale_basis", NULL, "sociale basis (voorliggend)" },
	{ "route", "eigen_inzet", NULL, "eigen inzet SWT" },
	{ "route", "maatwerk", NULL, "maatwerkvoorziening" },

	{ "regie", "inwoner", NULL, "de inwoner zelf" },
	{ "regie", "swt", NULL, "het sociaal wijkteam" },
	{ "regie", "aanbieder", NULL, "de aanbieder" },
	{ "regie", "ipa", NULL, "IPA (inburgering statushouders)" },

	{ "flag", "suicidaliteit", NULL, "suïcidaliteit" },
	{ "flag", "eetstoornis", NULL, "eetstoornis" },
	{ "flag", "acute_crisis", NULL, "acute crisis" },
	{ "flag", "zorg_24uur", NULL, "24-uurs zorg nodig" },
	{ "flag", "behandeling_nodig", NULL, "behandeling nodig" },
	{ "flag", "huiselijk_geweld", NULL, "huiselijk geweld" },

	{ "participation", "none", NULL, "geen" },
	{ "participation", "maatschappelijk", NULL, "maatschappelijke participatie" },
	{ "participation", "arbeid", NULL, "arbeidsparticipatie" },

	{ "financial", "none", NULL, "geen" },
	{ "financial", "eenvoudig", NULL, "eenvoudige administratieve ondersteuning" },
	{ "financial", "complex", NULL, "alle overige financiële ondersteuning" },

	{ "development_potential", "good", NULL, "goed ontwikkelpotentieel" },
	{ "development_potential", "poor", NULL, "slecht ontwikkelpotentieel" },

	{ "status", "open", NULL, "open" },
	{ "status", "assessed", NULL, "vraagverheldering gedaan" },
	{ "status", "decided", NULL, "route besloten" },
	{ "status", "closed", NULL, "afgesloten" },
	{ "status", "refused", NULL, "afgewezen" },
	{ "status", "broken_off", NULL, "afgebroken" },

	{ "referral_kind", "verwijzen", NULL, "verwijzen naar de sociale basis" },
	{ "referral_kind", "toewijzen", NULL, "toewijzen van een maatwerkvoorziening" },
	{ "referral_kind", "erbij_halen", NULL, "specialist erbij halen, SWT houdt regie" },
	{ "referral_kind", "overdragen", NULL, "overdragen" },

	{ "referral_status", "sent", NULL, "verstuurd" },
	{ "referral_status", "accepted", NULL, "geaccepteerd" },
	{ "referral_status", "rejected", NULL, "geweigerd" },
	{ "referral_status", "started", NULL, "gestart" },
	{ "referral_status", "ended", NULL, "beëindigd" },
	{ "referral_status", "withdrawn", NULL, "ingetrokken" },

	{ "tier", "sociale_basis", NULL, "sociale basis" },
	{ "tier", "swt_intern", NULL, "SWT intern" },
	{ "tier", "aanbieder", NULL, "gecontracteerde aanbieder" },
	{ "tier", "gemeente", NULL, "gemeentelijke afdeling" },

	{ "goal_owner", "inwoner", NULL, "de inwoner" },
	{ "goal_owner", "netwerk", NULL, "het netwerk" },
	{ "goal_owner", "sociale_basis", NULL, "de sociale basis" },
	{ "goal_owner", "swt", NULL, "het SWT" },
	{ "goal_owner", "aanbieder", NULL, "de aanbieder" },

	{ "goal_status", "open", NULL, "open" },
	{ "goal_status", "achieved", NULL, "behaald" },
	{ "goal_status", "partly", NULL, "deels behaald" },
	{ "goal_status", "not_achieved", NULL, "niet behaald" },
	{ "goal_status", "cancelled", NULL, "vervallen" },

	{ "contact_kind", "gesprek", NULL, "gesprek" },
	{ "contact_kind", "huisbezoek", NULL, "huisbezoek" },
	{ "contact_kind", "telefonisch", NULL, "telefonisch contact" },
	{ "contact_kind", "digitaal", NULL, "digitaal contact" },
	{ "contact_kind", "mdo", NULL, "multidisciplinair overleg" },
	{ "contact_kind", "leun_steun", NULL, "leun- en steuncontact" },

	/* why a plan (or a request) closed: SPEC 5 */
	{ "closure_reason", "opgelost", NULL, "vraag beantwoord, doelen behaald" },
	{ "closure_reason", "overgedragen", NULL, "regie overgedragen" },
	{ "closure_reason", "afgebroken", NULL, "afgebroken door de inwoner" },
	{ "closure_reason", "afgewezen", NULL, "afgewezen" },
	{ "closure_reason", "ingetrokken", NULL, "ingetrokken door de inwoner" },
	{ "closure_reason", "verhuisd", NULL, "verhuisd" },
	{ "closure_reason", "overleden", NULL, "overleden" },

	{ "suspension_reason", "documenten", NULL, "wacht op stukken van de aanvrager (Awb 4:15 lid 1a)" },
	{ "suspension_reason", "instemming", NULL, "uitstel met instemming van de aanvrager (Awb 4:15 lid 2a)" },
	{ "suspension_reason", "vertraging_aanvrager", NULL, "vertraging door de aanvrager (Awb 4:15 lid 2b)" },
	{ "suspension_reason", "verdaging", NULL, "verdaging met kennisgeving (Awb 4:14)" },

	{ "product", "01", "wmo", "hulp bij het huishouden" },
	{ "product", "02", "wmo", "begeleiding" },
	{ "product", "03", "wmo", "persoonlijke verzorging" },
	{ "product", "04", "wmo", "kortdurend verblijf" },
	{ "product", "05", "wmo", "woondiensten" },
	{ "product", "06", "wmo", "overige ondersteuning" },
	{ "product", "07", "wmo", "dagbesteding" },
	{ "product", "08", "wmo", "vervoerdiensten" },
	{ "product", "09", "wmo", "overige groepsgerichte ondersteuning" },
	{ "product", "10", "wmo", "overige maatwerkarrangementen" },
	{ "product", "11", "wmo", "rolstoelen" },
	{ "product", "12", "wmo", "vervoervoorzieningen" },
	{ "product", "13", "wmo", "woonvoorzieningen" },
	{ "product", "14", "wmo", "overige hulpmiddelen" },
	{ "product", "15", "wmo", "beschermd wonen" },
	{ "product", "16", "wmo", "opvang" },
	{ "product", "17", "wmo", "spoedopvang" },
	{ "product", "18", "wmo", "overige beschermd wonen en opvang" },
	{ "product", "40", "jeugdwet", "persoonlijke verzorging" },
	{ "product", "41", "jeugdwet", "dagbehandeling" },
	{ "product", "42", "jeugdwet", "vervoer" },
	{ "product", "43", "jeugdwet", "verblijf inclusief behandeling" },
	{ "product", "44", "jeugdwet", "verblijf exclusief behandeling" },
	{ "product", "45", "jeugdwet", "ambulant" },
	{ "product", "46", "jeugdwet", "crisis" },
	{ "product", "47", "jeugdwet", "jeugdreclassering" },
	{ "product", "48", "jeugdwet", "jeugdbescherming" },
	{ "product", "49", "jeugdwet", "preventief justitieel kader" },
	{ "product", "50", "jeugdwet", "maatwerkarrangementen" },
	{ "product", "51", "jeugdwet", "ggz en landelijk ingekochte zorg" },
	{ "product", "52", "jeugdwet", "ggz en landelijk ingekochte zorg" },
	{ "product", "53", "jeugdwet", "ggz en landelijk ingekochte zorg" },
	{ "product", "54", "jeugdwet", "ggz en landelijk ingekochte zorg" },
	{ "product", "55", "jeugdwet", "ggz en landelijk ingekochte zorg" },

	{ "end_reason", "02", NULL, "overlijden" },
	{ "end_reason", "19", "wmo", "volgens plan" },
	{ "end_reason", "20", NULL, "tijdelijk" },
	{ "end_reason", "21", "wmo", "voortijdig: cliënt" },
	{ "end_reason", "22", "wmo", "voortijdig: aanbieder" },
	{ "end_reason", "23", "wmo", "voortijdig: in overleg" },
	{ "end_reason", "31", "jeugdwet", "volgens plan" },
	{ "end_reason", "32", "jeugdwet", "voortijdig: cliënt" },
	{ "end_reason", "33", "jeugdwet", "voortijdig: aanbieder" },
	{ "end_reason", "34", "jeugdwet", "voortijdig: in overleg" },
	{ "end_reason", "35", "jeugdwet", "voortijdig: externe oorzaak" },
	{ "end_reason", "36", NULL, "beëindigd door gemeente" },
	{ "end_reason", "37", NULL, "wijzigingsverzoek" },
	{ "end_reason", "38", NULL, "andere aanbieder" },
	{ "end_reason", "39", NULL, "ander domein" },
};
const size_t swt_ncodes_default = sizeof swt_codes_default /
    sizeof *swt_codes_default;

struct swt_codes {
	size_t n;
	const struct swt_code **tab;	/* open addressing on list, code */
	size_t *hash;			/* the hash of each slot's code */
	size_t mask;
	struct swt_code *own;		/* codes (and strings) to free */
};

/*
 * A hash of the code's bytes (the first eight, then the rest folded in),
 * its length and the list's first two letters: every field read is looked
 * up, so the hash is kept cheap; equality is checked in full.
 */
static inline size_t
hash(const char *list, const char *code, size_t n)
{
	uint64_t a = 0, b = 0, h;

	for (size_t i = 0; i < n; i++) {
		uint64_t c = (unsigned char)code[i];

		if (i < 8)
			a |= c << (8 * i);
		else
			b ^= c << (8 * (i & 7));
	}
	h = (a * 0x9e3779b97f4a7c15u) ^ (b * 0xc2b2ae3d27d4eb4fu) ^ n ^
	    ((uint64_t)(unsigned char)list[0] << 32) ^
	    ((uint64_t)(unsigned char)(list[0] ? list[1] : 0) << 40);
	return (size_t)(h ^ (h >> 31));
}

struct swt_codes *
swt_codes_new(const struct swt_code *c, size_t n)
{
	struct swt_codes *cs = calloc(1, sizeof *cs);

	if (!cs)
		return NULL;
	cs->n = n;
	for (cs->mask = 15; cs->mask < 2 * n; cs->mask = cs->mask * 2 + 1)
		;
	if (!(cs->tab = calloc(cs->mask + 1, sizeof *cs->tab)) ||
	    !(cs->hash = calloc(cs->mask + 1, sizeof *cs->hash))) {
		free(cs->tab);
		free(cs);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		size_t h = hash(c[i].list, c[i].code, strlen(c[i].code)),
		    k = h & cs->mask;

		while (cs->tab[k])
			k = (k + 1) & cs->mask;
		cs->tab[k] = &c[i];
		cs->hash[k] = h;
	}
	return cs;
}

struct swt_codes *
swt_codes_adopt(struct swt_code *c, size_t n)
{
	struct swt_codes *cs = swt_codes_new(c, n);

	if (cs)
		cs->own = c;
	return cs;
}

struct swt_codes *
swt_codes_defaults(void)
{
	return swt_codes_new(swt_codes_default, swt_ncodes_default);
}

void
swt_codes_free(struct swt_codes *cs)
{
	if (!cs)
		return;
	for (size_t i = 0; cs->own && i < cs->n; i++) {
		free((char *)cs->own[i].list);
		free((char *)cs->own[i].code);
		free((char *)cs->own[i].parent);
		free((char *)cs->own[i].label);
	}
	free(cs->own);
	free(cs->tab);
	free(cs->hash);
	free(cs);
}

const struct swt_code *
swt_codes_get(const struct swt_codes *cs, const char *list, const char *code)
{
	return swt_codes_getn(cs, list, code, strlen(code));
}

const struct swt_code *
swt_codes_getn(const struct swt_codes *cs, const char *list, const char *code,
    size_t n)
{
	size_t h = hash(list, code, n), k = h & cs->mask;

	for (; cs->tab[k]; k = (k + 1) & cs->mask)
		if (cs->hash[k] == h && !memcmp(cs->tab[k]->code, code, n) &&
		    !cs->tab[k]->code[n] && (cs->tab[k]->list == list ||
		    !strcmp(cs->tab[k]->list, list)))
			return cs->tab[k];
	return NULL;
}

int
swt_codes_set(const struct swt_codes *cs, const char *list, const char *set,
    char *bad, size_t badlen)
{
	char one[64];

	while (*set) {
		size_t n = strcspn(set, "|");

		if (n == 0 || n >= sizeof one) {
			swt_fmt(bad, badlen, "%.*s", (int)(n < 60 ? n : 60),
			    set);
			return 0;
		}
		memcpy(one, set, n);
		one[n] = '\0';
		if (!swt_codes_get(cs, list, one)) {
			swt_fmt(bad, badlen, "%s", one);
			return 0;
		}
		set += n;
		if (*set == '|')
			set++;
	}
	return 1;
}
