#!/usr/bin/env bats
# swt-kpi --report html: the page of the published KPIs, read back from its
# tables and rendered in headless Chromium with the network off

load test_helper/common

# The demo at a small size, once for the file: its database, its baseline
# (published), its targets and its report, demo/verslag.html.
setup_file() {
	cd "$BATS_FILE_TMPDIR" || return 1
	DEMO_N=300 sh "$BATS_TEST_DIRNAME/../share/demo.sh" >demo.log 2>&1
}

setup() {
	D="$BATS_FILE_TMPDIR/demo"
	export SWT_DB="$D/swt.db"
}

# Chromium, headless, no network (a proxy that is not there, no names
# resolved), its console on stderr into browser.log; $1: the page.
browse() {
	command -v chromium >/dev/null ||
	    skip "chromium is not installed (sh bench/deps.sh check)"
	local page=$1
	shift
	chromium --headless --disable-gpu --no-sandbox \
	    --user-data-dir="$BATS_TEST_TMPDIR/profile" \
	    --proxy-server=127.0.0.1:9 --host-resolver-rules='MAP * ~NOTFOUND' \
	    --enable-logging=stderr --v=0 "$@" "file://$page" \
	    2>"$BATS_TEST_TMPDIR/browser.log"
}

# The figures of the page's tables, a line each: kpi, measure, then every
# cell (a decimal point, "-" for "–", "" for "n.v.t.").
cells() {
	awk -F '<td>' '/<tr data-kpi="/ {
		kpi = $0; sub(/.*data-kpi="/, "", kpi); sub(/".*/, "", kpi)
		m = $0; sub(/.*data-measure="/, "", m); sub(/".*/, "", m)
		out = kpi "\t" m
		for (i = 2; i <= NF; i++) {
			v = $i; sub(/<\/td>.*/, "", v); gsub(/<[^>]*>/, "", v)
			gsub(/,/, ".", v)
			if (v == "–") v = "-"; else if (v == "n.v.t.") v = ""
			out = out "\t" v
		}
		print out
	}' "$1"
}

# The same figures from swt-kpi --publish: by quarter ($1), the year ($2,
# with --compare and --targets), as the page shows them.
published() {
	awk -F '\t' -v OFS='\t' '
	function v(val, sup) { return sup == "yes" ? "-" : val }
	FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	FILENAME == ARGV[1] {
		k = $col["kpi"] "\t" $col["measure"]
		q[k] = q[k] "\t" v($col["value"], $col["suppressed"]); next
	}
	{
		k = $col["kpi"] "\t" $col["measure"]
		ch = $col["change"] == "no_baseline" ? "geen nulmeting" : $col["change"]
		met = $col["met"] == "yes" ? "ja" : $col["met"] == "no" ? "nee" : ""
		print k q[k], v($col["value"], $col["suppressed"]),
		    $col["baseline"], ch, $col["target"], met
	}' "$1" "$2"
}

@test "report: the demo ends with its report, and says where it is" {
	run grep -c 'the report for the council is .*/demo/verslag.html' \
	    "$BATS_FILE_TMPDIR/demo.log"
	assert_output 1
	run tail -n 1 "$D/verslag.html"
	assert_output '</main></body></html>'
	run head -c 15 "$D/verslag.html"
	assert_output '<!DOCTYPE html>'
}

@test "report: self-contained: no script, no link, no address outside the page" {
	run grep -Eic 'http|src=|<script|<link|<img|<iframe|url\(|@import|href="[^#]' \
	    "$D/verslag.html"
	assert_output 0
}

