#include "gdpr/workflow/evidence.hpp"

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/local_time.hpp"
#include "gdpr/policy.hpp"
#include "gdpr/rules.hpp"
#include "gdpr/text.hpp"

namespace gdpr::workflow {

ErasureRecord Evidence::erasure_record(const Contact& contact, std::optional<Request> request) const {
  ErasureRecord record;
  // Nothing personal is left: the evidence is the erasure record of the request that erased it.
  if (request && request->state == RequestState::erased) {
    record.request = std::move(*request);
  } else if (contact.erased_by_request) {
    record.request = ctx_.load_request(*contact.erased_by_request);
  } else {
    throw Error(ErrorKind::internal, trf("erased contact '{}' has no erasing request", contact.id));
  }
  const Request& erasing = record.request;
  record.organization = ctx_.config.organization;
  record.contact_id = contact.id;
  // Met when the local erasure happened on or before the legal due date, both as local dates.
  record.deadline_met =
      !erasing.erased_at.empty() && local_date_of(erasing.erased_at, erasing.due_on) <= erasing.due_on;
  record.printed_by = ctx_.actor;
  record.printed_at = ctx_.now();
  return record;
}

ContactSheet Evidence::contact_sheet(const Contact& contact, const std::optional<Request>& request,
                                     ShowEmpty show_empty) const {
  ContactSheet sheet;
  sheet.organization = ctx_.config.organization;
  sheet.contact = contact;
  if (show_empty == ShowEmpty::no && !ctx_.config.sheet_show_empty) {
    std::erase_if(sheet.contact.properties, [](const auto& p) { return text::trim(p.second).empty(); });
  }
  sheet.request = request;
  sheet.printed_by = ctx_.actor;
  sheet.printed_at = ctx_.now();
  return sheet;
}

std::optional<Request> Evidence::restricting_request(const std::string& contact_id) const {
  // A restricted contact has no open request: the sheet shows the rejection that keeps it (SPEC
  // §10: the decision and the retention date), the latest one when there were several.
  RequestFilter filter;
  filter.open_only = false;
  filter.state = RequestState::rejected;
  filter.contact_id = contact_id;
  std::optional<Request> latest;
  for (auto& r : ctx_.store.list_requests(filter)) {
    if (r.retain_until && (!latest || r.id > latest->id)) latest = std::move(r);
  }
  return latest;
}

void Evidence::print_sheet(const SheetTarget& target, ShowEmpty show_empty, std::string_view format,
                           const std::function<void(const SheetDocument&)>& deliver) const {
  auto tx = ctx_.store.begin_write();
  std::optional<Request> request;
  Contact contact;
  if (target.request_id) {
    request = ctx_.load_request(*target.request_id);
    contact = ctx_.load_contact(request->contact_id);
  } else {
    const std::string id = target.contact_id.value_or(std::string());
    rules::check_contact_id(id);
    contact = ctx_.load_contact(id);
    if (auto open = ctx_.store.open_request_for(contact.id)) {
      request = ctx_.load_request(*open);
    } else if (contact.status == ContactStatus::restricted) {
      request = restricting_request(contact.id);
    }
  }
  SheetDocument document;
  std::string kind;
  if (contact.status == ContactStatus::erased) {
    ErasureRecord record = erasure_record(contact, request);
    request = record.request;
    document = std::move(record);
    kind = "erasure_record";
  } else {
    document = contact_sheet(contact, request, show_empty);
    kind = "sheet";
  }
  deliver(document);
  ctx_.record("sheet.printed", request ? std::optional(request->id) : std::nullopt, contact.id,
              {{"kind", kind}, {"format", format}});
  tx->commit();
}

void Evidence::write_letter(std::int64_t id, std::optional<LetterKind> kind, const LetterSink& deliver) const {
  auto tx = ctx_.store.begin_write();
  const Request r = ctx_.load_request(id);
  const LetterKind k = rules::check_letter_kind(r, kind);
  const Contact c = ctx_.load_contact(r.contact_id);
  issue_letter(ctx_, compose_letter(ctx_, k, r, c, erased_systems(r)), deliver);
  tx->commit();
}

void Evidence::audit(const AuditFilter& filter, const std::function<void(const AuditEvent&)>& visit) const {
  auto tx = ctx_.store.begin_read();
  ctx_.store.for_each_audit(filter, visit);
}

audit::VerifyResult Evidence::verify_audit() const {
  Store& store = ctx_.store;
  auto tx = store.begin_read();
  audit::Verifier verifier;
  std::optional<AuditEvent> last_policy;
  store.for_each_audit(AuditFilter{}, [&](const AuditEvent& e) {
    verifier.add(e);
    // Only events that stored a policy carry its hash (on PostgreSQL role.granted changes a
    // server group role instead).
    if ((e.action == "policy.set" || e.action == "policy.changed" || e.action == "role.granted" ||
         e.action == "role.revoked") &&
        audit::details_of(e).contains("policy_sha256")) {
      last_policy = e;
    }
  });
  audit::VerifyResult result = verifier.result();
  result.warnings = store.audit_protection_warnings();
  for (auto& w : ctx_.standing_warnings()) result.warnings.push_back(std::move(w));
  if (!result.ok) return result;
  // The stored policy must be the one the last policy event recorded: an edit of the meta table
  // outside gdpr shows here.
  const std::optional<std::string> stored = store.policy_text();
  std::string recorded;
  std::int64_t last_seq = 0;
  std::string last_action;
  if (last_policy) {
    const nlohmann::json details = audit::details_of(*last_policy);
    if (details.contains("policy_sha256")) recorded = details.at("policy_sha256").get<std::string>();
    last_seq = last_policy->seq;
    last_action = last_policy->action;
  }
  if (stored && !recorded.empty() && policy::hash(*stored) != recorded) {
    result.ok = false;
    result.first_bad_seq = last_seq;
    result.problem = trf("the policy stored in {} is not the one event {} ({}) recorded: it was changed outside "
                         "gdpr",
                         store.location(), last_seq, last_action);
  } else if (stored && recorded.empty()) {
    result.ok = false;
    result.first_bad_seq = last_seq;
    result.problem = trf("the policy stored in {} was recorded by no policy event", store.location());
  }
  return result;
}

}  // namespace gdpr::workflow
