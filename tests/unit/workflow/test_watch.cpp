// `gdpr watch` (SPEC §13, lib/gdpr/workflow/watch.cpp) with a fake Lister: who may run it, which
// systems it asks, the normalized look-up among the tombstones page by page, a system that cannot
// be asked, and what of a system's answer reaches the result and the audit trail.
#include <map>

#include <doctest/doctest.h>

#include "gdpr/audit.hpp"
#include "gdpr/workflow/watch.hpp"
#include "../helpers.hpp"

using namespace gdpr;
using connectors::ListedContact;
using connectors::ListedPage;
using test::World;

namespace {

// Hands each system the pages in `pages`; throws `broken`'s error for the systems named there.
struct FakeLister {
  std::map<std::string, std::vector<ListedPage>> pages;
  std::map<std::string, std::string> broken;  // system -> message of Error(step_failed)
  std::vector<std::string> asked;

  workflow::Lister lister() {
    return [this](const SystemConfig& system, const connectors::PageVisitor& visit) {
      asked.push_back(system.name);
      if (broken.contains(system.name)) throw Error(ErrorKind::step_failed, broken.at(system.name));
      for (const auto& page : pages[system.name]) visit(page);
    };
  }
};

SystemConfig sqlite_listing(const std::string& name) {
  SystemConfig s;
  s.name = name;
  s.kind = SystemKind::sqlite;
  s.database = "/srv/" + name + ".db";
  s.list = "SELECT nr, mail FROM kunden";
  return s;
}

SystemConfig hubspot(const std::string& name) {
  SystemConfig s;
  s.name = name;
  s.kind = SystemKind::hubspot;
  s.token_file = "/etc/gdpr/hs.token";
  return s;
}

SystemConfig command(const std::string& name) {
  SystemConfig s;
  s.name = name;
  s.erase = "erase " + name;
  return s;
}

// A World in which contact c-1 (max@example.com) was erased by request 1, and then the linked
// systems hs (hubspot), jet (sqlite with list) and crm (a command, which cannot list) were added.
struct WatchWorld {
  World w{test::Where::memory};
  FakeLister fake;

  WatchWorld() {
    w.contact("c-1", "max@example.com");
    w.contact("c-2", "erika@example.com");  // not erased
    const auto id = w.request("c-1");
    REQUIRE(w.as("bob").approve(id, "", test::yes()).erased);
    w.config.systems = {hubspot("hs"), sqlite_listing("jet"), command("crm")};
  }
  workflow::WatchResult watch(const std::optional<std::string>& only = std::nullopt, const std::string& actor = "bob") {
    return w.as(actor).watch(only, fake.lister());
  }
  [[nodiscard]] std::vector<AuditEvent> events(const std::string& action) {
    std::vector<AuditEvent> out;
    w.as("x").audit(AuditFilter{}, [&](const AuditEvent& e) {
      if (e.action == action) out.push_back(e);
    });
    return out;
  }
};

}  // namespace

