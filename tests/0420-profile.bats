#!/usr/bin/env bats
# swt-db codes, terms, retention-terms --load and profile --load: another
# municipality's lists, refused whole when they would orphan stored data

load test_helper/common

q() { sqlite3 -batch -noheader "$SWT_DB" "$1"; }

# A file in the test's directory: $1 its name, then its lines (TSV: \t).
tsv() {
	local f="$BATS_TEST_TMPDIR/$1"
	shift
	printf '%b\n' "$@" >"$f"
	echo "$f"
}

# One request, R1 (wmo, district west), received and neither assessed nor
# closed: its wmo_onderzoek clock runs.
request() {
	printf '%s\n' 'ref,received_at,law,district' 'R1,2024-01-02,wmo,west' |
	    swt-intake -q >/dev/null
}

# Everything a profile sets, as listings: codes, terms, partners, rules.
state() {
	swt-db --tsv codes
	swt-db --tsv terms
	swt-db --tsv retention-terms
	swt-refer --tsv --partners
}

# A refused load: exit 3, the located message, and nothing changed.
refused() {
	local before
	before=$(state; q 'SELECT count(*) FROM audit')
	run swt-db "$@"
	assert_failure 3
	[ "$(state; q 'SELECT count(*) FROM audit')" = "$before" ]
}

# ---- codes --load ----

@test "profile: codes --load extends a list and relabels a code; the rest stays" {
	swt-db -q init
	f=$(tsv d.tsv 'list\tcode\tparent\tlabel' 'district\tcentrum\t\tCentrum' \
	    'district\tnoord\t\tNoord (nieuw)')
	run swt-db --load "$f" codes
	assert_success
	assert_output "swt-db: $f: 2 read, 1 new, 1 changed, 0 unchanged, 0 removed"
	run swt-db --tsv codes district
	assert_output "$(printf '%s\n' $'list\tcode\tparent\tlabel' \
	    $'district\tmidden\t\tstadsdeel Midden' $'district\tnoord\t\tNoord (nieuw)' \
	    $'district\toost\t\tstadsdeel Oost' $'district\tzuid\t\tstadsdeel Zuid' \
	    $'district\twest\t\tstadsdeel West' $'district\tcentrum\t\tCentrum')"
	# the new code is a district now: swt-intake takes it
	printf '%s\n' 'ref,received_at,district' 'R1,2024-01-02,centrum' | swt-intake -q >/dev/null
	[ "$(q "SELECT district FROM request WHERE ref = 'R1'")" = centrum ]
}

@test "profile: codes --load --replace replaces the lists the file names, whole, and only those" {
	swt-db -q init
	f=$(tsv d.tsv 'list\tcode\tlabel' 'district\tcentrum\tCentrum' 'district\thaven\tHaven')
	run swt-db -q --load "$f" --replace codes
	assert_success
	assert_output ''
	[ "$(q "SELECT group_concat(code) FROM code WHERE list = 'district'")" = centrum,haven ]
	[ "$(q "SELECT count(*) FROM code WHERE list = 'source'")" -eq 16 ]
	run swt-db --load "$f" --replace codes
	assert_output "swt-db: $f: 2 read, 0 new, 0 changed, 2 unchanged, 0 removed"
}

@test "profile: codes --load refuses removing a code stored data still holds, at the list's line" {
	request
	f=$(tsv d.tsv 'list\tcode' 'district\tmidden' 'district\tnoord')
	refused --load "$f" --replace codes
	assert_output "swt-db: $f:2: code: 'west' of district is missing, and request.district still holds it: keep it in the list"
	# the person's district, the staff's, a partner's set of districts
	q "UPDATE request SET district = NULL; UPDATE person SET district = 'west'"
	refused --load "$f" --replace codes
	assert_output --partial "'west' of district is missing, and person.district still holds it"
	q "UPDATE person SET district = NULL"
	q "INSERT INTO staff (staff_id, district) VALUES ('s1', 'west')"
	refused --load "$f" --replace codes
	assert_output --partial "and staff.district still holds it"
	q "DELETE FROM staff; UPDATE partner SET districts = 'noord|west' WHERE partner_id = 'io'"
	refused --load "$f" --replace codes
	assert_output --partial "'west' of district is missing, and partner.districts still holds it"
	q "UPDATE partner SET districts = NULL"
	run swt-db --load "$f" --replace codes
	assert_success
	assert_output --partial "2 read, 0 new, 0 changed, 2 unchanged, 3 removed"
	# a column the file leaves out keeps the stored value: the label
	[ "$(q "SELECT label FROM code WHERE list = 'district' AND code = 'noord'")" = "stadsdeel Noord" ]
}

