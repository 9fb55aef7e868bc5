#!/usr/bin/env bats
# swt-refer: the partner registry (storing referrals is not built yet)

load test_helper/common

q() { sqlite3 -batch -noheader "$SWT_DB" "$1"; }

# A partner file in the test's directory: $1 its name, then its lines.
partners() {
	local f="$BATS_TEST_TMPDIR/$1"
	shift
	printf '%s\n' "$@" >"$f"
	echo "$f"
}

@test "refer: without --partners or --load-partners it says referrals are not built, and exits 2" {
	run swt-refer
	assert_failure 2
	assert_output --partial "storing referrals is not built yet"
	[ ! -e "$SWT_DB" ]
	run swt-refer --partners --load-partners
	assert_failure 2
	assert_output --partial "two jobs"
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

@test "refer: --partners needs a database and takes no file or batch option" {
	run swt-refer --partners
	assert_failure 3
	assert_output --partial "no database"
	[ ! -e "$SWT_DB" ]
	swt-db -q init
	for o in -n --strict "--rejects=x" "--encoding=cp1252" --group some.csv; do
		run swt-refer --partners "$o"
		assert_failure 2
		assert_output --partial "--partners reads no records"
	done
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
