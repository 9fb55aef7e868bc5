/*
 * gen.c - synthetic data: the random numbers of swt-gen, and the follow-up
 * of a caseload in a database (what happens after triage: referrals,
 * clocks, contacts, plans, closures), told as one story per request so
 * that what each command is given agrees with what the others are.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

/*
 * splitmix64, seeded afresh for each record (and each part of it) from
 * the seed and the record's index, so that record i is the same whatever
 * the count.
 */
static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t
swt_mix64(uint64_t z)
{
	return mix64(z);
}

void
swt_rng_init(struct swt_rng *r, uint64_t seed, uint64_t i, unsigned stream)
{
	r->s = mix64(mix64(seed + 0x5357542d47454eULL) ^ (i << 2 | stream));
}

static uint64_t
next(struct swt_rng *r)
{
	return mix64(r->s += 0x9e3779b97f4a7c15ULL);
}

uint32_t
swt_rng_below(struct swt_rng *r, uint32_t n)
{
	return (uint32_t)(((next(r) >> 32) * n) >> 32);
}

int
swt_rng_chance(struct swt_rng *r, uint32_t pm)
{
	return swt_rng_below(r, 1000) < pm;
}

const char *
swt_rng_pick(struct swt_rng *r, const struct swt_wv *t, size_t n)
{
	uint32_t sum = 0, x;

	for (size_t i = 0; i < n; i++)
		sum += t[i].w;
	x = swt_rng_below(r, sum);
	for (size_t i = 0; i < n; i++) {
		if (x < t[i].w)
			return t[i].v;
		x -= t[i].w;
	}
	return t[n - 1].v;
}

#define below swt_rng_below
#define chance swt_rng_chance
#define PICK(r, t) swt_rng_pick((r), (t), sizeof(t) / sizeof *(t))
#define NELEM(a) (sizeof(a) / sizeof *(a))

/* ---- the follow-up of a caseload ---- */

/*
 * Providers of Wmo and youth care: 002 names none, so a demo loads these
 * (made up, like everything swt-gen writes).
 */
static const char *const providers[][7] = {
	{ "delinde", "Thuiszorg De Linde (synthetisch)", "aanbieder",
	    "basale_adl|instrumentele_adl|lichamelijke_gezondheid|"
	    "tijdsbesteding", "", "5", "10" },
	{ "hetanker", "Begeleiding Het Anker (synthetisch)", "aanbieder",
	    "geestelijke_gezondheid|sociaal_netwerk|tijdsbesteding|"
	    "huiselijke_relaties|financien|middelengebruik|"
	    "maatschappelijke_participatie|justitie|huisvesting|"
	    "instrumentele_adl", "", "5", "10" },
	{ "hulpmiddelen_oost", "Hulpmiddelencentrum Oost (synthetisch)",
	    "aanbieder", "basale_adl|lichamelijke_gezondheid|huisvesting|"
	    "instrumentele_adl", "oost|noord|midden", "3", "15" },
	{ "hulpmiddelen_west", "Hulpmiddelencentrum West (synthetisch)",
	    "aanbieder", "basale_adl|lichamelijke_gezondheid|huisvesting|"
	    "instrumentele_adl", "west|zuid|midden", "3", "15" },
	{ "debrug", "Jeugdhulp De Brug (synthetisch)", "aanbieder",
	    "opvoeding|geestelijke_gezondheid|huiselijke_relaties|"
	    "sociaal_netwerk|werk_opleiding|middelengebruik|justitie", "",
	    "5", "10" },
	{ "vecht_kjp", "Kinder- en jeugdpsychiatrie Vecht (synthetisch)",
	    "aanbieder", "geestelijke_gezondheid|opvoeding", "", "10", "20" },
};

/* The iStandaarden products a service is mostly granted (SPEC 5). */
static const struct swt_wv prod_materieel[] = {
	{ "11", 20 }, { "12", 15 }, { "13", 25 }, { "14", 40 }
};
static const struct swt_wv prod_thuis[] = {
	{ "01", 60 }, { "03", 25 }, { "07", 15 }
};
static const struct swt_wv prod_psy[] = {
	{ "02", 70 }, { "07", 20 }, { "10", 10 }
};
static const struct swt_wv prod_bw[] = {
	{ "15", 70 }, { "16", 20 }, { "18", 10 }
};
static const struct swt_wv prod_jeugd[] = {
	{ "45", 60 }, { "41", 10 }, { "43", 8 }, { "44", 7 }, { "50", 10 },
	{ "51", 5 }
};
static const struct swt_wv end_wmo[] = {
	{ "19", 70 }, { "21", 10 }, { "22", 5 }, { "23", 10 }, { "02", 5 }
};
static const struct swt_wv end_jeugd[] = {
	{ "31", 70 }, { "32", 10 }, { "33", 5 }, { "34", 10 }, { "35", 5 }
};
static const struct swt_wv refusals[] = {
	{ "geen capaciteit, wachtlijst", 50 },
	{ "past niet bij ons aanbod", 30 },
	{ "inwoner niet bereikbaar", 20 }
};
static const struct swt_wv contact_kind[] = {
	{ "gesprek", 50 }, { "huisbezoek", 25 }, { "telefonisch", 15 },
	{ "digitaal", 5 }, { "mdo", 5 }
};
static const struct swt_wv close_eigen[] = {
	{ "opgelost", 70 }, { "afgebroken", 12 }, { "ingetrokken", 8 },
	{ "verhuisd", 5 }, { "overgedragen", 5 }
};

