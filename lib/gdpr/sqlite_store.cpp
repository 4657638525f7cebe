#include "gdpr/sqlite_store.hpp"

#include <array>
#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_set>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/VariadicBind.h>
#include <fmt/format.h>

#include "gdpr/crypto.hpp"
#include "gdpr/error.hpp"
#include "gdpr/files.hpp"
#include "gdpr/json_text.hpp"
#include "gdpr/store/dialect.hpp"
#include "gdpr/store/migrations.hpp"
#include "gdpr/store/rows.hpp"
#include "gdpr/store/migrations_sql.hpp"
#include "gdpr/stored_form.hpp"
#include "gdpr/i18n.hpp"

namespace gdpr {

namespace {

namespace fs = std::filesystem;

// A connection is only ever used by the thread that opened it, so SQLite's per-call mutexes
// (6% of the instructions of a 100k-row CSV export) are not needed.
const int k_open_flags = SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX;

static_assert(sql::k_sqlite.size() == SqliteStore::k_schema_version,
              "a new migration in lib/gdpr/store/sql/sqlite/ raises SqliteStore::k_schema_version");

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(SQLite::Database& db, SQLite::TransactionBehavior behavior, std::string path, int busy_seconds)
      : tx_(db, behavior), path_(std::move(path)), busy_seconds_(busy_seconds) {}
  // A commit can fail too (a full disk, a lock): it gets the same clear message as every call.
  void commit() override;

 private:
  SQLite::Transaction tx_;
  std::string path_;
  int busy_seconds_;
};

// True when the file system holding `path` has no block left for an unprivileged writer.
bool disk_is_full(const std::string& path) {
  const std::filesystem::path p(path);
  const std::string dir = p.has_parent_path() ? p.parent_path().string() : std::string(".");
  struct statvfs st {};
  return ::statvfs(dir.c_str(), &st) == 0 && st.f_bavail == 0;
}

Error translate(const SQLite::Exception& e, const std::string& path, std::string_view doing, int busy_seconds) {
  const int code = e.getErrorCode() & 0xFF;
  // A full tmpfs shows up as an I/O error when the WAL index (-shm) cannot grow.
  if (code == SQLITE_FULL || (code == SQLITE_IOERR && disk_is_full(path))) {
    return Error(ErrorKind::config,
                 trf("the disk holding {} is full while {}; nothing was changed: free some space and run the "
                     "command again", path, doing));
  }
  switch (code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error(ErrorKind::config,
                   trf("database {} is locked by another process (waited {} s while {}); try again, or raise "
                               "busy_timeout_seconds",
                               path, busy_seconds, doing));
    case SQLITE_NOTADB:
      return Error(ErrorKind::config, trf("{} is not a gdpr database (not an SQLite file)", path));
    case SQLITE_CORRUPT:
      return Error(ErrorKind::config,
                   trf("database {} is damaged ({}); restore it from a backup", path, e.what()));
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      return Error(ErrorKind::config, trf("database {} cannot be written while {}: {} (check file and folder "
                                                  "permissions)",
                                                  path, doing, e.what()));
    case SQLITE_IOERR:
      return Error(ErrorKind::config, trf("I/O error on {} while {}: {}", path, doing, e.what()));
    case SQLITE_CONSTRAINT:
      return Error(ErrorKind::conflict, trf("the database refused the change while {}: {}", doing, e.what()));
    default:
      return Error(ErrorKind::internal, trf("SQLite error on {} while {}: {}", path, doing, e.what()));
  }
}

void SqliteTransaction::commit() {
  try {
    tx_.commit();
  } catch (const SQLite::Exception& e) {
    throw translate(e, path_, "committing", busy_seconds_);
  }
}

using store::k_contact_columns;
using store::k_request_columns;

// The current row of a statement, as store/rows.hpp reads it.
struct SqliteRow {
  SQLite::Statement& s;
  [[nodiscard]] std::string text(int i) const { return s.getColumn(i).getString(); }
  [[nodiscard]] std::int64_t integer(int i) const { return s.getColumn(i).getInt64(); }
  [[nodiscard]] bool boolean(int i) const { return s.getColumn(i).getInt() != 0; }
  [[nodiscard]] bool null(int i) const { return s.getColumn(i).isNull(); }
};

Contact read_contact(SQLite::Statement& s) { return store::read_contact(SqliteRow{s}); }
Request read_request(SQLite::Statement& s) { return store::read_request(SqliteRow{s}); }
AuditEvent read_event(SQLite::Statement& s) { return store::read_event(SqliteRow{s}); }

// A query of store/dialect.hpp, prepared with its parameters bound.
std::unique_ptr<SQLite::Statement> prepared(SQLite::Database& db, const store::Query& q) {
  auto s = std::make_unique<SQLite::Statement>(db, q.sql);
  for (std::size_t i = 0; i < q.params.size(); ++i) s->bind(static_cast<int>(i + 1), q.params[i]);
  return s;
}

void bind_optional_text(SQLite::Statement& s, int index, const std::optional<std::string>& v) {
  if (v) {
    s.bind(index, *v);
  } else {
    s.bind(index);
  }
}

}  // namespace

