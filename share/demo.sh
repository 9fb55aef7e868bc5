#!/bin/sh
# make demo: a synthetic caseload through the pipeline, in ./demo
# (DEMO_N requests; PROFILE, a municipality's profile directory, loaded
# first: make demo PROFILE=share/swt/profiles/voorbeeld)
set -e
PATH=$(pwd):$PATH
export PATH
. "$(dirname "$0")/pipeline.sh"
n=${DEMO_N:-5000}
seed=7
from=2024-01-01
to=2024-12-31
# the day the demo's team looks at its worklists
on=2025-03-31
dir=demo
mkdir -p demo
rm -f demo/swt.db demo/swt.db-wal demo/swt.db-shm
export SWT_DB=demo/swt.db

if [ -n "${PROFILE:-}" ]; then
	echo "== the municipality's profile $PROFILE (swt-db profile)"
	swt-db --load "$PROFILE" profile
fi

echo "== $n synthetic requests (swt-gen), imported (swt-intake), with"
echo "   the intake conversations recorded (swt-gen --assessments)"
pipeline_intake

echo "== stored requests by law and district"
awk -F '\t' '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{ n[$col["law"] "\t" $col["district"]]++; law[$col["law"]]; d[$col["district"]] }
END {
	printf "%-16s", "law"
	for (x in d) printf "%8s", x
	printf "\n"
	for (l in law) {
		printf "%-16s", l
		for (x in d) printf "%8d", n[l "\t" x]
		printf "\n"
	}
}' demo/stored.tsv

echo "== triage of the assessed requests, decisions stored (swt-triage)"
echo "   (each dated on the day of its assessment, as the team took it)"
pipeline_triage
echo "-- the route mix"
awk -F '\t' '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{ r = $col["route"]; if (r == "") r = "(incomplete)"; n[r]++; t++ }
END { for (r in n) printf "%-16s %6d %5.1f%%\n", r, n[r], 100 * n[r] / t }
' demo/triaged.tsv | sort -k2 -n -r
echo "-- regie"
awk -F '\t' '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
$col["regie"] != "" { n[$col["regie"]]++ }
END { for (r in n) printf "%-16s %6d\n", r, n[r] }
' demo/triaged.tsv | sort -k2 -n -r
echo "-- why: the first request sent to maatwerk, explained"
ref=$(awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["route"] == "maatwerk" { print $col["ref"]; exit }' demo/triaged.tsv)
awk -F '\t' -v ref="$ref" 'NR == 1 || $1 == ref' demo/triaged.tsv |
    swt-triage --explain --table | cut -c1-150

echo "== to whom the first routed requests go (swt-refer --propose)"
swt-refer --propose demo/triaged.tsv >demo/proposed.tsv
awk -F '\t' '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
$col["partner"] != "" && n < 8 { n++; printf "%-18s %-14s %-12s %-18s %s\n",
    $col["ref"], $col["route"], $col["kind"], $col["partner"], $col["candidates"] }
' demo/proposed.tsv

echo "== providers loaded, referrals stored (swt-gen --follow-up, swt-refer)"
pipeline_referrals
echo "-- referrals by kind and status"
awk -F '\t' '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{ n[$col["kind"] "\t" $col["status"]]++ }
END { for (k in n) print k "\t" n[k] }' demo/referrals.tsv | sort |
    awk -F '\t' '{ printf "%-12s %-10s %6d\n", $1, $2, $3 }'
echo "-- the five referrals longest without an answer or a start on $on"
swt-refer --overdue --on $on --table | head -n 6 | cut -c1-150

echo "== suspensions and extensions of the legal clocks (swt-term)"
pipeline_terms
echo "-- the clocks on $on, by term and status"
swt-term --list --on $on | awk -F '\t' '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{ n[$col["term"] "\t" $col["status"]]++ }
END { for (k in n) print k "\t" n[k] }' | sort |
    awk -F '\t' '{ printf "%-28s %-10s %6d\n", $1, $2, $3 }'
echo "-- one deadline, explained"
swt-term --list --on $on --explain --term jeugdwet_beschikking | awk -F '\t' '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
$col["suspended_days"] > 0 || $col["extended_days"] > 0 {
    print $col["ref"] ": " $col["explanation"]; exit }'

echo "== contacts, against the 15 conversations of eigen inzet (swt-contact)"
pipeline_contacts
awk -F '\t' '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{ n++; k[$col["kind"]]++ } $col["over_limit"] == "yes" { over[$col["ref"]] = 1 }
END { for (x in k) printf "%-12s %6d\n", x, k[x]
      m = 0; for (r in over) m++
      printf "requests on eigen inzet over the limit: %d\n", m }' demo/contacts.tsv

echo "== requests closed with their reason (swt-intake)"
pipeline_closures

echo "== support plans with goals per life domain (swt-plan)"
pipeline_plans
echo "-- the team lead's list on $on (swt-plan --due), by item"
swt-plan --due --on $on | awk -F '\t' '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{ n[$col["item"]]++ } END { for (k in n) printf "%-14s %6d\n", k, n[k] }'
client=$(awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["plan_status"] == "open" && $col["goal_id"] != "" { print $col["client_id"]; exit }' demo/plans.tsv)
echo "-- one plan, as the resident reads it (swt-plan --show $client)"
swt-plan --show "$client" --on $on

echo "== staff with their FTE, and complaints (swt-db load-staff, load-complaints)"
pipeline_staff

echo "== the KPIs of 2024 (swt-kpi), the baseline in demo/nulmeting.tsv"
swt-kpi --period 2024 --publish >demo/nulmeting.tsv
swt-kpi --period 2024 --publish --kpi wachttijd_intake,beweging,wettelijke_termijnen --table

echo "== the database (swt-db check)"
swt-db check

echo "== the report for the council (swt-kpi --report html)"
# the council's targets (002 ch. 9.1): a few, as an example
printf '%s\n' 'kpi	measure	op	target' \
    'wachttijd_intake	median	<=	10' \
    'wachttijd_ondersteuning	median	<=	21' \
    'beweging	maatwerk_pct	<=	40' \
    'wettelijke_termijnen	wmo_beschikking_on_time_pct	>=	95' \
    'klachten	on_time_pct	>=	90' >demo/doelen.tsv
swt-kpi --period 2024 --report html --compare demo/nulmeting.tsv \
    --targets demo/doelen.tsv >demo/verslag.html

echo "demo: files in ./demo; try: swt-db --db demo/swt.db codes route"
echo "demo: the report for the council is $(pwd)/demo/verslag.html"
