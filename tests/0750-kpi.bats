#!/usr/bin/env bats
# swt-kpi: the KPIs of SPEC 7, each worked out by hand on a small caseload

load test_helper/common

q() { sqlite3 -batch -noheader "$SWT_DB" "$1"; }

# The caseload, first quarter of 2024 (Q1: 2024-01-01 to 2024-03-31).
#
#  ref  received    intake      closed (reason)       latest decision (rec)       support start
#  R1   2024-01-02  2024-01-05  2024-02-09 opgelost    eigen_inzet (eigen_inzet)  contact 01-10
#  R2   2024-01-03  2024-01-13  2024-03-20            maatwerk (eigen_inzet)     toewijzen 45 sent 01-20
#  R3   2024-01-10  2024-01-12  2024-01-20            advies (sociale_basis)     none
#  R4   2023-12-20  2024-01-09  open                  sociale_basis (sb)         verwijzen sent 01-11
#  R5   2024-02-15  -           open                  -                          -
#  R6   2024-03-30  -           open                  -                          -
#  R7   2024-04-02  -           open                  -                          -
#  R8   2023-11-01  2023-11-05  2024-03-01 verhuisd    maatwerk (2023-11-10)      toewijzen 15 sent 2023-11-12
#  R9   2024-02-20  2024-02-22  2024-03-25            maatwerk (maatwerk)        none
#  R10  2024-01-05  2024-01-06  open                  maatwerk on 04-03 (advies on 01-07 before it)
#
# R1 and R5 are one resident, R2 and R9 one, R6 and R8 one.  R3 has two
# decisions on one day: the later one (advies) is in force; R4's of
# 2023-12-28 (maatwerk) is superseded on 01-10.  Staff s1 (noord, 0.8
# fte) decided R1, R3, R10; s2 (zuid, 1.0 fte) R2, R4, R8, R9.
caseload() {
	printf '%s\n' 'ref,received_at,kind,channel,source,law,district,staff,intake_at,bsn' \
	    'R1,2024-01-02,vraag,telefoon,inwoner,wmo,noord,s1,2024-01-05,999993847' \
	    'R2,2024-01-03,signaal,email,huisarts,jeugdwet,zuid,s2,2024-01-13,999992077' \
	    'R3,2024-01-10,vraag,fysiek,inwoner,wmo,noord,s1,2024-01-12,' \
	    'R4,2023-12-20,vraag,telefoon,netwerk,wmo,zuid,s2,2024-01-09,' \
	    'R5,2024-02-15,vraag,telefoon,inwoner,wmo,noord,s1,,999993847' \
	    'R6,2024-03-30,vraag,email,inwoner,wmo,noord,s1,,999993483' \
	    'R7,2024-04-02,vraag,email,inwoner,wmo,noord,s1,,' \
	    'R8,2023-11-01,vraag,fysiek,huisarts,wmo,zuid,s2,2023-11-05,999993483' \
	    'R9,2024-02-20,vraag,telefoon,school,jeugdwet,zuid,s2,2024-02-22,999992077' \
	    'R10,2024-01-05,vraag,chat,inwoner,wmo,oost,s1,2024-01-06,' |
	    swt-intake -q >/dev/null
	sqlite3 -batch "$SWT_DB" <<'EOF'
UPDATE request SET closed_at = '2024-02-09', closure_reason = 'opgelost' WHERE ref = 'R1';
UPDATE request SET closed_at = '2024-03-20', closure_reason = 'overgedragen' WHERE ref = 'R2';
UPDATE request SET closed_at = '2024-01-20', closure_reason = 'opgelost' WHERE ref = 'R3';
UPDATE request SET closed_at = '2024-03-01', closure_reason = 'verhuisd' WHERE ref = 'R8';
UPDATE request SET closed_at = '2024-03-25', closure_reason = 'opgelost' WHERE ref = 'R9';
WITH v(r, rec, route, who, at) AS (VALUES
 ('R1', 'eigen_inzet', 'eigen_inzet', 's1', '2024-01-06T10:00'),
 ('R2', 'eigen_inzet', 'maatwerk', 's2', '2024-01-15'),
 ('R3', 'sociale_basis', 'sociale_basis', 's1', '2024-01-12'),
 ('R3', 'sociale_basis', 'advies', 's1', '2024-01-12'),
 ('R4', 'maatwerk', 'maatwerk', 's2', '2023-12-28'),
 ('R4', 'sociale_basis', 'sociale_basis', 's2', '2024-01-10'),
 ('R8', 'maatwerk', 'maatwerk', 's2', '2023-11-10'),
 ('R9', 'maatwerk', 'maatwerk', 's2', '2024-02-23'),
 ('R10', 'advies', 'advies', 's1', '2024-01-07'),
 ('R10', 'maatwerk', 'maatwerk', 's1', '2024-04-03'))
INSERT INTO decision (request_id, recommended_route, route, decided_by, decided_at)
SELECT request_id, rec, route, who, at FROM v JOIN request ON ref = r;
WITH v(r, kind, partner, product, sent, started) AS (VALUES
 ('R2', 'toewijzen', 'ggd', '45', '2024-01-20', '2024-02-01'),
 ('R4', 'verwijzen', 'travers', NULL, '2024-01-11', NULL),
 ('R8', 'toewijzen', 'ribw', '15', '2023-11-12', '2023-12-01'))
INSERT INTO referral (request_id, kind, partner_id, product, sent_at, started_at)
SELECT request_id, v.kind, partner, product, sent, started FROM v JOIN request ON ref = r;
-- R1's contact of 01-05 is before its decision: support starts on 01-10
WITH v(r, date) AS (VALUES ('R1', '2024-01-05'), ('R1', '2024-01-10'), ('R1', '2024-01-20'))
INSERT INTO contact (request_id, date, kind)
SELECT request_id, date, 'gesprek' FROM v JOIN request ON ref = r;
WITH v(id, r, opened, evaluated, closed, status) AS (VALUES
 (1, 'R1', '2024-01-08', '2024-02-01', '2024-02-28', 'closed'),
 (2, 'R4', '2024-01-15', NULL, '2024-03-10', 'closed'),
 (3, 'R4', '2024-03-15', NULL, NULL, 'open'))
INSERT INTO plan (plan_id, client_id, opened_at, evaluated_at, closed_at, status)
SELECT id, client_id, opened, evaluated, closed, v.status FROM v JOIN request ON ref = r;
INSERT INTO goal (plan_id, status, zrm_start, zrm_end) VALUES
 (1, 'achieved', 2, 4), (1, 'partly', 2, 3), (1, 'not_achieved', 3, NULL),
 (1, 'cancelled', 1, 5), (2, 'achieved', 1, 4);
INSERT INTO complaint (ref, received_at, admissible, resolved_at) VALUES
 ('K1', '2024-01-05', 'yes', '2024-02-10'), ('K2', '2024-02-01', 'no', '2024-03-20'),
 ('K3', '2023-12-01', 'yes', '2024-01-05'), ('K4', '2024-03-15', 'yes', NULL);
INSERT INTO staff (staff_id, district, fte) VALUES ('s1', 'noord', 0.8), ('s2', 'zuid', 1.0);
EOF
}

