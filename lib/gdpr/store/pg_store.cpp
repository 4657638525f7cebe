#include "gdpr/store/pg_store.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstring>
#include <exception>
#include <optional>
#include <map>
#include <unordered_map>
#include <utility>

#include <poll.h>

#include <libpq-fe.h>

#include <fmt/format.h>

#include "gdpr/crypto.hpp"
#include "gdpr/dynlib.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/store/dialect.hpp"
#include "gdpr/store/libpq.hpp"
#include "gdpr/store/migrations.hpp"
#include "gdpr/store/migrations_sql.hpp"
#include "gdpr/stored_form.hpp"

namespace gdpr {

static_assert(sql::k_postgresql.size() == PgStore::k_schema_version,
              "a new migration in lib/gdpr/store/sql/postgresql/ raises PgStore::k_schema_version");

namespace {

// All writers lock the one row of gdpr.writer first (the audit trigger does too): writes are
// serialized as in SQLite, so a read-then-write in one transaction sees no lost update. Only
// members can lock it (schema 3; before, an advisory lock that any role could hold).
constexpr const char* k_writer_lock = "SELECT 1 FROM gdpr.writer FOR UPDATE";
// `gdpr init` serializes with other inits before the schema (and gdpr.writer) may exist.
constexpr const char* k_init_lock = "SELECT pg_advisory_xact_lock(7346019)";

using Result = PqResult;

// A server error: SQLSTATE and the primary message.
struct PgFailure {
  std::string sqlstate;
  std::string message;
};

// A text parameter, or SQL NULL.
using Param = std::optional<std::string>;

std::string text_of(const PGresult* r, int row, int col) {
  return {pq().PQgetvalue(r, row, col), static_cast<std::size_t>(pq().PQgetlength(r, row, col))};
}

bool is_null(const PGresult* r, int row, int col) { return pq().PQgetisnull(r, row, col) == 1; }

std::int64_t int_of(const PGresult* r, int row, int col) { return std::stoll(text_of(r, row, col)); }

bool bool_of(const PGresult* r, int row, int col) { return pq().PQgetvalue(r, row, col)[0] == 't'; }

}  // namespace

bool is_postgresql_uri(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string redact_uri(std::string_view uri) {
  // scheme://user:password@host -> scheme://user:***@host; a password=... parameter likewise.
  std::string out(uri);
  const auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    const auto at = out.find('@', scheme + 3);
    const auto slash = out.find('/', scheme + 3);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const auto colon = out.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  const auto pw = out.find("password=");
  if (pw != std::string::npos) {
    const auto end = out.find('&', pw);
    out.replace(pw + 9, (end == std::string::npos ? out.size() : end) - pw - 9, "***");
  }
  return out;
}

// The connection and the one place that runs SQL and turns server errors into gdpr::Error.
namespace {

Error translate(const PgFailure& f, const std::string& location, std::string_view doing_text, int busy_seconds) {
  // What was being done, in the message language (the callers' texts are marked with tr_noop).
  const std::string doing = tr(std::string(doing_text).c_str());
  const std::string_view cls = std::string_view(f.sqlstate).substr(0, 2);
  if (f.sqlstate == "42501") {
    return Error(ErrorKind::forbidden,
                 trf("the PostgreSQL server refused {}: {} (the gdpr roles are granted with `gdpr role grant`)",
                     doing, f.message));
  }
  if (f.sqlstate == "55P03" || f.sqlstate == "40001" || f.sqlstate == "40P01" || f.sqlstate == "57014") {
    return Error(ErrorKind::config,
                 trf("database {} is locked by another session (waited {} s while {}); try again, or raise "
                     "busy_timeout_seconds",
                     location, busy_seconds, doing));
  }
  if (f.sqlstate == "53100") {
    return Error(ErrorKind::config, trf("the disk of the PostgreSQL server of {} is full while {}; nothing was "
                                        "changed: free some space there and run the command again",
                                        location, doing));
  }
  if (cls == "08" || cls == "57") {
    return Error(ErrorKind::config, trf("lost the connection to {} while {}: {}", location, doing, f.message));
  }
  if (cls == "23") {
    return Error(ErrorKind::conflict, trf("the database refused the change while {}: {}", doing, f.message));
  }
  if (f.sqlstate == "3F000" || f.sqlstate == "42P01") {
    return Error(ErrorKind::config,
                 trf("{} has no gdpr schema ({}); run `gdpr init` there first", location, f.message));
  }
  return Error(ErrorKind::internal, trf("PostgreSQL error on {} while {}: {} (SQLSTATE {})", location, doing,
                                        f.message, f.sqlstate));
}

// Row `row` of a result.
class PgRow : public store::Row {
 public:
  [[nodiscard]] std::string text(int i) const override { return text_of(result_, row_, i); }
  [[nodiscard]] std::string_view view(int i) const override {
    return {pq().PQgetvalue(result_, row_, i), static_cast<std::size_t>(pq().PQgetlength(result_, row_, i))};
  }
  [[nodiscard]] std::int64_t integer(int i) const override { return int_of(result_, row_, i); }
  [[nodiscard]] bool boolean(int i) const override { return bool_of(result_, row_, i); }
  [[nodiscard]] bool null(int i) const override { return is_null(result_, row_, i); }
  void at(const PGresult* result, int row) {
    result_ = result;
    row_ = row;
  }

 private:
  const PGresult* result_ = nullptr;
  int row_ = 0;
};

// A row of `COPY ... TO STDOUT` in its text format: fields split at tabs, `\N` a NULL, the
// backslash escapes COPY writes (\\ \b \f \n \r \t \v) undone. The fields are kept in one
// buffer, reused row by row.
class CopyRow : public store::Row {
 public:
  [[nodiscard]] std::string text(int i) const override { return std::string(view(i)); }
  [[nodiscard]] std::string_view view(int i) const override {
    const Field& f = fields_.at(static_cast<std::size_t>(i));
    return std::string_view(buffer_).substr(f.start, f.size);
  }
  [[nodiscard]] std::int64_t integer(int i) const override {
    const std::string_view v = view(i);
    std::int64_t n = 0;
    const auto [end, error] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (error != std::errc() || end != v.data() + v.size()) throw PgFailure{"22P02", "not an integer in COPY's output"};
    return n;
  }
  [[nodiscard]] bool boolean(int i) const override { return view(i) == "t"; }
  [[nodiscard]] bool null(int i) const override { return fields_.at(static_cast<std::size_t>(i)).null; }

  // Takes one line as the server sent it (with its newline).
  void parse(std::string_view line) {
    if (line.ends_with('\n')) line.remove_suffix(1);
    buffer_.clear();
    fields_.clear();
    std::size_t at = 0;
    for (;;) {
      const std::size_t end = std::min(line.find('\t', at), line.size());
      const std::string_view raw = line.substr(at, end - at);
      Field& f = fields_.emplace_back(Field{buffer_.size(), 0, raw == "\\N"});
      if (!f.null) unescape(raw);
      f.size = buffer_.size() - f.start;
      if (end == line.size()) return;
      at = end + 1;
    }
  }

 private:
  struct Field {
    std::size_t start;
    std::size_t size;
    bool null;
  };
  void unescape(std::string_view raw) {
    std::size_t at = 0;
    for (std::size_t slash = raw.find('\\'); slash != std::string_view::npos; slash = raw.find('\\', at)) {
      buffer_.append(raw, at, slash - at);
      if (slash + 1 == raw.size()) {
        at = raw.size();
        break;
      }
      const char c = raw[slash + 1];
      buffer_ += c == 'b' ? '\b' : c == 'f' ? '\f' : c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c == 'v' ? '\v' : c;
      at = slash + 2;
    }
    buffer_.append(raw, at);
  }
  std::string buffer_;
  std::vector<Field> fields_;
};

}  // namespace

// The connection and the one place that runs SQL and turns server errors into gdpr::Error.
class PgStore::Conn final : public store::Connection {
 public:
  Conn(PGconn* c, std::string location, int busy_seconds)
      : conn_(c), location_(std::move(location)), busy_seconds_(busy_seconds) {}
  ~Conn() override {
    statements_.clear();
    pq().PQfinish(conn_);
  }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  Conn(Conn&&) = delete;
  Conn& operator=(Conn&&) = delete;

  PGconn* get() { return conn_; }
  [[nodiscard]] const std::string& location() const { return location_; }
  [[nodiscard]] int busy_seconds() const { return busy_seconds_; }

  // Runs `sql` (one statement) as a statement prepared on the server once per connection, with
  // text parameters ($1, $2, ...): the server parses and plans it once, not on every run (an
  // import runs the same insert a million times). Throws PgFailure.
  Result exec_prepared(const std::string& sql, const std::vector<Param>& params) {
    auto [it, added] = prepared_.try_emplace(sql);
    if (added) {
      it->second = "gdpr_" + std::to_string(prepared_.size());
      Result const p(pq().PQprepare(conn_, it->second.c_str(), sql.c_str(), 0, nullptr));  // types as the server infers them
      try {
        check(p.get());
      } catch (...) {
        prepared_.erase(it);  // not prepared (an aborted transaction, a lost connection): next time again
        throw;
      }
    }
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& v : params) values.push_back(v ? v->c_str() : nullptr);
    Result r(pq().PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                                 nullptr, 0));
    check(r.get());
    return r;
  }

