#!/bin/sh
# swt-triage streaming records beside Miller's cat of the same CSV file
# (SPEC 8: at least 4 times as fast, peak RSS under 16 MB whatever the size).
# The two take turns, three times each, and each one's best time counts:
# on a shared machine noise only adds, and drifts alike for both.
set -e
n=$BENCH_N
dir=$BENCH_DIR
csv=$dir/assessed.csv
small=$dir/assessed-small.csv
[ -f "$csv" ] || swt-gen -n "$n" --seed 42 --with-assessments --csv >"$csv"
head -n $((n / 10 + 1)) "$csv" >"$small"
# time and peak RSS of a command, appended to a file; its output unwanted.
# The input is read once before, so that both read it from memory: this
# machine's page cache is reclaimed eagerly, and a disk would time itself.
t() {
	out=$1
	shift
	cat "$csv" "$small" >/dev/null
	/usr/bin/time -f '%e %M' -o "$dir/time" "$@" >/dev/null
	cat "$dir/time" >>"$out"
}
rm -f "$dir/peer" "$dir/swt" "$dir/small"
for i in 1 2 3; do
	t "$dir/peer" mlr --icsv --otsv cat "$csv"
	t "$dir/swt" swt-triage -q "$csv"
	t "$dir/small" swt-triage -q "$small"
done
best() { sort -n "$1" | head -n 1; }
echo "$(best "$dir/peer") $(best "$dir/swt") $(best "$dir/small")" |
    awk -v n="$n" '{
	printf "triage: %d records: swt-triage %.2f s, mlr --icsv --otsv cat " \
	    "%.2f s, ratio %.1f (goal >= 4); swt-triage peak RSS %.1f MB " \
	    "(%.1f MB on a tenth of the input; goal < 16)\n", n, $3, $1,
	    ($3 > 0 ? $1 / $3 : 0), $4 / 1024, $6 / 1024 }'
