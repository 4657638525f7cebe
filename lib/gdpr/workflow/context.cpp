#include "gdpr/workflow/context.hpp"

#include "gdpr/audit.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/rules.hpp"

namespace gdpr::workflow {

std::string Context::now() const { return format_timestamp(clock.now()); }

void Context::record(const std::string& action, std::optional<std::int64_t> request_id,
                     std::optional<std::string> contact_id, nlohmann::json details) const {
  AuditEvent event;
  event.at = now();
  event.actor = actor;
  event.action = action;
  event.request_id = request_id;
  event.contact_id = std::move(contact_id);
  event.details = std::move(details);
  audit::chain(event, store.audit_head());
  store.append_audit(event);
}

Request Context::load_request(std::int64_t id) const {
  auto r = store.find_request(id);
  if (!r) throw Error(ErrorKind::not_found, trf("request {} not found; `gdpr review --all` lists requests", id));
  return *r;
}

Contact Context::load_contact(const std::string& id) const {
  auto c = store.find_contact(id);
  if (!c) throw Error(ErrorKind::not_found, trf("contact '{}' not found; `gdpr contact list` lists contacts", id));
  return *c;
}

std::string Context::fingerprint(const Properties& properties) const {
  const std::string email = rules::normalized_email(properties, config);
  if (email.empty()) return {};
  return store.email_fingerprint(email);
}

}  // namespace gdpr::workflow