/* A goal a resident and the team write down, per life domain. */
static const char *const goal_text[][2] = {
	{ "financien", "Grip op geld: vaste lasten betaald, geen nieuwe schulden" },
	{ "werk_opleiding", "Een dag per week vrijwilligerswerk of opleiding" },
	{ "tijdsbesteding", "Een vaste dagbesteding die past" },
	{ "huisvesting", "Een stabiele en passende woonplek" },
	{ "huiselijke_relaties", "Rust en veiligheid in huis" },
	{ "geestelijke_gezondheid", "Klachten hanteerbaar, weet waar hulp is" },
	{ "lichamelijke_gezondheid", "Veilig bewegen in en om het huis" },
	{ "middelengebruik", "Gebruik onder controle" },
	{ "basale_adl", "Zelf wassen en aankleden met hulpmiddel" },
	{ "instrumentele_adl", "Huishouden weer zelf of met hulp van het netwerk" },
	{ "sociaal_netwerk", "Twee mensen om op terug te vallen" },
	{ "maatschappelijke_participatie", "Meedoen aan een activiteit in de wijk" },
	{ "justitie", "Afspraken met reclassering nakomen" },
	{ "opvoeding", "Ouders voelen zich zeker in de opvoeding" },
};

/* A partner of the registry, as the story needs it. */
struct partner {
	char *id, *tier, *domains, *districts;
};

/* One request's story: day numbers, NONE where it has not happened. */
#define NONE (-1L)
#define MAXC 48

struct story {
	char *const *q;			/* the request, DQ_* */
	long R, D, closed;
	const char *closure;
	/* the referral */
	const char *kind, *partner, *product, *response, *end_reason;
	const char *reason;
	long applied, decided, sent, responded, started, ended, withdrawn;
	/* its clock's suspension and extension */
	long sfrom, suntil, notified;
	int ext_days;
	/* contacts: date, kind */
	int nc;
	long cd[MAXC];
	const char *ck[MAXC];
};

struct follow {
	struct swt_db *db;
	struct swt_writer *w;
	enum swt_follow what;
	uint64_t seed;
	long on;
	struct partner *p;
	size_t np, pcap;
	/* plans: the requests of one resident */
	struct story *st;
	size_t nst, stcap;
	struct swt_gen_districts gd;	/* the teams' districts */
	char **held;			/* their rows, copied */
	int err;
};

static int
has(const char *set, const char *v)
{
	size_t n = strlen(v);

	if (!set || !*set)
		return 1;		/* empty: all */
	if (!n)
		return 0;		/* none: in no set that names some */
	for (const char *s = set; (s = strstr(s, v)); s += n)
		if ((s == set || s[-1] == '|') && (s[n] == '\0' || s[n] == '|'))
			return 1;
	return 0;
}

static int
partner_row(void *ctx, char *const *v)
{
	struct follow *f = ctx;
	struct partner *p;

	if (strcmp(v[PF_ACTIVE], "no") == 0)
		return 0;
	if (f->np == f->pcap) {
		size_t cap = f->pcap ? 2 * f->pcap : 32;
		struct partner *np = realloc(f->p, cap * sizeof *np);

		if (!np)
			return -1;
		f->p = np;
		f->pcap = cap;
	}
	p = &f->p[f->np++];
	memset(p, 0, sizeof *p);
	if (!(p->id = strdup(v[PF_PARTNER_ID])) ||
	    !(p->tier = strdup(v[PF_TIER])) ||
	    !(p->domains = strdup(v[PF_DOMAINS])) ||
	    !(p->districts = strdup(v[PF_DISTRICTS])))
		return -1;
	return 0;
}

/* A partner by id, if the registry has it (and it is active). */
static const char *
partner_id(const struct follow *f, const char *id)
{
	for (size_t i = 0; i < f->np; i++)
		if (!strcmp(f->p[i].id, id))
			return f->p[i].id;
	return NULL;
}

/*
 * A partner of the tier serving the domain and district: one of those,
 * drawn; a domain-specific one first (one whose domains are "all" comes
 * only when none is).
 */
