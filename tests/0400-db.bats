#!/usr/bin/env bats
# swt-db: create, check, back up, export

load test_helper/common

q() { sqlite3 -batch -noheader "${2:-$SWT_DB}" "$1"; }

# Damage the first page of table $1: SQLite finds it malformed.
damage() {
	local page size
	page=$(q "select rootpage from sqlite_schema where name = '$1'")
	size=$(q 'pragma page_size')
	printf '\377\377\377\377\377\377\377\377' |
	    dd of="$SWT_DB" bs=1 seek=$(( (page - 1) * size )) conv=notrunc 2>/dev/null
}

@test "db: init creates the whole data model, mode 0600" {
	run swt-db init
	assert_success
	assert_output --partial "created"
	[ "$(stat -c %a "$SWT_DB")" = 600 ]
	for t in person request decision referral partner plan goal contact suspension complaint staff audit code legal_term retention_term measurement; do
		[ "$(q "select count(*) from sqlite_schema where type = 'table' and name = '$t'")" = 1 ]
	done
	[ "$(q "select count(*) from code where list = 'life_domain'")" = 14 ]
	[ "$(q "select count(*) from code where list = 'product'")" = 34 ]
	[ "$(q "select days from legal_term where term = 'wmo_onderzoek'")" = 42 ]
	[ "$(q "select strict from pragma_table_list where name = 'request'")" = 1 ]
}

@test "db: --group init creates the file mode 0660 despite the umask, and its -wal and -shm" {
	umask 077
	run swt-db --group init
	assert_success
	assert_output --partial "created"
	[ "$(stat -c %a "$SWT_DB")" = 660 ]
	# a writer, under the same umask, holds it open while it waits for records
	mkfifo "$BATS_TEST_TMPDIR/in"
	exec 7<>"$BATS_TEST_TMPDIR/in"
	swt-intake -q "$BATS_TEST_TMPDIR/in" >/dev/null 3>&- 7>&- &
	pid=$!
	# the database is opened once the header is read
	printf 'ref,received_at\n' >&7
	for i in $(seq 100); do
		[ -e "$SWT_DB-wal" ] && [ -e "$SWT_DB-shm" ] && break
		sleep 0.1
	done
	wal=$(stat -c %a "$SWT_DB-wal")
	shm=$(stat -c %a "$SWT_DB-shm")
	printf 'G1,2024-01-02\n' >&7
	exec 7>&-
	wait $pid
	[ "$wal $shm" = "660 660" ]
	[ "$(q "select ref from request")" = G1 ]
	[ "$(stat -c %a "$SWT_DB")" = 660 ]
}

@test "db: init that cannot write (a full disk) leaves no empty file behind" {
	run bash -c 'trap "" XFSZ; ulimit -f 1; swt-db init'
	assert_failure 3
	assert_output --partial "$SWT_DB"
	[ ! -e "$SWT_DB" ]
}

@test "db: init on an existing database keeps it" {
	swt-db init
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	run swt-db init
	assert_success
	assert_output --partial "exists"
	[ "$(q 'select count(*) from request')" = 3 ]
}

@test "db: check passes on a good database" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	run swt-db check
	assert_success
	assert_output --partial "ok"
}

@test "db: check finds an altered audit entry" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	swt-intake -q "$FIX/intake/assess.tsv" >/dev/null
	q "drop trigger audit_no_update; update audit set detail = 'nothing to see' where audit_id = 1"
	run swt-db check
	assert_failure 3
	assert_output --partial "audit: entry 1 does not match the hash chain"
}

@test "db: check finds a removed audit entry" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	swt-intake -q "$FIX/intake/assess.tsv" >/dev/null
	q "drop trigger audit_no_delete; delete from audit where audit_id = 2"
	run swt-db check
	assert_failure 3
	assert_output --partial "does not match the hash chain"
}

