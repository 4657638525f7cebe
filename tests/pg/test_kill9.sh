# kill -9 on PostgreSQL: the server rolls the dead client's transaction back and ends its session,
# so a step it left `running` is seen as interrupted (the runner is the server session, not a
# process id of one machine), `review --remind` says so, and another reviewer's `retry` finishes
# the erasure. Then kill -9 at random moments of request, approve, reject and retry from several
# clients, and check that every request ends consistent and the chain verifies.
source "$(dirname "$0")/common.sh"
make_logging_hook
systems_config jet-main crm
pg_setup_team
pg_expect 0 alice contact add c-1 'name=Max Müller' email=max.mueller@example.com city=Wien
pg_expect 0 alice request c-1 --reason "Customer asked by letter of 2026-11-20" --clarified

echo 30 > "$T/hooks/slow-crm"
GDPR_DB="$(uri bob)" "$GDPR_BIN" approve 1 --yes > /dev/null 2>&1 &   # the binary itself, not a subshell
approver=$!
wait_for_file "$T/hooks/started-crm"
# While bob's approve runs the crm hook, the step is his: carol's retry leaves it alone.
pg_expect 6 carol retry 1
expect_stderr "being run by process"
kill -9 "$approver"
wait "$approver" || true
# The server ends the dead client's session within moments.
for i in $(seq 100); do
  [ "$(psql_as postgres -c "SELECT count(*) FROM pg_stat_activity WHERE usename = 'bob'")" = 0 ] && break
  sleep 0.1
done

pg_expect 0 carol audit --verify
pg_expect 0 carol --format json review 1
expect_json 'd["state"] == "approved" and [(s["system"], s["state"]) for s in d["steps"] if s["action"] == "erase"] == [("jet-main", "done"), ("crm", "running")]'
pg_expect 3 carol review --remind
expect_stdout "step interrupted: crm erase"

rm "$T/hooks/slow-crm"
pg_expect 0 carol retry --all
expect_stdout "Request 1: erased (contact erased)"
[ "$(runs_of erase-jet-main-1)" = 1 ] || fail "jet-main erase ran $(runs_of erase-jet-main-1) times"
[ "$(runs_of erase-crm-1)" = 2 ] || fail "crm erase ran $(runs_of erase-crm-1) times"

# kill -9 at random moments, many times, from several clients
for i in $(seq 1 10); do pg_expect 0 alice contact add "k-$i" "name=Crash Test $i"; done
# As ROLE: pg_kill_at_random ROLE ARGS...
pg_kill_at_random() {
  local role=$1
  shift
  GDPR_DB="$(uri "$role")" kill_at_random "$@"
}
echo 0.05 > "$T/hooks/slow-crm"
for i in $(seq 1 10); do
  pg_kill_at_random alice request "k-$i" --reason "Customer asked in writing" --clarified
done
sleep 0.5
pg carol retry --all > /dev/null 2>&1 || true
for i in $(seq 1 10); do
  rid=$(psql_as postgres -c "SELECT id FROM gdpr.requests WHERE contact_id = 'k-$i' AND state = 'pending'")
  [ -n "$rid" ] || continue
  if [ $((i % 2)) = 0 ]; then
    pg_kill_at_random bob approve "$rid" --yes
  else
    pg_kill_at_random bob reject "$rid" --reason "Rejected during a crash test"
  fi
  [ $((i % 3)) != 0 ] || pg_kill_at_random carol retry --all
done
rm "$T/hooks/slow-crm"
sleep 0.5
pg carol retry --all > /dev/null 2>&1 || fail "retry --all could not finish after the crashes"
# One more erasure, undisturbed, so that the bytes check below always has a crash-test contact.
pg_expect 0 alice contact add k-99 "name=Crash Test 99"
pg_expect 0 alice -q request k-99 --reason "Customer asked in writing" --clarified
pg_expect 0 bob approve "$(cat "$T/out")" --yes
pg_expect 0 carol audit --verify

bad=$(psql_as postgres -c "
  SELECT r.id FROM gdpr.requests r JOIN gdpr.contacts c ON c.id = r.contact_id
  WHERE r.state = 'approved'
     OR (r.state = 'erased' AND (c.status <> 'erased' OR c.properties <> '[]'))
     OR (r.state = 'pending' AND c.status <> 'on-hold')
     OR (r.state IN ('rejected', 'withdrawn') AND c.status = 'on-hold'
         AND NOT EXISTS (SELECT 1 FROM gdpr.requests o WHERE o.contact_id = c.id AND o.state = 'pending'))")
[ -z "$bad" ] || fail "inconsistent requests after crashes: $bad"
[ "$(psql_as postgres -c "SELECT count(*) FROM gdpr.steps WHERE state <> 'done'")" = 0 ] || fail "unfinished steps remain"
pg_expect 0 gdpr_owner retry --all
psql_as postgres -c CHECKPOINT
# (with the closing quote of the stored JSON, so that "Crash Test 1" does not match "... 10")
erased=$(psql_as postgres -c "SELECT 'Crash Test ' || substr(id, 3) || '\"' FROM gdpr.contacts WHERE status = 'erased' AND id LIKE 'k-%'")
[ -n "$erased" ] || fail "no crash-test contact was erased: the crashes left nothing to check"
while IFS= read -r value; do
  if grep -rqa "$value" "$PG_DIR/data/base"; then fail "'$value' of an erased contact is still in the table files"; fi
done <<< "$erased"
for value in "Max Müller" "max.mueller@example.com"; do
  if grep -rqa "$value" "$PG_DIR/data/base"; then fail "'$value' of the erased contact is still in the table files"; fi
done
pass
