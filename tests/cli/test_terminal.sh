# The prompts on a real pseudo-terminal (util-linux `script`): request asks for the
# clarification, approve asks for the contact id to be typed back.
source "$(dirname "$0")/common.sh"
setup_contact c-1
snapshot
rc=0; on_tty n --as alice request c-1 --reason "Customer asked in writing" || rc=$?
[ "$rc" = 2 ] || fail "declined clarification exited $rc"
expect_stdout "a block is enough and keeps the record"
expect_stdout "not filed: clarify with the customer first"
expect_unchanged

on_tty y --as alice request c-1 --reason "Customer asked in writing" || fail "request on a terminal failed"
expect_stdout "Filed request 1 for contact c-1"

snapshot 1
rc=0; on_tty c-2 --as bob approve 1 || rc=$?
[ "$rc" = 2 ] || fail "wrong confirmation exited $rc"
expect_stdout "This approval ERASES contact c-1 irreversibly"
expect_stdout "email  max.mueller@example.com"
expect_stdout "not confirmed: request 1 stays pending"
expect_unchanged 1

on_tty c-1 --as bob approve 1 || fail "confirmed approval failed"
expect_stdout "Approved request 1: contact c-1 is erased."
pass