@test "db: check finds the audit log's append-only triggers missing" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	q "drop trigger audit_no_update"
	run swt-db check
	assert_failure 3
	assert_output --partial "audit: trigger audit_no_update is missing"
	refute_output --partial "audit_no_delete"
	assert_output --partial "problems found"
	q "drop trigger audit_no_delete"
	run swt-db check
	assert_failure 3
	assert_output --partial "audit: trigger audit_no_update is missing"
	assert_output --partial "audit: trigger audit_no_delete is missing"
	# one that is there by name but does not refuse is no better
	q "create trigger audit_no_delete before delete on audit begin select 1; end"
	run swt-db check
	assert_failure 3
	assert_output --partial "audit: trigger audit_no_delete is missing"
}

@test "db: check names the last hash, and finds the entries removed after it" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	run swt-db check
	assert_success
	assert_output --regexp 'schema [0-9]+, 1 audit entries \(last hash [0-9a-f]{16}\), ok$'
	held=$(printf '%s\n' "$output" | sed -n 's/.*last hash \([0-9a-f]*\).*/\1/p')
	swt-intake -q "$FIX/intake/assess.tsv" >/dev/null
	run swt-db check "$held"
	assert_success
	# the newest entries removed, and the trigger put back: the chain
	# still matches, but lost the hash
	trigger=$(q "select sql from sqlite_schema where name = 'audit_no_delete'")
	q "drop trigger audit_no_delete; delete from audit; $trigger"
	run swt-db check
	assert_success
	run swt-db check "$held"
	assert_failure 3
	assert_output --partial "the chain no longer holds $held"
	run swt-db check xyz
	assert_failure 2
}

@test "db: check says when it cannot read the audit log" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	damage audit
	run swt-db check
	assert_failure 3
	assert_output --partial "audit: cannot read the log"
	assert_output --partial "malformed"
	assert_output --partial "0 audit entries readable (last hash none), problems found"
}

@test "db: the audit log refuses updates and deletes" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	run q "update audit set detail = 'x'"
	assert_failure
	assert_output --partial "append-only"
}

@test "db: check warns when others can read the file" {
	swt-db init
	chmod 644 "$SWT_DB"
	run swt-db check
	assert_success
	assert_output --partial "readable by others"
}

@test "db: check of a missing database fails" {
	run swt-db check
	assert_failure 3
	assert_output --partial "no database"
}

@test "db: a database of a newer schema is refused" {
	swt-db init
	q "pragma user_version = 99"
	run swt-intake -q "$FIX/intake/good.csv"
	assert_failure 3
	assert_output --partial "newer than this swt"
}

@test "db: a command that only reads says an older database needs swt-db init" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	v=$(q 'pragma user_version')
	q "pragma user_version = $((v - 1))"
	run swt-kpi --period 2024
	assert_failure 3
	assert_output --partial "has schema $((v - 1)), older than this swt's $v: swt-db init upgrades it"
	run swt-db init
	assert_success
	[ "$(q 'pragma user_version')" = "$v" ]
	run swt-kpi --period 2024
	assert_success
}

@test "db: backup makes a consistent copy, even while another writes" {
	awk 'BEGIN { print "ref,received_at,law"; for (i = 0; i < 50000; i++) printf "W%06d,2024-01-02,wmo\n", i }' >"$BATS_TEST_TMPDIR/w.csv"
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	swt-intake -q "$BATS_TEST_TMPDIR/w.csv" >/dev/null &
	pid=$!
	run swt-db backup "$BATS_TEST_TMPDIR/copy.db"
	assert_success
	wait $pid
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/copy.db")" = 600 ]
	[ "$(q 'pragma integrity_check' "$BATS_TEST_TMPDIR/copy.db")" = ok ]
	n=$(q 'select count(*) from request' "$BATS_TEST_TMPDIR/copy.db")
	[ "$n" = 3 ] || [ "$n" = 50003 ]
	SWT_DB="$BATS_TEST_TMPDIR/copy.db" run swt-db check
	assert_success
}

