# The cron check `review --remind`: silent with exit 0 when nothing is due; one line per overdue,
# due-soon or failed-step request with contact, due date, days, assignee and why; exit 3.
source "$(dirname "$0")/common.sh"
make_logging_hook
gdpr init > /dev/null
expect_exit 0 review --remind
expect_no_stdout
for c in fresh late soon broken; do gdpr contact add "$c" "name=$c" > /dev/null; done
gdpr --as alice request fresh --reason "Customer asked in writing" --clarified > /dev/null
expect_exit 0 review --remind
expect_no_stdout
expect_exit 0 review --remind --format json
expect_json 'd == []'

received_late=$(date -d '-45 days' +%F)
received_soon=$(date -d '-27 days' +%F)
gdpr --as alice request late --reason "Customer asked in writing" --clarified --received "$received_late" > /dev/null
gdpr --as alice request soon --reason "Customer asked in writing" --clarified --received "$received_soon" > /dev/null
systems_config crm
policy_apply
touch "$T/hooks/fail-crm"
gdpr --as alice request broken --reason "Customer asked in writing" --clarified > /dev/null 2>&1 || true
expect_exit 3 review --remind
[ "$(wc -l < "$T/out")" = 3 ] || fail "expected 3 lines"
# due dates as the law computes them (SPEC §10), by the tests' own oracle
legal_due() { python3 "$GDPR_SOURCE_DIR/tests/cli/legal_due.py" "$1" 1; }
expect_stdout "request 2 (contact late, pending): due $(legal_due "$received_late"), overdue by"
expect_stdout "assignee bob: overdue by"
expect_stdout "request 3 (contact soon, pending): due $(legal_due "$received_soon"),"
expect_stdout "step failed: crm hold"
! grep -q "contact fresh" "$T/out" || fail "a fresh request was reported"
expect_exit 3 review --remind --format json
expect_json '[r["id"] for r in d] == [2, 3, 4] and d[0]["days_left"] < 0 and d[2]["reasons"] == ["step failed: crm hold"]'

# --new: also the pending requests nobody but the requester has touched; a comment by the
# requester does not count, one by a reviewer does, and so does a claim
expect_exit 3 review --remind --new --format json
expect_json 'sorted(r["id"] for r in d) == [1, 2, 3, 4] and all(r["reasons"][0].startswith("new: nobody but the requester") for r in d)'
gdpr --as alice review 1 --comment "Letter scanned into the file" > /dev/null
gdpr --as bob review 2 --comment "Which letter?" > /dev/null
gdpr --as carol review 3 --claim > /dev/null
expect_exit 3 review --remind --new --format json
expect_json 'sorted((r["id"], any(x.startswith("new:") for x in r["reasons"])) for r in d) == [(1, True), (2, False), (3, False), (4, True)]'
expect_exit 3 review --remind --new
expect_stdout "request 1 (contact fresh, pending): due"
expect_stdout "new: nobody but the requester has commented, claimed or decided since"
snapshot
expect_exit 2 review --new
expect_stderr "--new goes with --remind: gdpr review --remind --new"
expect_exit 2 review 1 --new
expect_unchanged
pass
