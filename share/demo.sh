#!/bin/sh
# make demo: a synthetic caseload through the pipeline, in ./demo
set -e
PATH=$(pwd):$PATH
export PATH
n=${DEMO_N:-5000}
mkdir -p demo
rm -f demo/swt.db demo/swt.db-wal demo/swt.db-shm
export SWT_DB=demo/swt.db

echo "== $n synthetic requests (swt-gen), imported (swt-intake)"
swt-gen -n "$n" --seed 7 --from 2024-01-01 --to 2024-12-31 >demo/requests.tsv
swt-intake --rejects demo/rejects.tsv demo/requests.tsv >demo/stored.tsv

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

echo "== the intake conversations recorded (swt-gen --assessments)"
swt-gen -n "$n" --seed 7 --from 2024-01-01 --to 2024-12-31 --assessments |
    swt-intake >demo/assessed.tsv

echo "== triage of the assessed requests, decisions stored (swt-triage)"
swt-triage --pending --commit >demo/triaged.tsv
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

echo "== the database (swt-db check)"
swt-db check
echo "demo: files in ./demo; try: swt-db --db demo/swt.db codes route"
