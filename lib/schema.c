/* schema.c - the data model (SPEC 5) as forward-only migrations */
#include <stddef.h>

#include "swt.h"
#include "db_sqlite.h"

/*
 * Migration i takes the schema from version i to i + 1.  Never edit one
 * that has shipped: add another.  Personal data lives in person only;
 * everything else names a resident by client_id.
 */
const char *const swt_migrations[] = {
	/* 0 -> 1: the whole data model */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value ANY"
	") STRICT;"

	"CREATE TABLE code ("
	"  list TEXT NOT NULL,"
	"  code TEXT NOT NULL,"
	"  parent TEXT,"
	"  label TEXT,"
	"  ord INTEGER NOT NULL,"
	"  PRIMARY KEY (list, code)"
	") STRICT, WITHOUT ROWID;"

	/*
	 * No index on bsn: client_id is a keyed hash of it, so a BSN is found
	 * by its pseudonym and stays unique with it.
	 */
	"CREATE TABLE person ("
	"  client_id TEXT PRIMARY KEY,"
	"  bsn TEXT CHECK (bsn IS NULL OR length(bsn) = 9),"
	"  birth_date TEXT,"
	"  postcode TEXT,"
	"  district TEXT,"
	"  name TEXT,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT"
	") STRICT, WITHOUT ROWID;"

	"CREATE TABLE staff ("
	"  staff_id TEXT PRIMARY KEY,"
	"  name TEXT,"
	"  district TEXT,"
	"  fte REAL"
	") STRICT;"

	"CREATE TABLE request ("
	"  request_id INTEGER PRIMARY KEY,"
	"  ref TEXT NOT NULL UNIQUE,"
	"  client_id TEXT NOT NULL REFERENCES person (client_id),"
	"  received_at TEXT NOT NULL,"
	"  kind TEXT NOT NULL DEFAULT 'vraag',"
	"  channel TEXT,"
	"  source TEXT,"
	"  law TEXT,"
	"  service TEXT,"
	"  life_domain TEXT,"
	"  district TEXT,"
	"  summary TEXT,"
	"  staff TEXT,"
	"  intake_at TEXT,"
	"  assessed_at TEXT,"
	"  zrm INTEGER CHECK (zrm BETWEEN 1 AND 5),"
	"  expected_contacts INTEGER,"
	"  specialist_knowledge TEXT,"
	"  development_potential TEXT,"
	"  long_term TEXT,"
	"  parties_involved INTEGER,"
	"  participation TEXT,"
	"  financial TEXT,"
	"  flags TEXT,"
	"  statushouder TEXT,"
	"  status TEXT NOT NULL DEFAULT 'open',"
	"  closed_at TEXT,"
	"  closure_reason TEXT,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT"
	") STRICT;"
	/*
	 * No index on client_id: every import would pay for it, and the
	 * questions that need it (KPIs, erasure) scan the table anyway.
	 */

	"CREATE TABLE decision ("
	"  decision_id INTEGER PRIMARY KEY,"
	"  request_id INTEGER NOT NULL REFERENCES request,"
	"  recommended_route TEXT,"
	"  route TEXT,"
	"  regie TEXT,"
	"  reasons TEXT,"
	"  rules_version TEXT,"
	"  override_reason TEXT,"
	"  decided_by TEXT,"
	"  decided_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX decision_request ON decision (request_id);"

	"CREATE TABLE partner ("
	"  partner_id TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  tier TEXT NOT NULL,"
	"  domains TEXT,"
	"  districts TEXT,"
	"  response_days INTEGER"
	") STRICT;"

	"CREATE TABLE referral ("
	"  referral_id INTEGER PRIMARY KEY,"
	"  request_id INTEGER NOT NULL REFERENCES request,"
	"  kind TEXT NOT NULL,"
	"  partner_id TEXT REFERENCES partner,"
	"  product TEXT,"
	"  applied_at TEXT,"
	"  decided_at TEXT,"
	"  sent_at TEXT,"
	"  responded_at TEXT,"
	"  started_at TEXT,"
	"  ended_at TEXT,"
	"  end_reason TEXT,"
	"  status TEXT NOT NULL DEFAULT 'sent',"
	"  reason TEXT"
	") STRICT;"
	"CREATE INDEX referral_request ON referral (request_id);"

	"CREATE TABLE plan ("
	"  plan_id INTEGER PRIMARY KEY,"
	"  client_id TEXT NOT NULL REFERENCES person (client_id),"
	"  opened_at TEXT NOT NULL,"
	"  owner TEXT,"
	"  regie TEXT,"
	"  status TEXT NOT NULL DEFAULT 'open',"
	"  next_evaluation_at TEXT,"
	"  evaluated_at TEXT,"
	"  closed_at TEXT,"
	"  closure_reason TEXT"
	") STRICT;"
	"CREATE INDEX plan_client ON plan (client_id);"

	"CREATE TABLE goal ("
	"  goal_id INTEGER PRIMARY KEY,"
	"  plan_id INTEGER NOT NULL REFERENCES plan,"
	"  request_id INTEGER REFERENCES request,"
	"  life_domain TEXT,"
	"  description TEXT,"
	"  priority INTEGER,"
	"  owner TEXT,"
	"  target_date TEXT,"
	"  zrm_start INTEGER,"
	"  zrm_target INTEGER,"
	"  zrm_end INTEGER,"
	"  status TEXT NOT NULL DEFAULT 'open'"
	") STRICT;"

	"CREATE TABLE contact ("
	"  contact_id INTEGER PRIMARY KEY,"
	"  request_id INTEGER REFERENCES request,"
	"  plan_id INTEGER REFERENCES plan,"
	"  date TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  staff TEXT,"
	"  minutes INTEGER,"
	"  CHECK (request_id IS NOT NULL OR plan_id IS NOT NULL)"
	") STRICT;"
	"CREATE INDEX contact_request ON contact (request_id);"

	"CREATE TABLE suspension ("
	"  suspension_id INTEGER PRIMARY KEY,"
	"  request_id INTEGER NOT NULL REFERENCES request,"
	"  term TEXT,"
	"  from_date TEXT NOT NULL,"
	"  until_date TEXT,"
	"  reason TEXT NOT NULL"
	") STRICT;"

	"CREATE TABLE complaint ("
	"  complaint_id INTEGER PRIMARY KEY,"
	"  ref TEXT NOT NULL UNIQUE,"
	"  client_id TEXT REFERENCES person (client_id),"
	"  received_at TEXT NOT NULL,"
	"  admissible TEXT,"
	"  resolved_at TEXT"
	") STRICT;"

	"CREATE TABLE measurement ("
	"  period TEXT NOT NULL,"
	"  kpi TEXT NOT NULL,"
	"  grp TEXT NOT NULL DEFAULT '',"
	"  value REAL,"
	"  PRIMARY KEY (period, kpi, grp)"
	") STRICT;"

	/* legal terms and retention terms are data a municipality may change */
	"CREATE TABLE legal_term ("
	"  term TEXT PRIMARY KEY,"
	"  law TEXT NOT NULL,"
	"  from_event TEXT NOT NULL,"
	"  to_event TEXT NOT NULL,"
	"  days INTEGER NOT NULL,"
	"  suspend_reasons TEXT,"
	"  basis TEXT"
	") STRICT;"
	"INSERT INTO legal_term VALUES"
	"  ('wmo_onderzoek', 'wmo', 'received_at', 'assessed_at', 42,"
	"   'instemming', 'Wmo 2015 art. 2.3.2'),"
	"  ('wmo_beschikking', 'wmo', 'applied_at', 'decided_at', 14,"
	"   'documenten|instemming|vertraging_aanvrager',"
	"   'Wmo 2015 art. 2.3.5'),"
	"  ('jeugdwet_beschikking', 'jeugdwet', 'applied_at', 'decided_at', 56,"
	"   'documenten|instemming|vertraging_aanvrager|verdaging',"
	"   'Awb 4:13, 4:14, 4:15'),"
	"  ('participatiewet_beschikking', 'participatiewet', 'applied_at',"
	"   'decided_at', 56, 'documenten|instemming|vertraging_aanvrager|verdaging',"
	"   'Awb 4:13');"

	"CREATE TABLE retention_term ("
	"  what TEXT PRIMARY KEY,"
	"  years INTEGER NOT NULL DEFAULT 0,"
	"  days INTEGER NOT NULL DEFAULT 0,"
	"  counted_from TEXT NOT NULL,"
	"  basis TEXT"
	") STRICT;"
	"INSERT INTO retention_term VALUES"
	"  ('jeugdwet', 20, 0, 'closed_at', 'Selectielijst gemeenten 2020'),"
	"  ('wmo', 15, 0, 'closed_at', 'Selectielijst gemeenten 2020'),"
	"  ('participatiewet', 10, 0, 'closed_at', 'Selectielijst gemeenten 2020'),"
	"  ('refused', 5, 0, 'closed_at', 'Selectielijst gemeenten 2020'),"
	"  ('broken_off', 0, 42, 'closed_at', 'Selectielijst gemeenten 2020'),"
	"  ('leerplichtwet', 19, 0, 'birth_date', 'Selectielijst gemeenten 2020');"

	"CREATE TABLE audit ("
	"  audit_id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  user TEXT NOT NULL,"
	"  command TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  entity TEXT,"
	"  entity_id TEXT,"
	"  detail TEXT,"
	"  hash TEXT NOT NULL"
	") STRICT;"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",

	/*
	 * 1 -> 2: the partner registry (SPEC 5): terms, an active switch, and
	 * the partners 002 ch. 6 names, in its order; swt-refer(1) says why
	 * each has its tier, domains and terms.  The rowid is the registry's
	 * order.  A partner with referrals stays: active 'no' retires it.
	 */
	"ALTER TABLE partner ADD COLUMN start_days INTEGER;"
	"ALTER TABLE partner ADD COLUMN active TEXT NOT NULL DEFAULT 'yes'"
	"  CHECK (active IN ('yes', 'no'));"
	"CREATE TRIGGER partner_kept BEFORE DELETE ON partner"
	"  WHEN EXISTS (SELECT 1 FROM referral WHERE partner_id ="
	"  OLD.partner_id) BEGIN SELECT RAISE(ABORT, 'a partner with"
	"  referrals is never deleted: set active to no'); END;"
	"INSERT INTO partner (partner_id, name, tier, domains, districts,"
	"  response_days, start_days) VALUES"
	/* 6.1.2: Inkomensondersteuning, and its team IPA */
	"  ('io', 'Inkomensondersteuning (IO)', 'gemeente', 'financien',"
	"   NULL, 5, 10),"
	"  ('ipa', 'Team IPA (inburgering statushouders)', 'gemeente', NULL,"
	"   NULL, 5, 10),"
	/* 6.2.2: maatschappelijke opvang */
	"  ('legerdesheils', 'Leger des Heils', 'aanbieder', 'huisvesting',"
	"   NULL, 5, 10),"
	"  ('deherberg', 'De Herberg', 'aanbieder', 'huisvesting', NULL, 5, 10),"
	"  ('timon', 'Stichting Timon', 'aanbieder', 'huisvesting', NULL, 5, 10),"
	"  ('limor', 'Limor', 'aanbieder', 'huisvesting', NULL, 5, 10),"
	"  ('ribw', 'RIBW', 'aanbieder', 'huisvesting', NULL, 5, 10),"
	"  ('kadera', 'Kadera', 'aanbieder', 'huisvesting', NULL, 5, 10),"
	/* 6.2.4: welzijn, its five themes as life domains */
	"  ('travers', 'Travers Welzijn', 'sociale_basis',"
	"   'maatschappelijke_participatie|sociaal_netwerk|instrumentele_adl|"
	"huiselijke_relaties|werk_opleiding', NULL, 5, 10),"
	"  ('wijz', 'Wijz', 'sociale_basis',"
	"   'maatschappelijke_participatie|sociaal_netwerk|instrumentele_adl|"
	"huiselijke_relaties|werk_opleiding', NULL, 5, 10),"
	/* 6.2.5 - 6.2.10 */
	"  ('tiem', 'Tiem', 'aanbieder', 'werk_opleiding', NULL, 5, 10),"
	"  ('dekern', 'Sociaal Raadslieden De Kern', 'sociale_basis',"
	"   'financien', NULL, 5, 10),"
	"  ('oporde', 'Op Orde Zwolle', 'sociale_basis', 'financien', NULL,"
	"   5, 10),"
	"  ('zwolledoet', 'ZwolleDoet!', 'sociale_basis',"
	"   'maatschappelijke_participatie|sociaal_netwerk', NULL, 5, 10),"
	"  ('veiligthuis', 'Veilig Thuis', 'aanbieder',"
	"   'huiselijke_relaties|opvoeding', NULL, 5, 10),"
	"  ('zvh', 'Zorg- en Veiligheidshuis IJsselland', 'aanbieder',"
	"   'justitie|huiselijke_relaties|geestelijke_gezondheid|"
	"middelengebruik', NULL, 5, 10),"
	"  ('ggd', 'GGD', 'aanbieder',"
	"   'huisvesting|lichamelijke_gezondheid|opvoeding', NULL, 5, 10),"
	"  ('ggd_via', 'GGD team VIA (bemoeizorg)', 'aanbieder',"
	"   'geestelijke_gezondheid|middelengebruik', NULL, 5, 10)"
	"  ON CONFLICT DO NOTHING;",

	/*
	 * 2 -> 3: referrals as swt-refer(1) stores them (SPEC 5): the
	 * source's own reference, the partner's response and the withdrawal.
	 */
	"ALTER TABLE referral ADD COLUMN referral_ref TEXT;"
	"ALTER TABLE referral ADD COLUMN response TEXT;"
	"ALTER TABLE referral ADD COLUMN withdrawn_at TEXT;"
	"ALTER TABLE referral ADD COLUMN created_at TEXT;"
	"ALTER TABLE referral ADD COLUMN updated_at TEXT;"
	"CREATE UNIQUE INDEX referral_ref ON referral (referral_ref)"
	"  WHERE referral_ref IS NOT NULL;",

	/*
	 * 3 -> 4: plans and contacts as swt-plan(1) and swt-contact(1) store
	 * them (SPEC 5).  The team's norms are data a municipality may change:
	 * the conversations of eigen inzet (002 3.2.2, 4.2.5) and the weeks
	 * within which a resident on eigen inzet or maatwerk has a plan (9.1).
	 * One open plan per resident (4.2.6) is the unique index.
	 */
	"CREATE TABLE norm ("
	"  norm TEXT PRIMARY KEY,"
	"  value INTEGER NOT NULL,"
	"  basis TEXT"
	") STRICT;"
	"INSERT INTO norm VALUES"
	"  ('eigen_inzet_contacts', 15, '002 3.2.2, 4.2.5: 1 tot 15 gesprekken'),"
	"  ('plan_within_days', 28, '002 9.1 proceskwaliteit: plan binnen 4 weken')"
	"  ON CONFLICT DO NOTHING;"
	"ALTER TABLE contact ADD COLUMN contact_ref TEXT;"
	"ALTER TABLE contact ADD COLUMN created_at TEXT;"
	"CREATE UNIQUE INDEX contact_ref ON contact (contact_ref)"
	"  WHERE contact_ref IS NOT NULL;"
	"CREATE INDEX contact_plan ON contact (plan_id);"
	"ALTER TABLE plan ADD COLUMN checkin_days INTEGER;"
	"ALTER TABLE plan ADD COLUMN reason TEXT;"
	"ALTER TABLE plan ADD COLUMN created_at TEXT;"
	"ALTER TABLE plan ADD COLUMN updated_at TEXT;"
	"CREATE UNIQUE INDEX plan_open ON plan (client_id)"
	"  WHERE status = 'open';"
	"CREATE INDEX goal_plan ON goal (plan_id);",

	/*
	 * 4 -> 5: legal clocks as swt-term(1) keeps them (SPEC 6b).  A row of
	 * suspension is a suspension (Awb 4:15) or an extension (verdaging,
	 * Awb 4:14 lid 3) of one clock: the request's, or that of one of its
	 * toewijzen referrals.  The reasons of an extension are apart from
	 * those of a suspension; a term without them allows none.  holiday
	 * holds the days equated with the holidays of Atw art. 3.
	 */
	"ALTER TABLE suspension ADD COLUMN kind TEXT NOT NULL DEFAULT"
	"  'suspension' CHECK (kind IN ('suspension', 'extension'));"
	"ALTER TABLE suspension ADD COLUMN days INTEGER;"
	"ALTER TABLE suspension ADD COLUMN notified_at TEXT;"
	"ALTER TABLE suspension ADD COLUMN referral_id INTEGER"
	"  REFERENCES referral;"
	"ALTER TABLE suspension ADD COLUMN created_at TEXT;"
	"ALTER TABLE suspension ADD COLUMN updated_at TEXT;"
	"CREATE INDEX suspension_request ON suspension (request_id);"
	"ALTER TABLE legal_term ADD COLUMN extend_reasons TEXT;"
	"UPDATE legal_term SET extend_reasons = 'verdaging',"
	"  suspend_reasons = 'documenten|instemming|vertraging_aanvrager'"
	"  WHERE suspend_reasons ="
	"  'documenten|instemming|vertraging_aanvrager|verdaging';"
	"CREATE TABLE holiday ("
	"  date TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL"
	") STRICT;",

	/*
	 * 5 -> 6: indexes for swt-kpi(1), on the dates that put a row in a
	 * KPI's period.  On request only received_at, which a new request
	 * appends at the end of, and the dates that come later (intake,
	 * closure); the rest are on tables the intake does not write.  A
	 * request's latest decision is one step down decision_latest, which
	 * also does the work of decision_request.
	 */
	"CREATE INDEX decision_latest ON decision"
	"  (request_id, decided_at, decision_id);"
	"DROP INDEX decision_request;"
	"CREATE INDEX request_received ON request (received_at);"
	"CREATE INDEX request_intake ON request (intake_at);"
	"CREATE INDEX request_closed ON request (closed_at);"
	"CREATE INDEX decision_decided ON decision (decided_at);"
	"CREATE INDEX referral_sent ON referral (sent_at);"
	"CREATE INDEX contact_date ON contact (date);"
	"CREATE INDEX plan_closed ON plan (closed_at);"
	"CREATE INDEX complaint_received ON complaint (received_at);"
	"CREATE INDEX complaint_resolved ON complaint (resolved_at);",

	/*
	 * 6 -> 7: a resident's requests, by client_id: swt-plan looks up
	 * the regie of a resident's open requests for each plan it stores,
	 * and swt-kpi a resident's earlier closures (herhaling_pct); without
	 * it each was a scan of every request, and storing the plans of a
	 * year of 1 M requests took hours.  A request's contacts and
	 * referrals with the dates swt-kpi reads of them (the support start,
	 * effectiviteit's started care), so that it reads them from the
	 * index alone; neither table is written by the intake.
	 */
	"CREATE INDEX request_client ON request (client_id);"
	"DROP INDEX contact_request;"
	"CREATE INDEX contact_request ON contact (request_id, date);"
	"DROP INDEX referral_request;"
	"CREATE INDEX referral_request ON referral"
	"  (request_id, sent_at, kind, started_at, product);",

	/*
	 * 7 -> 8: retention and erasure (swt-db retention, erase) find a
	 * resident's goals by request and complaints by client_id; neither
	 * table is written by the intake.
	 */
	"CREATE INDEX goal_request ON goal (request_id);"
	"CREATE INDEX complaint_client ON complaint (client_id);",

	/*
	 * 8 -> 9: a request's referrals with the dates of their legal
	 * clocks too (applied_at, decided_at: SPEC 6b), so that swt-kpi
	 * reads every referral of a period from the index alone, in one
	 * pass with the requests, not with a look-up of each row.
	 */
	"DROP INDEX referral_request;"
	"CREATE INDEX referral_request ON referral"
	"  (request_id, sent_at, kind, started_at, product, applied_at,"
	"  decided_at);",

	/*
	 * 9 -> 10: a request's decisions in order with what swt-kpi reads
	 * of them (route, decided_by, recommended_route), so that its pass
	 * reads them from the index alone, not with a look-up of each.
	 */
	"DROP INDEX decision_latest;"
	"CREATE INDEX decision_latest ON decision"
	"  (request_id, decided_at, decision_id, route, decided_by,"
	"  recommended_route);",

	/*
	 * 10 -> 11: swt-kpi reads only the requests that can count in a
	 * period (SPEC 8: one KPI of a year of ten years' requests in
	 * seconds), and finds them by the dates that can put one in it:
	 * these indexes give the request_id of each from the index alone.
	 * On request only a vraag's assessed_at (its legal clock), which
	 * comes later than the intake's insert.  The plans open or closed
	 * in a period, and their goals, are read from indexes that hold
	 * what swt-kpi reads of them, with their residents' first plans.
	 */
	"CREATE INDEX IF NOT EXISTS request_assessed ON request"
	"  (assessed_at, kind) WHERE kind = 'vraag';"
	"DROP INDEX decision_decided;"
	"CREATE INDEX decision_decided ON decision (decided_at, request_id);"
	"DROP INDEX referral_sent;"
	"CREATE INDEX referral_sent ON referral (sent_at, request_id);"
	"CREATE INDEX IF NOT EXISTS referral_clock ON referral"
	"  (decided_at, request_id, kind, applied_at)"
	"  WHERE kind = 'toewijzen' AND applied_at IS NOT NULL;"
	"DROP INDEX contact_date;"
	"CREATE INDEX contact_date ON contact (date, request_id);"
	"DROP INDEX plan_client;"
	"CREATE INDEX plan_client ON plan (client_id, opened_at);"
	"DROP INDEX plan_closed;"
	"CREATE INDEX plan_closed ON plan"
	"  (closed_at, client_id, owner, opened_at, evaluated_at);"
	"DROP INDEX goal_plan;"
	"CREATE INDEX goal_plan ON goal"
	"  (plan_id, goal_id, status, zrm_start, zrm_end);",

	/*
	 * 11 -> 12: herhaling reads the residents of the requests closed in
	 * the 365 days before a period, with their closure_reason: from
	 * request_closed alone, not a row of request each (SPEC 8: a KPI
	 * alone in seconds).  The index had an entry for each request
	 * already; it is wider now, not more.
	 */
	"DROP INDEX request_closed;"
	"CREATE INDEX request_closed ON request"
	"  (closed_at, closure_reason, client_id);",
	NULL
};

/* The schema this swt writes: one version per migration. */
int
swt_schema_version(void)
{
	int n = 0;

	while (swt_migrations[n])
		n++;
	return n;
}
