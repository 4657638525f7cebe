#include "gdpr/store/sqlite_store.hpp"

#include <array>
#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include "gdpr/crypto.hpp"
#include "gdpr/error.hpp"
#include "gdpr/files.hpp"
#include "gdpr/store/dialect.hpp"
#include "gdpr/store/migrations.hpp"
#include "gdpr/store/migrations_sql.hpp"
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

Error translate(const SQLite::Exception& e, const std::string& path, std::string_view doing_text, int busy_seconds) {
  // What was being done, in the message language (the callers' texts are marked with tr_noop).
  const std::string doing = tr(std::string(doing_text).c_str());
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

// A statement of the connection; also the row it stands on.
class SqliteStatement final : public store::Statement {
 public:
  SqliteStatement(SQLite::Database& db, const std::string& sql) : s_(db, sql) {}
  [[nodiscard]] std::string text(int i) const override { return s_.getColumn(i).getString(); }
  [[nodiscard]] std::string_view view(int i) const override {
    const SQLite::Column column = s_.getColumn(i);
    const char* text = column.getText();  // before getBytes(): the bytes of the text form
    return {text, static_cast<std::size_t>(column.getBytes())};
  }
  [[nodiscard]] std::int64_t integer(int i) const override { return s_.getColumn(i).getInt64(); }
  [[nodiscard]] bool boolean(int i) const override { return s_.getColumn(i).getInt() != 0; }
  [[nodiscard]] bool null(int i) const override { return s_.getColumn(i).isNull(); }
  void bind_text(int i, std::string_view value) override { s_.bind(i, std::string(value)); }
  void bind_text_unowned(int i, const std::string& value) override { s_.bindNoCopy(i, value); }
  void bind_int(int i, std::int64_t value) override { s_.bind(i, value); }
  void bind_bool(int i, bool value) override { s_.bind(i, value ? 1 : 0); }
  void bind_null(int i) override { s_.bind(i); }
  // Reset when the run is over, so that its parameters can be bound again (or released): an
  // INSERT ... RETURNING that added nothing ends at its first step.
  [[nodiscard]] bool step() override {
    if (s_.executeStep()) return true;
    (void)s_.tryReset();
    return false;
  }
  // Reset after the run, so that its parameters can be bound again (or released).
  std::int64_t exec() override {
    const int changed = s_.exec();
    (void)s_.tryReset();
    return changed;
  }
  // Ready to run again, with no parameters bound.
  void rewind() {
    s_.reset();
    s_.clearBindings();
  }
  // Ends a run without clearing its parameters; never throws (it reports the last step's error).
  void end() noexcept { (void)s_.tryReset(); }

 private:
  mutable SQLite::Statement s_;
};

}  // namespace

// The connection: the file, its cache of prepared statements, SQLite's errors in our words.
class SqliteStore::Conn final : public store::Connection {
 public:
  Conn(std::string path, std::unique_ptr<SQLite::Database> db) : path_(std::move(path)), db_(std::move(db)) {}
  ~Conn() override { statements_.clear(); }  // before the database they belong to
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  Conn(Conn&&) = delete;
  Conn& operator=(Conn&&) = delete;

  [[nodiscard]] SQLite::Database& db() { return *db_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] int busy_seconds() const { return busy_seconds_; }
  void set_busy_seconds(int seconds) { busy_seconds_ = seconds; }

  store::Statement& prepare(const std::string& sql) override {
    auto& slot = statements_[sql];
    if (!slot) {
      slot = std::make_unique<SqliteStatement>(db(), store::render(sql, store::k_sqlite));
    } else {
      slot->rewind();
    }
    return *slot;
  }

  [[nodiscard]] std::optional<std::int64_t> last_insert_position() override { return db().getLastInsertRowid(); }

  void for_each_row(const store::Query& query, const std::function<void(const store::Row&)>& visit) override {
    SqliteStatement s(db(), store::render(query.sql, store::k_sqlite));
    for (std::size_t i = 0; i < query.params.size(); ++i) s.bind_text(static_cast<int>(i + 1), query.params[i]);
    while (s.step()) visit(s);
  }

