# Proof of erasure (SPEC §13): after each linked system's erase a verify step asks the system
# whether the contact is gone: the command kind's verify command (exit 0 gone, 1 still there,
# other failed), the sqlite kind's verify statement (0 gone), HubSpot's GET of the record (404
# gone), Mailchimp's GET of the member in each audience. Still there is a failed step (exit 7
# naming the system), the request stays approved and `retry` erases and asks again; a probe that
# sees the contact go within verify_seconds is done; a crash between erase and verify resumes at
# verify. The record carries one proof line per system (review --format json `proof`, print-sheet
# in every format, English and German); require_verification and misplaced keys are refused with
# the database unchanged; nothing of the e-mail or a credential is left in the database files.
source "$(dirname "$0")/common.sh"
make_logging_hook
# The probe of the command kind: logs its run like the hook; exits with what $T/verify-exit says
# (0 when absent); while $T/still-N holds a number above 0, counts it down and exits 1 instead.
cat > "$T/hooks/verify.sh" <<'SH'
#!/bin/sh
dir=$(dirname "$0")
echo "$GDPR_ACTION-$GDPR_SYSTEM-$GDPR_REQUEST_ID" >> "$dir/log/runs"
env | grep -E '^GDPR_ACTION=' > "$dir/log/verify.env"
if [ -e "$dir/crash" ]; then  # a crash between erase and verify: gdpr itself is killed
  rm "$dir/crash"
  p=$PPID
  while [ "$(cat /proc/$p/comm)" != gdpr ]; do p=$(awk '{print $4}' /proc/$p/stat); done
  kill -9 "$p"
  sleep 5
fi
if [ -s "$dir/still-n" ] && [ "$(cat "$dir/still-n")" -gt 0 ]; then
  echo $(($(cat "$dir/still-n") - 1)) > "$dir/still-n"
  exit 1
fi
exit "$(cat "$dir/verify-exit" 2> /dev/null || echo 0)"
SH
chmod +x "$T/hooks/verify.sh"
proof_config() {  # proof_config [EXTRA-TOP-LINES]: crm with a probe, old without
  write_config "${1:-}" "
[[systems]]
name = \"crm\"
hold = \"$T/hooks/log-hook.sh\"
release = \"$T/hooks/log-hook.sh\"
erase = \"$T/hooks/log-hook.sh\"
verify = \"$T/hooks/verify.sh\"
verify_seconds = ${VERIFY_SECONDS:-0}
[[systems]]
name = \"old\"
hold = \"$T/hooks/log-hook.sh\"
erase = \"$T/hooks/log-hook.sh\""
}
proof_config
gdpr init > /dev/null
for i in 1 2 3 4 5 6; do gdpr contact add "K-$i" "name=Kunde $i" "email=kunde$i@example.com" > /dev/null; done
file() { gdpr --as alice request "$1" --reason "Customer asked in writing" --clarified -q > /dev/null; }
state_of() { gdpr review "$1" --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)["state"])'; }

# gone: the proof says so for crm and "unchecked" for old, in review and in every sheet format
file K-1
expect_exit 0 --as bob approve 1 --yes
expect_stdout "erased here and in crm, old"
[ "$(runs_of verify-crm-1)" = 1 ] || fail "the probe ran $(runs_of verify-crm-1) times"
grep -qx GDPR_ACTION=verify "$T/hooks/log/verify.env" || fail "the probe's GDPR_ACTION: $(cat "$T/hooks/log/verify.env")"
expect_exit 0 review 1 --format json
expect_json '[(p["system"], p["verified"]) for p in d["proof"]] == [("crm", "gone"), ("old", "unchecked")]'
expect_json 'd["proof"][0]["verified_at"] >= d["proof"][0]["erased_at"] and d["proof"][1]["verified_at"] is None'
expect_json 'all(p["erased_at"] for p in d["proof"])'
expect_exit 0 audit --format json
expect_json '[(e["details"]["system"], e["details"]["outcome"]) for e in d if e["action"] == "step.verified"] == [("crm", "gone")]'
expect_exit 0 print-sheet K-1
expect_stdout "crm: erased 2"
expect_stdout "; verified: gone 2"
expect_stdout "old: erased 2"
expect_stdout "; not verified"
for format in markdown html; do
  expect_exit 0 print-sheet K-1 --format "$format"
  expect_stdout "verified: gone"
  expect_stdout "not verified"
done
expect_exit 0 print-sheet K-1 --format json
expect_json '[p["verified"] for p in d["request"]["proof"]] == ["gone", "unchecked"]'
LANG=de_DE.UTF-8 expect_exit 0 print-sheet K-1
tr -s ' \n' ' ' < "$T/out" > "$T/words"  # the German line is longer than the sheet's: wrapped
for words in "crm: gelöscht " "; geprüft: entfernt " "old: gelöscht " "; nicht geprüft"; do
  grep -q -F -- "$words" "$T/words" || fail "the German sheet lacks: $words"
done