TEST_SUITE("watch") {
  TEST_CASE("Watch::run finds an erased person written differently, over several pages") {
    WatchWorld v;
    v.fake.pages["jet"] = {{{"K-1", "someone@example.org"}, {"K-2", "erika@example.com"}},
                           {{"K-3", ""}, {"K-4", "  MAX@Example.COM\t"}},
                           {{"K-5", "max@example.co"}}};
    v.fake.pages["hs"] = {{{"901", "other@example.net"}}};
    const workflow::WatchResult result = v.watch();
    CHECK_FALSE(result.no_tombstones);
    CHECK(v.fake.asked == std::vector<std::string>{"hs", "jet"});  // crm cannot list
    CHECK(result.checked == std::vector<std::string>{"hs", "jet"});
    CHECK(result.failed.empty());
    CHECK(result.listed == 6);
    REQUIRE(result.found.size() == 1);
    const workflow::WatchFind& find = result.found[0];
    CHECK(find.system == "jet");
    CHECK(find.record_id == "K-4");
    CHECK(find.contact_id == "c-1");
    CHECK(find.request_id == 1);
    CHECK(find.erased_on == "2026-11-29");
    const auto audited = v.events("watch.found");
    REQUIRE(audited.size() == 1);
    CHECK(audited[0].actor == "bob");
    CHECK(audited[0].request_id == 1);
    CHECK(audited[0].contact_id == "c-1");
    CHECK(audit::details_of(audited[0]) == nlohmann::json{{"system", "jet"}, {"record_id", "K-4"}});
    // Nothing of the e-mail in the trail.
    v.w.as("x").audit(AuditFilter{}, [](const AuditEvent& e) {
      CAPTURE(e.action);
      CHECK(e.details_text.find("example.com") == std::string::npos);
      CHECK(e.details_text.find("Example.COM") == std::string::npos);
    });
    CHECK(v.w.as("x").verify_audit().ok);
  }

  TEST_CASE("Watch::run: a system that cannot be asked is named, the others are still checked") {
    WatchWorld v;
    v.fake.broken["hs"] = "hs: HTTP 500 (listing contacts) after 3 attempts";
    v.fake.pages["jet"] = {{{"K-4", "max@example.com"}}};
    const workflow::WatchResult result = v.watch();
    CHECK(v.fake.asked == std::vector<std::string>{"hs", "jet"});
    CHECK(result.failed == std::vector<std::string>{"hs: HTTP 500 (listing contacts) after 3 attempts"});
    CHECK(result.checked == std::vector<std::string>{"jet"});
    REQUIRE(result.found.size() == 1);
    CHECK(result.found[0].system == "jet");
    SUBCASE("an error of another kind is no failed system: it ends the watch") {
      const workflow::Lister failing = [](const SystemConfig&, const connectors::PageVisitor&) {
        throw Error(ErrorKind::integrity, "the database is damaged");
      };
      CHECK_GDPR_ERROR(v.w.as("bob").watch(std::nullopt, failing), ErrorKind::integrity, "the database is damaged");
    }
  }

  TEST_CASE("Watch::run --system") {
    WatchWorld v;
    v.fake.pages["jet"] = {{{"K-4", "max@example.com"}}};
    SUBCASE("asks only that system") {
      const workflow::WatchResult result = v.watch("jet");
      CHECK(v.fake.asked == std::vector<std::string>{"jet"});
      CHECK(result.found.size() == 1);
    }
    SUBCASE("a name the policy does not have is a usage error") {
      CHECK_GDPR_ERROR(v.watch("nope"), ErrorKind::usage,
                       "--system nope: the policy of built-in defaults has no such linked system (it has: hs, jet, "
                       "crm)");
      CHECK(v.fake.asked.empty());
    }
    SUBCASE("a system that cannot list is a configuration error") {
      CHECK_GDPR_ERROR(v.watch("crm"), ErrorKind::config,
                       "systems.crm cannot list its contacts: `gdpr watch` asks kinds hubspot and mailchimp, and "
                       "sqlite or postgresql systems with list = the statement that lists (record id, e-mail) "
                       "(docs/linked-systems.md)");
      CHECK(v.fake.asked.empty());
    }
    SUBCASE("no system that can list at all") {
      v.w.config.systems = {command("crm")};
      CHECK_GDPR_KIND(v.watch(), ErrorKind::config);
    }
    CHECK(v.events("watch.found").size() == (v.fake.asked.empty() ? 0U : 1U));
  }

  TEST_CASE("Watch::run is for workers, reviewers and admins") {
    WatchWorld v;
    v.w.config.requesters = {"alice"};
    v.w.config.workers = {"gdpr-worker"};
    v.w.config.admins = {"root"};
    CHECK_GDPR_ERROR(v.watch(std::nullopt, "alice"), ErrorKind::forbidden,
                     "`gdpr watch` is refused: 'alice' is not a worker, reviewer or admin (roles in built-in "
                     "defaults); run it as the worker's user, as cron does");
    CHECK(v.fake.asked.empty());
    CHECK_NOTHROW((void)v.watch(std::nullopt, "gdpr-worker"));
    CHECK_NOTHROW((void)v.watch(std::nullopt, "root"));
    CHECK_NOTHROW((void)v.watch(std::nullopt, "carol"));
  }

  TEST_CASE("Watch::run without tombstones asks nobody") {
    World w{test::Where::memory};
    w.contact("c-1");
    w.config.systems = {sqlite_listing("jet")};
    FakeLister fake;
    fake.pages["jet"] = {{{"K-1", "max@example.com"}}};
    const workflow::WatchResult result = w.as("bob").watch(std::nullopt, fake.lister());
    CHECK(result.no_tombstones);
    CHECK(fake.asked.empty());
    CHECK(result.found.empty());
    CHECK(result.checked.empty());
    CHECK(result.listed == 0);
  }

  TEST_CASE("Watch::run: a hostile record id is replaced, in the result and in the trail") {
    WatchWorld v;
    const std::string escape = "K-\x1b[31m4";
    const std::string long_id(1000, 'k');
    const std::string bidi = "K-\xe2\x80\xae" "4";  // U+202E RIGHT-TO-LEFT OVERRIDE
    const std::string broken = "K-\xff";
    v.fake.pages["jet"] = {{{escape, "max@example.com"}, {long_id, "max@example.com"}, {bidi, "max@example.com"},
                            {broken, "max@example.com"}, {"", "max@example.com"}, {std::string(128, 'k'), "max@example.com"}}};
    const workflow::WatchResult result = v.watch("jet");
    REQUIRE(result.found.size() == 6);
    CHECK(result.found[0].record_id == "(not printable, 8 bytes)");
    CHECK(result.found[1].record_id == "(not printable, 1000 bytes)");
    CHECK(result.found[2].record_id == "(not printable, 6 bytes)");
    CHECK(result.found[3].record_id == "(not printable, 3 bytes)");
    CHECK(result.found[4].record_id == "(not printable, 0 bytes)");
    CHECK(result.found[5].record_id == std::string(128, 'k'));  // short printable text stays
    const auto audited = v.events("watch.found");
    REQUIRE(audited.size() == 6);
    CHECK(audit::details_of(audited[0]).at("record_id") == "(not printable, 8 bytes)");
    CHECK(audit::details_of(audited[1]).at("record_id") == "(not printable, 1000 bytes)");
  }
}
