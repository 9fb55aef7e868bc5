#!/bin/sh
# Install what is missing, from Debian's archive (sudo when not root).
# deps.sh          the build: a C compiler, make, SQLite, libcsv
# deps.sh check    also what make check needs: bats and its libraries,
#                  mandoc and groff for the documentation's tests, GNU
#                  parallel to run them on two cores, chromium to render
#                  swt-kpi's report
# deps.sh bench    also the peers make bench runs beside swt
# deps.sh fuzz     also clang with libFuzzer
pkgs=""
need() { dpkg -s "$1" >/dev/null 2>&1 || pkgs="$pkgs $1"; }
if ! command -v dpkg >/dev/null 2>&1; then
	echo "deps: not a Debian system; install a C compiler, make, SQLite" \
	    "and libcsv (headers) yourself, and for make check bats," \
	    "bats-support, bats-assert, sqlite3, mandoc, groff and chromium" >&2
	exit 0
fi
need build-essential
need libsqlite3-dev
need libcsv-dev
need sqlite3
if [ "$1" = check ]; then
	need bats
	need bats-support
	need bats-assert
	need mandoc
	need groff-base
	need parallel	# bats --jobs 2: the suite on both cores
	need chromium	# swt-kpi --report html, rendered headless
fi
if [ "$1" = fuzz ]; then
	need clang
fi
if [ "$1" = bench ]; then
	need miller
	need time
fi
[ -n "$pkgs" ] || exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "deps: installing$pkgs" >&2
$sudo apt-get update -qq && $sudo apt-get install -y -qq$pkgs >/dev/null
