#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/i18n.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

void run_init(Context& ctx) {
  const Format format = ctx.format({Format::text, Format::json});
  const std::string path = ctx.database_path();
  InitOutcome outcome = InitOutcome::existed;
  const auto store = SqliteStore::init(path, ctx.config().file_mode, ctx.config().busy_timeout_seconds, outcome);
  const char* what = outcome == InitOutcome::created ? "created" : outcome == InitOutcome::migrated ? "migrated" : "exists";
  if (format == Format::json) {
    print_json({{"database", path}, {"outcome", what}, {"schema_version", store->schema_version()}});
    return;
  }
  switch (outcome) {
    case InitOutcome::created:
      fmt::print("{}", trf("Created database {} (mode {:04o})\n", path, ctx.config().file_mode));
      break;
    case InitOutcome::migrated:
      fmt::print("{}", trf("Migrated database {} to schema version {}\n", path, store->schema_version()));
      break;
    case InitOutcome::existed:
      fmt::print("{}", trf("Database {} exists and is up to date (schema version {})\n", path, store->schema_version()));
      break;
  }
}

}  // namespace

void register_init(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("init", tr("Create the database (or migrate an older one) and print where it is"));
  cmd->callback([&ctx] { ctx.action = [&ctx] { run_init(ctx); }; });
}

}  // namespace gdpr::cli
