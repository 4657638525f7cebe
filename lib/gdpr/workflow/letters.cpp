#include "gdpr/workflow/letters.hpp"

#include "gdpr/local_time.hpp"
#include "gdpr/rules.hpp"

namespace gdpr::workflow {

Letter compose_letter(const Context& ctx, LetterKind kind, const Request& request, const Contact& contact,
                      const std::vector<std::string>& systems) {
  Letter l;
  l.kind = kind;
  l.organization = ctx.config.organization;
  l.sender = ctx.config.letters_sender;
  l.authority = ctx.config.letters_authority;
  l.date = ctx.clock.today();
  l.request = request;
  if (contact.status != ContactStatus::erased) {
    l.addressee = postal_address(contact.properties);
    l.name = person_name(contact.properties);
  }
  if (kind == LetterKind::confirmation) {
    l.systems = systems;
    l.erased_on = local_date_of(request.erased_at, l.date);
    l.fingerprint_kept =
        !contact.email_fingerprint.empty() || !rules::normalized_email(contact.properties, ctx.config).empty();
  }
  return l;
}

std::vector<std::string> erased_systems(const Request& request) {
  std::vector<std::string> out;
  for (const auto& s : request.steps) {
    if (s.action == StepAction::erase && s.state == StepState::done) out.push_back(s.system);
  }
  return out;
}

void issue_letter(const Context& ctx, const Letter& letter, const LetterSink& deliver) {
  deliver(letter);
  ctx.record("letter.issued", letter.request.id, letter.request.contact_id,
             {{"kind", to_string(letter.kind)}, {"addressed", !letter.addressee.empty()}});
}

}  // namespace gdpr::workflow
