// The parts of the PostgreSQL store that need no server: which locations are PostgreSQL, that
// passwords never reach a message, and that an unreachable server is a clear configuration error.
// What needs a server (the rules it enforces, the workflow, migrate) is in tests/pg/.
#include <doctest/doctest.h>

#include "gdpr/error.hpp"
#include "gdpr/store/pg_store.hpp"

using namespace gdpr;

TEST_CASE("a postgresql:// or postgres:// URI selects PostgreSQL, anything else is an SQLite path") {
  CHECK(is_postgresql_uri("postgresql://db.example.com/gdpr"));
  CHECK(is_postgresql_uri("postgres:///gdpr?host=/run/postgresql"));
  CHECK_FALSE(is_postgresql_uri("/srv/gdpr/gdpr.db"));
  CHECK_FALSE(is_postgresql_uri("postgresql.db"));
  CHECK_FALSE(is_postgresql_uri("./postgresql://x"));
  CHECK_FALSE(is_postgresql_uri(""));
}

TEST_CASE("redact_uri hides the password, in the authority and as a parameter") {
  CHECK(redact_uri("postgresql://bob:hunter2@db.example.com:5432/gdpr") == "postgresql://bob:***@db.example.com:5432/gdpr");
  CHECK(redact_uri("postgresql:///gdpr?host=/tmp&password=hunter2&user=bob") ==
        "postgresql:///gdpr?host=/tmp&password=***&user=bob");
  CHECK(redact_uri("postgresql:///gdpr?password=hunter2") == "postgresql:///gdpr?password=***");
  CHECK(redact_uri("postgresql://bob@db.example.com/gdpr") == "postgresql://bob@db.example.com/gdpr");
  CHECK(redact_uri("postgresql://db.example.com/gdpr?user=a@b") == "postgresql://db.example.com/gdpr?user=a@b");
}

TEST_CASE("an unreachable server is a configuration error that names the redacted URI") {
  const std::string uri = "postgresql://bob:hunter2@/gdpr?host=/nonexistent-gdpr-socket-dir&connect_timeout=2";
  try {
    (void)PgStore::open(uri, 1);
    FAIL("connected to a server that does not exist");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::config);
    const std::string message = e.what();
    CHECK(message.find("cannot connect to postgresql://bob:***@/gdpr") != std::string::npos);
    CHECK(message.find("hunter2") == std::string::npos);
  }
}
