#!/usr/bin/env bats
# swt-triage: the mandate's decision table as data, every decision explained

load test_helper/common

q() { sqlite3 -batch -noheader "$SWT_DB" "$1"; }
A="$FIX/triage/assessed.tsv"

# the value of field $2 on the record whose ref is $1, in TSV on stdin
field() {
	awk -F '\t' -v ref="$1" -v f="$2" '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["ref"] == ref { print $c[f] }'
}

rules() {
	cat >"$BATS_TEST_TMPDIR/rules"
	echo "$BATS_TEST_TMPDIR/rules"
}

# a minimal valid rules file with one rule whose condition is $1
one_rule() {
	rules <<EOF
version test-1
route_regie advies inwoner
route_regie sociale_basis inwoner
route_regie eigen_inzet swt
route_regie maatwerk aanbieder
rule r1
	when $1
	route maatwerk
	source 0.0
	reason test
EOF
}

@test "triage: the shipped rules file is valid" {
	run swt-triage --check-rules
	assert_success
	assert_output --partial "15 rules, version zwolle-2023.1: ok"
}

@test "triage: appends route, regie, reasons and the rules version" {
	run swt-triage -q --tsv "$A"
	assert_success
	assert_line --index 0 "$(printf 'ref\teigen_kolom\tlaw\tservice\tlife_domain\tzrm\texpected_contacts\tspecialist_knowledge\tdevelopment_potential\tlong_term\tparties_involved\tparticipation\tfinancial\tflags\tstatushouder\trecommended_route\troute\tregie\treasons\trules_version')"
	assert_line --index 1 "$(printf 'T1\ta\twmo\tpsychosociaal\tsociaal_netwerk\t4\t2\tnee\t\t\t1\t\t\t\t\tsociale_basis\tsociale_basis\tinwoner\tzrm4\tzwolle-2023.1')"
	[ "${#lines[@]}" -eq 7 ]
}

@test "triage: route is the heaviest minimum, the deciding rule first" {
	out=$(swt-triage -q "$A")
	[ "$(field T2 route <<<"$out")" = maatwerk ]
	[ "$(field T2 reasons <<<"$out")" = "zrm12|specialist|stagnates|risk|many_parties" ]
	[ "$(field T6 route <<<"$out")" = maatwerk ]
	[ "$(field T6 reasons <<<"$out")" = "access_only|zrm3|ipa" ]
}

@test "triage: regie is ipa, then swt for several parties, else by route" {
	out=$(swt-triage -q "$A")
	[ "$(field T6 regie <<<"$out")" = ipa ]
	[ "$(field T2 regie <<<"$out")" = swt ]
	[ "$(field T1 regie <<<"$out")" = inwoner ]
	[ "$(field T5 regie <<<"$out")" = inwoner ]
}

@test "triage: too little to decide on is written with the missing fields" {
	run swt-triage "$A"
	assert_success
	assert_output --partial "6 read, 4 routed, 2 incomplete, 0 overridden, 0 rejected"
	out=$(swt-triage -q "$A")
	[ "$(field T3 reasons <<<"$out")" = "incomplete: zrm" ]
	[ "$(field T3 route <<<"$out")" = "" ]
	[ "$(field T3 regie <<<"$out")" = "" ]
	[ "$(field T4 reasons <<<"$out")" = "incomplete: financial" ]
	[ "$(field T5 route <<<"$out")" = sociale_basis ]
}

@test "triage: values outside their code lists are rejected, the rest flows" {
	printf 'ref\tlaw\tlife_domain\tzrm\tflags\nR1\twmo\tsociaal_netwerk\t7\t\nR2\twmo\tsociaal_netwerk\t4\t\nR3\twmo\tsociaal_netwerk\t4\tboos\nR4\twmw\tsociaal_netwerk\t4\t\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run swt-triage -q --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$BATS_TEST_TMPDIR/in.tsv"
	assert_failure 1
	assert_line "swt-triage: $BATS_TEST_TMPDIR/in.tsv:2: zrm: '7' is not a ZRM score 1-5"
	assert_line "swt-triage: $BATS_TEST_TMPDIR/in.tsv:4: flags: 'boos' is not a risk flag (see swt-db codes flag)"
	assert_line --partial "in.tsv:5: law: 'wmw' is not a law code"
	assert_line --partial "R2	wmo	sociaal_netwerk	4		sociale_basis"
	run cat "$BATS_TEST_TMPDIR/rej.tsv"
	assert_line --index 0 "$(printf 'ref\tlaw\tlife_domain\tzrm\tflags\terror')"
	assert_line --index 1 "$(printf "R1\twmo\tsociaal_netwerk\t7\t\tzrm: '7' is not a ZRM score 1-5")"
	[ "${#lines[@]}" -eq 4 ]
}

@test "triage: a ragged line is rejected with its line number" {
	printf 'ref,zrm\nX1,4\nX2,4,extra\nX3,5\n' >"$BATS_TEST_TMPDIR/in.csv"
	run swt-triage -q --tsv "$BATS_TEST_TMPDIR/in.csv"
	assert_failure 1
	assert_line --partial "in.csv:3: 3 fields where the header has 2"
	assert_line --partial "X3	5	advies"
}

@test "triage: a header with a name twice or without a name is refused, its line named" {
	printf 'ref\tzrm\tlife_domain\tZRM\nX1\t4\tsociaal_netwerk\t5\n' >"$BATS_TEST_TMPDIR/twice.tsv"
	run swt-triage -q "$A" "$BATS_TEST_TMPDIR/twice.tsv"
	assert_failure 3
	assert_line "swt-triage: $BATS_TEST_TMPDIR/twice.tsv:1: header: field 'zrm' appears twice"
	refute_line --partial X1
	printf '\nref,zrm,,life_domain\nX2,4,x,sociaal_netwerk\n' >"$BATS_TEST_TMPDIR/empty.csv"
	run swt-triage -q "$BATS_TEST_TMPDIR/empty.csv"
	assert_failure 3
	assert_line "swt-triage: $BATS_TEST_TMPDIR/empty.csv:2: header: field 3 has no name"
	refute_output --partial X2
	# with --commit, nothing is stored
	printf 'ref,received_at\nX1,2024-01-02\n' | swt-intake -q >/dev/null
	run swt-triage -q --commit "$BATS_TEST_TMPDIR/twice.tsv"
	assert_failure 3
	assert_line "swt-triage: $BATS_TEST_TMPDIR/twice.tsv:1: header: field 'zrm' appears twice"
	[ "$(q 'select count(*) from decision')" = 0 ]
}

