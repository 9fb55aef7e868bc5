#!/usr/bin/env bats
# swt-term: legal clocks, their suspensions and extensions, the calendar.
# Every expected date is worked out by hand in a comment beside it.

load test_helper/common

q() { sqlite3 -batch -noheader "$SWT_DB" "$1"; }

# The requests of the worked examples of swt-term(1), and an aanbieder.
#   M1 a wmo melding received Monday 2024-03-04 (wmo_onderzoek)
#   W2 a wmo vraag; its toewijzen applied Saturday 2025-04-12 (wmo_beschikking)
#   J2 jeugdwet; toewijzen applied Thursday 2024-02-01 (jeugdwet_beschikking)
#   P3 participatiewet; toewijzen applied Thursday 2024-10-31
#   S1 a wmo signaal: no clock
setup_requests() {
	printf '%s\n' 'ref,received_at,law,kind,staff' \
	    'M1,2024-03-04,wmo,vraag,anna' 'W2,2025-04-01,wmo,vraag,bram' \
	    'J2,2024-01-02,jeugdwet,vraag,cor' \
	    'P3,2024-10-01,participatiewet,vraag,dina' \
	    'S1,2024-03-04,wmo,signaal,anna' | swt-intake -q >/dev/null
	printf '%s\n' 'partner_id,name,tier' 'zorgco,Zorg Co,aanbieder' |
	    swt-refer -q --load-partners >/dev/null
	printf '%s\n' 'ref,kind,partner,product,applied_at,sent_at' \
	    'W2,toewijzen,zorgco,02,2025-04-12,2025-04-12' \
	    'J2,toewijzen,zorgco,45,2024-02-01,2024-02-01' \
	    'P3,toewijzen,zorgco,,2024-10-31,2024-10-31' | swt-refer -q >/dev/null
}

# Records on standard input: the echo alone (term) or with messages (terms).
term() {
	printf '%s\n' "$@" | swt-term -q --tsv
}
terms() {
	printf '%s\n' "$@" | swt-term --tsv
}

# One field of one clock on a day: clock REF TERM DAY FIELD
clock() {
	swt-term --list --tsv --on "$3" --term "$2" |
	    awk -F '\t' -v ref="$1" -v f="$4" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    $1 == ref { print $c[f] }'
}

H='ref,term,kind,from_date,until_date,days,notified_at,reason'

@test "term: --list writes exactly the fields of the contract" {
	setup_requests
	run swt-term --list --tsv --on 2024-03-04
	assert_success
	assert_line --index 0 $'ref\trequest_id\tclient_id\treferral_id\tterm\tlaw\tstarted_at\tdeadline\tstopped_at\tsuspended_days\textended_days\tstatus\tdays_left'
	# 4 March 2024: M1's onderzoek, J2's beschikking; a signal has no clock
	assert_line --regexp $'^M1\t1\tC[A-Z0-9]+\t\twmo_onderzoek\twmo\t2024-03-04\t2024-04-15\t\t0\t0\topen\t42$'
	assert_line --regexp $'^J2\t3\tC[A-Z0-9]+\t2\tjeugdwet_beschikking\tjeugdwet\t2024-02-01\t2024-03-28\t\t0\t0\topen\t24$'
	refute_line --partial S1
	[ "${#lines[@]}" -eq 3 ]
}

@test "term: wmo_onderzoek: 42 days, a suspension for instemming adds its days" {
	setup_requests
	# 2024-03-04 + 42 = 2024-04-15 (a Monday)
	[ "$(clock M1 wmo_onderzoek 2024-03-05 deadline)" = 2024-04-15 ]
	# suspended after 11 March up to and including 18 March: 7 days
	# 2024-04-15 + 7 = 2024-04-22 (a Monday)
	run term "$H" 'M1,wmo_onderzoek,suspension,2024-03-11,2024-03-18,,,instemming'
	assert_success
	assert_output --partial $'\t2024-04-22'
	[ "$(clock M1 wmo_onderzoek 2024-03-20 deadline)" = 2024-04-22 ]
	[ "$(clock M1 wmo_onderzoek 2024-03-20 suspended_days)" = 7 ]
}

