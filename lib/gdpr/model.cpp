#include "gdpr/model.hpp"

#include <array>

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/text.hpp"

namespace gdpr {

namespace {

// Tokens ignore case (SPEC §12: `block K-1 Newsletter`).
template <typename E, std::size_t N>
E parse_enum(std::string_view s, std::string_view what, const std::array<std::pair<E, std::string_view>, N>& table) {
  const std::string lower = text::ascii_lower(s);  // the names are lower-case ASCII
  std::string allowed;
  for (const auto& [value, name] : table) {
    if (name == lower) return value;
    allowed += allowed.empty() ? "" : ", ";
    allowed += name;
  }
  throw Error(ErrorKind::usage, trf("{} '{}' is not one of: {}", what, s, allowed));
}

template <typename E, std::size_t N>
std::string_view name_of(E value, const std::array<std::pair<E, std::string_view>, N>& table) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "?";
}

constexpr std::array<std::pair<ContactStatus, std::string_view>, 4> k_contact_status{
    {{ContactStatus::active, "active"},
     {ContactStatus::on_hold, "on-hold"},
     {ContactStatus::restricted, "restricted"},
     {ContactStatus::erased, "erased"}}};
constexpr std::array<std::pair<BlockKind, std::string_view>, 2> k_block_kind{
    {{BlockKind::newsletter, "newsletter"}, {BlockKind::all_mail, "all-mail"}}};
constexpr std::array<std::pair<RequestState, std::string_view>, 5> k_request_state{
    {{RequestState::pending, "pending"},
     {RequestState::approved, "approved"},
     {RequestState::erased, "erased"},
     {RequestState::rejected, "rejected"},
     {RequestState::withdrawn, "withdrawn"}}};
constexpr std::array<std::pair<StepAction, std::string_view>, 4> k_step_action{{{StepAction::hold, "hold"},
                                                                               {StepAction::release, "release"},
                                                                               {StepAction::erase, "erase"},
                                                                               {StepAction::verify, "verify"}}};
constexpr std::array<std::pair<StepState, std::string_view>, 4> k_step_state{{{StepState::pending, "pending"},
                                                                             {StepState::running, "running"},
                                                                             {StepState::done, "done"},
                                                                             {StepState::failed, "failed"}}};

}  // namespace

std::vector<ProofLine> proof_of(const Request& request) {
  std::vector<ProofLine> out;
  for (const auto& s : request.steps) {
    if (s.action != StepAction::erase) continue;
    ProofLine line{s.system, s.state == StepState::done ? s.updated_at : std::string(), false, {}};
    for (const auto& v : request.steps) {
      if (v.system == s.system && v.action == StepAction::verify && v.state == StepState::done) {
        line.verified = true;
        line.verified_at = v.updated_at;
      }
    }
    out.push_back(std::move(line));
  }
  return out;
}

std::string_view to_string(ContactStatus s) { return name_of(s, k_contact_status); }
std::string_view to_string(BlockKind b) { return name_of(b, k_block_kind); }
std::string_view to_string(RequestState s) { return name_of(s, k_request_state); }
std::string_view to_string(StepAction a) { return name_of(a, k_step_action); }
std::string_view to_string(StepState s) { return name_of(s, k_step_state); }

ContactStatus parse_contact_status(std::string_view s, std::string_view what) {
  return parse_enum(s, what, k_contact_status);
}
BlockKind parse_block_kind(std::string_view s, std::string_view what) { return parse_enum(s, what, k_block_kind); }
RequestState parse_request_state(std::string_view s, std::string_view what) {
  return parse_enum(s, what, k_request_state);
}
StepAction parse_step_action(std::string_view s, std::string_view what) { return parse_enum(s, what, k_step_action); }
StepState parse_step_state(std::string_view s, std::string_view what) { return parse_enum(s, what, k_step_state); }

bool is_open(RequestState s) { return s == RequestState::pending || s == RequestState::approved; }

}  // namespace gdpr