  // Runs `sql` with text parameters ($1, $2, ...); throws PgFailure.
  Result exec(const std::string& sql, const std::vector<Param>& params = {}) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    Result r(pq().PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                          nullptr, 0));
    check(r.get());
    return r;
  }

  // Runs `sql` as `COPY (sql) TO STDOUT` and visits its rows as they arrive, the server and the
  // client working at once; the parameters go into the text as literals quoted by libpq (COPY
  // takes none). Afterwards (also when the server or the visitor failed) the connection has no
  // result pending. When the visitor fails (a full disk at the first of ten million rows), the
  // server is asked to cancel the query, so that the rest is not sent only to be drained.
  // Throws PgFailure.
  void stream(const std::string& sql, const std::vector<std::string>& params,
              const std::function<void(const store::Row&)>& visit) {
    {
      Result const start(pq().PQexec(conn_, ("COPY (" + with_literals(sql, params) + ") TO STDOUT").c_str()));
      if (pq().PQresultStatus(start.get()) != PGRES_COPY_OUT) check(start.get());
    }
    std::exception_ptr failed;
    CopyRow row;
    char* line = nullptr;
    int size = 0;
    while ((size = pq().PQgetCopyData(conn_, &line, 0)) > 0) {
      const PqMemory held(line);
      if (failed) continue;  // the rest is drained, not visited
      try {
        row.parse({line, static_cast<std::size_t>(size)});
        visit(row);
      } catch (...) {
        failed = std::current_exception();
        cancel();
      }
    }
    drain(failed);
  }

  // Takes the results left after a COPY; the first server error goes to `failed`, unless it
  // holds one already. Rethrows `failed`, so that the connection has no result pending when the
  // error goes on.
  void drain(std::exception_ptr& failed) {
    while (PGresult* raw = pq().PQgetResult(conn_)) {
      Result const r(raw);
      try {
        if (!failed) check(raw);
      } catch (const PgFailure&) {
        failed = std::current_exception();
      }
    }
    if (failed) std::rethrow_exception(failed);
  }

  // `sql` with each $n replaced by params[n - 1] as a quoted literal. The canonical texts hold no
  // '$' of their own (dialect.hpp); the values are quoted by libpq for this connection.
  std::string with_literals(const std::string& sql, const std::vector<std::string>& params) {
    std::string out;
    out.reserve(sql.size());
    for (std::size_t i = 0; i < sql.size(); ++i) {
      std::size_t digits = 0;
      while (sql[i] == '$' && i + 1 + digits < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1 + digits])) != 0) {
        ++digits;
      }
      if (digits == 0) {
        out += sql[i];
        continue;
      }
      const std::size_t n = std::stoul(sql.substr(i + 1, digits));
      if (n == 0 || n > params.size()) throw PgFailure{"08P01", fmt::format("no parameter ${} for COPY", n)};
      const std::string& value = params[n - 1];
      const PqMemory quoted(pq().PQescapeLiteral(conn_, value.c_str(), value.size()));
      if (!quoted) check(nullptr);
      out += quoted.get();
      i += digits;
    }
    return out;
  }

  // COPY ... FROM STDIN: `data` sent a MiB a message; the server's verdict comes at the end.
  void copy_in(const std::string& sql, std::string_view data) override {
    {
      Result const start(pq().PQexec(conn_, store::render(sql, store::k_postgresql).c_str()));
      if (pq().PQresultStatus(start.get()) != PGRES_COPY_IN) check(start.get());
    }
    constexpr std::size_t k_message = std::size_t{1} << 20;
    bool sent = true;
    for (std::size_t at = 0; sent && at < data.size(); at += k_message) {
      sent = pq().PQputCopyData(conn_, data.data() + at, static_cast<int>(std::min(k_message, data.size() - at))) == 1;
    }
    // A failed send (a lost connection) ends the COPY as failed; the server's error, if any, is
    // in the result that follows, else the connection's.
    sent = pq().PQputCopyEnd(conn_, sent ? nullptr : "gdpr: sending the rows failed") == 1 && sent;
    std::exception_ptr failed;
    drain(failed);
    if (!sent) check(nullptr);
  }

  // Asks the server to stop the query in progress; what it sent until then is still drained.
  void cancel() {
    PGcancel* handle = pq().PQgetCancel(conn_);
    if (handle == nullptr) return;
    std::array<char, 256> why{};
    (void)pq().PQcancel(handle, why.data(), static_cast<int>(why.size()));
    pq().PQfreeCancel(handle);
  }

  // Runs several statements without parameters; throws PgFailure.
  void exec_script(const std::string& sql) {
    Result const r(pq().PQexec(conn_, sql.c_str()));
    check(r.get());
  }

  void check(const PGresult* r) {
    const ExecStatusType st = r == nullptr ? PGRES_FATAL_ERROR : pq().PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return;
    std::string sqlstate;
    std::string message;
    if (r != nullptr) {
      const char* state = pq().PQresultErrorField(r, PG_DIAG_SQLSTATE);
      const char* primary = pq().PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
      sqlstate = state != nullptr ? state : "";
      message = primary != nullptr ? primary : pq().PQresultErrorMessage(r);
    }
    if (message.empty()) message = pq().PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    if (pq().PQstatus(conn_) == CONNECTION_BAD && sqlstate.empty()) sqlstate = "08006";
    throw PgFailure{std::move(sqlstate), std::move(message)};
  }

  bool in_transaction() { return pq().PQtransactionStatus(conn_) != PQTRANS_IDLE; }

  store::Statement& prepare(const std::string& sql) override {
    auto& slot = statements_[sql];
    if (!slot) slot = std::make_unique<Statement>(*this, store::render(sql, store::k_postgresql));
    slot->rewind();
    return *slot;
  }

  // Through a cursor, 2000 rows at a time: a million contacts never sit in memory.
  void for_each_row(const store::Query& query, const std::function<void(const store::Row&)>& visit) override {
    in_a_transaction([&] {
      exec("DECLARE gdpr_rows NO SCROLL CURSOR FOR " + store::render(query.sql, store::k_postgresql),
           {query.params.begin(), query.params.end()});
      PgRow row;
      for (;;) {
        Result const r = exec("FETCH 2000 FROM gdpr_rows");
        const int n = pq().PQntuples(r.get());
        for (int i = 0; i < n; ++i) {
          row.at(r.get(), i);
          visit(row);
        }
        if (n < 2000) break;
      }
      exec("CLOSE gdpr_rows");
    });
  }

  void stream_rows(const store::Query& query, const std::function<void(const store::Row&)>& visit) override {
    in_a_transaction([&] { stream(store::render(query.sql, store::k_postgresql), query.params, visit); });
  }

  // Runs `read` in the caller's transaction, or in a read-only snapshot of its own.
  void in_a_transaction(const std::function<void()>& read) {
    const bool own = !in_transaction();
    if (own) exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      read();
    } catch (...) {
      if (own) Result(pq().PQexec(conn_, "ROLLBACK"));
      throw;
    }
    if (own) exec("COMMIT");
  }

  void guard(std::string_view doing, const std::function<void()>& work) override {
    try {
      work();
    } catch (const PgFailure& failure) {
      throw translate(failure, location_, doing, busy_seconds_);
    }
  }

  [[nodiscard]] const store::Dialect& dialect() const override { return store::k_postgresql; }

 private:
  // A statement: its text, run with PQexecParams when stepped first (the server parses it each
  // time, as an unnamed statement; what is kept is the rendered text and the parameters' buffers).
  class Statement final : public store::Statement {
   public:
    Statement(Conn& conn, std::string sql) : conn_(conn), sql_(std::move(sql)) {}
    [[nodiscard]] std::string text(int i) const override { return row_.text(i); }
    [[nodiscard]] std::string_view view(int i) const override { return row_.view(i); }
    [[nodiscard]] std::int64_t integer(int i) const override { return row_.integer(i); }
    [[nodiscard]] bool boolean(int i) const override { return row_.boolean(i); }
    [[nodiscard]] bool null(int i) const override { return row_.null(i); }
    void bind_text(int i, std::string_view value) override { param(i) = std::string(value); }
    void bind_text_unowned(int i, const std::string& value) override { param(i) = value; }
    void bind_int(int i, std::int64_t value) override { param(i) = std::to_string(value); }
    void bind_bool(int i, bool value) override { param(i) = value ? "t" : "f"; }
    void bind_null(int i) override { param(i) = std::nullopt; }
    [[nodiscard]] bool step() override {
      if (!result_) {
        result_ = conn_.exec_prepared(sql_, params_);
        next_ = 0;
      }
      if (next_ >= pq().PQntuples(result_.get())) return false;
      row_.at(result_.get(), next_++);
      return true;
    }
    std::int64_t exec() override {
      result_ = conn_.exec_prepared(sql_, params_);
      const char* changed = pq().PQcmdTuples(result_.get());
      return changed[0] == '\0' ? 0 : std::stoll(changed);
    }
    // Ready to run again, with no parameters bound.
    void rewind() {
      params_.clear();
      result_.reset();
    }

   private:
    Param& param(int i) {
      if (params_.size() < static_cast<std::size_t>(i)) params_.resize(static_cast<std::size_t>(i));
      return params_[static_cast<std::size_t>(i - 1)];
    }
    Conn& conn_;
    std::string sql_;
    std::vector<Param> params_;
    Result result_;
    int next_ = 0;
    PgRow row_;
  };

  PGconn* conn_;
  std::string location_;
  int busy_seconds_;
  std::map<std::string, std::unique_ptr<Statement>> statements_;
  std::unordered_map<std::string, std::string> prepared_;  // statement text -> its name on the server
};

