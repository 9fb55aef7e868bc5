#!/bin/sh
# swt-triage streaming records beside Miller's cat of the same CSV file
# (SPEC 8: at least 4 times as fast, peak RSS under 16 MB whatever the size).
# Each is timed three times; the best time counts, as noise only adds.
set -e
n=$BENCH_N
dir=$BENCH_DIR
csv=$dir/assessed.csv
small=$dir/assessed-small.csv
[ -f "$csv" ] || swt-gen -n "$n" --seed 42 --with-assessments --csv >"$csv"
head -n $((n / 10 + 1)) "$csv" >"$small"
# the best time and the peak RSS of a command; its output is not wanted
t() {
	for i in 1 2 3; do
		/usr/bin/time -f '%e %M' -o "$dir/time" "$@" >/dev/null
		cat "$dir/time"
	done | sort -n | head -n 1
}
peer=$(t mlr --icsv --otsv cat "$csv")
swt=$(t swt-triage -q "$csv")
swt_small=$(t swt-triage -q "$small")
echo "$peer $swt $swt_small" | awk -v n="$n" '{
	printf "triage: %d records: swt-triage %.2f s, mlr --icsv --otsv cat " \
	    "%.2f s, ratio %.1f (goal >= 4); swt-triage peak RSS %.1f MB " \
	    "(%.1f MB on a tenth of the input; goal < 16)\n", n, $3, $1,
	    ($3 > 0 ? $1 / $3 : 0), $4 / 1024, $6 / 1024 }'