  void guard(std::string_view doing, const std::function<void()>& work) override {
    // A cached SELECT left mid-step would pin a read snapshot on this connection (stale reads,
    // and a WAL that cannot be truncated): every call leaves all cached statements reset.
    const struct EndAll {
      std::unordered_map<std::string, std::unique_ptr<SqliteStatement>>& statements;
      ~EndAll() {
        for (auto& [sql, statement] : statements) statement->end();
      }
    } end_all{statements_};
    try {
      work();
    } catch (const SQLite::Exception& e) {
      throw translate(e, path_, doing, busy_seconds_);
    }
  }

  [[nodiscard]] const store::Dialect& dialect() const override { return store::k_sqlite; }

 private:
  std::string path_;
  std::unique_ptr<SQLite::Database> db_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> statements_;
  int busy_seconds_ = 5;
};

store::Connection& SqliteStore::connection() { return *conn_; }

SQLite::Database& SqliteStore::db() { return conn_->db(); }

SqliteStore::SqliteStore(std::string path, std::unique_ptr<SQLite::Database> db) : path_(std::move(path)) {
  if (db) conn_ = std::make_unique<Conn>(path_, std::move(db));
}

SqliteStore::~SqliteStore() {
  if (snapshot_dir_.empty()) return;
  conn_.reset();
  std::error_code ec;
  fs::remove_all(snapshot_dir_, ec);
}

