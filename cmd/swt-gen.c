/* swt-gen - write synthetic support requests for demos and benchmarks */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "swt.h"

static const char usage[] =
    "usage: swt-gen [-q] [-d db] [-n count] [--seed n] [--from date]\n"
    "               [--to date]\n"
    "               [--assessments | --with-assessments] [--semicolon]\n"
    "               [--csv | --tsv | --json | --table]\n"
    "       swt-gen [-d db] [--seed n] [--to date] --follow-up what\n"
    "Write synthetic support requests, or their assessments, that swt-intake\n"
    "accepts; or what follows the decisions in a database (partners,\n"
    "referrals, terms, contacts, closures, plans). See swt-gen(1).\n";

enum {
	OPT_SEED = SWT_OPT_CMD, OPT_FROM, OPT_TO, OPT_ASSESSMENTS,
	OPT_WITH_ASSESSMENTS, OPT_SEMICOLON, OPT_FOLLOW
};

/* --follow-up: the records, in swt_follow order */
static const char *const follows[] = { "partners", "referrals", "terms",
	"contacts", "closures", "plans", "staff", "complaints", NULL };

/* Residents beyond this many share BSNs (8 first digits x 10^7 bodies). */
#define MAX_PERSONS 80000000L
#define MAX_COUNT 1000000000L

enum stream { S_REC, S_SERVICE, S_PERSON, S_ASSESS, S_RECEIVED };

#define PICK(r, t) swt_rng_pick((r), (t), sizeof(t) / sizeof *(t))
#define NELEM(a) (sizeof(a) / sizeof *(a))

/* ---- the code lists, weighted ---- */

/* Life domains per service. */
static const struct swt_wv dom_psychosociaal[] = {
	{ "geestelijke_gezondheid", 20 }, { "sociaal_netwerk", 15 },
	{ "financien", 15 }, { "huiselijke_relaties", 12 },
	{ "huisvesting", 8 }, { "tijdsbesteding", 8 },
	{ "maatschappelijke_participatie", 5 },
	{ "instrumentele_adl", 6 }, { "middelengebruik", 6 },
	{ "justitie", 3 }, { "opvoeding", 2 }
};
static const struct swt_wv dom_materieel[] = {
	{ "basale_adl", 30 }, { "instrumentele_adl", 30 },
	{ "lichamelijke_gezondheid", 30 }, { "huisvesting", 10 }
};
static const struct swt_wv dom_thuis[] = {
	{ "instrumentele_adl", 30 }, { "tijdsbesteding", 25 },
	{ "basale_adl", 20 }, { "sociaal_netwerk", 15 },
	{ "geestelijke_gezondheid", 10 }
};
static const struct swt_wv dom_bw[] = {
	{ "geestelijke_gezondheid", 50 }, { "huisvesting", 30 },
	{ "middelengebruik", 15 }, { "justitie", 5 }
};
static const struct swt_wv dom_jeugd[] = {
	{ "opvoeding", 60 }, { "geestelijke_gezondheid", 15 },
	{ "huiselijke_relaties", 10 }, { "sociaal_netwerk", 5 },
	{ "werk_opleiding", 5 }, { "middelengebruik", 3 }, { "justitie", 2 }
};
static const struct swt_wv dom_participatie[] = {
	{ "werk_opleiding", 50 }, { "financien", 30 },
	{ "tijdsbesteding", 8 }, { "maatschappelijke_participatie", 7 },
	{ "sociaal_netwerk", 5 }
};
static const struct swt_wv dom_leerplicht[] = {
	{ "werk_opleiding", 85 }, { "opvoeding", 10 },
	{ "geestelijke_gezondheid", 5 }
};
static const struct swt_wv dom_rmc[] = {
	{ "werk_opleiding", 80 }, { "tijdsbesteding", 10 },
	{ "financien", 5 }, { "geestelijke_gezondheid", 5 }
};

