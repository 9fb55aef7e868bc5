#!/usr/bin/env bats
# The documentation agrees with the commands: man pages, synopses, completions

load test_helper/common

# The commands: one per cmd/*.c
commands() {
	local f

	for f in "$TOP"/cmd/*.c; do
		f=${f##*/}
		echo "${f%.c}"
	done
}

# The long options a command accepts: the { "name", ..._argument entries of
# its getopt_long table, and those of the shared groups (SWT_O_*) it names.
long_options() {
	local pat='\{ *"[a-z][a-z0-9-]*", *(no|required|optional)_argument' m

	{
		grep -oE "$pat" "$TOP/cmd/$1.c"
		for m in $(grep -oE 'SWT_O_[A-Z_]+' "$TOP/cmd/$1.c" | sort -u); do
			awk -v m="$m" '$0 ~ "^#define " m "([ \t]|$)" { on = 1 }
			    on { print } on && !/\\$/ { on = 0 }' "$TOP/lib/swt.h"
		done | grep -oE "$pat"
	} | sed -E 's/^\{ *"([^"]*)".*/\1/' | sort -u
}

# The usage synopsis of --help: its first line and the indented lines after.
help_synopsis() {
	"$TOP/$1" --help | awk 'NR > 1 && !/^[ \t]/ { exit } { print }'
}

# A man page as plain text, one long line per paragraph.
man_text() {
	mandoc -T ascii -O width=400 "$1" | sed $'s/.\b//g'
}

man_synopsis() {
	man_text "$TOP/man/$1.1" | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p'
}

# The --long options and the letters of the -short options in a text.
longs_in() {
	grep -oE -- '--[a-z][a-z0-9-]*' | sort -u
}
shorts_in() {
	grep -oE -- '(^|[][ |])-[a-zA-Z0-9]+' | sed -E 's/^[][ |]?-//' |
	    fold -w 1 | sort -u
}

need_mandoc() {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
}

@test "docs: every command has a man page in section 1" {
	local c fail=

	for c in $(commands); do
		[ -f "$TOP/man/$c.1" ] || fail="$fail $c"
	done
	[ -z "$fail" ] || { echo "no man page for:$fail"; false; }
	[ -f "$TOP/man/swt.7" ]
	[ -f "$TOP/man/swt-records.5" ]
}

@test "docs: the --help synopsis agrees with the man page's SYNOPSIS" {
	need_mandoc
	local c o help man fail=

	for c in $(commands); do
		[ -x "$TOP/$c" ] || { fail="$fail"$'\n'"$c: not built"; continue; }
		[ -f "$TOP/man/$c.1" ] || { fail="$fail"$'\n'"$c: no man page"; continue; }
		help=$(help_synopsis "$c")
		man=$(man_synopsis "$c")
		[[ $help == usage:* ]] ||
		    fail="$fail"$'\n'"$c: --help does not begin with usage:"
		[[ $man == *"$c"* ]] ||
		    fail="$fail"$'\n'"$c: no SYNOPSIS naming $c in $c.1"
		for o in $(longs_in <<<"$help"); do
			grep -qx -- "$o" <<<"$(longs_in <<<"$man")" ||
			    fail="$fail"$'\n'"$c: $o is in --help, not in the SYNOPSIS of $c.1"
		done
		for o in $(longs_in <<<"$man"); do
			grep -qx -- "$o" <<<"$(longs_in <<<"$help")" ||
			    fail="$fail"$'\n'"$c: $o is in the SYNOPSIS of $c.1, not in --help"
		done
		for o in $(shorts_in <<<"$help"); do
			grep -qx -- "$o" <<<"$(shorts_in <<<"$man")" ||
			    fail="$fail"$'\n'"$c: -$o is in --help, not in the SYNOPSIS of $c.1"
		done
		for o in $(shorts_in <<<"$man"); do
			grep -qx -- "$o" <<<"$(shorts_in <<<"$help")" ||
			    fail="$fail"$'\n'"$c: -$o is in the SYNOPSIS of $c.1, not in --help"
		done
	done
	[ -z "$fail" ] || { echo "$fail"; false; }
}

@test "docs: the synopsis check sees the options it compares" {
	need_mandoc
	# guard against a check that passes because it finds nothing
	run longs_in <<<"$(help_synopsis swt-intake)"
	assert_line -- --strict
	assert_line -- --rejects
	run shorts_in <<<"$(help_synopsis swt-intake)"
	assert_line n
	assert_line d
	run longs_in <<<"$(man_synopsis swt-intake)"
	assert_line -- --encoding
	run shorts_in <<<"$(man_synopsis swt-db)"
	assert_line q
	refute_line b
	run long_options swt-db
	assert_line db
	assert_line show-pii
	assert_line version
}

@test "docs: every long option a command accepts is in its man page" {
	need_mandoc
	local c o text fail=

	for c in $(commands); do
		[ -f "$TOP/man/$c.1" ] || { fail="$fail"$'\n'"$c: no man page"; continue; }
		text=$(man_text "$TOP/man/$c.1")
		for o in $(long_options "$c"); do
			grep -qE -- "--$o([^a-z0-9-]|\$)" <<<"$text" ||
			    fail="$fail"$'\n'"$c: --$o is not in $c.1"
		done
	done
	[ -z "$fail" ] || { echo "$fail"; false; }
}

