# The proof of erasure behind gdpr's back (SPEC §13, issue 22): team members with psql under their
# own roles try to end an erasure that a system has not proven, to forge a probe, a proof or a find
# of the watch, and to run a probe before its erase. The server refuses each with a message that
# says why, the data unchanged; afterwards the CLI still finishes every erasure. crm and crm2 have
# a probe, old has none; alice and dave file, bob reviews.
source "$(dirname "$0")/common.sh"

make_logging_hook
cat > "$T/hooks/verify.sh" <<'SH'
#!/bin/sh
exit "$(cat "$(dirname "$0")/verify-exit-$GDPR_SYSTEM" 2> /dev/null || echo 0)"
SH
chmod -R 755 "$T/hooks"
system() {
  printf '[[systems]]\nname = "%s"\nhold = "%s"\nerase = "%s"\n%sverify_seconds = 0\n' "$1" "$T/hooks/log-hook.sh" \
    "$T/hooks/log-hook.sh" "${2:+verify = \"$2\"
}"
}
write_config "" "$(system crm "$T/hooks/verify.sh"; system crm2 "$T/hooks/verify.sh"; system old)"
pg_setup_team
for c in c-1 c-2 c-3; do pg_expect 0 alice contact add "$c" "name=Kunde $c" "email=$c@example.com"; done
for c in c-1 c-2 c-3; do pg_expect 0 alice -q request "$c" --reason "Customer asked by letter of 2026-11-20" --clarified; done
mark_erased() {  # the SQL that marks request $1 erased, with its event
  echo "BEGIN; UPDATE gdpr.requests SET state = 'erased', erased_at = 'x' WHERE id = $1;
        INSERT INTO gdpr.audit (at, actor, action, request_id, contact_id, details, prev_hash, hash)
        VALUES ('', 'bob', 'request.erased', $1, 'c-$1', '{}', '', ''); COMMIT"
}

# request 1: crm2 still shows the contact after its erase; crm has proven it gone
echo 1 > "$T/hooks/verify-exit-crm2"
pg_expect 7 bob --yes approve 1
expect_stderr "crm2 verify: the contact is still there after erase"
pg_snapshot 0
# one system's proof does not stand for another's
refused bob "$(mark_erased 1)" "request 1: not every linked system of the policy has shown that the contact is gone"
# the filer records the probe herself; a requester puts it back to be run again
refused alice "UPDATE gdpr.steps SET state = 'running' WHERE request_id = 1 AND system = 'crm2' AND action = 'verify'" \
  "four-eyes rule: only a reviewer who did not file request 1"
refused dave "UPDATE gdpr.steps SET state = 'pending' WHERE request_id = 1 AND system = 'crm2' AND action = 'verify'" \
  "four-eyes rule: only a reviewer who did not file request 1"
# a proof in the trail for a probe nobody ran, behind a step the transaction rewrote unchanged
refused alice "BEGIN; UPDATE gdpr.steps SET state = state WHERE request_id = 1 AND system = 'crm' AND action = 'hold';
  INSERT INTO gdpr.audit (at, actor, action, request_id, contact_id, details, prev_hash, hash)
  VALUES ('', 'alice', 'step.verified', 1, 'c-1', '{\"system\": \"crm2\", \"outcome\": \"gone\"}', '', ''); COMMIT" \
  "an audit event records a change of its transaction: step.verified for request 1 has none"
# a find of the watch by whom may not watch
refused dave "INSERT INTO gdpr.audit (at, actor, action, request_id, contact_id, details, prev_hash, hash)
  VALUES ('', 'dave', 'watch.found', 1, 'c-1', '{\"system\": \"crm\", \"record_id\": \"x\"}', '', '')" \
  "an audit event records a change of its transaction: watch.found for request 1 has none"

# request 2: every probe says gone, but old (no probe) failed its erase: every system must erase
rm "$T/hooks/verify-exit-crm2"
touch "$T/hooks/fail-old"
pg_expect 7 bob --yes approve 2
expect_stderr "old erase: exited with status 4"
pg_snapshot 0
refused bob "$(mark_erased 2)" "request 2: not every linked system of the policy has erased"

# request 3: crm's erase failed, so its probe has not run; a reviewer may not run it first
rm "$T/hooks/fail-old"
touch "$T/hooks/fail-crm"
pg_expect 7 bob --yes approve 3
pg_snapshot 0
refused bob "UPDATE gdpr.steps SET state = 'running' WHERE request_id = 3 AND system = 'crm' AND action = 'verify'" \
  "request 3: the proof of its erasure in 'crm' comes after the erase there, which is not done"
# a requester puts the failed erase back to pending (for a worker to run behind the reviewers' back)
refused dave "UPDATE gdpr.steps SET state = 'pending' WHERE request_id = 3 AND system = 'crm' AND action = 'erase'" \
  "four-eyes rule: only a reviewer who did not file request 3, a worker (or the owner) plans or queues again its erasure"
refused bob "INSERT INTO gdpr.steps (request_id, system, action, state, attempts, updated_at)
  VALUES (3, 'crm', 'verify', 'done', 1, '') ON CONFLICT (request_id, system, action) DO UPDATE SET state = 'done'" \
  "request 3: the proof of its erasure in 'crm' comes after the erase there, which is not done"

# the systems fixed, gdpr itself finishes every erasure, each with its proof
rm "$T/hooks/fail-crm"
for r in 1 2 3; do
  pg_expect 0 carol retry "$r"
  pg_expect 0 bob review "$r" --format json
  expect_json 'd["state"] == "erased" and [(p["system"], p["verified"]) for p in d["proof"]] == [("crm", "gone"), ("crm2", "gone"), ("old", "unchecked")]'
done
pg_expect 0 gdpr_owner audit --verify
pass
