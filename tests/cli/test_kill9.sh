# kill -9 of `approve` while a hook runs leaves a consistent database and a verifiable chain;
# `retry` then finishes the job with no personal data left in the database files. Then kill -9
# at random moments of request, approve, reject and retry, and check the invariants.
source "$(dirname "$0")/common.sh"
make_logging_hook
systems_config jet-main crm
with_request c-1 2> /dev/null

echo 30 > "$T/hooks/slow-crm"
"$GDPR_BIN" --as bob approve 1 --yes > /dev/null 2>&1 &   # the binary itself, not a subshell
approver=$!
wait_for_file "$T/hooks/started-crm"
kill -9 "$approver"
wait "$approver" || true

expect_exit 0 audit --verify
expect_exit 0 review 1 --format json
expect_json 'd["state"] == "approved" and [(s["system"], s["state"]) for s in d["steps"] if s["action"] == "erase"] == [("jet-main", "done"), ("crm", "running")]'
expect_exit 0 contact show c-1 --format json
expect_json 'd["properties"]["name"] == "Max Müller"'
expect_exit 3 review --remind
expect_stdout "step interrupted: crm erase"

rm "$T/hooks/slow-crm"
expect_exit 0 --as carol retry --all
expect_stdout "Request 1: erased (contact erased)"
[ "$(runs_of erase-jet-main-1)" = 1 ] || fail "jet-main erase ran $(runs_of erase-jet-main-1) times"
[ "$(runs_of erase-crm-1)" = 2 ] || fail "crm erase ran $(runs_of erase-crm-1) times"
# (Not "Wien": the stored policy names the supervisory authority, SPEC §10, whose address is in Wien.)
for s in "Max Müller" "max.mueller@example.com" "Ottakring"; do
  ! cat "$T"/gdpr.db* | grep -a -q -F -- "$s" || fail "'$s' is still in the database files"
done
expect_exit 0 audit --verify

# kill -9 at random moments, many times
for i in $(seq 1 12); do
  gdpr contact add "k-$i" "name=Crash Test $i" > /dev/null
done
echo 0.05 > "$T/hooks/slow-crm"
for i in $(seq 1 12); do
  kill_at_random --as alice request "k-$i" --reason "Customer asked in writing" --clarified
done
gdpr retry --all > /dev/null 2>&1 || true
for i in $(seq 1 12); do
  rid=$(sqlite3 "$GDPR_DB" "SELECT id FROM requests WHERE contact_id = 'k-$i' AND state = 'pending'")
  [ -n "$rid" ] || continue
  if [ $((i % 2)) = 0 ]; then
    kill_at_random --as bob approve "$rid" --yes
  else
    kill_at_random --as bob reject "$rid" --reason "Rejected during a crash test"
  fi
  [ $((i % 3)) != 0 ] || kill_at_random --as carol retry --all
done
rm "$T/hooks/slow-crm"
gdpr --as carol retry --all > /dev/null 2>&1 || fail "retry --all could not finish after the crashes"
expect_exit 0 audit --verify

# invariants: no half-done request, statuses agree, erased contacts have no data left
bad=$(sqlite3 "$GDPR_DB" "
  SELECT r.id FROM requests r JOIN contacts c ON c.id = r.contact_id
  WHERE r.state = 'approved'
     OR (r.state = 'erased' AND (c.status <> 'erased' OR c.properties <> '[]'))
     OR (r.state = 'pending' AND c.status <> 'on-hold')
     OR (r.state IN ('rejected', 'withdrawn') AND c.status = 'on-hold'
         AND NOT EXISTS (SELECT 1 FROM requests o WHERE o.contact_id = c.id AND o.state = 'pending'))")
[ -z "$bad" ] || fail "inconsistent requests after crashes: $bad"
[ "$(sqlite3 "$GDPR_DB" "SELECT count(*) FROM steps WHERE state <> 'done'")" = 0 ] || fail "unfinished steps remain"
[ "$(sqlite3 "$GDPR_DB" "SELECT count(*) FROM contacts WHERE status = 'on-hold' AND id NOT IN (SELECT contact_id FROM requests WHERE state = 'pending')")" = 0 ] || fail "a contact is on hold without a request"
for i in $(seq 1 12); do
  if [ "$(sqlite3 "$GDPR_DB" "SELECT status FROM contacts WHERE id = 'k-$i'")" = erased ]; then
    ! cat "$T"/gdpr.db* | grep -a -q -F -- "Crash Test $i" || fail "erased k-$i left bytes"
  fi
done
pass
