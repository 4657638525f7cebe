# gdpr review: the queue (earliest due first, --all, --state, --mine, --filed-by-me, --overdue), one request in
# full, --comment, --claim/--assign, --extend once, and the --remind cron check.
source "$(dirname "$0")/common.sh"
gdpr init > /dev/null
for c in c-old c-soon c-new c-done; do gdpr contact add "$c" "name=Person $c" > /dev/null; done
file() { gdpr --as alice request "$1" --reason "Customer asked in writing" --clarified --received "$2" -q; }
day() { date -d "$1" +%F; }
file c-new "$(day today)" > /dev/null            # 1: due in a month
file c-old "$(day '-40 days')" > /dev/null       # 2: overdue
file c-soon "$(day '-1 month +3 days')" > /dev/null  # 3: due in 3 days
file c-done "$(day today)" > /dev/null           # 4: decided below
gdpr --as bob approve 4 --yes > /dev/null

expect_exit 0 review --format json
expect_json '[r["id"] for r in d] == [2, 3, 1]'
expect_exit 0 review --all --format json
expect_json 'sorted(r["id"] for r in d) == [1, 2, 3, 4]'
expect_exit 0 review --state erased --format json
expect_json '[r["id"] for r in d] == [4]'
expect_exit 0 review --overdue --format json
expect_json '[r["id"] for r in d] == [2]'
# the requests I filed, in every state (SPEC §12), and only mine
gdpr contact add c-dave "name=Person c-dave" > /dev/null
gdpr --as dave request c-dave --reason "Customer asked in writing" --clarified -q > /dev/null  # 5
expect_exit 0 --as alice review --filed-by-me --format json
expect_json 'sorted(r["id"] for r in d) == [1, 2, 3, 4] and all(r["requested_by"] == "alice" for r in d)'
expect_exit 0 --as dave review --filed-by-me --format json
expect_json '[r["id"] for r in d] == [5]'
expect_exit 0 --as alice review --filed-by-me --state erased --format json
expect_json '[r["id"] for r in d] == [4]'
expect_exit 0 --as bob review --filed-by-me --format json
expect_json 'd == []'
expect_exit 2 --as alice review 1 --filed-by-me
expect_exit 2 --as alice review --remind --filed-by-me
gdpr --as dave reject 5 --reason "Filed for the test of --filed-by-me" > /dev/null
expect_exit 0 review
expect_stdout "overdue by"
expect_exit 0 review --format csv
[ "$(head -1 "$T/out")" = "id,contact_id,state,due_on,assignee,requested_by,approvals" ] || fail "csv header"
expect_exit 2 review --state nonsense

# one request in full
expect_exit 0 review 1
expect_stdout "Request 1 [pending]"
expect_stdout "requested by: alice"
expect_stdout "may approve:  bob, carol, dave"
expect_stdout "name  Person c-new"
expect_exit 0 review 1 --format json
expect_json 'd["may_approve"] == ["bob", "carol", "dave"] and d["contact"]["status"] == "on-hold"'
expect_json 'all(k in d for k in ["id","contact_id","state","reason","requested_by","requested_at","received_on","due_on","channel","assignee","approvals","decided_by","decided_at","decision_reason","steps","comments"])'
expect_exit 5 review 99

# comment, claim, assign
expect_exit 0 --as alice review 1 --comment "Customer called again"
expect_stdout_is "Comment added to request 1."  # one line, not the whole request again (SPEC §12)
expect_exit 0 --as carol review 1 --claim --format json
expect_json 'd["assignee"] == "carol" and d["comments"][0] == {"by": "alice", "at": d["comments"][0]["at"], "text": "Customer called again"}'
expect_exit 0 --as carol review --mine --format json
expect_json '[r["id"] for r in d] == [1]'
expect_exit 0 --as bob review 1 --assign DAVE --format json
expect_json 'd["assignee"] == "dave"'
snapshot
expect_exit 4 --as mallory review 1 --assign bob
expect_stderr_by_backend "'mallory' is not a reviewer" "the database role 'mallory' has no gdpr role"
expect_exit 2 --as bob review 1 --assign mallory
expect_exit 2 --as bob review 1 --assign bob --claim
expect_exit 2 --as bob review --comment "no id given here"
expect_exit 2 --as bob review 1 --extend
expect_exit 2 --as bob review 1 --all
expect_exit 6 --as bob review 4 --claim
expect_unchanged

# the overdue request 2 can no longer be extended (Art. 12(3): only within the first period)
snapshot 1
expect_exit 6 --as bob review 2 --extend --reason "Several linked systems involved"
expect_stderr "Art. 12(3) allows an extension only within the first period"
expect_unchanged 1

# request 1 is extended once by two months (received + 1 + 2 months, moved to a working day)
gdpr review 1 --format json > "$T/before.json"
expect_exit 0 --as bob review 1 --extend --reason "Several linked systems involved" --format json
python3 - "$T/before.json" "$T/out" "$GDPR_SOURCE_DIR/tests/cli" <<'PY' || fail "extension is not the legal received + 3 months"
import datetime, json, sys
sys.path.insert(0, sys.argv[3])
from legal_due import legal_due
before, after = (json.load(open(p)) for p in sys.argv[1:3])
want = legal_due(datetime.date.fromisoformat(before["received_on"]), 3)
assert after["due_on"] == want.isoformat() and after["extended"] is True, (after["due_on"], want)
assert after["extension_reason"] == "Several linked systems involved"
assert any(c["text"].startswith("Deadline extended to") for c in after["comments"])
PY
snapshot 1
expect_exit 6 --as bob review 1 --extend --reason "Trying to extend a second time"
expect_stderr "was already extended"
expect_exit 4 --as mallory review 3 --extend --reason "Requesters may not extend deadlines"
expect_exit 2 --as bob review 3 --extend --reason "short"
expect_unchanged 1

# the cron check: exit 3 and one line per request that needs attention
expect_exit 3 review --remind
expect_stdout "request 2 (contact c-old, pending): due "
expect_stdout "request 3 (contact c-soon, pending): due "
expect_stdout ", assignee bob: due in "
lines=$(wc -l < "$T/out")
[ "$lines" = 2 ] || fail "remind printed $lines lines; the extended request 1 is not due soon"
expect_exit 3 review --remind --format json
expect_json '[r["id"] for r in d] == [2, 3] and 0 < d[1]["days_left"] <= 7 and d[1]["reasons"] == ["due in %d days" % d[1]["days_left"]]'
gdpr --as bob reject 2 --reason "Answered by letter, the customer withdrew" > /dev/null
gdpr --as bob reject 3 --reason "Customer withdrew by phone call" > /dev/null
expect_exit 0 review --remind
expect_no_stdout
pass