@test "triage: a professional's route that differs needs override_reason" {
	printf 'ref\tlife_domain\tzrm\troute\toverride_reason\nO1\tsociaal_netwerk\t2\teigen_inzet\t\nO2\tsociaal_netwerk\t2\teigen_inzet\tgezin wil het zelf, school helpt mee\nO3\tsociaal_netwerk\t2\tmaatwerk\t\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run swt-triage --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$BATS_TEST_TMPDIR/in.tsv"
	assert_failure 1
	assert_line --partial "in.tsv:2: route: 'eigen_inzet' differs from the recommended 'maatwerk': give an override_reason (pas toe en leg uit)"
	assert_line --partial "3 read, 2 routed, 0 incomplete, 1 overridden, 1 rejected"
	out=$(swt-triage -q "$BATS_TEST_TMPDIR/in.tsv" 2>/dev/null || true)
	[ "$(field O2 recommended_route <<<"$out")" = maatwerk ]
	[ "$(field O2 route <<<"$out")" = eigen_inzet ]
	[ "$(field O2 regie <<<"$out")" = swt ]
	[ "$(field O2 override_reason <<<"$out")" = "gezin wil het zelf, school helpt mee" ]
	[ "$(field O3 route <<<"$out")" = maatwerk ]
	grep -q "^O1	" "$BATS_TEST_TMPDIR/rej.tsv"
}

@test "triage: a route on an incomplete record needs a reason too; spaces are none" {
	printf 'ref\tlife_domain\tzrm\troute\toverride_reason\nI1\tsociaal_netwerk\t\tmaatwerk\t\nI2\tsociaal_netwerk\t\tmaatwerk\tcrisis, wachten kan niet\nI3\tsociaal_netwerk\t2\teigen_inzet\t  \n' >"$BATS_TEST_TMPDIR/in.tsv"
	run swt-triage -q --tsv "$BATS_TEST_TMPDIR/in.tsv"
	assert_failure 1
	assert_line --partial "in.tsv:2: route: 'maatwerk' is given, but the rules recommend nothing (incomplete: zrm): give an override_reason"
	assert_line --partial "in.tsv:4: route: 'eigen_inzet' differs from the recommended 'maatwerk'"
	out=$(swt-triage -q "$BATS_TEST_TMPDIR/in.tsv" 2>/dev/null || true)
	[ "$(field I2 route <<<"$out")" = maatwerk ]
	[ "$(field I2 reasons <<<"$out")" = "incomplete: zrm" ]
	# stored with its reason
	printf 'ref,received_at\nI2,2024-01-02\n' | swt-intake -q >/dev/null
	swt-triage -q --commit "$BATS_TEST_TMPDIR/in.tsv" >/dev/null 2>&1 || true
	[ "$(q "select route || '|' || override_reason from decision")" = "maatwerk|crisis, wachten kan niet" ]
	run script -qec "swt-triage -q --explain $BATS_TEST_TMPDIR/in.tsv" /dev/null
	assert_output --partial "I2 ($BATS_TEST_TMPDIR/in.tsv:3): onvolledig: zrm ontbreekt; route maatwerk, regie aanbieder"
	assert_output --partial "! afgeweken: maatwerk (pas toe en leg uit): crisis, wachten kan niet"
}

@test "triage: text --explain escapes control characters from the input" {
	printf 'ref\tlife_domain\tzrm\troute\toverride_reason\nE1\tsociaal_netwerk\t2\teigen_inzet\tzie \033[2J hier\n' >"$BATS_TEST_TMPDIR/esc.tsv"
	run script -qec "swt-triage -q --explain $BATS_TEST_TMPDIR/esc.tsv" /dev/null
	assert_output --partial 'zie \x1b[2J hier'
	refute_output --partial "$(printf '\033')"
}

@test "triage: a route that is not a route is rejected" {
	printf 'ref\tzrm\tlife_domain\troute\nB1\t4\tsociaal_netwerk\tzwaar\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run swt-triage -q "$BATS_TEST_TMPDIR/in.tsv"
	assert_failure 1
	assert_output --partial "route: 'zwaar' is not a route"
	# a BSN in the wrong column is not shown, here or for an unknown ref
	printf 'ref\tzrm\tlife_domain\troute\n999993847\t4\tsociaal_netwerk\t999992077\n999993847\t4\tsociaal_netwerk\t\n' >"$BATS_TEST_TMPDIR/bsn.tsv"
	swt-db -q init
	run swt-triage -q --commit "$BATS_TEST_TMPDIR/bsn.tsv"
	assert_output --partial "route: the value (hidden: personal data) is not a route"
	assert_output --partial "ref: the value (hidden: personal data) is not a registered request"
	refute_output --partial 99999
}

@test "triage: its own output triaged again is the same" {
	swt-triage -q "$A" >"$BATS_TEST_TMPDIR/once.tsv"
	swt-triage -q "$BATS_TEST_TMPDIR/once.tsv" >"$BATS_TEST_TMPDIR/twice.tsv"
	cmp "$BATS_TEST_TMPDIR/once.tsv" "$BATS_TEST_TMPDIR/twice.tsv"
}