@test "db: an entry written while another process imports keeps the chain" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	mkfifo "$BATS_TEST_TMPDIR/in"
	# the import takes the write lock, then waits for its records
	swt-intake -q <"$BATS_TEST_TMPDIR/in" >/dev/null 3>&- &
	importer=$!
	exec 7>"$BATS_TEST_TMPDIR/in"
	sleep 0.5
	swt-db --show-pii export "$BATS_TEST_TMPDIR/out" 3>&- 7>&- &
	exporter=$!
	sleep 1	# its audit entry waits for the lock
	printf 'ref,received_at\nL1,2024-01-02\n' >&7
	exec 7>&-
	wait $importer
	wait $exporter
	[ "$(q "select count(*) from audit where action = 'export'")" = 1 ]
	run swt-db check
	assert_success
	assert_output --partial ok
}

@test "db: another program's database is refused and left as it was" {
	sqlite3 "$SWT_DB" 'create table t (x); insert into t values (1)'
	run swt-db check
	assert_failure 3
	assert_output --partial "not an swt database"
	run swt-intake -q "$FIX/intake/good.csv"
	assert_failure 3
	[ "$(q 'pragma journal_mode')" = delete ]
	[ "$(q 'select count(*) from sqlite_schema')" = 1 ]
	[ "$(q 'pragma user_version')" = 0 ]
}

@test "db: --dry-run on an empty file leaves it empty" {
	: >"$SWT_DB"
	run swt-intake -n -q "$FIX/intake/good.csv"
	assert_success
	[ ! -s "$SWT_DB" ]
}

@test "db: a backup is logged in the audit, without the file's name" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	run swt-db backup "$BATS_TEST_TMPDIR/secret-name.db"
	assert_success
	[ "$(q "select count(*) from audit where action = 'backup' and entity = 'person'")" = 1 ]
	[ "$(q "select count(*) from audit where detail like '%secret-name%' or entity_id is not null and action = 'backup'")" = 0 ]
	run swt-db check
	assert_success
}

@test "db: backup will not overwrite a file" {
	swt-db init
	: >"$BATS_TEST_TMPDIR/there.db"
	run swt-db backup "$BATS_TEST_TMPDIR/there.db"
	assert_failure 3
	assert_output --partial "cannot create"
}

@test "db: a backup that fails leaves nothing behind, and says what failed" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	# room for the copy, not for the -wal and -shm it passes through
	small_fs $(( $(q 'pragma page_count') * $(q 'pragma page_size') / 1024 + 8 ))k
	run swt-db backup "$BATS_TEST_TMPDIR/full/b.db"
	assert_failure 3
	[ -z "$(ls -A "$BATS_TEST_TMPDIR/full")" ]
	assert_output --partial "cannot back up to '$BATS_TEST_TMPDIR/full/b.db': "
	# no room at all
	dd if=/dev/zero of="$BATS_TEST_TMPDIR/full/filler" bs=4k 2>/dev/null || true
	run swt-db backup "$BATS_TEST_TMPDIR/full/b.db"
	assert_failure 3
	[ "$(ls -A "$BATS_TEST_TMPDIR/full")" = filler ]
	assert_output --partial "cannot back up to '$BATS_TEST_TMPDIR/full/b.db': database or disk is full"
	# with room, the same place takes a whole copy
	rm "$BATS_TEST_TMPDIR/full/filler"
	umount "$BATS_TEST_TMPDIR/full"
	small_fs 4m
	run swt-db backup "$BATS_TEST_TMPDIR/full/b.db"
	assert_success
	[ "$(ls -A "$BATS_TEST_TMPDIR/full")" = b.db ]
	[ "$(q 'select count(*) from request' "$BATS_TEST_TMPDIR/full/b.db")" = 3 ]
}

