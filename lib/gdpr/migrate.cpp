#include "gdpr/migrate.hpp"

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"

namespace gdpr {

MigrateResult migrate(Store& from, PgStore& to) {
  if (!to.is_owner()) {
    throw Error(ErrorKind::forbidden, trf("only the owner of the gdpr tables on {} can migrate into it (the role that "
                                          "ran `gdpr init` there)",
                                          to.location()));
  }
  MigrateResult result;
  auto read = from.begin_read();
  auto write = to.begin_write();
  if (!to.is_empty()) {
    throw Error(ErrorKind::conflict, trf("{} already holds contacts, requests or audit events; migrate only into a "
                                         "freshly initialised database",
                                         to.location()));
  }
  to.begin_copy();
  to.set_secret(from.secret());
  // The policy goes with the trail that recorded it (its policy events are copied below).
  if (auto policy_text = from.policy_text()) to.put_policy(*policy_text);
  ContactFilter const all_contacts;
  to.defer_terms();  // the search index a bucket at a time, as an import writes it
  from.for_each_contact(all_contacts, [&](const Contact& c) {
    to.insert_contact(c);
    ++result.contacts;
  });
  to.finish_terms();
  RequestFilter all_requests;
  all_requests.open_only = false;
  for (const auto& r : from.list_requests(all_requests)) {
    to.copy_request(r);
    ++result.requests;
  }
  from.for_each_audit(AuditFilter{}, [&](const AuditEvent& e) {
    to.append_audit(e);
    ++result.events;
  });
  to.end_copy();
  audit::Verifier verifier;
  to.for_each_audit(AuditFilter{}, [&](const AuditEvent& e) { verifier.add(e); });
  result.verified = verifier.result();
  if (!result.verified.ok) {
    throw Error(ErrorKind::integrity, trf("the copied audit trail does not verify at event {}: {}; nothing was kept "
                                          "(check the source with `gdpr audit --verify`)",
                                          result.verified.first_bad_seq.value_or(0), result.verified.problem));
  }
  from.check_unchanged_since_open();
  write->commit();
  return result;
}

}  // namespace gdpr