@test "profile: codes --load refuses a list swt does not know, a bad code, a bad parent, with the line" {
	swt-db -q init
	f=$(tsv c.tsv 'list\tcode\tparent' 'district\tcentrum\t' 'wijk\tx\t')
	refused --load "$f" codes
	assert_output "swt-db: $f:3: list: 'wijk' is not a list swt knows (see swt-db codes)"
	f=$(tsv c.tsv 'list\tcode\tparent' 'district\tCentrum Oost\t')
	refused --load "$f" codes
	assert_output "swt-db: $f:2: code: not a code: 1 to 40 lowercase letters, digits and _"
	f=$(tsv c.tsv 'list\tcode\tparent' 'service\tschuldhulp\tschuld')
	refused --load "$f" codes
	assert_output "swt-db: $f:2: parent: 'schuld' is not a law code (see swt-db codes law)"
	f=$(tsv c.tsv 'list\tcode\tparent' 'service\tschuldhulp\t')
	refused --load "$f" codes
	assert_output "swt-db: $f:2: parent: missing: a service code needs the law it belongs to"
	f=$(tsv c.tsv 'list\tcode\tparent' 'district\tcentrum\twmo')
	refused --load "$f" codes
	assert_output "swt-db: $f:2: parent: the codes of district have no parent"
	f=$(tsv c.tsv 'list\tcode' 'district\tcentrum' 'district\tcentrum')
	refused --load "$f" codes
	assert_output "swt-db: $f:3: code: given before, on line 2"
	f=$(tsv c.tsv 'list\tcode\twijk' 'district\tcentrum\tx')
	refused --load "$f" codes
	assert_output "swt-db: $f:1: header: 'wijk' is not a column of codes (see swt-db(1))"
	f=$(tsv c.tsv 'code' 'centrum')
	refused --load "$f" codes
	assert_output "swt-db: $f:1: list: no such column in the header: every row of codes needs it"
}

@test "profile: swt's own lists keep their codes; labels may change" {
	swt-db -q init
	f=$(tsv c.tsv 'list\tcode' 'route\tzwaar')
	refused --load "$f" codes
	assert_output "swt-db: $f:2: code: 'zwaar' is not a route code: route is swt's own list, whose labels a profile may change, not its codes"
	f=$(tsv c.tsv 'list\tcode\tlabel' 'regie\tswt\thet wijkteam')
	refused --load "$f" --replace codes
	assert_output "swt-db: $f:2: code: 'inwoner' is missing: regie is swt's own list, whose codes stay"
	run swt-db -q --load "$f" codes
	assert_success
	[ "$(q "SELECT label FROM code WHERE list = 'regie' AND code = 'swt'")" = "het wijkteam" ]
	f=$(tsv c.tsv 'list\tcode' 'closure_reason\topgelost' 'closure_reason\tafgewezen')
	refused --load "$f" --replace codes
	assert_output "swt-db: $f:2: code: 'afgebroken' is missing: it chooses the broken-off retention term (SPEC 5), so it stays"
}

@test "profile: a load is one transaction: a refused line leaves the earlier ones unstored" {
	swt-db -q init
	f=$(tsv c.tsv 'list\tcode' 'district\tcentrum' 'source\tbieb' 'district\tNOORD')
	refused --load "$f" codes
	assert_output --partial "$f:4: code: not a code"
	[ "$(q "SELECT count(*) FROM code WHERE code IN ('centrum', 'bieb')")" -eq 0 ]
}

