// The seam between the two stores (docs/ARCHITECTURE.md, "Storage"): what differs between
// SQLite's SQL and PostgreSQL's is named here once, and what both stores read and ask is written
// once over it — the column lists, the row readers (rows.hpp) and the queries of the two
// filters. Each store keeps only its connection: preparing, binding, stepping, transactions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gdpr/store.hpp"

namespace gdpr::store {

struct Dialect {
  char placeholder;                 // '?' (SQLite: ?1, ?2, ...) or '$' (PostgreSQL: $1, $2, ...)
  std::string_view schema;          // prefix of the tables: "" or "gdpr."
  std::string_view insertion_order; // the column that orders contacts as they were added
  std::string_view true_literal;
  std::string_view false_literal;
};

inline constexpr Dialect k_sqlite{'?', "", "rowid", "1", "0"};
inline constexpr Dialect k_postgresql{'$', "gdpr.", "pos", "true", "false"};

inline constexpr const char* k_contact_columns =
    "id, status, block_newsletter, block_all_mail, properties, erased_by_request, email_fingerprint";
inline constexpr const char* k_request_columns =
    "id, contact_id, state, reason, requested_by, requested_at, received_on, due_on, channel, assignee, extended, "
    "decided_by, decided_at, decision_reason, erased_at";
inline constexpr const char* k_audit_columns = "seq, at, actor, action, request_id, contact_id, details, prev_hash, hash";

// A statement with its positional parameters, all as text (SQLite applies the column's affinity
// to a bound text; PostgreSQL takes every parameter as text).
struct Query {
  std::string sql;
  std::vector<std::string> params;
};

// `SELECT columns FROM contacts` as `filter` selects them, in insertion order (with its limit).
// The "mailable" rule is Contact::mailable() (model.hpp) in SQL: active and no all-mail block.
[[nodiscard]] Query contacts_query(const ContactFilter& filter, const Dialect& dialect, std::string_view columns);

// The audit events `filter` selects, oldest first (with a limit: the last N of them).
[[nodiscard]] Query audit_query(const AuditFilter& filter, const Dialect& dialect);

}  // namespace gdpr::store