/* Summaries per service; some with commas and quotes, for CSV. */
static const char *const sum_psychosociaal[] = {
	"eenzaam sinds verhuizing", "schulden lopen op, post blijft liggen",
	"vraagt hulp bij \"alles op een rij krijgen\"",
	"ruzie met buren, voelt zich onveilig",
	"somber na overlijden partner", "dreigt het huis uit te moeten",
	"wil weer structuur in de dag"
};
static const char *const sum_materieel[] = {
	"trap lukt niet meer, vraagt traplift",
	"rolstoel nodig na heupoperatie", "douchen lukt niet zelfstandig",
	"vraagt vervoer naar de dagbesteding",
	"woning aanpassen: drempels, beugels"
};
static const char *const sum_thuis[] = {
	"huishouden lukt niet meer", "mantelzorger overbelast, vraagt respijt",
	"zoekt dagbesteding, \"thuis zitten is niks\"",
	"hulp bij boodschappen en administratie"
};
static const char *const sum_bw[] = {
	"dakloos na uitzetting", "na opname geen woonplek",
	"verslaving, wil begeleid wonen",
	"psychische problemen, kan niet alleen wonen"
};
static const char *const sum_jeugd[] = {
	"zorgen over gezin, school meldt verzuim",
	"ouders handelingsverlegen, puber agressief",
	"kind slaapt slecht, \"veel boosheid\" thuis",
	"scheiding, kinderen zitten klem",
	"vermoeden van autisme, vraagt onderzoek",
	"jongere blowt, ouders ongerust"
};
static const char *const sum_participatie[] = {
	"zoekt werk, uitkering stopt",
	"wil vrijwilligerswerk doen", "statushouder: taal en werk",
	"hulp bij solliciteren, \"ik word steeds afgewezen\""
};
static const char *const sum_leerplicht[] = {
	"ongeoorloofd verzuim, 16 uur in 4 weken",
	"vaak te laat, ouders onbereikbaar",
	"thuiszitter sinds de herfstvakantie",
	"luxeverzuim rond de vakantie"
};
static const char *const sum_rmc[] = {
	"gestopt met mbo, geen startkwalificatie",
	"uitgeschreven, zoekt werk",
	"wil terug naar school, weet niet hoe"
};

/* Who reports a signal, per service. */
static const struct swt_wv sig_wmo[] = {
	{ "huisarts", 30 }, { "woningcorporatie", 15 }, { "ziekenhuis", 15 },
	{ "politie", 10 }, { "aanbieder", 10 }, { "welzijn", 10 },
	{ "ggd", 5 }, { "veilig_thuis", 5 }
};
static const struct swt_wv sig_jeugd[] = {
	{ "school", 30 }, { "huisarts", 20 }, { "kinderopvang", 15 },
	{ "veilig_thuis", 15 }, { "politie", 10 }, { "ggd", 10 }
};
static const struct swt_wv sig_participatie[] = {
	{ "io", 40 }, { "tiem", 30 }, { "welzijn", 15 }, { "overig", 15 }
};
static const struct swt_wv sig_leerplicht[] = {
	{ "school", 60 }, { "duo", 20 }, { "overig", 20 }
};

/*
 * The services, weighted by the clients with a dossier in 2022 (mandate
 * figure 1): Wmo begeleiding 6303 and part of the team's own support 1654
 * are psychosociaal, the rest of it thuisondersteuning; material Wmo 1506;
 * youth 2419; leerplicht 518; the two groups whose labels were lost (696,
 * 531) taken as participatie and as beschermd wonen plus RMC.
 */
struct service {
	const char *code, *law;
	uint32_t w;
	int age_lo, age_hi;	/* age on the first day of the period */
	const struct swt_wv *dom;
	size_t ndom;
	const char *const *sum;
	size_t nsum;
	const struct swt_wv *sig;
	size_t nsig;
	uint32_t signal;	/* share of signals, per mille */
};

#define DOM(a) a, NELEM(a)
static const struct service services[] = {
	{ "psychosociaal", "wmo", 7157, 18, 85, DOM(dom_psychosociaal),
	    DOM(sum_psychosociaal), DOM(sig_wmo), 150 },
	{ "thuisondersteuning", "wmo", 800, 30, 95, DOM(dom_thuis),
	    DOM(sum_thuis), DOM(sig_wmo), 150 },
	{ "materieel", "wmo", 1506, 45, 95, DOM(dom_materieel),
	    DOM(sum_materieel), DOM(sig_wmo), 100 },
	{ "beschermd_wonen", "wmo", 331, 18, 65, DOM(dom_bw),
	    DOM(sum_bw), DOM(sig_wmo), 300 },
	{ "jeugdhulp", "jeugdwet", 2419, 0, 17, DOM(dom_jeugd),
	    DOM(sum_jeugd), DOM(sig_jeugd), 300 },
	{ "participatie", "participatiewet", 696, 18, 66,
	    DOM(dom_participatie), DOM(sum_participatie),
	    DOM(sig_participatie), 200 },
	{ "leerplicht", "leerplichtwet", 518, 5, 17, DOM(dom_leerplicht),
	    DOM(sum_leerplicht), DOM(sig_leerplicht), 50 },
	{ "rmc", "leerplichtwet", 200, 16, 22, DOM(dom_rmc), DOM(sum_rmc),
	    DOM(sig_leerplicht), 50 },
};
enum { SV_PSYCHOSOCIAAL = 0, SV_JEUGDHULP = 4, SV_LEERPLICHT = 6,
	SV_RMC = 7 };

