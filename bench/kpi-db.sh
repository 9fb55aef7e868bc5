#!/bin/sh
# The lifecycle database make bench's swt-kpi reads: BENCH_N requests
# received from BENCH_FROM to 2024-12-31, through the demo's pipeline
# (share/pipeline.sh), their follow-ups up to 2025-03-31.  Built once per
# size, period and swt version into bench/cache (it takes a while: see
# README), and opened again by later runs; prints its path.  The time each
# step of the build took is kept beside it, in FILE.time.
set -e
n=${BENCH_N:-1000000}
from=${BENCH_FROM:-2024-01-01}
to=2024-12-31
on=2025-03-31
seed=42
# the revision of swt-gen's caseload: a change to its stories makes another
# database, not the cached one.  The order the pipeline imports them in
# numbers referrals, contacts and complaints otherwise, but gives the same
# figures: not a revision.
caseload=3
version=$(swt --version | sed 's/^swt \([^,]*\),.*/\1/')
db=$(pwd)/bench/cache/kpi-$n-$from-$version-c$caseload.db
# Built in $db.build, step by step: a build stopped part way (at the end
# of a session, say) goes on from the step it was in when run again, as
# each step is an import that stores all of its batch or nothing and can
# be run again.  The total is the sum of the steps' times.
if [ ! -f "$db" ]; then
	dir=$db.build
	mkdir -p "$dir"
	SWT_DB=$dir/swt.db
	export SWT_DB
	. share/pipeline.sh
	for step in intake triage referrals terms contacts closures plans \
	    staff; do
		grep -q "^$step " "$dir/steps" 2>/dev/null && continue
		t=$(date +%s)
		pipeline_$step >/dev/null 2>>"$dir/log"
		echo "$step $(($(date +%s) - t))" >>"$dir/steps"
	done
	awk '{ s += $2 } END { print "total", s }' "$dir/steps" >>"$dir/steps"
	mv "$dir/steps" "$db.time"
	mv "$dir/swt.db" "$db"
	rm -rf "$dir"
fi
# a cached one from before a migration of this swt gets it now
swt-db -q --db "$db" init
echo "$db"