# still there: exit 7 naming the system, the request stays approved, the contact is here
file K-2
echo 1 > "$T/hooks/verify-exit"
expect_exit 7 --as bob approve 2 --yes
expect_stderr "crm verify: the contact is still there after erase"
expect_stderr "gdpr retry 2"
[ "$(state_of 2)" = approved ] || fail "request 2 is $(state_of 2) after a probe that found the contact"
expect_exit 0 contact show K-2
expect_exit 0 audit --format json
expect_json '[e["details"]["outcome"] for e in d if e["action"] == "step.failed" and e["request_id"] == 2] == ["the contact is still there after erase"]'
# retry erases again, then asks again: still there is still exit 7
expect_exit 7 --as bob retry 2
[ "$(runs_of erase-crm-2)" = 2 ] || fail "retry did not erase again: $(runs_of erase-crm-2) erases"
[ "$(runs_of verify-crm-2)" = 2 ] || fail "retry did not ask again: $(runs_of verify-crm-2) probes"
# a probe that fails (exit 5) is a failed step too, with its status
echo 5 > "$T/hooks/verify-exit"
expect_exit 7 --as bob retry 2
expect_stderr "crm verify: exited with status 5"
[ "$(state_of 2)" = approved ] || fail "request 2 is $(state_of 2) after a failed probe"
# the system fixed: retry erases, the probe says gone, the erasure ends
rm "$T/hooks/verify-exit"
expect_exit 0 --as bob retry 2
[ "$(state_of 2)" = erased ] || fail "request 2 is $(state_of 2) after retry"
[ "$(runs_of erase-crm-2)" = 4 ] || fail "erases of request 2: $(runs_of erase-crm-2)"
[ "$(runs_of erase-old-2)" = 1 ] || fail "old was erased again: $(runs_of erase-old-2)"
expect_exit 0 review 2 --format json
expect_json '[p["verified"] for p in d["proof"]] == ["gone", "unchecked"]'

# a deletion that takes a moment: the probe asks again within verify_seconds and ends done
VERIFY_SECONDS=10 proof_config
policy_apply
file K-3
echo 2 > "$T/hooks/still-n"
expect_exit 0 --as bob approve 3 --yes
[ "$(runs_of verify-crm-3)" = 3 ] || fail "the probe ran $(runs_of verify-crm-3) times, expected 3"
[ "$(runs_of erase-crm-3)" = 1 ] || fail "a probe within verify_seconds erased again"
# ... but not past verify_seconds
VERIFY_SECONDS=1 proof_config
policy_apply
file K-4
echo 100 > "$T/hooks/still-n"
started=$SECONDS
expect_exit 7 --as bob approve 4 --yes
[ $((SECONDS - started)) -le 6 ] || fail "the probe asked for $((SECONDS - started)) s with verify_seconds = 1"
rm "$T/hooks/still-n"
expect_exit 0 --as bob retry 4

# a crash between erase and verify: gdpr is killed while the probe runs; the erase is done, the
# probe is taken up again by retry, which does not erase again
proof_config
policy_apply
file K-5
touch "$T/hooks/crash"
expect_exit 137 --as bob approve 5 --yes
[ "$(state_of 5)" = approved ] || fail "request 5 is $(state_of 5) after the crash"
expect_exit 0 review 5 --format json
expect_json '{(s["system"], s["action"]): s["state"] for s in d["steps"]} == {("crm", "hold"): "done", ("old", "hold"): "done", ("crm", "erase"): "done", ("crm", "verify"): "running", ("old", "erase"): "pending"}'
expect_exit 0 --as bob retry 5
[ "$(state_of 5)" = erased ] || fail "request 5 is $(state_of 5) after retry"
[ "$(runs_of erase-crm-5)" = 1 ] || fail "the erase ran again after a crash in the probe: $(runs_of erase-crm-5)"
[ "$(runs_of verify-crm-5)" = 2 ] || fail "the probe ran $(runs_of verify-crm-5) times"

# require_verification: a policy with a system without a probe is refused, the database unchanged
snapshot
proof_config "" 
sed -i 's/^organization = .*/&\n[erasure]\nrequire_verification = true/' "$GDPR_CONFIG"
expect_exit 9 policy apply "$GDPR_CONFIG" --yes
expect_stderr "erasure.require_verification = true, but systems.old has no probe"
expect_stderr "$GDPR_CONFIG"
expect_unchanged
# ... and accepted once every system has one
sed -i "s|^name = \"old\"|&\nverify = \"$T/hooks/verify.sh\"|" "$GDPR_CONFIG"
expect_exit 0 policy apply "$GDPR_CONFIG" --yes
expect_exit 0 policy show --format json
expect_json 'd["erasure"]["require_verification"] is True and [s.get("verify", "") != "" for s in d["systems"]] == [True, True]'

# keys in the wrong place: refused (exit 9) naming the key, the database unchanged
snapshot
for bad in "list = \"SELECT id, mail FROM kunden\"|list belongs to kind = \"sqlite\" or \"postgresql\"" \
           "verify_seconds = 4000|verify_seconds" \
           "verify_seconds = -1|verify_seconds" \
           "-verify = \"$T/hooks/verify.sh\"|verify proves an erase, and this system has no erase"; do
  GDPR_CONFIG="$T/bad.toml" write_config "" "
