#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands.hpp"
#include "gdpr/i18n.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

void run_init_postgresql(Context& ctx, Format format, const std::string& uri) {
  InitOutcome outcome = InitOutcome::existed;
  auto store = PgStore::init(uri, ctx.config().busy_timeout_seconds, server_rules(ctx.config()), outcome);
  const bool created = outcome == InitOutcome::created;  // an upgraded schema "exists" (docs/postgresql.md)
  const ServerRules kept = store->rules();
  const std::string owner = store->session_user();
  const std::string location = store->location();
  store.reset();
  const bool policy_stored = ctx.service(Access::read_write, Purpose::init).adopt_policy();
  if (format == Format::json) {
    print_json({{"database", location},
                {"outcome", created ? "created" : "exists"},
                {"policy_stored", policy_stored},
                {"schema_version", PgStore::k_schema_version},
                {"owner", owner},
                {"approvals_required", kept.approvals_required},
                {"reason_min_length", kept.reason_min_length}});
    return;
  }
  if (created) {
    fmt::print("{}", trf("Created the gdpr schema in {} (owner {}; roles {} and {}; {} approval(s) required, "
                         "reasons of at least {} characters)\n",
                         shown(location), shown(owner), k_pg_requesters, k_pg_reviewers,
                         kept.approvals_required, kept.reason_min_length));
    fmt::print("{}", tr("Next: `gdpr role grant reviewer NAME...` and `gdpr role grant requester NAME...`\n"));
  } else {
    fmt::print("{}", trf("Database {} exists and is up to date (schema version {})\n", shown(location),
                         PgStore::k_schema_version));
  }
}

void run_init(Context& ctx) {
  const Format format = ctx.format({Format::text, Format::json});
  const std::string path = ctx.database_path();
  if (is_postgresql_uri(path)) {
    run_init_postgresql(ctx, format, path);
    return;
  }
  InitOutcome outcome = InitOutcome::existed;
  auto store = SqliteStore::init(path, ctx.config().file_mode, ctx.config().busy_timeout_seconds, outcome);
  const int version = store->schema_version();
  store.reset();
  // The policy of the configuration in force goes into a database that has none (a new one, or
  // one made before policies), with its policy.set event; any other is checked against it.
  Service& service = ctx.service(Access::read_write, Purpose::init);
  const bool policy_stored = service.adopt_policy();
  if (policy_stored && outcome == InitOutcome::existed) outcome = InitOutcome::migrated;
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
    fmt::print("{}", trf("Stored the policy of {} in the database; admins: {}. From now on it changes only with "
                         "`gdpr policy apply FILE` and `gdpr role`\n",
                         ctx.config().source, service.config().admins.empty() ? service.actor()
                                                         : fmt::format("{}", fmt::join(service.config().admins, ", "))));
  }
}

}  // namespace

void register_init(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("init", tr("Create the database (or migrate an older one) and print where it is"));
  cmd->callback([&ctx] { ctx.action = [&ctx] { run_init(ctx); }; });
}

}  // namespace gdpr::cli
