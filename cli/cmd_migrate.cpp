#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/migrate.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct MigrateOptions {
  std::string to;
};

void run_migrate(Context& ctx, const MigrateOptions& o) {
  const Format format = ctx.format({Format::text, Format::json});
  const std::string from_path = ctx.database_path();
  const MigrateReport report = migrate_database(from_path, o.to, ctx.config());
  const MigrateResult& r = report.copied;
  if (format == Format::json) {
    print_json({{"from", from_path},
                {"to", report.to},
                {"contacts", r.contacts},
                {"requests", r.requests},
                {"audit_events", r.events},
                {"audit_head", r.verified.head}});
    return;
  }
  fmt::print("{}", trf("Copied {} contacts, {} requests and {} audit events from {} to {}; the audit chain verifies "
                       "there (head {})\n",
                       r.contacts, r.requests, r.events, shown(from_path), shown(report.to), r.verified.head.substr(0, 16)));
  ctx.note(tr("Next: grant the team its roles there (`gdpr role grant reviewer NAME...`), point $GDPR_DB or "
              "`database` at the URI, and keep the SQLite file as a backup."));
}

}  // namespace

void register_migrate(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<MigrateOptions>();
  auto* cmd = app.add_subcommand("migrate", tr("Copy this SQLite database into PostgreSQL, history unchanged"));
  cmd->add_option("--to", opts->to, tr("postgresql:// URI of the target database (initialised if needed, must be empty)"))
      ->required()
      ->option_text("URI");
  cmd->callback([&ctx, opts] { ctx.action = [&ctx, opts] { run_migrate(ctx, *opts); }; });
}

}  // namespace gdpr::cli
