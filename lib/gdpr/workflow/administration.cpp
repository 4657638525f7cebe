#include "gdpr/workflow/administration.hpp"

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/identity.hpp"
#include "gdpr/rules.hpp"

namespace gdpr::workflow {

void Administration::store_policy(const Config& policy_config, const std::string& action, nlohmann::json details) const {
  const std::string text = policy::to_text(policy_config);
  ctx_.store.put_policy(text);
  details["policy_sha256"] = policy::hash(text);
  ctx_.record(action, std::nullopt, std::nullopt, std::move(details));
}

bool Administration::adopt_policy() const {
  auto tx = ctx_.store.begin_write();
  if (ctx_.store.policy_text()) return false;
  Config initial = ctx_.config;
  if (initial.admins.empty()) initial.admins.push_back(ctx_.actor);
  store_policy(initial, "policy.set", {{"admins", initial.admins.size()}, {"systems", initial.systems.size()}});
  tx->commit();
  return true;
}

PolicyChange Administration::apply_policy(const Config& file, const ConfirmPolicy& confirm) const {
  const Config& current = ctx_.config;
  rules::check_is_admin(ctx_.actor, current, tr("changing the policy"));
  Config next = file;
  if (next.admins.empty()) next.admins = current.admins;
  rules::check_policy_change(current, file, ctx_.store.location());
  next.allow_override = current.allow_override;
  PolicyChange change;
  change.differences = policy::differences(current, next);
  if (change.differences.empty()) return change;
  rules::check_policy_confirmed(!confirm || confirm(change.differences) ? Confirmation::given : Confirmation::declined);
  auto tx = ctx_.store.begin_write();
  std::vector<std::string> changed;
  changed.reserve(change.differences.size());
  for (const auto& d : change.differences) changed.push_back(d.key);
  store_policy(next, "policy.changed", {{"keys", changed}});
  tx->commit();
  change.applied = true;
  return change;
}

std::vector<std::string> Administration::change_role(RoleKind kind, Membership membership,
                                                     const std::vector<std::string>& names) const {
  rules::check_is_admin(ctx_.actor, ctx_.config, tr("changing roles"));
  Config next = ctx_.config;
  std::vector<std::string>& list = kind == RoleKind::reviewer    ? next.reviewers
                                   : kind == RoleKind::requester ? next.requesters
                                   : kind == RoleKind::worker    ? next.workers
                                                                 : next.admins;
  const char* role = kind == RoleKind::reviewer    ? "reviewer"
                     : kind == RoleKind::requester ? "requester"
                     : kind == RoleKind::worker    ? "worker"
                                                   : "admin";
  std::vector<std::string> changed;
  auto tx = ctx_.store.begin_write();
  for (const auto& raw : names) {
    rules::check_role_name(raw);
    const std::string name = normalize_actor(raw);
    const bool member = is_one_of(name, list);
    if (membership == Membership::grant && !member) {
      list.push_back(name);
    } else if (membership == Membership::revoke && member) {
      std::erase(list, name);
      if (kind == RoleKind::admin) rules::check_keeps_an_admin(list, name);
    } else {
      continue;
    }
    changed.push_back(name);
    const Config& ref = next;
    store_policy(ref, membership == Membership::grant ? "role.granted" : "role.revoked", {{"role", role}, {"name", name}});
  }
  tx->commit();
  return changed;
}

void Administration::set_server_role(const std::string& role, ServerGroup group, Membership membership) const {
  auto tx = ctx_.store.begin_write();
  ctx_.store.set_server_role(role, group, membership);
  ctx_.record(membership == Membership::grant ? "role.granted" : "role.revoked", std::nullopt, std::nullopt,
              {{"role", role}, {"group", group_role(group)}});
  tx->commit();
}

}  // namespace gdpr::workflow
