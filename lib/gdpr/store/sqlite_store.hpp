// The embedded SQLite store: one database file in WAL mode with secure_delete on, schema version
// in PRAGMA user_version, forward-only migrations (store/sql/sqlite/), and the file's safety
// (modes, companion files, read-only copies for `gdpr migrate`). The workflow's statements are
// store/sql_store.cpp's; this file is SQLite's connection under them: prepared statements
// reused, SQLite errors turned into gdpr::Error with the database path at this edge.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "gdpr/crypto.hpp"
#include "gdpr/store/sql_store.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace gdpr {

// Whether a command may change the database (and so migrate an older schema).
enum class Access { read_only, read_write };

// The SQLite implementation of Store.
class SqliteStore final : public store::SqlStore {
 public:
  // The schema version this build writes.
  static constexpr int k_schema_version = 8;

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
  [[nodiscard]] std::vector<std::string> audit_protection_warnings() override;
  [[nodiscard]] std::int64_t runner_id() override;
  [[nodiscard]] bool runner_alive(std::int64_t runner) override;
  bool scrub() override;
  [[nodiscard]] std::string scrub_note() const override;
  [[nodiscard]] std::string location() const override { return path_; }
  void check_unchanged_since_open() override;

  // The schema version stored in the file.
  [[nodiscard]] int schema_version();

 protected:
  [[nodiscard]] store::Connection& connection() override;

 private:
  SqliteStore(std::string path, std::unique_ptr<SQLite::Database> db);
  // One attempt to open the file for `access`: shared, immutable, or a private snapshot (open()).
  static std::unique_ptr<SqliteStore> open_file(const std::string& path, Access access);
  void configure(int busy_timeout_seconds);
  void migrate();

  // The connection the workflow's statements run on (defined in sqlite_store.cpp).
  class Conn;
  [[nodiscard]] SQLite::Database& db();

  std::string path_;
  std::unique_ptr<Conn> conn_;
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
  int busy_timeout_seconds_ = 5;
  // The fingerprints' HMAC under the secret, made at the first fingerprint: the secret is written
  // when the file is created and never changes.
  std::optional<crypto::HmacSha256> fingerprint_mac_;
};

}  // namespace gdpr