static const struct swt_wv src_vraag[] = {
	{ "inwoner", 65 }, { "netwerk", 20 }, { "huisarts", 5 },
	{ "welzijn", 4 }, { "aanbieder", 3 }, { "overig", 3 }
};
static const struct swt_wv src_vraag_jeugd[] = {
	{ "inwoner", 70 }, { "netwerk", 10 }, { "school", 8 },
	{ "huisarts", 7 }, { "kinderopvang", 5 }
};
static const struct swt_wv src_vsv[] = { { "duo", 60 }, { "school", 40 } };

static const struct swt_wv chan_resident[] = {
	{ "telefoon", 40 }, { "fysiek", 20 }, { "formulier", 15 },
	{ "email", 12 }, { "chat", 10 }, { "post", 3 }
};
static const struct swt_wv chan_pro[] = {
	{ "email", 45 }, { "telefoon", 35 }, { "formulier", 15 },
	{ "post", 5 }
};
static const struct swt_wv chan_school[] = {
	{ "formulier", 60 }, { "email", 40 }
};

/* Districts and their (Zwolle-like) postcode ranges. */
static const struct district {
	const char *code;
	uint32_t w;
	int pc_lo, pc_hi;
} districts[] = {
	{ "midden", 15, 8011, 8017 }, { "noord", 25, 8031, 8037 },
	{ "oost", 20, 8018, 8024 }, { "zuid", 25, 8025, 8029 },
	{ "west", 15, 8041, 8047 },
};

/* Letters that Dutch postcodes use (no SA, SD, SS: left out with S). */
static const char pc_letters[] = "ABCDEGHJKLMNPRTVWXZ";

static const char *const first_names[] = {
	"Jan", "Anna", "Mohamed", "Fatima", "Sanne", "Daan", "Emma", "Lucas",
	"Sophie", "Noah", "Julia", "Sem", "Mila", "Thijs", "Eva", "Bram",
	"Lotte", "Ahmet", "Aylin", "Kees", "Henk", "Truus", "Gerrit",
	"Willemijn", "Joris", "Femke", "Yusuf", "Nour", "Piet", "Marieke",
	"Senna", "Dewi"
};
static const char *const last_names[] = {
	"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker",
	"Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
	"de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
	"Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf",
	"van der Meer", "Kok", "Yilmaz", "El Idrissi", "Nguyen", "van 't Hof",
	"Kuipers", "Postma"
};

static const struct swt_wv zrm_w[] = {
	{ "1", 4 }, { "2", 16 }, { "3", 32 }, { "4", 32 }, { "5", 16 }
};
static const struct swt_wv fin_fin[] = {
	{ "eenvoudig", 55 }, { "complex", 40 }, { "none", 5 }
};
static const struct swt_wv fin_other[] = {
	{ "none", 88 }, { "eenvoudig", 8 }, { "complex", 4 }
};
static const struct swt_wv part_w[] = {
	{ "none", 75 }, { "maatschappelijk", 20 }, { "arbeid", 5 }
};
static const struct swt_wv part_participatie[] = {
	{ "arbeid", 60 }, { "maatschappelijk", 30 }, { "none", 10 }
};
/* The flag list in its own order, so a set is written in that order. */
static const struct swt_wv flags_w[] = {
	{ "suicidaliteit", 12 }, { "eetstoornis", 8 }, { "acute_crisis", 15 },
	{ "zorg_24uur", 10 }, { "behandeling_nodig", 25 },
	{ "huiselijk_geweld", 30 }
};

/* ---- generating ---- */

struct gen {
	uint64_t seed;
	long from, to;		/* the period of received_at, in days */
	uint32_t bsn_b;		/* the BSN permutation's offset */
	struct swt_gen_districts gd;	/* the districts requests are in */
};

/* One record: the values, and the buffers they point into. */
struct rec {
	const char *v[RF_N];
	char ref[32], received[11], bsn[10], birth[11], postcode[8];
	char name[64], intake[11], assessed[11], contacts[8], parties[8];
	char flags[128];
	int assessed_ok;
};

enum { R_ANON, R_NEW, R_REPEAT };

