// Rules about people: who may file, approve, reject, finish an erasure, be assigned, hold a role,
// change the policy (SPEC §1, §2, §4). Pure: the roles come from the policy in `config`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gdpr/config.hpp"
#include "gdpr/model.hpp"
#include "gdpr/rules/requests.hpp"

namespace gdpr::rules {

// May `actor` file deletion requests? (roles.requesters empty: anyone.) Throws Error(forbidden).
void check_can_file(const std::string& actor, const Config& config);

// Throws Error(forbidden) unless `actor` is a configured reviewer; `doing` says what was refused.
void check_is_reviewer(const std::string& actor, const Config& config, std::string_view doing);

// Throws Error(forbidden) unless `actor` is an admin of the policy (roles.admins).
void check_is_admin(const std::string& actor, const Config& config, std::string_view doing);

// Throws Error(forbidden) unless `actor` may run `gdpr worker` (SPEC §11): a worker of the policy
// (roles.workers; on PostgreSQL a member of gdpr_workers) or an admin.
void check_is_worker(const std::string& actor, const Config& config);

// Throws Error(forbidden) unless `actor` may run `gdpr watch` (SPEC §13): a worker, a reviewer or
// an admin (it reports erased people by their ids).
void check_may_watch(const std::string& actor, const Config& config);

// The four-eyes rule for one approval of a pending request: the actor is a configured reviewer,
// is not the requester, and has not approved yet. Throws forbidden (exit 4) or conflict (exit 6).
void check_can_approve(const Request& request, const std::string& actor, const Config& config);

// True when `request` has approvals from roles.approvals_required distinct reviewers who are
// not the requester (counted again here so that no stored approval can bypass the rule).
[[nodiscard]] bool approvals_complete(const Request& request, const Config& config);

// The reviewers who may still approve `request`: none unless it is pending; not the requester,
// not who approved already (the same counting as approvals_complete).
[[nodiscard]] std::vector<std::string> eligible_approvers(const Request& request, const Config& config);

// Whether `actor` may run the erasure of an approved request in the linked systems and finish it
// (`approve` resuming it, `retry`): a reviewer who did not file it, or an admin (the cron job).
[[nodiscard]] bool may_finish_erasure(const Request& request, const std::string& actor, const Config& config);
// Error(forbidden) naming the four-eyes rule unless may_finish_erasure.
void check_can_finish_erasure(const Request& request, const std::string& actor, const Config& config);

// The state a rejection by `actor` leads to: `withdrawn` for the requester, `rejected` for a
// reviewer; throws Error(forbidden) for anyone else and Error(conflict) unless pending.
[[nodiscard]] RequestState rejection_state(const Request& request, const std::string& actor, const Config& config);

// Whom a request may be assigned to: a reviewer (Error(usage) naming `to` otherwise).
void check_assignee(const std::string& to, const Config& config);

// A name for `gdpr role grant|revoke`: non-empty, no control characters (Error(usage)).
void check_role_name(const std::string& raw);
// Revoking `name` from the admins leaves `admins_after` (Error(conflict) when nobody is left).
void check_keeps_an_admin(const std::vector<std::string>& admins_after, const std::string& name);

// `gdpr policy apply`: identity.allow_override is chosen when the database is created and never
// changes (Error(config) naming the file and `location` when `file` sets it otherwise).
void check_policy_change(const Config& current, const Config& file, const std::string& location);
// A policy change goes ahead only when confirmed (or nobody is asked): Error(usage) when declined.
void check_policy_confirmed(Confirmation confirmation);

}  // namespace gdpr::rules