# The figures of one KPI for Q1 as "kpi measure value" lines.
kpi() {
	swt-kpi --period 2024-Q1 --kpi "$1" --tsv "${@:2}" | cut -f 2- | tail -n +2
}

# Answers as "kpi<TAB>measure<TAB>value" lines.
want() {
	printf '%s\t%s\t%s\n' "$@"
}

setup() {
	caseload
}

@test "kpi: wachttijd_intake: received -> intake, and those waiting at the end" {
	# intake in Q1: R10 1, R3 2, R1 3, R2 10, R4 20 days (R4 from 2023-12-20:
	# 11 + 9); R9 2.  Sorted 1 2 2 3 10 20: median (2 + 3) / 2 = 2.5;
	# p90 at (6 - 1) * 0.9 = 4.5: 10 + 0.5 * (20 - 10) = 15;
	# mean 38 / 6 = 6.33.  Waiting on 03-31: R5 and R6 (R7 came later).
	run kpi wachttijd_intake
	assert_success
	assert_output "$(want wachttijd_intake count 6 wachttijd_intake median 2.5 \
	    wachttijd_intake p90 15 wachttijd_intake mean 6.33 \
	    wachttijd_intake waiting 2)"
}

@test "kpi: wachttijd_ondersteuning: intake -> the support start of the route" {
	# R1 eigen_inzet: first contact on or after its decision (01-06): 01-10,
	# 5 days after intake; R2 maatwerk: referral sent 01-20, 7 days; R4
	# sociale_basis: sent 01-11, 2 days.  R8's start was in 2023, R3 and R9
	# have none.  Sorted 2 5 7: median 5; p90 at 1.8: 5 + 0.8 * 2 = 6.6;
	# mean 14 / 3 = 4.67.
	run kpi wachttijd_ondersteuning
	assert_output "$(want wachttijd_ondersteuning count 3 \
	    wachttijd_ondersteuning median 5 wachttijd_ondersteuning p90 6.6 \
	    wachttijd_ondersteuning mean 4.67)"
}

@test "kpi: doorlooptijd: support start -> closed, of those closed in the period" {
	# R1 01-10 -> 02-09 30 days; R2 01-20 -> 03-20 60 days; R8 2023-11-12 ->
	# 2024-03-01 110 days (18 + 31 + 31 + 29 + 1).  R3 and R9 closed without a
	# support start.  Median 60; p90 at 1.8: 60 + 0.8 * 50 = 100;
	# mean 200 / 3 = 66.67.
	run kpi doorlooptijd
	assert_output "$(want doorlooptijd count 3 doorlooptijd median 60 \
	    doorlooptijd p90 100 doorlooptijd mean 66.67)"
}

@test "kpi: klachten: received, admissible, resolved and within 42 days" {
	# received in Q1: K1 K2 K4 (3), admissible K1 K4 (2); resolved in Q1:
	# K1 (36 days), K2 (48), K3 (35): 2 of 3 within 42 = 66.67 %.
	run kpi klachten
	assert_output "$(want klachten received 3 klachten admissible 2 \
	    klachten resolved 3 klachten on_time_pct 66.67)"
}

@test "kpi: effectiviteit: residents per category, goals, ZRM and repeats" {
	# closed in Q1: R8 a started toewijzen of product 15 -> verblijf; R2 a
	# started toewijzen (45) -> ambulant, and R9 maatwerk -> ambulant, the
	# same resident: 1; R1 eigen_inzet; R3 advies -> zelf; none voorliggend.
	# Plans closed in Q1: P1 and P2; their goals, cancelled left out:
	# achieved 2, partly 1, not_achieved 1 of 4 -> 50, 25, 25 %; ZRM change
	# of those with both: (2 + 1 + 3) / 3 = 2.  Received in Q1: R1 R2 R3 R5
	# R6 R9 R10 (7); R5's resident had R1 closed on 02-09 -> a repeat; R6's
	# had R8 closed, but moved away (verhuisd): 1 / 7 = 14.29 %.
	run kpi effectiviteit
	assert_output "$(want effectiviteit verblijf 1 effectiviteit ambulant 1 \
	    effectiviteit eigen_inzet 1 effectiviteit voorliggend 0 \
	    effectiviteit zelf 1 effectiviteit achieved_pct 50 \
	    effectiviteit partly_pct 25 effectiviteit not_achieved_pct 25 \
	    effectiviteit zrm_change 2 effectiviteit herhaling_pct 14.29)"
	# plans and requests whose ids are too far apart for a table of bits
	# are read all the same (looked up, not passed over inside SQLite)
	local before=$output
	q "UPDATE plan SET plan_id = 900000001 WHERE plan_id = 2;
	    UPDATE goal SET plan_id = 900000001 WHERE plan_id = 2;
	    UPDATE decision SET request_id = 900000002 WHERE request_id =
	        (SELECT request_id FROM request WHERE ref = 'R9');
	    UPDATE request SET request_id = 900000002 WHERE ref = 'R9'"
	[ "$(q "PRAGMA foreign_key_check")" = "" ]
	run kpi effectiviteit
	assert_output "$before"
}

@test "kpi: efficientie: open on the last day, per fte" {
	# open on 03-31: R4 R5 R6 R10 (R7 came in April); plans open: P3;
	# fte 0.8 + 1.0 = 1.8; 4 / 1.8 = 2.22.
	run kpi efficientie
	assert_output "$(want efficientie open_requests 4 efficientie open_plans 1 \
	    efficientie fte 1.8 efficientie per_fte 2.22)"
}

@test "kpi: requests open since before the period count on each day, grouped, and are listed" {
	# O1, O2: signals of 2022 (no legal clock), never taken in or
	# closed; O3 taken in in 2022: open, not waiting
	printf '%s\n' 'ref,received_at,kind,law,district,staff,intake_at' \
	    'O1,2022-05-01,signaal,wmo,west,s3,' 'O2,2022-06-01,signaal,wmo,west,s3,' \
	    'O3,2022-07-01,signaal,wmo,west,s3,2022-07-04' | swt-intake -q >/dev/null
	run kpi efficientie --by district,month
	assert_line $'west\t2024-01\tefficientie\topen_requests\t3'
	assert_line $'west\t2024-03\tefficientie\topen_requests\t3'
	run kpi wachttijd_intake --by district,month
	assert_line $'west\t2024-02\twachttijd_intake\twaiting\t2'
	run kpi efficientie
	assert_line $'efficientie\topen_requests\t7'
	# each listed, on each month's last day
	run swt-kpi --period 2024-Q1 --by month --cases efficientie --measure open_requests --tsv
	[ "$(grep -c $'\tO[123]\t' <<<"$output")" -eq 9 ]
	run swt-kpi --period 2024-Q1 --cases wachttijd_intake --measure waiting --tsv
	assert_line --regexp $'\twaiting\tO1\t[0-9]+\tC[A-Z2-7]{13}\t2022-05-01\t\t$'
	refute_line --regexp $'\tO3\t'
}

