# Policy `[steps] runner = "worker"` (SPEC §11): the commands only record their linked-system
# steps and `gdpr worker` runs them. Without a worker, request and approve wait
# steps.wait_seconds and report the steps as waiting (exit 0), the erasure unfinished; a worker
# pass runs them as its own actor; `retry` finishes the erasure; a failed step in the worker is
# exit 7 for the waiting command, and `retry` queues it again; who is not a worker is refused; a
# policy with a runner that does not exist is refused (exit 9).
source "$(dirname "$0")/common.sh"
# run_bg USER OUT ERR ARGS...: gdpr ARGS as USER in the background, $! being gdpr itself (for kill -9)
run_bg() {
  local user=$1 out=$2 err=$3
  shift 3
  if backend_is postgresql; then
    GDPR_DB=$(uri "$user") "$GDPR_BIN" "$@" > "$out" 2> "$err" &
  else
    "$GDPR_BIN" --as "$user" "$@" > "$out" 2> "$err" &
  fi
}
make_logging_hook
TOP_CONFIG='' systems_config crm
cat >> "$GDPR_CONFIG" <<'TOML'
[steps]
runner = "worker"
wait_seconds = 1
TOML
sed -i 's/^reviewers = .*/&\nworkers = ["wrk"]/' "$GDPR_CONFIG"
gdpr init > /dev/null
setup_contact c-1

# Nobody runs the steps: request waits, reports the hold as waiting, exit 0; the hook never ran.
expect_exit 0 --as alice request c-1 --reason "Customer asked in writing to erase all data" --clarified
expect_stderr "request 1: waiting for the worker (\`gdpr worker\`):"
expect_stderr "  crm hold"
[ "$(runs_of hold-crm-1)" = 0 ] || fail "the command ran the hold itself"
expect_exit 0 review 1 --format json
expect_json 'd["state"] == "pending" and [(s["system"], s["action"], s["state"]) for s in d["steps"]] == [("crm", "hold", "pending")]'
expect_exit 0 review 1
expect_stdout "waiting for the worker"
expect_exit 0 review --remind
if backend_is sqlite; then  # (the server stamps a step's time itself)
  db_query "UPDATE steps SET updated_at = '2026-01-01T08:00:00Z'"
  expect_exit 3 review --remind
  expect_stdout "waiting for the worker since 2026-01-01"
  expect_stdout "crm hold (is \`gdpr worker\` running?)"
fi

# Only a worker (or an admin) may be the worker; a worker pass runs what is queued, as its actor.
snapshot
expect_exit 4 --as alice worker --once
expect_stderr "\`gdpr worker\` is refused: 'alice' is not a worker (roles.workers in"
expect_unchanged
expect_exit 0 --as wrk worker --once
expect_stdout "request 1: crm hold done"
[ "$(runs_of hold-crm-1)" = 1 ] || fail "the worker did not run the hold"
grep -qx 'GDPR_ACTOR=wrk' "$T/hooks/log/hold-crm-1.env" || fail "the hold did not run as the worker"
expect_exit 0 --as wrk worker --once
expect_no_stdout
[ "$(runs_of hold-crm-1)" = 1 ] || fail "a second pass ran the hold again"

# approve without a worker: the erasure waits; the contact is still there; a pass, then retry.
expect_exit 0 --as bob approve 1 --yes
expect_stderr "  crm erase"
expect_stderr "an erasure ends with \`gdpr retry 1\` once they are done"
expect_exit 0 review 1 --format json
expect_json 'd["state"] == "approved" and [s["state"] for s in d["steps"] if s["action"] == "erase"] == ["pending"]'
expect_exit 0 --as wrk worker --once
expect_stdout "request 1: crm erase done"
expect_exit 0 review 1 --format json
expect_json 'd["state"] == "approved"'
expect_exit 0 --as bob retry 1
expect_stdout "Request 1: erased (contact erased)"
[ "$(runs_of erase-crm-1)" = 1 ] || fail "retry ran the erase again: $(runs_of erase-crm-1)"

# A worker in the background: the commands wait for it, and the approver's ends the erasure.
sed -i 's/^wait_seconds = .*/wait_seconds = 30/' "$GDPR_CONFIG"
policy_apply
# (PostgreSQL wakes the worker with NOTIFY: it never needs to look on its own in this test.)
poll=1
! backend_is postgresql || poll=3600
run_bg wrk "$T/worker.out" "$T/worker.err" worker --poll "$poll"
worker=$!
also_at_exit 'kill -9 $worker 2> /dev/null || true'
gdpr contact add c-2 "name=Erika Schön" email=erika@example.com > /dev/null
expect_exit 0 --as alice request c-2 --reason "Customer asked in writing to erase all data" --clarified
[ ! -s "$T/err" ] || fail "request waited in vain: $(cat "$T/err")"
expect_exit 0 --as bob approve 2 --yes
expect_stdout "erased"
[ "$(runs_of erase-crm-2)" = 1 ] || fail "erase of request 2 ran $(runs_of erase-crm-2) times"

# A failed step in the worker: the waiting command says why (exit 7); retry queues it again.
gdpr contact add c-3 "name=Nur Hier" email=nur.hier@example.at > /dev/null
touch "$T/hooks/fail-crm"
expect_exit 7 --as alice request c-3 --reason "Customer asked in writing to erase all data" --clarified
expect_stderr "crm hold: exited with status 4 (in the worker, attempt 1)"
expect_stderr "run \`gdpr retry 3\`"
rm "$T/hooks/fail-crm"
expect_exit 0 --as alice retry 3
expect_exit 0 review 3 --format json
expect_json '[(s["action"], s["state"], s["attempts"]) for s in d["steps"]] == [("hold", "done", 2)]'

# kill -9 of the worker in the middle of an erase: the step is taken up again by the next worker,
# and the approver's waiting command ends the erasure once.
echo 30 > "$T/hooks/slow-crm"
run_bg bob "$T/approve.out" "$T/approve.err" approve 3 --yes
approver=$!
wait_for_file "$T/hooks/started-crm"
kill -9 "$worker"
wait "$worker" 2> /dev/null || true
rm "$T/hooks/slow-crm"
run_bg wrk "$T/worker2.out" "$T/worker2.err" worker --poll 1
worker=$!
wait "$approver" || fail "approve after the worker's crash: $(cat "$T/approve.err")"
grep -q "erased" "$T/approve.out" || fail "approve did not end the erasure: $(cat "$T/approve.out" "$T/approve.err")"
[ "$(runs_of erase-crm-3)" = 2 ] || fail "the interrupted erase ran $(runs_of erase-crm-3) times, expected 2"
[ "$(db_query "SELECT count(*) FROM audit WHERE action = 'request.erased' AND request_id = 3")" = 1 ] ||
  fail "request 3 was not erased exactly once"
kill "$worker"
wait "$worker" || fail "the worker did not stop cleanly on SIGTERM: $(cat "$T/worker2.err")"
expect_exit 0 audit --verify

# The worker refuses a policy that runs the steps in the commands; a runner that does not exist.
sed -i 's/^runner = .*/runner = "inline"/' "$GDPR_CONFIG"
policy_apply
expect_exit 2 --as wrk worker --once
expect_stderr 'steps.runner = "inline"'
sed -i 's/^runner = .*/runner = "cron"/' "$GDPR_CONFIG"
snapshot
expect_exit 9 policy apply "$GDPR_CONFIG" --yes
expect_stderr 'runner'
expect_stderr 'must be "inline" or "worker", not "cron"'
expect_unchanged
pass
