#!/usr/bin/env bats
# swt-intake: register support requests, nothing lost

load test_helper/common

q() { sqlite3 -batch -noheader "$SWT_DB" "$1"; }

@test "intake: stores a CSV export and echoes records with ids, no bsn" {
	run swt-intake -q --tsv "$FIX/intake/good.csv"
	assert_success
	assert_line --index 0 "$(printf 'ref\treceived_at\tkind\tchannel\tsource\tlaw\tservice\tlife_domain\tdistrict\tsummary\trequest_id\tclient_id')"
	assert_line --partial "A002	2024-03-05	signaal"
	refute_output --partial 999993847
	refute_output --partial "Willem"
	[ "$(q 'select count(*) from request')" = 3 ]
	[ "$(q 'select count(*) from person')" = 3 ]
}

@test "intake: the law is implied by the service and dates are normalised" {
	swt-intake "$FIX/intake/good.csv" >/dev/null
	[ "$(q "select law || ' ' || received_at from request where ref = 'A002'")" = "jeugdwet 2024-03-05" ]
	[ "$(q "select postcode from person join request using (client_id) where ref = 'A001'")" = 8011AB ]
}

@test "intake: client_id is a pseudonym, the bsn stays in person only" {
	swt-intake "$FIX/intake/good.csv" >/dev/null
	cid=$(q "select client_id from request where ref = 'A001'")
	[[ "$cid" =~ ^C[A-Z2-7]{13}$ ]]
	[ "$(q "select bsn from person where client_id = '$cid'")" = 999993847 ]
	run q "select count(*) from pragma_table_info('request') where name in ('bsn','name','birth_date','postcode')"
	assert_output 0
}

@test "intake: --show-pii echoes the person fields and is audited" {
	run swt-intake --show-pii --tsv "$FIX/intake/good.csv"
	assert_success
	assert_output --partial 999993847
	[ "$(q "select count(*) from audit where action = 'display'")" = 1 ]
	# a dry run shows the data too; a --strict run that stores nothing does not
	swt-intake -n --show-pii "$FIX/intake/good.csv" >/dev/null
	[ "$(q "select count(*) from audit where action = 'display'")" = 2 ]
	[ "$(q "select count(*) from request")" = 3 ]
	run swt-intake --strict --show-pii "$FIX/intake/bad.csv"
	assert_failure 3
	refute_output --partial 999993847
	[ "$(q "select count(*) from audit where action = 'display'")" = 2 ]
}

@test "intake: the same file twice changes nothing" {
	swt-intake "$FIX/intake/good.csv" >/dev/null
	before=$(q 'select * from request order by ref')
	run swt-intake "$FIX/intake/good.csv"
	assert_success
	assert_output --partial "3 read, 0 new, 0 updated, 3 unchanged, 0 rejected"
	[ "$(q 'select * from request order by ref')" = "$before" ]
	[ "$(q "select count(*) from audit where action = 'update'")" = 0 ]
}

@test "intake: numbers are stored as numbers, so 03 twice is unchanged" {
	printf 'ref,received_at,zrm,expected_contacts,parties_involved\nZ-1,2025-01-02,03,05,002\n' >"$BATS_TEST_TMPDIR/z.csv"
	run swt-intake -q --tsv "$BATS_TEST_TMPDIR/z.csv"
	assert_success
	assert_line --index 1 --partial "$(printf 'Z-1\t2025-01-02\t3\t5\t2\t1\t')"
	run swt-intake "$BATS_TEST_TMPDIR/z.csv"
	assert_output --partial "1 read, 0 new, 0 updated, 1 unchanged, 0 rejected"
	[ "$(q "select zrm || ' ' || typeof(zrm) from request")" = "3 integer" ]
	[ "$(q "select count(*) from audit where action = 'update'")" = 0 ]
}

@test "intake: a ref twice in one file: the second updates the first or leaves it unchanged" {
	printf 'ref,received_at,summary\nD1,2024-01-02,eerst\nD2,2024-01-03,x\nD1,2024-01-02,daarna\nD2,2024-01-03,x\nD2,2024-02-30,x\n' >"$BATS_TEST_TMPDIR/d.csv"
	run swt-intake --tsv --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$BATS_TEST_TMPDIR/d.csv"
	assert_failure 1
	# stored + rejected = read: each line counted once
	assert_output --partial "d.csv: 5 read, 2 new, 1 updated, 1 unchanged, 1 rejected"
	assert_output --partial "d.csv:6: received_at: '2024-02-30' is not a date"
	[ "$(q 'select count(*) from request')" = 2 ]
	[ "$(q "select summary from request where ref = 'D1'")" = daarna ]
	[ "$(q "select received_at from request where ref = 'D2'")" = 2024-01-03 ]
	[ "$(q "select entity || ' ' || detail from audit where action = 'update'")" = "request summary" ]
	# each stored line echoed as it was stored, with its ref's request_id
	assert_line --regexp '^D1	2024-01-02	eerst	1	C[A-Z2-7]{13}$'
	assert_line --regexp '^D1	2024-01-02	daarna	1	C[A-Z2-7]{13}$'
	assert_line --regexp '^D2	2024-01-03	x	2	C[A-Z2-7]{13}$'
	[ "$(grep -c '^D[12]	' <<<"$output")" -eq 4 ]
	[ "$(grep -c '^D[12]	' "$BATS_TEST_TMPDIR/rej.tsv")" -eq 1 ]
}

@test "intake: a changed record updates the request and leaves an audit entry" {
	swt-intake "$FIX/intake/good.csv" >/dev/null
	sed 's/eenzaam sinds verhuizing/eenzaam en somber/' "$FIX/intake/good.csv" >"$BATS_TEST_TMPDIR/changed.csv"
	run swt-intake "$BATS_TEST_TMPDIR/changed.csv"
	assert_success
	assert_output --partial "1 updated, 2 unchanged"
	[ "$(q "select summary from request where ref = 'A001'")" = "eenzaam en somber" ]
	[ "$(q "select detail from audit where action = 'update'")" = summary ]
}

@test "intake: a new request that changes a known resident audits the person" {
	swt-intake "$FIX/intake/good.csv" >/dev/null
	cid=$(q "select client_id from request where ref = 'A001'")
	printf 'ref,received_at,bsn,postcode\nN1,2024-05-01,999993847,1234 AB\n' >"$BATS_TEST_TMPDIR/n.csv"
	run swt-intake "$BATS_TEST_TMPDIR/n.csv"
	assert_success
	assert_output --partial "1 new, 0 updated"
	[ "$(q "select postcode from person where client_id = '$cid'")" = 1234AB ]
	[ "$(q "select entity || ' ' || entity_id || ' ' || detail from audit where action = 'update'")" = "person $cid postcode" ]
	run swt-intake "$BATS_TEST_TMPDIR/n.csv"
	assert_success
	assert_output --partial "1 read, 0 new, 0 updated, 1 unchanged"
	[ "$(q "select count(*) from audit where action = 'update'")" = 1 ]
}

@test "intake: a later record fills in the assessment" {
	swt-intake "$FIX/intake/good.csv" >/dev/null
	run swt-intake "$FIX/intake/assess.tsv"
	assert_success
	assert_output --partial "2 updated"
	[ "$(q "select intake_at, assessed_at, zrm, specialist_knowledge, status from request where ref = 'A002'")" = "2024-03-07|2024-03-20|2|yes|assessed" ]
	[ "$(q "select summary from request where ref = 'A002'")" = "zorgen over gezin, school meldt verzuim" ]
	[ "$(q "select status from request where ref = 'A003'")" = open ]
}

