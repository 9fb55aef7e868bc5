#!/usr/bin/env bats
# swt-db retention and erase: dossiers past their term, erasure on request

load test_helper/common

q() { sqlite3 -batch -noheader "$SWT_DB" "$1"; }

# Requests on standard input's lines (a header first), stored.
intake() { printf '%s\n' "$@" | swt-intake -q >/dev/null; }
# The client_id of request $1's resident.
cid() { q "SELECT client_id FROM request WHERE ref = '$1'"; }
# Close request $1 on $2 for reason $3.
closed() {
	q "UPDATE request SET closed_at = '$2', closure_reason = '$3' WHERE ref = '$1'"
}
# Is resident $2 listed by retention on the day $1?
due_on() { swt-db -q retention --on "$1" --tsv | cut -f 1 | grep -qx "$2"; }
# (a bare "! cmd" does not fail a bats test: these do)
not_due_on() { ! due_on "$@"; }

# One resident per rule, each request closed; due dates worked out by hand:
#  W  wmo             closed 2009-06-30        15 y: ends 2024-06-30, due 2024-07-01
#  J  jeugdwet        closed 2004-03-15        20 y: ends 2024-03-15, due 2024-03-16
#  P  participatiewet closed 2014-12-31        10 y: ends 2024-12-31, due 2025-01-01
#  F  wmo, afgewezen  closed 2019-02-28  refused 5 y: ends 2024-02-28, due 2024-02-29
#  B  jeugdwet, afgebroken closed 2024-01-10  42 days: ends 2024-02-21, due 2024-02-22
#  L  leerplichtwet   born 2005-08-31     19 y from birth: ends 2024-08-31, due 2024-09-01
rules() {
	intake 'ref,received_at,law,bsn,name,birth_date' \
	    'W,2009-01-05,wmo,999993847,Wim Wmo,1940-01-01' \
	    'J,2003-01-05,jeugdwet,999992077,Jet Jeugd,1999-01-01' \
	    'P,2014-01-05,participatiewet,999993483,Piet Part,1960-01-01' \
	    'F,2019-01-05,wmo,999990019,Fie Afgewezen,1950-01-01' \
	    'B,2024-01-02,jeugdwet,999990032,Bas Afgebroken,2012-01-01' \
	    'L,2023-01-05,leerplichtwet,999990044,Lot Leerplicht,2005-08-31'
	closed W 2009-06-30 opgelost
	closed J 2004-03-15 overgedragen
	closed P 2014-12-31 opgelost
	closed F 2019-02-28 afgewezen
	closed B 2024-01-10 afgebroken
	closed L 2023-06-01 opgelost
}

