#!/usr/bin/env bats
# swt-refer: referrals to partners, and the partner registry

load test_helper/common

q() { sqlite3 -batch -noheader "$SWT_DB" "$1"; }

# Three requests: R1 under wmo, R2 under jeugdwet, R3 under participatiewet.
requests() {
	printf '%s\n' 'ref,received_at,law' 'R1,2024-01-02,wmo' \
	    'R2,2024-01-02,jeugdwet' 'R3,2024-01-02,participatiewet' |
	    swt-intake -q >/dev/null
}

# Referral records on standard input: a header, then records; the echo
# alone (refer), or with the summary (refers).
refer() {
	printf '%s\n' "$@" | swt-refer -q --tsv
}
refers() {
	printf '%s\n' "$@" | swt-refer --tsv
}

# A partner file in the test's directory: $1 its name, then its lines.
partners() {
	local f="$BATS_TEST_TMPDIR/$1"
	shift
	printf '%s\n' "$@" >"$f"
	echo "$f"
}

@test "refer: --partners and --load-partners together is a usage error" {
	run swt-refer --partners --load-partners
	assert_failure 2
	assert_output --partial "are jobs: name one"
	[ ! -e "$SWT_DB" ]
}

@test "refer: --partners lists the default registry of 002 ch. 6, every field, in order" {
	swt-db -q init
	run swt-refer --partners --tsv
	assert_success
	assert_line --index 0 $'partner_id\tname\ttier\tdomains\tdistricts\tresponse_days\tstart_days\tactive'
	assert_line --index 1 $'io\tInkomensondersteuning (IO)\tgemeente\tfinancien\t\t5\t10\tyes'
	assert_line --index 2 $'ipa\tTeam IPA (inburgering statushouders)\tgemeente\t\t\t5\t10\tyes'
	assert_line $'veiligthuis\tVeilig Thuis\taanbieder\thuiselijke_relaties|opvoeding\t\t5\t10\tyes'
	[ "${#lines[@]}" -eq 19 ]
	# every partner SPEC 5 names from 002 ch. 6
	for p in travers wijz dekern oporde zwolledoet tiem veiligthuis zvh ggd ggd_via io ipa legerdesheils deherberg timon limor ribw kadera; do
		assert_line --regexp "^$p"$'\t'
	done
	# every tier and domain is in its code list
	run swt-refer --partners --json
	assert_success
	assert_line --index 0 '{"partner_id":"io","name":"Inkomensondersteuning (IO)","tier":"gemeente","domains":"financien","districts":"","response_days":"5","start_days":"10","active":"yes"}'
	run swt-refer --partners --csv
	assert_line --index 14 'zwolledoet,ZwolleDoet!,sociale_basis,maatschappelijke_participatie|sociaal_netwerk,,5,10,yes'
}

@test "refer: the default registry holds only codes of the lists" {
	swt-db -q init
	swt-refer --partners --tsv >"$BATS_TEST_TMPDIR/p.tsv"
	run swt-refer -n --load-partners "$BATS_TEST_TMPDIR/p.tsv"
	assert_success
	assert_output --partial "18 read, 0 new, 0 updated, 18 unchanged, 0 rejected"
}

# A job that reads the database ($1) needs one, and refuses a file or a
# batch option with the message $2.
reads_db_only() {
	run swt-refer "$1"
	assert_failure 3
	assert_output --partial "no database"
	[ ! -e "$SWT_DB" ]
	swt-db -q init
	for o in -n --strict "--rejects=x" "--encoding=cp1252" --group some.csv; do
		run swt-refer "$1" "$o"
		assert_failure 2
		assert_output --partial "$2"
	done
}

@test "refer: --partners needs a database and takes no file or batch option" {
	reads_db_only --partners "--partners reads no records"
}

@test "refer: --load-partners adds a partner, echoes it as checked, name and all" {
	f=$(partners new.csv 'partner_id,name,tier,domains,districts,response_days,start_days,note' \
	    'Thuiszorg_A,Thuiszorg A,Aanbieder,basale_adl|instrumentele_adl,noord|zuid,03,15,mine')
	run swt-refer -q --tsv --load-partners "$f"
	assert_success
	assert_line --index 0 $'partner_id\tname\ttier\tdomains\tdistricts\tresponse_days\tstart_days\tnote'
	assert_line --index 1 $'thuiszorg_a\tThuiszorg A\taanbieder\tbasale_adl|instrumentele_adl\tnoord|zuid\t3\t15\tmine'
	[ "${#lines[@]}" -eq 2 ]
	run swt-refer --partners --tsv
	assert_line --index 19 $'thuiszorg_a\tThuiszorg A\taanbieder\tbasale_adl|instrumentele_adl\tnoord|zuid\t3\t15\tyes'
	[ "$(q "select detail from audit where action = 'load-partners'")" != "" ]
	[ "$(q "select entity_id from audit where action = 'load-partners'")" = new.csv ]
}

@test "refer: a person field in a partner file is still left out" {
	f=$(partners p.csv 'partner_id,name,tier,bsn' 'a1,Org A,gemeente,999993847')
	run swt-refer -q --tsv --load-partners "$f"
	assert_success
	assert_line --index 0 $'partner_id\tname\ttier'
	refute_output --partial 999993847
}

@test "refer: refuses an unknown tier, a domain or district not in the list, days out of range" {
	f=$(partners bad.csv 'partner_id,name,tier,domains,districts,response_days,start_days' \
	    'b1,Org,bogus,,,,' \
	    'b2,Org,aanbieder,wonen,,,' \
	    'b3,Org,aanbieder,financien|wonen,,,' \
	    'b4,Org,aanbieder,,centrum,,' \
	    'b5,Org,aanbieder,,,366,' \
	    'b6,Org,aanbieder,,,,-1' \
	    'b7,Org,aanbieder,,,5,x' \
	    'b 8,Org,aanbieder,,,,' \
	    'b9,Org,aanbieder,,,365,0')
	run swt-refer --load-partners "$f"
	assert_failure 1
	assert_line "swt-refer: $f:2: tier: 'bogus' is not a tier code (see swt-db codes tier)"
	assert_line "swt-refer: $f:3: domains: 'wonen' is not a life domain (see swt-db codes life_domain)"
	assert_line "swt-refer: $f:4: domains: 'wonen' is not a life domain (see swt-db codes life_domain)"
	assert_line "swt-refer: $f:5: districts: 'centrum' is not a district (see swt-db codes district)"
	assert_line "swt-refer: $f:6: response_days: '366' is not a number of working days (0-365)"
	assert_line "swt-refer: $f:7: start_days: '-1' is not a number of working days (0-365)"
	assert_line "swt-refer: $f:8: start_days: 'x' is not a number of working days (0-365)"
	assert_line --regexp "^swt-refer: $f:9: partner_id: .* is not a partner id"
	assert_line --partial "9 read, 1 new, 0 updated, 0 unchanged, 8 rejected"
	[ "$(q "select count(*) from partner where partner_id like 'b%'")" = 1 ]
}

