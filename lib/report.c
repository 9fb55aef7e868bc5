/*
 * swt-kpi --report html: the published KPIs (SPEC 7, 002 ch. 9.1) as one
 * self-contained page for management and the council, in Dutch: inline
 * CSS, inline SVG charts each with its table beneath, no scripts, no
 * network.  The figures come in as swt-kpi computed and published them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

struct rfig {
	char *kpi, *measure, *sub;	/* sub NULL: the whole period */
	char period[32];	/* a measurement's own */
	char value[32], baseline[32], change[32], target[32];
	const char *met;
	int suppressed;
};

struct swt_report {
	const struct swt_kpi_ask *a;
	int compare, targets;
	struct rfig *f;
	size_t n, cap;
	char **sub;		/* the sub-periods, in order */
	size_t nsub, subcap;
};

enum chart { CH_BARS, CH_STACK, CH_NONE };

/* A section of the page: one KPI, its chart's series (NULL ends). */
struct section {
	const char *kpi, *title, *intro;
	enum chart chart;
	int pct;		/* the chart's scale: percent (0-100) */
	const char *series[5];	/* "*_on_time_pct": each term's */
};

static const struct section sections[] = {
	{ "beweging", "Van zwaar naar licht: de route van de besluiten",
	  "Het aandeel van elke route in de besluiten (het laatste besluit "
	  "per hulpvraag). Minder maatwerk en meer lichte routes is de "
	  "beweging van zwaar naar licht (002 hoofdstuk 3).", CH_STACK, 1,
	  { "maatwerk_pct", "eigen_inzet_pct", "sociale_basis_pct",
	    "advies_pct" } },
	{ "wachttijd_intake", "Wachttijd tot intake",
	  "Kalenderdagen van melding tot intake, van de hulpvragen met een "
	  "intake in de periode.", CH_BARS, 0,
	  { "median", "mean", "p90" } },
	{ "wachttijd_ondersteuning", "Wachttijd tot ondersteuning",
	  "Kalenderdagen van intake tot de start van de ondersteuning (bij "
	  "een verwijzing: het moment van verwijzen).", CH_BARS, 0,
	  { "median", "mean", "p90" } },
	{ "doorlooptijd", "Doorlooptijd",
	  "Kalenderdagen van de start van de ondersteuning tot het "
	  "afsluiten, van de hulpvragen afgesloten in de periode.", CH_BARS, 0,
	  { "median", "mean", "p90" } },
	{ "wettelijke_termijnen", "Wettelijke termijnen gehaald",
	  "Het aandeel van de afgelopen wettelijke termijnen dat binnen de "
	  "termijn bleef, per termijn.", CH_BARS, 1, { "*_on_time_pct" } },
	{ "effectiviteit", "Effectiviteit",
	  "De doelen van de afgesloten plannen: behaald, deels of niet; en "
	  "waar de bewoners van de afgesloten hulpvragen terechtkwamen.",
	  CH_STACK, 1, { "achieved_pct", "partly_pct", "not_achieved_pct" } },
	{ "klachten", "Klachten",
	  "Ontvangen en afgehandelde klachten; afgehandeld binnen zes weken "
	  "(Awb 9:11).", CH_BARS, 0, { "received", "resolved" } },
	{ "efficientie", "Efficiëntie",
	  "De werkvoorraad op de laatste dag van de periode, tegen de "
	  "formatie.", CH_BARS, 0, { "per_fte" } },
	{ "proceskwaliteit", "Proceskwaliteit",
	  "Afgesloten hulpvragen met een ondersteuningsplan, en afgesloten "
	  "plannen met een evaluatie.", CH_BARS, 1,
	  { "met_plan_pct", "met_evaluatie_pct" } },
	{ "afwijkingen", "Afwijkingen van het triage-advies",
	  "Besluiten waarvan de route afwijkt van de aanbevolen route, en "
	  "of de afwijking lichter of zwaarder is (002 4.2.5).", CH_BARS, 1,
	  { "afwijkend_pct", "lichter_pct", "zwaarder_pct" } },
	{ "", "Gemeten buiten het primaire proces",
	  "Bereikbaarheid, cliëntervaringen en bekendheid, zoals aangeleverd "
	  "(--measurements).", CH_NONE, 0, { NULL } },
};