@test "kpi: efficientie --by staff: per staff member" {
	# s1: R5 R6 R10 open, 0.8 fte: 3.75; s2: R4, 1.0 fte; the plans have no owner
	run swt-kpi --period 2024-Q1 --kpi efficientie --by staff --tsv
	assert_line $'2024-Q1\ts1\tefficientie\topen_requests\t3'
	assert_line $'2024-Q1\ts1\tefficientie\tper_fte\t3.75'
	assert_line $'2024-Q1\ts2\tefficientie\tper_fte\t1'
	assert_line $'2024-Q1\t\tefficientie\topen_plans\t1'
	assert_line $'2024-Q1\t\tefficientie\tfte\t'
}

@test "kpi: proceskwaliteit: a plan by closing, evaluated plans" {
	# closed in Q1 on eigen_inzet or maatwerk: R1 (plan P1 opened 01-08),
	# R2, R8, R9 (no plan): 1 / 4 = 25 %.  Plans closed: P1 evaluated, P2 not.
	run kpi proceskwaliteit
	assert_output "$(want proceskwaliteit met_plan_pct 25 \
	    proceskwaliteit met_evaluatie_pct 50)"
}

@test "kpi: beweging: the route mix of the latest decisions made in the period" {
	# made in Q1 and in force: R1 eigen_inzet, R2 maatwerk, R3 advies (the
	# later of its two), R4 sociale_basis, R9 maatwerk.  R10's advies of
	# 01-07 was replaced on 04-03: not counted.  5: 1, 1, 1, 2 -> 20 20 20 40.
	run kpi beweging
	assert_output "$(want beweging count 5 beweging advies 1 \
	    beweging sociale_basis 1 beweging eigen_inzet 1 beweging maatwerk 2 \
	    beweging advies_pct 20 beweging sociale_basis_pct 20 \
	    beweging eigen_inzet_pct 20 beweging maatwerk_pct 40)"
}

@test "kpi: afwijkingen: route against recommendation, and per decider" {
	# R2 maatwerk for eigen_inzet: heavier; R3 advies for sociale_basis:
	# lighter.  2 of 5 = 40 %; of those 1 lighter, 1 heavier.
	run kpi afwijkingen
	assert_output "$(want afwijkingen count 5 afwijkingen afwijkend_pct 40 \
	    afwijkingen lichter_pct 50 afwijkingen zwaarder_pct 50)"
	# by decided_by: s1 R1 R3 (R3 lighter); s2 R2 R4 R9 (R2 heavier)
	run swt-kpi --period 2024-Q1 --kpi afwijkingen --by staff --tsv
	assert_output "$(printf '%s\n' $'period\tstaff\tkpi\tmeasure\tvalue' \
	    $'2024-Q1\ts1\tafwijkingen\tcount\t2' \
	    $'2024-Q1\ts1\tafwijkingen\tafwijkend_pct\t50' \
	    $'2024-Q1\ts1\tafwijkingen\tlichter_pct\t100' \
	    $'2024-Q1\ts1\tafwijkingen\tzwaarder_pct\t0' \
	    $'2024-Q1\ts2\tafwijkingen\tcount\t3' \
	    $'2024-Q1\ts2\tafwijkingen\tafwijkend_pct\t33.33' \
	    $'2024-Q1\ts2\tafwijkingen\tlichter_pct\t0' \
	    $'2024-Q1\ts2\tafwijkingen\tzwaarder_pct\t100')"
}

@test "kpi: the full set comes in SPEC 7's order, every measure named" {
	run swt-kpi --period 2024-Q1 --tsv
	assert_success
	assert_line --index 0 $'period\tkpi\tmeasure\tvalue'
	[ "$(cut -f 2 <<<"$output" | tail -n +2 | uniq | tr '\n' ' ')" = \
	    "wachttijd_intake wachttijd_ondersteuning doorlooptijd klachten effectiviteit efficientie proceskwaliteit wettelijke_termijnen beweging afwijkingen " ]
	[ "${#lines[@]}" -eq 59 ]
}

# The legal clocks of SPEC 6b, in a database of their own (the caseload's
# melding clocks never stop).  Q1 2024; deadlines as swt-term gives them:
#
#  ref  law       received    district  clock (term)           start       deadline    stopped
#  T1   wmo       2024-01-08  noord     wmo_onderzoek          2024-01-08  2024-02-19  2024-02-15 on time
#  T2   wmo       2024-01-02  zuid      wmo_onderzoek          2024-01-02  2024-02-13  2024-02-20 late
#  T3   wmo       2024-02-01  noord     wmo_onderzoek          2024-02-01  2024-03-14  running
#  T4   wmo       2024-01-15  zuid      wmo_onderzoek          2024-01-15  2024-04-02  running
#  T5   wmo       2024-01-20  noord     wmo_onderzoek          2024-01-20  2024-03-04  2024-03-04 on time
#  T1             (toewijzen)           wmo_beschikking        2024-02-16  2024-03-01  2024-03-05 late
#  J1   jeugdwet  2024-01-03  zuid      jeugdwet_beschikking   2024-01-10  2024-03-06  running
#  S1   wmo       a signaal: no clock
#
# T1: 01-08 + 42 = Monday 02-19.  T2: 01-02 + 42 = Tuesday 02-13.
# T3: 02-01 + 42 = Thursday 03-14: overdue on 03-31, open on 02-29.
# T4: 01-15 + 42 = 02-26, + 36 days suspended (after 01-20 up to and
# including 02-25: 11 + 25) = Tuesday 04-02: open on 03-31, where it would
# be overdue without the suspension.
# T5: 01-20 + 42 = Saturday 03-02: Atw art. 1 moves it to Monday 03-04,
# the day it stopped: on time only by that move.
# T1's toewijzen: applied 02-16 + 14 = Friday 03-01; decided 03-05: late.
# J1's toewijzen: applied 01-10 + 56 = Wednesday 03-06: overdue on 03-31.
clocks() {
	export SWT_DB="$BATS_TEST_TMPDIR/clocks.db"
	printf '%s\n' 'ref,received_at,law,kind,district,staff' \
	    'T1,2024-01-08,wmo,vraag,noord,s1' 'T2,2024-01-02,wmo,vraag,zuid,s2' \
	    'T3,2024-02-01,wmo,vraag,noord,s1' 'T4,2024-01-15,wmo,vraag,zuid,s2' \
	    'T5,2024-01-20,wmo,vraag,noord,s1' \
	    'J1,2024-01-03,jeugdwet,vraag,zuid,s2' \
	    'S1,2024-01-04,wmo,signaal,noord,s1' | swt-intake -q >/dev/null
	printf '%s\n' 'ref,assessed_at' 'T1,2024-02-15' 'T2,2024-02-20' \
	    'T5,2024-03-04' | swt-intake -q >/dev/null
	printf '%s\n' 'partner_id,name,tier' 'zorgco,Zorg Co,aanbieder' |
	    swt-refer -q --load-partners >/dev/null
	printf '%s\n' 'ref,kind,partner,product,applied_at,sent_at,decided_at' \
	    'T1,toewijzen,zorgco,02,2024-02-16,2024-03-05,2024-03-05' \
	    'J1,toewijzen,zorgco,45,2024-01-10,2024-01-10,' |
	    swt-refer -q >/dev/null
	printf '%s\n' 'ref,term,kind,from_date,until_date,reason' \
	    'T4,wmo_onderzoek,suspension,2024-01-20,2024-02-25,instemming' |
	    swt-term -q >/dev/null
	[ "$(swt-term --list --tsv --on 2024-03-31 | wc -l)" -eq 8 ]
}

