#!/usr/bin/env bats
# swt-contact: contacts with residents, counted against eigen inzet's limit

load test_helper/common

q() { sqlite3 -batch -noheader "$SWT_DB" "$1"; }

# Two requests received 2024-01-02: R1 and R2, of two residents.
requests() {
	printf '%s\n' 'ref,received_at,law,bsn' 'R1,2024-01-02,wmo,111222333' \
	    'R2,2024-01-02,wmo,' | swt-intake -q >/dev/null
}

# A triage decision for request $1 on day $3: zrm $2 (3 eigen_inzet, 2 maatwerk).
decide() {
	printf 'ref\tlife_domain\tzrm\tdecided_at\n%s\tsociaal_netwerk\t%s\t%s\n' \
	    "$1" "$2" "$3" | swt-triage -q --commit >/dev/null
}

# Contact records on standard input: the echo alone.
contact() {
	printf '%s\n' "$@" | swt-contact -q --tsv
}

# A file in the test's directory: $1 its name, then its lines.
file() {
	local f="$BATS_TEST_TMPDIR/$1"
	shift
	printf '%s\n' "$@" >"$f"
	echo "$f"
}

# The echo's value of field $1 on record $2 (1 the first), the messages
# on standard error left out.
field() {
	grep -v '^swt-contact: ' <<<"$output" | awk -F '\t' -v f="$1" -v n="$2" '
	    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    NR == n + 1 { print $c[f] }'
}

@test "contact: a contact is stored and echoed, normalised, with what it adds" {
	requests
	cid=$(q "select client_id from request where ref = 'R1'")
	run contact 'ref,date,kind,staff,minutes,note' 'R1,05-01-2024,Huisbezoek,anna,045,x'
	assert_success
	assert_line --index 0 $'ref\tdate\tkind\tstaff\tminutes\tnote\tcontact_id\trequest_id\tclient_id\tcontact_count\tover_limit'
	assert_line --index 1 $'R1\t2024-01-05\thuisbezoek\tanna\t45\tx\t1\t1\t'"$cid"$'\t1\tno'
	[ "$(q "select request_id, plan_id is null, date, kind, staff, minutes, created_at is not null from contact")" = "1|1|2024-01-05|huisbezoek|anna|45|1" ]
}

@test "contact: request_id names the request; with ref they must agree" {
	requests
	run contact 'request_id,date,kind' '2,2024-01-05,gesprek'
	assert_success
	[ "$(field request_id 1)" = 2 ]
	[ "$(field contact_count 1)" = 1 ]
	run contact 'ref,request_id,date,kind' 'R1,2,2024-01-05,gesprek' \
	    'R2,9,2024-01-05,gesprek'
	assert_failure 1
	assert_output --partial "request_id: request 2 is not 'R1'"
	assert_output --partial "request_id: no request 9 is stored"
}

@test "contact: refuses an unknown request or resident, and a resident who is not the request's" {
	requests
	other=$(q "select client_id from request where ref = 'R2'")
	run contact 'ref,date,kind' 'R9,2024-01-05,gesprek'
	assert_failure 1
	assert_output --partial "ref: no request 'R9' is stored (swt-intake stores it)"
	run contact 'client_id,date,kind' 'CAAAAAAAAAAAAA,2024-01-05,gesprek'
	assert_failure 1
	assert_output --partial "client_id: no resident 'CAAAAAAAAAAAAA' is stored"
	run contact 'ref,client_id,date,kind' "R1,$other,2024-01-05,gesprek"
	assert_failure 1
	assert_output --partial "client_id: request 'R1' is about another resident"
	[ "$(q 'select count(*) from contact')" = 0 ]
}

@test "contact: refuses a date before the request was received or after it was closed" {
	requests
	printf 'ref,closed_at,closure_reason\nR1,2024-02-01,opgelost\n' | swt-intake -q >/dev/null
	run contact 'ref,date,kind' 'R1,2024-01-01,gesprek' 'R1,2024-02-02,gesprek' \
	    'R1,2024-01-02,gesprek' 'R1,2024-02-01T16:00,gesprek'
	assert_failure 1
	assert_output --partial "date: 2024-01-01 is before the request's received_at 2024-01-02"
	assert_output --partial "date: 2024-02-02 is after the request's closed_at 2024-02-01: a closed request has no more contacts (a new question is a new request, 002 2.4)"
	[ "$(q 'select group_concat(date) from contact')" = "2024-01-02,2024-02-01T16:00" ]
}

