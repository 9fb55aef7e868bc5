#!/usr/bin/env bats
# swt-plan: one plan per resident, its goals, the due list and --show

load test_helper/common

q() { sqlite3 -batch -noheader "$SWT_DB" "$1"; }

# Requests R1..R5, each of a resident of their own; R1's client_id is $A.
requests() {
	printf '%s\n' 'ref,received_at,law' 'R1,2026-01-02,wmo' \
	    'R2,2026-01-02,wmo' 'R3,2026-01-02,jeugdwet' 'R4,2026-01-02,wmo' \
	    'R5,2026-01-02,wmo' | swt-intake -q >/dev/null
	A=$(q "select client_id from request where ref = 'R1'")
}
# decide REF ROUTE REGIE DAY
decide() {
	q "insert into decision (request_id, route, regie, decided_at) select
	    request_id, '$2', '$3', '$4T10:00:00Z' from request where ref = '$1'"
}
# contacts REF N FIRST-DAY KIND: N contacts on N days from FIRST-DAY
contacts() {
	q "with recursive n(i) as (select 0 union all select i + 1 from n
	    where i + 1 < $2) insert into contact (request_id, date, kind)
	    select request_id, date('$3', '+' || i || ' days'), '$4' from n,
	    request where ref = '$1'"
}
# Plan records on standard input, --on $ON (default 2026-01-06).
plan() {
	printf '%s\n' "$@" | swt-plan -q --tsv --on "${ON:-2026-01-06}"
}
plans() {
	printf '%s\n' "$@" | swt-plan --tsv --on "${ON:-2026-01-06}"
}

@test "plan: the first record for a resident opens their plan on --on, echoed with its ids" {
	requests
	run plan 'ref,owner,regie,note' 'R1,anna,swt,mine'
	assert_success
	assert_line --index 0 $'ref\towner\tregie\tnote\tplan_id\tgoal_id\tclient_id\tplan_status'
	assert_line --index 1 $'R1\tanna\tswt\tmine\t1\t\t'"$A"$'\topen'
	[ "$(q "select opened_at || ' ' || status || ' ' || owner from plan")" = "2026-01-06 open anna" ]
}

@test "plan: opened_at, when given, is the day it opened; a client_id names the resident" {
	requests
	run plan 'client_id,opened_at' "$A,07-01-2026"
	assert_success
	assert_line --index 0 $'client_id\topened_at\tplan_id\tgoal_id\tplan_status'
	assert_line --index 1 "$A"$'\t2026-01-07\t1\t\topen'
	[ "$(q "select opened_at from plan")" = 2026-01-07 ]
}

@test "plan: the same records again change nothing" {
	requests
	recs=('ref,owner,regie,next_evaluation_at,checkin_days,life_domain,description,priority,goal_owner,zrm_start,zrm_target' \
	    'R1,anna,swt,2026-03-01,14,financien,Schulden op orde,1,inwoner,2,4')
	run plans "${recs[@]}"
	assert_success
	assert_output --partial "1 read, 1 new, 0 updated, 0 unchanged, 0 rejected"
	ON=2026-02-01 run plans "${recs[@]}"
	assert_success
	assert_output --partial "1 read, 0 new, 0 updated, 1 unchanged, 0 rejected"
	assert_line $'R1\tanna\tswt\t2026-03-01\t14\tfinancien\tSchulden op orde\t1\tinwoner\t2\t4\t1\t1\t'"$A"$'\topen'
	[ "$(q "select count(*) from plan")" = 1 ]
	[ "$(q "select count(*) from goal")" = 1 ]
	[ "$(q "select count(*) from audit where action = 'update'")" = 0 ]
}

@test "plan: a change is an update, with an audit entry naming what changed" {
	requests
	plan 'ref,owner,life_domain,description' 'R1,anna,financien,Schulden'
	run plans 'ref,owner,goal_id,zrm_end,goal_status' 'R1,bert,1,4,achieved'
	assert_success
	assert_output --partial "1 read, 0 new, 1 updated, 0 unchanged, 0 rejected"
	[ "$(q "select detail from audit where action = 'update' and entity = 'plan'")" = owner ]
	[ "$(q "select detail from audit where action = 'update' and entity = 'goal'")" = "zrm_end,goal_status" ]
	[ "$(q "select zrm_end || status from goal")" = 4achieved ]
}