static const char *
partner_for(const struct follow *f, struct swt_rng *r, const char *tier,
    const char *domain, const char *district)
{
	const char *fit[64];
	size_t n = 0;

	for (int pass = 0; pass < 2 && !n; pass++)
		for (size_t i = 0; i < f->np && n < NELEM(fit); i++) {
			const struct partner *p = &f->p[i];

			if (strcmp(p->tier, tier) || !has(p->districts,
			    district) || (pass == 0 && !*p->domains) ||
			    !has(p->domains, domain))
				continue;
			fit[n++] = p->id;
		}
	return n ? fit[below(r, (uint32_t)n)] : NULL;
}

static const char *
product_for(struct swt_rng *r, const char *service)
{
	if (!strcmp(service, "materieel"))
		return PICK(r, prod_materieel);
	if (!strcmp(service, "thuisondersteuning"))
		return PICK(r, prod_thuis);
	if (!strcmp(service, "psychosociaal"))
		return PICK(r, prod_psy);
	if (!strcmp(service, "beschermd_wonen"))
		return PICK(r, prod_bw);
	if (!strcmp(service, "jeugdhulp"))
		return PICK(r, prod_jeugd);
	return NULL;
}

static long
day(const char *v)
{
	return v && *v ? swt_date_days(v) : NONE;
}

/* What the team refers to, as swt-refer --propose would put it. */
static void
choose(const struct follow *f, struct swt_rng *r, struct story *s)
{
	char *const *q = s->q;
	const char *route = q[DQ_ROUTE], *law = q[DQ_LAW];
	const char *dom = q[DQ_LIFE_DOMAIN], *dis = q[DQ_DISTRICT];

	if (has(q[DQ_FLAGS], "huiselijk_geweld") && *q[DQ_FLAGS] &&
	    strcmp(route, "advies")) {
		s->kind = "erbij_halen";
		s->partner = partner_id(f, "veiligthuis");
	} else if (!strcmp(route, "sociale_basis")) {
		s->kind = "verwijzen";
		s->partner = partner_for(f, r, "sociale_basis", dom, dis);
	} else if (strcmp(route, "maatwerk")) {
		return;
	} else if (!strcmp(q[DQ_FINANCIAL], "complex")) {
		s->kind = "verwijzen";
		s->partner = partner_id(f, "io");
	} else if (!strcmp(law, "participatiewet")) {
		s->kind = "toewijzen";
		s->partner = partner_id(f, "tiem");
	} else if (!strcmp(q[DQ_PARTICIPATION], "arbeid")) {
		s->kind = "erbij_halen";
		s->partner = partner_id(f, "tiem");
	} else if (!strcmp(law, "wmo") || !strcmp(law, "jeugdwet")) {
		s->kind = "toewijzen";
		s->partner = partner_for(f, r, "aanbieder", dom, dis);
		s->product = product_for(r, q[DQ_SERVICE]);
	}
	if (!s->partner)
		s->kind = NULL;
}

/* The beschikking: its dates, and what held its clock up. */
static void
grant(struct swt_rng *r, struct story *s)
{
	const char *law = s->q[DQ_LAW];
	int wmo = !strcmp(law, "wmo"), len;

	s->applied = s->D + below(r, 4);
	if (wmo)
		s->decided = s->applied + (chance(r, 120) ? 15 + below(r, 15) :
		    3 + below(r, 11));
	else
		s->decided = s->applied + (chance(r, 80) ? 57 + below(r, 20) :
		    10 + below(r, 40));
	if (chance(r, 100)) {		/* waiting for the resident's papers */
		s->sfrom = s->applied + 1 + below(r, 5);
		len = 5 + (int)below(r, 15);
		s->suntil = s->sfrom + len;
		s->decided += len;
		if (s->decided <= s->suntil)
			s->decided = s->suntil + 1;
	}
	if (!wmo && chance(r, 60)) {	/* verdaging, notified in time */
		s->notified = s->applied + 40 + below(r, 14);
		s->ext_days = 28;
		s->decided = s->applied + 60 + below(r, 20);
	} else if (chance(r, 15)) {	/* one swt-term refuses */
		s->notified = wmo ? s->applied + 3 : s->applied + 61 +
		    (s->sfrom != NONE ? s->suntil - s->sfrom : 0);
		s->ext_days = 14;
	}
}

/* After the referral is sent: the answer, the start, the end. */
static void
follow_up(struct swt_rng *r, struct story *s)
{
	int wmo = !strcmp(s->q[DQ_LAW], "wmo");

	if (chance(r, 30)) {
		s->withdrawn = s->sent + below(r, 20);
		s->reason = "inwoner ziet af van de hulp";
		return;
	}
	if (chance(r, 80))		/* never answered */
		return;
	s->responded = s->sent + 1 + below(r, 9);
	if (chance(r, 100)) {
		s->response = "rejected";
		s->reason = PICK(r, refusals);
		return;
	}
	s->response = "accepted";
	if (chance(r, 70))		/* accepted, not started */
		return;
	s->started = s->responded + 2 + below(r, 16);
	if (!strcmp(s->kind, "toewijzen") && (wmo ||
	    !strcmp(s->q[DQ_LAW], "jeugdwet")) && chance(r, 350)) {
		s->ended = s->started + 30 + below(r, 200);
		s->end_reason = wmo ? PICK(r, end_wmo) : PICK(r, end_jeugd);
	}
}

