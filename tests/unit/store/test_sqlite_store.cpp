#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <fstream>

#include <sys/stat.h>

#include "../helpers.hpp"

using namespace gdpr;

TEST_SUITE("sqlite_store") {
  TEST_CASE("init creates, then reports existing") {
    test::TempDir dir;
    InitOutcome outcome{};
    (void)SqliteStore::init(dir.file("sub/a.db"), 0640, 5, outcome);
    CHECK(outcome == InitOutcome::created);
    struct stat st {};
    REQUIRE(::stat(dir.file("sub/a.db").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0640);
    auto store = SqliteStore::init(dir.file("sub/a.db"), 0600, 5, outcome);
    CHECK(outcome == InitOutcome::existed);
    CHECK(store->schema_version() == SqliteStore::k_schema_version);
    CHECK(store->secret().size() == 64);
  }

  TEST_CASE("a read-only open reads the file immutable and notices a writer that came along") {
    test::TempDir dir;
    InitOutcome outcome{};
    (void)SqliteStore::init(dir.file("a.db"), 0600, 5, outcome);
    auto reader = SqliteStore::open(dir.file("a.db"), 5, Access::read_only);
    CHECK(reader->schema_version() == SqliteStore::k_schema_version);
    CHECK_NOTHROW(reader->check_unchanged_since_open());
    {
      auto writer = SqliteStore::open(dir.file("a.db"), 5, Access::read_write);
      auto tx = writer->begin_write();
      Contact c;
      c.id = "c-1";
      writer->insert_contact(c);
      tx->commit();
    }
    CHECK_GDPR_KIND(reader->check_unchanged_since_open(), ErrorKind::conflict);
  }

  TEST_CASE("open refuses what it cannot use") {
    test::TempDir dir;
    CHECK_GDPR_KIND(SqliteStore::open(dir.file("missing.db"), 5, Access::read_write), ErrorKind::config);
    std::ofstream(dir.file("text.db")) << "this is not a database, just text that is long enough to be checked";
    CHECK_GDPR_KIND(SqliteStore::open(dir.file("text.db"), 5, Access::read_write), ErrorKind::config);
    {
      SQLite::Database other(dir.file("other.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      other.exec("CREATE TABLE t (x)");
    }
    CHECK_GDPR_KIND(SqliteStore::open(dir.file("other.db"), 5, Access::read_write), ErrorKind::config);
    InitOutcome outcome{};
    CHECK_GDPR_KIND(SqliteStore::init(dir.file("other.db"), 0600, 5, outcome), ErrorKind::config);
    (void)SqliteStore::init(dir.file("new.db"), 0600, 5, outcome);
    {
      SQLite::Database db(dir.file("new.db"), SQLite::OPEN_READWRITE);
      db.exec("PRAGMA user_version = 99");
    }
    CHECK_GDPR_ERROR(SqliteStore::open(dir.file("new.db"), 5, Access::read_only), ErrorKind::config,
                     "database " + dir.file("new.db") + " has schema version 99, newer than this gdpr (" +
                         std::to_string(SqliteStore::k_schema_version) + "); use a newer gdpr");
  }

  TEST_CASE("the audit table refuses UPDATE and DELETE") {
    test::World w;
    w.contact("c-1");
    SQLite::Database db(w.dir.file("test.db"), SQLite::OPEN_READWRITE);
    CHECK_THROWS_WITH_AS(db.exec("UPDATE audit SET actor = 'x'"), "the audit trail is append-only: UPDATE refused",
                         SQLite::Exception);
    CHECK_THROWS_WITH_AS(db.exec("DELETE FROM audit"), "the audit trail is append-only: DELETE refused",
                         SQLite::Exception);
  }

  TEST_CASE("the database refuses a second open request") {
    test::World w;
    w.contact("c-1");
    (void)w.request("c-1");
    SQLite::Database db(w.dir.file("test.db"), SQLite::OPEN_READWRITE);
    CHECK_THROWS_AS(db.exec("INSERT INTO requests (contact_id, state, reason, requested_by, requested_at, "
                            "received_on, due_on) VALUES ('c-1', 'pending', 'x', 'a', 't', '2026-01-01', '2026-02-01')"),
                    SQLite::Exception);
  }
}

TEST_SUITE("sqlite_store") {
  TEST_CASE("stored properties are read in the fast form and, failing that, by the JSON parser") {
    test::World w;
    w.contact("c-1");
    {
      SQLite::Database db(w.dir.file("test.db"), SQLite::OPEN_READWRITE);
      db.exec(R"(UPDATE contacts SET properties = '[ ["name", "J\u00fcrgen"], ["note", "a\/b"] ]' WHERE id = 'c-1')");
    }
    const Contact c = w.as("x").show_contact("c-1");
    CHECK(c.properties == Properties{{"name", "Jürgen"}, {"note", "a/b"}});
    {
      SQLite::Database db(w.dir.file("test.db"), SQLite::OPEN_READWRITE);
      db.exec(R"(UPDATE contacts SET properties = '[["name", 5]]' WHERE id = 'c-1')");
    }
    CHECK_GDPR_KIND(w.as("x").show_contact("c-1"), ErrorKind::config);
  }

  TEST_CASE("property names of the selected contacts, in order of first appearance, in both stored forms") {
    test::World w;
    w.as("alice").add_contact("c-1", {{"name", "A"}, {"email", "a@example.com"}}, Readmit::no);
    w.as("alice").add_contact("c-2", {{"city", "Wien"}, {"name", "B"}}, Readmit::no);
    w.as("alice").add_contact("c-3", {{"phone", "1"}}, Readmit::no);
    w.as("alice").add_contact("c-4", {{"fax", "2"}}, Readmit::no);
    (void)w.as("alice").set_block("c-3", BlockKind::all_mail, BlockChange::set);
    {
      // c-4 in a form only the JSON parser reads (spaces, an escaped slash)
      SQLite::Database db(w.dir.file("test.db"), SQLite::OPEN_READWRITE);
      db.exec(R"(UPDATE contacts SET properties = '[ ["f\/ax", "2"] ]' WHERE id = 'c-4')");
    }
    CHECK(w.as("x").list_property_names(ContactFilter{}) ==
          std::vector<std::string>{"name", "email", "city", "phone", "f/ax"});
    ContactFilter mailable;
    mailable.mailable = true;
    CHECK(w.as("x").list_property_names(mailable) == std::vector<std::string>{"name", "email", "city", "f/ax"});
    ContactFilter first;
    first.limit = 1;
    CHECK(w.as("x").list_property_names(first) == std::vector<std::string>{"name", "email"});
  }

  TEST_CASE("an in-memory store carries the whole workflow") {
    test::World w{test::Where::memory};
    CHECK(w.store->location() == ":memory:");
    CHECK(w.store->schema_version() == SqliteStore::k_schema_version);
    w.contact("c-1");
    const auto id = w.request("c-1");
    CHECK(w.store->find_contact("c-1")->status == ContactStatus::on_hold);
    const DecisionResult r = w.as("bob").approve(id, "", test::yes());
    CHECK(r.erased);
    CHECK_FALSE(r.scrub_incomplete);
    CHECK(w.store->find_contact("c-1")->status == ContactStatus::erased);
    CHECK(w.store->find_contact("c-1")->properties.empty());
    CHECK(w.as("bob").verify_audit().ok);
  }
}