namespace {

class PgTransaction final : public Transaction {
 public:
  explicit PgTransaction(PgStore::Conn& conn) : conn_(conn) {}
  ~PgTransaction() override {
    if (!done_) {
      Result const r(pq().PQexec(conn_.get(), "ROLLBACK"));
    }
  }
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;
  PgTransaction(PgTransaction&&) = delete;
  PgTransaction& operator=(PgTransaction&&) = delete;
  void commit() override {
    conn_.guard(tr_noop("committing"), [&] { conn_.exec("COMMIT"); });
    done_ = true;
  }

 private:
  PgStore::Conn& conn_;
  bool done_ = false;
};

PGconn* connect(const std::string& uri, const std::string& location) {
  PGconn* c = pq().PQconnectdb(uri.c_str());
  if (c == nullptr) throw Error(ErrorKind::config, trf("cannot connect to {}: out of memory", location));
  if (pq().PQstatus(c) != CONNECTION_OK) {
    std::string message = pq().PQerrorMessage(c);
    pq().PQfinish(c);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    throw Error(ErrorKind::config, trf("cannot connect to {}: {}", location, message));
  }
  // Server notices ("already a member", VACUUM chatter) are not for the user.
  pq().PQsetNoticeProcessor(c, [](void* /*arg*/, const char* /*message*/) {}, nullptr);
  return c;
}

}  // namespace