template <typename F>
auto SqliteStore::guard(std::string_view doing, F&& f) -> decltype(f()) {
  // A cached SELECT left mid-step would pin a read snapshot on this connection (stale reads,
  // and a WAL that cannot be truncated): every call leaves all cached statements reset.
  const struct ResetAll {
    std::map<std::string, std::unique_ptr<SQLite::Statement>>& statements;
    ~ResetAll() {
      for (auto& [sql, st] : statements) {
        try {
          st->reset();
        } catch (const SQLite::Exception&) {  // NOLINT(bugprone-empty-catch): reset reports the last step's error
        }
      }
    }
  } reset_all{statements_};
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    throw translate(e, path_, doing, busy_timeout_seconds_);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::config, trf("database {} holds unreadable data while {}: {}", path_, doing, e.what()));
  }
}

SqliteStore::SqliteStore(std::string path, std::unique_ptr<SQLite::Database> db)
    : path_(std::move(path)), db_(std::move(db)) {}

SqliteStore::~SqliteStore() {
  if (snapshot_dir_.empty()) return;
  statements_.clear();
  db_.reset();
  std::error_code ec;
  fs::remove_all(snapshot_dir_, ec);
}

void SqliteStore::configure(int busy_timeout_seconds) {
  busy_timeout_seconds_ = busy_timeout_seconds;
  guard("configuring the connection", [&] {
    db_->setBusyTimeout(busy_timeout_seconds * 1000);
    // Overwrite deleted content with zeros, so an erased value leaves no bytes in free pages.
    db_->exec("PRAGMA secure_delete = ON");
    db_->exec("PRAGMA foreign_keys = ON");
    db_->exec("PRAGMA temp_store = MEMORY");
    db_->exec("PRAGMA synchronous = FULL");
    // The -wal and -shm files stay when the last connection closes (the WAL cut to zero bytes),
    // so they are made once, next to a new database, and align_companion_files gives them its
    // group: SQLite creates them with the creator's primary group, and a team member whose
    // primary group differs could not open them. (Not there for :memory:, hence no check.)
    int persist = 1;
    (void)sqlite3_file_control(db_->getHandle(), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    db_->exec("PRAGMA journal_size_limit = 0");
  });
}

int SqliteStore::schema_version() {
  return guard("reading the schema version", [&] { return db_->execAndGet("PRAGMA user_version").getInt(); });
}

void SqliteStore::migrate() {
  guard("migrating the schema", [&] {
    // A migration that rebuilds a table drops the old one while other tables still refer to it;
    // SQLite's procedure for that: foreign keys off outside the transaction, checked before commit.
    db_->exec("PRAGMA foreign_keys = OFF");
    const struct KeysBackOn {
      SQLite::Database& db;
      ~KeysBackOn() {
        try {
          db.exec("PRAGMA foreign_keys = ON");
        } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw; the next open sets it again
        }
      }
    } keys_back_on{*db_};
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::EXCLUSIVE);
    const int from = db_->execAndGet("PRAGMA user_version").getInt();
    sql::migrate(sql::Dialect::sqlite, from, [&](const sql::Migration& m) { db_->exec(std::string(m.text)); });
    SQLite::Statement broken(*db_, "PRAGMA foreign_key_check");
    if (broken.executeStep()) {
      throw Error(ErrorKind::config, trf("database {} has a row in {} that refers to a missing row; the migration "
                                         "was rolled back: restore the database from a backup",
                                         path_, broken.getColumn(0).getString()));
    }
    if (from == 0) {
      SQLite::Statement ins(*db_, "INSERT INTO meta (key, value) VALUES ('application', 'gdpr'), ('secret', ?)");
      ins.bind(1, crypto::random_hex(32));
      ins.exec();
    }
    db_->exec(fmt::format("PRAGMA user_version = {}", k_schema_version));
    tx.commit();
  });
}