@test "intake: an assessment for an unknown ref is rejected" {
	run swt-intake "$FIX/intake/assess.tsv"
	assert_failure 1
	assert_output --partial "assess.tsv:2: received_at: missing: required for a new request"
	[ "$(q 'select count(*) from request')" = 0 ]
}

@test "intake: each kind of bad line is named with file, line and field" {
	run swt-intake --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$FIX/intake/bad.csv"
	assert_failure 1
	assert_output --partial "bad.csv:2: bsn: the value (hidden: personal data) fails the 11-proef"
	assert_output --partial "bad.csv:3: received_at: '2024-02-30' is not a date"
	assert_output --partial "bad.csv:4: law: 'jeugdhulp' is not a law code (it is a service: wrong column?)"
	assert_output --partial "bad.csv:5: service: 'jeugdhulp' is a jeugdwet service, but law is 'wmo'"
	assert_output --partial "bad.csv:6: channel: 'duif' is not a channel code"
	assert_output --partial "bad.csv:7: zrm: '7' is not a ZRM score 1-5"
	assert_output --partial "bad.csv:8: flags: 'boos' is not a risk flag"
	assert_output --partial "bad.csv:9: specialist_knowledge: 'misschien' is not yes or no"
	assert_output --partial "bad.csv:10: postcode: the value (hidden: personal data) is not a Dutch postcode"
	assert_output --partial "bad.csv:11: 4 fields where the header has 15"
	assert_output --partial "bad.csv:12: received_at: missing"
	assert_output --partial "bad.csv:13: district: 'atlantis' is not a district code"
	assert_output --partial "bad.csv:14: bsn: the value (hidden: personal data) has 8 digits"
	assert_output --partial "bad.csv:15: birth_date: the value (hidden: personal data) is after received_at"
	assert_output --partial "15 read, 1 new, 0 updated, 0 unchanged, 14 rejected"
	[ "$(q 'select count(*) from request')" = 1 ]
}

@test "intake: messages never show a BSN or other person data" {
	printf 'ref,received_at,bsn,postcode,district,summary\nB1,2024-01-02,99999384,,,\nB2,2024-01-02,,999993847,,\nB3,2024-01-02,,,bsn 999993847,\nB4,2024-01-02,,,noordd,\n' >"$BATS_TEST_TMPDIR/p.csv"
	run swt-intake -q "$BATS_TEST_TMPDIR/p.csv"
	assert_failure 1
	refute_output --partial 9999938
	assert_output --partial "p.csv:4: district: the value (hidden: personal data) is not a district code"
	assert_output --partial "p.csv:5: district: 'noordd' is not a district code"
}

@test "intake: rejects keep the line unchanged plus an error field" {
	run swt-intake --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$FIX/intake/bad.csv"
	assert_failure 1
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/rej.tsv")" = 600 ]	# person data
	run cat "$BATS_TEST_TMPDIR/rej.tsv"
	assert_line --index 0 --partial "ref	received_at"
	assert_line --index 0 --partial "	error"
	assert_line --index 1 "$(printf 'D001\t2024-03-04\tvraag\ttelefoon\tinwoner\twmo\t\t\tnoord\t123456789\t\t\t\t\t\tbsn: the value (hidden: personal data) fails the 11-proef')"
	# stored + rejected = read
	[ $(( $(wc -l <"$BATS_TEST_TMPDIR/rej.tsv") - 1 + $(q 'select count(*) from request') )) = 15 ]
}

@test "intake: a ragged line's extra cells are kept in the rejects" {
	printf 'ref,received_at\nE1,2024-01-02,extra,more\n' >"$BATS_TEST_TMPDIR/r.csv"
	run swt-intake --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$BATS_TEST_TMPDIR/r.csv"
	assert_failure 1
	run cat "$BATS_TEST_TMPDIR/rej.tsv"
	assert_line --index 1 --partial "E1	2024-01-02	4 fields where the header has 2; extra cells: extra"
	assert_line --index 1 --partial "more"
	# however long they are, in intake and in triage
	long=$(printf 'x%.0s' $(seq 600))
	printf 'ref,received_at\nE2,2024-01-02,%sEND\n' "$long" >"$BATS_TEST_TMPDIR/l.csv"
	swt-intake --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$BATS_TEST_TMPDIR/l.csv" || true
	grep -q "${long}END" "$BATS_TEST_TMPDIR/rej.tsv"
	swt-triage --rejects "$BATS_TEST_TMPDIR/rej2.tsv" "$BATS_TEST_TMPDIR/l.csv" >/dev/null || true
	grep -q "${long}END" "$BATS_TEST_TMPDIR/rej2.tsv"
}

@test "intake: --strict writes nothing when one line is bad" {
	run swt-intake --strict "$FIX/intake/bad.csv"
	assert_failure 3
	assert_output --partial "nothing written"
	[ "$(q 'select count(*) from request')" = 0 ]
	[ "$(q 'select count(*) from audit')" = 0 ]
}

@test "intake: --strict echoes nothing when nothing was stored" {
	{ cat "$FIX/intake/good.csv"; echo 'A009,2024-13-01'; } >"$BATS_TEST_TMPDIR/s.csv"
	run sh -c 'swt-intake --strict --tsv "$1" 2>/dev/null' _ "$BATS_TEST_TMPDIR/s.csv"
	assert_failure 3
	assert_output ""
	run swt-intake --tsv "$BATS_TEST_TMPDIR/s.csv"
	assert_failure 1
	assert_line --partial "$(printf 'A001\t2024-03-04')"
}

@test "intake: a reader that leaves early loses nothing; no temporary file, nothing stored" {
	awk 'BEGIN { print "ref,received_at"; for (i = 0; i < 3000; i++) printf "F%d,2024-01-02\n", i }' >"$BATS_TEST_TMPDIR/f1.csv"
	printf 'ref,received_at,summary\nG1,2024-01-02,x\n' >"$BATS_TEST_TMPDIR/f2.csv"
	run bash -c 'swt-intake -q "$1" "$2" | head -c 10 >/dev/null; echo "status ${PIPESTATUS[0]}"' _ "$BATS_TEST_TMPDIR/f1.csv" "$BATS_TEST_TMPDIR/f2.csv"
	assert_output "status 0"
	[ "$(q 'select count(*) from request')" = 3001 ]
	TMPDIR="$BATS_TEST_TMPDIR/none" run swt-intake -q "$FIX/intake/good.csv"
	assert_failure 3
	assert_output --partial "cannot make a temporary file"
	[ "$(q 'select count(*) from request')" = 3001 ]
}

@test "intake: --strict stores a clean file" {
	run swt-intake --strict "$FIX/intake/good.csv"
	assert_success
	[ "$(q 'select count(*) from request')" = 3 ]
}

@test "intake: --dry-run validates and writes nothing" {
	run swt-intake --dry-run "$FIX/intake/bad.csv"
	assert_failure 1
	assert_output --partial "bad.csv:2: bsn"
	[ ! -e "$SWT_DB" ]
	swt-intake "$FIX/intake/good.csv" >/dev/null
	run swt-intake -n "$FIX/intake/assess.tsv"
	assert_success
	assert_output --partial "2 updated"
	[ "$(q "select count(*) from request where assessed_at is not null")" = 0 ]
}