/* Whether record i is anonymous, a new resident, or a repeat (of *j). */
static int
record_kind(const struct gen *g, long i, long *j, struct swt_rng *r)
{
	uint32_t u;

	swt_rng_init(r, g->seed, (uint64_t)i, S_REC);
	u = swt_rng_below(r, 1000);
	if (u < 30)
		return R_ANON;
	if (u < 130 && i > 0) {
		*j = (long)swt_rng_below(r, (uint32_t)i);
		return R_REPEAT;
	}
	return R_NEW;
}

/*
 * The resident of record i: the record where they first came, or -1 for
 * an anonymous request.  A repeat leads back to an earlier record; where
 * that trail ends in an anonymous one, the last record on it is a new
 * resident.
 */
static long
person_of(const struct gen *g, long i)
{
	struct swt_rng r;
	long x = i, prev = -1, j = 0;

	for (;;) {
		switch (record_kind(g, x, &j, &r)) {
		case R_ANON:
			return prev;
		case R_NEW:
			return x;
		}
		prev = x;
		x = j;
	}
}

/* A service from the weighted mix. */
static int
draw_service(struct swt_rng *r)
{
	uint32_t sum = 0, x;
	int s;

	for (s = 0; s < (int)NELEM(services); s++)
		sum += services[s].w;
	x = swt_rng_below(r, sum);
	for (s = 0; s < (int)NELEM(services) - 1; s++) {
		if (x < services[s].w)
			break;
		x -= services[s].w;
	}
	return s;
}

/* The service a resident (or an anonymous request) first came for. */
static int
first_service(const struct gen *g, long p)
{
	struct swt_rng r;

	swt_rng_init(&r, g->seed, (uint64_t)p, S_SERVICE);
	return draw_service(&r);
}

static char *
put_uint(char *o, unsigned long v, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width--)
		*o++ = '0';
	while (n)
		*o++ = tmp[--n];
	*o = '\0';
	return o;
}

/*
 * A fictitious BSN, one per resident: the digits 2-8 a permutation of the
 * resident's number, the first digit chosen among those that leave a check
 * digit (one in eleven bodies has none), so that no two residents share one.
 */
static void
make_bsn(const struct gen *g, long p, char *out)
{
	uint32_t lo = (uint32_t)(p % 10000000), hi = (uint32_t)(p / 10000000);
	uint32_t body = (uint32_t)(((uint64_t)lo * 3141593 + g->bsn_b) %
	    10000000);
	int d[9] = { 0 }, s7 = 0, start = 1 + (int)(swt_mix64(lo) % 9), k = 0;

	for (int i = 8; i >= 2; i--) {
		d[i - 1] = (int)(body % 10);
		body /= 10;
	}
	for (int i = 1; i < 8; i++)
		s7 += d[i] * (9 - i);
	hi %= 8;	/* 8 first digits always leave a check digit */
	for (int t = 0; t < 9; t++) {
		int d1 = 1 + (start - 1 + t) % 9, c = (9 * d1 + s7) % 11;

		if (c == 10)
			continue;
		if ((uint32_t)k++ == hi) {
			d[0] = d1;
			d[8] = c;
			break;
		}
	}
	for (int i = 0; i < 9; i++)
		out[i] = (char)('0' + d[i]);
	out[9] = '\0';
}

/* The day record i was received: a stream of its own, so that a resident's
 * first record's day is known to the later ones. */
static long
received_day(const struct gen *g, long i)
{
	uint32_t span = (uint32_t)(g->to - g->from + 1);
	struct swt_rng r;
	long z;

	swt_rng_init(&r, g->seed, (uint64_t)i, S_RECEIVED);
	z = g->from + (long)swt_rng_below(&r, span);
	/* fewer on Saturday and Sunday */
	if (swt_date_weekday(z) >= 6 && swt_rng_chance(&r, 700))
		z = g->from + (long)swt_rng_below(&r, span);
	return z;
}

