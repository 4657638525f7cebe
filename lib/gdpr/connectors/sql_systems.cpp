#include "gdpr/connectors/sql_systems.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <fmt/format.h>

#include "gdpr/connectors/outcome.hpp"
#include "gdpr/connectors/sql_params.hpp"
#include "gdpr/error.hpp"
#include "gdpr/store/libpq.hpp"

namespace gdpr::connectors {

namespace {

// SQLite's primary result code by its C name (sqlite3_errstr gives the sentence, not the name).
std::string sqlite_code(int code) {
  switch (code & 0xff) {
    case SQLITE_ERROR: return "SQLITE_ERROR";
    case SQLITE_PERM: return "SQLITE_PERM";
    case SQLITE_BUSY: return "SQLITE_BUSY";
    case SQLITE_LOCKED: return "SQLITE_LOCKED";
    case SQLITE_READONLY: return "SQLITE_READONLY";
    case SQLITE_IOERR: return "SQLITE_IOERR";
    case SQLITE_CORRUPT: return "SQLITE_CORRUPT";
    case SQLITE_FULL: return "SQLITE_FULL";
    case SQLITE_CANTOPEN: return "SQLITE_CANTOPEN";
    case SQLITE_CONSTRAINT: return "SQLITE_CONSTRAINT";
    case SQLITE_MISMATCH: return "SQLITE_MISMATCH";
    case SQLITE_AUTH: return "SQLITE_AUTH";
    case SQLITE_NOTADB: return "SQLITE_NOTADB";
    default: return fmt::format("SQLite result {}", code & 0xff);
  }
}

}  // namespace

HookOutcome probe_answer(const std::optional<std::string>& first) {
  // An integer: digits, after a minus sign when negative (another integer than 0 is still there).
  std::string_view digits = first ? std::string_view(*first) : std::string_view();
  if (digits.starts_with('-')) digits.remove_prefix(1);
  if (!first || digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return step_failed("verify", "the verify statement must return one row with one integer: 0 when the contact "
                                 "is gone");
  }
  return digits.find_first_not_of('0') == std::string_view::npos ? step_done() : step_still_there();
}

HookOutcome run_sqlite_step(const HookInvocation& step) {
  try {
    const NumberedSql sql = numbered(step.command, Placeholder::question, "statement");
    SQLite::Database db(step.database, SQLite::OPEN_READWRITE, step.timeout_seconds * 1000);
    const bool erase = value_of(step.env, "GDPR_ACTION") == "erase";
    if (erase) db.exec("PRAGMA secure_delete = ON");
    SQLite::Statement s(db, sql.text);
    for (std::size_t i = 0; i < sql.names.size(); ++i) {
      const std::string& value = value_of(step.params, sql.names[i]);
      // No e-mail is NULL, which equals nothing: `mail = :email` must not match every row whose
      // mail is empty.
      if (value.empty()) {
        s.bind(static_cast<int>(i + 1));
      } else {
        s.bind(static_cast<int>(i + 1), value);
      }
    }
    const bool verify = value_of(step.env, "GDPR_ACTION") == "verify";
    std::optional<std::string> first;
    while (s.executeStep()) {
      if (verify && !first) first = s.getColumn(0).isNull() ? std::string() : s.getColumn(0).getString();
    }
    if (verify) return probe_answer(first);
    if (erase) {
      SQLite::Statement checkpoint(db, "PRAGMA wal_checkpoint(TRUNCATE)");
      while (checkpoint.executeStep()) {
      }
    }
    return step_done();
  } catch (const SQLite::Exception& e) {
    return step_failed(sqlite_code(e.getErrorCode()), e.what());
  } catch (const Error& e) {
    return step_failed("statement", e.what());
  }
}

namespace {

void ignore_notice(void* /*arg*/, const char* /*message*/) {}

// The first line of libpq's connection error (it names host and user, never a password).
std::string first_line(const char* message) {
  std::string out = message == nullptr ? "" : message;
  const auto end = out.find('\n');
  if (end != std::string::npos) out.resize(end);
  return out;
}

}  // namespace

std::string linked_uri(const std::string& uri, int seconds) {
  return fmt::format("{}{}connect_timeout={}&application_name=gdpr", uri, uri.find('?') == std::string::npos ? '?' : '&',
                     seconds);
}

HookOutcome run_postgresql_step(const HookInvocation& step) {
  try {
    const NumberedSql sql = numbered(step.command, Placeholder::dollar, "statement");
    const Libpq& lib = pq();
    const PqConnection conn(lib.PQconnectdb(linked_uri(step.database, step.timeout_seconds).c_str()));
    if (!conn || lib.PQstatus(conn.get()) != CONNECTION_OK) {
      return step_failed("connection", first_line(conn ? lib.PQerrorMessage(conn.get()) : "out of memory"));
    }
    lib.PQsetNoticeProcessor(conn.get(), ignore_notice, nullptr);
    const std::string timeout = fmt::format("SET statement_timeout = {}", step.timeout_seconds * 1000);
    const PqResult set(lib.PQexec(conn.get(), timeout.c_str()));
    std::vector<const char*> values;
    values.reserve(sql.names.size());
    for (const auto& name : sql.names) {
      const std::string& value = value_of(step.params, name);
      values.push_back(value.empty() ? nullptr : value.c_str());  // no e-mail: NULL, which equals nothing
    }
    const PqResult r(lib.PQexecParams(conn.get(), sql.text.c_str(),
                                                                static_cast<int>(values.size()), nullptr,
                                                                values.data(), nullptr, nullptr, 0));
    const ExecStatusType status = r ? lib.PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (value_of(step.env, "GDPR_ACTION") == "verify" && status == PGRES_TUPLES_OK) {
      return probe_answer(lib.PQntuples(r.get()) > 0 && lib.PQgetisnull(r.get(), 0, 0) == 0
                              ? std::optional<std::string>(lib.PQgetvalue(r.get(), 0, 0))
                              : std::nullopt);
    }
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return step_done();
    const char* state = r ? lib.PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = r ? lib.PQresultErrorField(r.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    return step_failed(fmt::format("SQLSTATE {}", state == nullptr ? "?????" : state),
                  primary == nullptr ? first_line(lib.PQerrorMessage(conn.get())) : primary);
  } catch (const Error& e) {
    return step_failed(e.kind() == ErrorKind::config ? "libpq" : "statement", e.what());
  }
}

}  // namespace gdpr::connectors
