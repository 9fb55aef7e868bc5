#!/bin/sh
# swt-kpi's full set for one year beside bench/kpi.py, the same figures in
# pandas from the same SQLite file (SPEC 8: ratio >= 10), on a lifecycle
# database of BENCH_N requests built by the demo's pipeline and cached
# (bench/kpi-db.sh).  The figures are compared one by one; then each KPI
# alone (SPEC 8 for 10 M requests: the full set < 30 s, one KPI < 5 s,
# peak RSS < 256 MB).  Each time is the median of BENCH_RUNS runs.  BENCH_PANDAS=no (make bench-large) leaves pandas
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
# a command run $runs times (BENCH_RUNS, default 3: this machine's speed
# varies by half within the hour): the median time, the peak RSS, the
# fastest and the slowest; its output to $dir/out
runs=${BENCH_RUNS:-3}
t() {
	: >"$dir/time"
	i=0
	while [ "$i" -lt "$runs" ]; do
		/usr/bin/time -f '%e %M' -a -o "$dir/time" "$@" >"$dir/out"
		i=$((i + 1))
	done
	sort -n "$dir/time" | awk '{ w[NR] = $1; if ($2 > m) m = $2 }
	    END { print w[int((NR + 1) / 2)], m, w[1], w[NR] }'
}
# both read it from memory; a file larger than the memory is read once by
# swt-kpi itself, first, and that time is shown too
if [ "${BENCH_PANDAS:-yes}" = no ]; then
	cold=$(runs=1 t swt-kpi --db "$db" --period "$year")
else
	cat "$db" >/dev/null
fi
swt=$(t swt-kpi --db "$db" --period "$year")
mv "$dir/out" "$dir/swt.tsv"
if [ "${BENCH_PANDAS:-yes}" = no ]; then
	echo "$swt $cold" | awk -v y="$year" -v r="$runs" '{
	printf "kpi: the full set for %s: swt-kpi %.2f s (median of %d: " \
	    "%.2f to %.2f; goal for 10 M: < 30 s; %.2f s the first time, " \
	    "from disk), peak RSS %.1f MB; pandas not run " \
	    "(BENCH_PANDAS=no)\n", y, $1, r, $3, $4, $5, $2 / 1024 }'
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
	echo "$swt $peer" | awk -v y="$year" -v r="$runs" '{
		printf "kpi: the full set for %s, the median of %d runs each: " \
		    "swt-kpi %.2f s (%.2f to %.2f), pandas %.2f s (%.2f to " \
		    "%.2f), ratio %.1f (goal >= 10), swt-kpi peak RSS %.1f MB\n",
		    y, r, $1, $3, $4, $5, $7, $8, $5 / ($1 > 0 ? $1 : 0.01),
		    $2 / 1024 }'
fi
for k in $(awk -F '\t' 'NR > 1 { print $2 }' "$dir/swt.tsv" | uniq); do
	printf '%s %s\n' "$k" "$(t swt-kpi --db "$db" --period "$year" --kpi "$k")"
done | awk -v r="$runs" '{ printf "%s%s %.2f s",
	(NR > 1 ? ", " : "kpi: each alone, the median of " r " runs: "),
	$1, $2; if ($3 > rss) rss = $3; if ($5 > slow) { slow = $5; k = $1 } }
    END { printf "; peak RSS %.1f MB; the slowest run %s %.2f s (goals " \
	"for 10 M: < 5 s each, < 256 MB)\n", rss / 1024, k, slow }'
[ "$agree" != no ]