@test "db: export writes every table as TSV, without person data or the key" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	run swt-db export "$BATS_TEST_TMPDIR/out"
	assert_success
	[ -f "$BATS_TEST_TMPDIR/out/request.tsv" ]
	[ -f "$BATS_TEST_TMPDIR/out/audit.tsv" ]
	[ ! -e "$BATS_TEST_TMPDIR/out/person.tsv" ]
	[ ! -e "$BATS_TEST_TMPDIR/out/meta.tsv" ]
	[ "$(wc -l <"$BATS_TEST_TMPDIR/out/request.tsv")" = 4 ]
	run grep -r 999993847 "$BATS_TEST_TMPDIR/out"
	assert_failure
}

@test "db: export --show-pii adds the person table and is audited" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	run swt-db --show-pii export "$BATS_TEST_TMPDIR/out"
	assert_success
	grep -q 999993847 "$BATS_TEST_TMPDIR/out/person.tsv"
	[ ! -e "$BATS_TEST_TMPDIR/out/meta.tsv" ]
	[ "$(q "select count(*) from audit where action = 'export' and entity = 'person'")" = 1 ]
	# the directory as typed is free text, which the audit log takes none of
	[ "$(q "select detail from audit where action = 'export'")" = "--show-pii: person data exported" ]
}

@test "db: export --show-pii writes nothing when its audit entry cannot be written" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	q "create trigger audit_full before insert on audit begin select raise(abort, 'the log is full'); end"
	run swt-db --show-pii export "$BATS_TEST_TMPDIR/out"
	assert_failure 3
	msg=$output
	run grep -r --exclude="swt.db*" 999993847 "$BATS_TEST_TMPDIR"
	assert_failure
	[ ! -e "$BATS_TEST_TMPDIR/out" ]
	[ "$(q "select count(*) from audit where action = 'export'")" = 0 ]
	output=$msg
	assert_output --partial "the log is full"
	assert_output --partial "nothing written"
}

@test "db: export --show-pii into a place that cannot take it logs nothing" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	: >"$BATS_TEST_TMPDIR/file"
	run swt-db --show-pii export "$BATS_TEST_TMPDIR/file"
	assert_failure 3
	[ "$(q "select count(*) from audit where action = 'export'")" = 0 ]
	assert_output --partial "cannot write in '$BATS_TEST_TMPDIR/file': Not a directory"
	run swt-db --show-pii export "$BATS_TEST_TMPDIR/file/out"
	assert_failure 3
	assert_output --partial "cannot create '$BATS_TEST_TMPDIR/file/out': Not a directory"
	# a directory that cannot be written in
	small_fs 64k
	mkdir "$BATS_TEST_TMPDIR/full/out"
	mount -o remount,ro "$BATS_TEST_TMPDIR/full"
	run swt-db --show-pii export "$BATS_TEST_TMPDIR/full/out"
	assert_failure 3
	[ "$(q "select count(*) from audit where action = 'export'")" = 0 ]
	assert_output --partial "cannot write in '$BATS_TEST_TMPDIR/full/out': Read-only file system"
}

@test "db: export --show-pii puts out no person data when a later table fails" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	mkdir -p "$BATS_TEST_TMPDIR/out/request.tsv"
	run swt-db --show-pii export "$BATS_TEST_TMPDIR/out"
	assert_failure 3
	assert_output --partial "cannot write '$BATS_TEST_TMPDIR/out/request.tsv': Is a directory"
	[ "$(ls -A "$BATS_TEST_TMPDIR/out")" = request.tsv ]
	run grep -r --exclude="swt.db*" 999993847 "$BATS_TEST_TMPDIR"
	assert_failure
}