/* Dutch labels: of a KPI's measure (kpi NULL: of any KPI). */
static const struct label {
	const char *kpi, *measure, *label;
} labels[] = {
	{ "beweging", "count", "Besluiten (aantal)" },
	{ "beweging", "advies", "Advies (aantal)" },
	{ "beweging", "sociale_basis", "Sociale basis (aantal)" },
	{ "beweging", "eigen_inzet", "Eigen inzet wijkteam (aantal)" },
	{ "beweging", "maatwerk", "Maatwerk (aantal)" },
	{ "beweging", "advies_pct", "Advies (%)" },
	{ "beweging", "sociale_basis_pct", "Sociale basis (%)" },
	{ "beweging", "eigen_inzet_pct", "Eigen inzet wijkteam (%)" },
	{ "beweging", "maatwerk_pct", "Maatwerk (%)" },
	{ "wachttijd_intake", "count", "Intakes (aantal)" },
	{ "wachttijd_intake", "waiting", "Wachtend op intake, einde periode" },
	{ "afwijkingen", "count", "Besluiten (aantal)" },
	{ NULL, "count", "Hulpvragen (aantal)" },
	{ NULL, "median", "Mediaan (dagen)" },
	{ NULL, "mean", "Gemiddelde (dagen)" },
	{ NULL, "p90", "90e percentiel (dagen)" },
	{ "klachten", "received", "Ontvangen" },
	{ "klachten", "admissible", "Ontvankelijk" },
	{ "klachten", "resolved", "Afgehandeld" },
	{ "klachten", "on_time_pct", "Binnen zes weken afgehandeld (%)" },
	{ "effectiviteit", "verblijf", "Verblijf (bewoners)" },
	{ "effectiviteit", "ambulant", "Ambulant (bewoners)" },
	{ "effectiviteit", "eigen_inzet", "Eigen inzet (bewoners)" },
	{ "effectiviteit", "voorliggend", "Voorliggend (bewoners)" },
	{ "effectiviteit", "zelf", "Zelf verder (bewoners)" },
	{ "effectiviteit", "achieved_pct", "Doelen behaald (%)" },
	{ "effectiviteit", "partly_pct", "Doelen deels behaald (%)" },
	{ "effectiviteit", "not_achieved_pct", "Doelen niet behaald (%)" },
	{ "effectiviteit", "zrm_change", "Verandering ZRM-score (gemiddeld)" },
	{ "effectiviteit", "herhaling_pct", "Opnieuw hulpvraag binnen een "
	  "jaar (%)" },
	{ "efficientie", "open_requests", "Openstaande hulpvragen" },
	{ "efficientie", "open_plans", "Lopende plannen" },
	{ "efficientie", "fte", "Formatie (fte)" },
	{ "efficientie", "per_fte", "Openstaande hulpvragen per fte" },
	{ "proceskwaliteit", "met_plan_pct", "Met ondersteuningsplan (%)" },
	{ "proceskwaliteit", "met_evaluatie_pct", "Plannen geëvalueerd (%)" },
	{ "afwijkingen", "afwijkend_pct", "Afwijkend van het advies (%)" },
	{ "afwijkingen", "lichter_pct", "Daarvan lichter (%)" },
	{ "afwijkingen", "zwaarder_pct", "Daarvan zwaarder (%)" },
	{ "bereikbaarheid", "value", "Bereikbaarheid" },
	{ "clientervaringen", "value", "Cliëntervaringen" },
	{ "bekendheid", "value", "Bekendheid" },
	{ NULL, NULL, NULL }
};

/* The legal terms (SPEC 6b) and what is measured of each. */
static const char *const terms[][2] = {
	{ "wmo_onderzoek", "Wmo-onderzoek" },
	{ "wmo_beschikking", "Wmo-beschikking" },
	{ "jeugdwet_beschikking", "Jeugdwet-beschikking" },
	{ "participatiewet_beschikking", "Participatiewet-beschikking" },
	{ NULL, NULL }
};
static const char *const term_measures[][2] = {
	{ "_on_time_pct", "binnen de termijn (%)" },
	{ "_count", "afgelopen (aantal)" },
	{ "_overdue", "lopend over de termijn" },
	{ NULL, NULL }
};

static const char *const colours[] = { "#7b2d4f", "#c8698f", "#3f7cbf",
	"#8fc377", "#d99a2b" };

static const char *const months[] = { "januari", "februari", "maart",
	"april", "mei", "juni", "juli", "augustus", "september", "oktober",
	"november", "december" };