/* The person data of resident p, who first came for service s. */
static const struct district *
make_person(const struct gen *g, long p, int s, struct rec *rc)
{
	const struct service *sv = &services[s];
	const struct district *d;
	struct swt_rng r;
	uint32_t span = (uint32_t)(sv->age_hi - sv->age_lo + 1), x, sum = 0;
	long age, birth;
	char *o;
	size_t i;

	swt_rng_init(&r, g->seed, (uint64_t)p, S_PERSON);
	age = swt_rng_below(&r, span);
	age = sv->age_lo + (age + swt_rng_below(&r, span)) / 2;
	/* that age at the first request, record p */
	birth = received_day(g, p) - age * 36525 / 100 - 1 -
	    (long)swt_rng_below(&r, 365);
	swt_date_from_days(birth, rc->birth);
	for (i = 0; i < NELEM(districts); i++)
		sum += districts[i].w;
	x = swt_rng_below(&r, sum);
	for (i = 0; i < NELEM(districts) - 1 && x >= districts[i].w; i++)
		x -= districts[i].w;
	d = &districts[i];
	o = put_uint(rc->postcode, (unsigned long)(d->pc_lo +
	    (int)swt_rng_below(&r, (uint32_t)(d->pc_hi - d->pc_lo + 1))), 4);
	*o++ = ' ';
	*o++ = pc_letters[swt_rng_below(&r, sizeof pc_letters - 1)];
	*o++ = pc_letters[swt_rng_below(&r, sizeof pc_letters - 1)];
	*o = '\0';
	o = stpcpy(rc->name, first_names[swt_rng_below(&r, NELEM(first_names))]);
	*o++ = ' ';
	strcpy(o, last_names[swt_rng_below(&r, NELEM(last_names))]);
	make_bsn(g, p, rc->bsn);
	rc->v[RF_BSN] = rc->bsn;
	rc->v[RF_BIRTH_DATE] = rc->birth;
	rc->v[RF_POSTCODE] = rc->postcode;
	rc->v[RF_NAME] = rc->name;
	return d;
}

/* Age in whole years on day z of someone born on day b (near enough). */
static long
age_on(long b, long z)
{
	return (z - b) * 100 / 36525;
}

static void
make_request(const struct gen *g, long i, struct rec *rc)
{
	const struct service *sv;
	const struct district *d;
	const char *kind, *src, *chan;
	struct swt_rng r;
	long p, j = 0, z, born;
	int k, s;

	memset(rc->v, 0, sizeof rc->v);
	k = record_kind(g, i, &j, &r);
	p = k == R_ANON ? -1 : k == R_NEW ? i : person_of(g, i);
	s = first_service(g, p >= 0 ? p : i);
	if (p >= 0)
		d = make_person(g, p, s, rc);
	else
		d = &districts[swt_rng_below(&r, NELEM(districts))];
	z = received_day(g, i);
	born = p >= 0 ? swt_date_days(rc->birth) : 0;
	/* no request before its resident was born: then as on the first day */
	if (p >= 0 && z <= born)
		z = received_day(g, p);
	if (p >= 0 && p != i) {
		/* a resident who comes back: with another question, or when
		 * the first one's service no longer fits the age */
		long age = age_on(born, z);
		int fits = age >= services[s].age_lo &&
		    age <= services[s].age_hi;

		if (!fits || !swt_rng_chance(&r, 600)) {
			int t = draw_service(&r);

			if (age >= services[t].age_lo &&
			    age <= services[t].age_hi)
				s = t;
			else if (!fits)
				s = age < 18 ? SV_JEUGDHULP : SV_PSYCHOSOCIAAL;
		}
	}
	sv = &services[s];
	swt_date_from_days(z, rc->received);
	/* SWT-<year received>-<number>: unique by the number */
	memcpy(rc->ref, "SWT-", 4);
	memcpy(rc->ref + 4, rc->received, 4);
	rc->ref[8] = '-';
	put_uint(rc->ref + 9, (unsigned long)i + 1, 7);

	if (s == SV_LEERPLICHT && swt_rng_chance(&r, 850))
		kind = "verzuimmelding";
	else if (s == SV_RMC && swt_rng_chance(&r, 800))
		kind = "vsv_melding";
	else
		kind = swt_rng_chance(&r, sv->signal) ? "signaal" : "vraag";
	if (!strcmp(kind, "verzuimmelding"))
		src = "school";
	else if (!strcmp(kind, "vsv_melding"))
		src = PICK(&r, src_vsv);
	else if (!strcmp(kind, "signaal"))
		src = swt_rng_pick(&r, sv->sig, sv->nsig);
	else if (!strcmp(sv->law, "jeugdwet"))
		src = PICK(&r, src_vraag_jeugd);
	else
		src = PICK(&r, src_vraag);
	if (!strcmp(src, "inwoner") || !strcmp(src, "netwerk"))
		chan = PICK(&r, chan_resident);
	else if (!strcmp(src, "school") || !strcmp(src, "duo"))
		chan = PICK(&r, chan_school);
	else
		chan = PICK(&r, chan_pro);

	rc->v[RF_REF] = rc->ref;
	rc->v[RF_RECEIVED_AT] = rc->received;
	rc->v[RF_KIND] = kind;
	rc->v[RF_CHANNEL] = chan;
	rc->v[RF_SOURCE] = src;
	rc->v[RF_LAW] = sv->law;
	rc->v[RF_SERVICE] = sv->code;
	rc->v[RF_LIFE_DOMAIN] = swt_rng_pick(&r, sv->dom, sv->ndom);
	rc->v[RF_DISTRICT] = g->gd.d[d - districts];
	rc->v[RF_SUMMARY] = sv->sum[swt_rng_below(&r, (uint32_t)sv->nsum)];
	rc->v[RF_STAFF] = swt_rng_chance(&r, 950) ?
	    swt_gen_staff((size_t)(d - districts), swt_rng_below(&r, 4)) :
	    NULL;
}

