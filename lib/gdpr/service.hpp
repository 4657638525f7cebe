// The four-eyes workflow (SPEC §1, §3-§5) for the front ends: one facade over the parts in
// lib/gdpr/workflow/ (contacts, requests, decisions, evidence, administration; the steps of the
// linked systems). Every public call is one user action: it asks the rules (rules/), changes the
// store in one write transaction together with its audit event, and only then runs linked-system
// steps, each claimed and recorded in a transaction of its own so that a crash at any point
// leaves a state that `retry` can finish.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "gdpr/config.hpp"
#include "gdpr/dates.hpp"
#include "gdpr/model.hpp"
#include "gdpr/store.hpp"
#include "gdpr/workflow/administration.hpp"
#include "gdpr/workflow/contacts.hpp"
#include "gdpr/workflow/context.hpp"
#include "gdpr/workflow/decisions.hpp"
#include "gdpr/workflow/evidence.hpp"
#include "gdpr/workflow/notices.hpp"
#include "gdpr/workflow/requests.hpp"
#include "gdpr/workflow/steps.hpp"
#include "gdpr/workflow/watch.hpp"
#include "gdpr/workflow/worker.hpp"

namespace gdpr {

// The workflow for one actor.
class Service {
 public:
  Service(Store& store, const Config& config, const Clock& clock, const std::string& actor, HookRunner& hooks);
  // Its parts refer to its members: it stays where it was made.
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;
  Service(Service&&) = delete;
  Service& operator=(Service&&) = delete;
  ~Service() = default;

  // Where warnings go (default: nowhere).
  void set_warning_sink(WarningSink sink) { ctx_.warn = std::move(sink); }
  // What is true of this database that its users must always be told: identity.allow_override
  // (anyone may claim any name with --as). Shown by `review` and `audit --verify`.
  [[nodiscard]] std::vector<std::string> standing_warnings() const;
  // The configuration in force: the user's preferences and the database's policy.
  [[nodiscard]] const Config& config() const { return config_; }

  // The acting user (normalized).
  [[nodiscard]] const std::string& actor() const { return actor_; }
  // Today's local date, as the deadline rules see it.
  [[nodiscard]] Date today() const { return clock_.today(); }

  // Adds a contact or updates the given properties of an existing one (others are kept).
  AddResult add_contact(const std::string& id, const Properties& properties, Readmit readmit);
  // Upserts every row of a CSV in one transaction; a malformed file imports nothing.
  ImportResult import_contacts(std::istream& in, const std::string& source, const ImportOptions& options);
  // `contact import --from SYSTEM`: the contacts of a HubSpot system, imported as a CSV is.
  ImportResult import_from_system(const SystemImport& from, const ImportOptions& options) {
    return contacts_.import_from(from, options);
  }
  [[nodiscard]] Contact show_contact(const std::string& id);
  // Contact ids (not erased) starting with `prefix`, for shell completion.
  [[nodiscard]] std::vector<std::string> complete_contact_ids(const std::string& prefix, std::int64_t limit);
  // The property names of the contacts `filter` selects, in order of first appearance.
  [[nodiscard]] std::vector<std::string> list_property_names(const ContactFilter& filter);
  void list_contacts(const ContactFilter& filter, const std::function<void(const Contact&)>& visit);
  // `contact find`: contacts matching `text` by id, e-mail or any property value (SPEC §12).
  [[nodiscard]] FoundContacts find_contacts(std::string_view text, std::int64_t limit) {
    return contacts_.find(text, limit);
  }
  // Sets or lifts a block; returns false if nothing changed.
  bool set_block(const std::string& id, BlockKind kind, BlockChange change);

  // Files a deletion request and puts the contact on hold; throws step_failed after the request
  // is stored if a hold step failed.
  DecisionResult file_request(const NewRequest& in);
  [[nodiscard]] Request show_request(std::int64_t id);
  [[nodiscard]] std::vector<Request> queue(const QueueFilter& filter);
  [[nodiscard]] std::vector<Reminder> reminders(NewRequests new_requests = NewRequests::skip);
  // Reviewers who may still approve `request`.
  [[nodiscard]] std::vector<std::string> eligible_approvers(const Request& request) const;
  Request comment(std::int64_t id, const std::string& raw);
  // Assigns to `assignee`, or to the actor when it is nullopt (claim).
  Request assign(std::int64_t id, const std::optional<std::string>& assignee);
  // Extends the deadline once by two months (Art. 12(3)); `letter` (if set) gets the extension
  // notice, which the data subject must have within the first period.
  Request extend(std::int64_t id, const std::string& reason, const LetterSink& letter = {});

