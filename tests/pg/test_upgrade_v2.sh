# A PostgreSQL database of schema version 2, as the release before issue 15 created it
# (tests/fixtures/pg-schema-v2.sql: a pg_dump with one erased contact and one pending request),
# is upgraded by the owner's `gdpr init` in one transaction to version 5 (through 3 and 4); before that, members are
# told to ask the owner and nothing changes. After it the trail still verifies, the secret has
# moved out of members' sight with the same fingerprints (the tombstone still keeps its e-mail
# out), request ids go on where they were, and the workflow goes on under the server's rules.
source "$(dirname "$0")/common.sh"

printf 'organization = "Beispiel GmbH"\n' > "$GDPR_CONFIG"  # the fixture's policy
psql_as postgres -c "CREATE ROLE gdpr_requesters NOLOGIN; CREATE ROLE gdpr_reviewers NOLOGIN;
                     GRANT gdpr_requesters TO gdpr_reviewers; GRANT gdpr_reviewers TO bob, carol;
                     GRANT gdpr_requesters TO alice" > /dev/null
psql_as postgres -f "$GDPR_SOURCE_DIR/tests/fixtures/pg-schema-v2.sql" > /dev/null 2> "$T/restore.err" ||
  fail "restoring the fixture failed: $(cat "$T/restore.err")"
[ "$(psql_as postgres -c "SELECT value FROM gdpr.meta WHERE key = 'schema_version'")" = 2 ] || fail "fixture is not version 2"
pg_snapshot 0

# a member cannot upgrade, and is told who can
pg_expect 9 alice review
expect_stderr "has the older schema version 2; the owner runs \`gdpr init\` to upgrade it to version 9"
pg_expect 4 alice init
pg_expect_unchanged 0

pg_expect 0 gdpr_owner init
[ "$(psql_as postgres -c "SELECT value FROM gdpr.meta WHERE key = 'schema_version'")" = 9 ] || fail "not upgraded"
[ -z "$(psql_as postgres -c "SELECT value FROM gdpr.meta WHERE key = 'secret'")" ] || fail "the secret stayed in gdpr.meta"
[ "$(psql_as postgres -c "SELECT count(*) FROM gdpr.secret")" = 1 ] || fail "the secret was lost"
pg_expect 0 gdpr_owner init   # once upgraded, init changes nothing more
expect_stdout "up to date"
# the contacts stored before the search index (schema 7) are found by name, umlaut or not
pg_expect 0 alice contact find "erika schoen" --format json
expect_json '[c["id"] for c in d] == ["K-2"]'
[ "$(psql_as postgres -c "SELECT string_agg(term, ' ' ORDER BY term) FROM gdpr.contact_terms")" = "com erika example hans huber schon" ] ||
  fail "the index is not the words of K-2 and K-3: $(psql_as postgres -c "SELECT * FROM gdpr.contact_terms")"
pg_expect 0 alice audit --verify
expect_stdout "Audit chain OK: 12 events"

# the tombstone of K-1 still keeps max@example.com out: the server's HMAC is the client's was
pg_expect 6 alice contact add K-9 'name=Max Müller' email=max@example.com
expect_stderr "belongs to erased contact 'K-1'"
# the next request is 3; carol finishes request 2 under the server's rules
pg_expect 0 alice -q request K-3 --reason "Customer asked by letter of 2026-12-01" --clarified
expect_stdout "3"
pg_expect 0 carol --yes approve 2
expect_stdout "Approved request 2: contact K-2 is erased."
pg_expect 0 alice audit --verify
[ "$(psql_as postgres -c "SELECT actor FROM gdpr.audit ORDER BY seq DESC LIMIT 1")" = carol ] || fail "last event not carol's"
# Max came back as a customer: his readmission clears the tombstone's fingerprint (version 4)
pg_expect 0 alice contact add K-9 'name=Max Müller' email=max@example.com --readmit
[ -z "$(psql_as postgres -c "SELECT email_fingerprint FROM gdpr.contacts WHERE id = 'K-1'")" ] || fail "tombstone kept its fingerprint"
pg_expect 0 alice audit --verify
pass