@test "triage: person fields are dropped unless --show-pii" {
	printf 'ref,bsn,name,life_domain,zrm\nP1,999993847,Willem Brands,sociaal_netwerk,4\n' >"$BATS_TEST_TMPDIR/in.csv"
	run swt-triage -q --tsv "$BATS_TEST_TMPDIR/in.csv"
	assert_success
	refute_output --partial 999993847
	refute_output --partial Willem
	run swt-triage -q --tsv --show-pii "$BATS_TEST_TMPDIR/in.csv"
	assert_output --partial "P1	999993847	Willem Brands"
	# with the database at hand, the display is logged there
	printf 'ref,received_at\nP1,2024-01-02\n' | swt-intake -q >/dev/null
	run swt-triage -q --tsv --commit "$BATS_TEST_TMPDIR/in.csv"
	assert_success
	assert_line --index 1 --partial "P1	sociaal_netwerk	4	sociale_basis"
	refute_output --partial 999993847
	[ "$(q "select count(*) from decision")" = 1 ]
	[ "$(q "select count(*) from audit where action = 'display'")" = 0 ]
	run swt-triage -q --tsv --commit --show-pii "$BATS_TEST_TMPDIR/in.csv"
	assert_success
	[ "$(q "select count(*) from audit where action = 'display'")" = 1 ]
}

@test "triage: CSV fields with quotes, delimiters and newlines pass through" {
	printf 'ref,summary,zrm,life_domain\nQ1,"regel een\nregel twee\nregel drie",4,sociaal_netwerk\nQ2,"zegt ""nee"", wil wel",5,sociaal_netwerk\nQ3,gewoon,3,sociaal_netwerk\n' >"$BATS_TEST_TMPDIR/in.csv"
	run swt-triage -q --csv "$BATS_TEST_TMPDIR/in.csv"
	assert_success
	assert_line --index 1 'Q1,"regel een'
	assert_line --index 2 'regel twee'
	assert_line --index 3 'regel drie",4,sociaal_netwerk,sociale_basis,sociale_basis,inwoner,zrm4,zwolle-2023.1'
	assert_line --index 4 'Q2,"zegt ""nee"", wil wel",5,sociaal_netwerk,advies,advies,inwoner,zrm5,zwolle-2023.1'
	assert_line --index 5 'Q3,gewoon,3,sociaal_netwerk,eigen_inzet,eigen_inzet,swt,zrm3,zwolle-2023.1'
}

@test "triage: a field longer than the output buffer survives" {
	big=$(head -c 200000 /dev/zero | tr '\0' x)
	printf 'ref\tsummary\tzrm\tlife_domain\nL1\t%s\\t%s\t4\tsociaal_netwerk\nL2\t%s, "%s"\t5\tsociaal_netwerk\n' "$big" "$big" "$big" "$big" >"$BATS_TEST_TMPDIR/in.tsv"
	swt-triage -q "$BATS_TEST_TMPDIR/in.tsv" >"$BATS_TEST_TMPDIR/out.tsv"
	[ "$(sed -n 2p "$BATS_TEST_TMPDIR/out.tsv" | cut -f2)" = "$big\\t$big" ]
	[ "$(sed -n 2p "$BATS_TEST_TMPDIR/out.tsv" | cut -f5)" = sociale_basis ]
	# in CSV too: quoted, the tab kept, read back the same
	swt-triage -q --csv "$BATS_TEST_TMPDIR/in.tsv" >"$BATS_TEST_TMPDIR/out.csv"
	swt-triage -q "$BATS_TEST_TMPDIR/out.csv" >"$BATS_TEST_TMPDIR/back.tsv"
	cmp "$BATS_TEST_TMPDIR/out.tsv" "$BATS_TEST_TMPDIR/back.tsv"
	grep -q "^L1,xxx" "$BATS_TEST_TMPDIR/out.csv"
	grep -q "^L2,\"xxx.*, \"\"xxx" "$BATS_TEST_TMPDIR/out.csv"
}

@test "triage: --explain writes every matching rule with its reason and source" {
	run swt-triage -q --explain --tsv "$A"
	assert_success
	assert_line --index 0 "$(printf 'ref\tline\trule\troute\tregie\tdecides\tsource\treason')"
	assert_line --partial "T2	3	zrm12	maatwerk		yes	Bijlage 3	Ernstig beperkt in zelfredzaamheid"
	assert_line --partial "T2	3	many_parties		swt	yes	4.2.6, Bijlage 3	Meerdere partijen"
	assert_line --partial "T2	3	risk	maatwerk		no	3.1.3, Bijlage 3"
	assert_line "$(printf 'T3\t4\t\t\t\tno\t\tincomplete: zrm')"
}

@test "triage: --explain on a terminal reads as text" {
	run script -qec "swt-triage -q --explain $A" /dev/null
	assert_success
	assert_output --partial "T2 ($A:3): route maatwerk, regie swt"
	assert_output --partial "* zrm12: maatwerk (beslist) [002 Bijlage 3]"
	assert_output --partial "T3 ($A:4): onvolledig: zrm ontbreekt"
}

@test "triage: --test passes the shipped cases, the mandate's stories included" {
	run swt-triage --test "$SWT_SHARE/triage-cases.tsv"
	assert_success
	assert_output --partial "41 cases, 41 passed, 0 failed"
	for c in willem pascalle pepijn fatima ibrahim; do
		assert_line --regexp "^$c	.*	pass$"
	done
	# every default rule is the deciding or a matching rule of some case
	for id in $(awk '$1 == "rule" { print $2 }' "$SWT_SHARE/rules"); do
		grep -q -E "	([a-z0-9_|]*\|)?$id(\|[a-z0-9_|]*)?	" "$SWT_SHARE/triage-cases.tsv" ||
		    { echo "no case for rule $id"; false; }
	done
}

@test "triage: --test reports each mismatch with the rules that fired" {
	sed 's/^\troute  sociale_basis$/\troute  eigen_inzet/' "$SWT_SHARE/rules" >"$BATS_TEST_TMPDIR/rules"
	! cmp -s "$SWT_SHARE/rules" "$BATS_TEST_TMPDIR/rules"
	run swt-triage --rules "$BATS_TEST_TMPDIR/rules" --test "$SWT_SHARE/triage-cases.tsv"
	assert_failure 1
	assert_line --partial "triage-cases.tsv:3: case zrm4: route eigen_inzet, expected sociale_basis; regie swt, expected inwoner (rules that fired: zrm4)"
	assert_line --regexp "^willem	.*	fail$"
}