@test "refer: a new partner needs a name and a tier, a stored one does not" {
	f=$(partners n.csv 'partner_id,name,tier' 'x1,,gemeente' 'x2,Org X2,' 'travers,,')
	run swt-refer --load-partners "$f"
	assert_failure 1
	assert_line "swt-refer: $f:2: name: missing: required for a new partner"
	assert_line "swt-refer: $f:3: tier: missing: required for a new partner"
	assert_line --partial "3 read, 0 new, 0 updated, 1 unchanged, 2 rejected"
	[ "$(q "select name || '/' || tier from partner where partner_id = 'travers'")" = "Travers Welzijn/sociale_basis" ]
	f=$(partners h.csv 'name,tier' 'Org,gemeente')
	run swt-refer --load-partners "$f"
	assert_failure 3
	assert_output --partial "$f:1: partner_id: no such field in the header"
}

@test "refer: loading the same file again changes nothing" {
	f=$(partners p.csv 'partner_id,name,tier,domains,response_days' \
	    'n1,Buurthuis,sociale_basis,sociaal_netwerk,5' 'wijz,Wijz,sociale_basis,sociaal_netwerk,3')
	swt-refer -q --load-partners "$f" >/dev/null
	before=$(q 'select count(*) from audit')
	snapshot=$(q 'select * from partner order by rowid')
	run swt-refer --load-partners "$f"
	assert_success
	assert_line --partial "2 read, 0 new, 0 updated, 2 unchanged, 0 rejected"
	[ "$(q 'select * from partner order by rowid')" = "$snapshot" ]
	# the batch's own entry, and no update
	[ "$(q 'select count(*) from audit')" = $((before + 1)) ]
	[ "$(q "select count(*) from audit where action = 'update'")" = 1 ]
}

@test "refer: an update is audited, naming the fields that changed" {
	f=$(partners u.csv 'partner_id,domains,districts,response_days,active' \
	    'wijz,,oost,2,no' 'ggd,huisvesting|lichamelijke_gezondheid|opvoeding,,5,yes')
	run swt-refer --tsv --load-partners "$f"
	assert_success
	assert_line --partial "2 read, 0 new, 1 updated, 1 unchanged, 0 rejected"
	run q "select command, action, entity, entity_id, detail from audit where action = 'update'"
	assert_output 'swt-refer|update|partner|wijz|domains,districts,response_days,active'
	# empty domains: all; the fields not in the file are kept
	[ "$(q "select coalesce(domains, 'all'), districts, response_days, start_days, active, name from partner where partner_id = 'wijz'")" = "all|oost|2|10|no|Wijz" ]
	run q "select detail from audit where action = 'load-partners'"
	assert_output --regexp '^sha256 [0-9a-f]{64}; read 2, new 0, updated 1, unchanged 1, rejected 0$'
	run swt-db check
	assert_success
}

@test "refer: --strict writes nothing when a record is rejected" {
	f=$(partners s.csv 'partner_id,name,tier' 'ok1,Org,gemeente' 'bad,Org,bogus')
	run swt-refer --strict --load-partners "$f"
	assert_failure 3
	assert_output --partial "--strict: a record was rejected; nothing written"
	[ "$(q "select count(*) from partner where partner_id = 'ok1'")" = 0 ]
	[ "$(q "select count(*) from audit")" = 0 ]
}

@test "refer: --dry-run checks and reports, and writes nothing" {
	f=$(partners d.csv 'partner_id,name,tier,response_days' 'd1,Org,gemeente,4' 'tiem,Tiem,aanbieder,1')
	run swt-refer -n --load-partners "$f"
	assert_success
	assert_output --partial "2 read, 1 new, 1 updated, 0 unchanged, 0 rejected"
	assert_output --partial -- "--dry-run: nothing written"
	[ ! -e "$SWT_DB" ]
	swt-db -q init
	run swt-refer -n --load-partners "$f"
	assert_success
	[ "$(q "select count(*) from partner where partner_id = 'd1'")" = 0 ]
	[ "$(q "select response_days from partner where partner_id = 'tiem'")" = 5 ]
	[ "$(q "select count(*) from audit")" = 0 ]
}

@test "refer: --rejects keeps each rejected record with its error" {
	f=$(partners r.csv 'partner_id,name,tier,domains' 'r1,Org,gemeente,' 'r2,Org,aanbieder,wonen' 'r3,,gemeente,')
	run swt-refer --rejects "$BATS_TEST_TMPDIR/rej.tsv" --load-partners "$f"
	assert_failure 1
	run cat "$BATS_TEST_TMPDIR/rej.tsv"
	assert_line --index 0 $'partner_id\tname\ttier\tdomains\terror'
	assert_line --index 1 $'r2\tOrg\taanbieder\twonen\tdomains: \'wonen\' is not a life domain (see swt-db codes life_domain)'
	assert_line --index 2 $'r3\t\tgemeente\t\tname: missing: required for a new partner'
	[ "${#lines[@]}" -eq 3 ]
}

@test "refer: a partner with referrals is never deleted; active no retires it" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	q "insert into referral (request_id, kind, partner_id) values (1, 'verwijzen', 'travers')"
	run q "delete from partner where partner_id = 'travers'"
	assert_failure
	assert_output --partial "never deleted"
	f=$(partners a.csv 'partner_id,active' 'travers,nee')
	run swt-refer --load-partners "$f"
	assert_success
	[ "$(q "select active from partner where partner_id = 'travers'")" = no ]
}

