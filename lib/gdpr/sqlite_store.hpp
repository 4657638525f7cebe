// The embedded SQLite store: one database file in WAL mode with
// secure_delete on, schema version in PRAGMA user_version, forward-only
// migrations, prepared statements reused, and SQLite errors turned into
// gdpr::Error with the database path at this edge.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "gdpr/store.hpp"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace gdpr {

// Whether a command may change the database (and so migrate an older schema).
enum class Access { read_only, read_write };

// The SQLite implementation of Store.
class SqliteStore final : public Store {
 public:
  // The schema version this build writes.
  static constexpr int k_schema_version = 4;

  // Creates the database at `path` with `file_mode` (or migrates an existing one).
  static std::unique_ptr<SqliteStore> init(const std::string& path, unsigned file_mode, int busy_timeout_seconds,
                                           InitOutcome& outcome);
  // Opens an existing database; Error(config) if missing, newer, or (read-only) older.
  static std::unique_ptr<SqliteStore> open(const std::string& path, int busy_timeout_seconds, Access access);
  // A database of the current schema in memory (":memory:"), gone with the store: for unit tests
  // of the workflow that need no file (no modes, no companion files, nothing left to scrub).
  static std::unique_ptr<SqliteStore> in_memory();

  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  [[nodiscard]] std::unique_ptr<Transaction> begin_write() override;
  [[nodiscard]] std::unique_ptr<Transaction> begin_read() override;
  [[nodiscard]] std::string secret() override;
  [[nodiscard]] std::string email_fingerprint(std::string_view normalized_email) override;
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
  [[nodiscard]] std::vector<std::string> audit_protection_warnings() override;
  [[nodiscard]] std::int64_t runner_id() override;
  [[nodiscard]] bool runner_alive(std::int64_t runner) override;
  bool scrub() override;
  [[nodiscard]] std::string scrub_note() const override;
  [[nodiscard]] std::string location() const override { return path_; }
  void check_unchanged_since_open() override;

  // The schema version stored in the file.
  [[nodiscard]] int schema_version();

 private:
  SqliteStore(std::string path, std::unique_ptr<SQLite::Database> db);
  // One attempt to open the file for `access`: shared, immutable, or a private snapshot (open()).
  static std::unique_ptr<SqliteStore> open_file(const std::string& path, Access access);
  void configure(int busy_timeout_seconds);
  void migrate();
  SQLite::Statement& prepare(const std::string& sql);
  void load_children(Request& request);
  std::vector<Step> read_steps(std::int64_t request_id);
  template <typename F>
  auto guard(std::string_view doing, F&& f) -> decltype(f());

  std::string path_;
  std::unique_ptr<SQLite::Database> db_;
  // How an Access::read_only open read the file: shared (as every command, with the -shm),
  // immutable (no WAL content: the file alone, no lock, nothing written next to it) or from a
  // private snapshot (WAL content, but the -shm cannot be written: a copy of the file and its
  // -wal in a folder of our own). Immutable and snapshot reads compare the files at the end with
  // how they were when opened (check_unchanged_since_open).
  enum class Opened { shared, immutable, snapshot };
  Opened opened_ = Opened::shared;
  std::pair<std::int64_t, std::int64_t> opened_file_;  // size, mtime in ns
  std::pair<std::int64_t, std::int64_t> opened_wal_;
  std::string snapshot_dir_;
  std::map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
  int busy_timeout_seconds_ = 5;
};

}  // namespace gdpr
