# share/pipeline.sh - a synthetic caseload through the storing commands, at
# any size: sourced by share/demo.sh (make demo) and bench/40-kpi.sh (make
# bench).  Each step reads the caller's settings: n requests received from
# $from to $to (swt-gen --seed $seed), the follow-ups dated up to $on, the
# database $SWT_DB, and writes what the commands echo into $dir.

# swt-gen's records (each made from its own number, on any day of the
# period; its follow-ups resident by resident) in the order of their
# field $1 (default the second, a date), the header first: as a team
# registers them, day by day.  In the order of residents, each record of
# a large database is in another part of its file: at 10 M requests, 5.7
# M referrals took the importer longer than ten minutes, against 20 s for
# 0.6 M.
by_date() {
	IFS= read -r head
	printf '%s\n' "$head"
	LC_ALL=C sort -s -t "$(printf '\t')" -k "${1:-2},${1:-2}"
}

# swt-gen's requests, imported in the order they came in (received_at),
# as a team registers them, so that request_id follows received_at; then
# their intake conversations, in the order they were held (intake_at)
pipeline_intake() {
	swt-gen -n "$n" --seed "$seed" --from "$from" --to "$to" | by_date \
	    >"$dir/requests.tsv"
	swt-intake --rejects "$dir/rejects.tsv" "$dir/requests.tsv" \
	    >"$dir/stored.tsv"
	swt-gen -n "$n" --seed "$seed" --from "$from" --to "$to" \
	    --assessments | by_date | swt-intake >"$dir/assessed.tsv"
}

# triage of the assessed requests, each decision dated on the day of its
# assessment, as the team took it
pipeline_triage() {
	swt-triage -q --pending | awk -F '\t' -v OFS='\t' '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; print $0, "decided_at"; next }
	{ print $0, $col["assessed_at"] }' | swt-triage --commit >"$dir/triaged.tsv"
}

pipeline_referrals() {
	swt-gen --follow-up partners | swt-refer -q --load-partners >/dev/null
	swt-gen --seed "$seed" --follow-up referrals --to "$on" | by_date 8 |
	    swt-refer --rejects "$dir/rejects-referrals.tsv" \
	    >"$dir/referrals.tsv"
}

# some suspensions and extensions are refused on purpose: status 1, and
# only that, is expected
pipeline_terms() {
	swt-gen --seed "$seed" --follow-up terms --to "$on" | by_date 5 |
	    swt-term --rejects "$dir/rejects-terms.tsv" >"$dir/terms.tsv" ||
	    [ $? -eq 1 ]
}

pipeline_contacts() {
	swt-gen --seed "$seed" --follow-up contacts --to "$on" | by_date 3 |
	    swt-contact --rejects "$dir/rejects-contacts.tsv" \
	    >"$dir/contacts.tsv"
}

pipeline_closures() {
	swt-gen --seed "$seed" --follow-up closures --to "$on" | by_date |
	    swt-intake --rejects "$dir/rejects-closures.tsv" >"$dir/closed.tsv"
}

pipeline_plans() {
	swt-gen --seed "$seed" --follow-up plans --to "$on" |
	    swt-plan --on "$on" --rejects "$dir/rejects-plans.tsv" \
	    >"$dir/plans.tsv"
}

pipeline_staff() {
	swt-gen --seed "$seed" --follow-up staff |
	    swt-db -q load-staff --rejects "$dir/rejects-staff.tsv" >/dev/null
	swt-gen --seed "$seed" --follow-up complaints --to "$on" | by_date 3 |
	    swt-db load-complaints --rejects "$dir/rejects-complaints.tsv" \
	    >"$dir/complaints.tsv"
}

# all of them, in the order of the demo
pipeline_all() {
	pipeline_intake
	pipeline_triage
	pipeline_referrals
	pipeline_terms
	pipeline_contacts
	pipeline_closures
	pipeline_plans
	pipeline_staff
}
