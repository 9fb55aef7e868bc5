# Loaded by every bats file: the binaries under test, a database per test.
bats_load_library bats-support
bats_load_library bats-assert

TOP="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
PATH="$TOP:$PATH"
FIX="$TOP/tests/fixtures"
export SWT_DB="$BATS_TEST_TMPDIR/swt.db"
export SWT_SHARE="$TOP/share/swt"
