// The workflow's storage operations, written once for both engines (docs/ARCHITECTURE.md,
// "Storage"), as ccache keeps its storage logic once over a few virtuals per backend: every
// statement is here in the canonical form of dialect.hpp, bound and read through the
// connection of store/connection.hpp. A store for an engine derives from it and adds only what
// is the engine's own: opening and creating the database, transactions, the secret, who runs a
// step, scrubbing the files, and (PostgreSQL) the server's roles.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "gdpr/store.hpp"
#include "gdpr/store/bucket_terms.hpp"
#include "gdpr/store/connection.hpp"

namespace gdpr::store {

class SqlStore : public Store {
 public:
  [[nodiscard]] std::optional<std::string> policy_text() override;
  void put_policy(std::string_view text) override;
  [[nodiscard]] std::optional<Contact> find_contact(std::string_view id) override;
  [[nodiscard]] std::vector<std::optional<Contact>> find_contacts(const std::vector<std::string>& ids) override;
  [[nodiscard]] std::vector<std::optional<std::string>> tombstones_of(const std::vector<std::string>& emails) override;
  [[nodiscard]] std::optional<std::string> find_erased_by_fingerprint(std::string_view fingerprint) override;
  void insert_contact(const Contact& contact) override;
  using Store::insert_contacts_if_absent;
  [[nodiscard]] std::vector<std::int64_t> insert_contacts_if_absent(
      const std::vector<Contact>& contacts, const std::vector<std::vector<std::string>>& terms) override;
  [[nodiscard]] bool has_fingerprints() override;
  void update_contact(const Contact& contact) override;
  [[nodiscard]] std::vector<std::string> contact_ids_with_prefix(std::string_view prefix, std::int64_t limit) override;
  void for_each_contact(const ContactFilter& filter, const std::function<void(const Contact&)>& visit) override;
  [[nodiscard]] std::vector<std::string> property_names(const ContactFilter& filter) override;
  [[nodiscard]] std::vector<std::int64_t> term_matches(const std::vector<std::string>& prefixes,
                                                       std::int64_t cap) override;
  [[nodiscard]] std::optional<Contact> find_contact_at(std::int64_t position) override;
  void defer_terms() override;
  void finish_terms() override;
  void discard_terms() noexcept override;
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

  // Writes the search terms of every contact that is not erased (after the migration that
  // created the index: the contacts stored before it).
  void index_all_contacts();

 private:
  void run_guarded(std::string_view doing, const std::function<void()>& work);
  void load_children(Request& request);
  std::optional<std::int64_t> run_insert(Statement& s);
  // Inserts `contact` unless its id exists (one statement, no lookup); the position it was
  // inserted at.
  std::optional<std::int64_t> insert_if_absent(const Contact& contact, const std::vector<std::string>* terms);
  std::vector<Step> read_steps(std::int64_t request_id);
  // Adds the contact at `position` (the insertion order) to the rows of `terms` (or to the
  // bucket collected in memory), takes it out of the rows of `gone`.
  void put_terms(std::int64_t position, const std::vector<std::string>& terms);
  void remove_terms(std::int64_t position, const std::vector<std::string>& gone);
  // Merges `offsets` into the row of `term` in `bucket`, or takes `offset` out of it.
  void add_members(std::int64_t bucket, const std::string& term, const std::vector<std::uint16_t>& offsets);
  void remove_member(std::int64_t bucket, const std::string& term, std::uint16_t offset);
  // The members of the row of `term` in `bucket`; nullopt where there is no such row.
  std::optional<std::vector<std::uint16_t>> read_members(std::int64_t bucket, const std::string& term);
  // Writes the bucket collected in memory.
  void flush_terms();
  // Writes the rows of the bucket collected in memory, in term order: as two arrays, merged into
  // the rows the bucket has (PostgreSQL), or into a bucket that has none yet, batch by batch.
  enum class BucketRows { none, some };
  void insert_bucket_as_arrays(const std::vector<BucketTerms::Row>& rows, BucketRows has);
  void insert_bucket_in_batches(const std::vector<BucketTerms::Row>& rows);

  bool deferring_terms_ = false;
  std::int64_t pending_bucket_ = -1;
  BucketTerms pending_terms_;
};

}  // namespace gdpr::store
