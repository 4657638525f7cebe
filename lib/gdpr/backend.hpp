// Opening the database a location names: an SQLite file (the embedded default) or a PostgreSQL
// server (a postgresql:// URI). Besides the two stores, this is the only code that knows there
// are two; it also decides who acts and which rules are in force, because those differ:
//
//                 actor                                   roles and server-kept rules
//   SQLite        the OS login; --as / $GDPR_ACTOR only    the configuration
//                 with identity.allow_override
//   PostgreSQL    the authenticated role (session_user);   membership of gdpr_reviewers /
//                 --as / $GDPR_ACTOR refused               gdpr_requesters; approvals_required and
//                                                          reason.min_length from gdpr.meta
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "gdpr/config.hpp"
#include "gdpr/pg_store.hpp"
#include "gdpr/sqlite_store.hpp"
#include "gdpr/store.hpp"

namespace gdpr {

struct Backend {
  std::unique_ptr<Store> store;
  PgStore* postgresql = nullptr;  // the same store, when it is PostgreSQL
  std::string actor;              // normalized
  Config config;                  // the configuration in force
};

// The rules `gdpr init` (and `migrate`) keep on a new PostgreSQL database: the configuration's.
[[nodiscard]] inline ServerRules server_rules(const Config& config) {
  return ServerRules{config.approvals_required, config.reason_min_length};
}

// Opens `location` for `access`. `override_name` is a requested other actor (--as or
// $GDPR_ACTOR, `source` says which): refused (usage) on PostgreSQL, and on SQLite unless
// config.allow_override (forbidden).
[[nodiscard]] Backend open_backend(const std::string& location, const Config& config, const std::string& login,
                                   const std::optional<std::string>& override_name, std::string_view source,
                                   Access access);

}  // namespace gdpr