@test "profile: each load is one audit entry: the file's hash and counts, no labels" {
	swt-db -q init
	f=$(tsv codes.tsv 'list\tcode\tlabel' 'district\tcentrum\tWijk van mevrouw Jansen')
	n=$(q 'SELECT count(*) FROM audit')
	swt-db -q --load "$f" codes
	[ "$(q 'SELECT count(*) FROM audit')" -eq $((n + 1)) ]
	sha=$(sha256sum "$f" | cut -d' ' -f1)
	run q "SELECT command, action, entity, entity_id, detail FROM audit ORDER BY audit_id DESC LIMIT 1"
	assert_output "swt-db|load|code|codes.tsv|sha256 $sha; 1 read, 1 new, 0 changed, 0 unchanged, 0 removed"
	refute_output --partial Jansen
	swt-db -q --load "$f" --replace codes
	run q "SELECT detail FROM audit ORDER BY audit_id DESC LIMIT 1"
	assert_output --partial "1 unchanged, 5 removed; replace"
	run swt-db check
	assert_success
}

# ---- terms and retention-terms ----

@test "profile: terms lists the legal terms; terms --load adds and sets them" {
	swt-db -q init
	run swt-db --tsv terms
	assert_success
	assert_line --index 0 $'term\tlaw\tfrom_event\tto_event\tdays\tsuspend_reasons\textend_reasons\tbasis'
	assert_line --index 1 $'wmo_onderzoek\twmo\treceived_at\tassessed_at\t42\tinstemming\t\tWmo 2015 art. 2.3.2'
	[ "${#lines[@]}" -eq 5 ]
	f=$(tsv t.tsv 'term\tlaw\tfrom_event\tto_event\tdays\tbasis' \
	    'wmo_onderzoek\twmo\treceived_at\tassessed_at\t35\teigen norm' \
	    'leerplicht_melding\tleerplichtwet\treceived_at\tassessed_at\t5\t')
	run swt-db --load "$f" terms
	assert_success
	assert_output "swt-db: $f: 2 read, 1 new, 1 changed, 0 unchanged, 0 removed"
	[ "$(q "SELECT days, basis FROM legal_term WHERE term = 'wmo_onderzoek'")" = "35|eigen norm" ]
	run swt-term --terms --tsv
	assert_line --regexp '^leerplicht_melding'
}

@test "profile: terms --load refuses a bad term with its line" {
	swt-db -q init
	h='term\tlaw\tfrom_event\tto_event\tdays\tsuspend_reasons'
	check() {
		f=$(tsv t.tsv "$h" "$1")
		refused --load "$f" terms
		assert_output "swt-db: $f:2: $2"
	}
	check 'x\twmo\treceived_at\tassessed_at\t0\t' "days: not a positive whole number of days (at most 3650)"
	check 'x\twmo\treceived_at\tassessed_at\tzes\t' "days: not a positive whole number of days (at most 3650)"
	check 'x\twmo\treceived_at\tassessed_at\t-4\t' "days: not a positive whole number of days (at most 3650)"
	check 'x\twet\treceived_at\tassessed_at\t4\t' "law: 'wet' is not a law code (see swt-db codes law)"
	check 'x\twmo\tsent_at\tassessed_at\t4\t' "from_event: a clock starts at received_at or applied_at"
	check 'x\twmo\treceived_at\tdecided_at\t4\t' "to_event: a clock from received_at stops at assessed_at"
	check 'x\twmo\treceived_at\tassessed_at\t4\tziek' "suspend_reasons: 'ziek' is not a suspension_reason code (see swt-db codes suspension_reason)"
	check 'Wmo Onderzoek\twmo\treceived_at\tassessed_at\t4\t' "term: not a term's name: 1 to 40 lowercase letters, digits and _"
}