static const char style[] =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#222;"
    "max-width:70rem;margin:0 auto;padding:1rem 1.5rem;line-height:1.45}"
    "h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.3rem;"
    "border-bottom:2px solid #7b2d4f;padding-bottom:.2rem;margin-top:2.2rem}"
    "table{border-collapse:collapse;margin:.6rem 0 .3rem;font-size:.9rem}"
    "caption{text-align:left;font-weight:bold;padding:.3rem 0}"
    "th,td{border:1px solid #bbb;padding:.25rem .5rem}"
    "td{text-align:right;font-variant-numeric:tabular-nums}"
    "th[scope=row]{text-align:left;font-weight:normal;min-width:13rem}"
    "thead th{background:#f1e8ec}"
    ".note{font-size:.85rem;color:#555}"
    "svg{max-width:100%;height:auto;display:block;margin:.6rem 0}"
    "svg text{font-family:'DejaVu Sans',Arial,sans-serif;font-size:12px}"
    "nav ol{columns:2}"
    "@media print{nav{display:none}body{max-width:none;font-size:10pt}"
    "section{break-inside:avoid-page}h2{margin-top:1rem}}"
    "@page{size:A4;margin:15mm}";

struct swt_report *
swt_report_new(const struct swt_kpi_ask *a, int compare, int targets)
{
	struct swt_report *r = calloc(1, sizeof *r);

	if (r) {
		r->a = a;
		r->compare = compare;
		r->targets = targets;
	}
	return r;
}

void
swt_report_free(struct swt_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->f[i].kpi);
		free(r->f[i].measure);
	}
	for (size_t i = 0; i < r->nsub; i++)
		free(r->sub[i]);
	free(r->f);
	free(r->sub);
	free(r);
}

int
swt_report_split(const struct swt_kpi_ask *a)
{
	long days = a->last - a->first + 1;

	return days > 92 ? SWT_BY_QUARTER : days > 31 ? SWT_BY_MONTH : -1;
}

/* Sub-period s, kept once in order: its name, or NULL (no memory). */
static char *
sub_of(struct swt_report *r, const char *s)
{
	for (size_t i = 0; i < r->nsub; i++)
		if (!strcmp(r->sub[i], s))
			return r->sub[i];
	if (r->nsub == r->subcap) {
		size_t cap = r->subcap ? 2 * r->subcap : 8;
		char **p = realloc(r->sub, cap * sizeof *p);

		if (!p)
			return NULL;
		r->sub = p;
		r->subcap = cap;
	}
	return (r->sub[r->nsub] = strdup(s)) ? r->sub[r->nsub++] : NULL;
}

int
swt_report_add(struct swt_report *r, const struct swt_kpi_fig *f,
    const char *sub, const char *baseline, const char *change,
    const char *target, const char *met)
{
	struct rfig *g;

	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 256;
		struct rfig *p = realloc(r->f, cap * sizeof *p);

		if (!p)
			return -1;
		r->f = p;
		r->cap = cap;
	}
	g = memset(&r->f[r->n], 0, sizeof *g);
	if ((sub && !(g->sub = sub_of(r, sub))) ||
	    !(g->kpi = strdup(f->kpi)) || !(g->measure = strdup(f->measure))) {
		free(g->kpi);
		return -1;
	}
	r->n++;
	swt_fmt(g->period, sizeof g->period, "%s", f->period);
	swt_fmt(g->value, sizeof g->value, "%s", f->value);
	swt_fmt(g->baseline, sizeof g->baseline, "%s", baseline);
	swt_fmt(g->change, sizeof g->change, "%s", change);
	swt_fmt(g->target, sizeof g->target, "%s", target);
	g->met = met;
	g->suppressed = f->suppressed;
	return 0;
}

/* The figure of kpi's measure in sub-period sub (NULL: whole), or NULL. */
static const struct rfig *
find(const struct swt_report *r, const char *kpi, const char *measure,
    const char *sub)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->f[i].sub == sub && !strcmp(r->f[i].kpi, kpi) &&
		    !strcmp(r->f[i].measure, measure))
			return &r->f[i];
	return NULL;
}

/* Is the figure one of the KPIs measured outside? */
static int
outside(const struct rfig *g)
{
	return swt_kpi_parse(g->kpi) < 0;
}