@test "intake: a semicolon export with BOM and CRLF, a field with a newline" {
	run swt-intake -q --tsv "$FIX/intake/semicolon-bom-crlf.csv"
	assert_success
	assert_line --index 0 --partial "ref	received_at"
	assert_output --partial "traplift; dringend"
	[ "$(q "select summary from request where ref = 'B002'")" = "$(printf 'regel een\r\nregel twee')" ]
	[ "$(q "select received_at from request where ref = 'B001'")" = 2024-03-04 ]
}

@test "intake: lines ending in a lone CR (an old Mac export) are lines" {
	printf 'ref;received_at\rA1;2024-01-02\rA2;2024-01-03\r' >"$BATS_TEST_TMPDIR/mac.csv"
	run swt-intake -q --tsv "$BATS_TEST_TMPDIR/mac.csv"
	assert_success
	assert_line --index 2 --partial "$(printf 'A2\t2024-01-03\t2\t')"
	# in a quoted field a CR is data; outside one it ends the line, and
	# what follows is read as the next line, never dropped
	printf 'ref,received_at,summary\r\nC1,2024-01-02,"een\rtwee"\r\nC2,2024-01-02,x\r"y\n' >"$BATS_TEST_TMPDIR/cr.csv"
	run swt-intake -q --json "$BATS_TEST_TMPDIR/cr.csv"
	assert_failure 3
	assert_output --partial "cr.csv:5: a quoted field is never closed"
	run swt-intake -q --json <(head -c 51 "$BATS_TEST_TMPDIR/cr.csv")
	assert_success
	assert_output --partial '"summary":"een\rtwee"'
}

@test "intake: newlines and quotes survive the round trip through TSV" {
	swt-intake --tsv "$FIX/intake/semicolon-bom-crlf.csv" >"$BATS_TEST_TMPDIR/out.tsv"
	grep -q 'regel een\\r\\nregel twee' "$BATS_TEST_TMPDIR/out.tsv"
	export SWT_DB="$BATS_TEST_TMPDIR/two.db"
	swt-intake "$BATS_TEST_TMPDIR/out.tsv" >/dev/null
	[ "$(q "select summary from request where ref = 'B002'")" = "$(printf 'regel een\r\nregel twee')" ]
	swt-intake "$FIX/intake/good.csv" --csv >"$BATS_TEST_TMPDIR/out.csv"
	grep -q '"zoekt ""echt"" werk"' "$BATS_TEST_TMPDIR/out.csv"
}

@test "intake: a header-only file stores nothing and succeeds" {
	run swt-intake "$FIX/intake/header-only.csv"
	assert_success
	assert_output --partial "0 read"
	[ "$(q 'select count(*) from request')" = 0 ]
}

@test "intake: an empty file stores nothing and succeeds" {
	run swt-intake "$FIX/intake/empty.csv"
	assert_success
	[ "$(q 'select count(*) from request')" = 0 ]
}

@test "intake: blank lines before the header are skipped, and its line named" {
	printf '\r\n\r\nref;received_at\r\nA2;2024-01-02\r\n' >"$BATS_TEST_TMPDIR/b.csv"
	run swt-intake -q --tsv "$BATS_TEST_TMPDIR/b.csv"
	assert_success
	assert_line --index 1 --partial "$(printf 'A2\t2024-01-02\t1\t')"
	printf '\n\nrefx,received_at\nA1,2024-01-02\n' >"$BATS_TEST_TMPDIR/n.csv"
	run swt-intake -q "$BATS_TEST_TMPDIR/n.csv"
	assert_failure 3
	assert_output --partial "n.csv:3: ref: no such field in the header"
}

@test "intake: postcodes in any case and spacing; SA, SD and SS are not given out" {
	printf 'ref,received_at,postcode\nP1,2024-01-02,8011 ab\nP2,2024-01-02,8011ss\nP3,2024-01-02,0811AB\nP4,2024-01-02,8011SB\n' >"$BATS_TEST_TMPDIR/pc.csv"
	run swt-intake -q "$BATS_TEST_TMPDIR/pc.csv"
	assert_failure 1
	assert_output --partial "pc.csv:3: postcode:"
	assert_output --partial "pc.csv:4: postcode:"
	[ "$(q "select group_concat(postcode) from (select postcode from person join request using (client_id) order by ref)")" = 8011AB,8011SB ]
}

@test "intake: a file without a ref field is refused" {
	printf 'id,received_at\n1,2024-01-01\n' >"$BATS_TEST_TMPDIR/noref.csv"
	run swt-intake "$BATS_TEST_TMPDIR/noref.csv"
	assert_failure 3
	assert_output --partial "noref.csv:1: ref: no such field"
}

@test "intake: a header with a name twice or without a name is refused, its line named" {
	printf 'ref,received_at,summary,summary\nA1,2024-01-02,a,b\n' >"$BATS_TEST_TMPDIR/twice.csv"
	run swt-intake -q "$FIX/intake/good.csv" "$BATS_TEST_TMPDIR/twice.csv"
	assert_failure 3
	assert_line "swt-intake: $BATS_TEST_TMPDIR/twice.csv:1: header: field 'summary' appears twice"
	# the batch is one: the good file before it is not stored either
	[ "$(q 'select count(*) from request')" = 0 ]
	# Ref is ref; the line is the header's, after blank lines
	printf '\n\nref;received_at;Ref\nA1;2024-01-02;x\n' >"$BATS_TEST_TMPDIR/case.csv"
	run swt-intake -q "$BATS_TEST_TMPDIR/case.csv"
	assert_failure 3
	assert_line "swt-intake: $BATS_TEST_TMPDIR/case.csv:3: header: field 'ref' appears twice"
	printf 'ref,,received_at\nA1,x,2024-01-02\n' >"$BATS_TEST_TMPDIR/empty.csv"
	run swt-intake -q "$BATS_TEST_TMPDIR/empty.csv"
	assert_failure 3
	assert_line "swt-intake: $BATS_TEST_TMPDIR/empty.csv:1: header: field 2 has no name"
	# a delimiter at the end of the header is a last field without a name
	printf 'ref\treceived_at\t\nA1\t2024-01-02\t\n' >"$BATS_TEST_TMPDIR/end.tsv"
	run swt-intake -q "$BATS_TEST_TMPDIR/end.tsv"
	assert_failure 3
	assert_line "swt-intake: $BATS_TEST_TMPDIR/end.tsv:1: header: field 3 has no name"
	refute_output --partial A1
	[ "$(q 'select count(*) from request')" = 0 ]
}

@test "intake: input that is not UTF-8 is refused with its line number" {
	run swt-intake "$FIX/intake/cp1252.csv"
	assert_failure 3
	assert_output --partial "cp1252.csv:2: not valid UTF-8"
	assert_output --partial "--encoding cp1252"
	[ "$(q 'select count(*) from request')" = 0 ]
}

@test "intake: --encoding cp1252 converts a Windows export" {
	run swt-intake --encoding cp1252 "$FIX/intake/cp1252.csv"
	assert_success
	[ "$(q "select summary from request where ref = 'C001'")" = "café om de hoek" ]
}

@test "intake: reads standard input, and JSON Lines out" {
	run sh -c "swt-intake -q --json < '$FIX/intake/good.csv'"
	assert_success
	assert_line --index 0 --regexp '^\{"ref":"A001","received_at":"2024-03-04",.*"request_id":"1","client_id":"C[A-Z2-7]{13}"\}$'
}