@test "db: export writes each file new, mode 0600, whatever stood in its place" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	mkdir "$BATS_TEST_TMPDIR/out"
	printf 'old\n' >"$BATS_TEST_TMPDIR/out/person.tsv"
	printf 'old\n' >"$BATS_TEST_TMPDIR/out/request.tsv"
	chmod 644 "$BATS_TEST_TMPDIR/out/person.tsv" "$BATS_TEST_TMPDIR/out/request.tsv"
	# a link to the old file elsewhere, and a link out of the directory
	ln "$BATS_TEST_TMPDIR/out/person.tsv" "$BATS_TEST_TMPDIR/shared.tsv"
	: >"$BATS_TEST_TMPDIR/public.tsv"
	chmod 644 "$BATS_TEST_TMPDIR/public.tsv"
	ln -s "$BATS_TEST_TMPDIR/public.tsv" "$BATS_TEST_TMPDIR/out/audit.tsv"
	run swt-db --show-pii export "$BATS_TEST_TMPDIR/out"
	assert_success
	# each a file of its own, mode 0600
	[ -z "$(find "$BATS_TEST_TMPDIR/out" -mindepth 1 ! \( -type f -perm 600 \))" ]
	grep -q 999993847 "$BATS_TEST_TMPDIR/out/person.tsv"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/out/request.tsv")" = 4 ]
	[ "$(cat "$BATS_TEST_TMPDIR/shared.tsv")" = old ]
	[ ! -s "$BATS_TEST_TMPDIR/public.tsv" ]
	# no temporary file is left beside them
	[ "$(ls -A "$BATS_TEST_TMPDIR/out" | grep -c '^\.')" = 0 ]
}

@test "db: an export that fails keeps the last whole export" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	small_fs 1m
	out="$BATS_TEST_TMPDIR/full/out"
	swt-db export "$out"
	before=$(cd "$out" && ls -A && cat -- *)
	# more to write than there is room for
	awk 'BEGIN { print "ref,received_at,law,summary"; for (i = 0; i < 3000; i++) printf "F%06d,2024-01-02,wmo,een lange samenvatting van de vraag\n", i }' >"$BATS_TEST_TMPDIR/f.csv"
	swt-intake -q "$BATS_TEST_TMPDIR/f.csv" >/dev/null
	dd if=/dev/zero of="$BATS_TEST_TMPDIR/full/filler" bs=4k 2>/dev/null || true
	run swt-db export "$out"
	assert_failure 3
	[ "$(cd "$out" && ls -A && cat -- *)" = "$before" ]
	assert_output --regexp "cannot write '$out/[a-z_]+\.tsv': No space left on device"
}

@test "db: export of a damaged table fails, names it, and keeps the last export" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	swt-db export "$BATS_TEST_TMPDIR/out"
	before=$(cat "$BATS_TEST_TMPDIR/out/request.tsv")
	damage request
	run swt-db export "$BATS_TEST_TMPDIR/out"
	[ "$(cat "$BATS_TEST_TMPDIR/out/request.tsv")" = "$before" ]
	assert_failure 3
	assert_output --partial "cannot read table 'request'"
	assert_output --partial "malformed"
}

@test "db: export refuses a table whose name will not do as a file name" {
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	q 'create table "../outside" (x); insert into "../outside" values (1)'
	run swt-db export "$BATS_TEST_TMPDIR/out"
	assert_failure 3
	[ ! -e "$BATS_TEST_TMPDIR/outside.tsv" ]
	[ ! -e "$BATS_TEST_TMPDIR/out" ]
	assert_output --partial "cannot export table '../outside'"
}

@test "db: SWT_USER names who exported the person data" {
	env -u SWT_USER swt-intake -q "$FIX/intake/good.csv" >/dev/null
	SWT_USER=marieke run swt-db --show-pii export "$BATS_TEST_TMPDIR/out"
	assert_success
	[ "$(q "select user from audit where action = 'export'")" = marieke ]
	[ "$(q "select user from audit where action = 'import'")" = "$(id -un)" ]
}