@test "kpi: wettelijke_termijnen: per term, stopped in the period and overdue at its end" {
	clocks
	run kpi wettelijke_termijnen
	assert_success
	# stopped: T1, T2, T5 (2 on time); overdue on 03-31: T3, not T4
	assert_output "$(want wettelijke_termijnen wmo_onderzoek_count 3 \
	    wettelijke_termijnen wmo_onderzoek_on_time_pct 66.67 \
	    wettelijke_termijnen wmo_onderzoek_overdue 1 \
	    wettelijke_termijnen wmo_beschikking_count 1 \
	    wettelijke_termijnen wmo_beschikking_on_time_pct 0 \
	    wettelijke_termijnen wmo_beschikking_overdue 0 \
	    wettelijke_termijnen jeugdwet_beschikking_count 0 \
	    wettelijke_termijnen jeugdwet_beschikking_on_time_pct '' \
	    wettelijke_termijnen jeugdwet_beschikking_overdue 1 \
	    wettelijke_termijnen participatiewet_beschikking_count 0 \
	    wettelijke_termijnen participatiewet_beschikking_on_time_pct '' \
	    wettelijke_termijnen participatiewet_beschikking_overdue 0)"
}

@test "kpi: wettelijke_termijnen --by month: stopped in the month, overdue on its last day" {
	clocks
	run kpi wettelijke_termijnen --by month
	assert_success
	# January: nothing stopped; on 01-31 every running clock is open
	assert_line $'2024-01\twettelijke_termijnen\twmo_onderzoek_count\t0'
	assert_line $'2024-01\twettelijke_termijnen\twmo_onderzoek_overdue\t0'
	assert_line $'2024-01\twettelijke_termijnen\tjeugdwet_beschikking_overdue\t0'
	# February: T1 on time, T2 late; on 02-29 T3 (03-14), J1 (03-06) open
	assert_line $'2024-02\twettelijke_termijnen\twmo_onderzoek_count\t2'
	assert_line $'2024-02\twettelijke_termijnen\twmo_onderzoek_on_time_pct\t50'
	assert_line $'2024-02\twettelijke_termijnen\twmo_onderzoek_overdue\t0'
	assert_line $'2024-02\twettelijke_termijnen\tjeugdwet_beschikking_overdue\t0'
	# March: T5 on time (Atw), T1's beschikking late; T3 and J1 overdue
	assert_line $'2024-03\twettelijke_termijnen\twmo_onderzoek_count\t1'
	assert_line $'2024-03\twettelijke_termijnen\twmo_onderzoek_on_time_pct\t100'
	assert_line $'2024-03\twettelijke_termijnen\twmo_onderzoek_overdue\t1'
	assert_line $'2024-03\twettelijke_termijnen\twmo_beschikking_count\t1'
	assert_line $'2024-03\twettelijke_termijnen\twmo_beschikking_on_time_pct\t0'
	assert_line $'2024-03\twettelijke_termijnen\tjeugdwet_beschikking_overdue\t1'
	[ "${#lines[@]}" -eq 36 ]
}

@test "kpi: wettelijke_termijnen --by district,staff: the groups of the clock's request" {
	clocks
	run kpi wettelijke_termijnen --by district,staff
	assert_success
	# noord (s1): T1, T5 on time, T3 overdue, T1's beschikking late
	assert_line $'noord\ts1\twettelijke_termijnen\twmo_onderzoek_count\t2'
	assert_line $'noord\ts1\twettelijke_termijnen\twmo_onderzoek_on_time_pct\t100'
	assert_line $'noord\ts1\twettelijke_termijnen\twmo_onderzoek_overdue\t1'
	assert_line $'noord\ts1\twettelijke_termijnen\twmo_beschikking_count\t1'
	# zuid (s2): T2 late, T4 not overdue, J1 overdue
	assert_line $'zuid\ts2\twettelijke_termijnen\twmo_onderzoek_count\t1'
	assert_line $'zuid\ts2\twettelijke_termijnen\twmo_onderzoek_on_time_pct\t0'
	assert_line $'zuid\ts2\twettelijke_termijnen\twmo_onderzoek_overdue\t0'
	assert_line $'zuid\ts2\twettelijke_termijnen\tjeugdwet_beschikking_overdue\t1'
	[ "${#lines[@]}" -eq 24 ]
}

@test "kpi: wettelijke_termijnen: a clock of a request closed long before still counts, in its groups" {
	clocks
	# O1: its intake and closing two years before the period, never
	# assessed: its wmo_onderzoek clock (42 days) is overdue on 03-31
	printf '%s\n' 'ref,received_at,law,kind,district,staff,intake_at' \
	    'O1,2022-01-10,wmo,vraag,west,s3,2022-01-12' | swt-intake -q >/dev/null
	q "UPDATE request SET closed_at = '2022-02-01' WHERE ref = 'O1'"
	run kpi wettelijke_termijnen --by district,staff
	assert_success
	assert_line $'west\ts3\twettelijke_termijnen\twmo_onderzoek_count\t0'
	assert_line $'west\ts3\twettelijke_termijnen\twmo_onderzoek_overdue\t1'
	assert_line $'noord\ts1\twettelijke_termijnen\twmo_onderzoek_overdue\t1'
	run kpi wettelijke_termijnen
	assert_line $'wettelijke_termijnen\twmo_onderzoek_overdue\t2'
	# and nothing else of it counts in the period
	run kpi wachttijd_intake
	assert_line $'wachttijd_intake\twaiting\t7'
}

