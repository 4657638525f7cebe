#include "gdpr/store/migrations.hpp"

#include "gdpr/store/migrations_sql.hpp"

namespace gdpr::sql {

std::span<const Migration> migrations(Dialect dialect) {
  if (dialect == Dialect::sqlite) return k_sqlite;
  return k_postgresql;
}

int latest(Dialect dialect) { return static_cast<int>(migrations(dialect).size()); }

int migrate(Dialect dialect, int from, const std::function<void(const Migration&)>& run) {
  int reached = from;
  for (const Migration& m : migrations(dialect)) {
    if (m.version <= from) continue;
    run(m);
    reached = m.version;
  }
  return reached;
}

}  // namespace gdpr::sql
