#!/bin/sh
# swt-contact storing BENCH_N contacts, ten per request, beside swt-intake
# storing those requests: the rate of each, and swt-contact's peak RSS for
# a tenth of the input, the whole input, and a second input as large into
# the database the first made (SPEC 8: a streaming command's memory does
# not grow with its input; it grows with the database up to SQLite's page
# cache and memory map, 64 MB each, and the second run shows it stay there).
set -e
n=$BENCH_N
dir=$BENCH_DIR
nreq=$(((n + 9) / 10))
csv=$dir/requests.csv
req=$dir/contact-requests.csv
contacts=$dir/contacts.csv
small=$dir/contacts-small.csv
again=$dir/contacts-again.csv
[ -f "$csv" ] || swt-gen -n "$n" --seed 42 --csv >"$csv"
head -n $((nreq + 1)) "$csv" >"$req"
# each request's ten contacts, on the day it came in: of each kind, each
# its own length, and each with the source's contact_ref
awk -F ',' -v n="$n" -v nreq="$nreq" 'BEGIN {
	split("gesprek huisbezoek telefonisch digitaal mdo leun_steun", k, " ")
	print "contact_ref,ref,date,kind,staff,minutes"
}
NR > 1 { ref[NR - 2] = $1; day[NR - 2] = substr($2, 1, 10) }
END {
	for (i = 0; i < n; i++) {
		r = i % nreq
		printf "K%d,%s,%s,%s,s%d,%d\n", i, ref[r], day[r], k[i % 6 + 1],
		    i % 40, 10 + int(i / nreq)
	}
}' "$req" >"$contacts"
head -n $((n / 10 + 1)) "$contacts" >"$small"
sed 's/^K/L/' "$contacts" >"$again"	# the same contacts, other refs
rm -f "$dir"/contact*.db "$dir"/contact*.db-*
# the time and peak RSS of a command; its own output is not wanted
t() { /usr/bin/time -f '%e %M' -o "$dir/time" "$@" >/dev/null; cat "$dir/time"; }
cat "$req" >/dev/null
intake=$(t swt-intake -q --db "$dir/contact.db" "$req")
cp "$dir/contact.db" "$dir/contact-small.db"
cat "$contacts" >/dev/null
swt=$(t swt-contact -q --db "$dir/contact.db" "$contacts")
cat "$small" >/dev/null
tenth=$(t swt-contact -q --db "$dir/contact-small.db" "$small")
stored=$(sqlite3 "$dir/contact.db" 'select count(*) from contact')
cat "$again" >/dev/null
second=$(t swt-contact -q --db "$dir/contact.db" "$again")
echo "$intake $swt $tenth $stored $second" | awk -v n="$n" -v nreq="$nreq" '{
	printf "contact: %d contacts (%d stored) of %d requests: swt-contact " \
	    "%.2f s (%.0f a second), swt-intake %.0f requests a second; " \
	    "peak RSS swt-contact %.1f MB for a tenth of the input, %.1f MB " \
	    "for all of it, %.1f MB for as many again into that database; " \
	    "swt-intake %.1f MB\n",
	    n, $7, nreq, $3, n / ($3 > 0 ? $3 : 0.01),
	    nreq / ($1 > 0 ? $1 : 0.01), $6 / 1024, $4 / 1024, $9 / 1024,
	    $2 / 1024 }'
[ "$stored" -eq "$n" ]