@test "contact: refuses a kind outside the list, minutes out of range, a missing date or kind" {
	requests
	run contact 'ref,date,kind,minutes' 'R1,2024-01-05,koffie,10' \
	    'R1,2024-01-05,gesprek,0' 'R1,2024-01-05,gesprek,481' \
	    'R1,2024-01-05,gesprek,1u' 'R1,,gesprek,10' 'R1,2024-01-05,,10' \
	    'R1,2024-02-30,gesprek,10' 'R1,2024-01-05,gesprek,480' \
	    'R1,2024-01-06,leun_steun,1'
	assert_failure 1
	assert_output --partial "kind: 'koffie' is not a contact_kind code (see swt-db codes contact_kind)"
	assert_output --partial "minutes: '0' is not a number of minutes (1-480)"
	assert_output --partial "minutes: '481' is not a number of minutes (1-480)"
	assert_output --partial "minutes: '1u' is not a number of minutes (1-480)"
	assert_output --partial "date: missing: every contact needs it"
	assert_output --partial "kind: missing: every contact needs it"
	assert_output --partial "date: '2024-02-30' is not a date"
	[ "$(q 'select group_concat(minutes) from contact')" = "480,1" ]
}

@test "contact: every kind of the list is taken" {
	requests
	run contact 'ref,date,kind' 'R1,2024-01-05,gesprek' 'R1,2024-01-05,huisbezoek' \
	    'R1,2024-01-05,telefonisch' 'R1,2024-01-05,digitaal' 'R1,2024-01-05,mdo' \
	    'R1,2024-01-05,leun_steun'
	assert_success
	[ "$(q 'select count(distinct kind) from contact')" = 6 ]
}

@test "contact: a header or a record that names no request or resident" {
	requests
	run swt-contact <<<$'date,kind\n2024-01-05,gesprek'
	assert_failure 3
	assert_output --partial "-:1: ref: no such field in the header: a contact is of a request, named by ref or request_id, or on a resident's plan, named by client_id"
	run contact 'ref,client_id,date,kind' ',,2024-01-05,gesprek'
	assert_failure 1
	assert_output --partial "ref: missing: a contact is of a request (ref or request_id) or on a resident's plan (client_id)"
}

@test "contact: reading the same file again changes nothing; without contact_ref, alike in all is the same" {
	requests
	f=$(file c.csv 'ref,date,kind,staff,minutes' 'R1,2024-01-05,gesprek,anna,30' \
	    'R1,2024-01-05,gesprek,anna,30' 'R1,2024-01-05,gesprek,anna,' 'R1,2024-01-05,gesprek,bob,30')
	run swt-contact --tsv "$f"
	assert_success
	assert_output --partial "4 read, 3 new, 0 updated, 1 unchanged, 0 rejected"
	[ "$(field contact_id 2)" = 1 ]
	run swt-contact --tsv "$f"
	assert_success
	assert_output --partial "4 read, 0 new, 0 updated, 4 unchanged, 0 rejected"
	[ "$(q 'select count(*) from contact')" = 3 ]
	[ "$(q "select count(*) from audit where command = 'swt-contact' and action = 'contact'")" = 2 ]
	[ "$(q "select count(*) from audit where command = 'swt-contact'")" = 2 ]
}

@test "contact: contact_ref is the same contact: updated when it differs, audited" {
	requests
	contact 'ref,contact_ref,date,kind,staff,minutes' 'R1,K1,2024-01-05,gesprek,anna,30' >/dev/null
	run swt-contact --tsv <<<$'ref,contact_ref,date,kind,staff,minutes\nR1,K1,2024-01-06,telefonisch,anna,\nR1,K2,2024-01-06,telefonisch,anna,'
	assert_success
	assert_output --partial "2 read, 1 new, 1 updated, 0 unchanged, 0 rejected"
	[ "$(field contact_id 1)" = 1 ]
	[ "$(q "select date, kind, minutes is null from contact where contact_ref = 'K1'")" = "2024-01-06|telefonisch|1" ]
	[ "$(q "select entity, entity_id, detail from audit where action = 'update'")" = "contact|1|date,kind,minutes" ]
	# a contact does not move to another request
	run contact 'ref,contact_ref,date,kind' 'R2,K1,2024-01-06,gesprek'
	assert_failure 1
	assert_output --partial "contact_ref: 'K1' is contact 1, of another request: a contact does not move"
}

