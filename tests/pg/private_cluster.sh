# A private PostgreSQL cluster for one black-box test (tests/pg/cluster.sh), sourced after
# tests/cli/common.sh: the database `gdpr` owned by the non-superuser role $PG_OWNER (LOGIN
# CREATEROLE), and the team's login roles alice, bob, carol, dave and mallory. Without a
# PostgreSQL server the test is skipped (exit 77) with a message on stderr.
: "${PG_OWNER:?PG_OWNER must name the role that owns the database}"
pg_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PG_DIR="$T/pg"
chmod 755 "$T"  # the server may run as the `postgres` user; it needs to reach its folder
pg_cluster=$pg_here/cluster.sh
trap 'bash "$pg_cluster" stop "$PG_DIR"; rm -rf "$T"' EXIT
status=0
bash "$pg_cluster" start "$PG_DIR" || status=$?
if [ "$status" -eq 77 ]; then
  echo "SKIPPED: no PostgreSQL server installed (postgresql-15); the PostgreSQL backend was NOT tested" >&2
  exit 77
fi
[ "$status" -eq 0 ] || fail "could not start a private PostgreSQL cluster (status $status)"

# psql as ROLE on database gdpr: superuser `postgres` for setup and inspection.
psql_as() {
  local role=$1
  shift
  psql -h "$PG_DIR" -U "$role" -d "${PGDATABASE_OVERRIDE:-gdpr}" -v ON_ERROR_STOP=1 -qAtX "$@"
}
psql -h "$PG_DIR" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAtX <<SQL > /dev/null
CREATE ROLE "$PG_OWNER" LOGIN CREATEROLE;
CREATE DATABASE gdpr OWNER "$PG_OWNER" ENCODING 'UTF8';
CREATE ROLE alice LOGIN; CREATE ROLE bob LOGIN; CREATE ROLE carol LOGIN; CREATE ROLE dave LOGIN;
CREATE ROLE mallory LOGIN;
SQL

# The URI under which ROLE works (trust authentication: the tests log in as anyone).
uri() { echo "postgresql:///${2:-gdpr}?host=$PG_DIR&user=$1"; }

# Every row of the gdpr tables, to show that a refusal changed nothing.
# (pg_dump's \restrict lines carry a random key per run, and a refused INSERT still uses up a
# sequence number, as everywhere in PostgreSQL: those lines are left out.)
pg_data() {
  pg_dump -h "$PG_DIR" -U postgres -d gdpr --data-only --schema=gdpr | grep -v -e '^\\\(un\)\?restrict ' -e 'setval('
}
pg_snapshot() { pg_data > "$T/pgsnap.${1:-0}"; }
pg_expect_unchanged() {
  pg_data > "$T/pgsnap.now"
  cmp -s "$T/pgsnap.${1:-0}" "$T/pgsnap.now" || { diff "$T/pgsnap.${1:-0}" "$T/pgsnap.now" >&2 || true; fail "database changed"; }
}
