# The server is the only judge (issue 15, SPEC §4): team members with psql under their own roles
# try what a requester, a reviewer and a stranger could do behind gdpr's back. Each attempt is
# refused by the server with a message that says why, and `pg_dump --data-only` of the schema is
# unchanged afterwards. alice and dave file, bob and carol review, mallory has no gdpr role.
source "$(dirname "$0")/common.sh"

make_logging_hook
chmod -R 755 "$T/hooks"
systems_config crm
pg_setup_team
pg_expect 0 alice contact add c-1 'name=Max Müller' email=max@example.com
pg_expect 0 alice contact add c-2 'name=Erika Schön' email=erika@example.com
pg_expect 0 alice contact add c-3 'name=Hans Huber' email=hans@example.com
pg_expect 0 alice block c-3 newsletter
pg_expect 0 alice -q request c-1 --reason "Customer asked by letter of 2026-11-20" --clarified
# bob approves; the CRM is down, so the erase step fails and request 1 stays approved
touch "$T/hooks/fail-crm"
pg_expect 7 bob --yes approve 1
rm "$T/hooks/fail-crm"
pg_snapshot 0

# --- contacts behind gdpr's back: wipe, lift the hold, lift the unsubscribe, a fake tombstone, a
# contact slipped in without its event
refused alice "UPDATE gdpr.contacts SET properties = '[]' WHERE id = 'c-2'" \
  "contact 'c-2': a change without its audit event is refused"
refused alice "UPDATE gdpr.contacts SET status = 'active' WHERE id = 'c-1'" \
  "a contact is on hold exactly while a request for it is open"
refused alice "UPDATE gdpr.contacts SET block_all_mail = false WHERE id = 'c-1'" \
  "contact 'c-1' has the open request 1: its all-mail block stays until it is decided"
refused alice "UPDATE gdpr.contacts SET block_newsletter = false WHERE id = 'c-3'" \
  "contact 'c-3': a change without its audit event is refused"
refused alice "INSERT INTO gdpr.contacts (id, status, properties, email_fingerprint) VALUES ('x', 'erased', '[]', 'ab')" \
  "contact 'x': a new contact is active; a tombstone comes only from an erasure"
refused alice "INSERT INTO gdpr.contacts (id, properties) VALUES ('y', '[[\"email\",\"y@example.com\"]]')" \
  "contact 'y': a new contact without its audit event is refused"
# the same check once per statement (schema 8): several rows at once, checked at once, a note of
# the check no member can write or take out
refused alice "INSERT INTO gdpr.contacts (id, properties) VALUES ('y1', '[]'), ('y2', '[]')" \
  "contact 'y1': a new contact without its audit event is refused"
refused alice "BEGIN; SET CONSTRAINTS ALL IMMEDIATE; INSERT INTO gdpr.contacts (id, properties) SELECT 'z' || g, '[]' FROM generate_series(1, 3) g; COMMIT" \
  "contact 'z1': a new contact without its audit event is refused"
refused alice "BEGIN; INSERT INTO gdpr.contacts (id, properties) VALUES ('y3', '[]'); DELETE FROM gdpr.new_contacts; COMMIT" \
  "permission denied for table new_contacts"
refused alice "INSERT INTO gdpr.new_contacts (txid, ids) VALUES (pg_current_xact_id(), '{c-2}')" \
  "permission denied for table new_contacts"
refused alice "UPDATE gdpr.contacts SET status = 'erased', properties = '[]', erased_by_request = 1 WHERE id = 'c-1'" \
  "request 1 is open: contact 'c-1' must be on hold with the all-mail block"

# --- the erasure: a failed step marked done, the request set to erased by hand
refused alice "UPDATE gdpr.steps SET state = 'done' WHERE request_id = 1 AND action = 'erase'" \
  "four-eyes rule: only a reviewer who did not file request 1, a worker (or the owner) runs and records its erasure in 'crm'"
refused carol "UPDATE gdpr.steps SET state = 'done' WHERE request_id = 1 AND action = 'erase'" \
  "the erase step of 'crm' for request 1 becomes done only after it ran"
refused alice "UPDATE gdpr.requests SET state = 'erased', erased_at = '2026-01-01T00:00:00Z', decided_by = 'carol' WHERE id = 1" \
  "request 1: not every linked system of the policy has erased"
refused carol "INSERT INTO gdpr.steps (request_id, system, action, position, state, updated_at)
               VALUES (1, 'nowhere', 'erase', 1, 'pending', 'now')" \
  "'nowhere' is not a linked system with a erase command in the stored policy"
# the filer cannot finish the erasure through gdpr either
pg_expect 4 alice retry 1
expect_stderr "four-eyes rule: 'alice' filed request 1"
pg_expect_unchanged 0

# --- the audit trail: a backdated event for a request that does not exist, one that breaks the chain
refused alice "INSERT INTO gdpr.audit VALUES (100, '2020-01-01T00:00:00Z', 'carol', 'request.created', 99, NULL, '{}',
               repeat('0', 64), repeat('0', 64))" "an audit event names request 99, which does not exist"