PgStore::PgStore(std::string location, pg_conn* conn, int busy_timeout_seconds)
    : conn_(std::make_unique<Conn>(conn, location, busy_timeout_seconds)), location_(std::move(location)) {}

store::Connection& PgStore::connection() { return *conn_; }

PgStore::~PgStore() = default;

std::unique_ptr<PgStore> PgStore::connect_configured(const std::string& uri, int busy_timeout_seconds) {
  const std::string location = redact_uri(uri);
  std::unique_ptr<PgStore> store(new PgStore(location, connect(uri, location), busy_timeout_seconds));
  store->guarded(tr_noop("configuring the connection"), [&] {
    store->conn_->exec_script(fmt::format("SET lock_timeout = '{}s'; SET client_encoding = 'UTF8'; "
                                          "SET search_path = pg_catalog, pg_temp",
                                          busy_timeout_seconds));
  });
  return store;
}

void PgStore::check_schema() {
  guarded(tr_noop("checking the schema"), [&] {
    Result const schema = conn_->exec(
        "SELECT n.oid IS NOT NULL, coalesce(has_schema_privilege(n.oid, 'USAGE'), false), session_user::text "
        "FROM (SELECT 1) AS one LEFT JOIN pg_namespace n ON n.nspname = 'gdpr'");
    if (!bool_of(schema.get(), 0, 0)) {
      throw Error(ErrorKind::config, trf("{} has no gdpr schema; run `gdpr init` there first", location_));
    }
    if (!bool_of(schema.get(), 0, 1)) {
      const std::string role = text_of(schema.get(), 0, 2);
      throw Error(ErrorKind::forbidden,
                  trf("the database role '{}' has no gdpr role on {}; the owner grants one with `gdpr role grant "
                      "requester {}` or `gdpr role grant reviewer {}`",
                      role, location_, role, role));
    }
    Result const r = conn_->exec(
        "SELECT (SELECT value FROM gdpr.meta WHERE key = 'application'), "
        "(SELECT value FROM gdpr.meta WHERE key = 'schema_version')");
    if (is_null(r.get(), 0, 0) || text_of(r.get(), 0, 0) != "gdpr") {
      throw Error(ErrorKind::config, trf("{} is not a gdpr database; run `gdpr init` there first", location_));
    }
    const int version = std::stoi(text_of(r.get(), 0, 1));
    if (version > k_schema_version) {
      throw Error(ErrorKind::config, trf("database {} has schema version {}, newer than this gdpr ({}); use a newer "
                                         "gdpr",
                                         location_, version, k_schema_version));
    }
    if (version < k_schema_version) {
      throw Error(ErrorKind::config, trf("database {} has the older schema version {}; the owner runs `gdpr init` "
                                         "to upgrade it to version {} and store the policy",
                                         location_, version, k_schema_version));
    }
  });
}