@test "triage: --test needs expected_route" {
	printf 'case\tzrm\nx\t4\n' >"$BATS_TEST_TMPDIR/c.tsv"
	run swt-triage --test "$BATS_TEST_TMPDIR/c.tsv"
	assert_failure 3
	assert_output --partial "expected_route: no such field"
}

@test "triage: --rules uses another file, its version goes with each record" {
	r=$(one_rule "zrm >= 1")
	sed -i 's/test-1/eigen-2/' "$r"
	out=$(swt-triage -q --rules "$r" "$A")
	[ "$(field T1 route <<<"$out")" = maatwerk ]
	[ "$(field T1 rules_version <<<"$out")" = eigen-2 ]
	[ "$(field T1 reasons <<<"$out")" = r1 ]
}

@test "triage: every matching rule is in reasons; a rules file may start with a BOM" {
	r=$(one_rule "zrm >= 1")
	for i in $(seq 10 30); do
		printf 'rule rule_with_a_long_name_number_%s\n\twhen zrm >= 1\n\troute advies\n\tsource 0.0\n\treason test\n' "$i" >>"$r"
	done
	out=$(swt-triage -q --rules "$r" "$A")
	[ "$(field T1 reasons <<<"$out" | tr '|' '\n' | wc -l)" -eq 22 ]
	printf '\xef\xbb\xbf' | cat - "$SWT_SHARE/rules" >"$BATS_TEST_TMPDIR/bom.rules"
	run swt-triage --check-rules --rules "$BATS_TEST_TMPDIR/bom.rules"
	assert_success
}

@test "triage: a database named lends its code lists, as a municipality changed them" {
	r=$(one_rule "flags has radicalisering")
	printf 'ref\tlife_domain\tzrm\tflags\nM1\tsociaal_netwerk\t4\tradicalisering\n' >"$BATS_TEST_TMPDIR/m.tsv"
	run env -u SWT_DB swt-triage -q --rules "$r" "$BATS_TEST_TMPDIR/m.tsv"
	assert_failure 3
	assert_output --partial "radicalisering"
	swt-db -q init
	q "insert into code (list, code, ord) values ('flag', 'radicalisering', 99)"
	out=$(swt-triage -q --rules "$r" "$BATS_TEST_TMPDIR/m.tsv")
	[ "$(field M1 route <<<"$out")" = maatwerk ]
	out=$(env -u SWT_DB swt-triage -q --db "$SWT_DB" --rules "$r" "$BATS_TEST_TMPDIR/m.tsv")
	[ "$(field M1 route <<<"$out")" = maatwerk ]
	run env -u SWT_DB swt-triage -q --db "$BATS_TEST_TMPDIR/none.db" --rules "$r" "$BATS_TEST_TMPDIR/m.tsv"
	assert_failure 3
	assert_output --partial "no database"
}

@test "triage: the condition language: in, not in, has, not, and, or, parentheses" {
	printf 'ref\tlaw\tservice\tlife_domain\tzrm\tflags\tparties_involved\n' >"$BATS_TEST_TMPDIR/in.tsv"
	printf 'C1\twmo\tmaterieel\tbasale_adl\t3\t\t0\n' >>"$BATS_TEST_TMPDIR/in.tsv"
	printf 'C2\tjeugdwet\tjeugdhulp\topvoeding\t4\teetstoornis|zorg_24uur\t2\n' >>"$BATS_TEST_TMPDIR/in.tsv"
	printf 'C3\twmo\tpsychosociaal\tsociaal_netwerk\t5\t\t1\n' >>"$BATS_TEST_TMPDIR/in.tsv"
	# $2: the records that the rule "when $1" routes to maatwerk; the
	# others get advies, and a run that fails or drops a record fails
	t() {
		local r route got=

		run swt-triage -q --rules "$(one_rule "$1")" "$BATS_TEST_TMPDIR/in.tsv"
		assert_success
		for r in C1 C2 C3; do
			route=$(field "$r" route <<<"$output")
			case $route in
			maatwerk) got="$got$r " ;;
			advies) ;;
			*) fail "$1: $r: route '$route'" ;;
			esac
		done
		assert_equal "$got" "$2"
	}
	t 'service in (materieel, jeugdhulp)' "C1 C2 "
	t 'service not in (materieel, jeugdhulp)' "C3 "
	t 'flags has zorg_24uur' "C2 "
	t 'flags has (suicidaliteit, eetstoornis)' "C2 "
	t 'not flags has eetstoornis' "C1 C3 "
	t 'zrm = 3 or zrm = 5 and parties_involved = 0' "C1 "
	t '(zrm = 3 or zrm = 5) and parties_involved <= 1' "C1 C3 "
	t 'law != jeugdwet and zrm > 3' "C3 "
	t 'parties_involved >= 1 and life_domain = "opvoeding"' "C2 "
	t 'zrm < 4 or zrm >= 5' "C1 C3 "
	# an empty field equals nothing: = is false, != true; defaults apply
	t 'statushouder = no and expected_contacts = 0 and financial = none' "C1 C2 C3 "
	t 'development_potential = good' ""
	t 'development_potential != good' "C1 C2 C3 "
}

@test "triage: a malformed rule is an error naming the file and line" {
	printf 'X1\n' >"$BATS_TEST_TMPDIR/unused"
	r=$(one_rule "zmr = 3")
	run swt-triage --rules "$r" "$BATS_TEST_TMPDIR/unused"
	assert_failure 3
	assert_output "swt-triage: $r:7: rule r1: when: unknown field 'zmr' (see swt-rules(5) for the fields a rule may name)"
	check() { run swt-triage --rules "$(one_rule "$1")" --check-rules; assert_failure 3; assert_output --partial "$2"; }
	check 'zrm = drie' "when: zrm: 'drie' is not a number"
	check 'law = wmw' "when: law: 'wmw' is not a law code"
	check 'law < wmo' "when: law: '<' compares numbers; law is a code: use = != or in"
	check 'flags = suicidaliteit' "when: flags: a set takes 'has'"
	check 'zrm has 3' "when: zrm: 'has' is for the flags set"
	check '(zrm = 3' "when: expected ')'"
	check 'zrm = 3 zrm' "when: unexpected 'zrm' after the condition"
	check 'zrm = 3 and' "when: expected a field name"
	check 'service in (materieel' "when: expected ',' or ')' in a list"
	check 'zrm = 3 & zrm = 4' "when: unexpected character '&'"
	check 'long_term = misschien' "when: long_term: 'misschien' is not yes or no"
}