@test "retention: each rule is due on the day after its term ends, not before" {
	rules
	for t in W:2024-07-01 J:2024-03-16 P:2025-01-01 F:2024-02-29 \
	    B:2024-02-22 L:2024-09-01; do
		ref=${t%%:*} day=${t#*:}
		c=$(cid "$ref")
		before=$(date -d "$day - 1 day" +%F)
		due_on "$day" "$c" || { echo "$ref not due on $day"; false; }
		not_due_on "$before" "$c" || { echo "$ref due on $before"; false; }
	done
}

@test "retention: lists the rule, its basis and dates, and counts; never person data" {
	rules
	run swt-db retention --on 2025-06-01 --tsv
	assert_success
	assert_line --index 0 $'client_id\trule\tbasis\tcounted_from\tfrom\tdue\trequests\tdecisions\treferrals\tplans\tgoals\tcontacts\tsuspensions\tcomplaints'
	assert_line "$(cid W)"$'\twmo\tSelectielijst gemeenten 2020\tclosed_at\t2009-06-30\t2024-07-01\t1\t0\t0\t0\t0\t0\t0\t0'
	assert_line "$(cid F)"$'\trefused\tSelectielijst gemeenten 2020\tclosed_at\t2019-02-28\t2024-02-29\t1\t0\t0\t0\t0\t0\t0\t0'
	assert_line "$(cid B)"$'\tbroken_off\tSelectielijst gemeenten 2020\tclosed_at\t2024-01-10\t2024-02-22\t1\t0\t0\t0\t0\t0\t0\t0'
	# counted from the birth date: the dates would tell it, so they are left out
	assert_line "$(cid L)"$'\tleerplichtwet\tSelectielijst gemeenten 2020\tbirth_date\t\t\t1\t0\t0\t0\t0\t0\t0\t0'
	[ "${#lines[@]}" -eq 7 ]
	refute_output --partial 2005-08-31
	refute_output --partial 2024-09-01
	refute_output --partial 99999
	refute_output --partial Wim
	run swt-db retention --on 2025-06-01 --json
	assert_line --index 0 --partial '{"client_id":"C'
	# a listing writes nothing
	[ "$(q 'SELECT count(*) FROM person')" -eq 6 ]
}

@test "retention: --on refuses what is not a date; the terms come from retention_term" {
	rules
	run swt-db retention --on 2024-13-01
	assert_failure 2
	assert_output --partial "--on: '2024-13-01' is not a date"
	q "UPDATE retention_term SET days = 100 WHERE what = 'broken_off'"
	not_due_on 2024-02-22 "$(cid B)"
	due_on 2024-04-20 "$(cid B)"
}

@test "retention: a partly due resident is kept whole until their last request is due" {
	intake 'ref,received_at,law,bsn' 'A1,2004-01-05,wmo,999993847' \
	    'A2,2020-01-05,jeugdwet,999993847'
	closed A1 2005-01-10 opgelost
	closed A2 2020-02-01 afgebroken
	c=$(cid A1)
	# A1 is due on 2020-01-11, A2 (broken off) on 2020-03-15: both by 2021
	due_on 2021-01-01 "$c"
	q "UPDATE request SET closure_reason = 'opgelost' WHERE ref = 'A2'"
	# now A2 keeps its jeugdwet term: 20 years from 2020-02-01
	not_due_on 2039-12-31 "$c"
	run swt-db retention --on 2040-02-02 --tsv
	assert_line "$c"$'\tjeugdwet\tSelectielijst gemeenten 2020\tclosed_at\t2020-02-01\t2040-02-02\t2\t0\t0\t0\t0\t0\t0\t0'
}

@test "retention: an open request, or an open plan, keeps the resident and everything" {
	intake 'ref,received_at,law,bsn' 'O1,2000-01-05,wmo,999993847' \
	    'O2,2001-01-05,wmo,999993847' 'Q1,2000-01-05,wmo,999992077'
	closed O1 2000-06-01 opgelost
	closed Q1 2000-06-01 opgelost
	q "INSERT INTO plan (client_id, opened_at, status) SELECT client_id, '2000-02-01', 'open' FROM request WHERE ref = 'Q1'"
	run swt-db retention --on 2030-01-01 --tsv
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	swt-db -q retention --on 2030-01-01 --commit >/dev/null
	[ "$(q 'SELECT count(*) FROM request')" -eq 3 ]
	[ "$(q 'SELECT count(*) FROM person')" -eq 2 ]
}

@test "retention: a closed request without a term keeps its resident, with a warning" {
	intake 'ref,received_at,bsn' 'N1,2000-01-05,999993847'
	closed N1 2000-06-01 opgelost
	run swt-db retention --on 2060-01-01 --tsv
	assert_success
	assert_output --partial "warning: retention: 1 residents kept: a closed request without a retention term"
	run swt-db -q retention --on 2060-01-01 --tsv
	assert_output $'client_id\trule\tbasis\tcounted_from\tfrom\tdue\trequests\tdecisions\treferrals\tplans\tgoals\tcontacts\tsuspensions\tcomplaints'
}

# A resident with one of everything, all closed: request D1 (wmo, closed
# 2005-01-10) and D2 (jeugdwet, broken off 2004-05-01).
everything() {
	intake 'ref,received_at,law,bsn,name,birth_date,postcode' \
	    'D1,2004-01-05,wmo,999993847,Dirk Dossier,1961-07-13,8011AB' \
	    'D2,2004-02-05,jeugdwet,999993847,,,' \
	    'K1,2004-01-05,wmo,999992077,Karel Kept,1970-02-02,8012CD'
	closed D1 2005-01-10 opgelost
	closed D2 2004-05-01 afgebroken
	sqlite3 -batch "$SWT_DB" <<'SQL'
INSERT INTO decision (request_id, route, decided_at)
 SELECT request_id, 'maatwerk', '2004-01-20' FROM request WHERE ref = 'D1';
INSERT INTO referral (request_id, kind, partner_id, applied_at, decided_at, ended_at, status)
 SELECT request_id, 'toewijzen', 'ggd', '2004-01-21', '2004-02-01', '2004-12-31', 'ended' FROM request WHERE ref = 'D1';
INSERT INTO suspension (request_id, term, from_date, until_date, reason)
 SELECT request_id, 'wmo_onderzoek', '2004-01-10', '2004-01-12', 'documenten' FROM request WHERE ref = 'D1';
INSERT INTO contact (request_id, date, kind) SELECT request_id, '2004-01-15', 'gesprek' FROM request WHERE ref = 'D1';
INSERT INTO plan (plan_id, client_id, opened_at, status, closed_at, closure_reason)
 SELECT 7, client_id, '2004-01-25', 'closed', '2005-01-10', 'opgelost' FROM request WHERE ref = 'D1';
INSERT INTO goal (plan_id, request_id, status) SELECT 7, request_id, 'achieved' FROM request WHERE ref = 'D1';
INSERT INTO goal (plan_id, status) VALUES (7, 'partly');
INSERT INTO contact (plan_id, date, kind) VALUES (7, '2004-06-01', 'leun_steun');
INSERT INTO complaint (ref, client_id, received_at) SELECT 'KL1', client_id, '2004-03-01' FROM request WHERE ref = 'D1';
SQL
}

@test "retention --commit destroys the dossier, all of it, with one audit entry; again, nothing" {
	everything
	c=$(cid D1)
	run swt-db retention --on 2021-01-01 --tsv --commit
	assert_success
	assert_line "$c"$'\twmo\tSelectielijst gemeenten 2020\tclosed_at\t2005-01-10\t2020-01-11\t2\t1\t1\t1\t2\t2\t1\t1'
	[ "$(q "SELECT count(*) FROM person WHERE client_id = '$c'")" -eq 0 ]
	[ "$(q 'SELECT count(*) FROM request')" -eq 1 ]
	for t in decision referral suspension contact plan goal complaint; do
		[ "$(q "SELECT count(*) FROM $t")" -eq 0 ] || { echo "$t left"; false; }
	done
	run q "SELECT command, action, entity, entity_id, detail FROM audit WHERE action = 'retention'"
	assert_output "swt-db|retention|person|$c|rule wmo (Selectielijst gemeenten 2020), due 2020-01-11: requests 2, decisions 1, referrals 1, plans 1, goals 2, contacts 2, suspensions 1, complaints 1"
	n=$(q 'SELECT count(*) FROM audit')
	run swt-db retention --on 2021-01-01 --tsv --commit
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	[ "$(q 'SELECT count(*) FROM audit')" -eq "$n" ]
	run swt-db check
	assert_success
}

# Does the raw database file or its WAL hold $1?
raw_holds() {
	local f n=0
	for f in "$SWT_DB" "$SWT_DB-wal"; do
		[ -e "$f" ] && n=$((n + $(grep -c -a -F "$1" "$f" || true)))
	done
	[ "$n" -gt 0 ]
}
raw_free() { ! raw_holds "$1"; }

@test "retention --commit leaves no byte of the resident in the file or its WAL" {
	everything
	raw_holds 999993847
	raw_holds "Dirk Dossier"
	# another connection, idle after a read, keeps the WAL file there
	mkfifo "$BATS_TEST_TMPDIR/in"
	sqlite3 "$SWT_DB" <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out" &
	exec 5>"$BATS_TEST_TMPDIR/in"
	echo "SELECT 'read', count(*) FROM person;" >&5
	until grep -q read "$BATS_TEST_TMPDIR/out"; do sleep 0.1; done
	swt-db -q retention --on 2021-01-01 --commit >/dev/null
	[ -e "$SWT_DB-wal" ]
	raw_free 999993847
	raw_free "Dirk Dossier"
	raw_free 8011AB
	# the resident who is kept is still there
	raw_holds "Karel Kept"
	exec 5>&-
	wait
}

@test "erase: destroys one resident at once, all of it, and no byte is left" {
	everything
	c=$(cid D1)
	raw_holds "Dirk Dossier"
	run swt-db erase --tsv "$c"
	assert_success
	assert_line --index 1 "$c"$'\terasure\tAVG art. 17\t\t\t\t2\t1\t1\t1\t2\t2\t1\t1'
	assert_output --partial "1 erased, 0 kept"
	[ "$(q "SELECT count(*) FROM person WHERE client_id = '$c'")" -eq 0 ]
	[ "$(q 'SELECT count(*) FROM request')" -eq 1 ]
	raw_free 999993847
	raw_free "Dirk Dossier"
	raw_free 1961-07-13
	raw_holds "Karel Kept"
}

@test "erase: the audit entry names the client_id and counts, no BSN, name or birth date" {
	everything
	c=$(cid D1)
	swt-db -q erase "$c" >/dev/null
	run q "SELECT action, entity, entity_id, detail FROM audit WHERE action = 'erase'"
	assert_output "erase|person|$c|rule erasure (AVG art. 17): requests 2, decisions 1, referrals 1, plans 1, goals 2, contacts 2, suspensions 1, complaints 1"
	run q "SELECT * FROM audit"
	refute_output --partial 999993847
	refute_output --partial Dirk
	refute_output --partial 1961-07-13
	run swt-db check
	assert_success
	assert_output --partial ", ok"
}

@test "erase --bsn reads BSNs from standard input, never from the command line" {
	everything
	c=$(cid K1)
	run swt-db erase --tsv --bsn <<<$'999992077\n123456789\n999990019'
	assert_failure 1
	assert_line --partial "$c"$'\terasure'
	assert_output --partial "standard input line 2: not a BSN"
	assert_output --partial "standard input line 3: no such resident"
	assert_output --partial "1 erased, 2 kept"
	refute_output --partial 123456789
	refute_output --partial 999990019
	[ "$(q "SELECT count(*) FROM person WHERE client_id = '$c'")" -eq 0 ]
}

@test "erase: refuses, with the reason, a running beschikking, an aanvraag awaiting one, an open maatwerk request" {
	intake 'ref,received_at,law,bsn' 'E1,2024-01-05,wmo,999993847' \
	    'E2,2024-01-05,wmo,999992077' 'E3,2024-01-05,wmo,999993483' \
	    'E4,2024-01-05,wmo,999990019'
	sqlite3 -batch "$SWT_DB" <<'SQL'
INSERT INTO referral (request_id, kind, partner_id, applied_at, decided_at, status)
 SELECT request_id, 'toewijzen', 'ggd', '2024-01-10', '2024-01-20', 'started' FROM request WHERE ref = 'E1';
INSERT INTO referral (request_id, kind, partner_id, applied_at, status)
 SELECT request_id, 'toewijzen', 'ggd', '2024-01-10', 'sent' FROM request WHERE ref = 'E2';
INSERT INTO decision (request_id, route, decided_at)
 SELECT request_id, 'maatwerk', '2024-01-08' FROM request WHERE ref = 'E3';
INSERT INTO decision (request_id, route, decided_at)
 SELECT request_id, 'eigen_inzet', '2024-01-08' FROM request WHERE ref = 'E4';
INSERT INTO referral (request_id, kind, partner_id, applied_at, decided_at, ended_at, status)
 SELECT request_id, 'toewijzen', 'ggd', '2024-01-10', '2024-01-20', '2024-03-01', 'ended' FROM request WHERE ref = 'E4';
SQL
	run swt-db erase "$(cid E1)" "$(cid E2)" "$(cid E3)" "$(cid E4)" CNOSUCHRESIDENT
	assert_failure 1
	assert_output --partial "erase: $(cid E1): kept, the law requires it (AVG art. 17(3)(b)): referral 1 of request E1: a beschikking of 2024-01-20 whose provision runs"
	assert_output --partial "erase: $(cid E2): kept, the law requires it (AVG art. 17(3)(b)): referral 2 of request E2: an aanvraag of 2024-01-10 awaits its beschikking"
	assert_output --partial "erase: $(cid E3): kept, the law requires it (AVG art. 17(3)(b)): request E3 is open with a maatwerk decision"
	assert_output --partial "erase: CNOSUCHRESIDENT: no such resident"
	assert_output --partial "1 erased, 4 kept"
	# E4: open, but on eigen inzet and its provision ended: erased
	[ "$(q 'SELECT group_concat(ref) FROM request ORDER BY ref')" = "E1,E2,E3" ]
	[ "$(q "SELECT count(*) FROM audit WHERE action = 'erase'")" -eq 1 ]
}

@test "erase and retention: the options of other verbs are refused, and so are wrong arguments" {
	swt-db -q init
	run swt-db erase
	assert_failure 2
	assert_output --partial "erase: name the residents by client_id, or give --bsn"
	run swt-db erase --bsn C1234
	assert_failure 2
	run swt-db erase --on 2024-01-01 C1234
	assert_failure 2
	assert_output --partial "erase: --on goes with retention only"
	run swt-db retention --bsn
	assert_failure 2
	assert_output --partial "retention: --bsn goes with erase only"
	run swt-db check --commit
	assert_failure 2
	assert_output --partial "check: --commit goes with retention only"
	run swt-db retention extra
	assert_failure 2
	run swt-db erase --strict C1234
	assert_failure 2
}

@test "erase: the KPIs of a period before it change by the erased resident's requests only" {
	intake 'ref,received_at,law,bsn,intake_at' \
	    'G1,2024-01-02,wmo,999993847,2024-01-05' \
	    'G2,2024-02-02,wmo,999993847,2024-02-09' \
	    'H1,2024-01-03,wmo,999992077,2024-01-20' \
	    'H2,2024-03-03,jeugdwet,,2024-03-04'
	swt-kpi --period 2024 --cases wachttijd_intake --tsv | cut -f 4 | sort >"$BATS_TEST_TMPDIR/before"
	swt-kpi --period 2024 --kpi wachttijd_intake --tsv >"$BATS_TEST_TMPDIR/kb"
	swt-db -q erase "$(cid G1)" >/dev/null
	swt-kpi --period 2024 --cases wachttijd_intake --tsv | cut -f 4 | sort >"$BATS_TEST_TMPDIR/after"
	run comm -23 "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
	assert_output $'G1\nG2'
	run comm -13 "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
	assert_output ""
	grep -q $'\tcount\t4$' "$BATS_TEST_TMPDIR/kb"
	run swt-kpi --period 2024 --kpi wachttijd_intake --tsv
	assert_line --partial $'wachttijd_intake\tcount\t2'
}