std::unique_ptr<PgStore> PgStore::open(const std::string& uri, int busy_timeout_seconds) {
  auto store = connect_configured(uri, busy_timeout_seconds);
  store->check_schema();
  return store;
}

std::unique_ptr<PgStore> PgStore::init(const std::string& uri, int busy_timeout_seconds, const ServerRules& rules,
                                       InitOutcome& outcome) {
  auto store = connect_configured(uri, busy_timeout_seconds);
  const std::string& location = store->location_;
  store->guarded(tr_noop("creating the schema"), [&] {
    Result const enc = store->conn_->exec("SELECT pg_encoding_to_char(encoding) FROM pg_database "
                                    "WHERE datname = current_database()");
    if (text_of(enc.get(), 0, 0) != "UTF8") {
      throw Error(ErrorKind::config, trf("database {} has the encoding {}; gdpr needs UTF8 (createdb -E UTF8)",
                                         location, text_of(enc.get(), 0, 0)));
    }
    store->conn_->exec("BEGIN");
    store->conn_->exec(k_init_lock);
    Result const exists = store->conn_->exec("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'gdpr')");
    const bool created = !bool_of(exists.get(), 0, 0);
    outcome = created ? InitOutcome::created : InitOutcome::existed;
    // Numbered migrations, each once, in order, in this one transaction (lib/gdpr/store/sql/
    // postgresql/). Only the owner may replace the server's functions; anyone else gets a clear
    // refusal. A new database gets its meta rows (and the fingerprints' secret, which migration
    // 3 moves where members cannot read it) right after the first.
    const auto run = [&](const sql::Migration& m) {
      store->conn_->exec_script(std::string(m.text));
      if (m.version != 1 || !created) return;
      store->conn_->exec(
          "INSERT INTO gdpr.meta (key, value) VALUES ('application', 'gdpr'), ('schema_version', '1'), "
          "('secret', $1), ('approvals_required', $2), ('reason_min_length', $3)",
          {crypto::random_hex(32), std::to_string(rules.approvals_required), std::to_string(rules.reason_min_length)});
    };
    std::optional<int> version;  // none: a schema this role cannot use (check_schema() below says why)
    if (created) {
      version = 0;
    } else if (bool_of(store->conn_->exec("SELECT has_schema_privilege('gdpr', 'USAGE')").get(), 0, 0)) {
      Result const v = store->conn_->exec("SELECT value FROM gdpr.meta WHERE key = 'schema_version'");
      version = pq().PQntuples(v.get()) == 1 ? std::stoi(text_of(v.get(), 0, 0)) : k_schema_version;
    }
    if (version && *version < k_schema_version) {
      if (!created) outcome = InitOutcome::migrated;
      sql::migrate(sql::Dialect::postgresql, *version, run);
      // Schema 7 made the search index; the contacts stored before it get their terms now.
      if (*version > 0 && *version < 7) store->index_all_contacts();
      store->conn_->exec("UPDATE gdpr.meta SET value = $1 WHERE key = 'schema_version'",
                         {std::to_string(k_schema_version)});
    }
    store->conn_->exec("COMMIT");
  });
  // An existing schema gets the checks of open(), on this connection.
  if (outcome != InitOutcome::created) store->check_schema();
  return store;
}