std::unique_ptr<SqliteStore> SqliteStore::init(const std::string& path, unsigned file_mode, int busy_timeout_seconds,
                                               InitOutcome& outcome) {
  std::error_code ec;
  // A path somebody else prepared (a file of another user, a symlink, a world-writable file, a
  // -wal of another user) is refused before SQLite opens anything (SPEC §9).
  const files::InitTarget target = files::check_init_target(path);
  const bool existed = target != files::InitTarget::absent;
  if (!existed) {
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty() && !fs::exists(parent, ec)) {
      fs::create_directories(parent, ec);
      if (ec) throw Error(ErrorKind::config, trf("cannot create folder {}: {}", parent.string(), ec.message()));
      ::chmod(parent.c_str(), 0700);
    }
  }
  if (target != files::InitTarget::own_file) {
    // A new file, or an empty one of this user (e.g. made by `install -m 0660 -g team /dev/null
    // PATH`): it gets file_mode exactly, whatever the umask.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (existed ? 0 : O_EXCL), file_mode);
    if (fd < 0) {
      throw Error(ErrorKind::config, trf("cannot create database {}: {}", path, errno_message(errno)));
    }
    ::fchmod(fd, file_mode);  // the umask must not narrow a team mode like 0660
    ::close(fd);
  }
  std::unique_ptr<SqliteStore> store;
  try {
    store.reset(new SqliteStore(path, std::make_unique<SQLite::Database>(path, k_open_flags)));
  } catch (const SQLite::Exception& e) {
    throw translate(e, path, "opening", busy_timeout_seconds);
  }
  store->configure(busy_timeout_seconds);
  const int version = store->schema_version();
  if (version > k_schema_version) {
    throw Error(ErrorKind::config, trf("database {} has schema version {}, newer than this gdpr ({}); "
                                               "use a newer gdpr",
                                               path, version, k_schema_version));
  }
  if (existed && version == 0 && fs::file_size(path, ec) > 0) {
    // An SQLite file that is not ours: do not write our schema into somebody else's data.
    const bool empty = store->guard("inspecting the file", [&] {
      return store->db_->execAndGet("SELECT count(*) FROM sqlite_schema").getInt() == 0;
    });
    if (!empty) throw Error(ErrorKind::config, trf("{} is an SQLite database of another program; refusing to "
                                                           "initialise it",
                                                           path));
  }
  store->guard("switching to WAL", [&] { store->db_->exec("PRAGMA journal_mode = WAL"); });
  outcome = version == 0 ? InitOutcome::created : version < k_schema_version ? InitOutcome::migrated : InitOutcome::existed;
  if (version < k_schema_version) store->migrate();
  files::align_companion_files(path);
  return store;
}

namespace {

// Whether the -wal file of `path` holds pages not yet in the database file (it stays, empty,
// after the last connection: SQLITE_FCNTL_PERSIST_WAL).
bool has_wal_content(const std::string& path) {
  struct stat st {};
  return ::stat((path + "-wal").c_str(), &st) == 0 && st.st_size > 0;
}

// An SQLite URI for `path` opened immutable: no locks, no -shm, nothing written next to it.
std::string immutable_uri(const std::string& path) {
  std::string uri = "file:";
  for (const char c : path) {
    if (c == '?' || c == '#' || c == '%') {
      uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      uri += c;
    }
  }
  return uri + "?immutable=1";
}

std::pair<std::int64_t, std::int64_t> size_and_mtime(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {-1, -1};
  return {static_cast<std::int64_t>(st.st_size),
          (static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000) + st.st_mtim.tv_nsec};
}

// Whether this user can use the -shm of `path` (write it, or create it in the folder).
bool can_write_shm(const std::string& path) {
  const std::string shm = path + "-shm";
  if (::access(shm.c_str(), F_OK) == 0) return ::access(shm.c_str(), R_OK | W_OK) == 0;
  const fs::path parent = fs::path(path).parent_path();
  const fs::path dir = parent.empty() ? fs::path(".") : parent;
  return ::access(dir.c_str(), W_OK | X_OK) == 0;
}

// A private copy of the database file `path` and its -wal: a new folder (mode 0700) under
// $TMPDIR or /tmp holding gdpr.db and gdpr.db-wal. Returns the folder.
std::string copy_to_private_folder(const std::string& path) {
  std::error_code ec;
  const fs::path tmp = fs::temp_directory_path(ec);  // $TMPDIR, else /tmp
  std::string templ = (ec ? fs::path("/tmp") : tmp).string() + "/gdpr-migrate-XXXXXX";
  if (::mkdtemp(templ.data()) == nullptr) {
    throw Error(ErrorKind::config, trf("cannot make a private folder to read {} from: {}: {}", path, templ,
                                       std::generic_category().message(errno)));
  }
  const fs::path dir = templ;
  if (!fs::copy_file(path, dir / "gdpr.db", ec) || !fs::copy_file(path + "-wal", dir / "gdpr.db-wal", ec)) {
    fs::remove_all(dir);
    throw Error(ErrorKind::config, trf("cannot copy {} and its -wal to {}: {}", path, dir.string(), ec.message()));
  }
  return dir.string();
}

}  // namespace

void SqliteStore::check_unchanged_since_open() {
  if (opened_ == Opened::shared) return;
  const bool wal_changed = opened_ == Opened::immutable ? has_wal_content(path_)
                                                        : size_and_mtime(path_ + "-wal") != opened_wal_;
  if (wal_changed || size_and_mtime(path_) != opened_file_) {
    throw Error(ErrorKind::conflict, trf("{} was written while it was being copied; nothing was kept: make sure "
                                         "nobody uses it, then run `gdpr migrate` again",
                                         path_));
  }
}