/* Write s, HTML-escaped. */
static void
esc(FILE *fp, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: putc(*s, fp);
		}
}

/* A number the Dutch way (decimal comma), escaped. */
static void
num(FILE *fp, const char *v)
{
	for (; *v; v++)
		if (*v == '.')
			putc(',', fp);
		else
			esc(fp, (char[]){ *v, '\0' });
}

/* The Dutch label of kpi's measure into out. */
static const char *
label(const char *kpi, const char *measure, char *out, size_t len)
{
	size_t ml = strlen(measure);

	if (swt_kpi_outside(kpi) && strcmp(measure, "value")) {
		swt_fmt(out, len, "%s: %s", label(kpi, "value", out, len),
		    measure);
		return out;
	}
	for (const struct label *l = labels; l->measure; l++)
		if ((!l->kpi || !strcmp(l->kpi, kpi)) &&
		    !strcmp(l->measure, measure))
			return l->label;
	for (int i = 0; term_measures[i][0]; i++) {
		size_t sl = strlen(term_measures[i][0]);
		const char *name = NULL;

		if (ml <= sl || strcmp(measure + ml - sl, term_measures[i][0]))
			continue;
		for (int t = 0; terms[t][0] && !name; t++)
			if (strlen(terms[t][0]) == ml - sl &&
			    !strncmp(measure, terms[t][0], ml - sl))
				name = terms[t][1];
		if (name)
			swt_fmt(out, len, "%s: %s", name, term_measures[i][1]);
		else
			swt_fmt(out, len, "%.*s: %s", (int)(ml - sl), measure,
			    term_measures[i][1]);
		return out;
	}
	return measure;
}

/* A sub-period's name in Dutch: 2024-Q1, 2024-03; NULL: the whole. */
static void
sub_name(FILE *fp, const struct swt_report *r, const char *sub)
{
	if (!sub) {
		fputs("Hele periode", fp);
	} else if (strlen(sub) == 7 && sub[5] == 'Q') {
		fprintf(fp, "%ce kwartaal ", sub[6]);
		esc(fp, (char[]){ sub[0], sub[1], sub[2], sub[3], '\0' });
	} else if (strlen(sub) == 7 && sub[4] == '-' &&
	    atoi(sub + 5) >= 1 && atoi(sub + 5) <= 12) {
		fprintf(fp, "%s ", months[atoi(sub + 5) - 1]);
		esc(fp, (char[]){ sub[0], sub[1], sub[2], sub[3], '\0' });
	} else {
		esc(fp, sub);
	}
	(void)r;
}

/* A day as "1 januari 2024". */
static void
day_name(FILE *fp, long day)
{
	char iso[16];

	swt_date_from_days(day, iso);
	fprintf(fp, "%d %s %.4s", atoi(iso + 8), months[atoi(iso + 5) - 1],
	    iso);
}

/* A cell's value: the number, "–" suppressed, "n.v.t." none. */
static void
cell(FILE *fp, const struct rfig *g)
{
	fputs("<td>", fp);
	if (!g || (!g->suppressed && !*g->value))
		fputs("n.v.t.", fp);
	else if (g->suppressed)
		fputs("<span title=\"niet gepubliceerd\">–</span>", fp);
	else
		num(fp, g->value);
	fputs("</td>", fp);
}

/* The chart's series: s's own, or each term's (from the figures). */
static size_t
series_of(const struct swt_report *r, const struct section *s,
    const char **out, size_t max)
{
	size_t n = 0;
	const char *suffix;

	if (!s->series[0] || s->series[0][0] != '*') {
		for (; n < max && s->series[n]; n++)
			out[n] = s->series[n];
		return n;
	}
	suffix = s->series[0] + 1;
	for (size_t i = 0; i < r->n && n < max; i++) {
		const char *m = r->f[i].measure;
		size_t ml = strlen(m), sl = strlen(suffix);

		if (!r->f[i].sub && !strcmp(r->f[i].kpi, s->kpi) && ml > sl &&
		    !strcmp(m + ml - sl, suffix))
			out[n++] = m;
	}
	return n;
}

/* The chart's rows: each sub-period, then the whole period (NULL). */
static size_t
rows_of(const struct swt_report *r, const char **out)
{
	for (size_t i = 0; i < r->nsub; i++)
		out[i] = r->sub[i];
	out[r->nsub] = NULL;
	return r->nsub + 1;
}