std::unique_ptr<Transaction> PgStore::begin_write() {
  return guarded(tr_noop("starting a transaction"), [&]() -> std::unique_ptr<Transaction> {
    conn_->exec("BEGIN ISOLATION LEVEL READ COMMITTED");
    auto tx = std::make_unique<PgTransaction>(*conn_);
    conn_->exec(k_writer_lock);
    return tx;
  });
}

std::unique_ptr<Transaction> PgStore::begin_read() {
  return guarded(tr_noop("starting a transaction"), [&]() -> std::unique_ptr<Transaction> {
    conn_->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    return std::make_unique<PgTransaction>(*conn_);
  });
}

std::string PgStore::secret() {
  return guarded(tr_noop("reading the secret"), [&] {
    // The owner only (schema 3): members use gdpr.email_fingerprint instead.
    Result const r = conn_->exec("SELECT value FROM gdpr.secret");
    if (pq().PQntuples(r.get()) != 1) throw Error(ErrorKind::config, trf("database {} has no secret; it is damaged", location_));
    return text_of(r.get(), 0, 0);
  });
}

std::string PgStore::email_fingerprint(std::string_view normalized_email) {
  return guarded(tr_noop("fingerprinting an e-mail"), [&] {
    Result const r = conn_->exec("SELECT gdpr.email_fingerprint($1)", {std::string(normalized_email)});
    return text_of(r.get(), 0, 0);
  });
}

void PgStore::blank_out_texts(std::string_view /*contact_id*/,
                              const std::function<std::string(const std::string&)>& /*scrub*/) {
  // The server does it itself: gdpr.check_contact_update blanks the texts out when the contact
  // becomes erased, so no client can skip it.
}