/* The assessment of the request in rc (made by make_request). */
static void
make_assessment(const struct gen *g, long i, struct rec *rc)
{
	struct swt_rng r;
	const char *svc = rc->v[RF_SERVICE], *zrm;
	int fin = !strcmp(rc->v[RF_LIFE_DOMAIN], "financien");
	long z = swt_date_days(rc->received), intake, assessed;
	int late, low, n;
	char *o;

	for (int f = RF_INTAKE_AT; f < RF_N; f++)
		rc->v[f] = NULL;
	swt_rng_init(&r, g->seed, (uint64_t)i, S_ASSESS);
	/* one draw a statement: the order of evaluation is the compiler's */
	late = !swt_rng_chance(&r, 850);
	intake = z + swt_rng_below(&r, 3);
	intake += swt_rng_below(&r, 8);
	intake += swt_rng_below(&r, 8);
	/*
	 * The waiting list: a share waits 6 to 26 weeks for its intake, and
	 * those that would have it after --to are still waiting at the end.
	 */
	if (late)
		intake = z + 42 + swt_rng_below(&r, 141);
	if (!(rc->assessed_ok = !late || intake <= g->to))
		return;
	assessed = intake + 2 + swt_rng_below(&r, 12);
	assessed += swt_rng_below(&r, 21);
	swt_date_from_days(intake, rc->intake);
	swt_date_from_days(assessed, rc->assessed);
	rc->v[RF_INTAKE_AT] = rc->intake;
	rc->v[RF_ASSESSED_AT] = rc->assessed;

	/* financien needs financial, not zrm; a few are simply incomplete */
	zrm = PICK(&r, zrm_w);
	if ((fin && swt_rng_chance(&r, 300)) || swt_rng_chance(&r, 10))
		zrm = NULL;
	rc->v[RF_ZRM] = zrm;
	low = zrm && zrm[0] <= '2';
	{
		/* contacts a year: many only where self-reliance is low */
		static const int lo[] = { 2, 16, 8, 3, 1, 0 };
		static const int span[] = { 11, 25, 17, 12, 8, 5 };
		int k = zrm ? zrm[0] - '0' : 0;

		n = lo[k] + (int)swt_rng_below(&r, (uint32_t)span[k]);
	}
	put_uint(rc->contacts, (unsigned long)n, 1);
	rc->v[RF_EXPECTED_CONTACTS] = rc->contacts;
	rc->v[RF_SPECIALIST_KNOWLEDGE] = swt_rng_chance(&r, low ? 200 : 50) ?
	    "yes" : "no";
	rc->v[RF_DEVELOPMENT_POTENTIAL] = swt_rng_chance(&r, 200) ? "poor" : "good";
	rc->v[RF_LONG_TERM] = swt_rng_chance(&r, !strcmp(svc, "materieel") ||
	    !strcmp(svc, "beschermd_wonen") ? 600 : 250) ? "yes" : "no";
	{
		uint32_t u = swt_rng_below(&r, 100);

		n = u < 45 ? 0 : u < 80 ? 1 : u < 92 ? 2 : u < 97 ? 3 :
		    4 + (int)swt_rng_below(&r, 3);
	}
	put_uint(rc->parties, (unsigned long)n, 1);
	rc->v[RF_PARTIES_INVOLVED] = rc->parties;
	rc->v[RF_PARTICIPATION] = !strcmp(svc, "participatie") ?
	    PICK(&r, part_participatie) : PICK(&r, part_w);
	rc->v[RF_FINANCIAL] = fin ? PICK(&r, fin_fin) : PICK(&r, fin_other);
	o = rc->flags;
	*o = '\0';
	if (swt_rng_chance(&r, 60)) {
		const char *a = PICK(&r, flags_w), *b = NULL;

		if (swt_rng_chance(&r, 150) && strcmp(b = PICK(&r, flags_w), a) == 0)
			b = NULL;
		for (size_t f = 0; f < NELEM(flags_w); f++)
			if (flags_w[f].v == a || flags_w[f].v == b) {
				if (o != rc->flags)
					*o++ = '|';
				o = stpcpy(o, flags_w[f].v);
			}
		rc->v[RF_FLAGS] = rc->flags;
	}
	rc->v[RF_STATUSHOUDER] = rc->v[RF_BIRTH_DATE] && age_on(
	    swt_date_days(rc->birth), z) >= 18 && swt_rng_chance(&r,
	    !strcmp(svc, "participatie") ? 150 : 20) ? "yes" : "no";
}