@test "triage: a rules file must have a version, route_regie lines and whole rules" {
	bad() { run swt-triage --rules "$(rules)" --check-rules; assert_failure 3; assert_output --partial "$1"; }
	printf 'route_regie advies inwoner\n' | bad "no version line"
	printf 'version 1\nrule a\n\twhen zrm = 1\n\troute maatwerk\n\tsource x\n\treason y\n' | bad "no route_regie line for advies"
	printf 'version 1\nrule a\n\twhen zrm = 1\n\tsource x\n\treason y\n' | bad ":2: rule a: sets neither a route nor a regie"
	printf 'version 1\nrule a\n\twhen zrm = 1\n\troute maatwerk\n\treason y\n' | bad ":2: rule a: no 'source'"
	printf 'version 1\nrule a\n\twhen zrm = 1\n\troute zwaar\n\tsource x\n\treason y\n' | bad ":4: rule a: route: 'zwaar' is not a route"
	printf 'version 1\nrule a\n\twhen zrm = 1\n\tsource x\n\tregie baas\n' | bad ":5: rule a: regie: 'baas' is not a regie code"
	printf 'version 1\nrule a\n\twhen zrm = 1\n\troute maatwerk\n\tsource x\n\treason y\nrule a\n' | bad ":7: rule a: the id is used on line 2"
	printf 'version 1\nrule A-1\n' | bad ":2: rule: 'A-1' is not an id"
	printf 'version 1\n\twhen zrm = 1\n' | bad ":2: an indented line outside a rule"
	printf 'version 1\nregel a\n' | bad ":2: unknown line 'regel'"
	printf 'version 1\nrule a\n\tals zrm = 1\n' | bad ":3: rule a: unknown attribute 'als'"
	printf 'version 1\nrequire zmr\n' | bad ":2: require: unknown field 'zmr'"
	printf 'version 1\n# \xe9\n' | bad ":2: not UTF-8"
	printf 'version 1\nrule a\000 b\n' | bad ":2: a NUL byte in the file"
}

@test "triage: --commit stores each decision once, with an audit entry" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	swt-intake -q "$FIX/intake/assess.tsv" >"$BATS_TEST_TMPDIR/assessed.tsv"
	run swt-triage --commit "$BATS_TEST_TMPDIR/assessed.tsv"
	assert_success
	assert_output --partial "2 decisions stored, 0 unchanged"
	[ "$(q "select route || ' ' || regie || ' ' || rules_version || ' ' || decided_by from decision join request using (request_id) where ref = 'A001'")" = "eigen_inzet swt zwolle-2023.1 $(id -un)" ]
	[ "$(q "select count(*) from audit where command = 'swt-triage' and action = 'decide'")" = 2 ]
	run swt-triage --commit "$BATS_TEST_TMPDIR/assessed.tsv"
	assert_success
	assert_output --partial "0 decisions stored, 2 unchanged"
	[ "$(q 'select count(*) from decision')" = 2 ]
	run swt-db check
	assert_success
}

@test "triage: --commit: SWT_USER names who decided, in the decision and the audit log" {
	env -u SWT_USER swt-intake -q "$FIX/intake/good.csv" >/dev/null
	env -u SWT_USER swt-intake -q "$FIX/intake/assess.tsv" >"$BATS_TEST_TMPDIR/assessed.tsv"
	SWT_USER=marieke run swt-triage -q --commit "$BATS_TEST_TMPDIR/assessed.tsv"
	assert_success
	[ "$(q "select group_concat(decided_by) from decision")" = marieke,marieke ]
	[ "$(q "select group_concat(user || ' ' || action) from audit where command = 'swt-triage'")" = "marieke decide,marieke decide" ]
	[ "$(q "select count(*) from audit where user = 'marieke'")" = 2 ]
}

@test "triage: --commit takes decided_at and decided_by from the record, else now and the user" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	printf 'ref\tlife_domain\tzrm\tdecided_at\tdecided_by\nA001\tsociaal_netwerk\t4\t05-03-2024 14:30\tk.devries\nA002\topvoeding\t2\t2024-03-20\t\nA003\twerk_opleiding\t5\t\t\n' >"$BATS_TEST_TMPDIR/in.tsv"
	today=$(date -u +%Y-%m-%d)
	SWT_USER=marieke run swt-triage --commit "$BATS_TEST_TMPDIR/in.tsv"
	assert_success
	assert_output --partial "3 decisions stored, 0 unchanged"
	# the fields pass through as they came
	assert_line --partial "A001	sociaal_netwerk	4	05-03-2024 14:30	k.devries	sociale_basis"
	[ "$(q "select decided_at || ' ' || decided_by from decision join request using (request_id) where ref = 'A001'")" = "2024-03-05T14:30 k.devries" ]
	[ "$(q "select decided_at || ' ' || decided_by from decision join request using (request_id) where ref = 'A002'")" = "2024-03-20 marieke" ]
	[ "$(q "select substr(decided_at, 1, 10) || ' ' || decided_by from decision join request using (request_id) where ref = 'A003'")" = "$today marieke" ]
	# the audit log names who ran it and when, and no decided_by
	[ "$(q "select count(*) from audit where action = 'decide' and user = 'marieke' and substr(at, 1, 10) = '$today'")" = 3 ]
	[ "$(q "select count(*) from audit where detail like '%devries%'")" = 0 ]
}

