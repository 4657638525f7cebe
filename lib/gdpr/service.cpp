#include "gdpr/service.hpp"

#include "gdpr/identity.hpp"
#include "gdpr/rules.hpp"

namespace gdpr {

Service::Service(Store& store, const Config& config, const Clock& clock, const std::string& actor, HookRunner& hooks)
    : store_(store), config_(config), clock_(clock), actor_(normalize_actor(actor)),
      ctx_{store_, config_, clock_, actor_, hooks, {}, {}} {
  if (!config_.notify.empty()) ctx_.recorded = [this](const AuditEvent& e) { notices_.offer(e); };
}

template <typename Action>
auto Service::notifying(Action&& action) -> decltype(action()) {
  struct Forget {
    workflow::Notices& notices;
    explicit Forget(workflow::Notices& n) : notices(n) {}
    Forget(const Forget&) = delete;
    Forget& operator=(const Forget&) = delete;
    Forget(Forget&&) = delete;
    Forget& operator=(Forget&&) = delete;
    ~Forget() { notices.discard(); }  // after send(): nothing left; after a throw: what it recorded
  };
  const Forget forget{notices_};
  auto result = action();
  notices_.send();
  return result;
}

workflow::WorkerPass Service::work_queued() {
  return notifying([&] { return worker_.run_queued(); });
}

std::vector<std::string> Service::standing_warnings() const { return ctx_.standing_warnings(); }

// Contacts (workflow/contacts.cpp, workflow/import.cpp)

AddResult Service::add_contact(const std::string& id, const Properties& properties, Readmit readmit) {
  return contacts_.add(id, properties, readmit);
}

ImportResult Service::import_contacts(std::istream& in, const std::string& source, const ImportOptions& options) {
  return contacts_.import(in, source, options);
}

Contact Service::show_contact(const std::string& id) { return contacts_.show(id); }

std::vector<std::string> Service::complete_contact_ids(const std::string& prefix, std::int64_t limit) {
  return contacts_.complete_ids(prefix, limit);
}

std::vector<std::string> Service::list_property_names(const ContactFilter& filter) {
  return contacts_.property_names(filter);
}

void Service::list_contacts(const ContactFilter& filter, const std::function<void(const Contact&)>& visit) {
  contacts_.list(filter, visit);
}

bool Service::set_block(const std::string& id, BlockKind kind, BlockChange change) {
  return contacts_.set_block(id, kind, change);
}

// Requests (workflow/requests.cpp)

DecisionResult Service::file_request(const NewRequest& in) {
  return notifying([&] { return requests_.file(in); });
}

Request Service::show_request(std::int64_t id) { return requests_.show(id); }

std::vector<Request> Service::queue(const QueueFilter& filter) { return requests_.queue(filter); }

std::vector<Reminder> Service::reminders(NewRequests new_requests) { return requests_.reminders(new_requests); }

std::vector<std::string> Service::eligible_approvers(const Request& request) const {
  return rules::eligible_approvers(request, config_);
}

Request Service::comment(std::int64_t id, const std::string& raw) {
  return notifying([&] { return requests_.comment(id, raw); });
}

Request Service::assign(std::int64_t id, const std::optional<std::string>& assignee) {
  return notifying([&] { return requests_.assign(id, assignee); });
}

Request Service::extend(std::int64_t id, const std::string& reason, const LetterSink& letter) {
  return notifying([&] { return requests_.extend(id, reason, letter); });
}

// Decisions (workflow/decisions.cpp, workflow/steps.cpp)

DecisionResult Service::approve(std::int64_t id, const std::string& comment, const Confirm& confirm,
                                const LetterSink& letter) {
  return notifying([&] { return decisions_.approve(id, comment, confirm, letter); });
}

DecisionResult Service::reject(std::int64_t id, const std::string& reason, LiftBlock lift_block,
                               const std::optional<std::string>& retain_until) {
  return notifying([&] { return decisions_.reject(id, reason, lift_block, retain_until); });
}

std::vector<DecisionResult> Service::retry(std::optional<std::int64_t> id) {
  return notifying([&] { return decisions_.retry(id); });
}

// Evidence (workflow/evidence.cpp)

void Service::print_sheet(const SheetTarget& target, ShowEmpty show_empty, std::string_view format,
                          const std::function<void(const SheetDocument&)>& deliver) {
  evidence_.print_sheet(target, show_empty, format, deliver);
}

void Service::write_letter(std::int64_t id, std::optional<LetterKind> kind, const LetterSink& deliver) {
  evidence_.write_letter(id, kind, deliver);
}

void Service::audit(const AuditFilter& filter, const std::function<void(const AuditEvent&)>& visit) {
  evidence_.audit(filter, visit);
}

audit::VerifyResult Service::verify_audit() { return evidence_.verify_audit(); }

// Policy and roles (workflow/administration.cpp)

bool Service::adopt_policy() { return administration_.adopt_policy(); }

PolicyChange Service::apply_policy(const Config& file, const ConfirmPolicy& confirm) {
  return administration_.apply_policy(file, confirm);
}

std::vector<std::string> Service::change_role(RoleKind kind, Membership membership, const std::vector<std::string>& names) {
  return administration_.change_role(kind, membership, names);
}

std::optional<ServerRoles> Service::server_roles() { return store_.server_roles(); }

void Service::set_server_role(const std::string& role, ServerGroup group, Membership membership) {
  administration_.set_server_role(role, group, membership);
}

}  // namespace gdpr
