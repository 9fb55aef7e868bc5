#!/bin/sh
# swt-intake with full validation beside sqlite3's .import of the same file
# into a table of the same columns that checks nothing (SPEC 8: ratio <= 1).
set -e
n=$BENCH_N
dir=$BENCH_DIR
csv=$dir/requests.csv
[ -f "$csv" ] || swt-gen -n "$n" --seed 42 --csv >"$csv"
cols=$(head -n 1 "$csv" | sed 's/,/ TEXT, /g; s/$/ TEXT/')
rm -f "$dir/peer.db" "$dir/swt.db"
sqlite3 "$dir/peer.db" "CREATE TABLE request ($cols)"
# the time and peak RSS of a command; its own output is not wanted
t() { /usr/bin/time -f '%e %M' -o "$dir/time" "$@" >/dev/null; cat "$dir/time"; }
peer=$(t sqlite3 "$dir/peer.db" ".import --csv --skip 1 $csv request")
swt=$(t swt-intake -q --db "$dir/swt.db" "$csv")
stored=$(sqlite3 "$dir/swt.db" 'select count(*) from request')
echo "$peer $swt $stored" | awk -v n="$n" '{
	printf "intake: %d requests (%d stored): swt-intake %.2f s, " \
	    "sqlite3 .import %.2f s, ratio %.2f (goal <= 1.0), " \
	    "swt-intake peak RSS %.1f MB\n", n, $5, $3, $1, $3 / $1, $4 / 1024 }'
[ "$stored" -eq "$n" ]