@test "refer: swt-db fields lists the partner's fields" {
	run swt-db --tsv fields partner
	assert_success
	assert_line $'partner\tpartner_id\tref\t\talways\tno\tno\t'
	assert_line $'partner\tname\ttext\t\tnew\tno\tno\t'
	assert_line $'partner\ttier\tcode\ttier\tnew\tno\tno\t'
	assert_line $'partner\tdomains\tset\tlife_domain\t\tno\tno\t'
	assert_line $'partner\tresponse_days\tnumber\t\t\tno\tno\t'
	# the request's name is still person data
	run swt-db --tsv fields request
	assert_line $'request\tname\ttext\t\t\tyes\tno\t'
}

@test "refer: a referral is stored and echoed with referral_id, status and client_id" {
	requests
	run refer 'ref,kind,partner,sent_at,note' 'R1,verwijzen,Travers,05-01-2024,mine'
	assert_success
	assert_line --index 0 $'ref\tkind\tpartner\tsent_at\tnote\treferral_id\tstatus\tclient_id'
	assert_line --index 1 --regexp $'^R1\tverwijzen\ttravers\t2024-01-05\tmine\t1\tsent\tC[A-Z2-7]{13}$'
	[ "$(q "select r.request_id, kind, partner_id, sent_at, r.status from referral r")" = "1|verwijzen|travers|2024-01-05|sent" ]
	[ "$(q "select client_id from request where ref = 'R1'")" = "$(refer 'ref,kind,partner' 'R1,verwijzen,travers' 2>/dev/null | cut -f6 | tail -1)" ]
}

@test "refer: the lifecycle: sent, accepted, started, ended, each by its dates" {
	requests
	run refer 'ref,kind,partner,product,sent_at' 'R1,toewijzen,limor,02,2024-01-05'
	assert_line --index 1 --regexp $'\t1\tsent\t'
	run refer 'ref,kind,partner,responded_at,response' 'R1,toewijzen,limor,2024-01-08,accepted'
	assert_line --index 1 --regexp $'\t1\taccepted\t'
	run refer 'ref,kind,partner,started_at' 'R1,toewijzen,limor,2024-01-15'
	assert_line --index 1 --regexp $'\t1\tstarted\t'
	run refer 'ref,kind,partner,ended_at,end_reason' 'R1,toewijzen,limor,2024-03-01,19'
	assert_success
	assert_line --index 1 --regexp $'\t1\tended\t'
	[ "$(q "select status, product, sent_at, responded_at, response, started_at, ended_at, end_reason from referral")" = "ended|02|2024-01-05|2024-01-08|accepted|2024-01-15|2024-03-01|19" ]
	# an ended one is done: the same key and a new sent_at is a new referral
	run refer 'ref,kind,partner,product,sent_at' 'R1,toewijzen,limor,02,2024-04-01'
	assert_line --index 1 --regexp $'\t2\tsent\t'
	# rejected, and withdrawn, by referral_id
	run refer 'referral_id,responded_at,response,reason' '2,2024-04-03,rejected,vol'
	assert_line --index 1 --regexp $'^2\t.*\trejected\tC'
	run refer 'ref,kind,partner,sent_at' 'R1,verwijzen,travers,2024-01-05'
	run refer 'ref,kind,partner,withdrawn_at,reason' 'R1,verwijzen,travers,2024-01-06,inwoner wil niet'
	assert_success
	assert_line --index 1 --regexp $'\t3\twithdrawn\t'
}

@test "refer: a referral_ref names the source's referral; request_id names the request" {
	requests
	run refer 'request_id,referral_ref,kind,partner,sent_at' '2,X-1,verwijzen,wijz,2024-01-05' '2,X-2,verwijzen,wijz,2024-01-05'
	assert_success
	assert_line --index 1 --regexp $'^2\tX-1\t.*\t1\tsent\t'
	assert_line --index 2 --regexp $'^2\tX-2\t.*\t2\tsent\t'
	run refer 'referral_ref,responded_at,response' 'X-2,2024-01-06,accepted'
	assert_success
	assert_line --index 1 --regexp $'^X-2\t.*\t2\taccepted\t'
	run refer 'referral_ref,kind,partner,sent_at' 'X-3,verwijzen,wijz,2024-01-05'
	assert_failure 1
	assert_output --partial 'ref: missing: no referral has this referral_ref, and a new one is of a request'
	[ "$(q "select referral_ref, status from referral order by referral_id")" = $'X-1|sent\nX-2|accepted' ]
	run refer 'ref,request_id,kind,partner,sent_at' 'R1,2,verwijzen,wijz,2024-01-05'
	assert_failure 1
	assert_output --partial "request_id: request 2 is not 'R1'"
}

@test "refer: states move forward only, and the refusal says from what to what" {
	requests
	refer 'ref,kind,partner,sent_at,responded_at,response' 'R1,verwijzen,travers,2024-01-05,2024-01-06,accepted' >/dev/null
	run refer 'ref,kind,partner,response,reason' 'R1,verwijzen,travers,rejected,vol'
	assert_failure 1
	assert_output --partial ":2: status: would move from accepted back to rejected: a referral's states move forward only"
	refer 'referral_id,started_at,ended_at' '1,2024-01-07,2024-01-09' >/dev/null
	run refer 'referral_id,withdrawn_at' '1,2024-01-10'
	assert_failure 1
	assert_output --partial "withdrawn_at: a referral is withdrawn before it ends, not after"
	[ "$(q "select status from referral")" = ended ]
}

@test "refer: refuses an unknown request, referral or partner, and an inactive partner" {
	requests
	printf 'partner_id,active\nwijz,no\n' | swt-refer -q --load-partners >/dev/null
	run refers 'ref,request_id,referral_id,kind,partner,sent_at' \
	    'R9,,,verwijzen,travers,2024-01-05' \
	    ',9,,verwijzen,travers,2024-01-05' \
	    ',,9,,,' \
	    'R1,,,verwijzen,nobody,2024-01-05' \
	    'R1,,,verwijzen,wijz,2024-01-05'
	assert_failure 1
	assert_line --partial ":2: ref: no request 'R9' is stored (swt-intake stores it)"
	assert_line --partial ":3: request_id: no request 9 is stored"
	assert_line --partial ":4: referral_id: no referral 9 is stored"
	assert_line --partial ":5: partner: 'nobody' is not in the partner registry"
	assert_line --partial ":6: partner: 'wijz' is not active: it takes no new referral"
	assert_line --partial "5 read, 0 new, 0 updated, 0 unchanged, 5 rejected"
	[ "$(q "select count(*) from referral")" = 0 ]
}

