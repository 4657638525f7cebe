// The queries both stores run, written once over the dialect seam (lib/gdpr/store/dialect.hpp):
// one canonical text per filter, rendered for each engine (placeholders and the schema); the
// dialects differ only in the column of insertion order. That each store runs them right is
// tested in test_sqlite_store.cpp, test_sql_store.cpp and on a real server (tests/pg/).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "gdpr/store/dialect.hpp"

using namespace gdpr;

TEST_SUITE("store.dialect") {
  TEST_CASE("render") {
    SUBCASE("PostgreSQL keeps the canonical text") {
      CHECK(store::render("SELECT id FROM gdpr.contacts WHERE id = $1", store::k_postgresql) ==
            "SELECT id FROM gdpr.contacts WHERE id = $1");
    }
    SUBCASE("SQLite: numbered ? placeholders, no schema") {
      CHECK(store::render("INSERT INTO gdpr.steps (a, b) VALUES ($1, (SELECT count(*) FROM gdpr.steps WHERE a = $1 "
                          "AND b = $12))",
                          store::k_sqlite) ==
            "INSERT INTO steps (a, b) VALUES (?1, (SELECT count(*) FROM steps WHERE a = ?1 AND b = ?12))");
    }
    SUBCASE("only a whole word gdpr. is the schema; a $ without a digit stays") {
      CHECK(store::render("SELECT x.gdpr.y, gdpr_t.a, '$x' FROM gdpr.t", store::k_sqlite) ==
            "SELECT x.gdpr.y, gdpr_t.a, '$x' FROM t");
    }
  }

  TEST_CASE("contacts_query") {
    ContactFilter f;
    store::Query q = store::contacts_query(f, store::k_sqlite, "id");
    CHECK(q.sql == "SELECT id FROM gdpr.contacts WHERE true ORDER BY rowid");
    CHECK(q.params.empty());

    f.status = ContactStatus::on_hold;
    f.newsletter = true;
    f.limit = 20;
    q = store::contacts_query(f, store::k_sqlite, "id");
    CHECK(store::render(q.sql, store::k_sqlite) ==
          "SELECT id FROM contacts WHERE true AND status = ?1 AND status = 'active' AND block_all_mail = false "
          "AND block_newsletter = false ORDER BY rowid LIMIT ?2");
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

  TEST_CASE("requests_query") {
    RequestFilter f;
    CHECK(store::requests_query(f).sql ==
          fmt::format("SELECT {} FROM gdpr.requests WHERE true AND state IN ('pending', 'approved') ORDER BY due_on, id",
                      store::k_request_columns));
    f.open_only = false;
    f.state = RequestState::rejected;
    f.assignee = "carol";
    f.due_before = Date{2026, 12, 24};
    f.contact_id = "K-1";
    const store::Query q = store::requests_query(f);
    CHECK(q.sql == fmt::format("SELECT {} FROM gdpr.requests WHERE true AND state = $1 AND assignee = $2 AND "
                               "due_on < $3 AND contact_id = $4 ORDER BY due_on, id",
                               store::k_request_columns));
    CHECK(q.params == std::vector<std::string>{"rejected", "carol", "2026-12-24", "K-1"});
  }

  TEST_CASE("audit_query") {
    AuditFilter f;
    CHECK(store::audit_query(f).sql == fmt::format("SELECT {} FROM gdpr.audit WHERE true ORDER BY seq", store::k_audit_columns));
    f.request_id = 7;
    f.actor = "bob";
    f.since = "2026-11-01";
    f.limit = 3;
    const store::Query q = store::audit_query(f);
    CHECK(q.sql == fmt::format("SELECT * FROM (SELECT {} FROM gdpr.audit WHERE true AND request_id = $1 AND actor = $2 "
                               "AND at >= $3 ORDER BY seq DESC LIMIT $4) AS last ORDER BY seq",
                               store::k_audit_columns));
    CHECK(q.params == std::vector<std::string>{"7", "bob", "2026-11-01", "3"});
  }
}

TEST_CASE("append_array_literal: every element quoted, its quotes and backslashes escaped") {
  std::string out = "x";
  store::append_array_literal(out, {});
  CHECK(out == "x{}");
  out.clear();
  store::append_array_literal(out, {"a", "", "NULL", "{b,c}", "say \"hi\"", "back\\", "Grüße"});
  CHECK(out == R"({"a","","NULL","{b,c}","say \"hi\"","back\\","Grüße"})");
}

TEST_CASE("append_copy_field: backslash, tab, newline and carriage return escaped, the rest as it is") {
  std::string out = "x\t";
  store::append_copy_field(out, "");
  CHECK(out == "x\t");
  out.clear();
  store::append_copy_field(out, "a\tb\\N\r\nc");
  CHECK(out == R"(a\tb\\N\r\nc)");
  out.clear();
  store::append_copy_field(out, "\\N");  // COPY's NULL marker, as a text, stays a text
  CHECK(out == R"(\\N)");
  out.clear();
  store::append_copy_field(out, "Grüße \"quoted\", {a,b}");
  CHECK(out == "Grüße \"quoted\", {a,b}");
}
