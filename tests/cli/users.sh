# Real OS users for tests where two people are needed (sourced after common.sh). Only root can make
# them: otherwise the test is skipped (exit 77) saying so. need_team creates (once, under a lock)
# the group gdprt_team and the users gdprt_ann and gdprt_ben, each with a primary group of its own
# and gdprt_team as a supplementary one, gdprt_wrk (the service user of `gdpr worker`, in the team
# group too) and gdprt_out (in no group of ours), and lets them reach $T.
need_team() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "SKIPPED: needs root to create the OS users of the test" >&2
    exit 77
  fi
  (
    flock 9
    getent group gdprt_team > /dev/null || groupadd gdprt_team
    for u in gdprt_ann gdprt_ben gdprt_out gdprt_wrk; do
      id "$u" > /dev/null 2>&1 || useradd -M -U -d /nonexistent -s /bin/bash "$u"
    done
    usermod -aG gdprt_team gdprt_ann
    usermod -aG gdprt_team gdprt_ben
    usermod -aG gdprt_team gdprt_wrk
  ) 9> /tmp/gdpr-test-users.lock
  chmod 755 "$T"
}
# as USER [UMASK] ARGS...: runs gdpr ARGS as USER (with umask 022 unless given) in this test's
# environment; stdout to $T/out, stderr to $T/err, the exit status in $status.
as() {
  local user=$1
  shift
  status=0
  setpriv --reuid="$user" --regid="$user" --init-groups env HOME=/nonexistent GDPR_DB="$GDPR_DB" \
    GDPR_CONFIG="$GDPR_CONFIG" bash -c 'umask 022; exec "$0" "$@"' "$GDPR_BIN" "$@" > "$T/out" 2> "$T/err" || status=$?
}
