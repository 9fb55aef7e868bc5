#!/bin/sh
# swt-intake with full validation beside the sqlite3 shell loading the same
# file into the same schema without validating (SPEC 8: ratio <= 1), and the
# bare .import of the file into one plain table.
# Then the floor: the same rows put by SQL alone (no parsing, no validation)
# into a plain table and into swt's own schema (person and request, foreign-
# key checks off), to show how much of the time is SQLite's work for the data
# model, which no parser can save.
set -e
n=$BENCH_N
dir=$BENCH_DIR
csv=$dir/requests.csv
[ -f "$csv" ] || swt-gen -n "$n" --seed 42 --csv >"$csv"
cols=$(head -n 1 "$csv" | sed 's/,/ TEXT, /g; s/$/ TEXT/')
rm -f "$dir"/*.db "$dir"/*.db-*
# the time and peak RSS of a command; its own output is not wanted
t() { /usr/bin/time -f '%e %M' -o "$dir/time" "$@" >/dev/null; cat "$dir/time"; }

# the peer: the sqlite3 shell loads the same file into the same schema,
# validating nothing: .import into a scratch table, then INSERT ... SELECT
# into person and request, the person keyed by a value computed in SQL;
# with the settings swt's own connection has (lib/db.c: swt_db_open)
swt-db -q --db "$dir/peer.db" init
cat >"$dir/peer.sql" <<EOS
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
PRAGMA cache_size = -65536;
PRAGMA mmap_size = 67108864;
.import --csv $csv scratch
BEGIN IMMEDIATE;
INSERT INTO person (client_id, bsn, birth_date, postcode, district, name,
    created_at)
SELECT printf('%016x', bsn * 2654435761 % 4294967291), nullif(bsn, ''),
    nullif(birth_date, ''), nullif(postcode, ''), nullif(district, ''),
    nullif(name, ''), strftime('%Y-%m-%dT%H:%M:%SZ') FROM scratch WHERE true
    ON CONFLICT DO NOTHING;
INSERT INTO request (ref, received_at, kind, channel, source, law, service,
    life_domain, district, summary, staff, client_id, status, created_at)
SELECT ref, received_at, kind, channel, source, law, service, life_domain,
    district, summary, nullif(staff, ''),
    printf('%016x', bsn * 2654435761 % 4294967291), 'open',
    strftime('%Y-%m-%dT%H:%M:%SZ') FROM scratch WHERE true
    ON CONFLICT (ref) DO NOTHING;
DROP TABLE scratch;
COMMIT;
EOS
cat "$csv" >/dev/null	# each reads it from memory
peer=$(t sqlite3 "$dir/peer.db" <"$dir/peer.sql")
# the floor: the bare .import into one plain table
sqlite3 "$dir/bare.db" "CREATE TABLE request ($cols)"
cat "$csv" >/dev/null
bare=$(t sqlite3 "$dir/bare.db" ".import --csv --skip 1 $csv request")
cat "$csv" >/dev/null
swt=$(t swt-intake -q --db "$dir/swt.db" "$csv")
stored=$(sqlite3 "$dir/swt.db" 'select count(*) from request')
peerstored=$(sqlite3 "$dir/peer.db" 'select count(*) from request')
echo "$peer $swt $bare $stored $peerstored" | awk -v n="$n" '{
	printf "intake: %d requests (%d stored; the shell %d): swt-intake " \
	    "%.2f s, the sqlite3 shell doing the same load %.2f s, ratio " \
	    "%.2f (goal <= 1.0); bare .import into one table %.2f s (ratio " \
	    "%.2f); swt-intake peak RSS %.1f MB\n", n, $7, $8, $3, $1,
	    $3 / $1, $5, $3 / $5, $4 / 1024 }'
[ "$stored" -eq "$n" ]

# the rows as swt-intake stored them, each with its client_id, in input order
sqlite3 "$dir/rows.db" "ATTACH '$dir/bare.db' AS p; ATTACH '$dir/swt.db' AS s;
    CREATE TABLE src AS SELECT p.*, r.client_id FROM p.request p
    JOIN s.request r USING (ref) ORDER BY r.request_id"
swt-db -q --db "$dir/floor.db" init
sqlite3 "$dir/plain.db" "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;
    CREATE TABLE request ($cols, client_id TEXT)" >/dev/null
cat "$dir/rows.db" >/dev/null
plain=$(t sqlite3 "$dir/plain.db" "PRAGMA synchronous = NORMAL;
    PRAGMA cache_size = -65536; ATTACH '$dir/rows.db' AS r;
    BEGIN IMMEDIATE; INSERT INTO request SELECT * FROM r.src; COMMIT;")
cat "$dir/rows.db" >/dev/null
floor=$(t sqlite3 "$dir/floor.db" "PRAGMA synchronous = NORMAL;
    PRAGMA cache_size = -65536; PRAGMA foreign_keys = OFF;
    ATTACH '$dir/rows.db' AS r; BEGIN IMMEDIATE;
    INSERT INTO person (client_id, bsn, birth_date, postcode, district,
        name, created_at)
    SELECT client_id, nullif(bsn, ''), nullif(birth_date, ''),
        nullif(postcode, ''), nullif(district, ''), nullif(name, ''),
        '2000-01-01T00:00:00Z' FROM r.src WHERE true ON CONFLICT DO NOTHING;
    INSERT INTO request (ref, received_at, kind, channel, source, law,
        service, life_domain, district, summary, staff, client_id, status,
        created_at)
    SELECT ref, received_at, kind, channel, source, law, service,
        life_domain, district, summary, nullif(staff, ''), client_id,
        'open', '2000-01-01T00:00:00Z' FROM r.src WHERE true
        ON CONFLICT (ref) DO NOTHING;
    COMMIT;")
echo "$bare $swt $plain $floor" | awk '{
	printf "intake floor: the same rows by SQL alone into a plain table " \
	    "%.2f s, into swt'"'"'s schema %.2f s (%.2f times .import); " \
	    "swt-intake takes %.2f times that floor\n", $5, $7, $7 / $1,
	    $3 / $7 }'