@test "report: Chromium renders it: every section, every chart with shapes and its table beneath" {
	browse "$D/verslag.html" --dump-dom >"$BATS_TEST_TMPDIR/dom.html"
	run grep -i 'CONSOLE' "$BATS_TEST_TMPDIR/browser.log"
	assert_failure
	dom="$BATS_TEST_TMPDIR/dom.html"
	for s in beweging wachttijd_intake wachttijd_ondersteuning doorlooptijd \
	    wettelijke_termijnen effectiviteit klachten efficientie \
	    proceskwaliteit afwijkingen; do
		grep -q "<section id=\"$s\"" "$dom" || fail "no section $s"
	done
	# in the order of the page: each chart its title, its description,
	# bars drawn, then its table with a caption before the next chart;
	# where no figure can be shown, a note instead of the chart
	run awk 'BEGIN { RS = "<svg" } NR > 1 {
		n++
		if ($0 !~ /^ role="img"/) bad = bad " role:" n
		if ($0 !~ /<title id="[a-z_]+-t">[^<]+<\/title><desc/) bad = bad " title:" n
		if ($0 !~ /<rect [^>]*height="(13|20)"/) bad = bad " bars:" n
		if ($0 !~ /<\/svg>[^<]*<table><caption>[^<]+<\/caption>/) bad = bad " table:" n
	} END { print n bad }' "$dom"
	[ "$output" -ge 6 ]
	charts=$output
	run grep -c '<p class="note">Geen grafiek' "$dom"
	assert_output $((10 - charts))
	# a row a figure, a column a quarter and the year
	figures=$(swt-kpi --period 2024 --publish | wc -l)
	run grep -c '<th scope="row">' "$dom"
	assert_output $((figures - 1))
	run grep -c '<thead><tr><th scope="col">Meting</th>\(<th scope="col">[^<]*</th>\)\{9\}</tr></thead>' "$dom"
	assert_output 10
	browse "$D/verslag.html" --window-size=1200,7000 \
	    --screenshot="$BATS_TEST_TMPDIR/verslag.png" >/dev/null
	[ -s "$BATS_TEST_TMPDIR/verslag.png" ]
	# for a person to look at
	mkdir -p "$TOP/tests/out"
	cp "$BATS_TEST_TMPDIR/verslag.png" "$TOP/tests/out/verslag.png"
}

@test "report: every figure in the tables is the one swt-kpi --publish gives" {
	swt-kpi --period 2024 --publish --by quarter >"$BATS_TEST_TMPDIR/q.tsv"
	swt-kpi --period 2024 --publish --compare "$D/nulmeting.tsv" \
	    --targets "$D/doelen.tsv" >"$BATS_TEST_TMPDIR/y.tsv"
	published "$BATS_TEST_TMPDIR/q.tsv" "$BATS_TEST_TMPDIR/y.tsv" \
	    >"$BATS_TEST_TMPDIR/want"
	cells "$D/verslag.html" | sort >"$BATS_TEST_TMPDIR/got"
	sort -o "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/want"
	run diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	assert_success
	run wc -l <"$BATS_TEST_TMPDIR/got"
	[ "$output" -gt 50 ]
	# a target of the demo, met or not, in its row
	run grep -c '^wachttijd_intake	median	.*	10	\(ja\|nee\)$' \
	    "$BATS_TEST_TMPDIR/got"
	assert_output 1
}

@test "report: a suppressed figure shows as – with the note, as many as --publish suppresses" {
	want=$( { swt-kpi --period 2024 --publish --by quarter
	    swt-kpi --period 2024 --publish; } | grep -c '	yes$')
	[ "$want" -gt 0 ]
	run grep -o '<td><span title="niet gepubliceerd">–</span></td>' \
	    "$D/verslag.html"
	[ "${#lines[@]}" -eq "$want" ]
	run grep -c '<p class="note">– niet gepubliceerd' "$D/verslag.html"
	[ "$output" -gt 0 ]
}

@test "report: no BSN, name, reference, client id or free text in the page" {
	sqlite3 -batch -noheader "$SWT_DB" "
	    SELECT bsn FROM person WHERE bsn IS NOT NULL
	    UNION SELECT name FROM person WHERE name <> ''
	    UNION SELECT client_id FROM person
	    UNION SELECT ref FROM request
	    UNION SELECT summary FROM request WHERE summary <> ''" \
	    >"$BATS_TEST_TMPDIR/private"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/private")" -gt 300 ]
	run grep -F -c -f "$BATS_TEST_TMPDIR/private" "$D/verslag.html"
	assert_output 0
	run grep -Ec '[0-9]{9}' "$D/verslag.html"
	assert_output 0
}