void SqliteStore::configure(int busy_timeout_seconds) {
  busy_timeout_seconds_ = busy_timeout_seconds;
  conn_->set_busy_seconds(busy_timeout_seconds);
  guarded(tr_noop("configuring the connection"), [&] {
    db().setBusyTimeout(busy_timeout_seconds * 1000);
    // Overwrite deleted content with zeros, so an erased value leaves no bytes in free pages.
    db().exec("PRAGMA secure_delete = ON");
    db().exec("PRAGMA foreign_keys = ON");
    db().exec("PRAGMA temp_store = MEMORY");
    db().exec("PRAGMA synchronous = FULL");
    // The -wal and -shm files stay when the last connection closes (the WAL cut to zero bytes),
    // so they are made once, next to a new database, and align_companion_files gives them its
    // group: SQLite creates them with the creator's primary group, and a team member whose
    // primary group differs could not open them. (Not there for :memory:, hence no check.)
    int persist = 1;
    (void)sqlite3_file_control(db().getHandle(), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    db().exec("PRAGMA journal_size_limit = 0");
  });
}

int SqliteStore::schema_version() {
  return guarded(tr_noop("reading the schema version"), [&] { return db().execAndGet("PRAGMA user_version").getInt(); });
}

void SqliteStore::migrate() {
  guarded(tr_noop("migrating the schema"), [&] {
    // A migration that rebuilds a table drops the old one while other tables still refer to it;
    // SQLite's procedure for that: foreign keys off outside the transaction, checked before commit.
    db().exec("PRAGMA foreign_keys = OFF");
    const struct KeysBackOn {
      SQLite::Database& db;
      ~KeysBackOn() {
        try {
          db.exec("PRAGMA foreign_keys = ON");
        } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw; the next open sets it again
        }
      }
    } keys_back_on{db()};
    SQLite::Transaction tx(db(), SQLite::TransactionBehavior::EXCLUSIVE);
    const int from = db().execAndGet("PRAGMA user_version").getInt();
    sql::migrate(sql::Dialect::sqlite, from, [&](const sql::Migration& m) { db().exec(std::string(m.text)); });
    SQLite::Statement broken(db(), "PRAGMA foreign_key_check");
    if (broken.executeStep()) {
      throw Error(ErrorKind::config, trf("database {} has a row in {} that refers to a missing row; the migration "
                                         "was rolled back: restore the database from a backup",
                                         path_, broken.getColumn(0).getString()));
    }
    if (from == 0) {
      SQLite::Statement ins(db(), "INSERT INTO meta (key, value) VALUES ('application', 'gdpr'), ('secret', ?)");
      ins.bind(1, crypto::random_hex(32));
      ins.exec();
    }
    // Schema 6 made the search index; the contacts stored before it get their terms now.
    if (from > 0 && from < 6) index_all_contacts();
    db().exec(fmt::format("PRAGMA user_version = {}", k_schema_version));
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
    const bool empty = store->guarded(tr_noop("inspecting the file"), [&] {
      return store->db().execAndGet("SELECT count(*) FROM sqlite_schema").getInt() == 0;
    });
    if (!empty) throw Error(ErrorKind::config, trf("{} is an SQLite database of another program; refusing to "
                                                           "initialise it",
                                                           path));
  }
  store->guarded(tr_noop("switching to WAL"), [&] { store->db().exec("PRAGMA journal_mode = WAL"); });
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
    store->conn_ = std::make_unique<Conn>(path, std::make_unique<SQLite::Database>(dir + "/gdpr.db", k_open_flags));
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
  const std::string app = store->guarded(tr_noop("checking the file"), [&] {
    return store->db().execAndGet("SELECT coalesce((SELECT value FROM meta WHERE key = 'application'), '')").getString();
  });
  if (app != "gdpr") throw Error(ErrorKind::config, trf("{} is not a gdpr database", path));
  if (store->opened_ == Opened::shared) files::align_companion_files(path);
  return store;
}

std::unique_ptr<Transaction> SqliteStore::begin_write() {
  return guarded(tr_noop("starting a write"), [&]() -> std::unique_ptr<Transaction> {
    return std::make_unique<SqliteTransaction>(db(), SQLite::TransactionBehavior::IMMEDIATE, path_,
                                               busy_timeout_seconds_);
  });
}

std::unique_ptr<Transaction> SqliteStore::begin_read() {
  return guarded(tr_noop("starting a read"), [&]() -> std::unique_ptr<Transaction> {
    return std::make_unique<SqliteTransaction>(db(), SQLite::TransactionBehavior::DEFERRED, path_,
                                               busy_timeout_seconds_);
  });
}

std::string SqliteStore::secret() {
  return guarded(tr_noop("reading the secret"), [&] {
    auto& s = connection().prepare("SELECT value FROM gdpr.meta WHERE key = 'secret'");
    if (!s.step()) throw Error(ErrorKind::config, trf("database {} has no secret; it is damaged", path_));
    return s.text(0);
  });
}

std::string SqliteStore::email_fingerprint(std::string_view normalized_email) {
  if (!fingerprint_mac_) fingerprint_mac_.emplace(secret());
  return fingerprint_mac_->hex(normalized_email);
}

std::int64_t SqliteStore::runner_id() { return ::getpid(); }

bool SqliteStore::runner_alive(std::int64_t runner) {
  // One machine: the process itself (EPERM: it exists, under another user).
  if (runner <= 0) return false;
  return ::kill(static_cast<pid_t>(runner), 0) == 0 || errno == EPERM;
}

std::vector<std::string> SqliteStore::audit_protection_warnings() {
  return guarded(tr_noop("checking the audit table's triggers"), [&] {
    std::vector<std::string> warnings;
    SQLite::Statement s(db(), "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit' AND "
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
  return guarded(tr_noop("scrubbing the write-ahead log"), [&] {
    // Copy every page into the main file (where secure_delete zeroed the deleted cells) and cut
    // the WAL to zero bytes, so no earlier page image with erased values survives in it.
    SQLite::Statement s(db(), "PRAGMA wal_checkpoint(TRUNCATE)");
    if (!s.executeStep()) return false;
    return s.getColumn(0).getInt() == 0;
  });
}

std::string SqliteStore::scrub_note() const {
  return tr("another process kept the write-ahead log open, so erased bytes may still be in the -wal file; "
            "run `gdpr retry --all` when it is idle");
}

}  // namespace gdpr