@test "kpi: a request closed years before counts by what it has in the period; one closed the year before only as herhaling" {
	# in district west: P1 closed in 2021, its latest decision made in
	# Q1; P2 closed in 2021, its first contact after its decision (its
	# support start) in Q1, 1068 days after its intake; P3 closed in
	# 2021, a toewijzen referral applied for in 2023 and not decided
	# (jeugdwet, 56 days: overdue on 03-31), P6 the same, decided on
	# 03-30 (stopped in Q1); P4 closed in 2023 and P5
	# received in Q1, one resident: P5 is a repeat, P4 counts nowhere
	printf '%s\n' 'ref,received_at,law,kind,district,staff,intake_at,bsn' \
	    'P1,2021-03-01,wmo,signaal,west,s1,2021-03-02,' \
	    'P2,2021-04-01,wmo,signaal,west,s1,2021-04-02,' \
	    'P3,2021-05-01,jeugdwet,signaal,west,s1,2021-05-02,' \
	    'P4,2023-05-01,wmo,signaal,west,s1,2023-05-02,999990019' \
	    'P5,2024-02-01,wmo,vraag,west,s1,,999990019' \
	    'P6,2021-05-01,jeugdwet,signaal,west,s1,2021-05-02,' | swt-intake -q >/dev/null
	# and 40 closed in 2019, so that the period has few of the requests:
	# swt-kpi finds those that can count, not reading them all
	{ echo 'ref,received_at,law,district,intake_at'
	  for i in $(seq 40); do echo "F$i,2019-03-01,wmo,noord,2019-03-02"; done
	} | swt-intake -q >/dev/null
	printf '%s\n' 'partner_id,name,tier' 'zorgco,Zorg Co,aanbieder' |
	    swt-refer -q --load-partners >/dev/null
	sqlite3 -batch "$SWT_DB" <<'EOF'
UPDATE request SET closed_at = '2019-04-01', closure_reason = 'opgelost' WHERE ref LIKE 'F%';
UPDATE request SET closed_at = '2021-06-01', closure_reason = 'opgelost' WHERE ref IN ('P1', 'P2', 'P3', 'P6');
UPDATE request SET closed_at = '2023-06-01', closure_reason = 'opgelost' WHERE ref = 'P4';
WITH v(r, route, at) AS (VALUES ('P1', 'advies', '2024-02-10'), ('P2', 'eigen_inzet', '2021-04-03'),
 ('P3', 'maatwerk', '2021-04-03'))
INSERT INTO decision (request_id, recommended_route, route, decided_by, decided_at)
SELECT request_id, route, route, 's1', at FROM v JOIN request ON ref = r;
INSERT INTO contact (request_id, date, kind)
SELECT request_id, '2024-03-05', 'gesprek' FROM request WHERE ref = 'P2';
INSERT INTO referral (request_id, kind, partner_id, product, applied_at)
SELECT request_id, 'toewijzen', 'zorgco', '45', '2023-12-01' FROM request WHERE ref = 'P3';
INSERT INTO referral (request_id, kind, partner_id, product, applied_at, decided_at)
SELECT request_id, 'toewijzen', 'zorgco', '45', '2023-12-20', '2024-03-30' FROM request WHERE ref = 'P6';
EOF
	run kpi beweging --by district
	assert_line $'west\tbeweging\tcount\t1'
	assert_line $'west\tbeweging\tadvies\t1'
	run kpi wachttijd_ondersteuning --by district
	assert_line $'west\twachttijd_ondersteuning\tcount\t1'
	assert_line $'west\twachttijd_ondersteuning\tmedian\t1068'
	run kpi wettelijke_termijnen --by district
	assert_line $'west\twettelijke_termijnen\tjeugdwet_beschikking_overdue\t1'
	assert_line $'west\twettelijke_termijnen\tjeugdwet_beschikking_count\t1'
	assert_line $'west\twettelijke_termijnen\twmo_onderzoek_overdue\t1'
	run kpi effectiviteit --by district
	assert_line $'west\teffectiviteit\therhaling_pct\t100'
	# none of them is open, closed or taken in in the period
	run kpi efficientie --by district
	assert_line $'west\tefficientie\topen_requests\t1'
	run kpi doorlooptijd --by district
	refute_line --partial $'west\t'
	run kpi wachttijd_intake --by district
	assert_line $'west\twachttijd_intake\tcount\t0'
	assert_line $'west\twachttijd_intake\twaiting\t1'
	# the whole 2024 gives the same for them as Q1 (P4 counts nowhere)
	run swt-kpi --period 2024 --kpi effectiviteit,beweging --by district --tsv
	assert_line $'2024\twest\teffectiviteit\therhaling_pct\t100'
	assert_line $'2024\twest\tbeweging\tcount\t1'
	# a client_id of 80 bytes, more than the look-ups held back hold
	q "UPDATE request SET client_id = 'C$(printf '%079d' 7)'
	    WHERE ref IN ('P4', 'P5')"
	run kpi effectiviteit --by district
	assert_line $'west\teffectiviteit\therhaling_pct\t100'
}

@test "kpi: wettelijke_termijnen --cases: the clocks behind a figure, with their dates" {
	clocks
	run swt-kpi --period 2024-Q1 --cases wettelijke_termijnen --measure wmo_onderzoek_overdue --tsv
	assert_success
	assert_line --index 0 $'period\tkpi\tmeasure\tref\trequest_id\tclient_id\tfrom_date\tto_date\tdays'
	# T3 runs from 02-01 to the period's last day: 28 + 31 days
	assert_line --index 1 --regexp $'^2024-Q1\twettelijke_termijnen\twmo_onderzoek_overdue\tT3\t3\tC[A-Z2-7]{13}\t2024-02-01\t2024-03-31\t59$'
	[ "${#lines[@]}" -eq 2 ]
	# a share: the clocks of its count and of its whole
	run swt-kpi --period 2024-Q1 --cases wettelijke_termijnen --measure wmo_onderzoek_on_time_pct --tsv
	assert_line --regexp $'\twmo_onderzoek_count\tT1\t1\t.*\t2024-01-08\t2024-02-15\t38$'
	assert_line --regexp $'\twmo_onderzoek_on_time\tT1\t'
	assert_line --regexp $'\twmo_onderzoek_count\tT2\t2\t.*\t2024-01-02\t2024-02-20\t49$'
	refute_line --regexp $'\twmo_onderzoek_on_time\tT2\t'
	assert_line --regexp $'\twmo_onderzoek_on_time\tT5\t5\t.*\t2024-01-20\t2024-03-04\t44$'
	[ "${#lines[@]}" -eq 6 ]
	# all of them: 4 stopped and 2 overdue, 2 of them on time too: 8 rows
	run swt-kpi --period 2024-Q1 --cases wettelijke_termijnen --tsv
	[ "${#lines[@]}" -eq 9 ]
	# a term the database does not have: nothing behind it
	run swt-kpi --period 2024-Q1 --cases wettelijke_termijnen --measure wlz_count --tsv
	assert_success
	[ "${#lines[@]}" -eq 1 ]
}

@test "kpi: wettelijke_termijnen --publish: its small counts and shares suppressed" {
	clocks
	run kpi wettelijke_termijnen --publish
	assert_success
	assert_line $'wettelijke_termijnen\twmo_onderzoek_count\t\tyes'
	assert_line $'wettelijke_termijnen\twmo_onderzoek_on_time_pct\t\tyes'
	assert_line $'wettelijke_termijnen\tjeugdwet_beschikking_overdue\t\tyes'
	refute_output --regexp $'\tno$'
}