@test "term: wmo_beschikking: 14 days, on Koningsdag 2025 (26 April) moves to Monday" {
	setup_requests
	# 2025-04-12 + 14 = Saturday 2025-04-26, Koningsdag (27 April a
	# Sunday); Sunday 27th; Monday 2025-04-28
	[ "$(clock W2 wmo_beschikking 2025-04-14 deadline)" = 2025-04-28 ]
	run swt-term --list --explain --tsv --on 2025-04-14 --term wmo_beschikking
	assert_output --partial '2025-04-26 is Koningsdag: naar 2025-04-28 (Atw art. 1)'
}

@test "term: jeugdwet_beschikking: a deadline on tweede Paasdag after a suspension" {
	setup_requests
	# 2024-02-01 + 56 = Thursday 2024-03-28
	[ "$(clock J2 jeugdwet_beschikking 2024-02-02 deadline)" = 2024-03-28 ]
	# suspended after 10 February up to and including 14 February: 4 days;
	# 2024-03-28 + 4 = Monday 2024-04-01, tweede Paasdag (Easter 31
	# March): moves to Tuesday 2024-04-02
	term "$H" 'J2,jeugdwet_beschikking,suspension,2024-02-10,2024-02-14,,,documenten'
	[ "$(clock J2 jeugdwet_beschikking 2024-03-01 deadline)" = 2024-04-02 ]
	run swt-term --list --explain --tsv --on 2024-03-01 --term jeugdwet_beschikking
	assert_output --partial $'\texplanation'
	assert_output --partial 'start 2024-02-01 + 56 dagen = 2024-03-28; + 4 dagen opschorting documenten (na 2024-02-10 tot en met 2024-02-14) = 2024-04-01; 2024-04-01 is tweede Paasdag: naar 2024-04-02 (Atw art. 1)'
}

@test "term: jeugdwet_beschikking: an extension adds its days, notified in time" {
	setup_requests
	# 2024-03-28 + 14 = Thursday 2024-04-11, notified before 28 March
	run term "$H" 'J2,jeugdwet_beschikking,extension,,,14,2024-03-27,'
	assert_success
	assert_output --partial $'verdaging\t1\t2\t'
	[ "$(clock J2 jeugdwet_beschikking 2024-03-28 deadline)" = 2024-04-11 ]
	[ "$(clock J2 jeugdwet_beschikking 2024-03-28 extended_days)" = 14 ]
	# not yet known the day before it was notified
	[ "$(clock J2 jeugdwet_beschikking 2024-03-26 deadline)" = 2024-03-28 ]
}

@test "term: participatiewet_beschikking: 56 days, on tweede Kerstdag moves to the 27th" {
	setup_requests
	# 2024-10-31 + 56 = Thursday 2024-12-26, tweede Kerstdag: Friday 27th
	[ "$(clock P3 participatiewet_beschikking 2024-11-01 deadline)" = 2024-12-27 ]
}

@test "term: refused: a reason the term does not allow" {
	setup_requests
	run terms "$H" 'M1,wmo_onderzoek,suspension,2024-03-11,2024-03-18,,,documenten'
	assert_failure 1
	assert_output --partial "swt-term: -:2: reason: reden 'documenten' is geen opschorting die wmo_onderzoek toestaat (Wmo 2015 art. 2.3.2): alleen instemming"
	run terms "$H" 'J2,jeugdwet_beschikking,suspension,2024-02-10,2024-02-14,,,verdaging'
	assert_failure 1
	assert_output --partial "reden 'verdaging' is geen opschorting"
	[ "$(q 'SELECT count(*) FROM suspension')" = 0 ]
}

