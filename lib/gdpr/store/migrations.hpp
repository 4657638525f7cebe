// The numbered migrations of each SQL dialect (lib/gdpr/store/sql/<dialect>/NNN_name.sql,
// embedded at build time by cmake/EmbedSql.cmake) and the one runner both stores use.
#pragma once
#include <functional>
#include <span>
#include <string_view>

namespace gdpr::sql {

// Migration `version` brings a schema from version - 1 to version. Never edit one that has
// shipped: add the next.
struct Migration {
  int version;
  std::string_view name;
  std::string_view text;
};

enum class Dialect { sqlite, postgresql };

// Every migration of the dialect, in order.
[[nodiscard]] std::span<const Migration> migrations(Dialect dialect);

// The schema version the last migration reaches.
[[nodiscard]] int latest(Dialect dialect);

// Runs each migration after version `from`, in order, through `run` (which executes it in the
// caller's transaction); returns the version reached.
int migrate(Dialect dialect, int from, const std::function<void(const Migration&)>& run);

}  // namespace gdpr::sql