@test "intake: --table aligns columns by characters, --csv quotes what needs it" {
	printf 'ref,summary,received_at\nT1,"café, thuis",2024-01-02\nT22,x,2024-01-03\n' >"$BATS_TEST_TMPDIR/t.csv"
	run swt-intake -q --table "$BATS_TEST_TMPDIR/t.csv"
	assert_success
	assert_line --index 0 --regexp '^ref  summary      received_at  request_id  client_id$'
	assert_line --index 1 --regexp '^T1   café, thuis  2024-01-02   1           C[A-Z2-7]{13}$'
	assert_line --index 2 --regexp '^T22  x            2024-01-03   2           C[A-Z2-7]{13}$'
	run swt-intake -q --csv "$BATS_TEST_TMPDIR/t.csv"
	assert_success
	assert_line --index 0 'ref,summary,received_at,request_id,client_id'
	assert_line --index 1 --regexp '^T1,"café, thuis",2024-01-02,1,C[A-Z2-7]{13}$'
}

@test "intake: --table counts wide and combining characters, and escapes control ones" {
	printf 'ref,summary,received_at\nT1,日本語,2024-01-02\nT2,cafe\xcc\x81!,2024-01-03\nT3,a\x1b[2Jb,2024-01-03\n' >"$BATS_TEST_TMPDIR/w.csv"
	run swt-intake -q --table "$BATS_TEST_TMPDIR/w.csv"
	assert_success
	assert_line --index 0 --regexp '^ref  summary    received_at  request_id'
	assert_line --index 1 --regexp '^T1   日本語     2024-01-02   1 '
	assert_line --index 2 --regexp "^T2   $(printf 'cafe\xcc\x81')!      2024-01-03   2 "
	assert_line --index 3 --regexp '^T3   a\\x1b\[2Jb  2024-01-03   3 '
	refute_output --partial "$(printf '\x1b')"
	# a C1 control (CSI as one character) too
	printf 'ref,summary,received_at\nT4,x\xc2\x9by,2024-01-02\n' >"$BATS_TEST_TMPDIR/c1.csv"
	run swt-intake -q --table "$BATS_TEST_TMPDIR/c1.csv"
	assert_line --index 1 --regexp '^T4   x\\u009by  2024-01-02'
	refute_output --partial "$(printf '\xc2\x9b')"
}

@test "intake: --table streams a long input in blocks, the header again when a column widens" {
	awk 'BEGIN { print "ref,summary,received_at"
		for (i = 1; i <= 2500; i++)
			printf "T%d,%s,2024-01-02\n", i, i == 1500 ? "a much longer summary" : "x" }' >"$BATS_TEST_TMPDIR/t.csv"
	run swt-intake -q --table "$BATS_TEST_TMPDIR/t.csv"
	assert_success
	[ "${#lines[@]}" -eq 2502 ]
	[ "$(printf '%s\n' "$output" | grep -c '^ref ')" -eq 2 ]
	assert_line --index 0 --regexp '^ref    summary  received_at  request_id  client_id$'
	assert_line --index 1001 --regexp '^ref    summary                received_at  request_id  client_id$'
	assert_line --index 1500 --regexp '^T1499  x                      2024-01-02   1499        C'
}

@test "intake: unknown fields pass through in order" {
	printf 'ref,eigen_kolom,received_at,nog_een\nF1,x,2024-01-02,y\n' >"$BATS_TEST_TMPDIR/u.csv"
	run swt-intake -q --tsv "$BATS_TEST_TMPDIR/u.csv"
	assert_success
	assert_line --index 0 "$(printf 'ref\teigen_kolom\treceived_at\tnog_een\trequest_id\tclient_id')"
	assert_line --index 1 --partial "$(printf 'F1\tx\t2024-01-02\ty\t1\tC')"
}

@test "intake: a resident with two requests has one client_id" {
	printf 'ref,received_at,bsn\nG1,2024-01-02,999993847\nG2,2024-02-02,999993847\nG3,2024-02-02,\nG4,2024-02-03,\n' >"$BATS_TEST_TMPDIR/p.csv"
	swt-intake "$BATS_TEST_TMPDIR/p.csv" >/dev/null
	[ "$(q "select count(distinct client_id) from request where ref in ('G1','G2')")" = 1 ]
	[ "$(q "select count(distinct client_id) from request")" = 3 ]
	# an anonymous request keeps its client_id on a re-run
	before=$(q "select client_id from request where ref = 'G3'")
	swt-intake "$BATS_TEST_TMPDIR/p.csv" >/dev/null
	[ "$(q "select client_id from request where ref = 'G3'")" = "$before" ]
}

@test "intake: the batch is one audit entry with the file's sha256 and counts" {
	swt-intake "$FIX/intake/good.csv" >/dev/null
	sum=$(sha256sum "$FIX/intake/good.csv" | cut -d' ' -f1)
	[ "$(q "select detail from audit where action = 'import'")" = "sha256 $sum; read 3, new 3, updated 0, unchanged 0, rejected 0" ]
}

@test "intake: SWT_USER names the user in the audit log, else the login name" {
	SWT_USER=marieke swt-intake -q "$FIX/intake/good.csv" >/dev/null
	[ "$(sqlite3 "$SWT_DB" "select user from audit")" = marieke ]
	sed 's/eenzaam sinds verhuizing/eenzaam en somber/' "$FIX/intake/good.csv" >"$BATS_TEST_TMPDIR/changed.csv"
	env -u SWT_USER swt-intake -q "$BATS_TEST_TMPDIR/changed.csv" >/dev/null
	[ "$(q "select group_concat(user || ' ' || action, ', ') from (select * from audit order by audit_id)")" = "marieke import, $(id -un) update, $(id -un) import" ]
	run swt-db check
	assert_success
}

@test "intake: the database is created mode 0600, in WAL mode" {
	swt-intake "$FIX/intake/good.csv" >/dev/null
	[ "$(stat -c %a "$SWT_DB")" = 600 ]
	[ "$(q 'pragma journal_mode')" = wal ]
	# the schema this swt writes, whatever its number
	[ "$(q 'pragma user_version')" = "$(swt-db -V | sed 's/.*database schema //')" ]
}

@test "intake: --group creates the database mode 0660" {
	swt-intake --group "$FIX/intake/good.csv" >/dev/null
	[ "$(stat -c %a "$SWT_DB")" = 660 ]
}

@test "intake: --db and SWT_DB choose the file" {
	swt-intake --db "$BATS_TEST_TMPDIR/other.db" "$FIX/intake/good.csv" >/dev/null
	[ -e "$BATS_TEST_TMPDIR/other.db" ]
	[ ! -e "$SWT_DB" ]
}

@test "intake: usage errors exit 2" {
	run swt-intake --bogus
	assert_failure 2
	assert_output --partial "usage: swt-intake"
	run swt-intake --encoding ebcdic x
	assert_failure 2
	run swt-intake --help
	assert_success
	assert_output --partial "usage: swt-intake"
	run swt-intake --version
	assert_success
	assert_output --regexp "^swt-intake \(swt\) [0-9.]+, database schema [0-9]+$"
}

@test "intake: a missing file is a located error, nothing written" {
	run swt-intake "$FIX/intake/good.csv" "$BATS_TEST_TMPDIR/missing.csv"
	assert_failure 3
	assert_output --partial "cannot open '$BATS_TEST_TMPDIR/missing.csv'"
	[ "$(q 'select count(*) from request')" = 0 ]
}

