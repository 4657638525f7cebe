# The black-box tests of the CLI against PostgreSQL (GDPR_TEST_BACKEND=postgresql, the pgcli.*
# tests): sourced by tests/cli/common.sh, it gives the test a private cluster
# (tests/pg/private_cluster.sh) whose database is owned by a role named like the OS login, so
# that plain `gdpr ...` works as the SQLite file's user does (the owner is the admin), and turns
# the file's one-user stand-ins for a team into the server's logins: `--as NAME` and
# `$GDPR_ACTOR=NAME` become a login as role NAME (PostgreSQL refuses both itself, exit 2), and
# `--db $T/gdpr.db` the URI. alice, bob, carol and dave are requesters, wrk is a worker, and the reviewers of the
# test's `[roles] reviewers` are reviewers: what the file's configuration says they are (the
# memberships are made by the superuser before `gdpr init`, so they leave no audit events).
PG_OWNER=$(id -un | tr '[:upper:]' '[:lower:]')
source "$GDPR_SOURCE_DIR/tests/pg/private_cluster.sh"
export GDPR_DB
GDPR_DB=$(uri "$PG_OWNER")

{
  echo "CREATE ROLE gdpr_requesters NOLOGIN; CREATE ROLE gdpr_reviewers NOLOGIN; CREATE ROLE gdpr_workers NOLOGIN;"
  echo "GRANT gdpr_requesters TO alice, bob, carol, dave;"
  for r in $(grep -m1 '^reviewers *=' "$GDPR_CONFIG" | grep -o '"[^"]*"' | tr -d '"'); do
    echo "GRANT gdpr_reviewers TO \"$r\";"
  done
  echo "CREATE ROLE wrk LOGIN; GRANT gdpr_workers TO wrk;"  # the worker's service login (SPEC §11)
} | psql_as postgres -d postgres > /dev/null

# login_args ARGS...: the role (login_role) and the arguments (login_argv) that stand for ARGS.
login_args() {
  login_role=$PG_OWNER
  login_argv=()
  if [ -n "${GDPR_ACTOR:-}" ]; then login_role=$GDPR_ACTOR; fi
  while [ $# -gt 0 ]; do
    case $1 in
      --as) login_role=$2; shift 2; continue ;;
      --as=*) login_role=${1#--as=}; shift; continue ;;
      --db) if [ "${2:-}" = "$T/gdpr.db" ]; then login_argv+=(--db "@URI@"); shift 2; continue; fi ;;
      --) login_argv+=("$@"); break ;;
    esac
    login_argv+=("$1")
    shift
  done
  login_role=$(printf '%s' "$login_role" | tr -d ' ' | tr '[:upper:]' '[:lower:]')
  local i
  for i in "${!login_argv[@]}"; do
    [ "${login_argv[$i]}" != "@URI@" ] || login_argv[$i]=$(uri "$login_role")
  done
}

gdpr() {
  login_args "$@"
  GDPR_DB="$(uri "$login_role")" env -u GDPR_ACTOR "$GDPR_BIN" "${login_argv[@]}"
}

on_tty() {
  local answer=$1
  shift
  login_args "$@"
  local cmd="GDPR_DB='$(uri "$login_role")' '$GDPR_BIN'"
  for a in "${login_argv[@]}"; do cmd+=" '$a'"; done
  local rc=0
  (trap '' PIPE; sleep 0.5; printf '%s\n' "$answer" 2> /dev/null || true) | NO_COLOR=1 script -qec "$cmd" /dev/null > "$T/out" 2>&1 || rc=$?
  return $rc
}

snapshot() { pg_snapshot "$@"; }
expect_unchanged() { pg_expect_unchanged "$@"; }
db_query() { PGOPTIONS="-c search_path=gdpr" psql_as postgres -c "$1"; }