@test "kpi: --by month: a sub-period each, waiting at each month's end" {
	# January: intake R10 1, R3 2, R1 3, R2 10, R4 20: median 3, p90 at 3.6:
	# 10 + 0.6 * 10 = 16; February: R9 2; March none, but still a month.
	# Waiting at 01-31: none; 02-29: R5; 03-31: R5 and R6.
	run swt-kpi --period 2024-Q1 --kpi wachttijd_intake --by month --tsv
	assert_line --index 0 $'period\tmonth\tkpi\tmeasure\tvalue'
	assert_line $'2024-Q1\t2024-01\twachttijd_intake\tmedian\t3'
	assert_line $'2024-Q1\t2024-01\twachttijd_intake\tp90\t16'
	assert_line $'2024-Q1\t2024-01\twachttijd_intake\twaiting\t0'
	assert_line $'2024-Q1\t2024-02\twachttijd_intake\tcount\t1'
	assert_line $'2024-Q1\t2024-02\twachttijd_intake\twaiting\t1'
	assert_line $'2024-Q1\t2024-03\twachttijd_intake\tcount\t0'
	assert_line $'2024-Q1\t2024-03\twachttijd_intake\tmedian\t'
	assert_line $'2024-Q1\t2024-03\twachttijd_intake\twaiting\t2'
}

@test "kpi: --by district,route splits into groups, in that order" {
	# noord: R3 advies 2, R1 eigen_inzet 3; zuid maatwerk: R2 10, R9 2 ->
	# median 6, p90 2 + 0.9 * 8 = 9.2; oost: R10 maatwerk (on 04-03, its
	# latest) 1.  R5 and R6 wait in noord, undecided.
	run swt-kpi --period 2024-Q1 --kpi wachttijd_intake --by district,route --tsv
	assert_line --index 0 $'period\tdistrict\troute\tkpi\tmeasure\tvalue'
	assert_line $'2024-Q1\tnoord\tadvies\twachttijd_intake\tcount\t1'
	assert_line $'2024-Q1\tzuid\tmaatwerk\twachttijd_intake\tmedian\t6'
	assert_line $'2024-Q1\tzuid\tmaatwerk\twachttijd_intake\tp90\t9.2'
	assert_line $'2024-Q1\toost\tmaatwerk\twachttijd_intake\tcount\t1'
	assert_line $'2024-Q1\tnoord\t\twachttijd_intake\twaiting\t2'
}

@test "kpi: --from and --to give what --period gives, named as an interval" {
	run swt-kpi --from 2024-01-01 --to 2024-03-31 --kpi beweging --tsv
	assert_line $'2024-01-01/2024-03-31\tbeweging\tcount\t5'
	# a part of the quarter: January's decisions are R1 R2 R3 R4
	run swt-kpi --from 2024-01-01 --to 31-01-2024 --kpi beweging --tsv
	assert_line $'2024-01-01/2024-01-31\tbeweging\tcount\t4'
	run swt-kpi --period 2024 --by quarter --kpi beweging --tsv
	assert_line $'2024\t2024-Q1\tbeweging\tcount\t5'
	assert_line $'2024\t2024-Q4\tbeweging\tcount\t0'
}

@test "kpi: --json and --csv write the same figures" {
	run swt-kpi --period 2024-Q1 --kpi klachten --json
	assert_line --index 0 '{"period":"2024-Q1","kpi":"klachten","measure":"received","value":"3"}'
	run swt-kpi --period 2024-Q1 --kpi klachten --csv
	assert_line --index 4 '2024-Q1,klachten,on_time_pct,66.67'
}

@test "kpi: --cases lists the requests behind a figure, pseudonymised" {
	run swt-kpi --period 2024-Q1 --cases wachttijd_intake --measure median --tsv
	assert_success
	assert_line --index 0 $'period\tkpi\tmeasure\tref\trequest_id\tclient_id\tfrom_date\tto_date\tdays'
	assert_line --regexp $'^2024-Q1\twachttijd_intake\tcount\tR4\t4\tC[A-Z2-7]+\t2023-12-20\t2024-01-09\t20$'
	[ "${#lines[@]}" -eq 7 ]
	refute_output --partial 999993847
	# a share: the rows of its count and of its whole
	run swt-kpi --period 2024-Q1 --cases effectiviteit --measure herhaling_pct --tsv
	[ "$(grep -c $'\treceived\t' <<<"$output")" -eq 7 ]
	assert_line --regexp $'\therhaling\tR5\t'
	# by group
	run swt-kpi --period 2024-Q1 --cases afwijkingen --measure lichter_pct --by staff --tsv
	assert_line --regexp $'^2024-Q1\ts1\tafwijkingen\tlichter\tR3\t'
}

@test "kpi: --cases refuses a measure of another KPI and options it does not take" {
	run swt-kpi --period 2024-Q1 --cases beweging --measure median
	assert_failure 2
	assert_output --partial "--measure: 'median' is not a measure of that KPI"
	run swt-kpi --period 2024-Q1 --cases nope
	assert_failure 2
	run swt-kpi --period 2024-Q1 --cases beweging --publish
	assert_failure 2
	run swt-kpi --period 2024-Q1 --measure count
	assert_failure 2
	run swt-kpi --period 2024-Q1 --cases wettelijke_termijnen --measure median
	assert_failure 2
	assert_output --partial "--measure: 'median' is not a measure of that KPI"
}

@test "kpi: --publish rounds counts to 5 and suppresses 0-7 and what derives from them" {
	# 13 more requests with an intake in Q1, 4 days each: 19 in all
	{
		echo 'ref,received_at,district,intake_at'
		for i in $(seq 1 13); do echo "P$i,2024-02-01,midden,2024-02-05"; done
	} | swt-intake -q >/dev/null
	run swt-kpi --period 2024-Q1 --kpi wachttijd_intake,klachten --publish --tsv
	assert_success
	assert_line --index 0 $'period\tkpi\tmeasure\tvalue\tsuppressed'
	# 19 -> 20; the median of 19 is shown; 2 waiting is suppressed
	assert_line $'2024-Q1\twachttijd_intake\tcount\t20\tno'
	assert_line $'2024-Q1\twachttijd_intake\tmedian\t4\tno'
	assert_line $'2024-Q1\twachttijd_intake\twaiting\t\tyes'
	# 3 complaints: every count and the share of them suppressed
	assert_line $'2024-Q1\tklachten\treceived\t\tyes'
	assert_line $'2024-Q1\tklachten\ton_time_pct\t\tyes'
	# by district: midden's 13 -> 15 with its median; noord's 2 suppressed
	run swt-kpi --period 2024-Q1 --kpi wachttijd_intake --by district --publish --tsv
	assert_line $'2024-Q1\tmidden\twachttijd_intake\tcount\t15\tno'
	assert_line $'2024-Q1\tmidden\twachttijd_intake\tmean\t4\tno'
	assert_line $'2024-Q1\tnoord\twachttijd_intake\tmedian\t\tyes'
	# no count under 8 anywhere, no id
	run swt-kpi --period 2024-Q1 --publish --tsv
	[ -z "$(awk -F '\t' 'NR > 1 && $4 != "" && $4 + 0 <= 7 && $3 !~ /(pct|median|p90|mean|change|fte)$/' <<<"$output")" ]
	refute_output --regexp 'C[A-Z2-7]{13}'
	run swt-kpi --period 2024-Q1 --publish --by staff
	assert_failure 2
	assert_output --partial "never shows an id"
}