/* Contacts: the intake conversation, then the route's. */
static void
talk(struct swt_rng *r, struct story *s)
{
	const char *route = s->q[DQ_ROUTE];
	long d = day(s->q[DQ_INTAKE_AT]);
	int n;

	s->nc = 0;
	if (d != NONE) {
		s->cd[s->nc] = d;
		s->ck[s->nc++] = "gesprek";
	}
	if (!strcmp(route, "eigen_inzet"))	/* 1 to 15, some over */
		n = chance(r, 70) ? 16 + (int)below(r, 6) :
		    1 + (int)below(r, 12);
	else if (!strcmp(route, "maatwerk"))
		n = 1 + (int)below(r, 4);
	else
		n = 0;
	d = s->D + below(r, 7);
	for (int i = 0; i < n && s->nc < MAXC; i++) {
		s->cd[s->nc] = d;
		s->ck[s->nc++] = !strcmp(route, "maatwerk") && i == 0 ? "mdo" :
		    PICK(r, contact_kind);
		d += 5 + below(r, 16);
	}
	/* leun en steun: check-ins after the conversations */
	if (!strcmp(route, "eigen_inzet") && chance(r, 250))
		for (int i = 0; i < 3 && s->nc < MAXC; i++) {
			d += 20 + below(r, 40);
			s->cd[s->nc] = d;
			s->ck[s->nc++] = "leun_steun";
		}
}

/* When and why the request closes, after its last contact. */
static void
close_request(struct swt_rng *r, struct story *s)
{
	const char *route = s->q[DQ_ROUTE];
	long last = s->nc ? s->cd[s->nc - 1] : s->D;

	if (last < s->D)
		last = s->D;
	s->closure = NULL;
	if (chance(r, 3)) {
		s->closed = last + below(r, 30);
		s->closure = "overleden";
	} else if (!strcmp(route, "advies")) {
		s->closed = last + below(r, 10);
		s->closure = chance(r, 900) ? "opgelost" : "ingetrokken";
	} else if (!strcmp(route, "sociale_basis")) {
		s->closed = (s->sent != NONE ? s->sent : last) + 5 +
		    below(r, 30);
		s->closure = chance(r, 600) ? "overgedragen" : "opgelost";
	} else if (!strcmp(route, "eigen_inzet")) {
		s->closed = last + below(r, 14);
		s->closure = PICK(r, close_eigen);
	} else if (s->started != NONE) {
		s->closed = s->started + 20 + below(r, 60);
		s->closure = chance(r, 750) ? "overgedragen" : "opgelost";
	} else if (s->withdrawn != NONE) {
		s->closed = s->withdrawn + below(r, 14);
		s->closure = "ingetrokken";
	} else {	/* care that never started: tried, then given up */
		s->closed = (s->sent != NONE ? s->sent : last) + 90 +
		    below(r, 181);
		s->closure = chance(r, 600) ? "overgedragen" : "afgebroken";
	}
	if (s->closure && s->closed < last)
		s->closed = last;
}

/* The whole story of one request, cut at the day f->on. */
static void
tell(const struct follow *f, char *const *q, struct story *s)
{
	struct swt_rng r;

	memset(s, 0, sizeof *s);
	s->q = q;
	s->applied = s->decided = s->sent = s->responded = s->started =
	    s->ended = s->withdrawn = s->sfrom = s->suntil = s->notified =
	    s->closed = NONE;
	s->R = day(q[DQ_RECEIVED_AT]);
	s->D = day(q[DQ_DECIDED_AT]);
	if (s->D < s->R)
		s->D = s->R;
	swt_rng_init(&r, f->seed ^ 0x464f4c4c4f57ULL,
	    (uint64_t)atoll(q[DQ_REQUEST_ID]), 1);
	choose(f, &r, s);
	if (s->kind) {
		if (!strcmp(s->kind, "toewijzen"))
			grant(&r, s);
		s->sent = (s->decided != NONE ? s->decided : s->D) +
		    below(&r, 3);
		follow_up(&r, s);
	}
	talk(&r, s);
	close_request(&r, s);
}

/* ---- writing ---- */

/* The fields of each kind of record, in swt_follow order. */
static char *const partner_names[] = { "partner_id", "name", "tier",
    "domains", "districts", "response_days", "start_days" };
static char *const referral_names[] = { "ref", "referral_ref", "kind",
    "partner", "product", "applied_at", "decided_at", "sent_at",
    "responded_at", "response", "started_at", "ended_at",
    "end_reason", "withdrawn_at", "reason" };
