# `gdpr migrate --to postgresql://...`: a team moves its SQLite database to PostgreSQL without
# losing history. Contacts, tombstones (and the secret that keys their fingerprints), requests
# with their ids, decisions, approvals, comments and steps, and the audit chain arrive unchanged;
# the chain verifies there with the same head; work goes on there. Refused: a non-owner, a
# target that already holds data, a URI that is not PostgreSQL (each leaves both sides as they were).
source "$(dirname "$0")/common.sh"

gdpr init > /dev/null
gdpr contact add c-1 'name=Max Müller' email=max.mueller@example.com > /dev/null
gdpr contact add c-2 'name=Erika Schön' email=erika@example.com > /dev/null
gdpr contact add c-3 'name=Jörg Weiß' email=joerg@example.com > /dev/null
gdpr --as alice request c-1 --reason "Customer asked by letter" --clarified -q > /dev/null
gdpr --as bob --yes approve 1 > /dev/null 2>&1
gdpr --as alice request c-2 --reason "Customer asked by phone" --clarified -q > /dev/null
gdpr --as carol reject 2 --reason "Contract still running" > /dev/null
gdpr --as alice request c-3 --reason "Customer asked by e-mail" --clarified -q > /dev/null
gdpr --as bob review 3 --comment "Called back, waiting for ID copy" > /dev/null
expect_exit 0 --format json audit --verify
sqlite_head=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["head"])' "$T/out")
sqlite_events=$(sqlite3 "$GDPR_DB" "SELECT count(*) FROM audit")
snapshot 0

# Refusals first: not PostgreSQL, not the owner. Nothing is written anywhere.
expect_exit 2 migrate --to "$T/other.db"
expect_stderr "is not a postgresql:// URI"
pg_expect 0 gdpr_owner init  # the schema exists (empty): a non-owner still may not fill it
pg_snapshot 0
expect_exit 4 migrate --to "$(uri mallory)"
expect_stderr "'mallory' has no gdpr role"
pg_expect_unchanged 0
expect_unchanged 0

expect_exit 0 --format json migrate --to "$(uri gdpr_owner)"
expect_json "d['contacts'] == 3 and d['requests'] == 3 and d['audit_events'] == $sqlite_events and d['audit_head'] == '$sqlite_head'"
expect_unchanged 0  # the SQLite file is only read

# Into a database that holds data already: refused, unchanged.
pg_snapshot 1
expect_exit 6 migrate --to "$(uri gdpr_owner)"
expect_stderr "already holds"
pg_expect_unchanged 1

# Everything is there, as it was.
pg_expect 0 gdpr_owner role grant reviewer bob carol
pg_expect 0 gdpr_owner role grant requester alice
pg_expect 0 carol --format json audit --verify
expect_json "d['ok'] and d['head'] != '$sqlite_head' and d['events'] == $sqlite_events + 3"  # + the three role grants
for q in "SELECT id || state || requested_by || decided_by FROM requests ORDER BY id" \
         "SELECT request_id || approver || at FROM approvals ORDER BY request_id" \
         "SELECT request_id || author || text FROM comments ORDER BY id" \
         "SELECT id || status || properties || coalesce(erased_by_request, 0) || coalesce(email_fingerprint, '') FROM contacts ORDER BY id" \
         "SELECT seq || actor || action || hash FROM audit ORDER BY seq"; do
  a=$(sqlite3 "$GDPR_DB" "$q")
  b=$(psql_as postgres -c "${q//FROM /FROM gdpr.}" | head -n "$(printf '%s\n' "$a" | wc -l)")
  [ "$a" = "$b" ] || { echo "sqlite: $a" >&2; echo "postgresql: $b" >&2; fail "differs after migrate: $q"; }
done

# Work goes on there: request 3 keeps its id and is decided by carol; the next request is 4; the
# erased contact's e-mail still cannot come back unnoticed (the secret came along).
pg_expect 0 bob --format json review
expect_json 'len(d) == 1 and d[0]["id"] == 3'
pg_expect 0 carol --yes approve 3
pg_expect 0 alice contact add c-4 name=New
pg_expect 0 alice -q request c-4 --reason "Customer asked in the shop" --clarified
expect_stdout_is 4
pg_expect 6 alice contact add c-9 email=max.mueller@example.com
pg_expect 0 carol audit --verify
pass
