// The policy and the roles (SPEC §2): adopt the policy at `gdpr init`, replace it
// (`policy apply`), grant and revoke roles — in the policy's lists, or where the server keeps
// them in its group roles.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gdpr/config.hpp"
#include "gdpr/policy.hpp"
#include "gdpr/store.hpp"
#include "gdpr/workflow/context.hpp"

namespace gdpr {

// Which list of the policy `change_role` edits.
enum class RoleKind { reviewer, requester, admin, worker };

// What `apply_policy` found and did.
struct PolicyChange {
  std::vector<policy::Difference> differences;  // empty: the file's policy is the database's
  bool applied = false;
};

// Asked before a policy change is applied; returns true to go ahead.
using ConfirmPolicy = std::function<bool(const std::vector<policy::Difference>&)>;

}  // namespace gdpr

namespace gdpr::workflow {

class Administration {
 public:
  explicit Administration(const Context& context) : ctx_(context) {}

  // Stores the policy in force when the database has none yet (one `policy.set`); the actor
  // becomes the admin when roles.admins is empty. False if the database had a policy already.
  bool adopt_policy() const;
  // An admin replaces the policy by the policy keys of `file` (see Service::apply_policy).
  PolicyChange apply_policy(const Config& file, const ConfirmPolicy& confirm) const;
  // An admin edits one role list of the policy; one event per name that changed, which it returns.
  std::vector<std::string> change_role(RoleKind kind, Membership membership, const std::vector<std::string>& names) const;
  // Where the server keeps the roles: makes `role` a member of `group`, or not, with its event.
  void set_server_role(const std::string& role, ServerGroup group, Membership membership) const;

 private:
  void store_policy(const Config& policy, const std::string& action, nlohmann::json details) const;

  const Context& ctx_;
};

}  // namespace gdpr::workflow