@test "plan: a goal is found again by its life domain and description" {
	requests
	plan 'ref,life_domain,description,target_date' 'R1,financien,Schulden,2026-04-01' >/dev/null
	run plan 'ref,life_domain,description,target_date,request' 'R1,financien,Schulden,2026-05-01,R1' \
	    'R1,werk_opleiding,Werk,,'
	assert_success
	assert_line --index 1 $'R1\tfinancien\tSchulden\t2026-05-01\tR1\t1\t1\t'"$A"$'\topen'
	assert_line --index 2 $'R1\twerk_opleiding\tWerk\t\t\t1\t2\t'"$A"$'\topen'
	[ "$(q "select goal_id || target_date || request_id from goal where goal_id = 1")" = "12026-05-011" ]
}

@test "plan: refuses a second open plan" {
	requests
	plan 'ref,opened_at' 'R1,2026-01-06' >/dev/null
	run plans 'ref,opened_at' 'R1,2026-01-09'
	assert_failure 1
	assert_line "swt-plan: -:2: opened_at: plan 1, opened 2026-01-06, is open: a resident has one open plan, with one regisseur (002 4.2.6); close it first"
	[ "$(q "select count(*) from plan")" = 1 ]
}

@test "plan: a closed plan takes no goal; a new plan opens with opened_at" {
	requests
	plan 'ref,closed_at,closure_reason' 'R1,2026-01-08,opgelost' >/dev/null
	[ "$(q "select status || closure_reason from plan")" = closedopgelost ]
	run plans 'ref,life_domain,description' 'R1,financien,Schulden'
	assert_failure 1
	assert_line "swt-plan: -:2: life_domain: plan 1 closed on 2026-01-08: a goal is not added to or changed on a closed plan (a new plan has opened_at)"
	ON=2026-02-01 run plan 'ref,opened_at,life_domain,description' 'R1,2026-02-01,financien,Schulden'
	assert_success
	assert_line --index 1 $'R1\t2026-02-01\tfinancien\tSchulden\t2\t1\t'"$A"$'\topen'
}

@test "plan: refuses closing a plan with open goals, not once they are closed" {
	requests
	plan 'ref,life_domain,description' 'R1,financien,Schulden' 'R1,werk_opleiding,Werk' >/dev/null
	run plans 'ref,closed_at,closure_reason' 'R1,2026-01-10,opgelost'
	assert_failure 1
	assert_line "swt-plan: -:2: closed_at: the plan has 2 open goals: a plan closes only when no goal is open (set goal_status)"
	plan 'ref,goal_id,goal_status' 'R1,1,achieved' >/dev/null
	# the last goal and the plan in one record
	run plan 'ref,goal_id,goal_status,closed_at,closure_reason' 'R1,2,partly,2026-01-10,opgelost'
	assert_success
	assert_line --index 1 $'R1\t2\tpartly\t2026-01-10\topgelost\t1\t'"$A"$'\tclosed'
}

@test "plan: refuses an evaluation after --on, and dates before the plan opened" {
	requests
	plan 'ref,opened_at' 'R1,2026-01-06' >/dev/null
	run plans 'ref,evaluated_at' 'R1,2026-01-07' 'R1,2026-01-05' 'R1,2026-01-06'
	assert_failure 1
	assert_line "swt-plan: -:2: evaluated_at: 2026-01-07 is after 2026-01-06: an evaluation is recorded once it took place"
	assert_line "swt-plan: -:3: evaluated_at: 2026-01-05 is before the plan opened, 2026-01-06"
	assert_output --partial "3 read, 0 new, 1 updated, 0 unchanged, 2 rejected"
}

