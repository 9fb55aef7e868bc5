#!/usr/bin/env bats
# Options: each command takes exactly the options it acts on

load test_helper/common

@test "options: an option a command does not act on is a usage error" {
	run swt-triage --group "$FIX/triage/assessed.tsv"
	assert_failure 2
	assert_output --partial "unrecognized option '--group'"
	run swt-db -n init
	assert_failure 2
	run swt-db --strict check
	assert_failure 2
	run swt-gen --db x.db --semicolon --tsv
	assert_failure 2
	[ ! -e x.db ]
	run swt-intake --rules x "$FIX/intake/good.csv"
	assert_failure 2
	[ ! -e "$SWT_DB" ]
}

@test "options: swt-db takes each option with the command it belongs to" {
	run swt-db --group check
	assert_failure 2
	assert_output --partial "check: --group goes with init only"
	run swt-db --show-pii codes
	assert_failure 2
	assert_output --partial "codes: --show-pii goes with export only"
	run swt-db --json check
	assert_failure 2
	assert_output --partial "check: a format option goes with codes, terms, retention-terms, fields, load-staff, load-complaints, retention and erase only"
	[ ! -e "$SWT_DB" ]
	swt-db -q init
	run swt-db --json codes route
	assert_success
	assert_line --index 0 '{"list":"route","code":"advies","parent":"","label":"informatie en advies"}'
}

@test "options: swt-triage --dry-run goes with --commit" {
	run swt-triage -n "$FIX/triage/assessed.tsv"
	assert_failure 2
	assert_output --partial "--dry-run goes with --commit"
	swt-intake -q "$FIX/intake/good.csv" "$FIX/intake/assess.tsv" >/dev/null
	run swt-triage -n --pending --commit
	assert_success
	assert_output --partial "--dry-run: nothing written"
	[ "$(sqlite3 "$SWT_DB" 'select count(*) from decision')" = 0 ]
}

@test "options: the shared options behave the same in every command" {
	local c
	for c in swt-intake swt-triage swt-db swt-gen; do
		run "$c" --version
		assert_success
		assert_output --regexp "^$c \\(swt\\) [0-9.]+, database schema [0-9]+$"
		run "$c" --help
		assert_success
		assert_line --index 0 --regexp "^usage: $c "
		run "$c" --no-such-option
		assert_failure 2
		assert_line --index 0 --partial "unrecognized option '--no-such-option'"
	done
}