static char *const term_names[] = { "ref", "referral_ref", "term", "kind",
    "from_date", "until_date", "days", "notified_at", "reason" };
static char *const contact_names[] = { "ref", "contact_ref", "date", "kind",
    "staff", "minutes" };
static char *const staff_names[] = { "staff_id", "name", "district",
    "fte" };
static char *const complaint_names[] = { "ref", "request", "received_at",
    "admissible", "resolved_at" };
static char *const closure_names[] = { "ref", "closed_at", "closure_reason" };
static char *const plan_names[] = { "client_id", "opened_at", "owner",
    "regie", "reason", "next_evaluation_at", "checkin_days",
    "evaluated_at", "request", "life_domain", "description",
    "priority", "goal_owner", "target_date", "zrm_start",
    "zrm_target", "zrm_end", "goal_status", "closed_at",
    "closure_reason" };
static const struct {
	char *const *names;
	size_t n;
} heads[] = {
	{ partner_names, NELEM(partner_names) },
	{ referral_names, NELEM(referral_names) },
	{ term_names, NELEM(term_names) },
	{ contact_names, NELEM(contact_names) },
	{ closure_names, NELEM(closure_names) },
	{ plan_names, NELEM(plan_names) },
	{ staff_names, NELEM(staff_names) },
	{ complaint_names, NELEM(complaint_names) },
};


static int
put(struct follow *f, size_t n, char *const *v)
{
	return swt_writer_record(f->w, n, v);
}

/* A day as text, or NULL when it has not happened by f->on. */
static const char *
when(const struct follow *f, long d, char buf[11])
{
	if (d == NONE || d > f->on)
		return NULL;
	swt_date_from_days(d, buf);
	return buf;
}

/* The district teams and their staff, as swt-gen's requests name them. */
static const struct {
	const char *district, *staff[4];
} teams[SWT_GEN_TEAMS] = {
	{ "midden", { "m.jansen", "s.bakker", "r.elamrani", "l.visser" } },
	{ "noord", { "j.dejong", "a.mulder", "f.yilmaz", "p.bos" } },
	{ "oost", { "e.smit", "h.meijer", "n.vos", "k.dekker" } },
	{ "zuid", { "w.degroot", "t.brouwer", "i.dijkstra", "b.kok" } },
	{ "west", { "d.vandijk", "c.peters", "y.nguyen", "g.hendriks" } },
};

void
swt_gen_districts_default(struct swt_gen_districts *gd)
{
	for (size_t i = 0; i < SWT_GEN_TEAMS; i++)
		gd->d[i] = teams[i].district;
}

static int
district_row(void *ctx, char *const *v)
{
	struct swt_gen_districts *gd = ctx;

	if (gd->n < SWT_GEN_TEAMS && strlen(v[1]) < sizeof gd->buf[0])
		strcpy(gd->buf[gd->n++], v[1]);
	return 0;
}

int
swt_gen_districts_db(struct swt_db *db, struct swt_gen_districts *gd)
{
	gd->n = 0;
	swt_gen_districts_default(gd);
	if (swt_db_codes_each(db, "district", district_row, gd))
		return -1;
	for (size_t i = 0; gd->n && i < SWT_GEN_TEAMS; i++)
		gd->d[i] = gd->buf[i % gd->n];
	return 0;
}

const char *
swt_gen_staff(size_t team, uint32_t k)
{
	return team < SWT_GEN_TEAMS ? teams[team].staff[k % 4] : NULL;
}

/* A provider's districts (Zwolle's names) as the teams' districts. */
static void
districts_of(const struct follow *f, const char *set, char *out, size_t len)
{
	size_t n = 0;

	*out = '\0';
	for (const char *p = set; *p; p += *p == '|') {
		size_t k = strcspn(p, "|"), i = 0;
		const char *d;

		while (i < SWT_GEN_TEAMS && (strlen(teams[i].district) != k ||
		    strncmp(teams[i].district, p, k)))
			i++;
		p += k;
		if (i == SWT_GEN_TEAMS)
			continue;
		d = f->gd.d[i];
		if ((n && has(out, d)) || n + strlen(d) + 2 > len)
			continue;
		n += (size_t)snprintf(out + n, len - n, "%s%s", n ? "|" : "",
		    d);
	}
}

static int
write_partners(struct follow *f)
{
	char set[256];
	const char *v[7];

	for (size_t i = 0; i < NELEM(providers); i++) {
		memcpy(v, providers[i], sizeof v);
		districts_of(f, providers[i][4], set, sizeof set);
		v[4] = set;
		if (put(f, 7, (char *const *)v))
			return -1;
	}
	return 0;
}

/* Most work 0.6 to 1.0 FTE; a few less, a few more. */
static const struct swt_wv ftes[] = {
	{ "0.6", 15 }, { "0.7", 15 }, { "0.8", 25 }, { "0.9", 15 },
	{ "1.0", 20 }, { "0.4", 4 }, { "0.5", 4 }, { "1.1", 2 },
};