refused alice "INSERT INTO gdpr.audit VALUES (100, '2020-01-01T00:00:00Z', 'carol', 'request.assigned', 1, 'c-1', '{}',
               repeat('0', 64), 'bad')" "an audit event records a change of its transaction: request.assigned for request 1 has none"
refused alice "INSERT INTO gdpr.audit VALUES (100, 'x', 'alice', 'contact.updated', NULL, 'c-2', 'not json', 'x', 'x')" \
  "the details of an audit event must be a JSON object"
pg_expect 0 alice audit --verify

# --- requests: filed directly with a far due date and no hold; the due date moved by a reviewer
refused alice "INSERT INTO gdpr.requests (id, contact_id, state, reason, requested_by, requested_at, received_on, due_on)
               VALUES (2, 'c-2', 'pending', 'Customer asked by letter', 'alice', 'now', '2026-11-29', '2099-12-31')" \
  "request 2 is open: contact 'c-2' must be on hold with the all-mail block"
refused bob "UPDATE gdpr.requests SET due_on = '2099-12-31' WHERE id = 1" "request 1: the due date moves only by the one extension"
# an import's summary event does not cover a request's change
refused bob "BEGIN; INSERT INTO gdpr.audit (seq, at, actor, action, details, prev_hash, hash)
               VALUES (0, '', '', 'contact.imported', '{}', '', ''); UPDATE gdpr.requests SET assignee = 'bob' WHERE id = 1;
             COMMIT" "request 1: a change without its audit event is refused"
refused alice "SELECT nextval('gdpr.request_ids')" "permission denied for sequence request_ids"

# --- the writers' lock: a stranger cannot take it; the old advisory lock no longer stops anyone
refused mallory "SELECT 1 FROM gdpr.writer FOR UPDATE" "permission denied for schema gdpr"
refused alice "UPDATE gdpr.writer SET one = true" "gdpr.writer is the writers' lock"
psql -h "$PG_DIR" -U mallory -d gdpr -qAtX -c "SELECT pg_advisory_lock(7346019); SELECT pg_sleep(30)" > /dev/null 2>&1 &
holder=$!
sleep 1
GDPR_DB="$(uri alice)" expect_exit 0 review 1 --comment "Called the customer back"
kill "$holder" 2> /dev/null || true
wait "$holder" 2> /dev/null || true

# --- the fingerprints' secret: usable, not readable
pg_snapshot 1
refused_1() { if psql_as "$1" -c "$2" > "$T/out" 2> "$T/err"; then fail "$1 could run: $2"; fi; expect_stderr "$3"; }
refused_1 alice "SELECT value FROM gdpr.secret" "permission denied for table secret"
[ -z "$(psql_as alice -c "SELECT value FROM gdpr.meta WHERE key = 'secret'")" ] || fail "the secret is still in gdpr.meta"
refused_1 mallory "SELECT gdpr.email_fingerprint('max@example.com')" "permission denied for schema gdpr"
fp=$(psql_as alice -c "SELECT gdpr.email_fingerprint('max@example.com')")
secret=$(psql_as gdpr_owner -c "SELECT value FROM gdpr.secret")
want=$(printf '%s' 'max@example.com' | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)
[ "$fp" = "$want" ] || fail "the server's fingerprint $fp is not OpenSSL's HMAC-SHA256 $want"
pg_data > "$T/pgsnap.now"; cmp -s "$T/pgsnap.1" "$T/pgsnap.now" || fail "reading the fingerprint changed the database"

# --- the same rows written the way gdpr writes them are accepted, and the reviewer's retry finishes
pg_expect 0 carol retry 1
expect_stdout "Request 1: erased (contact erased)"
pg_expect 0 carol audit --verify

# --- the search index: the erasure took c-1's terms out on the server, and no member can put a
# former value of an erased contact back into it
[ "$(psql_as postgres -c "SELECT count(*) FROM gdpr.contact_terms WHERE term IN ('max', 'muller')")" = 0 ] ||
  fail "the erased contact's words are still in the index"
pg_snapshot 0
refused mallory "INSERT INTO gdpr.contact_terms (bucket, term, members) VALUES (0, 'muller', '1')" "permission denied"
pg_expect 0 alice contact find "Max Müller" --format json
expect_json 'd == []'

# --- an erasure queued for a request nobody approved (for the worker, which runs what is queued)
# never runs: the server refuses the erase step's claim, whoever makes it
pg_expect 0 alice -q request c-2 --reason "Customer asked by letter of 2026-11-21" --clarified
rid=$(psql_as postgres -c "SELECT id FROM gdpr.requests WHERE contact_id = 'c-2'")
pg_snapshot 0
refused carol "INSERT INTO gdpr.steps (request_id, system, action, position, state, updated_at)
               VALUES ($rid, 'crm', 'erase', 1, 'running', 'now')" \
  "request $rid is pending: its erasure in 'crm' runs only once it is approved"
[ "$(psql_as postgres -c "SELECT count(*) FROM gdpr.audit WHERE actor = 'mallory'")" = 0 ] || fail "mallory in the trail"
pass