@test "term: refused: a suspension before its clock or after it stopped" {
	setup_requests
	run terms "$H" 'J2,jeugdwet_beschikking,suspension,2024-01-31,2024-02-14,,,documenten'
	assert_failure 1
	assert_output --partial "-:2: from_date: opschorting voor het begin van de termijn: 2024-01-31 ligt voor de start 2024-02-01"
	printf '%s\n' 'ref,assessed_at' 'M1,2024-03-20' | swt-intake -q >/dev/null
	run terms "$H" 'M1,wmo_onderzoek,suspension,2024-03-21,,,,instemming'
	assert_failure 1
	assert_output --partial "from_date: opschorting na het einde van de termijn: 2024-03-21 ligt na 2024-03-20, toen de termijn stopte"
}

@test "term: refused: a suspension over another of the same clock, open or closed" {
	setup_requests
	term "$H" 'J2,jeugdwet_beschikking,suspension,2024-02-10,2024-02-14,,,documenten' >/dev/null
	run terms "$H" 'J2,jeugdwet_beschikking,suspension,2024-02-12,2024-02-20,,,instemming' \
	    'J2,jeugdwet_beschikking,suspension,2024-02-14,2024-02-20,,,instemming' \
	    'J2,jeugdwet_beschikking,suspension,2024-03-01,,,,instemming' \
	    'J2,jeugdwet_beschikking,suspension,2024-03-05,2024-03-06,,,instemming'
	assert_failure 1
	assert_output --partial "-:2: from_date: opschorting overlapt een andere van dezelfde termijn (vanaf 2024-02-10 tot en met 2024-02-14)"
	# from the 14th: the days after it, no overlap (Awb 4:15)
	refute_output --partial "-:3:"
	assert_output --partial "-:5: from_date: opschorting overlapt een andere van dezelfde termijn (vanaf 2024-03-01, zonder einde)"
	[ "$(q 'SELECT count(*) FROM suspension')" = 3 ]
}

@test "term: refused: an extension on a term that allows none" {
	setup_requests
	run terms "$H" 'W2,wmo_beschikking,extension,,,14,2025-04-14,'
	assert_failure 1
	assert_output --partial "-:2: kind: verdaging kan niet bij wmo_beschikking: de termijn is die van de wet zelf (Wmo 2015 art. 2.3.5)"
	run terms "$H" 'M1,wmo_onderzoek,extension,,,14,2024-03-14,'
	assert_failure 1
	assert_output --partial "verdaging kan niet bij wmo_onderzoek"
}

@test "term: refused: an extension notified after the deadline as it stood" {
	setup_requests
	term "$H" 'J2,jeugdwet_beschikking,suspension,2024-02-10,2024-02-14,,,documenten' >/dev/null
	# the deadline stood at 2024-04-02 (see above): the 2nd is in time,
	# the 3rd too late
	run terms "$H" 'J2,jeugdwet_beschikking,extension,,,14,2024-04-03,'
	assert_failure 1
	assert_output --partial "-:2: notified_at: verdaging na afloop van de termijn (Awb 4:14 lid 3): gemeld 2024-04-03, de termijn van jeugdwet_beschikking liep af op 2024-04-02"
	run term "$H" 'J2,jeugdwet_beschikking,extension,,,14,2024-04-02,'
	assert_success
	# 2024-04-01 + 14 = Monday 2024-04-15
	assert_output --partial $'\t2024-04-15'
}

