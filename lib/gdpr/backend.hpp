// Opening the database a location names: an SQLite file (the embedded default) or a PostgreSQL
// server (a postgresql:// URI). Besides the two stores, this is the only code that knows there
// are two; it also decides who acts and which rules are in force, because those differ:
//
//                 actor                                   roles and rules (the policy)
//   SQLite        the OS login; --as / $GDPR_ACTOR only    the policy stored in the database
//                 with the database's                      (meta 'policy'); a configuration file
//                 identity.allow_override                  may not disagree with it
//   PostgreSQL    the authenticated role (session_user);   the stored policy, with the roles from
//                 --as / $GDPR_ACTOR refused               membership of gdpr_reviewers /
//                                                          gdpr_requesters and approvals_required
//                                                          and reason.min_length from gdpr.meta
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "gdpr/config.hpp"
#include "gdpr/migrate.hpp"
#include "gdpr/store/pg_store.hpp"
#include "gdpr/store/sqlite_store.hpp"
#include "gdpr/store.hpp"

namespace gdpr {

struct Backend {
  std::unique_ptr<Store> store;
  std::string actor;              // normalized
  Config config;                  // the configuration in force
};

// The rules `gdpr init` (and `migrate`) keep on a new PostgreSQL database: the configuration's.
[[nodiscard]] inline ServerRules server_rules(const Config& config) {
  return ServerRules{config.approvals_required, config.reason_min_length};
}

// Why a database is opened: for a command, or by `gdpr init` right after creating or upgrading
// it (then a database without a policy yet takes the configuration's, see Service::adopt_policy).
// `inspect` (policy show and apply, audit --verify) is not refused for a configuration that
// disagrees with the policy: apply is there to change it, and evidence must stay readable.
enum class Purpose { use, init, inspect };

// Opens `location` for `access` with `config` (the user's file). The policy in force is the
// database's; a file that sets a policy key to another value is refused (Error config).
// `override_name` is a requested other actor (--as or $GDPR_ACTOR, `source` says which):
// refused (usage) on PostgreSQL, and on SQLite unless the database's identity.allow_override
// (forbidden).
[[nodiscard]] Backend open_backend(const std::string& location, const Config& config, const std::string& login,
                                   const std::optional<std::string>& override_name, std::string_view source,
                                   Access access, Purpose purpose = Purpose::use);

// What `gdpr init` did to the database a location names.
struct ServerInit {
  std::string owner;   // the role that owns the gdpr schema
  ServerRules kept;    // the rules the server enforces
};
struct InitReport {
  InitOutcome outcome = InitOutcome::existed;  // an upgraded server schema "exists" (docs/postgresql.md)
  int schema_version = 0;
  std::string location;             // as messages show it (a URI without its password)
  std::optional<ServerInit> server; // set for a server (PostgreSQL)
};

// `gdpr init`: creates the database `location` names, or migrates an older schema; the policy is
// stored afterwards through the workflow (Service::adopt_policy).
[[nodiscard]] InitReport init_database(const std::string& location, const Config& config);

// `gdpr migrate`: copies the SQLite database `from` into the PostgreSQL database `to` (created
// if needed, must be empty); Error(usage) when `from` is not SQLite or `to` not PostgreSQL.
struct MigrateReport {
  MigrateResult copied;
  std::string to;  // the target's location, as messages show it
};
[[nodiscard]] MigrateReport migrate_database(const std::string& from, const std::string& to, const Config& config);

}  // namespace gdpr