@test "report: a year shows quarters, a quarter months, a month itself" {
	swt-kpi --period 2024 --report html >"$BATS_TEST_TMPDIR/y.html"
	run grep -o '<th scope="col">[^<]*</th>' "$BATS_TEST_TMPDIR/y.html"
	assert_line --index 1 '<th scope="col">1e kwartaal 2024</th>'
	assert_line --index 4 '<th scope="col">4e kwartaal 2024</th>'
	assert_line --index 5 '<th scope="col">Hele periode</th>'
	run grep -c '>Nulmeting<\|>Doel<' "$BATS_TEST_TMPDIR/y.html"
	assert_output 0
	swt-kpi --period 2024-Q2 --report html >"$BATS_TEST_TMPDIR/q.html"
	run grep -o '<th scope="col">[^<]*</th>' "$BATS_TEST_TMPDIR/q.html"
	assert_line --index 1 '<th scope="col">april 2024</th>'
	assert_line --index 3 '<th scope="col">juni 2024</th>'
	assert_line --index 4 '<th scope="col">Hele periode</th>'
	swt-kpi --from 2024-05-01 --to 2024-05-31 --report html \
	    >"$BATS_TEST_TMPDIR/m.html"
	run grep -o '<th scope="col">[^<]*</th>' "$BATS_TEST_TMPDIR/m.html"
	assert_line --index 1 '<th scope="col">Hele periode</th>'
	run grep -c '1 mei 2024 tot en met 31 mei 2024\.' "$BATS_TEST_TMPDIR/m.html"
	assert_output 1
}

@test "report: measurements from outside in their own section" {
	printf '%s\n' period,kpi,group,value 2024-Q1,bereikbaarheid,telefoon_sec,45.5 \
	    '2023-Q1,bekendheid,,12' >"$BATS_TEST_TMPDIR/gemeten.csv"
	run swt-kpi --period 2024 --report html \
	    --measurements "$BATS_TEST_TMPDIR/gemeten.csv"
	assert_success
	assert_output --partial '<section id="buiten"'
	assert_output --partial '<tr data-kpi="bereikbaarheid" data-measure="telefoon_sec"><th scope="row">Bereikbaarheid: telefoon_sec</th><td>2024-Q1</td><td>45,5</td></tr>'
	refute_output --partial 'data-kpi="bekendheid"'
}

@test "report: a name from the database is escaped" {
	cp "$D/swt.db" "$BATS_TEST_TMPDIR/swt.db"
	export SWT_DB="$BATS_TEST_TMPDIR/swt.db"
	sqlite3 "$SWT_DB" "INSERT INTO legal_term (term, law, from_event,
	    to_event, days) VALUES ('t<b>&\"x', 'wmo', 'received_at', 'assessed_at', 42)"
	run swt-kpi --period 2024 --report html
	assert_success
	assert_output --partial 'data-measure="t&lt;b&gt;&amp;&quot;x_count"'
	assert_output --partial 't&lt;b&gt;&amp;&quot;x: afgelopen (aantal)'
	refute_output --partial 't<b>'
}

@test "report: only html; not with --by, --kpi, --cases or another format" {
	run swt-kpi --period 2024 --report pdf
	assert_failure 2
	assert_output --partial "--report: 'pdf' is not a report: html"
	for o in '--by district' '--kpi beweging' '--cases beweging' --csv \
	    --json; do
		# shellcheck disable=SC2086
		run swt-kpi --period 2024 --report html $o
		assert_failure 2
		assert_output --partial '--report writes one page of every KPI'
	done
}

@test "report: published figures only: an unpublished baseline is refused" {
	swt-kpi --period 2024 >"$BATS_TEST_TMPDIR/raw.tsv"
	run swt-kpi --period 2024 --report html --compare "$BATS_TEST_TMPDIR/raw.tsv"
	assert_failure
	assert_output --partial 'compares with a published baseline only'
	refute_output --partial '<html'
}
