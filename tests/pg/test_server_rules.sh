# What the server enforces on its own: team members with psql under their own roles (no gdpr
# client involved) cannot approve their own request, approve in someone else's name, approve
# without a reason-bearing request, skip the approval, rewrite a request, erase a contact outside
# an approved request, or update, delete, truncate or fork the audit trail. Each attempt is refused
# and the data stay as they were; the owner cannot rewrite the audit either without first
# switching off its trigger (which the trust model says the owner can).
source "$(dirname "$0")/common.sh"

pg_setup_team
pg_expect 0 alice contact add c-1 'name=Max Müller' email=max@example.com
pg_expect 0 alice contact add c-2 'name=Erika Schön' email=erika@example.com
pg_expect 0 bob -q request c-1 --reason "Customer asked by letter of 2026-11-20" --clarified
pg_snapshot 0

refused bob "INSERT INTO gdpr.approvals (request_id, approver, at) VALUES (1, 'bob', 'now')" \
  "four-eyes rule: 'bob' filed request 1 and may not approve it"
refused bob "UPDATE gdpr.requests SET state = 'approved', decided_by = 'bob' WHERE id = 1" \
  "four-eyes rule: 'bob' filed request 1 and may not decide it"
refused bob "INSERT INTO gdpr.approvals (request_id, approver, at) VALUES (1, 'carol', 'now')" \
  "an approval is recorded under the approver's own role"
refused bob "UPDATE gdpr.requests SET requested_by = 'alice' WHERE id = 1" "permission denied for table requests"
refused bob "DELETE FROM gdpr.requests WHERE id = 1" "permission denied for table requests"
refused carol "UPDATE gdpr.requests SET state = 'approved', decided_by = 'carol' WHERE id = 1" \
  "four-eyes rule: request 1 has 0 approval(s)"
refused carol "UPDATE gdpr.requests SET state = 'erased' WHERE id = 1" "request 1 is pending; it cannot become erased"
refused carol "UPDATE gdpr.contacts SET status = 'erased', properties = '[]' WHERE id = 'c-2'" \
  "contact 'c-2' can only be erased through an approved request"
refused alice "UPDATE gdpr.requests SET due_on = '2027-06-30', extended = true WHERE id = 1" \
  "only reviewers assign requests or extend deadlines"
refused alice "INSERT INTO gdpr.approvals (request_id, approver, at) VALUES (1, 'alice', 'now')" \
  "permission denied for table approvals"
# No reason, no request: a request without one cannot even be written by hand.
refused carol "INSERT INTO gdpr.requests (contact_id, state, reason, requested_by, requested_at, received_on, due_on)
               VALUES ('c-2', 'pending', '   ', 'carol', 'now', '2026-11-29', '2026-12-29')" "the reason must have at least"
refused carol "INSERT INTO gdpr.requests (contact_id, state, reason, requested_by, requested_at, received_on, due_on)
               VALUES ('c-2', 'approved', 'Customer asked by letter', 'carol', 'now', '2026-11-29', '2026-12-29')" \
  "a new request must be pending and undecided"
# The server files a request under the session's own role, with its own time and due date; one
# without the hold and its audit event is refused at commit.
refused carol "INSERT INTO gdpr.requests (contact_id, state, reason, requested_by, requested_at, received_on, due_on)
               VALUES ('c-2', 'pending', 'Customer asked by letter', 'alice', 'now', '2026-11-29', '2099-12-29')" \
  "request 2 is open: contact 'c-2' must be on hold with the all-mail block"
refused mallory "SELECT count(*) FROM gdpr.contacts" "permission denied for schema gdpr"

# The audit trail: append-only for everyone, one chain, each event under its own role.
refused carol "UPDATE gdpr.audit SET actor = 'carol'" "permission denied for table audit"
refused carol "DELETE FROM gdpr.audit" "permission denied for table audit"
refused carol "TRUNCATE gdpr.audit" "permission denied for table audit"
refused gdpr_owner "UPDATE gdpr.audit SET actor = 'carol' WHERE seq = 1" "the audit trail is append-only: UPDATE refused"
refused gdpr_owner "DELETE FROM gdpr.audit WHERE seq = 1" "the audit trail is append-only: DELETE refused"
refused carol "INSERT INTO gdpr.audit VALUES (1, 'now', 'carol', 'x', NULL, NULL, '{}', repeat('0', 64), 'h')" \
  "'x' is not an action of the audit trail"
refused carol "INSERT INTO gdpr.audit SELECT seq + 1, 'now', 'bob', 'request.commented', 1, NULL, '{}', hash, 'h'
               FROM gdpr.audit ORDER BY seq DESC LIMIT 1" \
  "an audit event records a change of its transaction: request.commented for request 1 has none"
# A reviewer cannot switch a trigger off, drop it, or become the owner.
refused carol "ALTER TABLE gdpr.approvals DISABLE TRIGGER approvals_insert" "must be owner of table approvals"
refused carol "DROP TRIGGER approvals_insert ON gdpr.approvals" "must be owner of relation approvals"
refused carol "SET session_replication_role = replica" "permission denied"
refused carol "GRANT gdpr_reviewers TO mallory" "must have admin option on role"

# The same rows written the right way are accepted: carol approves request 1 by hand.
# (with its audit event, which the server completes: sequence number, time, actor, hash)
psql_as carol -c "BEGIN; INSERT INTO gdpr.approvals (request_id, approver, at) VALUES (1, 'carol', 'now');
                  INSERT INTO gdpr.audit (seq, at, actor, action, request_id, contact_id, details, prev_hash, hash)
                    VALUES (0, '', '', 'request.approved', 1, 'c-1', '{\"approvals\":1,\"complete\":true,\"required\":1}', '', '');
                  UPDATE gdpr.requests SET state = 'approved', decided_by = 'carol' WHERE id = 1; COMMIT" ||
  fail "a correct approval by carol was refused"
[ "$(psql_as postgres -c "SELECT actor || ' ' || action FROM gdpr.audit ORDER BY seq DESC LIMIT 1")" = "carol request.approved" ] ||
  fail "the server did not record carol's approval under her role"
[ "$(psql_as postgres -c "SELECT state FROM gdpr.requests WHERE id = 1")" = approved ] || fail "request 1 not approved"
# ... and the gdpr client finishes the erasure she started (the audit chain still verifies).
pg_expect 0 carol --yes approve 1
pg_expect 0 carol audit --verify
pass
