#include "gdpr/backend.hpp"

#include <set>

#include "gdpr/error.hpp"
#include "gdpr/migrate.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/identity.hpp"
#include "gdpr/local_time.hpp"
#include "gdpr/policy.hpp"

namespace gdpr {

namespace {

// The configuration in force: the user's preferences from `file`, the policy from the database.
// A file that sets a policy key to another value is refused: the database's policy counts.
Config effective_config(Store& store, const Config& file, Purpose purpose) {
  const std::optional<std::string> stored = store.policy_text();
  if (!stored) {
    if (purpose == Purpose::init) return file;  // init stores the file's policy now
    throw Error(ErrorKind::config, trf("database {} has no policy yet (it was made by an older gdpr); run `gdpr init` "
                                       "to store the policy of your configuration in it",
                                       store.location()));
  }
  Config in_force = file;
  policy::load(*stored, in_force, store.location());
  in_force.source = trf("the policy of {} (`gdpr policy show`)", store.location());
  return in_force;
}

// `ignored`: keys another authority decides (on PostgreSQL the server's group roles).
void refuse_conflicts(const Config& file, const Config& in_force, const std::string& where,
                      const std::set<std::string>& ignored = {}) {
  if (file.keys_set.empty()) return;
  for (const auto& c : policy::conflicts(file, in_force)) {
    if (!ignored.contains(c.key)) throw Error(ErrorKind::config, policy::conflict_message(file, c, where));
  }
}

}  // namespace

Backend open_backend(const std::string& location, const Config& config, const std::string& login,
                     const std::optional<std::string>& override_name, std::string_view source, Access access,
                     Purpose purpose) {
  Backend b;
  if (!is_postgresql_uri(location)) {
    b.store = SqliteStore::open(location, config.busy_timeout_seconds, access);
    b.config = effective_config(*b.store, config, purpose);
    if (purpose != Purpose::inspect) refuse_conflicts(config, b.config, location);
    use_time_zone(b.config.timezone);  // the policy's: what "today" is for deadlines and every time shown
    // The database's identity.allow_override decides, never the file of whoever runs gdpr.
    b.actor = normalize_actor(resolve_actor(login, override_name, source, b.config.allow_override));
    return b;
  }
  // The server authenticated the actor; nobody names another, whatever the configuration says.
  if (override_name) {
    throw Error(ErrorKind::usage, trf("{} is not available with PostgreSQL: you act as the database role you log in "
                                      "as (user in the URI, $PGUSER, or your login name)",
                                      source));
  }
  auto pg = PgStore::open(location, config.busy_timeout_seconds);
  b.actor = normalize_actor(pg->session_user());
  b.config = effective_config(*pg, config, purpose);
  // The server's rules and roles are the ones in force: it enforces them.
  const ServerRules rules = pg->rules();
  const ServerRoles roles = pg->server_roles().value_or(ServerRoles{});
  b.config.approvals_required = rules.approvals_required;
  b.config.reason_min_length = rules.reason_min_length;
  b.config.reviewers.clear();
  b.config.requesters.clear();
  b.config.workers.clear();
  for (const auto& r : roles.workers) b.config.workers.push_back(normalize_actor(r));
  for (const auto& r : roles.reviewers) b.config.reviewers.push_back(normalize_actor(r));
  for (const auto& r : roles.requesters) b.config.requesters.push_back(normalize_actor(r));
  // A file's role lists mean nothing on the server: membership of its group roles decides, and
  // the server enforces it, so they are ignored rather than refused.
  if (purpose == Purpose::use) refuse_conflicts(config, b.config, pg->location(), {"roles.reviewers", "roles.requesters", "roles.workers"});
  // An empty requesters list means "everybody" in the configuration; on the server it means nobody.
  if (b.config.requesters.empty()) b.config.requesters.emplace_back();
  b.config.source = trf("the gdpr roles and policy of {} (`gdpr role list`, `gdpr policy show`)", pg->location());
  use_time_zone(b.config.timezone);
  b.store = std::move(pg);
  return b;
}

InitReport init_database(const std::string& location, const Config& config) {
  InitReport report;
  if (!is_postgresql_uri(location)) {
    auto store = SqliteStore::init(location, config.file_mode, config.busy_timeout_seconds, report.outcome);
    report.schema_version = store->schema_version();
    report.location = location;
    return report;
  }
  auto store = PgStore::init(location, config.busy_timeout_seconds, server_rules(config), report.outcome);
  report.schema_version = PgStore::k_schema_version;
  report.location = store->location();
  report.server = ServerInit{store->session_user(), store->rules()};
  return report;
}

MigrateReport migrate_database(const std::string& from, const std::string& to, const Config& config) {
  if (is_postgresql_uri(from)) {
    throw Error(ErrorKind::usage, trf("--db {} is already PostgreSQL; migrate copies an SQLite database into "
                                      "PostgreSQL",
                                      redact_uri(from)));
  }
  if (!is_postgresql_uri(to)) {
    throw Error(ErrorKind::usage, trf("--to '{}' is not a postgresql:// URI", redact_uri(to)));
  }
  const int busy = config.busy_timeout_seconds;
  auto source = SqliteStore::open(from, busy, Access::read_only);
  InitOutcome outcome = InitOutcome::existed;
  auto target = PgStore::init(to, busy, server_rules(config), outcome);
  MigrateReport report;
  report.copied = migrate(*source, *target);
  report.to = target->location();
  return report;
}

}  // namespace gdpr