@test "triage: --commit refuses a decided_at that is no date or is before received_at, and a bad decided_by" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	long="Karin de Vries, teamleider wijkteam Noord, afdeling Sociaal Domein"
	printf 'ref\tlife_domain\tzrm\tdecided_at\tdecided_by\nA001\tsociaal_netwerk\t4\t31-02-2024\t\nA002\topvoeding\t2\t2024-03-04T23:59\t\nA003\twerk_opleiding\t5\t2024-03-06\t%s\nA001\tsociaal_netwerk\t4\t2024-03-04\tk\\tdevries\nA002\topvoeding\t2\t2024-03-05\tk.devries\n' "$long" >"$BATS_TEST_TMPDIR/in.tsv"
	run swt-triage -q --commit --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$BATS_TEST_TMPDIR/in.tsv"
	assert_failure 1
	assert_line "swt-triage: $BATS_TEST_TMPDIR/in.tsv:2: decided_at: '31-02-2024' is not a date (yyyy-mm-dd or dd-mm-yyyy)"
	assert_line "swt-triage: $BATS_TEST_TMPDIR/in.tsv:3: decided_at: '2024-03-04T23:59' is before the request's received_at '2024-03-05'"
	assert_line --partial "in.tsv:4: decided_by: the value (hidden: personal data) is longer than 64 characters"
	assert_line --partial "in.tsv:5: decided_by: the value (hidden: personal data) holds a control character"
	# the day it came in will do
	[ "$(q "select ref || ' ' || decided_at || ' ' || decided_by from decision join request using (request_id)")" = "A002 2024-03-05 k.devries" ]
	run cut -f 1,4,6 "$BATS_TEST_TMPDIR/rej.tsv"
	assert_line --index 0 "$(printf 'ref\tdecided_at\terror')"
	assert_line --index 1 "$(printf "A001\t31-02-2024\tdecided_at: '31-02-2024' is not a date (yyyy-mm-dd or dd-mm-yyyy)")"
	[ "${#lines[@]}" -eq 5 ]
}

@test "triage: --commit: a dated history again, or its last decision undated, adds no decisions" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	# two decisions on A001 over time, the later first in the file
	printf 'ref\tlife_domain\tzrm\tdecided_at\nA001\tsociaal_netwerk\t2\t2024-04-01\nA001\tsociaal_netwerk\t4\t2024-03-10\nA002\topvoeding\t3\t2024-03-20\n' >"$BATS_TEST_TMPDIR/history.tsv"
	run swt-triage --commit "$BATS_TEST_TMPDIR/history.tsv"
	assert_success
	assert_output --partial "3 decisions stored, 0 unchanged"
	run swt-triage --commit "$BATS_TEST_TMPDIR/history.tsv"
	assert_success
	assert_output --partial "0 decisions stored, 3 unchanged"
	# undated, a decision is compared with the latest: 1 April's
	printf 'ref\tlife_domain\tzrm\nA001\tsociaal_netwerk\t2\n' >"$BATS_TEST_TMPDIR/now.tsv"
	run swt-triage --commit "$BATS_TEST_TMPDIR/now.tsv"
	assert_output --partial "0 decisions stored, 1 unchanged"
	printf 'ref\tlife_domain\tzrm\nA001\tsociaal_netwerk\t5\n' >"$BATS_TEST_TMPDIR/now.tsv"
	run swt-triage --commit "$BATS_TEST_TMPDIR/now.tsv"
	assert_output --partial "1 decisions stored, 0 unchanged"
	run swt-triage --commit "$BATS_TEST_TMPDIR/history.tsv"
	assert_output --partial "0 decisions stored, 3 unchanged"
	[ "$(q "select group_concat(route || ' ' || substr(decided_at, 1, 4), ',') from (select * from decision join request using (request_id) where ref = 'A001' order by decided_at)")" = "sociale_basis 2024,maatwerk 2024,advies $(date -u +%Y)" ]
}

@test "triage: --commit stores an override with its reason; unknown refs are rejected" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	printf 'ref\tlife_domain\tzrm\troute\toverride_reason\nA001\tsociaal_netwerk\t2\teigen_inzet\tnetwerk draagt\nZZZ\tsociaal_netwerk\t4\t\t\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run swt-triage --commit "$BATS_TEST_TMPDIR/in.tsv"
	assert_failure 1
	assert_output --partial "in.tsv:3: ref: 'ZZZ' is not a registered request (swt-intake it first)"
	# stored + rejected = read: a rejected record is not also counted routed
	assert_output --partial "2 read, 1 routed, 0 incomplete, 1 overridden, 1 rejected; 1 decisions stored"
	[ "$(q "select recommended_route || ' ' || route || ' ' || override_reason from decision")" = "maatwerk eigen_inzet netwerk draagt" ]
	[ "$(q "select count(*) from audit where detail like '%netwerk draagt%'")" = 0 ]
}

@test "triage: --commit: the audit entry names the decision, never its free text" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	printf 'ref\tlife_domain\tzrm\troute\toverride_reason\nA001\tsociaal_netwerk\t2\teigen_inzet\tmw. Jansen, bsn 999993847, wil dit\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run swt-triage -q --commit "$BATS_TEST_TMPDIR/in.tsv"
	assert_success
	# the reason stays in the decision row, where erasure can reach it
	[ "$(q "select override_reason from decision")" = "mw. Jansen, bsn 999993847, wil dit" ]
	id=$(q "select decision_id from decision")
	[ "$(q "select detail from audit where action = 'decide'")" = "decision $id: route eigen_inzet (recommended maatwerk), regie swt, rules zwolle-2023.1; override reason given" ]
	[ "$(q "select count(*) from audit where detail like '%Jansen%' or detail like '%999993847%' or entity_id like '%Jansen%'")" = 0 ]
	# nor in the default export's audit log
	swt-db -q export "$BATS_TEST_TMPDIR/out"
	run grep -l -e Jansen -e 999993847 -r "$BATS_TEST_TMPDIR/out"
	assert_output "$BATS_TEST_TMPDIR/out/decision.tsv"
}

@test "triage: --commit --strict stores nothing when one record is rejected" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	printf 'ref\tlife_domain\tzrm\nA001\tsociaal_netwerk\t4\nA002\topvoeding\t9\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run swt-triage --commit --strict "$BATS_TEST_TMPDIR/in.tsv"
	assert_failure 3
	assert_output --partial "--strict: a record was rejected; no decision stored"
	[ "$(q 'select count(*) from decision')" = 0 ]
}