@test "refer: refuses a partner whose tier does not take the kind" {
	requests
	run refers 'ref,kind,partner,product,sent_at' \
	    'R1,verwijzen,limor,,2024-01-05' \
	    'R1,toewijzen,travers,02,2024-01-05' \
	    'R1,toewijzen,io,02,2024-01-05' \
	    'R1,verwijzen,io,,2024-01-05' \
	    'R1,erbij_halen,ggd,,2024-01-05'
	assert_failure 1
	assert_line --partial ":2: partner: 'limor' is of tier 'aanbieder': a verwijzen referral goes to sociale_basis or gemeente"
	assert_line --partial ":3: partner: 'travers' is of tier 'sociale_basis': a toewijzen referral goes to aanbieder"
	assert_line --partial ":4: partner: 'io' is of tier 'gemeente': a toewijzen referral goes to aanbieder"
	assert_line --partial "5 read, 2 new, 0 updated, 0 unchanged, 3 rejected"
}

@test "refer: refuses a product missing, of the other law, or on a kind that has none" {
	requests
	run refers 'ref,kind,partner,product,sent_at' \
	    'R1,toewijzen,limor,,2024-01-05' \
	    'R2,toewijzen,limor,02,2024-01-05' \
	    'R1,toewijzen,limor,40,2024-01-05' \
	    'R3,toewijzen,limor,02,2024-01-05' \
	    'R1,verwijzen,travers,02,2024-01-05' \
	    'R1,toewijzen,limor,99,2024-01-05' \
	    'R2,toewijzen,limor,40,2024-01-05' \
	    'R3,toewijzen,tiem,,2024-01-05'
	assert_failure 1
	assert_line --partial ":2: product: missing: a toewijzen under wmo needs one (WMO020/JZ020)"
	assert_line --partial ":3: product: '02' is a wmo product, but the request's law is 'jeugdwet'"
	assert_line --partial ":4: product: '40' is a jeugdwet product, but the request's law is 'wmo'"
	assert_line --partial ":5: product: the request's law is 'participatiewet': only wmo and jeugdwet carry one"
	assert_line --partial ":6: product: a verwijzen referral has none: only toewijzen does"
	assert_line --partial ":7: product: '99' is not"
	assert_line --partial "8 read, 2 new, 0 updated, 0 unchanged, 6 rejected"
}

@test "refer: refuses an end without its reason, or with one of the other law or kind" {
	requests
	refer 'ref,kind,partner,product,sent_at,responded_at,response,started_at' \
	    'R1,toewijzen,limor,02,2024-01-05,2024-01-06,accepted,2024-01-07' \
	    'R2,toewijzen,limor,40,2024-01-05,2024-01-06,accepted,2024-01-07' \
	    'R1,verwijzen,travers,,2024-01-05,2024-01-06,accepted,2024-01-07' >/dev/null
	run refers 'ref,kind,partner,ended_at,end_reason' \
	    'R1,toewijzen,limor,2024-02-01,' \
	    'R1,toewijzen,limor,2024-02-01,31' \
	    'R2,toewijzen,limor,2024-02-01,19' \
	    'R1,verwijzen,travers,2024-02-01,19' \
	    'R1,toewijzen,limor,,19' \
	    'R2,toewijzen,limor,2024-02-01,02' \
	    'R1,verwijzen,travers,2024-02-01,'
	assert_failure 1
	assert_line --partial ":2: end_reason: missing: an ended toewijzen needs one (WMO588/JZ588)"
	assert_line --partial ":3: end_reason: '31' is a jeugdwet end reason, but the request's law is 'wmo'"
	assert_line --partial ":4: end_reason: '19' is a wmo end reason, but the request's law is 'jeugdwet'"
	assert_line --partial ":5: end_reason: a verwijzen referral has none: only toewijzen does"
	assert_line --partial ":6: end_reason: given, but there is no ended_at"
	assert_line --partial "7 read, 0 new, 2 updated, 0 unchanged, 5 rejected"
}

@test "refer: refuses dates out of order or before the request, and a response without its parts" {
	requests
	run refers 'ref,kind,partner,product,applied_at,decided_at,sent_at,responded_at,response,started_at,reason' \
	    'R1,verwijzen,travers,,,,2023-12-31,,,,' \
	    'R1,toewijzen,limor,02,2024-01-05,2024-01-04,2024-01-06,,,,' \
	    'R1,verwijzen,travers,,,,2024-01-05,2024-01-04,accepted,,' \
	    'R1,verwijzen,travers,,,,2024-01-05,2024-01-06,rejected,,' \
	    'R1,verwijzen,travers,,,,2024-01-05,,accepted,,' \
	    'R1,verwijzen,travers,,,,2024-01-05,2024-01-06,,,' \
	    'R1,verwijzen,travers,,,,2024-01-05,,,2024-01-07,' \
	    'R1,verwijzen,travers,,,,2024-01-05,2024-01-06,maybe,,' \
	    'R1,verwijzen,travers,,2024-01-03,,2024-01-05,,,,'
	assert_failure 1
	assert_line --partial ":2: sent_at: 2023-12-31 is before the request's received_at 2024-01-02"
	assert_line --partial ":3: decided_at: 2024-01-04 is before applied_at 2024-01-05"
	assert_line --partial ":4: responded_at: 2024-01-04 is before sent_at 2024-01-05"
	assert_line --partial ":5: reason: missing: a rejected referral needs the reason"
	assert_line --partial ":6: responded_at: missing: response 'accepted' needs the date"
	assert_line --partial ":7: response: missing: responded_at needs it (accepted or rejected)"
	assert_line --partial ":8: started_at: a referral starts only once accepted"
	assert_line --partial ":9: response: 'maybe' is not"
	assert_line --partial ":10: applied_at: a verwijzen referral has none: only toewijzen does"
	assert_line --partial "9 read, 0 new, 0 updated, 0 unchanged, 9 rejected"
}

