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
expect_json 'all(set(e) == {"seq","at","actor","action","request_id","contact_id","details","details_text","prev_hash","hash"} for e in d)'
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if all(json.loads(e["details_text"]) == e["details"] for e in d) else 1)' "$T/out" || fail "details_text is not what details says"
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
expect_exit 2 audit --since 01/01/2026
expect_exit 0 audit --since "$(date -d "$today" +%d.%m.%Y)" --until "$today" --format json  # the German form (SPEC §12)
expect_json 'len(d) == 8'
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
expect_json "{k: v for k, v in d.items() if k != 'warnings'} == {'ok': True, 'events': 8, 'head': '$head', 'first_bad_seq': None, 'problem': None}"
expect_json 'len(d["warnings"]) == 1 and "identity.allow_override is true" in d["warnings"][0]'
expect_exit 2 audit --verify --request 1
if backend_is postgresql; then
  # the database's own check (psql only); tampering with the server's trail: tests/pg/test_audit_psql.sh
  bash "$GDPR_SOURCE_DIR/examples/verify_audit_psql.sh" "$(uri postgres)" > "$T/sq.out" || fail "psql verification failed"
  [ "$(cat "$T/sq.out")" = "Audit chain OK: 8 events, head $head" ] || fail "psql verification: $(cat "$T/sq.out")"
  pass
  exit 0
fi
bash "$GDPR_SOURCE_DIR/examples/verify_audit_sqlite.sh" "$GDPR_DB" > "$T/sq.out" || fail "sqlite3 verification failed"
[ "$(cat "$T/sq.out")" = "Audit chain OK: 8 events, head $head" ] || fail "sqlite3 verification: $(cat "$T/sq.out")"

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

# verdicts VERDICT SEQ: gdpr, the two export verifiers and the sqlite3 recipe all say VERDICT (ok or
# broken) about the database as it is now, broken ones at event SEQ, the intact ones with one head.
verdicts() {
  local want=$1 seq=${2:-} got=0 name
  "$GDPR_BIN" audit --verify > "$T/v.gdpr" 2> "$T/v.gdpr.err" || got=$?
  "$GDPR_BIN" audit --format json > "$T/trail.json"
  for name in py sh sqlite; do
    local status=0
    case $name in
      py) python3 "$GDPR_SOURCE_DIR/examples/verify_audit.py" "$T/trail.json" > "$T/v.$name" 2>&1 || status=$? ;;
      sh) bash "$GDPR_SOURCE_DIR/examples/verify_audit.sh" "$T/trail.json" > "$T/v.$name" 2>&1 || status=$? ;;
      sqlite) bash "$GDPR_SOURCE_DIR/examples/verify_audit_sqlite.sh" "$GDPR_DB" > "$T/v.$name" 2>&1 || status=$? ;;
    esac
    [ "$status" -eq "$got" ] || fail "$name says $status ($(cat "$T/v.$name")), gdpr $got ($(cat "$T/v.gdpr"))"
    if [ "$want" = ok ]; then
      [ "$(cat "$T/v.$name")" = "$(cat "$T/v.gdpr")" ] || fail "$name: $(cat "$T/v.$name") / gdpr: $(cat "$T/v.gdpr")"
    else
      grep -qF "audit chain broken at event $seq:" "$T/v.$name" || fail "$name: $(cat "$T/v.$name"), expected event $seq"
    fi
  done
  if [ "$want" = ok ]; then [ "$got" -eq 0 ] || fail "gdpr: $(cat "$T/v.gdpr")"; else
    [ "$got" -eq 8 ] || fail "gdpr exit $got: $(cat "$T/v.gdpr")"
    grep -qF "audit chain broken at event $seq:" "$T/v.gdpr.err" || fail "gdpr: $(cat "$T/v.gdpr.err"), expected event $seq"
  fi
}

# The same JSON in other bytes is a changed event for every verifier: the hash covers the stored
# bytes of details (docs/decisions.md). Each case is undone before the next.
rm -f "$GDPR_DB" "$GDPR_DB-wal" "$GDPR_DB-shm"
with_request c-1
printf 'id;name\nc-é;Zoë\n' > "$T/liste.csv"
gdpr contact import "$T/liste.csv" > /dev/null
gdpr --as bob approve 1 --yes > /dev/null
verdicts ok
sqlite3 "$GDPR_DB" "DROP TRIGGER audit_no_update"
original=$(sqlite3 "$GDPR_DB" "SELECT details FROM audit WHERE seq = 4")
for variant in \
  "$(sed 's/:/ : /g; s/,/ , /g; s/^{/{ /' <<<"$original")" \
  "$(python3 -c 'import json,sys; t=json.dumps(json.loads(sys.argv[1]), separators=(",",":"), ensure_ascii=True, sort_keys=True); i=t.index(chr(34))+1; print(t[:i] + "\\u%04x" % ord(t[i]) + t[i+1:])' "$original")" \
  "$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(json.dumps(dict(reversed(list(d.items()))), separators=(",",":"), ensure_ascii=False))' "$original")" \
  "$original " "not json at all"; do
  [ "$variant" != "$original" ] || fail "test setup: variant of $original is the same bytes"
  sqlite3 "$GDPR_DB" "UPDATE audit SET details = '$(sed "s/'/''/g" <<<"$variant")' WHERE seq = 4"
  verdicts broken 4
done
sqlite3 "$GDPR_DB" "UPDATE audit SET details = '$(sed "s/'/''/g" <<<"$original")' WHERE seq = 4"
verdicts ok
# an actor changed, a byte that is not UTF-8, a broken link
sqlite3 "$GDPR_DB" "UPDATE audit SET actor = 'mallory' WHERE seq = 3"
verdicts broken 3
sqlite3 "$GDPR_DB" "UPDATE audit SET actor = 'alice' WHERE seq = 3"
verdicts ok
contact=$(sqlite3 "$GDPR_DB" "SELECT contact_id FROM audit WHERE seq = 5")
sqlite3 "$GDPR_DB" "UPDATE audit SET contact_id = CAST(X'632DFF' AS TEXT) WHERE seq = 5"
verdicts broken 5
sqlite3 "$GDPR_DB" "UPDATE audit SET contact_id = '$contact' WHERE seq = 5"
verdicts ok
sqlite3 "$GDPR_DB" "UPDATE audit SET prev_hash = hash WHERE seq = 6"
verdicts broken 6
pass