@test "term: refused: no clock, another law, two referrals unnamed, no such term" {
	setup_requests
	printf '%s\n' 'partner_id,name,tier' 'zorgtwee,Zorg Twee,aanbieder' |
	    swt-refer -q --load-partners >/dev/null
	printf '%s\n' 'ref,kind,partner,product,applied_at,sent_at' \
	    'J2,toewijzen,zorgtwee,41,2024-02-05,2024-02-05' | swt-refer -q >/dev/null
	run terms "$H" 'S1,wmo_onderzoek,suspension,2024-03-05,,,,instemming' \
	    'M1,jeugdwet_beschikking,suspension,2024-03-05,,,,documenten' \
	    'J2,jeugdwet_beschikking,suspension,2024-02-10,,,,documenten' \
	    'J2,geen_termijn,suspension,2024-02-10,,,,documenten' \
	    'X9,wmo_onderzoek,suspension,2024-02-10,,,,instemming'
	assert_failure 1
	assert_output --partial "-:2: term: geen termijn wmo_onderzoek: de aanvraag is geen melding (kind vraag) onder de wmo"
	assert_output --partial "-:3: term: geen termijn jeugdwet_beschikking: geen toewijzing met een aanvraagdatum (applied_at) onder de jeugdwet"
	assert_output --partial "-:4: referral_id: de aanvraag heeft 2 toewijzingen met een termijn jeugdwet_beschikking: noem er een met referral_ref of referral_id"
	assert_output --partial "-:5: term: 'geen_termijn' is no legal term (see swt-term --terms)"
	assert_output --partial "-:6: ref: no request 'X9' is stored"
	run terms 'request_id,term,from_date,reason' '99,wmo_onderzoek,2024-02-10,instemming'
	assert_failure 1
	assert_output --partial "-:2: request_id: no request 99 is stored"
	# named by its referral, the second one's clock
	run term 'ref,referral_id,term,from_date,reason' 'J2,4,jeugdwet_beschikking,2024-02-10,documenten'
	assert_success
	[ "$(q 'SELECT referral_id FROM suspension')" = 4 ]
}

@test "term: refused: the record's own shape (kind, dates, days)" {
	setup_requests
	run terms "$H" 'M1,wmo_onderzoek,pauze,2024-03-11,,,,instemming' \
	    'M1,wmo_onderzoek,suspension,,,,,instemming' \
	    'M1,wmo_onderzoek,suspension,2024-03-11,2024-03-10,,,instemming' \
	    'J2,jeugdwet_beschikking,extension,,,,2024-03-01,' \
	    'J2,jeugdwet_beschikking,extension,2024-03-01,,14,2024-03-01,'
	assert_failure 1
	assert_output --partial "-:2: kind: 'pauze' is not a kind: suspension or extension"
	assert_output --partial "-:3: from_date: missing"
	assert_output --partial "-:4: until_date: 2024-03-10 is before from_date 2024-03-11"
	assert_output --partial "-:5: days: missing"
	assert_output --partial "-:6: from_date: an extension has days and notified_at, no dates"
}

@test "term: a suspension without until stops the clock; a later record gives it (an update)" {
	setup_requests
	run term 'ref,term,from_date,reason' 'J2,jeugdwet_beschikking,2024-02-10,documenten'
	assert_success
	# no deadline while it stands still
	assert_output --regexp $'\t1\t2\tC[A-Z0-9]+\t$'
	[ "$(clock J2 jeugdwet_beschikking 2024-03-01 status)" = suspended ]
	[ "$(clock J2 jeugdwet_beschikking 2024-03-01 deadline)" = "" ]
	run swt-term --list --tsv --on 2024-03-01 --status suspended
	assert_line --regexp '^J2'
	[ "${#lines[@]}" -eq 2 ]
	run terms 'ref,term,from_date,until_date,reason' 'J2,jeugdwet_beschikking,2024-02-10,2024-02-14,documenten'
	assert_success
	assert_output --partial '0 new, 1 updated'
	[ "$(q 'SELECT count(*) FROM suspension')" = 1 ]
	[ "$(q "SELECT count(*) FROM audit WHERE action = 'update' AND entity = 'suspension' AND detail = 'until_date'")" = 1 ]
	[ "$(clock J2 jeugdwet_beschikking 2024-03-01 deadline)" = 2024-04-02 ]
	# the same again changes nothing
	run terms 'ref,term,from_date,until_date,reason' 'J2,jeugdwet_beschikking,2024-02-10,2024-02-14,documenten'
	assert_success
	assert_output --partial '0 new, 0 updated, 1 unchanged'
}

