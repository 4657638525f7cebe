# The README's demo runs from start to end.
source "$(dirname "$0")/common.sh"
bash "$GDPR_SOURCE_DIR/examples/demo.sh" > "$T/out" 2> "$T/err" || fail "demo failed"
expect_stderr "four-eyes rule: 'alice' filed request 1 and may not approve it"
expect_stdout "Approved request 1: contact K-1002 is erased here and in jet-main."
expect_stdout "JET database: K-1001 active, K-1003 active"
expect_stdout "3 rows: 0 added, 0 updated, 2 unchanged, 1 skipped"
expect_stdout "We have erased your personal data as you requested"
expect_stdout "Jürgen Groß"
expect_stdout "stays restricted"
expect_stdout "(Art. 77 GDPR)"
expect_stdout "Audit chain OK"
pass