/* ---- writing ---- */

static int
parse_date(const char *opt, const char *arg, long *out)
{
	char iso[24];

	if (swt_date_norm(arg, iso)) {
		swt_err("%s: '%s' is not a date (yyyy-mm-dd or dd-mm-yyyy)",
		    opt, arg);
		return -1;
	}
	*out = swt_date_days(iso);
	if (strncmp(iso, "1950-01-01", 10) < 0 ||
	    strncmp(iso, "2199-12-31", 10) > 0) {
		swt_err("%s: '%s' is not between 1950-01-01 and 2199-12-31",
		    opt, arg);
		return -1;
	}
	return 0;
}

static int
parse_count(const char *opt, const char *arg, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (!*arg || strspn(arg, "0123456789") != strlen(arg) ||
	    (v = strtoull(arg, &end, 10), errno) || v > max) {
		swt_err("%s: '%s' is not a whole number from 0 to %llu", opt,
		    arg, (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

/* A database named (-d), or $SWT_DB where it exists. */
static int
has_db(const struct swt_opts *o)
{
	const char *env = getenv("SWT_DB");

	return (o->db && *o->db) || (env && *env && access(env, F_OK) == 0);
}

/* The districts of the requests: the database's (swt-db profile). */
static int
db_districts(const struct swt_opts *o, struct swt_gen_districts *gd)
{
	struct swt_db *db;
	char err[512];
	int rc = 0;

	swt_gen_districts_default(gd);
	if (!has_db(o))
		return 0;
	if (swt_db_open(&db, swt_db_path(o), SWT_DB_READONLY, err,
	    sizeof err)) {
		swt_err("%s", err);
		return -1;
	}
	if (swt_gen_districts_db(db, gd)) {
		swt_err("%s", swt_db_errmsg(db));
		rc = -1;
	}
	swt_db_close(db);
	return rc;
}

/* --follow-up: what comes after the decisions in the database. */
struct follow {
	enum swt_follow what;
	uint64_t seed;
	char on[24];
};

static int
follow_up(struct swt_db *db, struct swt_writer *w, void *ctx)
{
	struct follow *f = ctx;

	return swt_gen_follow(db, w, f->what, f->seed, f->on);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "assessments", no_argument, NULL, OPT_ASSESSMENTS },
		{ "with-assessments", no_argument, NULL,
		    OPT_WITH_ASSESSMENTS },
		{ "semicolon", no_argument, NULL, OPT_SEMICOLON },
		{ "follow-up", required_argument, NULL, OPT_FOLLOW },
		{ "db", required_argument, NULL, 'd' },
		{ "csv", no_argument, NULL, SWT_OPT_CSV },
		{ "tsv", no_argument, NULL, SWT_OPT_TSV },
		{ "json", no_argument, NULL, SWT_OPT_JSON },
		{ "table", no_argument, NULL, SWT_OPT_TABLE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct swt_opts o = { 0 };
	struct gen g = { 1, 0, 0, 0 };
	struct swt_progress pg;
	struct swt_writer *w;
	static struct rec rc;
	const char *from = "2024-01-01", *to = "2024-12-31";
	char *names[RF_N];
	int fields[RF_N], nf = 0, mode = 0, semicolon = 0, c, rc_exit = 0;
	int follow = -1, counted = 0, from_given = 0;
	uint64_t count = 1000;

	swt_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "d:n:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_count("-n", optarg, MAX_COUNT, &count))
				return SWT_EXIT_USAGE;
			counted = 1;
			continue;
		case OPT_FOLLOW:
			for (follow = 0; follows[follow] &&
			    strcmp(follows[follow], optarg); follow++)
				;
			if (!follows[follow]) {
				swt_err("--follow-up: '%s' is none of partners, "
				    "referrals, terms, contacts, closures, "
				    "plans, staff, complaints", optarg);
				swt_usage(usage);
				return SWT_EXIT_USAGE;
			}
			continue;
		case OPT_SEED:
			if (parse_count("--seed", optarg, UINT64_MAX, &g.seed))
				return SWT_EXIT_USAGE;
			continue;
		case OPT_FROM: from = optarg; from_given = 1; continue;
		case OPT_TO: to = optarg; continue;
		case OPT_ASSESSMENTS:
		case OPT_WITH_ASSESSMENTS:
			if (mode && mode != c) {
				swt_err("--assessments and --with-assessments "
				    "exclude each other");
				swt_usage(usage);
				return SWT_EXIT_USAGE;
			}
			mode = c;
			continue;
		case OPT_SEMICOLON: semicolon = 1; continue;
		}
		if ((c = swt_opt(&o, c, optarg, usage)) >= 0)
			return c;	/* -h, -V: 0; a usage error: 2 */
	}
	if (optind < argc) {
		swt_err("'%s': swt-gen takes no file; it writes to standard "
		    "output", argv[optind]);
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	if (parse_date("--from", from, &g.from) ||
	    parse_date("--to", to, &g.to))
		return SWT_EXIT_USAGE;
	if (follow >= 0) {
		if (mode || semicolon || counted || from_given) {
			swt_err("--follow-up reads the database: it takes no -n, "
			    "--from, --assessments, --with-assessments or "
			    "--semicolon");
			swt_usage(usage);
			return SWT_EXIT_USAGE;
		}
		struct follow f = { (enum swt_follow)follow, g.seed, "" };

		swt_date_norm(to, f.on);
		/* partners and staff: in the database's districts, if any */
		return swt_listing(&o, (f.what == SWT_FOLLOW_PARTNERS ||
		    f.what == SWT_FOLLOW_STAFF) && !has_db(&o) ? -1 :
		    SWT_DB_READONLY, follow_up, &f);
	}
	if (g.from > g.to) {
		swt_err("--from %s is after --to %s", from, to);
		return SWT_EXIT_USAGE;
	}
	if (semicolon) {
		if (o.fmt != SWT_FMT_AUTO && o.fmt != SWT_FMT_CSV) {
			swt_err("--semicolon: only with --csv");
			return SWT_EXIT_USAGE;
		}
		o.fmt = SWT_FMT_CSV;
	}
	if (count > (uint64_t)MAX_PERSONS)
		swt_warn("more than %ld requests: some residents will share "
		    "a BSN", MAX_PERSONS);
	g.bsn_b = (uint32_t)(swt_mix64(g.seed ^ 0x42534eULL) % 10000000);

	if (mode != OPT_ASSESSMENTS)
		for (int f = RF_REF; f <= RF_NAME; f++)
			fields[nf++] = f;
	else
		fields[nf++] = RF_REF;
	if (mode)
		for (int f = RF_INTAKE_AT; f < RF_N; f++)
			fields[nf++] = f;
	for (int k = 0; k < nf; k++)
		names[k] = (char *)swt_request_fields[fields[k]].name;

	if (db_districts(&o, &g.gd))
		return SWT_EXIT_DATA;
	if (!(w = swt_writer_open(stdout, o.fmt))) {
		swt_err("out of memory");
		return SWT_EXIT_DATA;
	}
	if (semicolon)
		swt_writer_delim(w, ';');
	if (swt_writer_header(w, (size_t)nf, names))
		goto fail;
	swt_progress_begin(&pg, "requests");
	for (uint64_t i = 0; i < count; i++) {
		char *v[RF_N];

		if (swt_progress_due(&pg))
			swt_progress_show(&pg, (long long)i,
			    (double)i / (double)count);
		make_request(&g, (long)i, &rc);
		if (mode) {
			make_assessment(&g, (long)i, &rc);
			if (mode == OPT_ASSESSMENTS && !rc.assessed_ok)
				continue;
		}
		for (int k = 0; k < nf; k++)
			v[k] = (char *)rc.v[fields[k]];
		if (swt_writer_record(w, (size_t)nf, v))
			goto fail;
	}
	swt_progress_end(&pg);
	if (swt_writer_close(w))
		rc_exit = SWT_EXIT_DATA;
	if (swt_close_stdout())
		rc_exit = SWT_EXIT_DATA;
	return rc_exit;
fail:
	swt_progress_end(&pg);
	(void)swt_writer_close(w);
	(void)swt_close_stdout();	/* reports the error */
	return SWT_EXIT_DATA;
}