@test "refer: a new referral needs kind, partner and sent_at; a header needs ref, request_id or referral_id" {
	requests
	run refer 'ref,kind,partner,sent_at' 'R1,,travers,2024-01-05' 'R1,verwijzen,,2024-01-05' 'R1,verwijzen,travers,'
	assert_failure 1
	assert_line --partial ":2: kind: missing: required for a new referral"
	assert_line --partial ":3: partner: missing: required for a new referral"
	assert_line --partial ":4: sent_at: missing: required for a new referral"
	run refer 'kind,partner,sent_at' 'verwijzen,travers,2024-01-05'
	assert_failure 3
	assert_output --partial ":1: ref: no such field in the header"
}

@test "refer: reading the same file again changes nothing; an update is audited" {
	requests
	f=$(partners r.csv 'ref,kind,partner,product,sent_at,responded_at,response' \
	    'R1,verwijzen,travers,,2024-01-05,,' 'R2,toewijzen,limor,40,2024-01-05,2024-01-06,accepted')
	run swt-refer "$f"
	assert_success
	assert_output --partial "2 read, 2 new, 0 updated, 0 unchanged, 0 rejected"
	run swt-refer "$f"
	assert_success
	assert_output --partial "2 read, 0 new, 0 updated, 2 unchanged, 0 rejected"
	[ "$(q "select count(*) from referral")" = 2 ]
	[ "$(q "select count(*) from audit where action = 'refer' and entity = 'batch' and entity_id = 'r.csv'")" = 2 ]
	[ "$(q "select count(*) from audit where entity = 'referral'")" = 0 ]
	run refer 'ref,kind,partner,responded_at,response' 'R1,verwijzen,travers,2024-01-07,accepted'
	assert_success
	run q "select command, action, entity, entity_id, detail from audit where entity = 'referral'"
	assert_output 'swt-refer|update|referral|1|responded_at,response'
}

@test "refer: stored + rejected = read; --rejects, --strict and --dry-run" {
	requests
	f=$(partners r.csv 'ref,kind,partner,sent_at' 'R1,verwijzen,travers,2024-01-05' \
	    'R9,verwijzen,travers,2024-01-05' 'R1,verwijzen,dekern,2024-01-05')
	run swt-refer --strict "$f"
	assert_failure 3
	[ "$(q "select count(*) from referral")" = 0 ]
	run swt-refer -n "$f"
	assert_failure 1
	assert_output --partial "3 read, 2 new, 0 updated, 0 unchanged, 1 rejected"
	assert_output --partial -- "--dry-run: nothing written"
	[ "$(q "select count(*) from referral")" = 0 ]
	swt-refer -q --tsv --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$f" \
	    >"$BATS_TEST_TMPDIR/out.tsv" 2>/dev/null || [ $? -eq 1 ]
	[ "$(wc -l <"$BATS_TEST_TMPDIR/out.tsv")" -eq 3 ]	# header, 2 stored
	run cat "$BATS_TEST_TMPDIR/rej.tsv"
	assert_line --index 0 $'ref\tkind\tpartner\tsent_at\terror'
	assert_line --index 1 $'R9\tverwijzen\ttravers\t2024-01-05\tref: no request \'R9\' is stored (swt-intake stores it)'
	[ "${#lines[@]}" -eq 2 ]
	[ "$(q "select count(*) from referral")" = 2 ]
}

@test "refer: a kind or partner is not changed on a stored referral" {
	requests
	refer 'ref,kind,partner,sent_at' 'R1,verwijzen,travers,2024-01-05' >/dev/null
	run refer 'referral_id,kind' '1,overdragen'
	assert_failure 1
	assert_output --partial "kind: referral 1 is verwijzen: a kind is not changed"
	run refer 'referral_id,partner' '1,wijz'
	assert_failure 1
	assert_output --partial "partner: referral 1 is to 'travers': a partner is not changed"
}

@test "refer: swt-db fields lists the referral's fields" {
	run swt-db --tsv fields referral
	assert_success
	assert_line $'referral\tkind\tcode\treferral_kind\tnew\tno\tno\t'
	assert_line $'referral\tpartner\tref\t\tnew\tno\tno\t'
	assert_line $'referral\tsent_at\tdate\t\tnew\tno\tno\t'
	assert_line $'referral\tend_reason\tcode\tend_reason\t\tno\tno\t'
	[ "${#lines[@]}" -eq 18 ]
}

# ---- --propose: a referral for each triaged request ----

# Triaged records on standard input, proposed; the fields asked for, by
# ref, as "ref kind partner candidates reasons".
propose() {
	printf '%s\n' "$@" | swt-refer -q --propose --tsv | awk -F '\t' '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ print $c["ref"] " " $c["kind"] " " $c["partner"] " " \
	    $c["candidates"] " " $c["referral_reasons"] }'
}
T='ref	life_domain	district	flags	financial	participation	route	regie'

@test "propose: each case of the referral map, with the partner and candidates" {
	run propose "$T" \
	    $'P1\tsociaal_netwerk\tnoord\t\t\t\tsociale_basis\tinwoner' \
	    $'P2\tfinancien\toost\t\teenvoudig\t\tsociale_basis\tinwoner' \
	    $'P3\thuisvesting\t\t\tcomplex\t\tmaatwerk\taanbieder' \
	    $'P4\twerk_opleiding\t\t\t\tarbeid\tmaatwerk\taanbieder' \
	    $'P5\thuiselijke_relaties\t\thuiselijk_geweld\t\t\teigen_inzet\tswt' \
	    $'P6\thuisvesting\tzuid\t\t\t\tmaatwerk\taanbieder' \
	    $'P7\tsociaal_netwerk\t\t\t\t\teigen_inzet\tswt' \
	    $'P8\tsociaal_netwerk\t\t\t\t\tadvies\tinwoner'
	assert_success
	assert_line "P1 verwijzen travers wijz|zwolledoet basis"
	assert_line "P2 verwijzen oporde dekern fin_basis|basis"
	assert_line "P3 verwijzen io  fin_complex|care"
	assert_line "P4 overdragen tiem  work|care"
	assert_line "P5 erbij_halen veiligthuis  violence|eigen_inzet"
	# the resident chooses among the aanbieders of the domain
	assert_line "P6 toewijzen  legerdesheils|deherberg|timon|limor|ribw|kadera|ggd care"
	assert_line "P7    eigen_inzet"
	assert_line "P8    advies"
}