@test "plan: refuses ZRM scores outside 1-5, a priority outside 1-3, codes outside their lists" {
	requests
	run plans 'ref,life_domain,description,zrm_start,zrm_target,zrm_end,priority,goal_owner,goal_status,regie,closed_at,closure_reason' \
	    'R1,financien,a,0,,,,,,,,' 'R1,financien,b,,6,,,,,,,' 'R1,financien,c,,,9,,,,,,' \
	    'R1,financien,d,,,,4,,,,,' 'R1,financien,e,,,,,buren,,,,' 'R1,financien,f,,,,,,klaar,,,' \
	    'R1,wonen,g,,,,,,,,,' 'R1,,,,,,,,,gemeente,,' 'R1,,,,,,,,,,2026-01-06,weg'
	assert_failure 1
	assert_line "swt-plan: -:2: zrm_start: '0' is not a ZRM score 1-5"
	assert_line "swt-plan: -:3: zrm_target: '6' is not a ZRM score 1-5"
	assert_line "swt-plan: -:4: zrm_end: '9' is not a ZRM score 1-5"
	assert_line "swt-plan: -:5: priority: '4' is not a priority 1-3"
	assert_line "swt-plan: -:6: goal_owner: 'buren' is not a goal_owner code (see swt-db codes goal_owner)"
	assert_line "swt-plan: -:7: goal_status: 'klaar' is not a goal_status code (see swt-db codes goal_status)"
	assert_line "swt-plan: -:8: life_domain: 'wonen' is not a life_domain code (see swt-db codes life_domain)"
	assert_line "swt-plan: -:9: regie: 'gemeente' is not a regie code (see swt-db codes regie)"
	assert_line "swt-plan: -:10: closure_reason: 'weg' is not a closure_reason code (see swt-db codes closure_reason)"
	assert_output --partial "9 read, 0 new, 0 updated, 0 unchanged, 9 rejected"
	[ "$(q "select count(*) from plan")" = 0 ]
}

@test "plan: a regie against the triage decision needs a reason (002 4.2.6)" {
	requests
	decide R1 eigen_inzet swt 2026-01-05
	run plans 'ref,regie' 'R1,aanbieder'
	assert_failure 1
	assert_line "swt-plan: -:2: regie: 'aanbieder' is against the triage decision (regie swt) of the resident's open requests: give the reason (pas toe of leg uit, 002 4.2.6)"
	run plan 'ref,regie' 'R1,swt'
	assert_success
	run plan 'ref,regie,reason' 'R1,aanbieder,aanbieder heeft al de regie'
	assert_success
	[ "$(q "select regie || ': ' || reason from plan")" = "aanbieder: aanbieder heeft al de regie" ]
	# a decision made after --on does not count
	q "delete from plan"
	decide R1 eigen_inzet inwoner 2026-01-20
	run plan 'ref,regie' 'R1,swt'
	assert_success
}

@test "plan: refuses an unknown resident or request, a ref of another resident, half a closure, half a goal" {
	requests
	B=$(q "select client_id from request where ref = 'R2'")
	run plans 'client_id,ref,life_domain,description,request,closed_at,closure_reason' \
	    'CNOSUCH,,,,,,' ',R9,,,,,' "$B,R1,,,,," ',R1,financien,,,,' \
	    ',R1,financien,x,R2,,' ',R1,,,,2026-01-06,' ',R1,,,,,opgelost' ',,,,,,'
	assert_failure 1
	assert_line "swt-plan: -:2: client_id: no resident 'CNOSUCH' is stored (swt-intake stores their requests)"
	assert_line "swt-plan: -:3: ref: no request 'R9' is stored (swt-intake stores it)"
	assert_line "swt-plan: -:4: client_id: request 'R1' is of another resident"
	assert_line "swt-plan: -:5: description: missing: a goal is named by goal_id, or by its life_domain and description"
	assert_line "swt-plan: -:6: request: request 'R2' is of another resident"
	assert_line "swt-plan: -:7: closure_reason: missing: a plan closes with its reason"
	assert_line "swt-plan: -:8: closed_at: missing: closure_reason is given, but not the day it closed"
	assert_line --partial "swt-plan: -:9: client_id: missing: a plan is a resident's"
	[ "$(q "select count(*) from plan")" = 0 ]
	run plans 'owner' 'anna'
	assert_failure 3
	assert_output --partial "-:1: client_id: no such field in the header"
}

