# gdpr audit: the trail with filters and formats; --verify; a row changed with the sqlite3 shell
# (triggers dropped) makes --verify exit 8 naming the first bad event.
source "$(dirname "$0")/common.sh"
with_request c-1
gdpr contact add c-2 name=Erika > /dev/null
gdpr block c-2 newsletter > /dev/null
gdpr --as bob review 1 --comment "Looks fine" > /dev/null
gdpr --as bob approve 1 --yes > /dev/null

expect_exit 0 audit --format json
expect_json '[e["action"] for e in d] == ["policy.set", "contact.added", "request.created", "contact.added", "contact.blocked", "request.commented", "request.approved", "request.erased"]'
expect_json 'all(set(e) == {"seq","at","actor","action","request_id","contact_id","details","prev_hash","hash"} for e in d)'
expect_json 'd[0]["prev_hash"] == "0"*64 and all(d[i]["prev_hash"] == d[i-1]["hash"] for i in range(1, len(d)))'
expect_exit 0 audit --request 1 --format json
expect_json '[e["seq"] for e in d] == [3, 6, 7, 8]'
expect_exit 0 audit --contact c-2 --actor BOB --format json
expect_json 'd == []'
expect_exit 0 audit --action request.approved --format json
expect_json 'len(d) == 1 and d[0]["actor"] == "bob"'
expect_exit 0 audit --limit 2 --format json
expect_json '[e["seq"] for e in d] == [7, 8]'
today=$(date -u +%F)
expect_exit 0 audit --since "$today" --until "$today" --format json
expect_json 'len(d) == 8'
expect_exit 0 audit --until 2000-01-01 --format json
expect_json 'd == []'
expect_exit 2 audit --since 01.01.2026
expect_exit 0 audit --format csv
[ "$(head -1 "$T/out")" = "seq,at,actor,action,request_id,contact_id,details,prev_hash,hash" ] || fail "csv header"
expect_exit 0 audit
expect_stdout "request.erased"

# an auditor recomputes the chain without gdpr, as docs/audit.md describes
expect_exit 0 audit --format json
python3 "$GDPR_SOURCE_DIR/examples/verify_audit.py" "$T/out" > "$T/py.out" || fail "independent verification failed"
head=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[-1]["hash"])' "$T/out")
grep -qF "$head" "$T/py.out" || fail "independent verification reports another head"
bash "$GDPR_SOURCE_DIR/examples/verify_audit.sh" "$T/out" > "$T/jq.out" || fail "jq verification failed"
grep -qF "$head" "$T/jq.out" || fail "jq verification reports another head"

expect_exit 0 audit --verify
expect_stdout "Audit chain OK: 8 events, head $head"
expect_exit 0 audit --verify --format json
expect_json "d == {'ok': True, 'events': 8, 'head': '$head', 'first_bad_seq': None, 'problem': None}"
expect_exit 2 audit --verify --request 1

# the table refuses changes
! sqlite3 "$GDPR_DB" "UPDATE audit SET actor = 'mallory' WHERE seq = 7" 2> "$T/err" || fail "UPDATE was allowed"
expect_stderr "append-only"
! sqlite3 "$GDPR_DB" "DELETE FROM audit WHERE seq = 8" 2> /dev/null || fail "DELETE was allowed"

# someone with write access drops the triggers and rewrites history
sqlite3 "$GDPR_DB" "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE seq = 7"
expect_exit 8 audit --verify
expect_stderr "audit chain broken at event 7: hash does not match the event's content"
expect_exit 8 audit --verify --format json
expect_json 'd["ok"] is False and d["first_bad_seq"] == 7 and d["events"] == 8'
gdpr audit --format json > "$T/tampered.json"
! python3 "$GDPR_SOURCE_DIR/examples/verify_audit.py" "$T/tampered.json" 2> /dev/null || fail "python check missed it"
! bash "$GDPR_SOURCE_DIR/examples/verify_audit.sh" "$T/tampered.json" 2> /dev/null || fail "jq check missed it"

# a deleted event is found too
sqlite3 "$GDPR_DB" "UPDATE audit SET actor = 'bob' WHERE seq = 7; DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 4"
expect_exit 8 audit --verify
expect_stderr "audit chain broken at event 5: sequence number 5 where 4 was expected"
pass