@test "intake: two processes importing into one database at once" {
	swt-db init
	for p in 1 2; do
		awk -v p=$p 'BEGIN { print "ref,received_at,law"; for (i = 0; i < 3000; i++) printf "P%d-%05d,2024-01-02,wmo\n", p, i }' >"$BATS_TEST_TMPDIR/p$p.csv"
	done
	swt-intake "$BATS_TEST_TMPDIR/p1.csv" >/dev/null 2>"$BATS_TEST_TMPDIR/e1" &
	a=$!
	swt-intake "$BATS_TEST_TMPDIR/p2.csv" >/dev/null 2>"$BATS_TEST_TMPDIR/e2" &
	b=$!
	wait $a
	wait $b
	[ "$(q 'select count(*) from request')" = 6000 ]
	[ "$(q 'pragma integrity_check')" = ok ]
}

@test "intake: kill -9 during a large import, then a re-run completes it" {
	awk 'BEGIN { print "ref,received_at,law,summary"; for (i = 0; i < 50000; i++) printf "K%06d,2024-01-02,wmo,een regel tekst om de import wat groter te maken\n", i }' >"$BATS_TEST_TMPDIR/k.csv"
	mkfifo "$BATS_TEST_TMPDIR/in"
	swt-intake -q "$BATS_TEST_TMPDIR/in" >/dev/null 2>&1 3>&- &
	pid=$!
	exec 7<>"$BATS_TEST_TMPDIR/in"
	# the first half: when head is done, intake has read all of it but
	# what a pipe holds, and it cannot finish: the input is not closed
	timeout 60 head -n 25001 "$BATS_TEST_TMPDIR/k.csv" >&7 ||
	    { kill -9 $pid; false; }
	kill -9 $pid
	st=0
	wait $pid || st=$?
	exec 7>&-
	# it died of the kill, it did not exit by itself
	[ "$st" -eq 137 ]
	[ "$(q 'pragma integrity_check')" = ok ]
	# nothing stored, or some of what it was sent, never more
	before=$(q 'select count(*) from request')
	[ "$before" -le 25000 ]
	[ "$(q "select count(*) from request where ref not between 'K000000' and 'K024999'")" = 0 ]
	run swt-db check
	assert_success
	run swt-intake "$BATS_TEST_TMPDIR/k.csv"
	assert_success
	assert_output --partial "50000 read, $((50000 - before)) new, 0 updated, $before unchanged, 0 rejected"
	[ "$(q 'select count(*), count(distinct ref) from request')" = "50000|50000" ]
	[ "$(q 'pragma integrity_check')" = ok ]
}

@test "intake: no input on a terminal is a usage error, not a hang" {
	command -v script >/dev/null || skip "script(1) is not installed"
	run script -qec "swt-intake" /dev/null
	assert_output --partial "no input"
}

@test "intake: the longest codes fit (maatschappelijke_participatie)" {
	printf 'ref\treceived_at\tlife_domain\nM1\t2024-05-01\tMaatschappelijke_Participatie\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run swt-intake -q "$BATS_TEST_TMPDIR/in.tsv"
	assert_success
	[ "$(q "select life_domain from request where ref = 'M1'")" = maatschappelijke_participatie ]
}

# ---- nothing lost: the rejects file (issue 9) ----

@test "intake: a rejects file that is an input is refused, and left whole" {
	cd "$BATS_TEST_TMPDIR"
	cp "$FIX/intake/bad.csv" in.csv
	run swt-intake --rejects in.csv in.csv
	assert_failure 2
	assert_output --partial "--rejects in.csv is an input too"
	cmp in.csv "$FIX/intake/bad.csv"
	[ ! -e "$SWT_DB" ]
	# the same file by another name, and as standard input
	ln in.csv same.csv
	run swt-intake --rejects same.csv "$FIX/intake/good.csv" in.csv
	assert_failure 2
	run sh -c 'swt-intake --rejects in.csv <in.csv'
	assert_failure 2
	run sh -c 'swt-intake --rejects in.csv - <in.csv'
	assert_failure 2
	cmp in.csv "$FIX/intake/bad.csv"
	[ ! -e "$SWT_DB" ]
	run swt-triage --rejects in.csv in.csv
	assert_failure 2
	cmp in.csv "$FIX/intake/bad.csv"
}

@test "intake: the man page's fix-and-reimport loop keeps the corrected records" {
	cd "$BATS_TEST_TMPDIR"
	run swt-intake --rejects afgewezen.tsv "$FIX/intake/bad.csv"
	assert_failure 1
	[ "$(wc -l <afgewezen.tsv)" = 15 ]
	# correct the district of D012, drop the error field, import again
	# with the same rejects file: the rest are rejected again (but D010,
	# whose missing cells the rejects file holds as empty ones)
	run sh -c 'awk -F "\t" -v OFS="\t" "{ NF--; if (\$1 == \"D012\") \$9 = \"noord\"; print }" afgewezen.tsv |
	    swt-intake --rejects afgewezen.tsv'
	assert_failure 1
	assert_output --partial "14 read, 2 new, 0 updated, 0 unchanged, 12 rejected"
	[ "$(q "select district from request where ref = 'D012'")" = noord ]
	[ "$(wc -l <afgewezen.tsv)" = 13 ]
	refute grep -q '^D012' afgewezen.tsv
}

@test "intake: a rejects file is written new, mode 0600, whatever was there" {
	cd "$BATS_TEST_TMPDIR"
	echo old >rej.tsv
	chmod 644 rej.tsv
	run swt-intake --rejects rej.tsv "$FIX/intake/bad.csv"
	assert_failure 1
	[ "$(stat -c %a rej.tsv)" = 600 ]
	assert_equal "$(head -c 3 rej.tsv)" ref
	[ "$(ls -A | grep -c '^\.rej\.tsv\.')" = 0 ]	# no stand-in left
}

@test "intake: when a later file fails, nothing is written and the rejects file is left as it was" {
	cd "$BATS_TEST_TMPDIR"
	echo old >rej.tsv
	run swt-intake --rejects rej.tsv "$FIX/intake/bad.csv" "$FIX/intake/cp1252.csv"
	assert_failure 3
	assert_output --partial "bad.csv: 15 read, 1 new, 0 updated, 0 unchanged, 14 rejected (not written)"
	[ "$(cat rej.tsv)" = old ]
	[ "$(q 'select count(*) from request')" = 0 ]
	[ "$(ls -A | grep -c '^\.rej\.tsv\.')" = 0 ]
}

@test "intake: rejects that cannot be written: a write error, and nothing stored" {
	full_fs
	run swt-intake --rejects "$BATS_TEST_TMPDIR/full/rej.tsv" "$FIX/intake/bad.csv"
	assert_failure 3
	assert_output --partial "cannot write '$BATS_TEST_TMPDIR/full/rej.tsv': No space left on device"
	refute_output --partial "out of memory"
	refute_output --regexp "^OK01"	# no echo of what was not stored
	[ "$(q 'select count(*) from request')" = 0 ]
	[ ! -e "$BATS_TEST_TMPDIR/full/rej.tsv" ]
}

@test "triage: rejects that cannot be written: nothing stored" {
	swt-intake -q "$FIX/intake/good.csv" "$FIX/intake/assess.tsv" >/dev/null
	full_fs
	printf 'ref\troute\nA001\tmaatwerk\nA002\tbogus\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run swt-triage --commit --rejects "$BATS_TEST_TMPDIR/full/rej.tsv" "$BATS_TEST_TMPDIR/in.tsv"
	assert_failure 3
	assert_output --partial "No space left on device"
	[ "$(q 'select count(*) from decision')" = 0 ]
}

