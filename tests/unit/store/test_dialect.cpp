// The queries both stores run, written once over the dialect seam (lib/gdpr/store/dialect.hpp):
// the same filter gives the same statement in each dialect but for placeholders, booleans, the
// schema and the insertion order. That each store runs them right is tested in
// test_sqlite_store.cpp and on a real server (tests/pg/).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "gdpr/store/dialect.hpp"

using namespace gdpr;

TEST_SUITE("store.dialect") {
  TEST_CASE("contacts_query") {
    ContactFilter f;
    store::Query q = store::contacts_query(f, store::k_sqlite, "id");
    CHECK(q.sql == "SELECT id FROM contacts WHERE 1 ORDER BY rowid");
    CHECK(q.params.empty());

    f.status = ContactStatus::on_hold;
    f.newsletter = true;
    f.limit = 20;
    q = store::contacts_query(f, store::k_sqlite, "id");
    CHECK(q.sql == "SELECT id FROM contacts WHERE 1 AND status = ?1 AND status = 'active' AND block_all_mail = 0 "
                   "AND block_newsletter = 0 ORDER BY rowid LIMIT ?2");
    CHECK(q.params == std::vector<std::string>{"on-hold", "20"});
    q = store::contacts_query(f, store::k_postgresql, "id");
    CHECK(q.sql == "SELECT id FROM gdpr.contacts WHERE true AND status = $1 AND status = 'active' AND "
                   "block_all_mail = false AND block_newsletter = false ORDER BY pos LIMIT $2");
    CHECK(q.params == std::vector<std::string>{"on-hold", "20"});
  }

  TEST_CASE("contacts_query: mailable is active without the all-mail block") {
    ContactFilter f;
    f.mailable = true;
    const store::Query q = store::contacts_query(f, store::k_postgresql, "id");
    CHECK(q.sql == "SELECT id FROM gdpr.contacts WHERE true AND status = 'active' AND block_all_mail = false ORDER BY pos");
    Contact c;
    CHECK(c.mailable());  // the same rule in C++ (model.hpp)
    c.block_all_mail = true;
    CHECK_FALSE(c.mailable());
  }

  TEST_CASE("audit_query") {
    AuditFilter f;
    CHECK(store::audit_query(f, store::k_sqlite).sql ==
          fmt::format("SELECT {} FROM audit WHERE 1 ORDER BY seq", store::k_audit_columns));
    f.request_id = 7;
    f.actor = "bob";
    f.since = "2026-11-01";
    f.limit = 3;
    const store::Query q = store::audit_query(f, store::k_postgresql);
    CHECK(q.sql == fmt::format("SELECT * FROM (SELECT {} FROM gdpr.audit WHERE true AND request_id = $1 AND actor = $2 "
                               "AND at >= $3 ORDER BY seq DESC LIMIT $4) AS last ORDER BY seq",
                               store::k_audit_columns));
    CHECK(q.params == std::vector<std::string>{"7", "bob", "2026-11-01", "3"});
  }
}