@test "kpi: --compare adds baseline and change, matched by kpi, measure and groups" {
	swt-kpi --period 2024-Q1 --kpi beweging --tsv |
	    sed $'s/\tcount\t5$/\tcount\t4/' >"$BATS_TEST_TMPDIR/base.tsv"
	run swt-kpi --period 2024-Q1 --kpi beweging --compare "$BATS_TEST_TMPDIR/base.tsv" --tsv
	assert_success
	assert_line --index 0 $'period\tkpi\tmeasure\tvalue\tbaseline\tchange'
	assert_line $'2024-Q1\tbeweging\tcount\t5\t4\t1'
	assert_line $'2024-Q1\tbeweging\tmaatwerk_pct\t40\t40\t0'
	# another grouping: no figure matches, and that is said
	run swt-kpi --period 2024-Q1 --kpi beweging --by district --compare "$BATS_TEST_TMPDIR/base.tsv" --tsv
	assert_line $'2024-Q1\tnoord\tbeweging\tcount\t2\t\tno_baseline'
	assert_line --partial "9 figures of the baseline matched no figure"
	# another year by quarter: matched by the quarter
	swt-kpi --period 2024 --by quarter --kpi beweging --tsv | sed 's/^2024/2023/; s/\t2024-Q/\t2023-Q/' >"$BATS_TEST_TMPDIR/q.tsv"
	run swt-kpi --period 2024 --by quarter --kpi beweging --compare "$BATS_TEST_TMPDIR/q.tsv" --tsv
	assert_line $'2024\t2024-Q1\tbeweging\tcount\t5\t5\t0'
}

@test "kpi: --compare refuses a malformed baseline line, and an unpublished one under --publish" {
	printf 'period\tkpi\tmeasure\tvalue\n2024-Q1\tbeweging\tcount\tveel\n2024-Q1\tnope\tcount\t1\n2024-Q1\tbeweging\tcount\t3\n' >"$BATS_TEST_TMPDIR/b.tsv"
	run swt-kpi --period 2024-Q1 --kpi beweging --compare "$BATS_TEST_TMPDIR/b.tsv" --tsv
	assert_failure 1
	assert_line --partial "b.tsv:2: value: not a number"
	assert_line --partial "b.tsv:3: kpi: not a KPI of swt-kpi(1)"
	assert_line $'2024-Q1\tbeweging\tcount\t5\t3\t2'
	run swt-kpi --period 2024-Q1 --kpi beweging --publish --compare "$BATS_TEST_TMPDIR/b.tsv"
	assert_failure 3
	assert_output --partial "b.tsv:1: suppressed: --publish compares with a published baseline only"
}

@test "kpi: --targets adds target and met; a bad line is refused with its place" {
	printf '%s\n' 'kpi,measure,district,op,target' \
	    'beweging,maatwerk_pct,,>=,50' 'wachttijd_intake,median,,<=,3' \
	    'wachttijd_intake,count,zuid,>=,3' 'beweging,count,,<,3' \
	    'beweging,nope,,<=,3' 'beweging,count,,<=,veel' >"$BATS_TEST_TMPDIR/t.csv"
	run swt-kpi --period 2024-Q1 --kpi beweging,wachttijd_intake --targets "$BATS_TEST_TMPDIR/t.csv" --tsv
	assert_failure 1
	assert_line $'period\tkpi\tmeasure\tvalue\ttarget\tmet'
	assert_line $'2024-Q1\tbeweging\tmaatwerk_pct\t40\t50\tno'
	assert_line $'2024-Q1\twachttijd_intake\tmedian\t2.5\t3\tyes'
	assert_line $'2024-Q1\tbeweging\tcount\t5\t\t'
	assert_line --partial "t.csv:5: op: not <= or >="
	assert_line --partial "t.csv:6: measure: not a measure of the KPI"
	assert_line --partial "t.csv:7: target: not a number"
	# a target of a group applies to that group
	run swt-kpi --period 2024-Q1 --kpi wachttijd_intake --by district --targets "$BATS_TEST_TMPDIR/t.csv" --tsv
	assert_line $'2024-Q1\tzuid\twachttijd_intake\tcount\t3\t3\tyes'
	assert_line $'2024-Q1\tnoord\twachttijd_intake\tcount\t2\t\t'
	run swt-kpi --period 2024-Q1 --targets "$BATS_TEST_TMPDIR/nothere.csv"
	assert_failure 3
}

@test "kpi: --measurements are reported alongside; bad lines refused with their line" {
	printf '%s\n' 'period,kpi,group,value' \
	    '2024-Q1,bereikbaarheid,telefoon_wachttijd,45' '2024-02,clientervaringen,,7.8' \
	    '2023-Q4,bekendheid,,30' '2024-13,bekendheid,,1' \
	    '2024-03,bekendheid,Jan Jansen,1' '2024-03,wachttijd_intake,,1' \
	    '2024-03,bekendheid,,veel' >"$BATS_TEST_TMPDIR/m.csv"
	run swt-kpi --period 2024-Q1 --kpi klachten,bereikbaarheid,clientervaringen,bekendheid --measurements "$BATS_TEST_TMPDIR/m.csv" --tsv
	assert_failure 1
	assert_line $'2024-Q1\tbereikbaarheid\ttelefoon_wachttijd\t45'
	assert_line $'2024-02\tclientervaringen\tvalue\t7.8'
	refute_line --partial $'2023-Q4'
	assert_line --partial "m.csv:5: period: not a year, quarter, month or week"
	assert_line --partial "m.csv:6: group: not a code"
	assert_line --partial "m.csv:7: kpi: not one measured outside"
	assert_line --partial "m.csv:8: value: not a number"
	# --kpi without them leaves them out
	run swt-kpi --period 2024-Q1 --kpi klachten --measurements "$BATS_TEST_TMPDIR/m.csv" --tsv
	refute_line --regexp $'^2024-Q1\tbereikbaarheid'
	printf 'kpi,value\nbekendheid,1\n' >"$BATS_TEST_TMPDIR/h.csv"
	run swt-kpi --period 2024-Q1 --measurements "$BATS_TEST_TMPDIR/h.csv"
	assert_failure 3
	assert_output --partial "h.csv:1: period: no such field in the header"
}

@test "kpi: only reads: the database is unchanged, and must be there" {
	local before audit
	before=$(sha256sum "$SWT_DB")
	audit=$(q 'select count(*) from audit')
	run swt-kpi --period 2024-Q1
	assert_success
	[ "$(sha256sum "$SWT_DB")" = "$before" ]
	[ "$(q 'select count(*) from audit')" = "$audit" ]
	run swt-kpi -d "$BATS_TEST_TMPDIR/none.db" --period 2024
	assert_failure 3
	[ ! -e "$BATS_TEST_TMPDIR/none.db" ]
}

