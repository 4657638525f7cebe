// The seam between the two stores (docs/ARCHITECTURE.md, "Storage"): what differs between
// SQLite's SQL and PostgreSQL's is named here once. Every statement of the workflow is written
// once, in a canonical form — PostgreSQL's numbered placeholders ($1, $2, ...; a number may be
// used twice), tables qualified by the schema `gdpr.`, booleans as `true`/`false`, which both
// engines read — and each connection renders it for its engine (render()). What both stores
// ask that depends on a filter is built here too: the queries of the contact, request and audit
// filters.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gdpr/store.hpp"

namespace gdpr::store {

struct Dialect {
  char placeholder;                  // '$' (PostgreSQL: $1, $2, ...) or '?' (SQLite: ?1, ?2, ...)
  bool qualified;                    // tables keep their schema `gdpr.` (PostgreSQL)
  std::string_view insertion_order;  // the column that orders contacts as they were added
  std::string_view id_prefix;        // "id starts with $1" as a range on the key (completion)
  std::string_view last_character;   // U+10FFFF, which sorts after every character of a text
  std::string_view bucket_series;    // `WITH buckets (n)`: the numbers 0 to $1
  std::string_view returning;        // what an INSERT of a contact adds to return its position, if
                                     // the connection has no last_insert_position()
  bool arrays;                       // takes a text array parameter ($1::text[], array_literal())
};

inline constexpr Dialect k_sqlite{'?', false, "rowid", "id >= $1 AND id < $1 || char(1114111)", "char(1114111)",
                                   "WITH RECURSIVE buckets (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM buckets WHERE n < $1)",
                                   "", false};
inline constexpr Dialect k_postgresql{'$', true, "pos", "starts_with(id, $1)", "chr(1114111)",
                                       "WITH buckets (n) AS (SELECT generate_series(0, $1::bigint))",
                                       " RETURNING pos", true};

// `canonical` in the dialect's SQL: placeholders and the schema qualifier. The canonical texts
// are the project's own literals and hold no string constant with '$' or "gdpr.".
[[nodiscard]] std::string render(std::string_view canonical, const Dialect& dialect);

// A PostgreSQL array literal of texts (`{"a","b \\"c\\""}`), for a `$n::text[]` parameter: each
// element quoted, its backslashes and double quotes escaped, so any text (NUL aside) stays inert.
void append_array_literal(std::string& out, const std::vector<std::string_view>& elements);

// A field of a row in COPY's text format: backslash, tab, newline and carriage return escaped,
// so any text (NUL aside) stays one inert field; the caller adds the tabs and the newline.
void append_copy_field(std::string& out, std::string_view text);

inline constexpr const char* k_contact_columns =
    "id, status, block_newsletter, block_all_mail, properties, erased_by_request, email_fingerprint";
inline constexpr const char* k_request_columns =
    "id, contact_id, state, reason, requested_by, requested_at, received_on, due_on, channel, assignee, extended, "
    "decided_by, decided_at, decision_reason, erased_at, extension_reason, retain_until";
inline constexpr const char* k_audit_columns = "seq, at, actor, action, request_id, contact_id, details, prev_hash, hash";

// A statement (canonical form) with its positional parameters, all as text (SQLite applies the
// column's affinity to a bound text; PostgreSQL takes every parameter as text).
struct Query {
  std::string sql;
  std::vector<std::string> params;
};

// `SELECT columns FROM contacts` as `filter` selects them, in insertion order (with its limit).
// The "mailable" rule is Contact::mailable() (model.hpp) in SQL: active and no all-mail block.
[[nodiscard]] Query contacts_query(const ContactFilter& filter, const Dialect& dialect, std::string_view columns);

// The requests `filter` selects (k_request_columns), earliest due first.
[[nodiscard]] Query requests_query(const RequestFilter& filter);
// The ids of the same requests, unordered: a subquery for their approvals, comments and steps.
[[nodiscard]] Query request_ids_query(const RequestFilter& filter);

// The audit events `filter` selects, oldest first (with a limit: the last N of them).
[[nodiscard]] Query audit_query(const AuditFilter& filter);

}  // namespace gdpr::store