@test "term: each status on its day: open, overdue, on_time, late" {
	setup_requests
	# M1: deadline 2024-04-15
	[ "$(clock M1 wmo_onderzoek 2024-04-15 status)" = open ]
	[ "$(clock M1 wmo_onderzoek 2024-04-15 days_left)" = 0 ]
	[ "$(clock M1 wmo_onderzoek 2024-04-16 status)" = overdue ]
	[ "$(clock M1 wmo_onderzoek 2024-04-16 days_left)" = -1 ]
	printf '%s\n' 'ref,assessed_at' 'M1,2024-04-15' | swt-intake -q >/dev/null
	[ "$(clock M1 wmo_onderzoek 2024-05-01 status)" = on_time ]
	[ "$(clock M1 wmo_onderzoek 2024-05-01 stopped_at)" = 2024-04-15 ]
	[ "$(clock M1 wmo_onderzoek 2024-05-01 days_left)" = "" ]
	# before the stop, it was still running
	[ "$(clock M1 wmo_onderzoek 2024-04-14 status)" = open ]
	# a corrected date corrects the clock: nothing is stored of it
	printf '%s\n' 'ref,assessed_at' 'M1,2024-04-16' | swt-intake -q >/dev/null
	[ "$(clock M1 wmo_onderzoek 2024-05-01 status)" = late ]
	run swt-term --list --tsv --on 2024-05-01 --status late
	[ "${#lines[@]}" -eq 2 ]
	# a clock that starts after the day is not shown
	run swt-term --list --tsv --on 2024-01-31
	[ "${#lines[@]}" -eq 1 ]
}

@test "term: --overdue --within: the running clocks due, most urgent first, with staff" {
	setup_requests
	# on 2024-04-10: M1 due 2024-04-15 (5 left), J2 2024-03-28 (-13)
	run swt-term --overdue --tsv --on 2024-04-10
	assert_success
	assert_line --index 0 $'ref\trequest_id\tclient_id\treferral_id\tterm\tlaw\tstarted_at\tdeadline\tstopped_at\tsuspended_days\textended_days\tstatus\tdays_left\tstaff'
	assert_line --index 1 --regexp $'^J2\t.*\toverdue\t-13\tcor$'
	[ "${#lines[@]}" -eq 2 ]
	run swt-term --overdue --within 7 --tsv --on 2024-04-10
	assert_line --index 1 --regexp $'^J2\t'
	assert_line --index 2 --regexp $'^M1\t.*\topen\t5\tanna$'
	[ "${#lines[@]}" -eq 3 ]
	# a suspended clock is on no worklist
	term 'ref,term,from_date,reason' 'M1,wmo_onderzoek,2024-03-10,instemming' >/dev/null
	run swt-term --overdue --within 7 --tsv --on 2024-04-10
	refute_line --regexp '^M1'
}

@test "term: Koninginnedag 2006 was 29 April; 5 May is a holiday every year" {
	run swt-term --holidays 2006 --tsv
	assert_success
	assert_line $'2006-04-29\tKoninginnedag\tAtw art. 3'
	refute_line --partial 2006-04-30
	assert_line $'2006-05-05\tBevrijdingsdag\tAtw art. 3'
	run swt-term --holidays 2025 --tsv
	assert_line --index 0 $'date\tname\tbasis'
	assert_line $'2025-04-26\tKoningsdag\tAtw art. 3'
	assert_line $'2025-04-18\tGoede Vrijdag\tAtw art. 3'
	assert_line $'2025-05-05\tBevrijdingsdag\tAtw art. 3'
	assert_line $'2025-05-29\tHemelvaartsdag\tAtw art. 3'
	assert_line $'2025-06-09\ttweede Pinksterdag\tAtw art. 3'
	refute_line --partial 2025-12-24
}

