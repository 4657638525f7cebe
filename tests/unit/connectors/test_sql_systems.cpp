// The SQL kinds of linked systems (SPEC §11): named parameters found outside literals, comments
// and casts and bound by number; the configuration refuses what does not fit a kind; a SQLite
// system's statements run on a real file, with no row counting as done and errors as failed steps.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "gdpr/config.hpp"
#include "gdpr/connectors/sql_params.hpp"
#include "gdpr/connectors/sql_systems.hpp"
#include "gdpr/error.hpp"
#include "../helpers.hpp"

using namespace gdpr;
using connectors::numbered;
using connectors::Placeholder;

TEST_SUITE("connectors") {
  TEST_CASE("named parameters become numbered placeholders, outside literals, comments and casts") {
    const auto n = numbered("UPDATE kunden SET aktiv = 0, note = ':id' /* :email */ WHERE kundennr = :id "
                            "OR lower(mail) = :email::text -- :request_id\n AND x = :id",
                            Placeholder::dollar, "systems.jet.hold");
    CHECK(n.text == "UPDATE kunden SET aktiv = 0, note = ':id' /* :email */ WHERE kundennr = $1 "
                    "OR lower(mail) = $2::text -- :request_id\n AND x = $1");
    CHECK(n.names == std::vector<std::string>{"id", "email"});
    const auto q = numbered("DELETE FROM \"Kunden:id\" WHERE id = :id AND r = :request_id;", Placeholder::question, "x");
    CHECK(q.text == "DELETE FROM \"Kunden:id\" WHERE id = ?1 AND r = ?2;");
    CHECK(q.names == std::vector<std::string>{"id", "request_id"});
    CHECK(numbered("SELECT 'it''s :id'", Placeholder::question, "x").names.empty());
  }

  TEST_CASE("statements that would paste or guess are refused, naming the key") {
    CHECK_GDPR_ERROR((void)numbered("DELETE FROM k WHERE id = :kundennr", Placeholder::question, "systems.jet.erase"),
                     ErrorKind::config,
                     "systems.jet.erase: unknown parameter :kundennr; a statement may use :id, :email and :request_id");
    CHECK_GDPR_KIND((void)numbered("DELETE FROM k WHERE id = ?", Placeholder::question, "x"), ErrorKind::config);
    CHECK_GDPR_KIND((void)numbered("DELETE FROM k WHERE id = $1", Placeholder::dollar, "x"), ErrorKind::config);
    CHECK_GDPR_KIND((void)numbered("DELETE FROM k WHERE id = $$x$$", Placeholder::dollar, "x"), ErrorKind::config);
    CHECK_GDPR_KIND((void)numbered("DELETE FROM k WHERE id = 'open", Placeholder::dollar, "x"), ErrorKind::config);
    CHECK_GDPR_KIND((void)numbered("DELETE FROM k /* open", Placeholder::dollar, "x"), ErrorKind::config);
    CHECK_GDPR_ERROR((void)numbered("DELETE FROM k WHERE id = :id; DROP TABLE k", Placeholder::dollar, "x"),
                     ErrorKind::config, "x: one statement per action: the text goes on after a ';'");
  }

  TEST_CASE("the configuration of the SQL kinds") {
    const Config c = parse_config(R"(
[[systems]]
name = "jet"
kind = "sqlite"
database = "/srv/jet/jet.db"
hold = "UPDATE kunden SET aktiv = 0 WHERE kundennr = :id"
erase = "DELETE FROM kunden WHERE kundennr = :id"
[[systems]]
name = "shop"
kind = "postgresql"
database = "postgresql:///shop?host=/run/postgresql"
erase = "DELETE FROM customers WHERE lower(email) = :email"
)",
                                  "c.toml");
    REQUIRE(c.systems.size() == 2);
    CHECK(c.systems[0].kind == SystemKind::sqlite);
    CHECK(c.systems[0].database == "/srv/jet/jet.db");
    CHECK(c.systems[1].kind == SystemKind::postgresql);
    const auto refused = [](const std::string& system, const std::string& message) {
      CHECK_GDPR_ERROR(parse_config("[[systems]]\nname = \"s\"\n" + system, "c.toml"), ErrorKind::config,
                       "c.toml:1: systems.s: " + message);
    };
    refused("kind = \"salesforce\"\n",
            "kind = \"salesforce\" is not a kind of linked system: \"command\", \"sqlite\", \"postgresql\", "
            "\"hubspot\" or \"mailchimp\"");
    refused("kind = \"sqlite\"\nerase = \"DELETE FROM k WHERE id = :id\"\n",
            "kind = \"sqlite\" needs database = the absolute path of the SQLite file");
    refused("kind = \"sqlite\"\ndatabase = \"jet.db\"\n",
            "database must be an absolute path (it is opened by whoever runs the step, from wherever they are)");
    refused("database = \"/srv/jet.db\"\nerase = \"rm\"\n", "database belongs to kind = \"sqlite\" or \"postgresql\"");
    refused("kind = \"postgresql\"\ndatabase = \"/srv/shop\"\n", "database must be a postgresql:// URI");
    CHECK_GDPR_KIND(parse_config("[[systems]]\nname = \"s\"\nkind = \"postgresql\"\n"
                                 "database = \"postgresql://shop:geheim@db/shop\"\n",
                                 "c.toml"),
                    ErrorKind::config);
    CHECK_GDPR_KIND(parse_config("[[systems]]\nname = \"s\"\nkind = \"postgresql\"\n"
                                 "database = \"postgresql://db/shop?password=geheim\"\n",
                                 "c.toml"),
                    ErrorKind::config);
    CHECK_GDPR_ERROR(parse_config("[[systems]]\nname = \"s\"\nkind = \"sqlite\"\ndatabase = \"/x.db\"\n"
                                  "hold = \"UPDATE k SET a = 0 WHERE n = :nr\"\n",
                                  "c.toml"),
                     ErrorKind::config,
                     "c.toml:1: systems.s.hold: unknown parameter :nr; a statement may use :id, :email and :request_id");
  }

  TEST_CASE("a SQLite system: bound values, no row is done, an error is a failed step") {
    test::TempDir dir;
    const std::string path = dir.file("jet.db");
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.exec("PRAGMA journal_mode = WAL");
      db.exec("CREATE TABLE kunden (kundennr TEXT PRIMARY KEY, aktiv INTEGER, mail TEXT)");
      db.exec("INSERT INTO kunden VALUES ('K-1', 1, 'max.mueller@example.com'), ('K-2''; DROP TABLE kunden; --', 1, 'x')");
    }
    HookInvocation step;
    step.kind = SystemKind::sqlite;
    step.database = path;
    step.timeout_seconds = 5;
    step.params = {{"id", "K-1"}, {"email", "max.mueller@example.com"}, {"request_id", "7"}};
    step.env = {{"GDPR_ACTION", "hold"}};
    step.command = "UPDATE kunden SET aktiv = 0 WHERE kundennr = :id AND mail = :email";
    CHECK(connectors::run_sqlite_step(step).ok);
    const auto aktiv = [&](const std::string& id) {
      SQLite::Database db(path);
      SQLite::Statement s(db, "SELECT aktiv FROM kunden WHERE kundennr = ?");
      s.bind(1, id);
      return s.executeStep() ? s.getColumn(0).getInt() : -1;
    };
    CHECK(aktiv("K-1") == 0);
    // A value that is SQL stays a value.
    step.params[0].second = "K-2'; DROP TABLE kunden; --";
    CHECK(connectors::run_sqlite_step(step).ok);
    CHECK(aktiv("K-2'; DROP TABLE kunden; --") == 1);  // the e-mail did not match
    // A contact without e-mail: NULL, which matches no row (not every row with an empty mail).
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE);
      db.exec("INSERT INTO kunden VALUES ('K-5', 1, ''), ('K-6', 1, '')");
    }
    const HookInvocation with_email = step;
    step.params = {{"id", "K-7"}, {"email", ""}, {"request_id", "8"}};
    step.command = "DELETE FROM kunden WHERE mail = :email";
    step.env = {{"GDPR_ACTION", "erase"}};
    CHECK(connectors::run_sqlite_step(step).ok);
    CHECK(aktiv("K-5") == 1);
    CHECK(aktiv("K-6") == 1);
    step = with_email;
    // Erase: the row and its bytes are gone; again, nothing to do is done.
    step.params[0].second = "K-1";
    step.env = {{"GDPR_ACTION", "erase"}};
    step.command = "DELETE FROM kunden WHERE kundennr = :id";
    CHECK(connectors::run_sqlite_step(step).ok);
    CHECK(connectors::run_sqlite_step(step).ok);
    CHECK(aktiv("K-1") == -1);
    std::string bytes;
    for (const std::string suffix : {"", "-wal"}) {
      std::ifstream in(path + suffix, std::ios::binary);
      bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    CHECK(bytes.find("max.mueller@example.com") == std::string::npos);
    // Errors: the engine's code recorded, its message for the user.
    step.command = "DELETE FROM kundschaft WHERE kundennr = :id";
    const HookOutcome missing_table = connectors::run_sqlite_step(step);
    CHECK_FALSE(missing_table.ok);
    CHECK(missing_table.code == "SQLITE_ERROR");
    CHECK(missing_table.describe() == "failed with SQLITE_ERROR");
    CHECK(missing_table.describe(Language::local) == "failed with SQLITE_ERROR: no such table: kundschaft");
    step.database = dir.file("missing.db");
    CHECK(connectors::run_sqlite_step(step).code == "SQLITE_CANTOPEN");
  }
  TEST_CASE("probe_answer") {
    using connectors::probe_answer;
    const std::string must = "the verify statement must return one row with one integer: 0 when the contact is gone";
    SUBCASE("0 is gone") {
      for (const std::string zero : {"0", "00", "-0"}) {
        CAPTURE(zero);
        const HookOutcome out = probe_answer(zero);
        CHECK(out.ok);
        CHECK_FALSE(out.still_there);
      }
    }
    SUBCASE("another integer is still there") {
      for (const std::string n : {"1", "42", "10", "-1", "99999999999999999999"}) {
        CAPTURE(n);
        const HookOutcome out = probe_answer(n);
        CHECK_FALSE(out.ok);
        CHECK(out.still_there);
        CHECK(out.describe() == "the contact is still there after erase");
      }
    }
    SUBCASE("no row, NULL or not an integer is a failed step") {
      for (const std::optional<std::string> answer :
           {std::optional<std::string>(), std::optional<std::string>(""), std::optional<std::string>("yes"),
            std::optional<std::string>("0.0"), std::optional<std::string>(" 0"), std::optional<std::string>("-"),
            std::optional<std::string>("1e3"), std::optional<std::string>("--1")}) {
        CAPTURE(answer.value_or("(no row)"));
        const HookOutcome out = probe_answer(answer);
        CHECK_FALSE(out.ok);
        CHECK_FALSE(out.still_there);
        CHECK(out.code == "verify");
        CHECK(out.message == must);
      }
    }
  }

  TEST_CASE("a SQLite system's verify statement: its first row's integer") {
    test::TempDir dir;
    const std::string path = dir.file("jet.db");
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.exec("CREATE TABLE kunden (kundennr TEXT PRIMARY KEY, mail TEXT)");
      db.exec("INSERT INTO kunden VALUES ('K-1', 'max@example.com')");
    }
    HookInvocation step;
    step.kind = SystemKind::sqlite;
    step.database = path;
    step.timeout_seconds = 5;
    step.params = {{"id", "K-1"}, {"email", "max@example.com"}, {"request_id", "7"}};
    step.env = {{"GDPR_ACTION", "verify"}};
    step.command = "SELECT count(*) FROM kunden WHERE kundennr = :id";
    HookOutcome out = connectors::run_sqlite_step(step);
    CHECK_FALSE(out.ok);
    CHECK(out.still_there);
    step.params[0].second = "K-2";
    out = connectors::run_sqlite_step(step);
    CHECK(out.ok);
    CHECK_FALSE(out.still_there);
    step.command = "SELECT mail FROM kunden WHERE kundennr = :id";  // no row
    out = connectors::run_sqlite_step(step);
    CHECK_FALSE(out.ok);
    CHECK_FALSE(out.still_there);
    step.command = "SELECT NULL";
    CHECK_FALSE(connectors::run_sqlite_step(step).still_there);
    CHECK_FALSE(connectors::run_sqlite_step(step).ok);
  }
}
