#include "gdpr/rules.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/identity.hpp"
#include "gdpr/text.hpp"

namespace gdpr::rules {

namespace {

std::string request_label(const Request& r) { return trf("request {}", r.id); }

}  // namespace

std::string check_reason(std::string_view raw, const Config& config, std::string_view what) {
  if (!text::is_valid_utf8(raw)) {
    throw Error(ErrorKind::usage, trf("{} is not valid UTF-8; write it in UTF-8", what));
  }
  if (text::has_control_chars(raw, true)) {
    throw Error(ErrorKind::usage, trf("{} contains control characters; only line breaks and tabs are allowed", what));
  }
  const std::string_view trimmed = text::trim(raw);
  const auto n = text::code_points(trimmed);
  if (n == 0) {
    throw Error(ErrorKind::usage,
                trf("{} is empty: a written reason of at least {} characters is required", what,
                            config.reason_min_length));
  }
  if (n < static_cast<std::size_t>(config.reason_min_length)) {
    throw Error(ErrorKind::usage, trf("{} is too short: {} characters, at least {} needed (reason.min_length)",
                                              what, n, config.reason_min_length));
  }
  if (n > static_cast<std::size_t>(config.reason_max_length)) {
    throw Error(ErrorKind::usage, trf("{} is too long: {} characters, at most {} allowed (reason.max_length)",
                                              what, n, config.reason_max_length));
  }
  return std::string(trimmed);
}

std::string check_comment(std::string_view raw, const Config& config) {
  if (!text::is_valid_utf8(raw)) throw Error(ErrorKind::usage, tr("comment is not valid UTF-8; write it in UTF-8"));
  if (text::has_control_chars(raw, true)) {
    throw Error(ErrorKind::usage, tr("comment contains control characters; only line breaks and tabs are allowed"));
  }
  const std::string_view trimmed = text::trim(raw);
  if (trimmed.empty()) throw Error(ErrorKind::usage, tr("comment is empty"));
  if (text::code_points(trimmed) > static_cast<std::size_t>(config.reason_max_length)) {
    throw Error(ErrorKind::usage, trf("comment is too long: at most {} characters (reason.max_length)",
                                              config.reason_max_length));
  }
  return std::string(trimmed);
}

void check_contact_id(std::string_view id) {
  if (id.empty()) throw Error(ErrorKind::usage, tr("contact id is empty"));
  if (!text::is_valid_utf8(id)) throw Error(ErrorKind::usage, tr("contact id is not valid UTF-8"));
  if (const auto found = text::find_control(id)) {
    const std::string what = text::code_point_name(found->code_point);
    if (text::is_bidi_control(found->code_point)) {
      throw Error(ErrorKind::usage, trf("contact id contains a bidirectional control character ({} at character {}); "
                                        "it would make the id look like another, and it is not allowed",
                                        what, found->position));
    }
    throw Error(ErrorKind::usage, trf("contact id contains control characters ({} at character {}; tabs, line "
                                      "breaks, escape sequences, ...); they are not allowed",
                                      what, found->position));
  }
  if (text::code_points(id) > k_max_contact_id) {
    throw Error(ErrorKind::usage, trf("contact id is {} characters long; at most {} are allowed", text::code_points(id),
                                      k_max_contact_id));
  }
}

std::string check_property_name(std::string_view name) {
  const std::string_view trimmed = text::trim(name);
  if (trimmed.empty()) throw Error(ErrorKind::usage, tr("property name is empty; write NAME=VALUE"));
  if (!text::is_valid_utf8(trimmed) || text::has_control_chars(trimmed, false)) {
    throw Error(ErrorKind::usage,
                trf("property name '{}' must be UTF-8 without control characters", trimmed));
  }
  return std::string(trimmed);
}

void check_property_value(std::string_view name, std::string_view value) {
  if (!text::is_valid_utf8(value)) {
    throw Error(ErrorKind::usage, trf("value of property '{}' is not valid UTF-8", name));
  }
  if (value.find('\0') != std::string_view::npos) {
    throw Error(ErrorKind::usage, trf("value of property '{}' contains a NUL byte", name));
  }
}

void check_can_file(const std::string& actor, const Config& config) {
  if (!config.requesters.empty() && !is_one_of(actor, config.requesters)) {
    throw Error(ErrorKind::forbidden,
                trf("'{}' may not file deletion requests: not in roles.requesters of {}", actor, config.source));
  }
}

void check_is_reviewer(const std::string& actor, const Config& config, std::string_view doing) {
  if (config.reviewers.empty()) {
    throw Error(ErrorKind::forbidden,
                trf("{} is refused: no reviewers are configured; set roles.reviewers in {}", doing,
                            config.source));
  }
  if (!is_one_of(actor, config.reviewers)) {
    throw Error(ErrorKind::forbidden,
                trf("{} is refused: '{}' is not a reviewer (roles.reviewers in {})", doing, actor, config.source));
  }
}

bool may_finish_erasure(const Request& request, const std::string& actor, const Config& config) {
  if (is_one_of(actor, config.admins)) return true;
  return is_one_of(actor, config.reviewers) && normalize_actor(request.requested_by) != actor;
}

void check_can_finish_erasure(const Request& request, const std::string& actor, const Config& config) {
  if (may_finish_erasure(request, actor, config)) return;
  if (normalize_actor(request.requested_by) == actor) {
    throw Error(ErrorKind::forbidden, trf("four-eyes rule: '{}' filed request {}; another reviewer (or an admin's "
                                          "`gdpr retry`) must run and finish its erasure",
                                          actor, request.id));
  }
  throw Error(ErrorKind::forbidden, trf("'{}' is not a reviewer (roles.reviewers in {}): only a reviewer who did not "
                                        "file request {}, or an admin, runs and finishes its erasure",
                                        actor, config.source, request.id));
}

void check_is_admin(const std::string& actor, const Config& config, std::string_view doing) {
  if (!is_one_of(actor, config.admins)) {
    throw Error(ErrorKind::forbidden, trf("{} is refused: '{}' is not an admin (roles.admins in {}); an admin grants "
                                          "the role with `gdpr role grant admin {}`",
                                          doing, actor, config.source, actor));
  }
}

std::string check_channel(std::string_view raw) {
  std::string channel = text::ascii_lower(text::trim(raw));
  if (channel.size() > 32 || channel.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
    throw Error(ErrorKind::usage, tr("--channel must be a token of lower-case letters, digits and '-' (at most 32 "
                                     "characters), e.g. email, letter, phone, web, in-person: it says how the "
                                     "request came, not who sent it"));
  }
  return channel;
}

void check_can_approve(const Request& request, const std::string& actor, const Config& config) {
  const std::string who = normalize_actor(actor);
  check_is_reviewer(who, config, trf("approving {}", request_label(request)));
  if (who == normalize_actor(request.requested_by)) {
    throw Error(ErrorKind::forbidden,
                trf("four-eyes rule: '{}' filed {} and may not approve it; another reviewer must", who,
                            request_label(request)));
  }
  if (request.state != RequestState::pending) {
    throw Error(ErrorKind::conflict,
                trf("{} is {}, not pending; only pending requests can be approved", request_label(request),
                            to_string(request.state)));
  }
  for (const auto& a : request.approvals) {
    if (normalize_actor(a.by) == who) {
      throw Error(ErrorKind::conflict, trf("'{}' has already approved {}; {} distinct reviewers are needed",
                                                   who, request_label(request), config.approvals_required));
    }
  }
}

bool approvals_complete(const Request& request, const Config& config) {
  std::set<std::string> distinct;
  const std::string requester = normalize_actor(request.requested_by);
  for (const auto& a : request.approvals) {
    const std::string by = normalize_actor(a.by);
    if (by != requester && is_one_of(by, config.reviewers)) distinct.insert(by);
  }
  return distinct.size() >= static_cast<std::size_t>(config.approvals_required);
}

RequestState rejection_state(const Request& request, const std::string& actor, const Config& config) {
  const std::string who = normalize_actor(actor);
  const bool is_requester = who == normalize_actor(request.requested_by);
  if (!is_requester) check_is_reviewer(who, config, trf("rejecting {}", request_label(request)));
  const RequestState to = is_requester ? RequestState::withdrawn : RequestState::rejected;
  check_transition(request, to);
  return to;
}

bool transition_allowed(RequestState from, RequestState to) {
  switch (from) {
    case RequestState::pending:
      return to == RequestState::approved || to == RequestState::rejected || to == RequestState::withdrawn;
    case RequestState::approved:
      return to == RequestState::erased;
    case RequestState::erased:
    case RequestState::rejected:
    case RequestState::withdrawn:
      return false;
  }
  return false;
}

void check_transition(const Request& request, RequestState to) {
  if (!transition_allowed(request.state, to)) {
    throw Error(ErrorKind::conflict, trf("{} is {}; it cannot become {}", request_label(request),
                                                 to_string(request.state), to_string(to)));
  }
}

Date due_date(const Date& received, int months) { return add_months(received, months); }

std::string normalized_email(const Properties& properties, const Config& config) {
  const std::string key = text::loose_key(config.email_property);
  for (const auto& [name, value] : properties) {
    if (text::loose_key(name) == key) return text::ascii_lower(text::trim(value));
  }
  return {};
}

}  // namespace gdpr::rules