@test "intake: a file that cannot be read makes no database" {
	run swt-intake "$BATS_TEST_TMPDIR/nosuch.csv"
	assert_failure 3
	assert_output --partial "cannot open"
	[ ! -e "$SWT_DB" ]
	# an empty file is an import all the same: its audit entry is kept
	: >"$BATS_TEST_TMPDIR/empty.csv"
	run swt-intake "$BATS_TEST_TMPDIR/empty.csv"
	assert_success
	[ "$(q "select count(*) from audit where action = 'import'")" = 1 ]
}

# ---- nothing leaked (issue 9) ----

@test "intake: header names are trimmed and matched in any case: bsn and name stay in" {
	printf 'Ref ,received_at, BSN ,Name \nP1,2024-01-01,999993847,Jan Jansen\n' >"$BATS_TEST_TMPDIR/p.csv"
	run swt-intake --json "$BATS_TEST_TMPDIR/p.csv"
	assert_success
	refute_output --partial 999993847
	refute_output --partial Jansen
	assert_line --regexp '^\{"ref":"P1","received_at":"2024-01-01","request_id":"1","client_id":"C[A-Z2-7]{13}"\}$'
	[ "$(q 'select bsn || name from person')" = "999993847Jan Jansen" ]
}

@test "intake: person data under another name is never passed through" {
	printf 'ref,received_at,geboortedatum,E-mail,Adres,note\nP1,2024-01-01,1970-01-01,jan@example.nl,Dorpsstraat 1,x\n' >"$BATS_TEST_TMPDIR/p.csv"
	run swt-intake --tsv "$BATS_TEST_TMPDIR/p.csv"
	assert_success
	assert_line "$(printf 'ref\treceived_at\tnote\trequest_id\tclient_id')"
	refute_output --partial 1970-01-01
	refute_output --partial example.nl
	refute_output --partial Dorpsstraat
	assert_output --partial "warning: $BATS_TEST_TMPDIR/p.csv: geboortedatum: person data: not written out"
	run swt-intake --tsv --show-pii "$BATS_TEST_TMPDIR/p.csv"
	assert_success
	assert_output --partial "1970-01-01	jan@example.nl	Dorpsstraat 1	x"
}

@test "intake, triage: a value like a BSN in a field of one's own is left out, with a warning" {
	printf 'ref,received_at,extra,note\nP1,2024-01-01,999992077,x\nP2,2024-01-01,123,1234.56.782\nP3,2024-01-01,999993847,y\n' >"$BATS_TEST_TMPDIR/p.csv"
	run swt-intake --tsv "$BATS_TEST_TMPDIR/p.csv"
	assert_success
	refute_output --partial 999992077
	refute_output --partial 999993847
	refute_output --partial 1234.56.782
	assert_line --regexp "^P1	2024-01-01		x	"
	assert_line --regexp "^P2	2024-01-01	123		"
	assert_output --partial "p.csv:2: extra: a value like a BSN is left out of the output (--show-pii writes it)"
	assert_output --partial "p.csv:3: note: a value like a BSN is left out"
	[ "$(grep -c 'like a BSN' <<<"$output")" = 2 ]	# once a field
	run swt-triage --tsv "$BATS_TEST_TMPDIR/p.csv"
	refute_output --partial 999992077
	assert_output --partial "extra: a value like a BSN is left out"
	run swt-intake --tsv --show-pii "$BATS_TEST_TMPDIR/p.csv"
	assert_output --partial 999992077
	refute_output --partial "like a BSN"
}

@test "intake: a message quotes a value only when it is a code-like token" {
	printf 'ref,received_at,district,channel,source,kind\nQ1,2024-01-01,1234.56.782,,,\nQ2,2024-01-01,8011 AB,,,\nQ3,2024-01-01,Willem de Vries,,,\nQ4,2024-01-01,Jansen,,,\nQ5,2024-01-01,,06-12345678,,\nQ6,2024-01-01,,,jan@example.nl,\nQ7,2024-01-01,atlantis,,,\nQ8,2024-01-01,,,,signal-2\n' >"$BATS_TEST_TMPDIR/q.csv"
	run swt-intake --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$BATS_TEST_TMPDIR/q.csv"
	assert_failure 1
	for l in 2 3 4 5; do
		assert_output --partial "q.csv:$l: district: the value (hidden: personal data) is not a district code"
	done
	assert_output --partial "q.csv:6: channel: the value (hidden: personal data) is not a channel code"
	assert_output --partial "q.csv:7: source: the value (hidden: personal data) is not a source code"
	assert_output --partial "q.csv:8: district: 'atlantis' is not a district code"
	assert_output --partial "q.csv:9: kind: 'signal-2' is not a kind code"
	for v in 1234.56.782 "8011 AB" Willem Jansen 12345678 example.nl; do
		refute_output --partial "$v"
		run cut -f 7 "$BATS_TEST_TMPDIR/rej.tsv"
		refute_output --partial "$v"
	done
}

@test "intake: spaces around a number, a date or a BSN are trimmed, as around a code" {
	printf 'ref,received_at,zrm,bsn,expected_contacts,flags\nT1, 2024-01-01 , 4 , 999993847 ,  12 , acute_crisis \n' >"$BATS_TEST_TMPDIR/t.csv"
	run swt-intake --tsv "$BATS_TEST_TMPDIR/t.csv"
	assert_success
	assert_line --regexp "^T1	2024-01-01	4	12	acute_crisis	1	C"
	[ "$(q 'select bsn from person')" = 999993847 ]
	[ "$(q 'select zrm + expected_contacts from request')" = 16 ]
}

@test "intake: UTF-16 text (Excel's Unicode text) is refused with a hint" {
	printf '\xff\xfer\x00e\x00f\x00\n\x00' >"$BATS_TEST_TMPDIR/u.csv"
	run swt-intake "$BATS_TEST_TMPDIR/u.csv"
	assert_failure 3
	assert_output --partial "u.csv:1: UTF-16 text (Excel's \"Unicode text\"): save it as \"CSV UTF-8\", or convert it: iconv -f UTF-16 -t UTF-8"
	[ ! -e "$SWT_DB" ]
}

@test "intake: a BSN given later merges the resident, never orphans a person" {
	printf 'ref,received_at,name,birth_date\nB1,2024-01-01,Jan Jansen,1970-05-01\n' >"$BATS_TEST_TMPDIR/1.csv"
	printf 'ref,bsn\nB1,999993847\n' >"$BATS_TEST_TMPDIR/2.csv"
	swt-intake -q "$BATS_TEST_TMPDIR/1.csv" >/dev/null
	old=$(q "select client_id from request")
	run swt-intake "$BATS_TEST_TMPDIR/2.csv"
	assert_success
	assert_output --partial "1 read, 0 new, 1 updated"
	new=$(q "select client_id from request")
	[ "$old" != "$new" ]
	[ "$(q "select count(*) from person")" = 1 ]
	[ "$(q "select bsn || ' ' || name || ' ' || birth_date from person where client_id = '$new'")" = "999993847 Jan Jansen 1970-05-01" ]
	[ "$(q "select count(*) from person where client_id not in (select client_id from request)")" = 0 ]
	[ "$(q "select detail from audit where action = 'merge' and entity_id = '$new'")" = "merged $old into it" ]
	run swt-db check
	assert_success
	# a BSN put right: the wrong one's person goes when nothing is left
	printf 'ref,bsn\nB1,999992077\n' >"$BATS_TEST_TMPDIR/3.csv"
	swt-intake -q "$BATS_TEST_TMPDIR/3.csv" >/dev/null
	[ "$(q "select bsn from person")" = 999992077 ]
	[ "$(q "select count(*) from audit where action = 'remove' and entity_id = '$new'")" = 1 ]
	run swt-db check
	assert_success
}

