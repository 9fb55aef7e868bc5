#!/bin/sh
# swt-kpi's full set for one year beside bench/kpi.py, the same figures in
# pandas from the same SQLite file (SPEC 8: ratio >= 10), on a lifecycle
# database of BENCH_N requests built by the demo's pipeline and cached
# (bench/kpi-db.sh).  The figures are compared one by one; then each KPI
# alone (SPEC 8 for 10 M requests: the full set < 30 s, one KPI < 5 s,
# peak RSS < 256 MB).  BENCH_PANDAS=no (make bench-large) leaves pandas
# out: at 10 M it would hold every row of seven tables as Python objects,
# some 15 GB.
set -e
n=$BENCH_N
dir=$BENCH_DIR
py=/usr/bin/python3	# Debian's, with python3-pandas
db=$(sh bench/kpi-db.sh)
built=$(awk '$1 == "total" { print $2 }' "$db.time")
year=$(sqlite3 "$db" "SELECT substr(received_at, 1, 4) FROM request
    GROUP BY 1 ORDER BY count(*) DESC, 1 DESC LIMIT 1")
echo "kpi: $n requests received from ${BENCH_FROM:-2024-01-01}: the" \
    "database built in $built s by the demo's pipeline (kept in $db)"
# the time and peak RSS of a command, its output to $dir/out
t() { /usr/bin/time -f '%e %M' -o "$dir/time" "$@" >"$dir/out"; cat "$dir/time"; }
# both read it from memory; a file larger than the memory is read once by
# swt-kpi itself, first, and that time is shown too
if [ "${BENCH_PANDAS:-yes}" = no ]; then
	cold=$(t swt-kpi --db "$db" --period "$year")
else
	cat "$db" >/dev/null
fi
swt=$(t swt-kpi --db "$db" --period "$year")
mv "$dir/out" "$dir/swt.tsv"
if [ "${BENCH_PANDAS:-yes}" = no ]; then
	echo "$swt $cold" | awk -v y="$year" '{
	printf "kpi: the full set for %s: swt-kpi %.2f s (goal for 10 M: " \
	    "< 30 s; %.2f s the first time, from disk), peak RSS %.1f MB; " \
	    "pandas not run (BENCH_PANDAS=no)\n", y, $1, $3, $2 / 1024 }'
else
	peer=$(t "$py" bench/kpi.py "$db" "$year")
	mv "$dir/out" "$dir/pandas.tsv"
	# figure by figure: kpi and measure, values within 0.01
	awk -F '\t' 'NR == FNR { if (FNR > 1) v[$2 "\t" $3] = $4; next }
	FNR > 1 { k = $2 "\t" $3; seen[k] = 1
		if (!(k in v)) { print "  only pandas: " k "\t" $4; bad++; next }
		a = v[k]; b = $4; n++
		d = a - b; if (d < 0) d = -d
		if ((a == "") != (b == "") || d > 0.0100001) {
			print "  differ: " k "\tswt-kpi " a "\tpandas " b; bad++ } }
	END { for (k in v) if (!(k in seen)) { print "  only swt-kpi: " k; bad++ }
		printf "kpi: %d figures compared, %s\n", n,
		    bad ? bad " disagree (above)" : "all agree"; exit bad > 0 }' \
	    "$dir/swt.tsv" "$dir/pandas.tsv" || agree=no
	echo "$swt $peer" | awk -v y="$year" '{
		printf "kpi: the full set for %s: swt-kpi %.2f s, pandas %.2f s, " \
		    "ratio %.1f (goal >= 10), swt-kpi peak RSS %.1f MB\n",
		    y, $1, $3, $3 / ($1 > 0 ? $1 : 0.01), $2 / 1024 }'
fi
for k in $(awk -F '\t' 'NR > 1 { print $2 }' "$dir/swt.tsv" | uniq); do
	printf '%s %s\n' "$k" "$(t swt-kpi --db "$db" --period "$year" --kpi "$k")"
done | awk '{ printf "%s%s %.2f s", (NR > 1 ? ", " : "kpi: each alone: "),
	$1, $2; if ($3 > rss) rss = $3 }
    END { printf "; peak RSS %.1f MB (goals for 10 M: < 5 s each, " \
	"< 256 MB)\n", rss / 1024 }'
[ "$agree" != no ]
