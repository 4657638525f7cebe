#include "gdpr/rules/people.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/labels.hpp"
#include "gdpr/identity.hpp"
#include "gdpr/rules/requests.hpp"

namespace gdpr::rules {

namespace {

std::string request_label(const Request& r) { return trf("request {}", r.id); }

// The distinct reviewers, not the requester, who approved `request`.
std::set<std::string> counted_approvers(const Request& request, const Config& config) {
  std::set<std::string> distinct;
  const std::string requester = normalize_actor(request.requested_by);
  for (const auto& a : request.approvals) {
    const std::string by = normalize_actor(a.by);
    if (by != requester && is_one_of(by, config.reviewers)) distinct.insert(by);
  }
  return distinct;
}

}  // namespace

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

void check_is_admin(const std::string& actor, const Config& config, std::string_view doing) {
  if (!is_one_of(actor, config.admins)) {
    throw Error(ErrorKind::forbidden, trf("{} is refused: '{}' is not an admin (roles.admins in {}); an admin grants "
                                          "the role with `gdpr role grant admin {}`",
                                          doing, actor, config.source, actor));
  }
}

void check_is_worker(const std::string& actor, const Config& config) {
  if (is_one_of(actor, config.workers) || is_one_of(actor, config.admins)) return;
  throw Error(ErrorKind::forbidden, trf("`gdpr worker` is refused: '{}' is not a worker (roles.workers in {}); an "
                                        "admin grants the role with `gdpr role grant worker {}`",
                                        actor, config.source, actor));
}

void check_may_watch(const std::string& actor, const Config& config) {
  if (is_one_of(actor, config.workers) || is_one_of(actor, config.reviewers) || is_one_of(actor, config.admins)) return;
  throw Error(ErrorKind::forbidden, trf("`gdpr watch` is refused: '{}' is not a worker, reviewer or admin (roles in {}); "
                                        "run it as the worker's user, as cron does",
                                        actor, config.source));
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
                trf("{} is {}, not {}; only pending requests can be approved", request_label(request),
                            label(request.state), label(RequestState::pending)));
  }
  for (const auto& a : request.approvals) {
    if (normalize_actor(a.by) == who) {
      throw Error(ErrorKind::conflict, trf("'{}' has already approved {}; {} distinct reviewers are needed",
                                                   who, request_label(request), config.approvals_required));
    }
  }
}

bool approvals_complete(const Request& request, const Config& config) {
  return counted_approvers(request, config).size() >= static_cast<std::size_t>(config.approvals_required);
}

std::vector<std::string> eligible_approvers(const Request& request, const Config& config) {
  std::vector<std::string> out;
  if (request.state != RequestState::pending) return out;
  const std::set<std::string> approved = counted_approvers(request, config);
  const std::string requester = normalize_actor(request.requested_by);
  for (const auto& reviewer : config.reviewers) {
    if (reviewer != requester && !approved.contains(reviewer)) out.push_back(reviewer);
  }
  return out;
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

RequestState rejection_state(const Request& request, const std::string& actor, const Config& config) {
  const std::string who = normalize_actor(actor);
  const bool is_requester = who == normalize_actor(request.requested_by);
  if (!is_requester) check_is_reviewer(who, config, trf("rejecting {}", request_label(request)));
  const RequestState to = is_requester ? RequestState::withdrawn : RequestState::rejected;
  check_transition(request, to);
  return to;
}

void check_assignee(const std::string& to, const Config& config) {
  if (!is_one_of(to, config.reviewers)) {
    throw Error(ErrorKind::usage, trf("--assign '{}': not a reviewer (roles.reviewers in {})", to, config.source));
  }
}

void check_role_name(const std::string& raw) {
  if (!is_valid_actor_name(raw)) {
    throw Error(ErrorKind::usage, trf("'{}' is not a name: a name is non-empty and has no control characters", raw));
  }
}

void check_keeps_an_admin(const std::vector<std::string>& admins_after, const std::string& name) {
  if (admins_after.empty()) {
    throw Error(ErrorKind::conflict, trf("'{}' is the last admin; grant the role to someone else first", name));
  }
}

void check_policy_change(const Config& current, const Config& file, const std::string& location) {
  if (file.keys_set.contains("identity.allow_override") && file.allow_override != current.allow_override) {
    throw Error(ErrorKind::config,
                trf("{} sets identity.allow_override = {}, but it can only be chosen when the database is created "
                    "(it is {} in {}); remove the key from the file",
                    file.source, file.allow_override, current.allow_override, location));
  }
}

void check_policy_confirmed(Confirmation confirmation) {
  if (confirmation == Confirmation::declined) {
    throw Error(ErrorKind::usage, tr("not confirmed: the policy stays as it is, nothing was changed"));
  }
}

}  // namespace gdpr::rules