@test "triage: --commit --dry-run decides but stores nothing" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	printf 'ref\tlife_domain\tzrm\nA001\tsociaal_netwerk\t4\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run swt-triage --commit -n "$BATS_TEST_TMPDIR/in.tsv"
	assert_success
	assert_output --partial "--dry-run: nothing written"
	[ "$(q 'select count(*) from decision')" = 0 ]
}

@test "triage: --commit needs the database and a ref field" {
	printf 'ref\tlife_domain\tzrm\nX1\tsociaal_netwerk\t4\n' >"$BATS_TEST_TMPDIR/r.tsv"
	run swt-triage --commit "$BATS_TEST_TMPDIR/r.tsv"
	assert_failure 3
	assert_output --partial "no database"
	printf 'ref\tlife_domain\tzrm\nX1\tsociaal_netwerk\t\n' >"$BATS_TEST_TMPDIR/i.tsv"
	run swt-triage --commit "$BATS_TEST_TMPDIR/i.tsv"
	assert_failure 3
	assert_output --partial "no database"
	printf 'zrm\n4\n' >"$BATS_TEST_TMPDIR/in.tsv"
	swt-db init
	run swt-triage --commit "$BATS_TEST_TMPDIR/in.tsv"
	assert_failure 3
	assert_output --partial "in.tsv:1: ref: no such field in the header"
}

@test "triage: --pending reads the assessed, undecided requests" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	swt-intake -q "$FIX/intake/assess.tsv" >/dev/null
	run swt-triage -q --pending --tsv
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	assert_line --partial "A002	2024-03-05	signaal	email	huisarts	jeugdwet	jeugdhulp"
	refute_line --partial "A003"
	swt-triage -q --pending --commit >/dev/null
	run swt-triage -q --pending --tsv
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	[ "$(q 'select count(*) from decision')" = 2 ]
}

@test "triage: --pending --explain says why, naming the database and the record's number" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	swt-intake -q "$FIX/intake/assess.tsv" >/dev/null
	run swt-triage -q --pending --explain --tsv
	assert_success
	assert_line --index 0 "$(printf 'ref\tline\trule\troute\tregie\tdecides\tsource\treason')"
	assert_line --index 1 --partial "A001	1	zrm3	eigen_inzet		yes	Bijlage 3	Matig beperkt"
	assert_line --partial "A002	2	zrm12	maatwerk		yes	Bijlage 3	Ernstig beperkt"
	assert_line --partial "A002	2	many_parties		swt	yes	4.2.6, Bijlage 3	Meerdere partijen"
	assert_line --partial "A002	2	violence	eigen_inzet		no	6.2.8	Huiselijk geweld"
	refute_line --partial A003
	[ "${#lines[@]}" -eq 7 ]
	run script -qec "swt-triage -q --pending --explain" /dev/null
	assert_success
	assert_output --partial "A001 ($SWT_DB:1): route eigen_inzet, regie swt"
	assert_output --partial "A002 ($SWT_DB:2): route maatwerk, regie swt"
	assert_output --partial "* many_parties: regie swt (beslist) [002 4.2.6, Bijlage 3]"
	# it explains and stores nothing; once decided, nothing is pending
	[ "$(q 'select count(*) from decision')" = 0 ]
	swt-triage -q --pending --commit >/dev/null
	run swt-triage -q --pending --explain --tsv
	assert_success
	refute_output --partial A00
}

@test "triage: usage errors" {
	run swt-triage --pending "$A"
	assert_failure 2
	run swt-triage --check-rules "$A"
	assert_failure 2
	run swt-triage --frobnicate
	assert_failure 2
	run swt-triage --rules /nonexistent --check-rules
	assert_failure 3
	assert_output --partial "/nonexistent: No such file or directory"
}

@test "triage: swt-gen | swt-intake | swt-triage is a pipeline" {
	swt-gen -n 300 --seed 3 >"$BATS_TEST_TMPDIR/r.tsv"
	swt-intake -q "$BATS_TEST_TMPDIR/r.tsv" >/dev/null
	swt-gen -n 300 --seed 3 --assessments | swt-intake -q | swt-triage -q >"$BATS_TEST_TMPDIR/t.tsv"
	[ "$(sed 1d "$BATS_TEST_TMPDIR/t.tsv" | wc -l)" -gt 200 ]
	# every record routed or incomplete, never silently empty
	awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    $c["route"] == "" && $c["reasons"] !~ /^incomplete: / { bad++ }
	    END { exit bad > 0 }' "$BATS_TEST_TMPDIR/t.tsv"
}

@test "triage: swt-intake | swt-triage --commit on one database: no deadlock" {
	swt-gen -n 3000 --seed 4 --with-assessments >"$BATS_TEST_TMPDIR/a.tsv"
	# no database yet: intake makes it, triage opens it at its first decision
	# the echo (more than a pipe holds) comes after intake's commit, and
	# triage, started first, takes the write lock only at its first record
	SWT_BUSY_TIMEOUT=5000 run bash -c '{ sleep 0.5; swt-intake -q "$1"; } | swt-triage -q --commit >/dev/null; echo "${PIPESTATUS[*]}"' _ "$BATS_TEST_TMPDIR/a.tsv"
	assert_output "0 0"
	[ "$(q 'select count(*) from request')" = 3000 ]
	[ "$(q 'select count(*) from decision')" -gt 2000 ]
}

@test "triage: a reader that leaves early ends the run quietly" {
	swt-gen -n 3000 --with-assessments >"$BATS_TEST_TMPDIR/r.tsv"
	run bash -c 'swt-triage "$1" | head -n 1 >/dev/null; echo "status ${PIPESTATUS[0]}"' _ "$BATS_TEST_TMPDIR/r.tsv"
	assert_output --partial "status 0"
	refute_output --partial "write error"
	run bash -c 'swt-triage --explain "$1" | head -n 1 >/dev/null; echo "status ${PIPESTATUS[0]}"' _ "$BATS_TEST_TMPDIR/r.tsv"
	assert_output --partial "status 0"
	refute_output --partial "write error"
}

@test "triage: a full disk is an error" {
	[ -w /dev/full ] || skip "no /dev/full"
	run bash -c 'swt-triage -q "$1" >/dev/full' _ "$A"
	assert_failure 3
	assert_output --partial "write error on standard output"
}