@test "kpi: usage errors say what is wrong" {
	run swt-kpi
	assert_failure 2
	assert_output --partial "name the period"
	run swt-kpi --period 2024 --from 2024-01-01 --to 2024-02-01
	assert_failure 2
	run swt-kpi --from 2024-01-01
	assert_failure 2
	run swt-kpi --period 2024-Q5
	assert_failure 2
	assert_output --partial "'2024-Q5' is not a year, quarter, month or week"
	run swt-kpi --from 2024-03-01 --to 2024-02-01
	assert_failure 2
	run swt-kpi --period 2024 --by week
	assert_failure 2
	assert_output --partial "--by: 'week' is none of"
	run swt-kpi --period 2024 --by district,district
	assert_failure 2
	run swt-kpi --period 2024 --kpi wachttijd
	assert_failure 2
	run swt-kpi --period 2024 extra.csv
	assert_failure 2
	assert_output --partial "reads no files"
}

@test "kpi: each KPI alone gives the figures it has among all of them, in any grouping" {
	# a KPI alone reads only the requests and the rows it needs (the
	# table made for the KPIs asked): four years of a synthetic caseload
	# through the demo's pipeline, of which 2024 is a part, so that the
	# requests that can count are found, not all read
	# (on a database of its own: not the caseload above)
	rm -f "$SWT_DB"
	swt-db -q init
	dir=$BATS_TEST_TMPDIR n=3000 seed=5 from=2021-01-01 to=2024-12-31 \
	    on=2025-03-31
	. "$BATS_TEST_DIRNAME/../share/pipeline.sh"
	pipeline_all >/dev/null 2>&1
	for by in "" route,district staff,quarter law,kind,month; do
		swt-kpi --period 2024 ${by:+--by "$by"} --tsv >"$dir/all"
		{ head -n 1 "$dir/all"
		  for k in wachttijd_intake wachttijd_ondersteuning doorlooptijd \
		      klachten effectiviteit efficientie proceskwaliteit \
		      wettelijke_termijnen beweging afwijkingen; do
			swt-kpi --period 2024 ${by:+--by "$by"} --kpi "$k" \
			    --tsv | tail -n +2
		  done; } >"$dir/alone"
		[ "$(wc -l <"$dir/all")" -gt 50 ]
		diff "$dir/all" "$dir/alone"
	done
	# met_plan (the residents due, read beside plan_client) and herhaling
	# (the year before from request_closed) as SQL says them
	run swt-kpi --period 2024 --kpi proceskwaliteit,effectiviteit --tsv
	assert_line "2024	proceskwaliteit	met_plan_pct	$(q "
	    WITH c AS (SELECT r.client_id, r.closed_at, (SELECT route FROM decision d
	      WHERE d.request_id = r.request_id ORDER BY decided_at DESC, decision_id DESC
	      LIMIT 1) AS route FROM request r
	      WHERE r.closed_at >= '2024-01-01' AND r.closed_at < '2025-01-01')
	    SELECT round(100.0 * sum(EXISTS (SELECT 1 FROM plan p
	      WHERE p.client_id = c.client_id
	      AND substr(p.opened_at, 1, 10) <= substr(c.closed_at, 1, 10))) / count(*), 2)
	    FROM c WHERE route IN ('eigen_inzet', 'maatwerk')")"
	assert_line "2024	effectiviteit	herhaling_pct	$(q "
	    SELECT round(100.0 * sum(EXISTS (SELECT 1 FROM request o
	      WHERE o.client_id = r.client_id AND o.request_id != r.request_id
	      AND (o.closure_reason IS NULL OR o.closure_reason NOT IN ('verhuisd', 'overleden'))
	      AND julianday(substr(r.received_at, 1, 10)) -
	        julianday(substr(o.closed_at, 1, 10)) BETWEEN 0 AND 365)) / count(*), 2)
	    FROM request r WHERE r.received_at >= '2024-01-01' AND r.received_at < '2025-01-01'")"
	# and two together, as each of them among all
	swt-kpi --period 2024 --kpi efficientie,wachttijd_intake --by kind --tsv \
	    >"$dir/two"
	swt-kpi --period 2024 --by kind --tsv |
	    awk -F '\t' 'NR == 1 || $3 == "wachttijd_intake" || $3 == "efficientie"' |
	    diff - "$dir/two"
}

@test "kpi: efficientie and klachten give numbers on a synthetic caseload with staff and complaints" {
	swt-gen -n 1500 --seed 7 | swt-intake -q >/dev/null
	swt-gen -n 1500 --seed 7 --assessments | swt-intake -q >/dev/null
	swt-triage --pending | awk -F '\t' -v OFS='\t' '
	    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print $0, "decided_at"; next }
	    { print $0, $c["assessed_at"] }' | swt-triage -q --commit >/dev/null
	swt-gen --follow-up staff | swt-db -q load-staff >/dev/null
	swt-gen --follow-up complaints --to 2025-06-30 | swt-db -q load-complaints >/dev/null
	run swt-kpi --period 2024 --kpi efficientie,klachten --tsv
	assert_success
	for m in fte per_fte received admissible resolved on_time_pct; do
		v=$(awk -F '\t' -v m="$m" '$3 == m { print $4 }' <<<"$output")
		[[ $v =~ ^[0-9]+(\.[0-9]+)?$ ]] && [ "$v" != 0 ] || { echo "$m: '$v'"; false; }
	done
	# the staff's names are in no output of the KPIs
	run swt-kpi --period 2024 --kpi efficientie --by staff --tsv
	assert_line --partial $'m.jansen\tefficientie\tfte\t'
	refute_output --partial "M. Jansen"
}

@test "kpi: on a terminal its reading of the requests shows progress, cleared after" {
	command -v script >/dev/null || skip "script(1) is not installed"
	swt-gen -n 1000 --seed 7 | swt-intake -q >/dev/null
	SWT_PROGRESS=0 script -qec "swt-kpi --period 2024 --kpi beweging --tsv >$BATS_TEST_TMPDIR/out" /dev/null >"$BATS_TEST_TMPDIR/tty"
	run cat -v "$BATS_TEST_TMPDIR/tty"
	assert_output --regexp '^(\^Mswt-kpi: [0-9]+ requests read, [0-9]+/s, [0-9]+ s left *)+\^M +\^M$'
	# the figures are as without it
	run swt-kpi --period 2024 --kpi beweging --tsv
	[ "$output" = "$(cat "$BATS_TEST_TMPDIR/out")" ]
	run script -qec "swt-kpi -q --period 2024 --kpi beweging >/dev/null" /dev/null
	assert_output ''
}

@test "kpi: more distinct group values than it keeps is an error that says so" {
	awk 'BEGIN { print "ref,received_at,law,staff"; for (i = 0; i < 33000; i++) printf "V%05d,2024-01-02,wmo,s%05d\n", i, i }' |
	    swt-intake -q >/dev/null
	run swt-kpi --period 2024 --kpi wachttijd_intake --by staff
	assert_failure 3
	assert_output --partial "swt-kpi: more than 32767 distinct districts, laws, services, staff and other such values"
	# not grouped by staff, its values are not kept: no limit to meet
	run swt-kpi --period 2024 --kpi wachttijd_intake --tsv
	assert_success
	# (and R5, R6 and R7 of the caseload)
	assert_line $'2024\twachttijd_intake\twaiting\t33003'
}