@test "db: codes lists a code list" {
	swt-db init
	run swt-db --tsv codes route
	assert_success
	assert_line --index 0 "$(printf 'list\tcode\tparent\tlabel')"
	assert_line --index 1 --partial "route	advies"
	assert_line --index 4 --partial "route	maatwerk"
	run swt-db --tsv codes service
	assert_line --partial "service	jeugdhulp	jeugdwet"
}

@test "db: codes of a damaged code table fails and says so" {
	swt-db init
	damage code
	run swt-db --tsv codes route
	assert_failure 3
	assert_output --partial "'$SWT_DB': cannot read the code lists: database disk image is malformed"
	# the commands that check against the lists refuse to work without them
	run swt-intake "$FIX/intake/good.csv"
	assert_failure 3
	assert_output --partial "cannot read the code lists"
}

@test "db: usage errors exit 2" {
	run swt-db
	assert_failure 2
	run swt-db frobnicate
	assert_failure 2
	assert_output --partial "not an swt-db command"
	run swt-db backup
	assert_failure 2
	run swt-db --help
	assert_success
}

@test "swt: runs swt-NAME and lists the commands" {
	run swt help
	assert_success
	assert_output --partial "intake"
	assert_output --partial "db"
	run swt db --help
	assert_success
	assert_output --partial "usage: swt-db"
	run swt help intake
	assert_success
	assert_output --partial "usage: swt-intake"
	run swt nosuch
	assert_failure 2
	assert_output --partial "'nosuch' is not a command"
	run swt
	assert_failure 2
	# found but not runnable: 126, beside swt or on PATH
	mkdir "$BATS_TEST_TMPDIR/bin"
	cp "$TOP/swt" "$BATS_TEST_TMPDIR/bin/"
	printf '#!/bin/sh\necho hi\n' >"$BATS_TEST_TMPDIR/bin/swt-foo"
	run "$BATS_TEST_TMPDIR/bin/swt" foo
	assert_failure 126
	assert_output --partial "cannot run 'swt-foo'"
	printf '#!/nonexistent/sh\n' >"$BATS_TEST_TMPDIR/bin/swt-bar"
	chmod +x "$BATS_TEST_TMPDIR/bin/swt-bar"
	PATH="$BATS_TEST_TMPDIR/bin:$PATH" run swt bar
	assert_failure 126
}

@test "db: fields lists the field tables, with no database" {
	run swt-db fields request
	assert_success
	assert_line --index 0 "$(printf 'entity\tfield\ttype\tlist\trequired\tperson\trule\tempty_means')"
	assert_line "$(printf 'request\tref\tref\t\talways\tno\tno\t')"
	assert_line "$(printf 'request\treceived_at\tdate\t\tnew\tno\tno\t')"
	assert_line "$(printf 'request\tbsn\tbsn\t\t\tyes\tno\t')"
	assert_line "$(printf 'request\tflags\tset\tflag\t\tno\tyes\t')"
	assert_line "$(printf 'request\tfinancial\tcode\tfinancial\t\tno\tyes\tnone')"
	assert_line "$(printf 'request\tclosure_reason\tcode\tclosure_reason\t\tno\tno\t')"
	[ "${#lines[@]}" -eq 30 ]
	run swt-db --json fields decision
	assert_success
	assert_line --index 0 '{"entity":"decision","field":"decided_at","type":"date","list":"","required":"","person":"no","rule":"no","empty_means":""}'
	run swt-db fields nosuch
	assert_failure 2
	assert_output --partial "fields: 'nosuch' is not an entity"
	[ ! -e "$SWT_DB" ]
}

@test "db: a schema 3 database is upgraded: its data kept, the new code lists added, its own lists left" {
	# tests/fixtures/schema3.sql: a database swt 0.1 (schema 3) made, with
	# one request, whose district list lost 'west' (the municipality's)
	{ cat "$FIX/schema3.sql"; echo 'PRAGMA user_version = 3;'; } |
	    sqlite3 "$SWT_DB"
	run swt-db check
	assert_success
	[ "$(q 'pragma user_version')" -gt 3 ]
	[ "$(q "select ref from request")" = OLD-1 ]
	# lists a later schema brought are there
	[ "$(q "select count(*) from code where list = 'closure_reason'")" -ge 7 ]
	[ "$(q "select count(*) from code where list = 'contact_kind'")" -ge 6 ]
	# the district list is the municipality's: not refilled
	[ "$(q "select count(*) from code where list = 'district' and code = 'west'")" = 0 ]
}