@test "contact: a contact stored without contact_ref gets the one it is read with later" {
	requests
	contact 'ref,date,kind,staff' 'R1,2024-01-05,gesprek,anna' >/dev/null
	run swt-contact --tsv <<<$'ref,contact_ref,date,kind,staff\nR1,K1,2024-01-05,gesprek,anna'
	assert_success
	assert_output --partial "1 read, 0 new, 1 updated, 0 unchanged, 0 rejected"
	[ "$(q "select contact_id || ' ' || contact_ref from contact")" = "1 K1" ]
	# read again without it: the same contact, which keeps its contact_ref
	run swt-contact --tsv <<<$'ref,date,kind,staff\nR1,2024-01-05,gesprek,anna'
	assert_output --partial "1 read, 0 new, 0 updated, 1 unchanged, 0 rejected"
	[ "$(q "select contact_ref from contact")" = K1 ]
}

@test "contact: contact_count counts the request's contacts up to the contact's day" {
	requests
	run contact 'ref,date,kind' 'R1,2024-01-05,gesprek' 'R1,2024-01-07,gesprek' \
	    'R2,2024-01-07,gesprek' 'R1,2024-01-06,gesprek' 'R1,2024-01-07,mdo'
	assert_success
	[ "$(field contact_count 1)" = 1 ]
	[ "$(field contact_count 2)" = 2 ]
	[ "$(field contact_count 3)" = 1 ]
	[ "$(field contact_count 4)" = 2 ]
	[ "$(field contact_count 5)" = 4 ]
}

@test "contact: over_limit: eigen inzet with more contacts since its decision than the norm" {
	requests
	decide R1 3 2024-01-10
	decide R2 2 2024-01-10
	q "update norm set value = 2 where norm = 'eigen_inzet_contacts'"
	run contact 'ref,date,kind' 'R1,2024-01-05,gesprek' 'R1,2024-01-10,gesprek' \
	    'R1,2024-01-11,gesprek' 'R1,2024-01-12,gesprek' 'R2,2024-01-10,gesprek' \
	    'R2,2024-01-11,gesprek' 'R2,2024-01-12,gesprek'
	assert_success
	# the contact before the decision does not count against the limit
	[ "$(field over_limit 1)" = no ]
	[ "$(field over_limit 2)" = no ]
	[ "$(field over_limit 3)" = no ]
	[ "$(field over_limit 4)" = yes ]
	[ "$(field contact_count 4)" = 4 ]
	# maatwerk has no limit
	[ "$(field over_limit 7)" = no ]
	# the latest decision counts: moved to maatwerk, no longer over it
	decide R1 2 2024-01-13
	run contact 'ref,date,kind' 'R1,2024-01-14,gesprek'
	[ "$(field over_limit 1)" = no ]
}

@test "contact: over_limit: the limit is 15 by default, and 15 where the norm is gone" {
	requests
	decide R1 3 2024-01-02
	[ "$(q "select value from norm where norm = 'eigen_inzet_contacts'")" = 15 ]
	for d in $(seq -w 3 18); do
		echo "R1,2024-01-$d,gesprek"
	done >"$BATS_TEST_TMPDIR/lines"
	run swt-contact -q --tsv <<<"ref,date,kind"$'\n'"$(cat "$BATS_TEST_TMPDIR/lines")"
	assert_success
	[ "$(field over_limit 15)" = no ]
	[ "$(field over_limit 16)" = yes ]
	q "delete from norm where norm = 'eigen_inzet_contacts'"
	run contact 'ref,date,kind' 'R1,2024-01-18,gesprek'
	[ "$(field over_limit 1)" = yes ]
	[ "$(field contact_count 1)" = 16 ]
}

@test "contact: a request without a decision, or not on eigen inzet, is never over the limit" {
	requests
	q "update norm set value = 1 where norm = 'eigen_inzet_contacts'"
	run contact 'ref,date,kind' 'R1,2024-01-05,gesprek' 'R1,2024-01-06,gesprek' 'R1,2024-01-07,gesprek'
	[ "$(field over_limit 3)" = no ]
}