/* A figure's value as a number: 1, or 0 (none, suppressed). */
static int
value_of(const struct rfig *g, double *v)
{
	if (!g || g->suppressed || !*g->value)
		return 0;
	*v = strtod(g->value, NULL);
	return 1;
}

#define SVG_W 720
#define SVG_L 170	/* the row labels' width */
#define SVG_CW 480	/* the bars' width at the scale's top */

static void
legend(FILE *fp, const struct section *s, const char **ser, size_t nser,
    int *y)
{
	char buf[128];

	for (size_t i = 0; i < nser; i++, *y += 18) {
		fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" "
		    "fill=\"%s\"/><text x=\"%d\" y=\"%d\">", SVG_L, *y,
		    colours[i % 5], SVG_L + 18, *y + 10);
		esc(fp, label(s->kpi, ser[i], buf, sizeof buf));
		fputs("</text>", fp);
	}
	*y += 6;
}

static void
row_label(FILE *fp, const struct swt_report *r, const char *sub, int y)
{
	fprintf(fp, "<text x=\"0\" y=\"%d\">", y);
	sub_name(fp, r, sub);
	fputs("</text>", fp);
}

/* Has the chart a value to draw (1, or 0)?  top: the greatest. */
static int
drawable(const struct swt_report *r, const struct section *s,
    const char **ser, size_t nser, const char **rows, size_t nrows,
    double *top)
{
	double v;
	int any = 0;

	*top = 0;
	for (size_t i = 0; i < nrows; i++)
		for (size_t j = 0; j < nser; j++)
			if (value_of(find(r, s->kpi, ser[j], rows[i]), &v)) {
				any = 1;
				*top = v > *top ? v : *top;
			}
	return any;
}

/* Grouped bars: per row, a bar per series, its value beside it. */
static void
bars(FILE *fp, const struct swt_report *r, const struct section *s,
    const char **ser, size_t nser, const char **rows, size_t nrows, int y)
{
	double top, v;

	drawable(r, s, ser, nser, rows, nrows, &top);
	top = s->pct ? 100 : top > 0 ? top : 1;

	for (size_t i = 0; i < nrows; i++, y += 10) {
		row_label(fp, r, rows[i], y + 11);
		for (size_t j = 0; j < nser; j++, y += 16) {
			const struct rfig *g = find(r, s->kpi, ser[j], rows[i]);
			int w;

			if (!value_of(g, &v)) {
				fprintf(fp, "<text x=\"%d\" y=\"%d\">%s</text>",
				    SVG_L + 4, y + 11, g && g->suppressed ?
				    "–" : "n.v.t.");
				continue;
			}
			w = v <= 0 ? 0 : (int)(v / top * SVG_CW + 0.5);
			fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"13\" fill=\"%s\"/><text x=\"%d\" "
			    "y=\"%d\">", SVG_L, y, w ? w : 1, colours[j % 5],
			    SVG_L + w + 5, y + 11);
			num(fp, g->value);
			fputs("</text>", fp);
		}
	}
}

/* Stacked shares: per row, the series side by side, 0 to 100 %. */
static void
stack(FILE *fp, const struct swt_report *r, const struct section *s,
    const char **ser, size_t nser, const char **rows, size_t nrows, int y)
{
	double v;

	for (int t = 0; t <= 100; t += 25)
		fprintf(fp, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%zu\" "
		    "stroke=\"#999\" stroke-dasharray=\"2 3\"/><text x=\"%d\" "
		    "y=\"%zu\" text-anchor=\"middle\">%d%%</text>",
		    SVG_L + t * SVG_CW / 100, SVG_L + t * SVG_CW / 100, y,
		    y + nrows * 28, SVG_L + t * SVG_CW / 100,
		    y + nrows * 28 + 14, t);
	for (size_t i = 0; i < nrows; i++, y += 28) {
		double x = SVG_L;

		row_label(fp, r, rows[i], y + 15);
		for (size_t j = 0; j < nser; j++) {
			const struct rfig *g = find(r, s->kpi, ser[j], rows[i]);
			double w;

			if (!value_of(g, &v) || v <= 0)
				continue;
			w = v * SVG_CW / 100;
			fprintf(fp, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
			    "height=\"20\" fill=\"%s\"/>", x, y, w,
			    colours[j % 5]);
			if (w >= 40) {
				fprintf(fp, "<text x=\"%.1f\" y=\"%d\" "
				    "fill=\"#fff\">", x + 4, y + 14);
				num(fp, g->value);
				fputs("%</text>", fp);
			}
			x += w;
		}
	}
}