/* Staff: a made-up name from the id (m.jansen: M. Jansen), an FTE. */
static int
write_staff(struct follow *f)
{
	struct swt_rng r;
	char name[64];
	const char *v[4];

	for (size_t i = 0; i < NELEM(teams); i++)
		for (uint32_t k = 0; k < 4; k++) {
			const char *id = teams[i].staff[k];

			swt_rng_init(&r, f->seed ^ 0x5354414646ULL,
			    i * 4 + k, 1);
			swt_fmt(name, sizeof name, "%c. %c%s", toupper(
			    (unsigned char)id[0]), toupper((unsigned char)
			    id[2]), id + 3);
			v[0] = id;
			v[1] = name;
			v[2] = f->gd.d[i];
			v[3] = PICK(&r, ftes);
			if (put(f, 4, (char *const *)v))
				return -1;
		}
	return 0;
}

/*
 * About 1 request in 150 brings a complaint, some weeks after it came in;
 * 80% admissible; most dealt with within six weeks (Awb 9:11), some late,
 * some not yet.
 */
static int
write_complaint(struct follow *f, char *const *q)
{
	struct swt_rng r;
	char b[2][11], ref[80];
	const char *v[5];
	long got, done;
	uint32_t x;

	swt_rng_init(&r, f->seed ^ 0x4b4c41434854ULL,
	    (uint64_t)atoll(q[DQ_REQUEST_ID]), 1);
	if (below(&r, 150))
		return 0;
	got = day(q[DQ_RECEIVED_AT]) + 7 + below(&r, 120);
	x = below(&r, 100);
	done = x < 75 ? got + 3 + below(&r, 40) : x < 90 ? got + 43 +
	    below(&r, 60) : NONE;
	if (!when(f, got, b[0]))
		return 0;
	swt_fmt(ref, sizeof ref, "K-%s", q[DQ_REF]);
	v[0] = ref;
	v[1] = q[DQ_REF];
	v[2] = b[0];
	v[3] = chance(&r, 800) ? "yes" : "no";
	v[4] = when(f, done, b[1]);
	return put(f, 5, (char *const *)v);
}

static int
write_referral(struct follow *f, const struct story *s)
{
	char b[7][11], rr[64];
	const char *v[15];

	if (!s->kind || !when(f, s->sent, b[2]))
		return 0;
	swt_fmt(rr, sizeof rr, "%s-V1", s->q[DQ_REF]);
	v[0] = s->q[DQ_REF];
	v[1] = rr;
	v[2] = s->kind;
	v[3] = s->partner;
	v[4] = s->product;
	v[5] = when(f, s->applied, b[0]);
	v[6] = when(f, s->decided, b[1]);
	v[7] = b[2];
	v[8] = when(f, s->responded, b[3]);
	v[9] = v[8] ? s->response : NULL;
	v[10] = when(f, s->started, b[4]);
	v[11] = when(f, s->ended, b[5]);
	v[12] = v[11] ? s->end_reason : NULL;
	v[13] = when(f, s->withdrawn, b[6]);
	v[14] = (v[9] && !strcmp(v[9], "rejected")) || v[13] ? s->reason :
	    NULL;
	return put(f, 15, (char *const *)v);
}

static int
write_terms(struct follow *f, const struct story *s)
{
	char b[3][11], rr[64], term[40], days[8];
	const char *v[9];

	if (!s->kind || strcmp(s->kind, "toewijzen") || s->applied == NONE)
		return 0;
	swt_fmt(rr, sizeof rr, "%s-V1", s->q[DQ_REF]);
	swt_fmt(term, sizeof term, "%s_beschikking", s->q[DQ_LAW]);
	v[0] = s->q[DQ_REF];
	v[1] = rr;
	v[2] = term;
	if (when(f, s->sfrom, b[0])) {
		v[3] = "suspension";
		v[4] = b[0];
		v[5] = when(f, s->suntil, b[1]);
		v[6] = v[7] = NULL;
		v[8] = "documenten";
		if (put(f, 9, (char *const *)v))
			return -1;
	}
	if (when(f, s->notified, b[2])) {
		swt_fmt(days, sizeof days, "%d", s->ext_days);
		v[3] = "extension";
		v[4] = v[5] = NULL;
		v[6] = days;
		v[7] = b[2];
		v[8] = "verdaging";
		if (put(f, 9, (char *const *)v))
			return -1;
	}
	return 0;
}

