// The named parameters of a linked database's statements (SPEC §11): `:id`, `:email` and
// `:request_id`, found outside string literals, quoted identifiers, comments and `::` casts, and
// turned into the engine's numbered placeholders, so that the values are bound by the engine's
// own library and never pasted into the SQL.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace gdpr::connectors {

// The parameters a statement may use.
inline constexpr std::array<std::string_view, 3> k_sql_parameters = {"id", "email", "request_id"};

// A statement with numbered placeholders, and the parameter each number binds (1-based: names[0]
// is placeholder 1; a name used twice is one number).
struct NumberedSql {
  std::string text;
  std::vector<std::string> names;
};

// Which placeholder the engine reads: SQLite `?1`, PostgreSQL `$1`.
enum class Placeholder { question, dollar };

// `sql` with each `:name` replaced by a numbered placeholder. Error(config) naming `what` (e.g.
// "systems.jet.hold") for a parameter that is not one of k_sql_parameters, for a placeholder of
// the engine's own (`?`, `$1`: values are bound by name only), for an unterminated literal or
// comment, and for more than one statement.
[[nodiscard]] NumberedSql numbered(std::string_view sql, Placeholder style, std::string_view what);

}  // namespace gdpr::connectors
