# The rest of the command set on PostgreSQL, as on SQLite: choosing the database by --db, $GDPR_DB,
# `database` in the config or libpq's PG* variables; blocks; the review queue's comment, claim and
# extension; the cron check; print-sheet; linked systems with a failing step and retry; audit
# filters; and the clear errors with exit 9 for an unreachable or uninitialised server and exit 4
# for a role that may not create the schema.
source "$(dirname "$0")/common.sh"
make_logging_hook

# A server that is not there, and a database without the schema: exit 9, saying what to do.
expect_exit 9 --db "postgresql:///gdpr?host=$T/nowhere&user=bob" review
expect_stderr "cannot connect to postgresql:///gdpr?host=$T/nowhere&user=bob"
PGDATABASE_OVERRIDE=postgres psql_as postgres -c "CREATE DATABASE empty OWNER gdpr_owner"
expect_exit 9 --db "$(uri bob empty)" review
expect_stderr "has no gdpr schema; run \`gdpr init\` there first"
expect_exit 4 --db "$(uri mallory empty)" init
expect_stderr "the PostgreSQL server refused"

pg_setup_team

# Four ways to name the database: --db, $GDPR_DB (pg_expect), `database` in the config, PG* variables.
expect_exit 0 --db "$(uri alice)" contact add c-1 'name=Max Müller' email=max@example.com
write_config "database = \"$(uri alice)\""
unset GDPR_DB
expect_exit 0 contact add c-2 'name=Erika Schön' email=erika@example.com
PGHOST=$PG_DIR PGUSER=dave expect_exit 0 --db "postgresql:///gdpr" contact add c-3 'name=Jörg Weiß'
pg_expect 0 carol --format json audit --action contact.added
expect_json '[e["actor"] for e in d] == ["alice", "alice", "dave"]'
write_config

# Blocks: an unsubscribe is a block, not an erasure.
pg_expect 0 alice block c-2 newsletter
pg_expect 0 alice --format csv contact list --newsletter
! grep -q "c-2" "$T/out" || fail "blocked c-2 is still on the newsletter list"
pg_expect 0 alice unblock c-2 newsletter

# The review queue: comment, claim; the cron check sees an old request, which is too old to
# extend (SPEC §10; a timely extension is in tests/cli/test_deadlines.sh, pgcli.deadlines).
pg_expect 0 alice -q request c-1 --reason "Customer asked by letter of 2026-11-20" --clarified \
  --received "$(date -d '-40 days' +%F)"
pg_expect 0 bob review 1 --comment "Called back, waiting for ID copy"
pg_expect 0 bob review 1 --claim
pg_expect 3 bob review --remind
expect_stdout "request 1 (contact c-1, pending)"
pg_snapshot 9
pg_expect 6 bob review 1 --extend --reason "Complex case: several systems involved"
expect_stderr "Art. 12(3) allows an extension only within the first period"
pg_expect_unchanged 9
pg_expect 0 bob --format json review 1
expect_json 'd["assignee"] == "bob" and not d["extended"] and len(d["comments"]) == 1'
pg_expect 0 carol print-sheet c-1 --format json
pg_expect 0 carol --format json audit --action sheet.printed
expect_json 'len(d) == 1 and d[0]["actor"] == "carol"'

# A linked system that fails during the erasure: exit 7, retry by another reviewer finishes it.
systems_config crm
pg_expect 0 gdpr_owner policy apply "$GDPR_CONFIG" --yes  # linked systems are the policy's: the owner's to change
pg_expect 0 alice -q request c-3 --reason "Customer asked by e-mail twice" --clarified
expect_stderr "hook says: hold done in crm"
touch "$T/hooks/fail-crm"
pg_expect 7 carol --yes approve 2
rm "$T/hooks/fail-crm"
pg_expect 0 bob retry 2
[ "$(psql_as postgres -c "SELECT state FROM gdpr.requests WHERE id = 2")" = erased ] || fail "request 2 not erased after retry"
[ "$(psql_as postgres -c "SELECT string_agg(state, ',') FROM gdpr.steps WHERE request_id = 2 AND action = 'erase'")" = done ] ||
  fail "the erase step is not done"
pg_expect 0 bob audit --verify
pass