[[systems]]
name = \"crm\"
hold = \"$T/hooks/log-hook.sh\"
$([ "${bad:0:1}" = - ] || echo "erase = \"$T/hooks/log-hook.sh\"")
$(bad=${bad#-}; echo "${bad%%|*}")"
  expect_exit 9 policy apply "$T/bad.toml" --yes
  expect_stderr "$T/bad.toml:"
  expect_stderr "${bad##*|}"
  expect_unchanged
done

# the sqlite kind: a verify statement that counts; an erase that only updates is found out
jet="$T/jet.db"
python3 - "$jet" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE kunden (kundennr TEXT PRIMARY KEY, aktiv INTEGER, mail TEXT)")
db.execute("INSERT INTO kunden VALUES ('K-6', 1, 'kunde6@example.com')")
db.commit()
PY
jet_config() {  # jet_config ERASE VERIFY
  write_config "" "
[[systems]]
name = \"jet\"
kind = \"sqlite\"
database = \"$jet\"
hold = \"UPDATE kunden SET aktiv = 0 WHERE kundennr = :id\"
erase = \"$1\"
verify = \"$2\"
verify_seconds = 0"
}
jet_config "UPDATE kunden SET mail = NULL WHERE kundennr = :id" "SELECT count(*) FROM kunden WHERE kundennr = :id"
policy_apply
file K-6
expect_exit 7 --as bob approve 6 --yes
expect_stderr "jet verify: the contact is still there after erase"
[ "$(state_of 6)" = approved ] || fail "request 6 is $(state_of 6)"
# a verify statement whose answer is no number: a failed step that says so
jet_config "DELETE FROM kunden WHERE kundennr = :id" "SELECT 'maybe'"
policy_apply
expect_exit 7 --as bob retry 6
expect_stderr "jet verify"
[ "$(state_of 6)" = approved ] || fail "request 6 is $(state_of 6) after a probe without a number"
jet_config "DELETE FROM kunden WHERE kundennr = :id" "SELECT count(*) FROM kunden WHERE kundennr = :id"
policy_apply
expect_exit 0 --as bob retry 6
[ "$(state_of 6)" = erased ] || fail "request 6 is $(state_of 6) after retry"
[ "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM kunden").fetchone()[0])' "$jet")" = 0 ] ||
  fail "the JET row is still there"
expect_exit 0 review 6 --format json
expect_json '[(p["system"], p["verified"]) for p in d["proof"]] == [("jet", "gone")]'

# with the worker (runner = "worker"): the worker runs the erase and its probe as itself, the
# approver runs neither; a probe that finds the contact fails in the worker, and retry queues the
# erase and the probe again
proof_config
cat >> "$GDPR_CONFIG" <<'TOML'
[steps]
runner = "worker"
wait_seconds = 0
TOML
sed -i 's/^reviewers = .*/&\nworkers = ["wrk"]/' "$GDPR_CONFIG"
policy_apply
gdpr contact add K-7 "name=Kunde 7" email=kunde7@example.com > /dev/null
file K-7
expect_exit 0 --as wrk worker --once
echo 1 > "$T/hooks/verify-exit"
expect_exit 0 --as bob approve 7 --yes
[ "$(runs_of erase-crm-7)" = 0 ] || fail "the approver ran the erase itself"
expect_exit 0 --as wrk worker --once
expect_stdout "request 7: crm erase done"
grep -qx 'GDPR_ACTION=verify' "$T/hooks/log/verify.env" || fail "the worker ran no probe"
[ "$(runs_of verify-crm-7)" = 1 ] || fail "the worker's probes: $(runs_of verify-crm-7)"
expect_exit 0 review 7 --format json
expect_json 'd["state"] == "approved" and {(s["system"], s["action"]): s["state"] for s in d["steps"]}[("crm", "verify")] == "failed"'
expect_exit 0 --as bob retry 7  # queues the failed probe again for the worker
expect_exit 0 review 7 --format json
expect_json '{(s["system"], s["action"]): s["state"] for s in d["steps"]}[("crm", "verify")] == "pending"'
rm "$T/hooks/verify-exit"
expect_exit 0 --as wrk worker --once
[ "$(runs_of erase-crm-7)" = 2 ] || fail "the worker did not erase again before it asked: $(runs_of erase-crm-7)"
[ "$(runs_of verify-crm-7)" = 2 ] || fail "the worker's probes: $(runs_of verify-crm-7)"
expect_exit 0 --as bob retry 7
expect_exit 0 review 7 --format json
expect_json 'd["state"] == "erased" and [(p["system"], p["verified"]) for p in d["proof"]] == [("crm", "gone"), ("old", "unchecked")]'

# nothing of the erased e-mails in the database files
if backend_is sqlite; then
  for i in 1 2 3 4 5 6 7; do
    ! cat "$GDPR_DB"* | grep -a -q -F "kunde$i@example.com" || fail "kunde$i@example.com is still in the database files"
  done
fi
pass
