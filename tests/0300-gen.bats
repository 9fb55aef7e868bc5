#!/usr/bin/env bats
# swt-gen: synthetic requests that swt-intake accepts, the same for a seed

load test_helper/common

q() { sqlite3 -batch -noheader "$SWT_DB" "$1"; }

REQ_HEADER=$'ref\treceived_at\tkind\tchannel\tsource\tlaw\tservice\tlife_domain\tdistrict\tsummary\tstaff\tbsn\tbirth_date\tpostcode\tname'
ASSESS_HEADER=$'ref\tintake_at\tassessed_at\tzrm\texpected_contacts\tspecialist_knowledge\tdevelopment_potential\tlong_term\tparties_involved\tparticipation\tfinancial\tflags\tstatushouder'

# The values of one field of a TSV stream on stdin, by name, header skipped.
col() {
	awk -F '\t' -v f="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == f) c = i; next } { print $c }'
}

@test "gen: the request fields in order, one line per request" {
	run swt-gen -n 5
	assert_success
	assert_line --index 0 "$REQ_HEADER"
	[ "${#lines[@]}" = 6 ]
	assert_line --index 1 --regexp '^SWT-2024-0000001	2024-[0-9]{2}-[0-9]{2}	'
	assert_line --index 5 --regexp '^SWT-2024-0000005	'
	# every line has the header's number of fields
	run sh -c 'swt-gen -n 1000 | awk -F "\t" "{ print NF }" | sort -u'
	assert_output 15
}

@test "gen: 1000 requests by default; -n 0 writes the header only" {
	[ "$(swt-gen | wc -l)" = 1001 ]
	run swt-gen -n 0
	assert_success
	assert_output "$REQ_HEADER"
	run swt-gen --count 0 --assessments
	assert_success
	assert_output "$ASSESS_HEADER"
}

@test "gen: the same seed gives the same output, another seed other output" {
	a=$(swt-gen -n 500 --seed 7 | sha256sum)
	b=$(swt-gen -n 500 --seed 7 | sha256sum)
	c=$(swt-gen -n 500 --seed 8 | sha256sum)
	d=$(swt-gen -n 500 | sha256sum)
	e=$(swt-gen -n 500 --seed 1 | sha256sum)
	[ "$a" = "$b" ]
	[ "$a" != "$c" ]
	[ "$d" = "$e" ]
	[ "$(swt-gen -n 500 --seed 7 --assessments | sha256sum)" = "$(swt-gen -n 500 --seed 7 --assessments | sha256sum)" ]
	[ "$(swt-gen -n 500 --seed 7 --assessments | sha256sum)" != "$(swt-gen -n 500 --seed 8 --assessments | sha256sum)" ]
}

@test "gen: record i is the same whatever the count" {
	[ "$(swt-gen -n 10 --seed 3)" = "$(swt-gen -n 2000 --seed 3 | head -n 11)" ]
	[ "$(swt-gen -n 1 --seed 3 --with-assessments)" = "$(swt-gen -n 50 --seed 3 --with-assessments | head -n 2)" ]
	# and the assessments of the first requests are those of a longer run
	short=$(swt-gen -n 100 --seed 3 --assessments | wc -l)
	[ "$(swt-gen -n 100 --seed 3 --assessments)" = "$(swt-gen -n 1000 --seed 3 --assessments | head -n "$short")" ]
}

@test "gen: refs are unique" {
	# 20000 requests, 20000 refs: a crash that writes nothing fails too
	[ "$(swt-gen -n 20000 | col ref | sort -u | wc -l)" = 20000 ]
}