@test "triage: what a decision does not rest on passes through unchecked" {
	printf 'ref\treceived_at\tbsn\tlife_domain\tzrm\nD1\t31-02-2024\t123\tsociaal_netwerk\t4\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run swt-triage -q --show-pii --tsv "$BATS_TEST_TMPDIR/in.tsv"
	assert_success
	assert_line --index 1 "$(printf 'D1\t31-02-2024\t123\tsociaal_netwerk\t4\tsociale_basis\tsociale_basis\tinwoner\tzrm4\tzwolle-2023.1')"
}

@test "triage: a condition too long to evaluate safely is refused" {
	long=$(printf 'zrm = 1 and %.0s' $(seq 600))
	run swt-triage --rules "$(one_rule "${long}zrm = 1")" --check-rules
	assert_failure 3
	assert_output --partial "rule r1: when: the condition is too long (at most 1024 comparisons and operators)"
	# as swt-rules(5) says: 64 levels of parentheses and not, not 65
	deep=$(printf '(%.0s' $(seq 64)) shut=$(printf ')%.0s' $(seq 64))
	run swt-triage --rules "$(one_rule "${deep}zrm = 1$shut")" --check-rules
	assert_success
	run swt-triage --rules "$(one_rule "not ${deep}zrm = 1$shut")" --check-rules
	assert_failure 3
	assert_output --partial "when: nested too deeply (more than 64 levels)"
	deep=$(printf 'not %.0s' $(seq 64))
	run swt-triage --rules "$(one_rule "${deep}zrm = 1")" --check-rules
	assert_success
}

@test "triage: --encoding cp1252 reads a Windows export; --json writes JSON lines" {
	printf 'ref;life_domain;zrm;summary\nW1;sociaal_netwerk;4;caf\xe9 bezoek\n' >"$BATS_TEST_TMPDIR/w.csv"
	run swt-triage -q "$BATS_TEST_TMPDIR/w.csv"
	assert_failure 3
	assert_output --partial "w.csv:2: not valid UTF-8 (a Windows export? try --encoding cp1252)"
	run swt-triage -q --encoding cp1252 --json "$BATS_TEST_TMPDIR/w.csv"
	assert_success
	assert_output '{"ref":"W1","life_domain":"sociaal_netwerk","zrm":"4","summary":"café bezoek","recommended_route":"sociale_basis","route":"sociale_basis","regie":"inwoner","reasons":"zrm4","rules_version":"zwolle-2023.1"}'
}

@test "triage: a code is checked when the rules name its field" {
	printf 'ref\tchannel\tlife_domain\tzrm\nK1\tduif\tsociaal_netwerk\t4\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run swt-triage -q "$BATS_TEST_TMPDIR/in.tsv"
	assert_success
	run swt-triage -q --rules "$(one_rule "channel = post")" "$BATS_TEST_TMPDIR/in.tsv"
	assert_failure 1
	assert_output --partial "in.tsv:2: channel: 'duif' is not a channel code"
}

@test "triage: --explain shows an override and a request no rule matched" {
	printf 'ref\tlife_domain\tzrm\tfinancial\troute\toverride_reason\nE1\tsociaal_netwerk\t2\t\teigen_inzet\tnetwerk draagt\nE2\tfinancien\t\tnone\t\t\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run swt-triage -q --explain --tsv "$BATS_TEST_TMPDIR/in.tsv"
	assert_success
	assert_line "$(printf 'E1\t2\tzrm12\tmaatwerk\t\tyes\tBijlage 3\tErnstig beperkt in zelfredzaamheid: specialistische ondersteuning door een aanbieder is nodig.')"
	assert_line "$(printf 'E1\t2\toverride\teigen_inzet\tswt\tyes\tpas toe en leg uit\tnetwerk draagt')"
	assert_line "$(printf 'E2\t3\t\tadvies\t\tyes\t\tgeen regel van toepassing: advies (zo licht als mogelijk)')"
	run script -qec "swt-triage -q --explain $BATS_TEST_TMPDIR/in.tsv" /dev/null
	assert_output --partial "E1 ($BATS_TEST_TMPDIR/in.tsv:2): route eigen_inzet, regie swt"
	assert_output --partial "! afgeweken: eigen_inzet (pas toe en leg uit): netwerk draagt"
	assert_output --partial "E2 ($BATS_TEST_TMPDIR/in.tsv:3): route advies, regie inwoner"
	assert_output --partial "- geen regel van toepassing: advies (zo licht als mogelijk)"
}

@test "triage: every missing field is named once" {
	r=$(rules <<'EOF2'
version t-2
route_regie advies inwoner
route_regie sociale_basis inwoner
route_regie eigen_inzet swt
route_regie maatwerk aanbieder
require zrm
require zrm when law = wmo
require expected_contacts when law = wmo
rule r1
	when zrm >= 1
	route advies
	source 0
	reason test
EOF2
)
	printf 'ref\tlaw\tzrm\tparties_involved\nM1\twmo\t\t\n' >"$BATS_TEST_TMPDIR/in.tsv"
	out=$(swt-triage -q --rules "$r" "$BATS_TEST_TMPDIR/in.tsv")
	[ "$(field M1 reasons <<<"$out")" = "incomplete: zrm expected_contacts" ]
}

@test "triage: --test writes every case, a case the rules cannot take too" {
	printf 'case\tlife_domain\tzrm\texpected_route\nc1\tsociaal_netwerk\t9\tmaatwerk\nc2\tsociaal_netwerk\t4\tsociale_basis\n' >"$BATS_TEST_TMPDIR/cases.tsv"
	run swt-triage --test "$BATS_TEST_TMPDIR/cases.tsv"
	assert_failure 1
	assert_output --partial "cases.tsv:2: zrm: case c1: '9' is not a ZRM score 1-5"
	assert_output --partial "2 cases, 1 passed, 1 failed"
	assert_line "$(printf 'c1\t2\tmaatwerk\t\t\t\t\tfail')"
	assert_line "$(printf 'c2\t3\tsociale_basis\tsociale_basis\t\tinwoner\tzrm4\tpass')"
}