/* The section's chart, an image with its title and description. */
static void
chart(FILE *fp, const struct swt_report *r, const struct section *s)
{
	const char *ser[16], *rows[r->nsub + 1];
	size_t nser = series_of(r, s, ser, 16), nrows = rows_of(r, rows);
	int y = 4, h;
	double top;

	if (s->chart == CH_NONE || nser == 0)
		return;
	if (!drawable(r, s, ser, nser, rows, nrows, &top)) {
		fputs("<p class=\"note\">Geen grafiek: geen van deze cijfers "
		    "kan worden gepubliceerd.</p>\n", fp);
		return;
	}
	h = y + (int)nser * 18 + 6 + (s->chart == CH_STACK ?
	    (int)nrows * 28 + 20 : (int)nrows * (10 + (int)nser * 16));
	fprintf(fp, "<svg role=\"img\" aria-labelledby=\"%s-t %s-d\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\"><title id=\"%s-t\">",
	    s->kpi, s->kpi, SVG_W, h, SVG_W, h, s->kpi);
	esc(fp, s->title);
	fprintf(fp, "</title><desc id=\"%s-d\">%s; de cijfers staan in de "
	    "tabel eronder.</desc>", s->kpi, s->chart == CH_STACK ?
	    "Gestapelde staven: de aandelen per periode, samen 100 procent" :
	    "Staven per periode, een per meting");
	legend(fp, s, ser, nser, &y);
	if (s->chart == CH_STACK)
		stack(fp, r, s, ser, nser, rows, nrows, y);
	else
		bars(fp, r, s, ser, nser, rows, nrows, y);
	fputs("</svg>\n", fp);
}

/* The head of the section's table: the sub-periods, the whole, beside. */
static void
thead(FILE *fp, const struct swt_report *r, const struct section *s)
{
	fputs("<table><caption>", fp);
	esc(fp, s->title);
	fputs(*s->kpi ? ": de cijfers" : "", fp);
	fputs("</caption>\n<thead><tr><th scope=\"col\">Meting</th>", fp);
	if (!*s->kpi) {
		fputs("<th scope=\"col\">Periode</th><th scope=\"col\">Waarde"
		    "</th></tr></thead><tbody>\n", fp);
		return;
	}
	for (size_t i = 0; i <= r->nsub; i++) {
		fputs("<th scope=\"col\">", fp);
		sub_name(fp, r, i < r->nsub ? r->sub[i] : NULL);
		fputs("</th>", fp);
	}
	if (r->compare)
		fputs("<th scope=\"col\">Nulmeting</th><th scope=\"col\">"
		    "Verschil</th>", fp);
	if (r->targets)
		fputs("<th scope=\"col\">Doel</th><th scope=\"col\">Gehaald"
		    "</th>", fp);
	fputs("</tr></thead><tbody>\n", fp);
}

/* What --compare and --targets add to a whole period's figure. */
static void
beside(FILE *fp, const struct swt_report *r, const struct rfig *g)
{
	if (r->compare) {
		fputs("<td>", fp);
		num(fp, g->baseline);
		fputs("</td><td>", fp);
		if (!strcmp(g->change, "no_baseline"))
			fputs("geen nulmeting", fp);
		else
			num(fp, g->change);
		fputs("</td>", fp);
	}
	if (r->targets) {
		fputs("<td>", fp);
		num(fp, g->target);
		fprintf(fp, "</td><td>%s</td>", !strcmp(g->met, "yes") ? "ja" :
		    !strcmp(g->met, "no") ? "nee" : "");
	}
}

/* A row of the table: a measure, by sub-period, whole, beside. */
static void
trow(FILE *fp, const struct swt_report *r, const struct rfig *g)
{
	char buf[128];

	fputs("<tr data-kpi=\"", fp);
	esc(fp, g->kpi);
	fputs("\" data-measure=\"", fp);
	esc(fp, g->measure);
	fputs("\"><th scope=\"row\">", fp);
	esc(fp, label(g->kpi, g->measure, buf, sizeof buf));
	fputs("</th>", fp);
	if (outside(g)) {
		fputs("<td>", fp);
		esc(fp, g->period);
		fputs("</td>", fp);
		cell(fp, g);
		fputs("</tr>\n", fp);
		return;
	}
	for (size_t i = 0; i < r->nsub; i++)
		cell(fp, find(r, g->kpi, g->measure, r->sub[i]));
	cell(fp, g);
	beside(fp, r, g);
	fputs("</tr>\n", fp);
}