@test "gen: every BSN passes the 11-proef, and one BSN is one person" {
	swt-gen -n 20000 --seed 5 >"$BATS_TEST_TMPDIR/r.tsv"
	run awk -F '\t' 'NR > 1 && $12 != "" {
		if (length($12) != 9 || $12 ~ /[^0-9]/) { print "not 9 digits: " $12; next }
		s = 0
		for (i = 1; i <= 8; i++) s += substr($12, i, 1) * (10 - i)
		s -= substr($12, 9, 1)
		if (s % 11 != 0 || s == 0) print "fails the 11-proef: " $12
	}' "$BATS_TEST_TMPDIR/r.tsv"
	assert_success
	assert_output ""
	# a repeat client has the same birth date, postcode and name (and district)
	run sh -c "awk -F '\t' 'NR > 1 && \$12 != \"\" { print \$12 \"\t\" \$13 \"\t\" \$14 \"\t\" \$15 \"\t\" \$9 }' '$BATS_TEST_TMPDIR/r.tsv' | sort -u | cut -f1 | uniq -d"
	assert_success
	assert_output ""
}

@test "gen: about 3% anonymous, about 10% repeat clients" {
	swt-gen -n 20000 >"$BATS_TEST_TMPDIR/r.tsv"
	anon=$(col bsn <"$BATS_TEST_TMPDIR/r.tsv" | grep -c '^$')
	named=$(col bsn <"$BATS_TEST_TMPDIR/r.tsv" | grep -c .)
	people=$(col bsn <"$BATS_TEST_TMPDIR/r.tsv" | grep . | sort -u | wc -l)
	repeat=$((named - people))
	echo "anonymous $anon, repeats $repeat"
	[ "$anon" -gt 400 ] && [ "$anon" -lt 800 ]
	[ "$repeat" -gt 1500 ] && [ "$repeat" -lt 2500 ]
	# and no person fields on an anonymous request
	run awk -F '\t' 'NR > 1 && $12 == "" && $13$14$15 != ""' "$BATS_TEST_TMPDIR/r.tsv"
	assert_output ""
}

@test "gen: the waiting list: a late intake is 42 to 182 days on, none after --to" {
	swt-gen -n 4000 --seed 5 --from 2022-01-01 --to 2023-12-31 --with-assessments >"$BATS_TEST_TMPDIR/r.tsv"
	# columns: received_at 2, intake_at 16; the days between in awk
	run awk -F '\t' -v to=2023-12-31 '
	function day(s,  y, m, d) { y = substr(s, 1, 4); m = substr(s, 6, 2) + 0
		d = substr(s, 9, 2) + 0; if (m < 3) { y--; m += 12 }
		d += int((153 * (m - 3) + 2) / 5)
		return 365 * y + int(y / 4) - int(y / 100) + int(y / 400) + d }
	NR > 1 { w = $16 == "" ? -1 : day($16) - day($2)
		if (w > 16 && (w < 42 || w > 182)) print "waited " w ": " $2 " " $16
		if (w > 16 && $16 > to) print "late intake after --to: " $0
		if (w < 0 && day(to) - day($2) >= 182) print "still waiting: " $2
		if (w < 0) none++; else if (w > 16) late++; else soon++ }
	END { if (!late || !none) print "late " late ", none " none
		if (soon < 0.8 * (NR - 1)) print "soon only " soon }' "$BATS_TEST_TMPDIR/r.tsv"
	assert_output ""
}

@test "gen: dates within --from and --to, birth before received_at" {
	swt-gen -n 3000 --from 2023-03-01 --to 2023-03-31 --with-assessments >"$BATS_TEST_TMPDIR/r.tsv"
	[ "$(col received_at <"$BATS_TEST_TMPDIR/r.tsv" | sort | head -n 1)" \> 2023-02-28 ]
	[ "$(col received_at <"$BATS_TEST_TMPDIR/r.tsv" | sort | tail -n 1)" \< 2023-04-01 ]
	[ "$(col received_at <"$BATS_TEST_TMPDIR/r.tsv" | sort -u | wc -l)" = 31 ]
	assert_equal "$(col ref <"$BATS_TEST_TMPDIR/r.tsv" | cut -c1-9 | sort -u)" SWT-2023-
	# columns: received_at 2, birth_date 13, intake_at 16, assessed_at 17
	run awk -F '\t' 'NR > 1 {
		if ($13 != "" && $13 >= $2) print "born after received: " $0
		if ($16 != "" && $16 < $2) print "intake before received: " $0
		if ($17 != "" && $17 < $16) print "assessed before intake: " $0
		if (($16 == "") != ($17 == "")) print "half an assessment: " $0
	}' "$BATS_TEST_TMPDIR/r.tsv"
	assert_output ""
	# a Dutch date and a one-day period
	run sh -c 'swt-gen -n 50 --from 07-03-2024 --to 2024-03-07 | tail -n +2 | cut -f2 | sort -u'
	assert_output 2024-03-07
}