@test "term: a Saturday or Sunday deadline moves to Monday" {
	printf '%s\n' 'ref,received_at,law,kind' 'Z1,2024-01-06,wmo,vraag' \
	    'Z2,2024-01-07,wmo,vraag' | swt-intake -q >/dev/null
	# 2024-01-06 + 42 = Saturday 2024-02-17: Monday 2024-02-19
	[ "$(clock Z1 wmo_onderzoek 2024-01-08 deadline)" = 2024-02-19 ]
	# 2024-01-07 + 42 = Sunday 2024-02-18: Monday 2024-02-19
	[ "$(clock Z2 wmo_onderzoek 2024-01-08 deadline)" = 2024-02-19 ]
	run swt-term --list --explain --tsv --on 2024-01-08
	assert_output --partial '2024-02-17 is zaterdag: naar 2024-02-19 (Atw art. 1)'
	assert_output --partial '2024-02-18 is zondag: naar 2024-02-19 (Atw art. 1)'
}

@test "term: an equated day loaded moves a deadline and is listed" {
	printf '%s\n' 'ref,received_at,law,kind' 'Z1,2024-01-08,wmo,vraag' |
	    swt-intake -q >/dev/null
	# 2024-01-08 + 42 = Monday 2024-02-19
	[ "$(clock Z1 wmo_onderzoek 2024-01-09 deadline)" = 2024-02-19 ]
	run swt-term --load-holidays --tsv <<<$'date,name\n2024-02-19,brugdag\n2024-02-20,tweede brugdag'
	assert_success
	# equated 19 and 20 February: Wednesday 2024-02-21
	[ "$(clock Z1 wmo_onderzoek 2024-01-09 deadline)" = 2024-02-21 ]
	run swt-term --holidays 2024 --tsv
	assert_line $'2024-02-19\tbrugdag\tgelijkgesteld'
	# again: nothing new; renamed: an update
	run swt-term --load-holidays <<<$'date,name\n2024-02-19,brugdag\n2024-02-20,brug'
	assert_output --partial '0 new, 1 updated, 1 unchanged'
}

@test "term: --load-holidays rejects a bad line and keeps the rest" {
	swt-db -q init
	run swt-term --load-holidays --rejects "$BATS_TEST_TMPDIR/rej.tsv" <<<$'date,name\n2024-02-30,x\n2024-05-10,brugdag\n2024-05-11T10:00,y\n2024-05-12,'
	assert_failure 1
	assert_output --partial "-:2: date:"
	assert_output --partial "-:4: date: '2024-05-11T10:00' is a time"
	assert_output --partial "-:5: name: missing"
	[ "$(q 'SELECT count(*) FROM holiday')" = 1 ]
	[ "$(wc -l <"$BATS_TEST_TMPDIR/rej.tsv")" -eq 4 ]
}

@test "term: --strict writes nothing, --dry-run writes nothing, --rejects keeps the line" {
	setup_requests
	run terms "$H" 'M1,wmo_onderzoek,suspension,2024-03-11,2024-03-18,,,instemming' \
	    'M1,wmo_onderzoek,suspension,2024-03-20,,,,documenten'
	assert_failure 1
	q 'DELETE FROM suspension'
	run swt-term --strict --tsv <<<"$H"$'\nM1,wmo_onderzoek,suspension,2024-03-11,2024-03-18,,,instemming\nM1,wmo_onderzoek,suspension,2024-03-20,,,,documenten'
	assert_failure 3
	[ "$(q 'SELECT count(*) FROM suspension')" = 0 ]
	run swt-term -n --tsv <<<"$H"$'\nM1,wmo_onderzoek,suspension,2024-03-11,2024-03-18,,,instemming'
	assert_success
	[ "$(q 'SELECT count(*) FROM suspension')" = 0 ]
	run swt-term --rejects "$BATS_TEST_TMPDIR/r.tsv" --tsv <<<"$H"$'\nM1,wmo_onderzoek,suspension,2024-03-20,,,,documenten'
	assert_failure 1
	run cat "$BATS_TEST_TMPDIR/r.tsv"
	assert_line --index 1 --partial $'M1\twmo_onderzoek\tsuspension\t2024-03-20\t\t\t\tdocumenten\treason: reden'
}

