#include "gdpr/backend.hpp"

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/identity.hpp"

namespace gdpr {

Backend open_backend(const std::string& location, const Config& config, const std::string& login,
                     const std::optional<std::string>& override_name, std::string_view source, Access access) {
  Backend b;
  if (!is_postgresql_uri(location)) {
    b.actor = normalize_actor(resolve_actor(login, override_name, source, config.allow_override));
    b.store = SqliteStore::open(location, config.busy_timeout_seconds, access);
    b.config = config;
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
  // The server's rules and roles are the ones in force: it enforces them.
  b.config = config;
  const ServerRules rules = pg->rules();
  const ServerRoles roles = pg->roles();
  b.config.approvals_required = rules.approvals_required;
  b.config.reason_min_length = rules.reason_min_length;
  b.config.reviewers.clear();
  b.config.requesters.clear();
  for (const auto& r : roles.reviewers) b.config.reviewers.push_back(normalize_actor(r));
  for (const auto& r : roles.requesters) b.config.requesters.push_back(normalize_actor(r));
  // An empty requesters list means "everybody" in the configuration; on the server it means nobody.
  if (b.config.requesters.empty()) b.config.requesters.emplace_back();
  b.config.source = trf("the gdpr roles of {} (`gdpr role list`)", pg->location());
  b.postgresql = pg.get();
  b.store = std::move(pg);
  return b;
}

}  // namespace gdpr