@test "gen: bad dates, counts and combinations are usage errors" {
	run swt-gen --from 2024-02-30
	assert_failure 2
	assert_output --partial "swt-gen: --from: '2024-02-30' is not a date"
	run swt-gen --to morgen
	assert_failure 2
	assert_output --partial "--to: 'morgen' is not a date"
	run swt-gen --from 2024-06-01 --to 2024-05-31
	assert_failure 2
	assert_output --partial "--from 2024-06-01 is after --to 2024-05-31"
	run swt-gen --from 1900-01-01
	assert_failure 2
	assert_output --partial "not between 1950-01-01 and 2199-12-31"
	run swt-gen -n -5
	assert_failure 2
	assert_output --partial "-n: '-5' is not a whole number"
	run swt-gen -n 12x
	assert_failure 2
	run swt-gen --seed ''
	assert_failure 2
	assert_output --partial "--seed: '' is not a whole number"
	run swt-gen --assessments --with-assessments
	assert_failure 2
	assert_output --partial "exclude each other"
	run swt-gen --semicolon --json
	assert_failure 2
	assert_output --partial "--semicolon: only with --csv"
	run swt-gen --dry-run
	assert_failure 2
	assert_output --partial "usage: swt-gen"
	run swt-gen requests.tsv
	assert_failure 2
	assert_output --partial "takes no file"
}

@test "gen: --help and --version" {
	run swt-gen --help
	assert_success
	assert_line --index 0 --partial "usage: swt-gen [-q] [-d db] [-n count]"
	run swt-gen -V
	assert_success
	assert_output --regexp '^swt-gen \(swt\) [0-9]'
}

@test "gen: codes fit together: service and law, kinds, ages" {
	swt-gen -n 20000 >"$BATS_TEST_TMPDIR/r.tsv"
	# over 25 years too: ages are those on the day of each request
	swt-gen -n 20000 --from 2000-01-01 --to 2024-12-31 | sed 1d >>"$BATS_TEST_TMPDIR/r.tsv"
	# columns: kind 3, law 6, service 7, birth_date 13, received_at 2
	run awk -F '\t' '
	BEGIN {
		law["materieel"] = law["psychosociaal"] = "wmo"
		law["thuisondersteuning"] = law["beschermd_wonen"] = "wmo"
		law["jeugdhulp"] = "jeugdwet"; law["participatie"] = "participatiewet"
		law["leerplicht"] = law["rmc"] = "leerplichtwet"
	}
	NR > 1 {
		if (law[$7] != $6) print "service " $7 " with law " $6
		if (($3 == "verzuimmelding" || $3 == "vsv_melding") && $6 != "leerplichtwet")
			print $3 " under " $6
		if ($13 != "") {
			age = substr($2, 1, 4) - substr($13, 1, 4)
			if (($7 == "jeugdhulp" || $7 == "leerplicht") && age > 19)
				print $7 " at " age
			if ($6 == "wmo" && age < 18) print $7 " at " age
		}
	}' "$BATS_TEST_TMPDIR/r.tsv"
	assert_success
	refute_output --partial " under "
	refute_output --partial " with law "
	refute_output --partial " at "
	# every service turns up; psychosociaal is the biggest, rmc the smallest
	[ "$(col service <"$BATS_TEST_TMPDIR/r.tsv" | sort -u | wc -l)" = 8 ]
	[ "$(col service <"$BATS_TEST_TMPDIR/r.tsv" | sort | uniq -c | sort -n | tail -n 1 | awk '{ print $2 }')" = psychosociaal ]
	[ "$(col service <"$BATS_TEST_TMPDIR/r.tsv" | sort | uniq -c | sort -n | head -n 1 | awk '{ print $2 }')" = rmc ]
	[ "$(col district <"$BATS_TEST_TMPDIR/r.tsv" | sort -u | tr '\n' ' ')" = "midden noord oost west zuid " ]
}

