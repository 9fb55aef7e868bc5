# Loaded by every bats file: the binaries under test, a database per test.
bats_load_library bats-support
bats_load_library bats-assert

TOP="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
PATH="$TOP:$PATH"
FIX="$TOP/tests/fixtures"
export SWT_DB="$BATS_TEST_TMPDIR/swt.db"
export SWT_SHARE="$TOP/share/swt"

# A small filesystem of size $1 at $BATS_TEST_TMPDIR/full, for the tests of
# a full disk: root may mount one, others skip.
small_fs() {
	mkdir -p "$BATS_TEST_TMPDIR/full"
	mount -t tmpfs -o "size=$1" tmpfs "$BATS_TEST_TMPDIR/full" 2>/dev/null ||
	    skip "cannot mount a small tmpfs here (not root?)"
}
# The same, full.
full_fs() {
	small_fs 64k
	dd if=/dev/zero of="$BATS_TEST_TMPDIR/full/filler" bs=4k 2>/dev/null || true
}
teardown() {
	! mountpoint -q "$BATS_TEST_TMPDIR/full" 2>/dev/null ||
	    umount "$BATS_TEST_TMPDIR/full"
}