/* The section's table: 1 if it has a suppressed cell, -1 if empty. */
static int
table(FILE *fp, const struct swt_report *r, const struct section *s)
{
	int rows = 0, hidden = 0;

	for (size_t i = 0; i < r->n; i++) {
		const struct rfig *g = &r->f[i];

		if (g->sub || (*s->kpi ? strcmp(g->kpi, s->kpi) : !outside(g)))
			continue;
		if (!rows++)
			thead(fp, r, s);
		trow(fp, r, g);
	}
	for (size_t i = 0; i < r->n; i++)
		hidden |= r->f[i].suppressed && !strcmp(r->f[i].kpi, s->kpi);
	if (rows)
		fputs("</tbody></table>\n", fp);
	return rows ? hidden : -1;
}

/* Has the report a figure for section s? */
static int
has(const struct swt_report *r, const struct section *s)
{
	for (size_t i = 0; i < r->n; i++)
		if (*s->kpi ? !strcmp(r->f[i].kpi, s->kpi) : outside(&r->f[i]))
			return 1;
	return 0;
}

static const char *
id_of(const struct section *s)
{
	return *s->kpi ? s->kpi : "buiten";
}

static void
section(FILE *fp, const struct swt_report *r, const struct section *s)
{
	fprintf(fp, "<section id=\"%s\" aria-labelledby=\"%s-h\">"
	    "<h2 id=\"%s-h\">", id_of(s), id_of(s), id_of(s));
	esc(fp, s->title);
	fputs("</h2>\n<p>", fp);
	esc(fp, s->intro);
	fputs("</p>\n", fp);
	chart(fp, r, s);
	if (table(fp, r, s) > 0)
		fputs("<p class=\"note\">– niet gepubliceerd: een aantal van 0 "
		    "tot en met 7, of een cijfer dat daarvan is afgeleid.</p>\n",
		    fp);
	fputs("</section>\n", fp);
}

/* The head of the page, what it holds and how to read it. */
static void
head(FILE *fp, const struct swt_report *r)
{
	fputs("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8"
	    "\"><meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"><title>Kerncijfers sociaal wijkteam ", fp);
	esc(fp, r->a->period);
	fprintf(fp, "</title><style>%s</style></head>\n<body><main>\n"
	    "<header><h1>Kerncijfers sociaal wijkteam ", style);
	esc(fp, r->a->period);
	fputs("</h1>\n<p>Periode: ", fp);
	day_name(fp, r->a->first);
	fputs(" tot en met ", fp);
	day_name(fp, r->a->last);
	fprintf(fp, "%s. De kengetallen van het mandaat (002 hoofdstuk 9.1), "
	    "uit swt-kpi.</p>\n<p class=\"note\">Alleen gepubliceerde "
	    "cijfers: aantallen afgerond op een veelvoud van 5; een aantal van "
	    "0 tot en met 7, en wat daarvan is afgeleid, staat er niet (–). "
	    "n.v.t.: er is niets om te meten. Onder elke grafiek staat een "
	    "tabel met dezelfde cijfers.</p></header>\n<nav aria-label=\""
	    "Inhoud\"><h2>Inhoud</h2><ol>", !r->nsub ? "" :
	    swt_report_split(r->a) == SWT_BY_QUARTER ? ", per kwartaal" :
	    ", per maand");
	for (size_t i = 0; i < sizeof sections / sizeof *sections; i++)
		if (has(r, &sections[i])) {
			fprintf(fp, "<li><a href=\"#%s\">", id_of(&sections[i]));
			esc(fp, sections[i].title);
			fputs("</a></li>", fp);
		}
	fputs("</ol></nav>\n", fp);
}

int
swt_report_html(const struct swt_report *r, FILE *fp)
{
	head(fp, r);
	for (size_t i = 0; i < sizeof sections / sizeof *sections; i++)
		if (has(r, &sections[i]))
			section(fp, r, &sections[i]);
	fputs("</main></body></html>\n", fp);
	return fflush(fp) || ferror(fp) ? -1 : 0;
}