@test "propose: a record without a route passes with an empty proposal" {
	run propose "$T" $'I1\tsociaal_netwerk\tnoord\t\t\t\t\t'
	assert_success
	assert_output "I1    "
	run bash -c "printf '%s\n' '$T' $'I1\tsociaal_netwerk\tnoord\t\t\t\t\t' | swt-refer --propose --tsv"
	assert_output --partial "1 read, 0 proposed, 0 without referral, 1 without route, 0 rejected"
}

@test "propose: the partners of the registry in the database, by district and domain, active only" {
	f=$(partners mine.csv 'partner_id,name,tier,domains,districts' \
	    'buurt_noord,Buurthuis Noord,sociale_basis,sociaal_netwerk,noord' \
	    'buurt_zuid,Buurthuis Zuid,sociale_basis,sociaal_netwerk,zuid' \
	    'thuiszorg,Thuiszorg,aanbieder,basale_adl,')
	swt-refer -q --load-partners "$f" >/dev/null
	run propose "$T" \
	    $'D1\tsociaal_netwerk\tnoord\t\t\t\tsociale_basis\t' \
	    $'D2\tsociaal_netwerk\tzuid\t\t\t\tsociale_basis\t' \
	    $'D3\tbasale_adl\tzuid\t\t\t\tmaatwerk\t'
	assert_success
	assert_line "D1 verwijzen travers wijz|zwolledoet|buurt_noord basis"
	assert_line "D2 verwijzen travers wijz|zwolledoet|buurt_zuid basis"
	assert_line "D3 toewijzen  thuiszorg care"
	f=$(partners off.csv 'partner_id,active' 'travers,no' 'buurt_noord,no' 'oporde,no')
	swt-refer -q --load-partners "$f" >/dev/null
	run propose "$T" \
	    $'D1\tsociaal_netwerk\tnoord\t\t\t\tsociale_basis\t' \
	    $'D4\tfinancien\tnoord\t\teenvoudig\t\tsociale_basis\t'
	assert_line "D1 verwijzen wijz zwolledoet basis"
	assert_line "D4 verwijzen dekern  fin_basis|basis"
}

@test "propose: no partner that fits leaves the kind, and --explain says why" {
	f=$(partners off.csv 'partner_id,active' 'io,no')
	swt-refer -q --load-partners "$f" >/dev/null
	run propose "$T" $'N1\thuisvesting\t\t\tcomplex\t\tmaatwerk\t'
	assert_line "N1 verwijzen   fin_complex|care"
	run bash -c "printf '%s\n' '$T' $'N1\thuisvesting\tnoord\t\tcomplex\t\tmaatwerk\t' | swt-refer -q --propose --explain --tsv"
	assert_success
	assert_line --index 0 $'ref\tline\trule\tkind\tpartner\tcandidates\tdecides\tsource\treason'
	assert_line --index 1 --regexp $'^N1\t2\tfin_complex\tverwijzen\t\t\tyes\t6.1.2, Bijlage 3\tComplexe financiele problemen'
	assert_line --index 2 $'N1\t2\t\tverwijzen\t\t\tno\t\tgeen actieve partner past: tier gemeente, levensdomein huisvesting, wijk noord (zie swt-refer --partners)'
	assert_line --index 3 --regexp $'^N1\t2\tcare\ttoewijzen\t\t\tno\t3.1.2'
}

@test "propose: --explain gives every rule that matched, the deciding one first, in Dutch" {
	run bash -c "printf '%s\n' '$T' $'E1\tfinancien\t\t\teenvoudig\t\tsociale_basis\tinwoner' $'E2\tsociaal_netwerk\t\t\t\t\t\t' | swt-refer -q --propose --explain --tsv"
	assert_success
	assert_line --index 1 $'E1\t2\tfin_basis\tverwijzen\toporde\tdekern\tyes\t6.2.6\tHet SWT geeft zelf geen financiele ondersteuning: verwijzen naar Op Orde of de Sociaal Raadslieden van De Kern.'
	assert_line --index 2 --regexp $'^E1\t2\tbasis\tverwijzen\t\t\tno\t2.4, 6.2.4, 6.2.7\tLicht beperkt'
	assert_line --index 3 $'E2\t3\t\t\t\t\tyes\t\tgeen route (onvolledig: eerst de triage): geen voorstel'
	[ "${#lines[@]}" -eq 4 ]
}

@test "propose: writes nothing, and needs no database" {
	run propose "$T" $'W1\tsociaal_netwerk\t\t\t\t\tsociale_basis\t'
	assert_line "W1 verwijzen travers wijz|zwolledoet basis"
	[ ! -e "$SWT_DB" ]
	swt-db -q init
	before=$(sqlite3 "$SWT_DB" .dump | sha256sum)
	run propose "$T" $'W1\tsociaal_netwerk\t\t\t\t\tsociale_basis\t'
	assert_success
	[ "$(sqlite3 "$SWT_DB" .dump | sha256sum)" = "$before" ]
	chmod 0444 "$SWT_DB"
	run propose "$T" $'W1\tsociaal_netwerk\t\t\t\t\tsociale_basis\t'
	assert_line "W1 verwijzen travers wijz|zwolledoet basis"
}