@test "profile: a legal term with a running clock keeps its name and its law" {
	request
	h='term\tlaw\tfrom_event\tto_event\tdays'
	f=$(tsv t.tsv "$h" 'wmo_onderzoek\tjeugdwet\treceived_at\tassessed_at\t42')
	refused --load "$f" terms
	assert_output "swt-db: $f:2: term: wmo_onderzoek is in use (1 running clocks or suspensions): its law and events stay"
	f=$(tsv t.tsv "$h" 'wmo_beschikking\twmo\tapplied_at\tdecided_at\t14' \
	    'jeugdwet_beschikking\tjeugdwet\tapplied_at\tdecided_at\t56')
	refused --load "$f" --replace terms
	assert_output "swt-db: $f:1: term: wmo_onderzoek is in use (1 running clocks or suspensions): give it in the file"
	# its days may change: the clock counts with the new term
	f=$(tsv t.tsv "$h" 'wmo_onderzoek\twmo\treceived_at\tassessed_at\t35')
	run swt-db -q --load "$f" terms
	assert_success
	# once assessed, the clock has stopped: the term may go
	printf '%s\n' 'ref,assessed_at' 'R1,2024-01-20' | swt-intake -q >/dev/null
	f=$(tsv t.tsv "$h" 'wmo_beschikking\twmo\tapplied_at\tdecided_at\t14')
	run swt-db --load "$f" --replace terms
	assert_success
	assert_output --partial "1 read, 0 new, 0 changed, 1 unchanged, 3 removed"
}

@test "profile: retention-terms lists and loads the retention terms" {
	swt-db -q init
	run swt-db --csv retention-terms
	assert_success
	assert_line --index 0 'what,years,days,counted_from,basis'
	assert_line 'broken_off,0,42,closed_at,Selectielijst gemeenten 2020'
	[ "${#lines[@]}" -eq 7 ]
	f=$(tsv r.tsv 'what\tyears\tdays\tcounted_from' 'broken_off\t\t90\tclosed_at')
	run swt-db --load "$f" retention-terms
	assert_success
	assert_output "swt-db: $f: 1 read, 0 new, 1 changed, 0 unchanged, 0 removed"
	[ "$(q "SELECT years, days FROM retention_term WHERE what = 'broken_off'")" = "0|90" ]
}

@test "profile: retention-terms --load refuses a bad term with its line, and a law left without one" {
	swt-db -q init
	h='what\tyears\tdays\tcounted_from'
	check() {
		f=$(tsv r.tsv "$h" "$1")
		refused --load "$f" retention-terms
		assert_output "swt-db: $f:2: $2"
	}
	check 'wet\t5\t0\tclosed_at' "what: 'wet' is not a law code, refused or broken_off"
	check 'wmo\t0\t0\tclosed_at' "days: a term of no years and no days: give years or days"
	check 'wmo\tvijf\t0\tclosed_at' "years: not a whole number of years (0 to 100)"
	check 'wmo\t5\t-1\tclosed_at' "days: not a whole number of days (0 to 36500)"
	check 'wmo\t5\t0\topened_at' "counted_from: a retention term counts from closed_at or birth_date"
	f=$(tsv r.tsv "$h" 'wmo\t15\t0\tclosed_at')
	refused --load "$f" --replace retention-terms
	assert_output "swt-db: $f:1: what: no term for jeugdwet: a dossier without one would be kept for ever"
}

@test "profile: --load and --replace go with the verbs that load" {
	run swt-db --replace codes
	assert_failure 2
	assert_output --partial "codes: --replace goes with --load"
	run swt-db --load x init
	assert_failure 2
	assert_output --partial "init: --load goes with codes, terms, retention-terms and profile only"
	run swt-db --load x --replace profile
	assert_failure 2
	assert_output --partial "profile: --replace goes with codes, terms and retention-terms only"
	run swt-db profile
	assert_failure 2
	assert_output --partial "profile: give the profile's directory with --load"
	run swt-db --load x codes district
	assert_failure 2
	assert_output --partial "codes: --load takes the lists from its file: give no list"
	run swt-db --load x --tsv terms
	assert_failure 2
	assert_output --partial "terms: --load writes no records: it takes no format option"
}

# ---- profile --load ----