@test "gen: swt-intake stores 2000 requests, then their assessments, with no rejections" {
	run sh -c 'swt-gen -n 2000 --seed 11 | swt-intake > /dev/null'
	assert_success
	assert_output --partial "2000 read, 2000 new, 0 updated, 0 unchanged, 0 rejected"
	[ "$(q 'select count(*) from request')" = 2000 ]
	n=$(swt-gen -n 2000 --seed 11 --assessments | tail -n +2 | wc -l)
	# a year's requests: the waiting list is only at its end (man page)
	[ "$n" -gt 1850 ] && [ "$n" -lt 1950 ]
	run sh -c 'swt-gen -n 2000 --seed 11 --assessments | swt-intake > /dev/null'
	assert_success
	assert_output --partial "$n read, 0 new, $n updated, 0 unchanged, 0 rejected"
	[ "$(q "select count(*) from request where status = 'assessed'")" = "$n" ]
	[ "$(q "select count(*) from request where intake_at < received_at or assessed_at < intake_at")" = 0 ]
	[ "$(q "select count(*) from request where assessed_at is not null and zrm is null and life_domain != 'financien'")" -lt 40 ]
	[ "$(q "select count(*) from request where zrm is null and life_domain = 'financien' and financial is not null")" -gt 0 ]
	[ "$(q "select count(distinct client_id) from request")" -lt 2000 ]
}

@test "gen: --with-assessments is one stream that swt-intake stores whole" {
	run sh -c 'swt-gen -n 2000 --with-assessments | swt-intake > /dev/null'
	assert_success
	assert_output --partial "2000 read, 2000 new, 0 updated, 0 unchanged, 0 rejected"
	n=$(swt-gen -n 2000 --with-assessments | col assessed_at | grep -c .)
	[ "$(q "select count(*) from request where status = 'assessed'")" = "$n" ]
	[ "$(q "select count(*) from request where status = 'open'")" = $((2000 - n)) ]
	# the same requests and assessments as the two runs apart
	[ "$(swt-gen -n 200 --with-assessments | cut -f1-15)" = "$(swt-gen -n 200)" ]
	run bash -c "diff <(swt-gen -n 200 --with-assessments | awk -F '\t' 'NR == 1 || \$17 != \"\"' | cut -f1,16-) <(swt-gen -n 200 --assessments)"
	assert_success
}

@test "gen: --csv --semicolon is read back by swt-intake as the TSV is" {
	swt-gen -n 3000 --with-assessments --csv --semicolon >"$BATS_TEST_TMPDIR/r.csv"
	head -n 1 "$BATS_TEST_TMPDIR/r.csv" | grep -q '^ref;received_at;kind;'
	# summaries with quotes are quoted, with the quotes doubled
	grep -q '"[^;]*""[^;]*"";' "$BATS_TEST_TMPDIR/r.csv"
	run swt-intake "$BATS_TEST_TMPDIR/r.csv"
	assert_success
	assert_output --partial "3000 read, 3000 new"
	csv=$(q 'select ref, received_at, summary, zrm, flags from request order by ref')
	export SWT_DB="$BATS_TEST_TMPDIR/tsv.db"
	swt-gen -n 3000 --with-assessments | swt-intake -q >/dev/null
	[ "$(q 'select ref, received_at, summary, zrm, flags from request order by ref')" = "$csv" ]
	# and plain CSV, with commas inside quotes
	export SWT_DB="$BATS_TEST_TMPDIR/csv.db"
	swt-gen -n 3000 --with-assessments --csv >"$BATS_TEST_TMPDIR/c.csv"
	grep -q '"[^"]*, [^"]*"' "$BATS_TEST_TMPDIR/c.csv"
	run swt-intake "$BATS_TEST_TMPDIR/c.csv"
	assert_success
	[ "$(q 'select ref, received_at, summary, zrm, flags from request order by ref')" = "$csv" ]
}