@test "intake: an update is checked against the request as it will be stored" {
	printf 'ref,received_at,service\nU1,2024-01-01,jeugdhulp\n' >"$BATS_TEST_TMPDIR/1.csv"
	printf 'ref,law,intake_at\nU1,wmo,\nU1,,2023-12-01\n' >"$BATS_TEST_TMPDIR/2.csv"
	swt-intake -q "$BATS_TEST_TMPDIR/1.csv" >/dev/null
	run swt-intake --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$BATS_TEST_TMPDIR/2.csv"
	assert_failure 1
	assert_output --partial "2.csv:2: service: 'jeugdhulp' is a jeugdwet service, but law is 'wmo' (with the request as stored)"
	assert_output --partial "2.csv:3: intake_at: '2023-12-01' is before received_at (with the request as stored)"
	assert_output --partial "2 read, 0 new, 0 updated, 0 unchanged, 2 rejected"
	[ "$(q "select law || ' ' || service from request")" = "jeugdwet jeugdhulp" ]
}

@test "intake: an update sets only the columns that changed, in any mix of them" {
	printf 'ref,received_at\n' >"$BATS_TEST_TMPDIR/1.csv"
	for i in 1 2 3 4 5 6 7 8 9 10 11; do
		printf 'U%s,2024-01-01\n' "$i"
	done >>"$BATS_TEST_TMPDIR/1.csv"
	swt-intake -q "$BATS_TEST_TMPDIR/1.csv" >/dev/null
	# a column in an update's SET fires this, even set to its own value
	sqlite3 "$SWT_DB" "create trigger set_unchanged before update of ref, received_at, kind, client_id on request begin select raise(abort, 'an unchanged column set'); end"
	cols=(channel source law service life_domain district summary staff intake_at zrm)
	vals=(email huisarts wmo psychosociaal financien noord x s1 2024-01-02 3)
	# U1 gives the first field, U2 the first two ... U10 all ten: ten
	# shapes of update in one batch, more than are kept prepared
	(IFS=,; printf 'ref,%s\n' "${cols[*]}") >"$BATS_TEST_TMPDIR/2.csv"
	for i in 1 2 3 4 5 6 7 8 9 10; do
		row=U$i
		for j in 0 1 2 3 4 5 6 7 8 9; do
			[ "$j" -lt "$i" ] && row=$row,${vals[$j]} || row=$row,
		done
		printf '%s\n' "$row"
	done >>"$BATS_TEST_TMPDIR/2.csv"
	# and the first shape again, once it is no longer kept
	printf 'U11,email,,,,,,,,,\n' >>"$BATS_TEST_TMPDIR/2.csv"
	run swt-intake "$BATS_TEST_TMPDIR/2.csv"
	assert_success
	assert_output --partial "11 updated"
	run q "select ref, coalesce(channel, '-'), coalesce(district, '-'), coalesce(zrm, '-'), updated_at is not null from request order by request_id"
	assert_output "U1|email|-|-|1
U2|email|-|-|1
U3|email|-|-|1
U4|email|-|-|1
U5|email|-|-|1
U6|email|noord|-|1
U7|email|noord|-|1
U8|email|noord|-|1
U9|email|noord|-|1
U10|email|noord|3|1
U11|email|-|-|1"
	# the same file again: nothing to set
	run swt-intake "$BATS_TEST_TMPDIR/2.csv"
	assert_success
	assert_output --partial "0 updated, 11 unchanged"
	# a later BSN moves the request: client_id is then set
	sqlite3 "$SWT_DB" "drop trigger set_unchanged"
	printf 'ref,bsn\nU1,999993847\n' >"$BATS_TEST_TMPDIR/3.csv"
	swt-intake -q "$BATS_TEST_TMPDIR/3.csv" >/dev/null
	[ "$(q "select count(*) from request r join person p using (client_id) where r.ref = 'U1' and p.bsn = '999993847'")" = 1 ]
}

@test "intake: the audit entry of an update names every field it changed" {
	printf 'ref,received_at\nM1,2024-01-01\n' >"$BATS_TEST_TMPDIR/1.csv"
	printf 'ref,kind,channel,source,law,service,life_domain,district,summary,staff,intake_at,assessed_at,zrm,expected_contacts,specialist_knowledge,development_potential,long_term,parties_involved,participation,financial,flags,statushouder\nM1,signaal,email,huisarts,wmo,psychosociaal,financien,noord,x,s1,2024-01-02,2024-01-03,3,4,yes,poor,yes,2,arbeid,complex,acute_crisis,yes\n' >"$BATS_TEST_TMPDIR/2.csv"
	swt-intake -q "$BATS_TEST_TMPDIR/1.csv" >/dev/null
	swt-intake -q "$BATS_TEST_TMPDIR/2.csv" >/dev/null
	run q "select detail from audit where action = 'update' and entity = 'request'"
	assert_output "person.district,kind,channel,source,law,service,life_domain,district,summary,staff,intake_at,assessed_at,zrm,expected_contacts,specialist_knowledge,development_potential,long_term,parties_involved,participation,financial,flags,statushouder"
}

@test "intake: a display of person data is logged first, or nothing is shown" {
	# --dry-run on a database that is not there: nowhere to log it
	run swt-intake -n --show-pii "$FIX/intake/good.csv"
	assert_failure 2
	assert_output --partial "no database to log --show-pii in"
	refute_output --partial 999993847
	[ ! -e "$SWT_DB" ]
	# logged in the import's own transaction: stored and logged, or neither
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	sqlite3 "$SWT_DB" "create trigger no_display before insert on audit when new.action = 'display' begin select raise(abort, 'no'); end"
	printf 'ref,bsn,summary\nA001,999993847,verhuisd\n' >"$BATS_TEST_TMPDIR/u.csv"
	run swt-intake --show-pii "$BATS_TEST_TMPDIR/u.csv"
	assert_failure 3
	refute_output --partial 999993847
	[ "$(q "select summary from request where ref = 'A001'")" = "eenzaam sinds verhuizing" ]
	run swt-intake -n --show-pii "$FIX/intake/good.csv"
	assert_failure 3
	refute_output --partial 999993847
}

@test "intake: the audit log names a file only when its name cannot be a resident's" {
	cp "$FIX/intake/good.csv" "$BATS_TEST_TMPDIR/aanmeldingen-2024-03.csv"
	cp "$FIX/intake/good.csv" "$BATS_TEST_TMPDIR/aanmelding Jansen 999993847.csv"
	swt-intake -q "$BATS_TEST_TMPDIR/aanmeldingen-2024-03.csv" "$BATS_TEST_TMPDIR/aanmelding Jansen 999993847.csv" >/dev/null
	run q "select entity_id from audit where action = 'import' order by audit_id"
	assert_output "$(printf 'aanmeldingen-2024-03.csv\n(name not logged)')"
	[ "$(q "select count(*) from audit where entity_id like '%Jansen%' or detail like '%Jansen%' or detail like '%$BATS_TEST_TMPDIR%'")" = 0 ]
}

# Closing a request (SPEC 5): a record for its ref with closed_at and
# closure_reason.
close() {
	printf '%s\n' ref,closed_at,closure_reason "$@" | swt-intake --tsv 2>&1
}