static int
write_contacts(struct follow *f, const struct story *s)
{
	char b[11], cref[64], min[8];
	const char *v[6];
	struct swt_rng r;

	swt_rng_init(&r, f->seed ^ 0x434f4e54ULL,
	    (uint64_t)atoll(s->q[DQ_REQUEST_ID]), 2);
	for (int i = 0; i < s->nc; i++) {
		if (!when(f, s->cd[i], b) || (s->closure &&
		    s->cd[i] > s->closed))
			break;
		swt_fmt(cref, sizeof cref, "%s-C%d", s->q[DQ_REF], i + 1);
		swt_fmt(min, sizeof min, "%u", strcmp(s->ck[i],
		    "telefonisch") ? 30 + 5 * below(&r, 13) :
		    10 + 5 * below(&r, 5));
		v[0] = s->q[DQ_REF];
		v[1] = cref;
		v[2] = b;
		v[3] = s->ck[i];
		v[4] = *s->q[DQ_STAFF] ? s->q[DQ_STAFF] : NULL;
		v[5] = min;
		if (put(f, 6, (char *const *)v))
			return -1;
	}
	return 0;
}

static int
write_closure(struct follow *f, const struct story *s)
{
	char b[11];
	const char *v[3];

	if (!s->closure || !when(f, s->closed, b))
		return 0;
	v[0] = s->q[DQ_REF];
	v[1] = b;
	v[2] = s->closure;
	return put(f, 3, (char *const *)v);
}

/*
 * The plan of one resident: opened a week to five weeks after the first
 * decision on eigen inzet or maatwerk, a goal per such request, evaluated
 * after 13 weeks (a share late), closed when all those requests are.
 */
static int
write_plan(struct follow *f)
{
	enum { C, O, OW, RG, RS, NX, CI, EV, RQ, LD, DS, PR, GO, TD, ZS, ZT,
	    ZE, GS, CA, CR, NF };
	char b[5][11], pr[4], zs[2], zt[2], ze[2];
	const char *v[NF];
	struct swt_rng r;
	long opened = NONE, closed = NONE, shut, ev, next;
	int open = 0, differ = 0;
	const char *regie = NULL, *owner = NULL;

	if (!f->nst)
		return 0;
	swt_rng_init(&r, f->seed ^ 0x504c414eULL,
	    (uint64_t)atoll(f->st[0].q[DQ_REQUEST_ID]), 3);
	for (size_t i = 0; i < f->nst; i++) {
		const struct story *s = &f->st[i];

		if (opened == NONE || s->D < opened)
			opened = s->D;
		if (!s->closure || s->closed > f->on)
			open = 1;
		else if (s->closed > closed)
			closed = s->closed;
		if (regie && strcmp(regie, s->q[DQ_REGIE]))
			differ = 1;
		regie = s->q[DQ_REGIE];
		if (!owner && *s->q[DQ_STAFF])
			owner = s->q[DQ_STAFF];
	}
	opened += 7 + below(&r, chance(&r, 150) ? 60 : 25);
	if (opened > f->on || (closed != NONE && !open && opened > closed))
		return 0;
	shut = open ? NONE : closed + below(&r, 7);
	ev = opened + 91;
	next = ev;
	memset(v, 0, sizeof v);
	v[C] = f->st[0].q[DQ_CLIENT_ID];
	v[O] = when(f, opened, b[0]);
	v[OW] = owner;
	v[RG] = differ ? "swt" : regie;
	v[RS] = differ ? "meer vragen tegelijk: het team houdt de regie" :
	    NULL;
	if (chance(&r, 250))
		v[CI] = chance(&r, 500) ? "28" : "42";
	ev += chance(&r, 200) ? 14 + below(&r, 46) : below(&r, 10);
	if (when(f, ev, b[1]) && (shut == NONE || ev <= shut)) {
		v[EV] = b[1];
		next = ev + 91;
	}
	swt_date_from_days(next, b[2]);	/* the next one may be ahead */
	v[NX] = b[2];
	for (size_t i = 0; i < f->nst; i++) {
		const struct story *s = &f->st[i];
		const char *txt = NULL;
		int z0 = *s->q[DQ_ZRM] ? atoi(s->q[DQ_ZRM]) : 2, zt_ = z0 +
		    (z0 <= 2 ? 2 : 1), zend;

		if (zt_ > 5)
			zt_ = 5;
		for (size_t k = 0; k < NELEM(goal_text); k++)
			if (!strcmp(goal_text[k][0], s->q[DQ_LIFE_DOMAIN]))
				txt = goal_text[k][1];
		v[RQ] = s->q[DQ_REF];
		v[LD] = s->q[DQ_LIFE_DOMAIN];
		v[DS] = txt;
		swt_fmt(pr, sizeof pr, "%d", i < 2 ? (int)i + 1 : 3);
		v[PR] = pr;
		v[GO] = !strcmp(s->q[DQ_ROUTE], "maatwerk") ? "aanbieder" :
		    chance(&r, 300) ? "inwoner" : "swt";
		swt_date_from_days(opened + 120 + below(&r, 120), b[3]);
		v[TD] = b[3];
		swt_fmt(zs, sizeof zs, "%d", z0);
		swt_fmt(zt, sizeof zt, "%d", zt_);
		v[ZS] = zs;
		v[ZT] = zt;
		v[ZE] = NULL;
		v[GS] = "open";
		if (s->closure && s->closed <= f->on) {
			zend = chance(&r, 650) ? zt_ : chance(&r, 570) ?
			    zt_ - 1 : z0;
			swt_fmt(ze, sizeof ze, "%d", zend);
			v[ZE] = ze;
			v[GS] = !strcmp(s->closure, "afgebroken") ||
			    !strcmp(s->closure, "ingetrokken") ||
			    !strcmp(s->closure, "verhuisd") ||
			    !strcmp(s->closure, "overleden") ? "cancelled" :
			    zend >= zt_ ? "achieved" : zend > z0 ? "partly" :
			    "not_achieved";
		}
		if (put(f, NF, (char *const *)v))
			return -1;
		/* the plan's fields once, with its first goal */
		for (int k = O; k <= EV; k++)
			if (k != C)
				v[k] = NULL;
	}
	if (!when(f, shut, b[4]))
		return 0;
	memset(v, 0, sizeof v);
	v[C] = f->st[0].q[DQ_CLIENT_ID];
	v[CA] = b[4];
	v[CR] = f->st[f->nst - 1].closure;
	return put(f, NF, (char *const *)v);
}

