#!/usr/bin/env bats
# make install: the installed tree works on its own

load test_helper/common

setup() {
	dest="$BATS_TEST_TMPDIR/root"
	make -s -C "$TOP" install DESTDIR="$dest" >/dev/null
	prefix="$dest/usr/local"
}

@test "install: binaries, man pages, completions and data land under PREFIX" {
	[ -x "$prefix/bin/swt" ]
	[ -x "$prefix/bin/swt-intake" ]
	[ -x "$prefix/bin/swt-db" ]
	[ -f "$prefix/share/man/man1/swt-intake.1" ]
	[ -f "$prefix/share/man/man7/swt.7" ]
	[ -f "$prefix/share/man/man5/swt-records.5" ]
	[ -f "$prefix/share/bash-completion/completions/swt-intake" ]
	[ -f "$prefix/share/zsh/site-functions/_swt" ]
}

@test "install: the installed swt runs its commands from that directory alone" {
	cd "$BATS_TEST_TMPDIR"
	run env -i HOME="$HOME" PATH=/usr/bin:/bin SWT_DB=inst.db \
	    "$prefix/bin/swt" intake -q --tsv "$FIX/intake/good.csv"
	assert_success
	assert_line --index 1 --partial "A001"
	run env -i HOME="$HOME" PATH=/usr/bin:/bin SWT_DB=inst.db \
	    "$prefix/bin/swt" db check
	assert_success
}

@test "install: the installed swt-triage finds its rules and cases beside it" {
	[ -f "$prefix/share/swt/rules" ]
	[ -f "$prefix/share/man/man5/swt-rules.5" ]
	run env -i HOME="$HOME" PATH=/usr/bin:/bin "$prefix/bin/swt" triage \
	    --test "$prefix/share/swt/triage-cases.tsv"
	assert_success
	assert_output --partial "0 failed (rules zwolle-2023.1)"
	run env -i HOME="$HOME" PATH=/usr/bin:/bin "$prefix/bin/swt-triage" \
	    -q "$FIX/triage/assessed.tsv"
	assert_success
	assert_line --index 1 --partial "sociale_basis	inwoner	zrm4	zwolle-2023.1"
}

@test "install: uninstall removes what install put there" {
	make -s -C "$TOP" uninstall DESTDIR="$dest" >/dev/null
	[ ! -e "$prefix/bin/swt" ]
	[ ! -e "$prefix/bin/swt-intake" ]
	[ ! -e "$prefix/share/man/man1/swt-intake.1" ]
	[ ! -e "$prefix/share/swt" ]
	[ ! -e "$prefix/share/zsh/site-functions/_swt" ]
}