@test "intake: closed_at and closure_reason close a request; its status becomes closed" {
	printf 'ref,received_at,law\nR1,2024-01-02,wmo\nR2,2024-01-02,wmo\n' | swt-intake -q >/dev/null
	run close 'R1,05-02-2024,Opgelost'
	assert_success
	assert_line $'ref\tclosed_at\tclosure_reason\trequest_id\tclient_id'
	assert_line --partial $'R1\t2024-02-05\topgelost\t1\t'
	assert_output --partial "1 read, 0 new, 1 updated, 0 unchanged, 0 rejected"
	[ "$(q "select status, closed_at, closure_reason from request where ref = 'R1'")" = "closed|2024-02-05|opgelost" ]
	[ "$(q "select status from request where ref = 'R2'")" = open ]
	[ "$(q "select detail from audit where action = 'update' and entity = 'request'")" = "closed_at,closure_reason" ]
	# a request closed in the record that registers it
	run swt-intake -q <<<$'ref,received_at,closed_at,closure_reason\nR3,2024-03-01,2024-03-01,ingetrokken'
	assert_success
	[ "$(q "select status from request where ref = 'R3'")" = closed ]
}

@test "intake: every closure reason of the list is taken, and no other" {
	swt-db -q init
	run swt-db --tsv codes closure_reason
	assert_success
	[ "$(cut -f 2 <<<"$output" | tail -n +2 | tr '\n' ' ')" = "opgelost overgedragen afgebroken afgewezen ingetrokken verhuisd overleden " ]
	printf 'ref,received_at\nR1,2024-01-02\nR2,2024-01-02\nR3,2024-01-02\nR4,2024-01-02\nR5,2024-01-02\nR6,2024-01-02\nR7,2024-01-02\nR8,2024-01-02\n' |
	    swt-intake -q >/dev/null
	run close R1,2024-02-01,opgelost R2,2024-02-01,overgedragen R3,2024-02-01,afgebroken \
	    R4,2024-02-01,afgewezen R5,2024-02-01,ingetrokken R6,2024-02-01,verhuisd \
	    R7,2024-02-01,overleden R8,2024-02-01,vergeten
	assert_failure 1
	assert_output --partial ":9: closure_reason: 'vergeten' is not a closure_reason code (see swt-db codes closure_reason)"
	[ "$(q "select count(*) from request where status = 'closed'")" = 7 ]
}

@test "intake: closed_at and closure_reason come together" {
	printf 'ref,received_at\nR1,2024-01-02\n' | swt-intake -q >/dev/null
	run close 'R1,2024-02-01,' 'R1,,opgelost'
	assert_failure 1
	assert_output --partial ":2: closure_reason: missing: a request is closed with closed_at and closure_reason together"
	assert_output --partial ":3: closed_at: missing: a request is closed with closed_at and closure_reason together"
	run swt-intake -q <<<$'ref,received_at,closed_at\nR2,2024-01-02,2024-02-01'
	assert_failure 1
	assert_output --partial "closure_reason: missing"
	[ "$(q "select count(*) from request where closed_at is not null or status = 'closed'")" = 0 ]
}

@test "intake: a request is not closed before it was received, or before its last contact" {
	printf 'ref,received_at\nR1,2024-01-02\n' | swt-intake -q >/dev/null
	run close 'R1,2024-01-01,opgelost'
	assert_failure 1
	assert_output --partial "closed_at: '2024-01-01' is before received_at (with the request as stored)"
	printf 'ref,date,kind\nR1,2024-01-08T10:00,gesprek\nR1,2024-01-05,gesprek\n' | swt-contact -q >/dev/null
	run close 'R1,2024-01-07,opgelost'
	assert_failure 1
	assert_output --partial "closed_at: 2024-01-07 is before the request's last contact on 2024-01-08"
	[ "$(q "select status from request")" = open ]
	run close 'R1,2024-01-08,opgelost'
	assert_success
	[ "$(q "select status from request")" = closed ]
}

@test "intake: a closed request is not reopened or closed again (002 2.4)" {
	printf 'ref,received_at\nR1,2024-01-02\n' | swt-intake -q >/dev/null
	close 'R1,2024-02-01,opgelost' >/dev/null
	run close 'R1,2024-02-03,opgelost'
	assert_failure 1
	assert_output --partial "closed_at: the request was closed on 2024-02-01: it is not reopened or closed again (a new question is a new request, 002 2.4)"
	# an empty closed_at keeps the stored one: no record clears it
	run close 'R1,,'
	assert_success
	assert_output --partial "1 unchanged"
	run swt-intake -q <<<$'ref,zrm\nR1,3'
	assert_success
	[ "$(q "select status, closed_at from request")" = "closed|2024-02-01" ]
	# the same day again changes nothing; the reason may be put right, audited
	run close 'R1,2024-02-01,opgelost'
	assert_output --partial "1 unchanged"
	run close 'R1,2024-02-01,verhuisd'
	assert_success
	[ "$(q "select closure_reason from request")" = verhuisd ]
	[ "$(q "select detail from audit where action = 'update' order by audit_id desc limit 1")" = closure_reason ]
}

@test "intake: a closed request is no longer pending for triage" {
	printf 'ref,received_at,life_domain,assessed_at,zrm\nR1,2024-01-02,sociaal_netwerk,2024-01-05,3\nR2,2024-01-02,sociaal_netwerk,2024-01-05,3\n' |
	    swt-intake -q >/dev/null
	close 'R1,2024-01-08,ingetrokken' >/dev/null
	run swt-triage -q --pending --tsv
	assert_success
	refute_line --partial R1
	assert_line --partial R2
	refute_line --index 0 --partial closed_at
	[ "${#lines[@]}" -eq 2 ]
}

@test "intake: on a terminal a long run shows its progress on one line, cleared at the end" {
	command -v script >/dev/null || skip "script(1) is not installed"
	awk 'BEGIN { print "ref,received_at,law"; for (i = 0; i < 3000; i++) printf "P%05d,%s,wmo\n", i, i == 1000 ? "gisteren" : "2024-01-02" }' >"$BATS_TEST_TMPDIR/p.csv"
	# SWT_PROGRESS=0: from the start, not after 2 s
	# (status 1: the one rejected record)
	SWT_PROGRESS=0 script -qec "swt-intake $BATS_TEST_TMPDIR/p.csv >/dev/null" /dev/null >"$BATS_TEST_TMPDIR/tty" || [ $? -eq 1 ]
	run cat -v "$BATS_TEST_TMPDIR/tty"
	assert_output --regexp '\^Mswt-intake: [0-9]+ records, [0-9]+/s, [0-9]+ s left\^M +\^M'
	# a message, and the summary, come after the line is cleared
	assert_output --regexp ' +\^Mswt-intake: .*p.csv:1002: received_at: '
	assert_output --regexp ' +\^Mswt-intake: .*p.csv: 3000 read'
	# not on a terminal, and not with -q on one
	SWT_PROGRESS=0 swt-intake "$BATS_TEST_TMPDIR/p.csv" >/dev/null 2>"$BATS_TEST_TMPDIR/err" || [ $? -eq 1 ]
	refute grep -q 'records,' "$BATS_TEST_TMPDIR/err"
	SWT_PROGRESS=0 script -qec "swt-intake -q $BATS_TEST_TMPDIR/p.csv >/dev/null" /dev/null >"$BATS_TEST_TMPDIR/tty" || [ $? -eq 1 ]
	run cat -v "$BATS_TEST_TMPDIR/tty"
	assert_output --partial 'p.csv:1002: received_at: '
	refute_output --partial 'records,'
}
