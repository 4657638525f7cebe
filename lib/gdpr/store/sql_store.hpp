// The workflow's storage operations, written once for both engines (docs/ARCHITECTURE.md,
// "Storage"), as ccache keeps its storage logic once over a few virtuals per backend: every
// statement is here in the canonical form of dialect.hpp, bound and read through the
// connection of store/connection.hpp. A store for an engine derives from it and adds only what
// is the engine's own: opening and creating the database, transactions, the secret, who runs a
// step, scrubbing the files, and (PostgreSQL) the server's roles.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "gdpr/store.hpp"
#include "gdpr/store/connection.hpp"

namespace gdpr::store {

class SqlStore : public Store {
 public:
  [[nodiscard]] std::optional<std::string> policy_text() override;
  void put_policy(std::string_view text) override;
  [[nodiscard]] std::optional<Contact> find_contact(std::string_view id) override;
  [[nodiscard]] std::optional<std::string> find_erased_by_fingerprint(std::string_view fingerprint) override;
  void insert_contact(const Contact& contact) override;
  [[nodiscard]] bool insert_contact_if_absent(const Contact& contact) override;
  [[nodiscard]] bool has_fingerprints() override;
  void update_contact(const Contact& contact) override;
  [[nodiscard]] std::vector<std::string> contact_ids_with_prefix(std::string_view prefix, std::int64_t limit) override;
  void for_each_contact(const ContactFilter& filter, const std::function<void(const Contact&)>& visit) override;
  [[nodiscard]] std::vector<std::string> property_names(const ContactFilter& filter) override;
  [[nodiscard]] std::int64_t insert_request(const Request& request) override;
  [[nodiscard]] std::optional<Request> find_request(std::int64_t id) override;
  [[nodiscard]] std::optional<std::int64_t> open_request_for(std::string_view contact_id) override;
  void update_request(const Request& request) override;
  void add_approval(std::int64_t request_id, const Approval& approval) override;
  void add_comment(std::int64_t request_id, const Comment& comment) override;
  void put_step(std::int64_t request_id, const Step& step) override;
  [[nodiscard]] std::vector<Step> steps_of(std::int64_t request_id) override;
  [[nodiscard]] std::vector<Request> list_requests(const RequestFilter& filter) override;
  void blank_out_texts(std::string_view contact_id, const std::function<std::string(const std::string&)>& scrub) override;
  [[nodiscard]] std::vector<std::int64_t> requests_with_unfinished_steps() override;
  [[nodiscard]] std::optional<AuditEvent> audit_head() override;
  void append_audit(const AuditEvent& event) override;
  void for_each_audit(const AuditFilter& filter, const std::function<void(const AuditEvent&)>& visit) override;

 protected:
  // The engine's connection.
  [[nodiscard]] virtual Connection& connection() = 0;

  // Runs `work` through the connection's error translation (and reports unreadable stored JSON
  // as a damaged database); returns what `work` returns (a default-constructible value).
  template <typename Work>
  auto guarded(std::string_view doing, Work&& work) -> decltype(work()) {
    using Result = decltype(work());
    if constexpr (std::is_void_v<Result>) {
      run_guarded(doing, work);
    } else {
      Result out{};
      run_guarded(doing, [&] { out = work(); });
      return out;
    }
  }

  // A request as it is stored (with its id), with its approvals, comments and steps: what
  // `gdpr migrate` copies.
  void insert_request_as_is(const Request& request);

 private:
  void run_guarded(std::string_view doing, const std::function<void()>& work);
  void load_children(Request& request);
  std::vector<Step> read_steps(std::int64_t request_id);
};

}  // namespace gdpr::store