@test "plan: a goal_id of another plan, or none stored, is refused" {
	requests
	B=$(q "select client_id from request where ref = 'R2'")
	plan 'ref,life_domain,description' 'R1,financien,a' 'R2,financien,b' >/dev/null
	run plans 'ref,goal_id,goal_status' 'R1,2,achieved' 'R1,7,achieved'
	assert_failure 1
	assert_line "swt-plan: -:2: goal_id: goal 2 is of plan 2, not of this one"
	assert_line "swt-plan: -:3: goal_id: no goal 7 is stored"
}

@test "plan: --strict writes nothing, --dry-run writes nothing, --rejects keeps the refused" {
	requests
	run plans 'ref,owner,zrm_start' 'R1,anna,' 'R2,bert,7'
	assert_failure 1
	q "delete from goal; delete from plan"
	run swt-plan -q --strict --on 2026-01-06 <<<$'ref,owner,life_domain,description,zrm_start\nR1,anna,,,\nR2,bert,financien,x,7'
	assert_failure 3
	[ "$(q "select count(*) from plan")" = 0 ]
	run swt-plan -n --on 2026-01-06 <<<$'ref,owner\nR1,anna'
	assert_success
	assert_output --partial "--dry-run: nothing written"
	[ "$(q "select count(*) from plan")" = 0 ]
	run swt-plan -q --on 2026-01-06 --rejects "$BATS_TEST_TMPDIR/rej.tsv" <<<$'ref,life_domain,description,zrm_start\nR2,financien,x,7'
	assert_failure 1
	run cat "$BATS_TEST_TMPDIR/rej.tsv"
	assert_line --index 1 --partial $'R2\tfinancien\tx\t7'
}

# The world of the due list, on 2026-02-10 (see swt-plan(1), THE DUE LIST).
world() {
	requests
	decide R1 eigen_inzet swt 2026-01-05
	decide R2 maatwerk swt 2026-01-02
	decide R3 maatwerk swt 2026-01-30
	decide R5 eigen_inzet swt 2026-01-05
	contacts R1 13 2026-01-06 gesprek
	contacts R5 16 2026-01-06 gesprek
	ON=2026-01-06 plan 'ref,owner,next_evaluation_at,checkin_days,life_domain,description,target_date' \
	    'R1,anna,2026-02-01,14,financien,Schulden,2026-02-05' >/dev/null
	ON=2026-02-01 plan 'ref,next_evaluation_at,checkin_days,life_domain,description,target_date' \
	    'R4,2026-03-01,30,werk_opleiding,Werk,2026-03-01' >/dev/null
	q "insert into contact (plan_id, date, kind) values (1, '2026-01-20', 'leun_steun')"
	D=$(q "select client_id from request where ref = 'R4'")
	B=$(q "select client_id from request where ref = 'R2'")
}

@test "plan: --due lists exactly what is due on the day, most urgent first" {
	world
	run swt-plan --due --on 2026-02-10 --tsv
	assert_success
	assert_line --index 0 $'client_id\tplan_id\titem\tdue\tdays_over\towner\tdetail'
	[ "${#lines[@]}" -eq 9 ]
	run bash -c "swt-plan --due --on 2026-02-10 --tsv | cut -f 3-5 | tail -n +2"
	assert_output "$(printf '%s\n' $'contact_limit\t2026-01-21\t20' $'no_plan\t2026-01-30\t11' \
	    $'evaluation\t2026-02-01\t9' $'no_owner\t2026-02-01\t9' $'no_plan\t2026-02-02\t8' \
	    $'checkin\t2026-02-03\t7' $'goal_target\t2026-02-05\t5' $'contact_limit\t2026-02-10\t0')"
	run swt-plan --due --on 2026-02-10 --tsv
	assert_line "$A"$'\t1\tevaluation\t2026-02-01\t9\tanna\tevaluation planned'
	assert_line "$A"$'\t1\tcontact_limit\t2026-02-10\t0\tanna\tR1: 13 of 15 contacts since 2026-01-05'
	assert_line "$B"$'\t\tno_plan\t2026-01-30\t11\t\tR2 maatwerk'
	assert_line "$D"$'\t2\tno_owner\t2026-02-01\t9\t\tplan without an owner'
	# not yet due: R3's plan (due 2026-02-27), R4's evaluation, goal and check-in
	refute_output --partial "R3 maatwerk"
	refute_output --partial "2026-03-0"
}

