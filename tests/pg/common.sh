# Helpers for the PostgreSQL black-box tests (tests/pg/test_*.sh): everything of
# tests/cli/common.sh, plus a private PostgreSQL cluster for this test alone with the database
# owned by `gdpr_owner` and the team's roles (tests/pg/private_cluster.sh).
pg_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$pg_here/../cli/common.sh"
PG_OWNER=gdpr_owner
source "$pg_here/private_cluster.sh"

# gdpr as ROLE: pg ROLE ARGS...
pg() {
  local role=$1
  shift
  GDPR_DB="$(uri "$role")" "$GDPR_BIN" "$@"
}

# pg_expect CODE ROLE ARGS...: like expect_exit, as ROLE on the PostgreSQL database.
pg_expect() {
  local want=$1 role=$2
  shift 2
  GDPR_DB="$(uri "$role")" expect_exit "$want" "$@"
}

# The team: bob and carol review, alice and dave file requests; mallory has no gdpr role.
pg_setup_team() {
  pg_expect 0 gdpr_owner init
  pg_expect 0 gdpr_owner role grant reviewer bob carol
  pg_expect 0 gdpr_owner role grant requester alice dave
}

# refused ROLE SQL EXPECTED-MESSAGE: psql as ROLE fails with that message, and the data are as
# pg_snapshot 0 left them.
refused() {
  local role=$1 sql=$2 message=$3
  if psql_as "$role" -c "$sql" > "$T/out" 2> "$T/err"; then fail "$role could run: $sql"; fi
  expect_stderr "$message"
  pg_expect_unchanged 0
}