@test "propose: refuses a bad route, regie or life domain with its line; needs a route field" {
	f="$BATS_TEST_TMPDIR/t.tsv"
	printf '%s\n' "$T" $'B1\tsociaal_netwerk\t\t\t\t\tzwaar\t' \
	    $'B2\tsociaal_netwerk\t\t\t\t\tadvies\tbaas' \
	    $'B3\twonen\t\t\t\t\tadvies\t' \
	    $'B4\tsociaal_netwerk\t\t\t\t\tadvies\t' >"$f"
	run swt-refer --propose --tsv "$f"
	assert_failure 1
	assert_line "swt-refer: $f:2: route: 'zwaar' is not a route (advies, sociale_basis, eigen_inzet, maatwerk)"
	assert_line "swt-refer: $f:3: regie: 'baas' is not a regie code (see swt-db codes regie)"
	assert_line --regexp "^swt-refer: $f:4: life_domain: 'wonen' is not"
	assert_line --partial "4 read, 0 proposed, 1 without referral, 0 without route, 3 rejected"
	printf 'ref,life_domain\nX,financien\n' >"$f"
	run swt-refer --propose "$f"
	assert_failure 3
	assert_output --partial "$f:1: route: no such field in the header: --propose reads triaged records"
}

@test "propose: the map is data: SWT_SHARE names another, and a bad one is refused with its line" {
	d="$BATS_TEST_TMPDIR/share"
	mkdir -p "$d"
	cp "$SWT_SHARE/rules" "$d/"
	printf '%s\n' 'version mine-1' 'rule all' '	when route != advies' \
	    '	kind verwijzen' '	tier gemeente' '	partner ipa' '	source 6.1.2' \
	    '	reason Alles naar IPA.' >"$d/referrals"
	run env SWT_SHARE="$d" bash -c "printf '%s\n' '$T' $'M1\tsociaal_netwerk\t\t\t\t\tmaatwerk\t' | swt-refer -q --propose --tsv"
	assert_success
	assert_line --partial $'verwijzen\tipa\t\tall'
	printf '%s\n' 'version mine-1' 'rule all' '	when route = zwaar' \
	    '	kind verwijzen' '	tier gemeente' '	source 6.1.2' '	reason x' >"$d/referrals"
	run env SWT_SHARE="$d" swt-refer --propose /dev/null
	assert_failure 3
	assert_output --partial "$d/referrals:3: rule all: when: route: 'zwaar' is not a route code"
	printf '%s\n' 'version mine-1' 'rule all' '	when zrm = 1' \
	    '	kind none' '	tier gemeente' '	source 6.1.2' '	reason x' >"$d/referrals"
	run env SWT_SHARE="$d" swt-refer --propose /dev/null
	assert_failure 3
	assert_output --partial "$d/referrals:2: rule all: kind none refers to no partner"
	printf '%s\n' 'version mine-1' 'rule all' '	when zrm = 1' \
	    '	kind sturen' '	source 6.1.2' '	reason x' >"$d/referrals"
	run env SWT_SHARE="$d" swt-refer --propose /dev/null
	assert_failure 3
	assert_output --partial "$d/referrals:4: rule all: kind: 'sturen' is not a referral kind"
}

@test "propose: the triage rules may not name route: that is the map's" {
	d="$BATS_TEST_TMPDIR/r"
	printf '%s\n' 'version t-1' 'route_regie advies inwoner' \
	    'route_regie sociale_basis inwoner' 'route_regie eigen_inzet swt' \
	    'route_regie maatwerk aanbieder' 'rule r1' '	when route = advies' \
	    '	route maatwerk' '	source 0' '	reason x' >"$d"
	run swt-triage --rules "$d" --check-rules
	assert_failure 3
	assert_output --partial "unknown field 'route'"
}

@test "propose: swt-triage --pending | swt-refer --propose gives each routed request a proposal" {
	printf '%s\n' 'ref,received_at,assessed_at,law,service,life_domain,district,zrm,financial' \
	    'Q1,2024-01-02,2024-01-09,wmo,psychosociaal,sociaal_netwerk,noord,4,' \
	    'Q2,2024-01-02,2024-01-09,participatiewet,participatie,financien,oost,,complex' \
	    'Q3,2024-01-02,2024-01-09,wmo,psychosociaal,sociaal_netwerk,noord,3,' |
	    swt-intake -q >/dev/null
	run bash -c "swt-triage -q --pending | swt-refer -q --propose --json"
	assert_success
	# kind is the request's in swt-triage's output: replaced in place
	assert_line --regexp '^\{"ref":"Q1","received_at":"2024-01-02","kind":"verwijzen",.*"route":"sociale_basis",.*"partner":"travers","candidates":"wijz\|zwolledoet","referral_reasons":"basis"\}$'
	assert_line --regexp '^\{"ref":"Q2",.*"kind":"verwijzen",.*"route":"maatwerk",.*"partner":"io","candidates":"","referral_reasons":"fin_complex\|care"\}$'
	assert_line --regexp '^\{"ref":"Q3",.*"kind":"",.*"route":"eigen_inzet",.*"partner":"","candidates":"","referral_reasons":"eigen_inzet"\}$'
	[ "$(q 'select count(*) from referral')" = 0 ]
}

@test "propose: --explain goes with --propose; --propose writes nothing: no -n or --group" {
	run swt-refer --explain /dev/null
	assert_failure 2
	assert_output --partial "--explain goes with --propose"
	for o in -n --group; do
		run swt-refer --propose "$o" /dev/null
		assert_failure 2
		assert_output --partial "--propose writes nothing"
	done
	run swt-refer --propose --list
	assert_failure 2
	assert_output --partial "are jobs: name one"
}

# ---- worklists: --list and --overdue ----

# Referrals of R1 to R3 (see requests): io sent on Friday 1 March 2024,
# oporde accepted 5 March, dekern sent 6 March, tiem started.
worklist() {
	requests
	refer 'ref,kind,partner,sent_at,responded_at,response,started_at,referral_ref' \
	    'R3,verwijzen,io,2024-03-01,,,,X1' \
	    'R3,verwijzen,oporde,2024-03-04,2024-03-05,accepted,,X2' \
	    'R1,verwijzen,dekern,2024-03-06,,,,X3' \
	    'R2,verwijzen,wijz,2024-03-06,2024-03-07,accepted,2024-03-08,X4' >/dev/null
}

