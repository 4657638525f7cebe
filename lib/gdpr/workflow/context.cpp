#include "gdpr/workflow/context.hpp"

#include <fmt/format.h>

#include "gdpr/audit.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/rules.hpp"
#include "gdpr/text.hpp"
#include "gdpr/workflow/steps.hpp"

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
  if (recorded) recorded(event);
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

void Context::warn_if_named(const std::string& contact_id, std::string_view text, std::string_view what) const {
  if (!warn) return;
  const auto contact = store.find_contact(contact_id);
  if (!contact) return;
  for (const auto& [name, value] : contact->properties) {
    const std::string_view v = text::trim(value);
    if (text::code_points(v) >= 3 && text::contains_ignoring_case(text, v)) {
      warn(trf("{} contains the value of property '{}' of contact '{}'; it will be blanked out as {} when the "
               "contact is erased",
               what, name, contact_id, k_erased_marker));
    }
  }
}

std::vector<std::string> Context::standing_warnings() const {
  std::vector<std::string> out;
  if (config.allow_override) {
    out.emplace_back(tr("identity.allow_override is true in this database's policy: --as and $GDPR_ACTOR may name any "
                        "actor, so the four-eyes rule does not hold; it is a demo or test database"));
  }
  return out;
}

}  // namespace gdpr::workflow