@test "profile: the Zwolle profile shipped is what a new database holds: loading it changes nothing" {
	swt-db -q init
	before=$(state)
	run swt-db --load "$TOP/share/swt/profiles/zwolle" profile
	assert_success
	assert_output --regexp "profiles/zwolle: [0-9]+ read, 0 new, 0 changed, [0-9]+ unchanged, 0 removed$"
	[ "$(state)" = "$before" ]
	# its rules and referral map are the shipped ones
	run swt-triage --check-rules
	assert_output --partial "the database's rules: 15 rules, version"
	swt-gen -n 100 --seed 3 --with-assessments >"$BATS_TEST_TMPDIR/a.tsv"
	triaged=$(swt-triage -q --rules "$TOP/share/swt/rules" "$BATS_TEST_TMPDIR/a.tsv")
	[ -n "$triaged" ]
	[ "$(swt-triage -q "$BATS_TEST_TMPDIR/a.tsv")" = "$triaged" ]
	run q "SELECT entity, entity_id FROM audit WHERE action = 'load' ORDER BY audit_id"
	assert_output "$(printf '%s\n' 'code|codes' 'legal_term|terms' \
	    'retention_term|retention-terms' 'profile|zwolle')"
	run swt-db check
	assert_success
}

@test "profile: a second profile replaces districts, terms and partners, and its rules reach triage and refer" {
	swt-db -q init
	run swt-db --load "$TOP/share/swt/profiles/voorbeeld" profile
	assert_success
	[ "$(q "SELECT group_concat(code) FROM code WHERE list = 'district'")" = centrum,haven,polder ]
	[ "$(q "SELECT days FROM legal_term WHERE term = 'wmo_onderzoek'")" -eq 35 ]
	[ "$(q "SELECT count(*) FROM legal_term WHERE term = 'participatiewet_beschikking'")" -eq 0 ]
	[ "$(q "SELECT days FROM retention_term WHERE what = 'broken_off'")" -eq 90 ]
	# the partners it leaves out are retired, not deleted
	[ "$(q "SELECT active FROM partner WHERE partner_id = 'travers'")" = no ]
	[ "$(q "SELECT active FROM partner WHERE partner_id = 'werkplein'")" = yes ]
	[ "$(q "SELECT count(*) FROM audit WHERE entity = 'partner'")" -gt 0 ]
	# a Zwolle district is no longer one
	run swt-intake -q <<<$'ref,received_at,district\nR1,2024-01-02,noord'
	assert_failure 1
	assert_output --partial "'noord' is not a district code"
	# the referral map is the profile's
	printf '%s\t%s\t%s\t%s\n' ref route regie life_domain R9 sociale_basis inwoner financien >"$BATS_TEST_TMPDIR/t.tsv"
	run swt-refer --propose --tsv "$BATS_TEST_TMPDIR/t.tsv"
	assert_success
	assert_line --regexp $'^R9\t.*\tverwijzen\tgeldzaken\t'
	# --rules still overrides the database's rules
	run swt-triage --rules "$TOP/share/swt/rules" --check-rules
	assert_output --partial "share/swt/rules: 15 rules"
}

@test "profile: a refused part refuses the whole profile, with its file and line" {
	swt-db -q init
	p="$BATS_TEST_TMPDIR/p"
	mkdir "$p"
	printf '%b\n' 'list\tcode' 'district\tcentrum' >"$p/codes"
	printf '%b\n' 'partner_id\tname\ttier\tdistricts' 'x\tX\tsociale_basis\tnoord' >"$p/partners"
	refused --load "$p" profile
	assert_output "swt-db: $p/partners:2: districts: 'noord' is not a district (see swt-db codes district)"
	printf '%b\n' 'partner_id\tname\ttier\tdistricts' 'x\tX\tsociale_basis\tcentrum' >"$p/partners"
	# the rules are checked against the lists the profile gives
	printf '%s\n' 'version v1' 'route_regie advies inwoner' \
	    'route_regie sociale_basis inwoner' 'route_regie eigen_inzet swt' \
	    'route_regie maatwerk aanbieder' 'rule r' '	when   district = noord' \
	    '	route  advies' '	source 1' '	reason x' >"$p/rules"
	refused --load "$p" profile
	assert_output "swt-db: $p/rules:7: rule r: when: district: 'noord' is not a district code (see swt-db codes district)"
	rm "$p/rules"
	run swt-db --load "$p" profile
	assert_success
	[ "$(q "SELECT districts FROM partner WHERE partner_id = 'x'")" = centrum ]
}