@test "gen: --json writes one JSON object per line, the same values" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	swt-gen -n 300 --with-assessments --json >"$BATS_TEST_TMPDIR/r.json"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/r.json")" = 300 ]
	run python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    o = json.loads(line)
    assert isinstance(o, dict) and len(o) == 27, line
    n += 1
print(n, o["ref"])
' "$BATS_TEST_TMPDIR/r.json"
	assert_success
	assert_output "300 SWT-2024-0000300"
	assert_equal "$(head -n 1 "$BATS_TEST_TMPDIR/r.json" | python3 -c 'import json, sys; print(json.load(sys.stdin)["summary"])')" \
	    "$(swt-gen -n 1 | col summary)"
}

@test "gen: a closed pipe stops it quietly; a full disk is an error" {
	run sh -c 'swt-gen -n 1000000 | head -n 2'
	assert_success
	[ "${#lines[@]}" = 2 ]
	if [ -w /dev/full ]; then
		run sh -c 'swt-gen -n 100000 >/dev/full'
		assert_failure 3
		assert_output --partial "write error"
	fi
}

# A caseload of n requests, assessed and triaged, decided on the day of
# the assessment as a team would have.
caseload() {
	swt-gen -n "$1" --seed 7 >"$BATS_TEST_TMPDIR/r.tsv"
	swt-intake -q "$BATS_TEST_TMPDIR/r.tsv" >/dev/null
	swt-gen -n "$1" --seed 7 --assessments | swt-intake -q >/dev/null
	swt-triage --pending | awk -F '\t' -v OFS='\t' '
	    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print $0, "decided_at"; next }
	    { print $0, $c["assessed_at"] }' | swt-triage -q --commit >/dev/null
}

@test "gen: --follow-up partners writes providers swt-refer loads" {
	run swt-gen --follow-up partners
	assert_success
	assert_line --index 0 $'partner_id\tname\ttier\tdomains\tdistricts\tresponse_days\tstart_days'
	run sh -c 'swt-gen --follow-up partners | swt-refer --load-partners'
	assert_success
	[ "$(q "select count(*) from partner where tier = 'aanbieder' and name like '%(synthetisch)'")" -ge 5 ]
}

@test "gen: --follow-up referrals follow the decisions, and swt-refer stores them all" {
	caseload 1500
	swt-gen --follow-up partners | swt-refer -q --load-partners >/dev/null
	swt-gen --follow-up referrals --to 2025-03-31 >"$BATS_TEST_TMPDIR/x.tsv"
	n=$(($(wc -l <"$BATS_TEST_TMPDIR/x.tsv") - 1))
	[ "$n" -gt 300 ]
	run swt-refer --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$BATS_TEST_TMPDIR/x.tsv"
	assert_success
	[ ! -s "$BATS_TEST_TMPDIR/rej.tsv" ] || { cat "$BATS_TEST_TMPDIR/rej.tsv"; false; }
	[ "$(q 'select count(*) from referral')" = "$n" ]
	# each lifecycle state is there, toewijzen with a product of its law
	for st in sent accepted rejected started ended withdrawn; do
		[ "$(q "select count(*) from referral where status = '$st'")" -gt 0 ] || { echo "no $st"; false; }
	done
	[ "$(q "select count(*) from referral x join request r using (request_id)
	    where x.kind = 'toewijzen' and r.law in ('wmo', 'jeugdwet') and
	    (x.product is null or x.product not in (select code from code
	    where list = 'product' and law = r.law))")" = 0 ]
	# only routed requests are referred: none on advies
	[ "$(q "select count(*) from referral x join decision d using (request_id) where d.route = 'advies'")" = 0 ]
}