@test "db: load-staff stores staff by staff_id, echoes them, and again changes nothing" {
	swt-db -q init
	printf '%s\n' staff_id,name,district,fte 'mw1,Anna de Vries,Noord,0.8' \
	    'mw2,Bert Kok,zuid,"1"' 'mw3,Cor Bos,oost,"0,75"' >"$BATS_TEST_TMPDIR/s.csv"
	run swt-db load-staff --tsv "$BATS_TEST_TMPDIR/s.csv"
	assert_success
	assert_line $'staff_id\tname\tdistrict\tfte'
	assert_line $'mw1\tAnna de Vries\tnoord\t0.8'
	assert_line $'mw3\tCor Bos\toost\t0.75'
	assert_line --partial "3 read, 3 new, 0 updated, 0 unchanged, 0 rejected"
	[ "$(q "select group_concat(staff_id || ' ' || district || ' ' || fte, ', ') from staff")" = "mw1 noord 0.8, mw2 zuid 1.0, mw3 oost 0.75" ]
	run swt-db load-staff "$BATS_TEST_TMPDIR/s.csv"
	assert_success
	assert_line --partial "3 read, 0 new, 0 updated, 3 unchanged, 0 rejected"
	printf '%s\n' staff_id,fte 'mw2,0.6' | swt-db -q load-staff >/dev/null
	[ "$(q "select name || ' ' || fte from staff where staff_id = 'mw2'")" = "Bert Kok 0.6" ]
	# one audit entry per batch, none naming a staff member's name
	[ "$(q "select count(*) from audit where action = 'load-staff'")" = 3 ]
	[ "$(q "select count(*) from audit where detail like '%Anna%'")" = 0 ]
	# export: the names only with --show-pii
	swt-db -q export "$BATS_TEST_TMPDIR/out"
	[ "$(head -n 2 "$BATS_TEST_TMPDIR/out/staff.tsv")" = $'staff_id\tdistrict\tfte\nmw1\tnoord\t0.8' ]
	swt-db -q --show-pii export "$BATS_TEST_TMPDIR/pii"
	grep -q "Anna de Vries" "$BATS_TEST_TMPDIR/pii/staff.tsv"
}

@test "db: load-staff refuses a bad fte, district or missing field; the rest is stored" {
	swt-db -q init
	printf '%s\n' staff_id,name,district,fte 'mw1,A,noord,1.6' 'mw2,B,noord,0.05' \
	    'mw3,C,noord,0.125' 'mw4,D,centrum,0.5' 'mw5,,noord,0.5' ',F,noord,0.5' \
	    'mw7,G,west,1.5' >"$BATS_TEST_TMPDIR/s.csv"
	run swt-db load-staff --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$BATS_TEST_TMPDIR/s.csv"
	assert_failure 1
	assert_line --partial "s.csv:2: fte: '1.6' is not a number of FTE from 0.1 to 1.5"
	assert_line --partial "s.csv:3: fte: '0.05' is not a number of FTE"
	assert_line --partial "s.csv:4: fte: '0.125' is not a number of FTE"
	assert_line --partial "s.csv:5: district: 'centrum' is not a district code"
	assert_line --partial "s.csv:6: name: missing: required for a new staff"
	assert_line --partial "s.csv:7: staff_id: missing: every staff needs its staff_id"
	assert_line --partial "7 read, 1 new, 0 updated, 0 unchanged, 6 rejected"
	[ "$(($(wc -l <"$BATS_TEST_TMPDIR/rej.tsv") - 1))" = 6 ]
	[ "$(q 'select staff_id from staff')" = mw7 ]
	# --strict writes nothing, -n neither
	run swt-db load-staff --strict "$BATS_TEST_TMPDIR/s.csv"
	assert_failure 3
	printf '%s\n' staff_id,name,district,fte 'mw8,H,oost,1' | swt-db -q -n load-staff
	[ "$(q 'select count(*) from staff')" = 1 ]
}

