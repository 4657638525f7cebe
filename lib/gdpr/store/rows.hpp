// The rows both stores read, written once (store/dialect.hpp): each store hands its current row
// as a `Row` with text(i), integer(i), boolean(i) and null(i) for column i; the columns are
// k_contact_columns, k_request_columns and k_audit_columns, in that order.
#pragma once

#include "gdpr/model.hpp"
#include "gdpr/stored_form.hpp"

namespace gdpr::store {

template <typename Row>
Contact read_contact(const Row& row) {
  Contact c;
  c.id = row.text(0);
  c.status = parse_contact_status(row.text(1), "stored contact status");
  c.block_newsletter = row.boolean(2);
  c.block_all_mail = row.boolean(3);
  c.properties = stored::properties_from_text(row.text(4));
  if (!row.null(5)) c.erased_by_request = row.integer(5);
  if (!row.null(6)) c.email_fingerprint = row.text(6);
  return c;
}

template <typename Row>
Request read_request(const Row& row) {
  Request r;
  r.id = row.integer(0);
  r.contact_id = row.text(1);
  r.state = parse_request_state(row.text(2), "stored request state");
  r.reason = row.text(3);
  r.requested_by = row.text(4);
  r.requested_at = row.text(5);
  r.received_on = parse_date(row.text(6), "stored received date");
  r.due_on = parse_date(row.text(7), "stored due date");
  r.channel = row.text(8);
  r.assignee = row.text(9);
  r.extended = row.boolean(10);
  r.decided_by = row.text(11);
  r.decided_at = row.text(12);
  r.decision_reason = row.text(13);
  r.erased_at = row.text(14);
  return r;
}

template <typename Row>
AuditEvent read_event(const Row& row) {
  AuditEvent e;
  e.seq = row.integer(0);
  e.at = row.text(1);
  e.actor = row.text(2);
  e.action = row.text(3);
  if (!row.null(4)) e.request_id = row.integer(4);
  if (!row.null(5)) e.contact_id = row.text(5);
  e.details_text = row.text(6);  // parsed only where needed (audit::details_of)
  e.prev_hash = row.text(7);
  e.hash = row.text(8);
  return e;
}

}  // namespace gdpr::store