@test "docs: every man page passes mandoc -T lint -W warning" {
	need_mandoc
	local f out fail=

	for f in "$TOP"/man/*.[1-9]; do
		out=$(mandoc -T lint -W warning "$f" 2>&1) || true
		[ -z "$out" ] || fail="$fail"$'\n'"$out"
	done
	[ -z "$fail" ] || { echo "$fail"; false; }
}

@test "docs: every command has a bash completion naming its long options" {
	local c o f fail=

	for c in $(commands); do
		f="$TOP/completions/bash/$c"
		[ -f "$f" ] || { fail="$fail"$'\n'"$c: no completions/bash/$c"; continue; }
		for o in $(long_options "$c"); do
			grep -qE -- "--$o([^a-z0-9-]|\$)" "$f" ||
			    fail="$fail"$'\n'"$c: --$o is not in completions/bash/$c"
		done
		# and offers none that the command refuses
		for o in $(sed -n '/opts="/,/"/p' "$f" |
		    grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
			long_options "$c" | grep -qx -- "${o#--}" ||
			    fail="$fail"$'\n'"$c: completions/bash/$c offers $o, which $c refuses"
		done
	done
	[ -z "$fail" ] || { echo "$fail"; false; }
}

@test "docs: bash accepts every bash completion file" {
	local f

	for f in "$TOP"/completions/bash/*; do
		run bash -n "$f"
		assert_success
	done
}

@test "docs: zsh accepts _swt, which covers every command and option" {
	local c o fail=

	command -v zsh >/dev/null || skip "zsh is not installed"
	run zsh -n "$TOP/completions/zsh/_swt"
	assert_success
	for c in $(commands); do
		[[ " $(head -n 1 "$TOP/completions/zsh/_swt") " == " #compdef"*" $c "* ]] ||
		    fail="$fail"$'\n'"$c: not on the #compdef line of _swt"
		for o in $(long_options "$c"); do
			grep -qE -- "--$o([^a-z0-9-]|\$)" "$TOP/completions/zsh/_swt" ||
			    fail="$fail"$'\n'"$c: --$o is not in _swt"
		done
	done
	[ -z "$fail" ] || { echo "$fail"; false; }
}

@test "docs: swt help, swt(7) and the swt completion name every command" {
	local c n fail=

	run swt help
	assert_success
	for c in $(commands); do
		[ "$c" = swt ] && continue
		n=${c#swt-}
		grep -qE "^  $n " <<<"$output" ||
		    fail="$fail"$'\n'"$c: not listed by swt help"
		grep -qw -- "$n" "$TOP/completions/bash/swt" ||
		    fail="$fail"$'\n'"$c: not in completions/bash/swt"
		grep -q -- "$c" "$TOP/man/swt.7" ||
		    fail="$fail"$'\n'"$c: not in swt.7"
	done
	[ -z "$fail" ] || { echo "$fail"; false; }
}

# Run a bash completion as bash would for the words given; print the replies.
complete_words() {
	bash -c '
		for f in "$0"/completions/bash/*; do . "$f"; done
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		spec=$(complete -p "$1") || exit 1
		[[ $spec =~ -F\ ([^ ]+) ]] || exit 1
		"${BASH_REMATCH[1]}" "$1" "${COMP_WORDS[COMP_CWORD]}" \
		    "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"
	' "$TOP" "$@"
}

@test "docs: swt(7) names the schema version this swt writes" {
	v=$(swt-db -V | sed 's/.*database schema //')
	grep -q "^($v for this release)" "$TOP/man/swt.7"
}

@test "docs: swt-db codes completes the code lists the database holds" {
	swt-db -q init
	want=$(swt-db --tsv codes | awk -F '\t' 'NR > 1 { print $1 }' | sort -u)
	[ -n "$want" ]
	run complete_words swt-db codes ''
	assert_success
	[ "$(sort <<<"$output")" = "$want" ]
	run complete_words swt-db --db x.db codes r
	assert_success
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "referral_kind referral_status regie route " ]
}

@test "docs: the bash completions complete subcommands and option values" {
	run complete_words swt ''
	assert_success
	assert_line intake
	assert_line db
	assert_line help
	run complete_words swt-db ''
	assert_success
	[ "$(tr '\n' ' ' <<<"$output")" = "init check backup export codes terms retention-terms profile fields load-staff load-complaints retention erase " ]
	run complete_words swt-intake --encoding ''
	assert_success
	[ "$(tr '\n' ' ' <<<"$output")" = "utf-8 cp1252 latin1 " ]
	run complete_words swt-intake --encoding = c
	assert_success
	assert_output cp1252
	# swt NAME hands over to swt-NAME's completion
	run complete_words swt db codes l
	assert_success
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "law life_domain " ]
	run complete_words swt intake --show
	assert_success
	assert_output --show-pii
}

@test "docs: swt-triage(1) shows the default rules as share/swt/rules has them, under groff too" {
	need_mandoc
	local id when fail= text
	text=$(man_text "$TOP/man/swt-triage.1" | sed -n '/^THE DEFAULT RULES/,/^In words/p' | tr -s ' \n' '  ')
	while read -r id; do
		when=$(awk -v id="$id" '$1 == "rule" { on = $2 == id } on && $1 == "when" { $1 = ""; sub(/^ +/, ""); print; exit }' "$TOP/share/swt/rules")
		[[ $text == *"$id"*"$when"* ]] || fail="$fail"$'\n'"$id: '$when' is not in THE DEFAULT RULES"
	done < <(awk '$1 == "rule" { print $2 }' "$TOP/share/swt/rules")
	[ -z "$fail" ] || { echo "$fail"; false; }
	command -v groff >/dev/null || skip "groff is not installed"
	run groff -mandoc -Tutf8 -ww -z "$TOP/man/swt-triage.1"
	refute_output --partial "can't break line"
}

@test "docs: swt(7)'s daily backup example runs as written in a new directory" {
	need_mandoc
	local line
	line=$(man_text "$TOP/man/swt.7" | grep -m 1 -E '^ *mkdir -p backup && swt-db check && swt-db backup ')
	[ -n "$line" ]
	swt-intake -q "$FIX/intake/good.csv" >/dev/null
	cd "$BATS_TEST_TMPDIR"
	run bash -c "$line"
	assert_success
	[ -s "backup/swt-$(date +%F).db" ]
}

# The rows of an mdoc table (.It Cm NAME Ta ...) in section $2 of page $1.
table_rows() {
	awk -v sec="$2" '/^\.S[sh] / { on = index($0, sec) > 0 }
	    on && /^\.It Cm [a-z_]+ Ta / { print }' "$1"
}

@test "docs: the field lists of swt-records(5) and swt-rules(5) are the field tables" {
	local e f t list req person dflt row fail= want
	run swt-db fields
	assert_success
	# a tab is white space to read: empty fields as -
	while read -r e f t list req person rule dflt; do
		[ "$e" = entity ] && continue
		[ "$req" = - ] && req=
		row=$(table_rows "$TOP/man/swt-records.5" "The $e" | grep -E "^\.It Cm $f Ta ")
		[ -n "$row" ] || { fail="$fail"$'\n'"$e $f: not in swt-records(5), The $e"; continue; }
		case $t in
		text) want="free text" ;;
		ref) want="reference" ;;
		code) want="code, list Cm $list" ;;
		set) want="set of codes, list Cm $list" ;;
		number) want="(count|[0-9]+ to [0-9]+)" ;;
		yesno) want="yes or no" ;;
		bsn) want="11-proef" ;;
		*) want="$t" ;;
		esac
		grep -qE -- "$want" <<<"$row" || fail="$fail"$'\n'"$e $f: swt-records(5) does not say '$want': $row"
		[ "$person" = no ] || grep -q "person data" <<<"$row" ||
		    fail="$fail"$'\n'"$e $f: swt-records(5) does not say person data"
		[ -z "$req" ] || grep -q "required" <<<"$row" ||
		    fail="$fail"$'\n'"$e $f: swt-records(5) does not say required"
	done < <(awk -F '\t' -v OFS=' ' '{ for (i = 1; i <= NF; i++) if ($i == "") $i = "-"; print }' <<<"$output")
	# and no field that the tables do not have
	for e in request decision partner referral plan contact suspension holiday staff complaint; do
		for f in $(table_rows "$TOP/man/swt-records.5" "The $e" | awk '{ print $3 }'); do
			grep -qP "^$e\t$f\t" <<<"$output" ||
			    fail="$fail"$'\n'"$e $f: in swt-records(5), not a field swt reads"
		done
	done
	# the fields a rule may name, with what an empty one means
	run swt-db fields request
	for f in $(table_rows "$TOP/man/swt-rules.5" "Fields" | awk '{ print $3 }'); do
		rule=$(awk -F '\t' -v f="$f" '$2 == f { print $7 }' <<<"$output")
		dflt=$(awk -F '\t' -v f="$f" '$2 == f { print $8 }' <<<"$output")
		row=$(table_rows "$TOP/man/swt-rules.5" "Fields" | grep -E "^\.It Cm $f Ta ")
		[ "$rule" = yes ] ||
		    fail="$fail"$'\n'"$f: in swt-rules(5), but no rule may name it"
		grep -qE "Ta (Cm )?${dflt:-no value}\$" <<<"$row" ||
		    fail="$fail"$'\n'"$f: swt-rules(5) says empty means '${row##* Ta }', the table '${dflt:-no value}'"
	done
	for f in $(awk -F '\t' '$7 == "yes" { print $2 }' <<<"$output"); do
		table_rows "$TOP/man/swt-rules.5" "Fields" | grep -qE "^\.It Cm $f Ta " ||
		    fail="$fail"$'\n'"$f: a rule may name it, but swt-rules(5) does not list it"
	done
	[ -z "$fail" ] || { echo "$fail"; false; }
}