static void
drop_held(struct follow *f)
{
	for (size_t i = 0; i < f->nst; i++) {
		for (int k = 0; k < DQ_N; k++)
			free(f->held[i * DQ_N + k]);
	}
	f->nst = 0;
}

/* Plans: the requests of a resident are held until the next resident. */
static int
hold(struct follow *f, char *const *q)
{
	if (f->nst && strcmp(f->st[0].q[DQ_CLIENT_ID], q[DQ_CLIENT_ID])) {
		int rc = write_plan(f);

		drop_held(f);
		if (rc)
			return -1;
	}
	if (strcmp(q[DQ_ROUTE], "eigen_inzet") && strcmp(q[DQ_ROUTE],
	    "maatwerk"))
		return 0;
	if (f->nst == f->stcap) {
		size_t cap = f->stcap ? 2 * f->stcap : 8;
		struct story *st = realloc(f->st, cap * sizeof *st);
		char **h;

		if (!st)
			return -1;
		f->st = st;
		if (!(h = realloc(f->held, cap * DQ_N * sizeof *h)))
			return -1;
		f->held = h;
		f->stcap = cap;
		/* the stories point into held: point them again */
		for (size_t i = 0; i < f->nst; i++)
			f->st[i].q = &f->held[i * DQ_N];
	}
	for (int k = 0; k < DQ_N; k++)
		if (!(f->held[f->nst * DQ_N + k] = strdup(q[k])))
			return -1;
	tell(f, &f->held[f->nst * DQ_N], &f->st[f->nst]);
	f->nst++;
	return 0;
}

static int
request_row(void *ctx, size_t n, char *const *q)
{
	struct follow *f = ctx;
	struct story s;

	(void)n;
	if (day(q[DQ_RECEIVED_AT]) > f->on)
		return 0;
	if (f->what == SWT_FOLLOW_PLANS)
		return hold(f, q);
	if (f->what == SWT_FOLLOW_COMPLAINTS)
		return write_complaint(f, q);
	tell(f, q, &s);
	switch (f->what) {
	case SWT_FOLLOW_REFERRALS:
		return write_referral(f, &s);
	case SWT_FOLLOW_TERMS:
		return write_terms(f, &s);
	case SWT_FOLLOW_CONTACTS:
		return write_contacts(f, &s);
	case SWT_FOLLOW_CLOSURES:
		return write_closure(f, &s);
	default:
		return 0;
	}
}

int
swt_gen_follow(struct swt_db *db, struct swt_writer *w,
    enum swt_follow what, uint64_t seed, const char *on)
{
	struct follow f = { .db = db, .w = w, .what = what, .seed = seed,
	    .on = swt_date_days(on) };
	int rc;

	if (db ? swt_gen_districts_db(db, &f.gd) : (swt_gen_districts_default(
	    &f.gd), 0))
		return -1;
	if (swt_writer_header(w, heads[what].n, heads[what].names))
		return -1;
	if (what == SWT_FOLLOW_PARTNERS)
		return write_partners(&f);
	if (what == SWT_FOLLOW_STAFF)
		return write_staff(&f);
	rc = swt_db_partners(db, partner_row, &f);
	if (rc == 0)
		rc = swt_db_decided(db, request_row, &f);
	if (rc == 0 && what == SWT_FOLLOW_PLANS)
		rc = write_plan(&f);
	drop_held(&f);
	free(f.held);
	free(f.st);
	for (size_t i = 0; i < f.np; i++) {
		free(f.p[i].id);
		free(f.p[i].tier);
		free(f.p[i].domains);
		free(f.p[i].districts);
	}
	free(f.p);
	return rc;
}