@test "profile: a refused load into a database that was not there leaves none" {
	f=$(tsv c.tsv 'list\tcode' 'wijk\tx')
	run swt-db --load "$f" codes
	assert_failure 3
	[ ! -e "$SWT_DB" ]
	run swt-db --load "$BATS_TEST_TMPDIR/nothere" profile
	assert_failure 3
	assert_output "swt-db: $BATS_TEST_TMPDIR/nothere: profile: No such file or directory"
	[ ! -e "$SWT_DB" ]
	run swt-db --load "$f" profile
	assert_output "swt-db: $f: profile: not a directory: a profile is one"
	# a load that is not refused makes the database
	f=$(tsv c.tsv 'list\tcode' 'district\tcentrum')
	run swt-db -q --load "$f" codes
	assert_success
	[ "$(q "SELECT count(*) FROM code WHERE code = 'centrum'")" -eq 1 ]
}

@test "profile: a directory with none of the files is not a profile" {
	swt-db -q init
	mkdir "$BATS_TEST_TMPDIR/empty"
	refused --load "$BATS_TEST_TMPDIR/empty" profile
	assert_output "swt-db: $BATS_TEST_TMPDIR/empty: profile: none of codes, terms, retention-terms, partners, rules and referrals in it: not a profile"
}

@test "profile: swt-gen writes requests, staff and providers in the database's districts" {
	swt-gen -n 300 --seed 5 >"$BATS_TEST_TMPDIR/zwolle.tsv"
	swt-db -q --load "$TOP/share/swt/profiles/voorbeeld" profile
	run swt-gen -n 300 --seed 5
	assert_success
	districts=$(awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    $c["district"] != "" { print $c["district"] }' <<<"$output" | sort -u | tr '\n' ' ')
	[ "$districts" = "centrum haven polder " ]
	run swt-gen --follow-up staff --tsv
	assert_line --regexp $'^m.jansen\t.*\tcentrum\t'
	assert_line --regexp $'^d.vandijk\t.*\thaven\t'
	run swt-gen --follow-up partners --tsv
	assert_line --regexp $'^hulpmiddelen_oost\t.*\tpolder\\|haven\\|centrum\t'
	# without a database, or with Zwolle's lists: Zwolle's districts
	rm "$SWT_DB"
	[ "$(swt-gen -n 300 --seed 5)" = "$(cat "$BATS_TEST_TMPDIR/zwolle.tsv")" ]
	swt-db -q init
	[ "$(swt-gen -n 300 --seed 5)" = "$(cat "$BATS_TEST_TMPDIR/zwolle.tsv")" ]
}

@test "profile: the whole demo runs on the second profile, in its districts" {
	cd "$BATS_TEST_TMPDIR"
	unset SWT_DB
	DEMO_N=200 PROFILE="$TOP/share/swt/profiles/voorbeeld" run sh "$TOP/share/demo.sh"
	assert_success
	assert_output --partial "swt-db: schema"
	assert_output --partial "ok"
	assert_line --regexp '^law +centrum +haven +polder|^law +(centrum|haven|polder)'
	[ ! -s demo/rejects.tsv ]
	[ ! -s demo/rejects-staff.tsv ]
	[ ! -s demo/rejects-referrals.tsv ]
	[ "$(sqlite3 demo/swt.db "SELECT count(*) FROM request WHERE district NOT IN ('centrum', 'haven', 'polder')")" -eq 0 ]
	[ "$(sqlite3 demo/swt.db "SELECT count(DISTINCT district) FROM staff")" -eq 3 ]
}