  // Approves; the last needed approval asks `confirm` (null: refuse, --yes is needed) and erases;
  // `letter` (if set) gets the confirmation letter just before the local erasure.
  DecisionResult approve(std::int64_t id, const std::string& comment, const Confirm& confirm,
                         const LetterSink& letter = {});
  // Rejects (reviewer) or withdraws (requester) a pending request; `retain_until` (YYYY-MM-DD)
  // keeps the contact restricted for a retention duty until then.
  DecisionResult reject(std::int64_t id, const std::string& reason, LiftBlock lift_block,
                        const std::optional<std::string>& retain_until = std::nullopt);
  // Reruns unfinished steps of one request (or of all when nullopt) and finishes erasures.
  std::vector<DecisionResult> retry(std::optional<std::int64_t> id);

  // `gdpr worker` (SPEC §11): may the actor be the worker here (Error otherwise); one pass over
  // the queued steps; the wait for more (woken by a command that queued some, or after `timeout`).
  void check_worker() const { worker_.check_may_run(); }
  [[nodiscard]] workflow::WorkerPass work_queued();
  void wait_for_steps(std::chrono::milliseconds timeout) { store_.wait_for_steps(timeout); }

  // `gdpr watch` (SPEC §13): asks `only` (or every system that can list its contacts) whether an
  // erased person is back; each find audited (`watch.found`). `list` reads a system's contacts.
  [[nodiscard]] workflow::WatchResult watch(const std::optional<std::string>& only,
                                            const workflow::Lister& list = connectors::list_contacts) {
    return workflow::Watch(ctx_).run(only, list);
  }

  // Builds the customer master data sheet, or the erasure record of an erased contact, and hands
  // it to `deliver` (which prints or writes it); `sheet.printed` is recorded (with `format`, no
  // property value) only if `deliver` returns without throwing.
  void print_sheet(const SheetTarget& target, ShowEmpty show_empty, std::string_view format,
                   const std::function<void(const SheetDocument&)>& deliver);

  // The letter to the data subject for request `id` (`kind`, or the one its state calls for),
  // handed to `deliver`; `letter.issued` is recorded only if `deliver` returns without throwing.
  void write_letter(std::int64_t id, std::optional<LetterKind> kind, const LetterSink& deliver);

  // Audit events matching `filter`, oldest first.
  void audit(const AuditFilter& filter, const std::function<void(const AuditEvent&)>& visit);
  // Recomputes the whole chain.
  [[nodiscard]] audit::VerifyResult verify_audit();

  // `gdpr init`: stores the policy in force (the configuration's) when the database has none yet,
  // with one `policy.set` event; the actor becomes the admin when roles.admins is empty.
  // Returns false if the database had a policy already.
  bool adopt_policy();
  // `gdpr policy apply`: an admin replaces the policy by the policy keys of `file` (keys it does
  // not set take their defaults; roles.admins stays when the file names none;
  // identity.allow_override cannot change). `confirm` is asked when something differs (null:
  // go ahead). Records `policy.changed`.
  PolicyChange apply_policy(const Config& file, const ConfirmPolicy& confirm);
  // `gdpr role grant|revoke` on SQLite: an admin adds `names` to or removes them from one role
  // list of the policy, one `role.granted` / `role.revoked` event per name that changed.
  // Returns the names that changed.
  std::vector<std::string> change_role(RoleKind kind, Membership membership, const std::vector<std::string>& names);

  // Where the server keeps the roles (PostgreSQL): the members of its group roles; nullopt where
  // they are the policy's lists (SQLite, `change_role`).
  [[nodiscard]] std::optional<ServerRoles> server_roles();
  // Whether the server keeps the roles (without reading its members).
  [[nodiscard]] bool roles_on_server() const { return store_.roles_on_server(); }
  // There (`gdpr role grant|revoke`): makes `role` a member of gdpr_reviewers or gdpr_requesters
  // (`group`), or not, in one transaction with its audit event; the server decides whether the
  // actor may. Error(usage) where the roles are the policy's lists.
  void set_server_role(const std::string& role, ServerGroup group, Membership membership);

 private:
  Store& store_;
  const Config& config_;
  const Clock& clock_;
  std::string actor_;
  workflow::Context ctx_;
  workflow::Steps steps_{ctx_};
  workflow::Contacts contacts_{ctx_};
  workflow::Requests requests_{ctx_, steps_};
  workflow::Decisions decisions_{ctx_, steps_};
  workflow::Worker worker_{ctx_};
  workflow::Notices notices_{ctx_};
  // Runs an action of a request's people; its notifications go out when it ends (SPEC §12).
  template <typename Action>
  auto notifying(Action&& action) -> decltype(action());
  workflow::Evidence evidence_{ctx_};
  workflow::Administration administration_{ctx_};
};

}  // namespace gdpr