@test "gen: --follow-up referrals of a request with no life domain: only a partner for any, and it ends" {
	# registered by hand, with no life_domain: a partner that names its
	# domains serves none of it, one that names none serves it
	printf '%s\n' 'ref,received_at,law,kind,district,intake_at' \
	    'X1,2024-01-02,wmo,vraag,zuid,2024-01-03' | swt-intake -q >/dev/null
	q "INSERT INTO decision (request_id, recommended_route, route, decided_by,
	    decided_at) SELECT request_id, 'maatwerk', 'maatwerk', 's1',
	    '2024-01-10' FROM request WHERE ref = 'X1'"
	swt-gen --follow-up partners | swt-refer -q --load-partners >/dev/null
	# (it went round for ever in the first partner that names its domains)
	run timeout 60 swt-gen --follow-up referrals --to 2025-03-31
	assert_success
	assert_line --index 0 --partial $'ref\treferral_ref\tkind\tpartner'
	p=$(awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    $c["kind"] == "toewijzen" { print $c["partner"] }' <<<"$output")
	[ -z "$p" ] || [ "$(q "select domains from partner where partner_id = '$p'")" = "" ]
}

@test "gen: --follow-up is the same for a seed and a day, and stops at --to" {
	caseload 400
	for w in referrals terms contacts closures plans; do
		a=$(swt-gen --follow-up $w --seed 3 --to 2025-01-31 | sha256sum)
		b=$(swt-gen --follow-up $w --seed 3 --to 2025-01-31 | sha256sum)
		[ "$a" = "$b" ]
	done
	# nothing after the day it is told up to
	last=$(swt-gen --follow-up contacts --to 2024-06-30 | col date | sort | tail -n 1)
	[[ "$last" < "2024-07-01" && "$last" > "2024-06-01" ]]
	last=$(swt-gen --follow-up closures --to 2024-06-30 | col closed_at | sort | tail -n 1)
	[[ "$last" < "2024-07-01" && "$last" > "2024-06-01" ]]
}