@test "plan: --due --within looks ahead; the limit is data" {
	world
	run bash -c "swt-plan --due --on 2026-02-10 --within 20 --tsv | cut -f 3-5 | grep -c ."
	assert_output 12
	run swt-plan --due --on 2026-02-10 --within 20 --tsv
	assert_line --partial $'no_plan\t2026-02-27\t-17'
	assert_line --partial $'evaluation\t2026-03-01\t-19'
	assert_line --partial $'goal_target\t2026-03-01\t-19'
	refute_line --partial 'checkin	2026-03-03'
	q "update norm set value = 20 where norm = 'eigen_inzet_contacts'"
	run swt-plan --due --on 2026-02-10 --tsv
	refute_output --partial contact_limit
	# an evaluation done, a leun-en-steun contact made, a goal achieved, an owner
	q "update norm set value = 15 where norm = 'eigen_inzet_contacts'"
	ON=2026-02-10 plan 'ref,evaluated_at,goal_id,goal_status' 'R1,2026-02-09,1,achieved' >/dev/null
	ON=2026-02-10 plan 'ref,owner' 'R4,bert' >/dev/null
	q "insert into contact (plan_id, date, kind) values (1, '2026-02-09', 'leun_steun')"
	run swt-plan --due --on 2026-02-10 --tsv
	refute_output --partial evaluation
	refute_output --partial checkin
	refute_output --partial goal_target
	refute_output --partial no_owner
}

@test "plan: --due and --show take no records; --within goes with --due; --show-pii with --show" {
	swt-db -q init
	run swt-plan --due --show x
	assert_failure 2
	run swt-plan --due some.csv
	assert_failure 2
	assert_output --partial "read no records"
	run swt-plan --within 3 --show x
	assert_failure 2
	run swt-plan --due --within x
	assert_failure 2
	run swt-plan --show-pii some.csv
	assert_failure 2
	run swt-plan --show x --json
	assert_failure 2
	run swt-plan --due --on 2026-13-01
	assert_failure 2
	assert_output --partial "--on: not a date"
}

@test "plan: --show reads the plan as a person would, person data only with --show-pii, logged" {
	printf '%s\n' 'ref,received_at,law,bsn,name' 'R1,2026-01-02,wmo,999993847,Jan Jansen' |
	    swt-intake -q >/dev/null
	A=$(q "select client_id from request where ref = 'R1'")
	decide R1 eigen_inzet swt 2026-01-05
	contacts R1 3 2026-01-06 gesprek
	plan 'ref,owner,regie,next_evaluation_at,checkin_days,life_domain,description,priority,goal_owner,target_date,zrm_start,zrm_target' \
	    'R1,anna,swt,2026-03-01,14,werk_opleiding,Werk vinden,2,inwoner,2026-06-01,2,4' \
	    'R1,,,,,financien,Schulden op orde,1,swt,2026-04-01,1,3' >/dev/null
	run swt-plan --show "$A" --on 2026-02-10
	assert_success
	assert_line "Plan 1 of $A, opened 2026-01-06, open"
	assert_line "Regisseur: anna; regie: swt"
	assert_line "Next evaluation: 2026-03-01 (in 19 days)"
	assert_line "Leun en steun: every 14 days"
	assert_line "1. Schulden op orde"
	assert_line "2. Werk vinden"
	assert_line "   who does it: swt; by 2026-04-01; status open"
	assert_line "   ZRM: start 1 -> target 3 -> end -"
	assert_line "  R1: route eigen_inzet, regie swt; 3 contacts, the last on 2026-01-08"
	refute_output --partial Jansen
	[ "$(q "select count(*) from audit where action = 'display'")" = 0 ]
	run swt-plan --show "$A" --on 2026-02-10 --show-pii
	assert_success
	assert_line "Name: Jan Jansen"
	[ "$(q "select entity_id from audit where action = 'display'")" = "$A" ]
	# a plan without check-ins says so
	q "update plan set checkin_days = null"
	run swt-plan --show "$A" --on 2026-02-10
	assert_line "Leun en steun: none"
	run swt-plan --show CNOSUCH
	assert_failure 3
	assert_output --partial "CNOSUCH has no plan"
}
