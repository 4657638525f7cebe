# The worker as the issue asks for it (SPEC §11): two team members (real OS users) file and
# approve without any access to the linked system's secret, which only the worker's service user
# can read; the worker, a third OS user, runs every step; `kill -9` of the worker in the middle of
# the erase and a restart finish the erasure once. Needs root for the users (skipped otherwise).
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/users.sh"
need_team
mkdir "$T/team" "$T/secret" "$T/crm"
chgrp gdprt_team "$T/team"
chmod 0770 "$T/team"
# The linked system: a hook that needs the secret, and logs who ran it (the log is the system's).
printf 'crm-token-SECRET\n' > "$T/secret/crm.token"
chown -R gdprt_wrk "$T/secret"
chmod 0700 "$T/secret"
chmod 0600 "$T/secret/crm.token"
chmod 0777 "$T/crm"
cat > "$T/crm/hook.sh" <<SH
#!/bin/sh
token=\$(cat "$T/secret/crm.token") || { echo "crm: cannot read the token" >&2; exit 5; }
[ "\$token" = crm-token-SECRET ] || exit 6
echo "\$GDPR_ACTION \$GDPR_REQUEST_ID \$(id -un)" >> "$T/crm/runs"
if [ -e "$T/crm/slow" ]; then touch "$T/crm/started"; sleep 30; fi
SH
chmod 0755 "$T/crm/hook.sh"
cat > "$GDPR_CONFIG" <<TOML
organization = "Muster GmbH"
file_mode = "0660"
[roles]
reviewers = ["gdprt_ann", "gdprt_ben"]
workers = ["gdprt_wrk"]
[steps]
runner = "worker"
wait_seconds = 30
[[systems]]
name = "crm"
hold = "$T/crm/hook.sh"
release = "$T/crm/hook.sh"
erase = "$T/crm/hook.sh"
timeout_seconds = 60
TOML
chmod 0644 "$GDPR_CONFIG"
export GDPR_DB="$T/team/gdpr.db"
as gdprt_ann init
[ "$status" -eq 0 ] || fail "init as gdprt_ann: $(cat "$T/err")"
chgrp gdprt_team "$GDPR_DB"
as gdprt_ann contact add k-1 "name=Max Müller" email=max.mueller@example.com
[ "$status" -eq 0 ] || fail "contact add: $(cat "$T/err")"

# Neither team member can read the secret; the worker can.
for u in gdprt_ann gdprt_ben; do
  ! setpriv --reuid="$u" --regid="$u" --init-groups cat "$T/secret/crm.token" > /dev/null 2>&1 ||
    fail "$u can read the secret"
done
# start_worker: gdpr worker as gdprt_wrk in the background ($worker is gdpr itself)
start_worker() {
  setpriv --reuid=gdprt_wrk --regid=gdprt_wrk --init-groups env HOME=/nonexistent GDPR_DB="$GDPR_DB" \
    GDPR_CONFIG="$GDPR_CONFIG" "$GDPR_BIN" worker --poll 1 >> "$T/worker.out" 2>> "$T/worker.err" &
  worker=$!
}
start_worker
also_at_exit 'kill -9 $worker 2> /dev/null || true'

# ann files: the hold runs in the worker, as gdprt_wrk
as gdprt_ann request k-1 --reason "Customer asked in writing to erase all data" --clarified
[ "$status" -eq 0 ] || fail "request as gdprt_ann: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "request did not get its hold from the worker: $(cat "$T/err")"
[ "$(cat "$T/crm/runs")" = "hold 1 gdprt_wrk" ] || fail "hold: $(cat "$T/crm/runs")"

# ben approves; the worker is killed with SIGKILL in the middle of the erase and started again;
# ben's waiting approve ends the erasure, once.
touch "$T/crm/slow"
setpriv --reuid=gdprt_ben --regid=gdprt_ben --init-groups env HOME=/nonexistent GDPR_DB="$GDPR_DB" \
  GDPR_CONFIG="$GDPR_CONFIG" bash -c 'umask 022; exec "$0" "$@"' "$GDPR_BIN" approve 1 --yes \
  > "$T/approve.out" 2> "$T/approve.err" &
approver=$!
wait_for_file "$T/crm/started"
kill -9 "$worker"
wait "$worker" 2> /dev/null || true
rm "$T/crm/slow"
start_worker
wait "$approver" || fail "approve as gdprt_ben: $(cat "$T/approve.err")"
grep -q "erased" "$T/approve.out" || fail "approve did not end the erasure: $(cat "$T/approve.out" "$T/approve.err")"
[ "$(grep -c '^erase 1 gdprt_wrk$' "$T/crm/runs")" = 2 ] || fail "erase runs: $(cat "$T/crm/runs")"
[ "$(grep -vc 'gdprt_wrk$' "$T/crm/runs")" = 0 ] || fail "a step ran as someone else: $(cat "$T/crm/runs")"
[ "$(sqlite3 "$GDPR_DB" "SELECT count(*) FROM audit WHERE action = 'request.erased'")" = 1 ] ||
  fail "the erasure did not end exactly once"
[ "$(sqlite3 "$GDPR_DB" "SELECT actor FROM audit WHERE action = 'step.done' ORDER BY seq" | sort -u)" = gdprt_wrk ] ||
  fail "steps recorded by someone other than the worker"
as gdprt_ben audit --verify
[ "$status" -eq 0 ] || fail "audit --verify: $(cat "$T/err")"
# The secret is nowhere in the database, the worker's output or the trail.
! grep -a -q crm-token-SECRET "$GDPR_DB"* "$T/worker.out" "$T/worker.err" "$T/approve.out" "$T/approve.err" ||
  fail "the secret leaked"
kill "$worker"
wait "$worker" || fail "the worker did not stop cleanly: $(cat "$T/worker.err")"
pass