@test "gen: --follow-up contacts: eigen inzet mostly within 15, some over" {
	caseload 2000
	swt-gen --follow-up contacts --to 2025-06-30 >"$BATS_TEST_TMPDIR/c.tsv"
	# contacts per request on eigen_inzet, after its decision
	over=$(awk -F '\t' 'NR > 1 && $4 != "leun_steun" { n[$1]++ }
	    END { for (r in n) print r "\t" n[r] }' "$BATS_TEST_TMPDIR/c.tsv" |
	    sort >"$BATS_TEST_TMPDIR/n.tsv"
	    q "select r.ref from request r join decision d using (request_id) where d.route = 'eigen_inzet'" | sort |
	    join -t "$(printf '\t')" - "$BATS_TEST_TMPDIR/n.tsv" | awk -F '\t' '
	    { t++; if ($2 > 16) o++ } END { printf "%d %d\n", t, o }')
	set -- $over
	[ "$1" -gt 100 ]
	# 5 to 10 % over the limit (the intake conversation counts one more)
	[ $(($2 * 100 / $1)) -ge 3 ] && [ $(($2 * 100 / $1)) -le 12 ]
	# every kind of contact appears
	for k in gesprek huisbezoek telefonisch digitaal mdo leun_steun; do
		grep -q "	$k	" "$BATS_TEST_TMPDIR/c.tsv" || { echo "no $k"; false; }
	done
}

@test "gen: --follow-up closures and plans keep their order: contact, closure, plan" {
	caseload 1000
	swt-gen --follow-up contacts --to 2025-03-31 >"$BATS_TEST_TMPDIR/c.tsv"
	swt-gen --follow-up closures --to 2025-03-31 >"$BATS_TEST_TMPDIR/z.tsv"
	# no contact after its request is closed
	run awk -F '\t' 'FNR == 1 { next } NR == FNR { z[$1] = $2; next }
	    ($1 in z) && $3 > z[$1] { print; bad = 1 } END { exit bad }' \
	    "$BATS_TEST_TMPDIR/z.tsv" "$BATS_TEST_TMPDIR/c.tsv"
	assert_success
	# in time every decided request closes, care that never started too
	[ "$(swt-gen --follow-up closures --to 2026-06-30 | tail -n +2 | wc -l)" = "$(q 'select count(distinct request_id) from decision')" ]
	swt-gen --follow-up plans --to 2025-03-31 >"$BATS_TEST_TMPDIR/p.tsv"
	# a plan is evaluated after it opened, closed after its evaluation;
	# ZRM scores within 1 to 5
	run awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    $c["opened_at"] != "" { o[$1] = $c["opened_at"]; e[$1] = $c["evaluated_at"] }
	    $c["evaluated_at"] != "" && $c["evaluated_at"] < o[$1] { print "eval", $0; bad = 1 }
	    $c["closed_at"] != "" && ($c["closed_at"] < o[$1] || $c["closed_at"] < e[$1]) { print "closed", $0; bad = 1 }
	    { for (f in c) if (f ~ /^zrm_/ && $c[f] != "" && ($c[f] < 1 || $c[f] > 5)) { print f, $0; bad = 1 } }
	    END { exit bad }' "$BATS_TEST_TMPDIR/p.tsv"
	assert_success
}

@test "gen: --follow-up staff: the staff the requests name, with FTE; swt-db loads them all" {
	run swt-gen --follow-up staff
	assert_success
	assert_line --index 0 $'staff_id\tname\tdistrict\tfte'
	assert_line --partial $'m.jansen\tM. Jansen\tmidden\t'
	[ "${#lines[@]}" = 21 ]
	# every staff id a generated request names is among them
	swt-gen -n 300 --seed 7 >"$BATS_TEST_TMPDIR/r.tsv"
	for s in $(col staff <"$BATS_TEST_TMPDIR/r.tsv" | sort -u); do
		grep -q "^$s"$'\t' <<<"$output" || { echo "no $s"; false; }
	done
	run sh -c 'swt-gen --follow-up staff | swt-db load-staff --rejects "$1"' sh "$BATS_TEST_TMPDIR/rej.tsv"
	assert_success
	[ ! -s "$BATS_TEST_TMPDIR/rej.tsv" ]
	[ "$(q 'select count(*) from staff')" = 20 ]
	[ "$(q 'select count(*) from staff where fte between 0.6 and 1.0')" -ge 14 ]
	[ "$(q 'select count(*) from staff where fte < 0.1 or fte > 1.5')" = 0 ]
}

@test "gen: --follow-up complaints: about 1 in 150 requests, after it; swt-db loads them all" {
	caseload 1500
	swt-gen --follow-up complaints --to 2025-06-30 >"$BATS_TEST_TMPDIR/k.tsv"
	n=$(($(wc -l <"$BATS_TEST_TMPDIR/k.tsv") - 1))
	[ "$n" -ge 4 ] && [ "$n" -le 25 ]
	run swt-db load-complaints --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$BATS_TEST_TMPDIR/k.tsv"
	assert_success
	[ ! -s "$BATS_TEST_TMPDIR/rej.tsv" ] || { cat "$BATS_TEST_TMPDIR/rej.tsv"; false; }
	[ "$(q 'select count(*) from complaint where client_id is not null')" = "$n" ]
	[ "$(q "select count(*) from complaint c join request r using (client_id)
	    where c.ref = 'K-' || r.ref and c.received_at <= r.received_at")" = 0 ]
	[ "$(q "select count(*) from complaint where admissible = 'yes'")" -gt 0 ]
	[ "$(q 'select count(*) from complaint where resolved_at <= date(received_at, "+42 days")')" -gt 0 ]
	# the same for a seed and a day, and nothing after --to
	[ "$(swt-gen --follow-up complaints --to 2025-06-30 | sha256sum)" = "$(sha256sum <"$BATS_TEST_TMPDIR/k.tsv")" ]
	last=$(swt-gen --follow-up complaints --to 2024-09-30 | col resolved_at | sort | tail -n 1)
	[[ ! $last > 2024-09-30 ]]
}

@test "gen: --follow-up usage errors" {
	run swt-gen --follow-up nothing
	assert_failure 2
	assert_output --partial "--follow-up: 'nothing' is none of partners"
	run swt-gen --follow-up referrals -n 5
	assert_failure 2
	assert_output --partial "takes no -n"
	run swt-gen -d x.db
	assert_failure 3
	assert_output --partial "no database 'x.db'"
	run swt-gen --follow-up referrals -d "$BATS_TEST_TMPDIR/none.db"
	assert_failure 3
	assert_output --partial "no database"
}
