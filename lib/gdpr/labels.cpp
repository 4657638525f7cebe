#include "gdpr/labels.hpp"

#include "gdpr/i18n.hpp"

namespace gdpr {

std::string label(ContactStatus status) {
  switch (status) {
    case ContactStatus::active: return tr("active");
    case ContactStatus::on_hold: return tr("on hold (deletion request open)");
    case ContactStatus::restricted: return tr("restricted (Art. 18 GDPR)");
    case ContactStatus::erased: return tr("erased");
  }
  return std::string(to_string(status));
}

std::string label(RequestState state) {
  switch (state) {
    case RequestState::pending: return tr("pending");
    case RequestState::approved: return tr("approved");
    case RequestState::erased: return tr("erased");
    case RequestState::rejected: return tr("rejected");
    case RequestState::withdrawn: return tr("withdrawn");
  }
  return std::string(to_string(state));
}

std::string label(BlockKind block) {
  switch (block) {
    case BlockKind::newsletter: return tr("newsletter");
    case BlockKind::all_mail: return tr("all mailings");
  }
  return std::string(to_string(block));
}

std::string label(StepAction action) {
  switch (action) {
    case StepAction::hold: return tr("hold");
    case StepAction::release: return tr("release");
    case StepAction::erase: return tr("erase");
    case StepAction::verify: return tr("verify");
  }
  return std::string(to_string(action));
}

std::string label(StepState state) {
  switch (state) {
    case StepState::pending: return tr("step pending");
    case StepState::running: return tr("running");
    case StepState::done: return tr("done");
    case StepState::failed: return tr("failed");
  }
  return std::string(to_string(state));
}

std::string blocks_label(const Contact& contact, const std::string& none) {
  std::string out;
  if (contact.block_newsletter) out = label(BlockKind::newsletter);
  if (contact.block_all_mail) out += (out.empty() ? "" : ", ") + label(BlockKind::all_mail);
  return out.empty() ? none : out;
}

}  // namespace gdpr