@test "contact: client_id alone is a contact on the resident's open plan" {
	requests
	cid=$(q "select client_id from request where ref = 'R1'")
	run contact 'client_id,date,kind' "$cid,2024-03-01,leun_steun"
	assert_failure 1
	assert_output --partial "client_id: resident '$cid' has no open plan: a contact without a request is on the plan (swt-plan opens one), else name the request by ref"
	q "insert into plan (client_id, opened_at, status) values ('$cid', '2024-02-01', 'closed')"
	run contact 'client_id,date,kind' "$cid,2024-03-01,leun_steun"
	assert_failure 1
	assert_output --partial "has no open plan"
	q "insert into plan (client_id, opened_at, status) values ('$cid', '2024-02-15', 'open')"
	run contact 'client_id,date,kind,minutes' "$cid,2024-03-01,leun_steun,10" \
	    "$cid,2024-02-14,leun_steun,10" "$cid,2024-03-08,leun_steun,10"
	assert_failure 1
	assert_output --partial "date: 2024-02-14 is before the plan's opened_at 2024-02-15"
	[ "$(field request_id 1)" = "" ]
	[ "$(field client_id 1)" = "$cid" ]
	[ "$(field over_limit 1)" = no ]
	[ "$(field contact_count 2)" = 2 ]
	[ "$(q "select group_concat(plan_id || ' ' || (request_id is null)) from contact")" = "2 1,2 1" ]
	# read again: the same contacts
	run contact 'client_id,date,kind,minutes' "$cid,2024-03-01,leun_steun,10"
	[ "$(q 'select count(*) from contact')" = 2 ]
}

@test "contact: stored + rejected = read; --rejects, --strict and --dry-run" {
	requests
	f=$(file c.csv 'ref,date,kind' 'R1,2024-01-05,gesprek' 'R9,2024-01-05,gesprek' \
	    'R2,2024-01-05,gesprek')
	run swt-contact --strict "$f"
	assert_failure 3
	assert_output --partial "--strict: a record was rejected; nothing written"
	[ "$(q 'select count(*) from contact')" = 0 ]
	[ "$(q "select count(*) from audit where command = 'swt-contact'")" = 0 ]
	run swt-contact -n "$f"
	assert_failure 1
	assert_output --partial "3 read, 2 new, 0 updated, 0 unchanged, 1 rejected"
	assert_output --partial -- "--dry-run: nothing written"
	[ "$(q 'select count(*) from contact')" = 0 ]
	swt-contact -q --tsv --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$f" \
	    >"$BATS_TEST_TMPDIR/out.tsv" 2>/dev/null || [ $? -eq 1 ]
	[ "$(wc -l <"$BATS_TEST_TMPDIR/out.tsv")" -eq 3 ]	# header, 2 stored
	run cat "$BATS_TEST_TMPDIR/rej.tsv"
	assert_line --index 0 $'ref\tdate\tkind\terror'
	assert_line --index 1 $'R9\t2024-01-05\tgesprek\tref: no request \'R9\' is stored (swt-intake stores it)'
	[ "${#lines[@]}" -eq 2 ]
	[ "$(q 'select count(*) from contact')" = 2 ]
	[ "$(q "select count(*) from audit where command = 'swt-contact'")" = 1 ]
}

@test "contact: --dry-run without a database makes none" {
	run swt-contact -n <<<$'ref,date,kind\nR1,2024-01-05,gesprek'
	assert_failure 1
	assert_output --partial "no request 'R1' is stored"
	[ ! -e "$SWT_DB" ]
}

@test "contact: person data in a contact file is left out of the echo" {
	requests
	run contact 'ref,date,kind,bsn,naam' 'R1,2024-01-05,gesprek,111222333,Jansen'
	assert_success
	refute_output --partial 111222333
	refute_output --partial Jansen
}

@test "contact: swt-db fields lists the contact's fields" {
	run swt-db --tsv fields contact
	assert_success
	assert_line $'contact\tdate\tdate\t\tnew\tno\tno\t'
	assert_line $'contact\tkind\tcode\tcontact_kind\tnew\tno\tno\t'
	assert_line $'contact\tminutes\tnumber\t\t\tno\tno\t'
	[ "${#lines[@]}" -eq 9 ]
}

@test "contact: swt runs it, and it says its usage" {
	run swt contact --help
	assert_success
	assert_line --index 0 --partial "usage: swt-contact"
	run swt-contact --bogus
	assert_failure 2
}
