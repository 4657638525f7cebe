#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands.hpp"
#include "gdpr/i18n.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

// On a server the schema, its group roles and the rules it enforces are what `init` reports.
void print_server_init(const InitReport& report, const ServerInit& server, bool policy_stored, Format format) {
  const bool created = report.outcome == InitOutcome::created;
  if (format == Format::json) {
    print_json({{"database", report.location},
                {"outcome", created ? "created" : "exists"},
                {"policy_stored", policy_stored},
                {"schema_version", report.schema_version},
                {"owner", server.owner},
                {"approvals_required", server.kept.approvals_required},
                {"reason_min_length", server.kept.reason_min_length}});
    return;
  }
  if (created) {
    fmt::print("{}", trf("Created the gdpr schema in {} (owner {}; roles {} and {}; {} approval(s) required, "
                         "reasons of at least {} characters)\n",
                         shown(report.location), shown(server.owner), k_pg_requesters, k_pg_reviewers,
                         server.kept.approvals_required, server.kept.reason_min_length));
    fmt::print("{}", tr("Next: `gdpr role grant reviewer NAME...` and `gdpr role grant requester NAME...`\n"));
  } else {
    fmt::print("{}", trf("Database {} exists and is up to date (schema version {})\n", shown(report.location),
                         report.schema_version));
  }
}

void print_file_init(Context& ctx, InitOutcome outcome, const InitReport& report, bool policy_stored, Format format) {
  const std::string& path = report.location;
  const int version = report.schema_version;
  const char* what = outcome == InitOutcome::created ? "created" : outcome == InitOutcome::migrated ? "migrated" : "exists";
  if (format == Format::json) {
    print_json({{"database", path}, {"outcome", what}, {"schema_version", version}, {"policy_stored", policy_stored}});
    return;
  }
  switch (outcome) {
    case InitOutcome::created:
      fmt::print("{}", trf("Created database {} (mode {:04o})\n", shown(path), ctx.config().file_mode));
      break;
    case InitOutcome::migrated:
      fmt::print("{}", trf("Migrated database {} to schema version {}\n", shown(path), version));
      break;
    case InitOutcome::existed:
      fmt::print("{}", trf("Database {} exists and is up to date (schema version {})\n", shown(path), version));
      break;
  }
  if (policy_stored) {
    Service const& service = ctx.service(Access::read_write, Purpose::init);
    fmt::print("{}", trf("Stored the policy of {} in the database; admins: {}. From now on it changes only with "
                         "`gdpr policy apply FILE` and `gdpr role`\n",
                         ctx.config().source, service.config().admins.empty() ? service.actor()
                                                         : fmt::format("{}", fmt::join(service.config().admins, ", "))));
  }
}

void run_init(Context& ctx) {
  const Format format = ctx.format({Format::text, Format::json});
  const InitReport report = init_database(ctx.database_path(), ctx.config());
  // The policy of the configuration in force goes into a database that has none (a new one, or
  // one made before policies), with its policy.set event; any other is checked against it.
  const bool policy_stored = ctx.service(Access::read_write, Purpose::init).adopt_policy();
  if (report.server) {
    print_server_init(report, *report.server, policy_stored, format);
    return;
  }
  InitOutcome outcome = report.outcome;
  if (policy_stored && outcome == InitOutcome::existed) outcome = InitOutcome::migrated;
  print_file_init(ctx, outcome, report, policy_stored, format);
}

}  // namespace

void register_init(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("init", tr("Create the database (or migrate an older one) and print where it is"));
  cmd->callback([&ctx] { ctx.action = [&ctx] { run_init(ctx); }; });
}

}  // namespace gdpr::cli