@test "db: load-complaints stores by ref, with the request's client_id" {
	swt-db -q init
	printf '%s\n' ref,received_at,law,bsn 'R1,2024-01-02,wmo,999993847' | swt-intake -q >/dev/null
	printf '%s\n' ref,request,received_at,admissible,resolved_at \
	    'K1,R1,2024-02-01,ja,2024-03-01' 'K2,,01-02-2024,no,' >"$BATS_TEST_TMPDIR/k.csv"
	run swt-db load-complaints --tsv "$BATS_TEST_TMPDIR/k.csv"
	assert_success
	assert_line $'K1\tR1\t2024-02-01\tyes\t2024-03-01'
	assert_line $'K2\t\t2024-02-01\tno\t'
	refute_output --partial 999993847
	[ "$(q "select count(*) from complaint c join request r using (client_id) where c.ref = 'K1' and r.ref = 'R1'")" = 1 ]
	[ "$(q "select client_id is null from complaint where ref = 'K2'")" = 1 ]
	run swt-db load-complaints "$BATS_TEST_TMPDIR/k.csv"
	assert_line --partial "2 read, 0 new, 0 updated, 2 unchanged, 0 rejected"
	printf '%s\n' ref,resolved_at 'K2,2024-02-20' | swt-db -q load-complaints >/dev/null
	[ "$(q "select received_at || ' ' || resolved_at from complaint where ref = 'K2'")" = "2024-02-01 2024-02-20" ]
	[ "$(q "select count(*) from audit where action = 'load-complaints'")" = 3 ]
}

@test "db: load-complaints refuses an unknown request, dates out of order, a bad admissible" {
	swt-db -q init
	printf '%s\n' ref,request,received_at,admissible,resolved_at 'K1,R9,2024-02-01,yes,' \
	    'K2,,2024-02-01,yes,2024-01-31' 'K3,,,yes,' 'K4,,2024-02-30,yes,' \
	    'K5,,2024-02-01,misschien,' 'K6,,2024-02-01,yes,2024-02-01' >"$BATS_TEST_TMPDIR/k.csv"
	run swt-db load-complaints --rejects "$BATS_TEST_TMPDIR/rej.tsv" "$BATS_TEST_TMPDIR/k.csv"
	assert_failure 1
	assert_line --partial "k.csv:2: request: 'R9' is no request's ref"
	assert_line --partial "k.csv:3: resolved_at: '2024-01-31' is before received_at '2024-02-01'"
	assert_line --partial "k.csv:4: received_at: missing: required for a new complaint"
	assert_line --partial "k.csv:5: received_at: '2024-02-30' is not a date"
	assert_line --partial "k.csv:6: admissible: 'misschien' is not yes or no"
	assert_line --partial "6 read, 1 new, 0 updated, 0 unchanged, 5 rejected"
	[ "$(q 'select ref from complaint')" = K6 ]
}

@test "db: the load options go with the loads only; the loads take no --group or --show-pii" {
	swt-db -q init
	for o in -n --strict --rejects=x --encoding=cp1252; do
		run swt-db "$o" check
		assert_failure 2
		assert_output --partial "go with load-staff and load-complaints only"
	done
	run swt-db --group load-staff /dev/null
	assert_failure 2
	assert_output --partial "--group goes with init only"
	run swt-db --show-pii load-complaints /dev/null
	assert_failure 2
	assert_output --partial "--show-pii goes with export only"
}