@test "list: every referral as a record, with client_id and its status, no person data" {
	worklist
	run swt-refer --list --tsv
	assert_success
	assert_line --index 0 $'referral_id\treferral_ref\tref\tclient_id\tkind\tpartner\tproduct\tapplied_at\tdecided_at\tsent_at\tresponded_at\tresponse\tstarted_at\tended_at\tend_reason\twithdrawn_at\treason\tstatus'
	assert_line --index 1 --regexp $'^1\tX1\tR3\tC[A-Z2-7]{13}\tverwijzen\tio\t\t\t\t2024-03-01\t\t\t\t\t\t\t\tsent$'
	assert_line --index 2 --regexp $'^2\tX2\tR3\tC[A-Z2-7]{13}\tverwijzen\toporde\t\t\t\t2024-03-04\t2024-03-05\taccepted\t\t\t\t\t\taccepted$'
	assert_line --index 4 --regexp $'\twijz\t.*\tstarted$'
	[ "${#lines[@]}" -eq 5 ]
}

@test "list: --on gives the status and dates as on that day; --status and --partner filter" {
	worklist
	run swt-refer --list --on 2024-03-04 --tsv
	assert_success
	assert_line --index 1 --regexp $'^1\tX1\t.*\tsent$'
	assert_line --index 2 --regexp $'^2\tX2\tR3\t[^\t]*\tverwijzen\toporde\t\t\t\t2024-03-04\t\t\t\t\t\t\t\tsent$'
	[ "${#lines[@]}" -eq 3 ]
	run swt-refer --list --on 07-03-2024 --status accepted --tsv
	assert_line --index 1 --regexp $'^2\tX2\t'
	assert_line --index 2 --regexp $'^4\tX4\t.*\t2024-03-07\taccepted\t\t.*\taccepted$'
	[ "${#lines[@]}" -eq 3 ]
	run swt-refer --list --partner oporde --tsv
	assert_line --index 1 --regexp $'^2\tX2\t'
	[ "${#lines[@]}" -eq 2 ]
	run swt-refer --list --status gone
	assert_failure 2
	assert_output --partial "--status: 'gone' is not a referral status"
}

@test "overdue: sent unanswered past response_days, accepted unstarted past start_days, in working days, most overdue first" {
	worklist
	# io: 5 working days from Fri 1 March is Fri 8 March
	run swt-refer --overdue --on 2024-03-08 --tsv
	assert_success
	assert_output 'referral_id	referral_ref	ref	client_id	kind	partner	status	term	since	term_days	due_at	days_over'
	run swt-refer --overdue --on 2024-03-12 --tsv
	assert_line --index 1 --regexp $'^1\tX1\tR3\tC[A-Z2-7]{13}\tverwijzen\tio\tsent\tresponse\t2024-03-01\t5\t2024-03-08\t2$'
	[ "${#lines[@]}" -eq 2 ]
	# oporde: 10 working days from Tue 5 March is Tue 19 March
	run swt-refer --overdue --on 2024-03-21 --tsv
	assert_line --index 1 --regexp $'^1\tX1\t.*\t2024-03-08\t9$'
	assert_line --index 2 --regexp $'^3\tX3\t.*\tsent\tresponse\t2024-03-06\t5\t2024-03-13\t6$'
	assert_line --index 3 --regexp $'^2\tX2\t.*\taccepted\tstart\t2024-03-05\t10\t2024-03-19\t2$'
	[ "${#lines[@]}" -eq 4 ]
	# started (wijz) is on no list
	[[ $output != *$'\twijz\t'* ]]
}

@test "overdue: the Atw holidays are no working days; --within adds those due soon" {
	requests
	# sent Thursday 28 March 2024: Goede Vrijdag (Atw art. 3 lid 2) and
	# Easter Monday are no working days, so 5 of them end on 8 April
	refer 'ref,kind,partner,sent_at' 'R3,verwijzen,io,2024-03-28' >/dev/null
	run swt-refer --overdue --on 2024-04-08 --tsv
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	run swt-refer --overdue --on 2024-04-09 --tsv
	assert_line --index 1 --regexp $'\t2024-04-08\t1$'
	run swt-refer --overdue --on 2024-04-04 --within 2 --tsv
	assert_line --index 1 --regexp $'\t2024-04-08\t-2$'
	run swt-refer --overdue --on 2024-04-04 --within 1 --tsv
	[ "${#lines[@]}" -eq 1 ]
}

@test "overdue: a partner without a term is on no list; a later change of term counts" {
	requests
	refer 'ref,kind,partner,sent_at' 'R3,verwijzen,io,2024-03-01' >/dev/null
	f=$(partners t.csv 'partner_id,response_days' 'io,')
	swt-refer -q --load-partners "$f" >/dev/null
	run swt-refer --overdue --on 2024-06-01 --tsv
	[ "${#lines[@]}" -eq 1 ]
	f=$(partners t.csv 'partner_id,response_days' 'io,20')
	swt-refer -q --load-partners "$f" >/dev/null
	run swt-refer --overdue --on 2024-04-03 --tsv
	assert_line --index 1 --regexp $'\t20\t2024-04-02\t1$'
}

@test "worklists: need a database, take no file or batch option; --on, --within checked" {
	reads_db_only --overdue "--overdue and --list read the database"
	rm "$SWT_DB"
	reads_db_only --list "--overdue and --list read the database"
	run swt-refer --overdue --on 2024-02-30
	assert_failure 2
	assert_output --partial "--on: '2024-02-30' is not a date"
	run swt-refer --overdue --within x
	assert_failure 2
	assert_output --partial "--within: 'x' is not a number of working days"
	run swt-refer --list --within 3
	assert_failure 2
	assert_output --partial "--within goes with --overdue"
	run swt-refer --overdue --status sent
	assert_failure 2
	assert_output --partial "--status and --partner go with --list"
	run swt-refer --on 2024-01-01 /dev/null
	assert_failure 2
	assert_output --partial "--on goes with --overdue or --list"
}

@test "worklists: --on defaults to today; the formats of the house" {
	requests
	refer 'ref,kind,partner,sent_at' 'R3,verwijzen,io,2024-03-01' >/dev/null
	run swt-refer --overdue --json
	assert_success
	assert_line --index 0 --regexp '^\{"referral_id":"1",.*"due_at":"2024-03-08","days_over":"[0-9]+"\}$'
	run swt-refer --list --csv
	assert_line --index 0 --partial 'referral_id,referral_ref,ref,client_id,'
	run swt-refer --list --table
	assert_line --index 0 --regexp '^referral_id +referral_ref +ref +client_id'
}
