// The end of an erasure (SPEC §4): once every linked system has erased, the local data goes, in
// one transaction with its event and, when asked for, the confirmation letter.
#include <algorithm>

#include "gdpr/audit.hpp"
#include "gdpr/rules.hpp"
#include "gdpr/text.hpp"
#include "gdpr/workflow/steps.hpp"

namespace gdpr::workflow {

namespace {

// The values of `contact` that free texts must not keep (SPEC §5: three or more characters).
std::vector<std::string> erasable_values(const Contact& contact) {
  std::vector<std::string> out;
  for (const auto& [name, value] : contact.properties) {
    const std::string_view v = text::trim(value);
    if (text::code_points(v) >= 3) out.emplace_back(v);
  }
  return out;
}

}  // namespace

void Steps::finish(std::int64_t id, DecisionResult& result, const LetterSink& letter) const {
  auto tx = ctx_.store.begin_write();
  Request r = ctx_.load_request(id);
  if (r.state != RequestState::approved) return;
  // Local data goes last: the hooks need it until every configured system has erased, and every
  // system with a probe has shown that the contact is gone.
  for (const auto& planned : plan(StepAction::erase)) {
    const bool done = std::ranges::any_of(r.steps, [&](const Step& s) {
      return s.system == planned.system && s.action == planned.action && s.state == StepState::done;
    });
    if (!done) return;
  }
  Contact contact = ctx_.load_contact(r.contact_id);
  erase_locally(r, contact, letter);
  tx->commit();
  result.erased = true;
  result.scrub_incomplete = !ctx_.store.scrub();
  if (result.scrub_incomplete) result.scrub_note = ctx_.store.scrub_note();
}

void Steps::erase_locally(Request& r, Contact& contact, const LetterSink& letter) const {
  rules::check_transition(r, RequestState::erased);
  const std::string erased_at = ctx_.now();
  if (letter) {
    // The confirmation goes out with the address it needs, which the erasure below removes; the
    // letter and the erasure record agree on the date and the systems.
    Request erased = r;
    erased.state = RequestState::erased;
    erased.erased_at = erased_at;
    issue_letter(ctx_, compose_letter(ctx_, LetterKind::confirmation, erased, contact, systems(StepAction::erase)),
                 letter);
  }
  const std::vector<std::string> values = erasable_values(contact);
  if (!values.empty()) {
    ctx_.store.blank_out_texts(contact.id, [&](const std::string& text) {
      return text::replace_ignoring_case(text, values, k_erased_marker);
    });
  }
  contact.email_fingerprint = ctx_.fingerprint(contact.properties);
  contact.properties.clear();
  contact.status = ContactStatus::erased;
  contact.block_newsletter = false;
  contact.block_all_mail = false;
  contact.erased_by_request = r.id;
  ctx_.store.update_contact(contact);
  r.state = RequestState::erased;
  r.erased_at = erased_at;
  ctx_.store.update_request(r);
  ctx_.record("request.erased", r.id, r.contact_id,
              {{"systems", systems(StepAction::erase)}, {"email_fingerprint_kept", !contact.email_fingerprint.empty()}});
}

}  // namespace gdpr::workflow