std::unique_ptr<SqliteStore> SqliteStore::in_memory() {
  std::unique_ptr<SqliteStore> store;
  try {
    store.reset(new SqliteStore(":memory:", std::make_unique<SQLite::Database>(
                                                ":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)));
  } catch (const SQLite::Exception& e) {
    throw translate(e, ":memory:", "opening", 5);
  }
  store->configure(5);
  store->migrate();
  return store;
}

std::unique_ptr<SqliteStore> SqliteStore::open_file(const std::string& path, Access access) {
  if (access == Access::read_only && !has_wal_content(path)) {
    // Everything is in the database file: read it immutable, without locks or -shm, so a user who
    // may only read the file and its folder can copy it (`gdpr migrate`);
    // check_unchanged_since_open() then catches a writer that came along meanwhile.
    const auto file = size_and_mtime(path);
    std::unique_ptr<SqliteStore> store(new SqliteStore(
        path, std::make_unique<SQLite::Database>(immutable_uri(path), SQLite::OPEN_READONLY | SQLite::OPEN_URI |
                                                                          SQLite::OPEN_NOMUTEX)));
    store->opened_ = Opened::immutable;
    store->opened_file_ = file;
    return store;
  }
  if (access == Access::read_only && !can_write_shm(path)) {
    // Pages in the -wal (a client was killed, or someone is working) and no -shm this user may
    // write: read a private copy of the file and its -wal, which SQLite recovers there.
    const auto file = size_and_mtime(path);
    const auto wal = size_and_mtime(path + "-wal");
    const std::string dir = copy_to_private_folder(path);
    std::unique_ptr<SqliteStore> store(new SqliteStore(path, nullptr));
    store->snapshot_dir_ = dir;  // removed with the store, whatever happens next
    store->opened_ = Opened::snapshot;
    store->opened_file_ = file;
    store->opened_wal_ = wal;
    store->db_ = std::make_unique<SQLite::Database>(dir + "/gdpr.db", k_open_flags);
    store->check_unchanged_since_open();  // a copy taken while someone wrote is no copy
    return store;
  }
  // Read-write even for reading: WAL readers need the -shm file. A write-protected file is opened
  // read-only by SQLite and any write then fails with a clear error.
  return std::unique_ptr<SqliteStore>(new SqliteStore(path, std::make_unique<SQLite::Database>(path, k_open_flags)));
}

namespace {

// Only the current schema is used: a newer one needs a newer gdpr, an older one `gdpr init`.
void check_schema_version(const std::string& path, int version) {
  if (version == 0) {
    throw Error(ErrorKind::config, trf("{} is not a gdpr database (no schema); run `gdpr init` with a new path", path));
  }
  if (version > SqliteStore::k_schema_version) {
    throw Error(ErrorKind::config, trf("database {} has schema version {}, newer than this gdpr ({}); "
                                               "use a newer gdpr",
                                               path, version, SqliteStore::k_schema_version));
  }
  if (version < SqliteStore::k_schema_version) {
    // Every command but init refuses: from version 4 on a database needs the policy that only
    // `gdpr init` stores, and a refused command must leave the file as it was.
    throw Error(ErrorKind::config, trf("database {} has the older schema version {}; run `gdpr init` to "
                                       "migrate it to version {} (it stores the policy of your configuration "
                                       "in the database)",
                                       path, version, SqliteStore::k_schema_version));
  }
}

}  // namespace

std::unique_ptr<SqliteStore> SqliteStore::open(const std::string& path, int busy_timeout_seconds, Access access) {
  std::error_code ec;
  // An unreadable file (or folder) is "permission denied" with the group to join, not "missing".
  if (!files::check_database_access(path)) {
    throw Error(ErrorKind::config,
                trf("database {} does not exist; run `gdpr init` to create it (or pass --db / set $GDPR_DB)", path));
  }
  if (fs::is_directory(path, ec)) throw Error(ErrorKind::config, trf("database {} is a directory", path));
  std::unique_ptr<SqliteStore> store;
  int version = 0;
  // A -wal or -shm that another member has just created still has that member's primary group
  // for a moment (align_companion_files): opening fails then, and is tried again for up to 2 s.
  for (int attempt = 0;; ++attempt) {
    try {
      try {
        store = open_file(path, access);
      } catch (const SQLite::Exception& e) {
        throw translate(e, path, "opening", busy_timeout_seconds);
      }
      store->configure(busy_timeout_seconds);
      version = store->schema_version();
      break;
    } catch (const Error&) {
      if (attempt >= 100 || !files::companion_files_of_others(path)) throw;
      store.reset();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  check_schema_version(path, version);
  const std::string app = store->guard("checking the file", [&] {
    return store->db_->execAndGet("SELECT coalesce((SELECT value FROM meta WHERE key = 'application'), '')").getString();
  });
  if (app != "gdpr") throw Error(ErrorKind::config, trf("{} is not a gdpr database", path));
  if (store->opened_ == Opened::shared) files::align_companion_files(path);
  return store;
}

SQLite::Statement& SqliteStore::prepare(const std::string& sql) {
  auto& slot = statements_[sql];
  if (!slot) {
    slot = std::make_unique<SQLite::Statement>(*db_, sql);
  } else {
    slot->reset();
    slot->clearBindings();
  }
  return *slot;
}

std::unique_ptr<Transaction> SqliteStore::begin_write() {
  return guard("starting a write", [&]() -> std::unique_ptr<Transaction> {
    return std::make_unique<SqliteTransaction>(*db_, SQLite::TransactionBehavior::IMMEDIATE, path_,
                                               busy_timeout_seconds_);
  });
}

std::unique_ptr<Transaction> SqliteStore::begin_read() {
  return guard("starting a read", [&]() -> std::unique_ptr<Transaction> {
    return std::make_unique<SqliteTransaction>(*db_, SQLite::TransactionBehavior::DEFERRED, path_,
                                               busy_timeout_seconds_);
  });
}

std::string SqliteStore::secret() {
  return guard("reading the secret", [&] {
    auto& s = prepare("SELECT value FROM meta WHERE key = 'secret'");
    if (!s.executeStep()) throw Error(ErrorKind::config, trf("database {} has no secret; it is damaged", path_));
    return s.getColumn(0).getString();
  });
}

std::string SqliteStore::email_fingerprint(std::string_view normalized_email) {
  return crypto::hmac_sha256_hex(secret(), normalized_email);
}

std::optional<std::string> SqliteStore::policy_text() {
  return guard("reading the policy", [&]() -> std::optional<std::string> {
    auto& s = prepare("SELECT value FROM meta WHERE key = 'policy'");
    if (!s.executeStep()) return std::nullopt;
    return s.getColumn(0).getString();
  });
}

void SqliteStore::put_policy(std::string_view text) {
  guard("storing the policy", [&] {
    auto& s = prepare("INSERT INTO meta (key, value) VALUES ('policy', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    s.bind(1, std::string(text));
    s.exec();
  });
}

std::optional<Contact> SqliteStore::find_contact(std::string_view id) {
  return guard("reading a contact", [&]() -> std::optional<Contact> {
    auto& s = prepare(fmt::format("SELECT {} FROM contacts WHERE id = ?", k_contact_columns));
    s.bind(1, std::string(id));
    if (!s.executeStep()) return std::nullopt;
    return read_contact(s);
  });
}

std::optional<std::string> SqliteStore::find_erased_by_fingerprint(std::string_view fingerprint) {
  return guard("looking up tombstones", [&]() -> std::optional<std::string> {
    auto& s = prepare("SELECT id FROM contacts WHERE email_fingerprint = ? AND status = 'erased' LIMIT 1");
    s.bind(1, std::string(fingerprint));
    if (!s.executeStep()) return std::nullopt;
    return s.getColumn(0).getString();
  });
}

void SqliteStore::insert_contact(const Contact& c) {
  guard("adding a contact", [&] {
    auto& s = prepare(fmt::format("INSERT INTO contacts ({}) VALUES (?, ?, ?, ?, ?, ?, ?)", k_contact_columns));
    s.bind(1, c.id);
    s.bind(2, std::string(to_string(c.status)));
    s.bind(3, c.block_newsletter ? 1 : 0);
    s.bind(4, c.block_all_mail ? 1 : 0);
    s.bind(5, stored::properties_to_text(c.properties));
    if (c.erased_by_request) s.bind(6, *c.erased_by_request);
    bind_optional_text(s, 7, c.email_fingerprint.empty() ? std::nullopt : std::optional(c.email_fingerprint));
    s.exec();
  });
}

bool SqliteStore::insert_contact_if_absent(const Contact& c) {
  // Called once per row of an import: the statement text is built once, and the id and the
  // properties text are bound without a copy (they outlive exec()).
  static const std::string sql = fmt::format(
      "INSERT INTO contacts ({}) VALUES (?, ?, ?, ?, ?, NULL, NULL) ON CONFLICT (id) DO NOTHING", k_contact_columns);
  return guard("adding a contact", [&] {
    auto& s = prepare(sql);
    const std::string properties = stored::properties_to_text(c.properties);
    s.bindNoCopy(1, c.id);
    s.bind(2, std::string(to_string(c.status)));
    s.bind(3, c.block_newsletter ? 1 : 0);
    s.bind(4, c.block_all_mail ? 1 : 0);
    s.bindNoCopy(5, properties);
    const bool inserted = s.exec() == 1;
    s.clearBindings();  // no pointer into `properties` outlives it (prepare() clears them on reuse too)
    return inserted;
  });
}

bool SqliteStore::has_fingerprints() {
  return guard("looking up tombstones", [&] {
    auto& s = prepare("SELECT EXISTS (SELECT 1 FROM contacts WHERE email_fingerprint IS NOT NULL)");
    s.executeStep();
    return s.getColumn(0).getInt() != 0;
  });
}

void SqliteStore::update_contact(const Contact& c) {
  guard("updating a contact", [&] {
    auto& s = prepare(
        "UPDATE contacts SET status = ?, block_newsletter = ?, block_all_mail = ?, properties = ?, "
        "erased_by_request = ?, email_fingerprint = ? WHERE id = ?");
    s.bind(1, std::string(to_string(c.status)));
    s.bind(2, c.block_newsletter ? 1 : 0);
    s.bind(3, c.block_all_mail ? 1 : 0);
    s.bind(4, stored::properties_to_text(c.properties));
    if (c.erased_by_request) s.bind(5, *c.erased_by_request);
    bind_optional_text(s, 6, c.email_fingerprint.empty() ? std::nullopt : std::optional(c.email_fingerprint));
    s.bind(7, c.id);
    if (s.exec() != 1) throw Error(ErrorKind::not_found, trf("contact '{}' not found", c.id));
  });
}

std::vector<std::string> SqliteStore::contact_ids_with_prefix(std::string_view prefix, std::int64_t limit) {
  return guard("completing contact ids", [&] {
    // A range on the primary key (char(1114111) is the largest code point), not a scan.
    auto& s = prepare(
        "SELECT id FROM contacts WHERE id >= ?1 AND id < ?1 || char(1114111) AND status <> 'erased' "
        "ORDER BY id LIMIT ?2");
    s.bind(1, std::string(prefix));
    s.bind(2, limit);
    std::vector<std::string> out;
    while (s.executeStep()) out.push_back(s.getColumn(0).getString());
    return out;
  });
}

void SqliteStore::for_each_contact(const ContactFilter& f, const std::function<void(const Contact&)>& visit) {
  guard("listing contacts", [&] {
    const auto s = prepared(*db_, store::contacts_query(f, store::k_sqlite, k_contact_columns));
    while (s->executeStep()) visit(read_contact(*s));
  });
}

std::vector<std::string> SqliteStore::property_names(const ContactFilter& f) {
  return guard("listing property names", [&] {
    const auto statement = prepared(*db_, store::contacts_query(f, store::k_sqlite, "properties"));
    SQLite::Statement& s = *statement;
    std::vector<std::string> names;
    std::unordered_set<std::string> known;
    auto add = [&](const std::string& n) {
      if (!known.contains(n)) {
        known.insert(n);
        names.push_back(n);
      }
    };
    // Only the properties column, decoded into two reused buffers: no Contact, no allocation per row.
    std::string name;
    std::string value;
    while (s.executeStep()) {
      const SQLite::Column column = s.getColumn(0);
      const std::string_view text(column.getText(), static_cast<std::size_t>(column.getBytes()));
      if (!stored::visit_properties_fast(text, name, value, [&](const std::string& n, const std::string& /*v*/) { add(n); })) {
        for (const auto& p : stored::properties_from_text(std::string(text))) add(p.first);
      }
    }
    return names;
  });
}

std::int64_t SqliteStore::insert_request(const Request& r) {
  return guard("filing a request", [&] {
    auto& s = prepare(
        "INSERT INTO requests (contact_id, state, reason, requested_by, requested_at, received_on, due_on, channel, "
        "assignee) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, r.contact_id);
    s.bind(2, std::string(to_string(r.state)));
    s.bind(3, r.reason);
    s.bind(4, r.requested_by);
    s.bind(5, r.requested_at);
    s.bind(6, format_date(r.received_on));
    s.bind(7, format_date(r.due_on));
    s.bind(8, r.channel);
    s.bind(9, r.assignee);
    s.exec();
    const std::int64_t id = db_->getLastInsertRowid();
    for (const auto& step : r.steps) put_step(id, step);
    return id;
  });
}

void SqliteStore::load_children(Request& r) {
  auto& a = prepare("SELECT approver, at, comment FROM approvals WHERE request_id = ? ORDER BY at, approver");
  a.bind(1, r.id);
  while (a.executeStep()) r.approvals.push_back({a.getColumn(0).getString(), a.getColumn(1).getString(), a.getColumn(2).getString()});
  auto& c = prepare("SELECT author, at, text FROM comments WHERE request_id = ? ORDER BY id");
  c.bind(1, r.id);
  while (c.executeStep()) r.comments.push_back({c.getColumn(0).getString(), c.getColumn(1).getString(), c.getColumn(2).getString()});
  r.steps = read_steps(r.id);
}

std::vector<Step> SqliteStore::read_steps(std::int64_t request_id) {
  auto& s = prepare(
      "SELECT system, action, state, attempts, updated_at, runner_pid FROM steps WHERE request_id = ? "
      "ORDER BY CASE action WHEN 'hold' THEN 0 WHEN 'erase' THEN 1 ELSE 2 END, position");
  s.bind(1, request_id);
  std::vector<Step> out;
  while (s.executeStep()) {
    Step step;
    step.system = s.getColumn(0).getString();
    step.action = parse_step_action(s.getColumn(1).getString(), "stored step action");
    step.state = parse_step_state(s.getColumn(2).getString(), "stored step state");
    step.attempts = s.getColumn(3).getInt();
    step.updated_at = s.getColumn(4).getString();
    step.runner_pid = s.getColumn(5).getInt64();
    out.push_back(std::move(step));
  }
  s.reset();
  return out;
}

std::vector<Step> SqliteStore::steps_of(std::int64_t request_id) {
  return guard("reading the steps of a request", [&] { return read_steps(request_id); });
}

std::optional<Request> SqliteStore::find_request(std::int64_t id) {
  return guard("reading a request", [&]() -> std::optional<Request> {
    auto& s = prepare(fmt::format("SELECT {} FROM requests WHERE id = ?", k_request_columns));
    s.bind(1, id);
    if (!s.executeStep()) return std::nullopt;
    Request r = read_request(s);
    load_children(r);
    return r;
  });
}

std::optional<std::int64_t> SqliteStore::open_request_for(std::string_view contact_id) {
  return guard("looking up open requests", [&]() -> std::optional<std::int64_t> {
    auto& s = prepare("SELECT id FROM requests WHERE contact_id = ? AND state IN ('pending', 'approved')");
    s.bind(1, std::string(contact_id));
    if (!s.executeStep()) return std::nullopt;
    return s.getColumn(0).getInt64();
  });
}

void SqliteStore::update_request(const Request& r) {
  guard("updating a request", [&] {
    auto& s = prepare(
        "UPDATE requests SET state = ?, assignee = ?, due_on = ?, extended = ?, decided_by = ?, decided_at = ?, "
        "decision_reason = ?, erased_at = ? WHERE id = ?");
    s.bind(1, std::string(to_string(r.state)));
    s.bind(2, r.assignee);
    s.bind(3, format_date(r.due_on));
    s.bind(4, r.extended ? 1 : 0);
    s.bind(5, r.decided_by);
    s.bind(6, r.decided_at);
    s.bind(7, r.decision_reason);
    s.bind(8, r.erased_at);
    s.bind(9, r.id);
    if (s.exec() != 1) throw Error(ErrorKind::not_found, trf("request {} not found", r.id));
  });
}

void SqliteStore::add_approval(std::int64_t request_id, const Approval& a) {
  guard("recording an approval", [&] {
    auto& s = prepare("INSERT INTO approvals (request_id, approver, at, comment) VALUES (?, ?, ?, ?)");
    SQLite::bind(s, request_id, a.by, a.at, a.comment);
    s.exec();
  });
}

void SqliteStore::add_comment(std::int64_t request_id, const Comment& c) {
  guard("recording a comment", [&] {
    auto& s = prepare("INSERT INTO comments (request_id, author, at, text) VALUES (?, ?, ?, ?)");
    SQLite::bind(s, request_id, c.by, c.at, c.text);
    s.exec();
  });
}

void SqliteStore::put_step(std::int64_t request_id, const Step& step) {
  guard("recording a step", [&] {
    auto& s = prepare(
        "INSERT INTO steps (request_id, system, action, position, state, attempts, updated_at, runner_pid) "
        "VALUES (?1, ?2, ?3, (SELECT count(*) FROM steps WHERE request_id = ?1 AND action = ?3), ?4, ?5, ?6, ?7) "
        "ON CONFLICT (request_id, system, action) DO UPDATE SET state = excluded.state, "
        "attempts = excluded.attempts, updated_at = excluded.updated_at, runner_pid = excluded.runner_pid");
    s.bind(1, request_id);
    s.bind(2, step.system);
    s.bind(3, std::string(to_string(step.action)));
    s.bind(4, std::string(to_string(step.state)));
    s.bind(5, step.attempts);
    s.bind(6, step.updated_at);
    s.bind(7, step.runner_pid);
    s.exec();
  });
}

std::vector<Request> SqliteStore::list_requests(const RequestFilter& f) {
  return guard("listing requests", [&] {
    std::string sql = fmt::format("SELECT {} FROM requests WHERE 1", k_request_columns);
    if (f.open_only) sql += " AND state IN ('pending', 'approved')";
    if (f.state) sql += " AND state = :state";
    if (f.assignee) sql += " AND assignee = :assignee";
    if (f.due_before) sql += " AND due_on < :due_before";
    if (f.contact_id) sql += " AND contact_id = :contact";
    sql += " ORDER BY due_on, id";
    SQLite::Statement s(*db_, sql);
    if (f.state) s.bind(":state", std::string(to_string(*f.state)));
    if (f.assignee) s.bind(":assignee", *f.assignee);
    if (f.due_before) s.bind(":due_before", format_date(*f.due_before));
    if (f.contact_id) s.bind(":contact", *f.contact_id);
    std::vector<Request> out;
    while (s.executeStep()) out.push_back(read_request(s));
    for (auto& r : out) load_children(r);
    return out;
  });
}

void SqliteStore::blank_out_texts(std::string_view contact_id,
                                  const std::function<std::string(const std::string&)>& scrub) {
  guard("blanking out free texts", [&] {
    // Rows are collected first and rewritten after: no statement steps over a table it changes.
    struct Text {
      std::string table;
      std::int64_t id;
      std::string key;  // approver (approvals) or column name (requests)
      std::string value;
    };
    std::vector<Text> texts;
    SQLite::Statement r(*db_, "SELECT id, reason, decision_reason FROM requests WHERE contact_id = ?");
    r.bind(1, std::string(contact_id));
    while (r.executeStep()) {
      texts.push_back({"requests", r.getColumn(0).getInt64(), "reason", r.getColumn(1).getString()});
      texts.push_back({"requests", r.getColumn(0).getInt64(), "decision_reason", r.getColumn(2).getString()});
    }
    SQLite::Statement c(*db_, "SELECT c.id, c.text FROM comments c JOIN requests q ON q.id = c.request_id WHERE q.contact_id = ?");
    c.bind(1, std::string(contact_id));
    while (c.executeStep()) texts.push_back({"comments", c.getColumn(0).getInt64(), "", c.getColumn(1).getString()});
    SQLite::Statement a(*db_, "SELECT a.request_id, a.approver, a.comment FROM approvals a JOIN requests q ON q.id = a.request_id WHERE q.contact_id = ?");
    a.bind(1, std::string(contact_id));
    while (a.executeStep()) {
      texts.push_back({"approvals", a.getColumn(0).getInt64(), a.getColumn(1).getString(), a.getColumn(2).getString()});
    }
    for (const auto& t : texts) {
      const std::string scrubbed = scrub(t.value);
      if (scrubbed == t.value) continue;
      if (t.table == "requests") {
        // The column name comes from the two literals above, never from data.
        SQLite::Statement u(*db_, fmt::format("UPDATE requests SET {} = ? WHERE id = ?", t.key));
        SQLite::bind(u, scrubbed, t.id);
        u.exec();
      } else if (t.table == "comments") {
        SQLite::Statement u(*db_, "UPDATE comments SET text = ? WHERE id = ?");
        SQLite::bind(u, scrubbed, t.id);
        u.exec();
      } else {
        SQLite::Statement u(*db_, "UPDATE approvals SET comment = ? WHERE request_id = ? AND approver = ?");
        SQLite::bind(u, scrubbed, t.id, t.key);
        u.exec();
      }
    }
  });
}

std::vector<std::int64_t> SqliteStore::requests_with_unfinished_steps() {
  return guard("looking for unfinished steps", [&] {
    auto& s = prepare("SELECT DISTINCT request_id FROM steps WHERE state <> 'done' ORDER BY request_id");
    std::vector<std::int64_t> out;
    while (s.executeStep()) out.push_back(s.getColumn(0).getInt64());
    return out;
  });
}

std::optional<AuditEvent> SqliteStore::audit_head() {
  return guard("reading the audit head", [&]() -> std::optional<AuditEvent> {
    auto& s = prepare(
        "SELECT seq, at, actor, action, request_id, contact_id, details, prev_hash, hash FROM audit "
        "ORDER BY seq DESC LIMIT 1");
    if (!s.executeStep()) return std::nullopt;
    return read_event(s);
  });
}

void SqliteStore::append_audit(const AuditEvent& e) {
  guard("appending to the audit trail", [&] {
    auto& s = prepare(
        "INSERT INTO audit (seq, at, actor, action, request_id, contact_id, details, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, e.seq);
    s.bind(2, e.at);
    s.bind(3, e.actor);
    s.bind(4, e.action);
    if (e.request_id) s.bind(5, *e.request_id);
    bind_optional_text(s, 6, e.contact_id);
    s.bind(7, e.details_text.empty() ? e.details.dump() : e.details_text);
    s.bind(8, e.prev_hash);
    s.bind(9, e.hash);
    s.exec();
  });
}

void SqliteStore::for_each_audit(const AuditFilter& f, const std::function<void(const AuditEvent&)>& visit) {
  guard("reading the audit trail", [&] {
    const auto s = prepared(*db_, store::audit_query(f, store::k_sqlite));
    while (s->executeStep()) visit(read_event(*s));
  });
}

std::int64_t SqliteStore::runner_id() { return ::getpid(); }

bool SqliteStore::runner_alive(std::int64_t runner) {
  // One machine: the process itself (EPERM: it exists, under another user).
  if (runner <= 0) return false;
  return ::kill(static_cast<pid_t>(runner), 0) == 0 || errno == EPERM;
}

std::vector<std::string> SqliteStore::audit_protection_warnings() {
  return guard("checking the audit table's triggers", [&] {
    std::vector<std::string> warnings;
    SQLite::Statement s(*db_, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit' AND "
                              "name = ?");
    for (const char* name : {"audit_no_update", "audit_no_delete"}) {
      s.bind(1, name);
      s.executeStep();
      if (s.getColumn(0).getInt() == 0) {
        warnings.push_back(trf("the trigger {} of the audit table is missing (dropped outside gdpr): the table no "
                               "longer refuses changes; the chain shows changed events, but not removed newest "
                               "ones (compare the head with one recorded earlier)",
                               name));
      }
      s.reset();
    }
    return warnings;
  });
}

bool SqliteStore::scrub() {
  return guard("scrubbing the write-ahead log", [&] {
    // Copy every page into the main file (where secure_delete zeroed the deleted cells) and cut
    // the WAL to zero bytes, so no earlier page image with erased values survives in it.
    SQLite::Statement s(*db_, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (!s.executeStep()) return false;
    return s.getColumn(0).getInt() == 0;
  });
}

std::string SqliteStore::scrub_note() const {
  return tr("another process kept the write-ahead log open, so erased bytes may still be in the -wal file; "
            "run `gdpr retry --all` when it is idle");
}

}  // namespace gdpr