void PgStore::put_policy(std::string_view text) {
  // Only the owner may write gdpr.meta; for anyone else the server refuses (exit 4). The two
  // rules the server's triggers read are kept in step with the policy.
  const nlohmann::json doc = nlohmann::json::parse(text);
  const std::string approvals = std::to_string(doc.at("roles").at("approvals_required").get<int>());
  const std::string min_length = std::to_string(doc.at("reason").at("min_length").get<int>());
  SqlStore::put_policy(text);
  guarded(tr_noop("storing the policy"), [&] {
    conn_->exec(
        "INSERT INTO gdpr.meta (key, value) VALUES ('approvals_required', $1), ('reason_min_length', $2) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        {approvals, min_length});
  });
}

std::int64_t PgStore::runner_id() {
  // The server process of this session: unique in the cluster while the session lives, and the
  // session ends when this process dies, on whichever machine it runs.
  if (backend_pid_ == 0) {
    backend_pid_ = guarded(tr_noop("asking for the session"), [&] {
      Result const r = conn_->exec("SELECT pg_backend_pid()");
      return int_of(r.get(), 0, 0);
    });
  }
  return backend_pid_;
}

bool PgStore::runner_alive(std::int64_t runner) {
  if (runner <= 0) return false;
  return guarded(tr_noop("checking who runs a step"), [&] {
    Result const r = conn_->exec("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1)", {std::to_string(runner)});
    return bool_of(r.get(), 0, 0);
  });
}

void PgStore::steps_queued() {
  guarded(tr_noop("telling the worker"), [&] { conn_->exec("NOTIFY gdpr_steps"); });
}

void PgStore::wait_for_steps(std::chrono::milliseconds timeout) {
  PGconn* c = conn_->get();
  guarded(tr_noop("waiting for steps"), [&] {
    if (!listening_) {
      conn_->exec("LISTEN gdpr_steps");
      listening_ = true;
    }
    // Notifications that came while the worker ran steps are waiting already.
    bool told = false;
    auto broken = [&] { return PgFailure{"08006", pq().PQerrorMessage(c)}; };
    auto drain = [&] {
      if (pq().PQconsumeInput(c) == 0) throw broken();
      while (PGnotify* n = pq().PQnotifies(c)) {
        pq().PQfreemem(n);
        told = true;
      }
    };
    drain();
    if (told) return;
    pollfd fd{pq().PQsocket(c), POLLIN, 0};
    if (fd.fd < 0) throw broken();
    if (::poll(&fd, 1, static_cast<int>(timeout.count())) > 0) drain();
  });
}

bool PgStore::is_owner() {
  return guarded(tr_noop("checking ownership"), [&] {
    Result const r = conn_->exec(
        "SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class WHERE oid = 'gdpr.contacts'::regclass");
    return bool_of(r.get(), 0, 0);
  });
}

bool PgStore::scrub() {
  if (conn_->in_transaction() || !is_owner()) return false;
  return guarded(tr_noop("vacuuming the contacts"), [&] {
    // A new file for each table (and its TOAST table and indexes) holding only the live rows: the
    // erased contact's earlier row versions, and those of the free texts that named it before
    // they were blanked out, are gone from the table files.
    conn_->exec("VACUUM (FULL) gdpr.contacts, gdpr.contact_terms, gdpr.requests, gdpr.comments, gdpr.approvals");
    return true;
  });
}

std::string PgStore::scrub_note() const {
  return tr("on PostgreSQL the erased contact's earlier row version stays in the table file until the owner of the "
            "gdpr tables runs `gdpr retry --all` (VACUUM FULL); schedule it with cron, see docs/postgresql.md");
}

std::string PgStore::session_user() {
  return guarded(tr_noop("asking who is logged in"), [&] {
    Result const r = conn_->exec("SELECT session_user::text");
    return text_of(r.get(), 0, 0);
  });
}

ServerRules PgStore::rules() {
  return guarded(tr_noop("reading the rules"), [&] {
    Result const r = conn_->exec(
        "SELECT coalesce((SELECT value FROM gdpr.meta WHERE key = 'approvals_required'), '1'), "
        "coalesce((SELECT value FROM gdpr.meta WHERE key = 'reason_min_length'), '1')");
    ServerRules out;
    out.approvals_required = static_cast<int>(int_of(r.get(), 0, 0));
    out.reason_min_length = static_cast<int>(int_of(r.get(), 0, 1));
    return out;
  });
}

std::optional<ServerRoles> PgStore::server_roles() {
  return guarded(tr_noop("reading the gdpr roles"), [&] {
    // Direct members only: a superuser is a member of everything, and is not a team member.
    Result const r = conn_->exec(
        "SELECT g.rolname, m.rolname FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid "
        "JOIN pg_roles m ON m.oid = am.member WHERE g.rolname IN ($1, $2, $3) AND m.rolname NOT IN ($1, $2, $3) "
        "ORDER BY m.rolname",
        {std::string(k_pg_requesters), std::string(k_pg_reviewers), std::string(k_pg_workers)});
    ServerRoles out;
    for (int i = 0; i < pq().PQntuples(r.get()); ++i) {
      const std::string member = text_of(r.get(), i, 1);
      if (text_of(r.get(), i, 0) == k_pg_workers) {
        out.workers.push_back(member);
      } else if (text_of(r.get(), i, 0) == k_pg_reviewers) {
        out.reviewers.push_back(member);
        out.requesters.push_back(member);  // reviewers may file too (gdpr_reviewers is in gdpr_requesters)
      } else {
        out.requesters.push_back(member);
      }
    }
    return out;
  });
}

void PgStore::set_server_role(const std::string& role, ServerGroup group, Membership membership) {
  const bool grant = membership == Membership::grant;
  guarded(grant ? "granting a role" : "revoking a role", [&] {
    Result const exists = conn_->exec("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", {role});
    if (!bool_of(exists.get(), 0, 0)) {
      throw Error(ErrorKind::not_found,
                  trf("there is no PostgreSQL role '{}'; create the login first (CREATE ROLE {} LOGIN)", role, role));
    }
    Result const quoted = conn_->exec("SELECT quote_ident($1)", {role});
    conn_->exec(fmt::format("{} {} {} {}", grant ? "GRANT" : "REVOKE",
                            group_role(group), grant ? "TO" : "FROM",
                            text_of(quoted.get(), 0, 0)));
  });
}

bool PgStore::is_empty() {
  return guarded(tr_noop("checking the database is empty"), [&] {
    Result const r = conn_->exec(
        "SELECT NOT EXISTS (SELECT 1 FROM gdpr.contacts) AND NOT EXISTS (SELECT 1 FROM gdpr.requests) "
        "AND NOT EXISTS (SELECT 1 FROM gdpr.audit WHERE NOT (seq = 1 AND action = 'policy.set'))");
    return bool_of(r.get(), 0, 0);
  });
}

namespace {
// The triggers that check that rows are written under the acting role (and, for requests, that
// they start pending): copied history was written by other roles, at other times.
constexpr std::array<std::pair<const char*, const char*>, 15> k_copy_triggers = {{
    {"gdpr.requests", "requests_insert"}, {"gdpr.requests", "requests_update"},
    {"gdpr.requests", "requests_when"}, {"gdpr.requests", "requests_change"},
    {"gdpr.approvals", "approvals_insert"}, {"gdpr.approvals", "approvals_at"},
    {"gdpr.comments", "comments_insert"}, {"gdpr.comments", "comments_at"},
    {"gdpr.contacts", "contacts_insert"}, {"gdpr.contacts", "contacts_update"},
    {"gdpr.contacts", "contacts_change"}, {"gdpr.contacts", "contacts_new"}, {"gdpr.steps", "steps_check"},
    {"gdpr.audit", "audit_insert"}, {"gdpr.writer", "writer_no_change"}}};
}  // namespace

void PgStore::begin_copy() {
  guarded(tr_noop("preparing the copy"), [&] {
    for (const auto& [table, trigger] : k_copy_triggers) {
      conn_->exec(fmt::format("ALTER TABLE {} DISABLE TRIGGER {}", table, trigger));
    }
    // The policy.set of the target's own `gdpr init` gives way to the source's trail, which
    // holds the policy events of the policy copied along.
    conn_->exec("ALTER TABLE gdpr.audit DISABLE TRIGGER audit_no_change");
    conn_->exec("DELETE FROM gdpr.audit WHERE seq = 1 AND action = 'policy.set'");
    conn_->exec("ALTER TABLE gdpr.audit ENABLE TRIGGER audit_no_change");
  });
}

void PgStore::end_copy() {
  guarded(tr_noop("finishing the copy"), [&] {
    for (const auto& [table, trigger] : k_copy_triggers) {
      conn_->exec(fmt::format("ALTER TABLE {} ENABLE TRIGGER {}", table, trigger));
    }
    conn_->exec("SELECT setval('gdpr.request_ids', "
                "greatest((SELECT max(id) FROM gdpr.requests), 1), (SELECT count(*) > 0 FROM gdpr.requests))");
    conn_->exec("SELECT setval(pg_get_serial_sequence('gdpr.comments', 'id'), "
                "greatest((SELECT max(id) FROM gdpr.comments), 1), (SELECT count(*) > 0 FROM gdpr.comments))");
  });
}

void PgStore::copy_request(const Request& request) { insert_request_as_is(request); }

void PgStore::set_secret(const std::string& secret) {
  guarded(tr_noop("copying the secret"), [&] {
    conn_->exec("UPDATE gdpr.secret SET value = $1", {secret});
  });
}

}  // namespace gdpr
