// The narrow seam under the stores (docs/ARCHITECTURE.md, "Storage"), after ccache's
// storage/remote/remotestorage.hpp: what an engine must do — prepare a statement once and reuse
// it, bind parameters, step through rows, stream a large result, turn its errors into
// gdpr::Error — and nothing of the workflow. Every statement of the workflow is written once
// over it (sql_store.cpp), in the canonical form of dialect.hpp; each engine renders it for its
// own SQL and implements this interface once (sqlite_store.cpp, pg_store.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "gdpr/store/dialect.hpp"

namespace gdpr::store {

// The current row of a result: column `i` (from 0) as text, integer or boolean, or NULL.
class Row {
 public:
  Row() = default;
  Row(const Row&) = delete;
  Row& operator=(const Row&) = delete;
  Row(Row&&) = delete;
  Row& operator=(Row&&) = delete;
  virtual ~Row() = default;
  [[nodiscard]] virtual std::string text(int i) const = 0;
  // The same text without a copy; valid until the next step.
  [[nodiscard]] virtual std::string_view view(int i) const = 0;
  [[nodiscard]] virtual std::int64_t integer(int i) const = 0;
  [[nodiscard]] virtual bool boolean(int i) const = 0;
  [[nodiscard]] virtual bool null(int i) const = 0;
};

// A statement prepared once per connection and reused; parameters are bound by position (from 1).
class Statement : public Row {
 public:
  // Binds a copy of `value`.
  virtual void bind_text(int i, std::string_view value) = 0;
  // Binds `value` without a copy where the engine can: it must outlive the statement's run (the
  // import's hot path, a million rows).
  virtual void bind_text_unowned(int i, const std::string& value) = 0;
  virtual void bind_int(int i, std::int64_t value) = 0;
  virtual void bind_bool(int i, bool value) = 0;
  virtual void bind_null(int i) = 0;
  // Runs the statement (first call) or moves to its next row: false when there is none.
  [[nodiscard]] virtual bool step() = 0;
  // Runs a statement that returns no rows; the number of rows it changed.
  virtual std::int64_t exec() = 0;

  // NULL when `value` is empty or absent, else the text.
  void bind_optional_text(int i, const std::optional<std::string>& value) {
    if (value) {
      bind_text(i, *value);
    } else {
      bind_null(i);
    }
  }
  void bind_optional_int(int i, const std::optional<std::int64_t>& value) {
    if (value) {
      bind_int(i, *value);
    } else {
      bind_null(i);
    }
  }
};

// One connection to one database, used by one thread.
class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Connection(Connection&&) = delete;
  Connection& operator=(Connection&&) = delete;
  virtual ~Connection() = default;

  // The statement for `sql` (canonical form, dialect.hpp), prepared on first use and from then on
  // handed out again with its parameters cleared. One statement at a time per text: a caller that
  // needs the same text again finishes with the first use before.
  virtual Statement& prepare(const std::string& sql) = 0;
  // Runs `query` (canonical form) and visits its rows one by one, however many there are (SQLite
  // steps them; PostgreSQL fetches them from a cursor in batches), in the caller's transaction or
  // in a read transaction of its own.
  virtual void for_each_row(const Query& query, const std::function<void(const Row&)>& visit) = 0;
  // The same for a visitor that does not use this connection until the last row: PostgreSQL
  // streams the rows as the server sends them (`COPY (query) TO STDOUT`), the server and the
  // client working at once, instead of a round trip per batch of a cursor.
  virtual void stream_rows(const Query& query, const std::function<void(const Row&)>& visit) {
    for_each_row(query, visit);
  }
  // Runs `work`, turning the engine's errors into gdpr::Error that say what was being `doing`
  // and where; afterwards no statement holds a read snapshot.
  virtual void guard(std::string_view doing, const std::function<void()>& work) = 0;
  // The position (insertion order) of the row the last INSERT added, where the engine keeps it
  // without a RETURNING clause (SQLite's rowid, which costs a RETURNING nothing); else nullopt.
  [[nodiscard]] virtual std::optional<std::int64_t> last_insert_position() { return std::nullopt; }
  // Runs `sql` (canonical form: statements without parameters, the last a `COPY ... FROM STDIN`)
  // and sends `data`, rows in COPY's text format (append_copy_field()), as that COPY's input.
  // Only where the dialect takes arrays (PostgreSQL); the other engines do not get here.
  virtual void copy_in(const std::string& sql, std::string_view data);
  // The SQL differences of this engine.
  [[nodiscard]] virtual const Dialect& dialect() const = 0;
};

}  // namespace gdpr::store