@test "term: --terms lists the terms and the reasons each allows" {
	swt-db -q init
	run swt-term --terms --tsv
	assert_success
	assert_line --index 0 $'term\tlaw\tfrom_event\tto_event\tdays\tsuspend_reasons\textend_reasons\tbasis'
	assert_line $'wmo_onderzoek\twmo\treceived_at\tassessed_at\t42\tinstemming\t\tWmo 2015 art. 2.3.2'
	assert_line --regexp $'^jeugdwet_beschikking\tjeugdwet\tapplied_at\tdecided_at\t56\tdocumenten\\|instemming\\|vertraging_aanvrager\tverdaging\t'
	[ "${#lines[@]}" -eq 5 ]
}

@test "term: the completions offer the database's terms and the statuses" {
	swt-db -q init
	run bash -c '. "$0"/completions/bash/swt-term; COMP_WORDS=(swt-term --list --term ""); COMP_CWORD=3; _swt_term; printf "%s\n" "${COMPREPLY[@]}"' "$TOP"
	assert_line wmo_onderzoek
	assert_line participatiewet_beschikking
	run bash -c '. "$0"/completions/bash/swt-term; COMP_WORDS=(swt-term --list --status o); COMP_CWORD=3; _swt_term; printf "%s\n" "${COMPREPLY[@]}"' "$TOP"
	assert_line on_time
	assert_line overdue
	refute_line late
}

@test "term: usage errors: two jobs, options out of place, bad values" {
	run swt-term --list --overdue
	assert_failure 2
	assert_output --partial "jobs of their own"
	run swt-term --on 2024-01-01 </dev/null
	assert_failure 2
	run swt-term --list --within 3
	assert_failure 2
	run swt-term --list --status soon
	assert_failure 2
	assert_output --partial "'soon' is not one of"
	run swt-term --list --on 2024-02-30
	assert_failure 2
	run swt-term --holidays 19
	assert_failure 2
	run swt-term --list --strict
	assert_failure 2
	run swt-term --list
	assert_failure 3
}

@test "term: one audit entry per batch, an update its own; the chain holds" {
	setup_requests
	term 'ref,term,from_date,reason' 'J2,jeugdwet_beschikking,2024-02-10,documenten' >/dev/null
	term 'ref,term,from_date,until_date,reason' 'J2,jeugdwet_beschikking,2024-02-10,2024-02-14,documenten' >/dev/null
	[ "$(q "SELECT count(*) FROM audit WHERE command = 'swt-term' AND entity = 'batch'")" = 2 ]
	[ "$(q "SELECT count(*) FROM audit WHERE command = 'swt-term' AND action = 'update'")" = 1 ]
	run swt-db check
	assert_success
}

@test "term: --json and --table write the same clocks" {
	setup_requests
	run swt-term --list --json --on 2024-03-04 --term wmo_onderzoek
	assert_success
	assert_line --index 0 --regexp '^\{"ref":"M1","request_id":"1","client_id":"C[A-Z0-9]+","referral_id":"","term":"wmo_onderzoek","law":"wmo","started_at":"2024-03-04","deadline":"2024-04-15","stopped_at":"","suspended_days":"0","extended_days":"0","status":"open","days_left":"42"\}$'
	run swt-term --list --table --on 2024-03-04 --term wmo_onderzoek
	assert_success
	assert_output --partial 2024-04-15
}
