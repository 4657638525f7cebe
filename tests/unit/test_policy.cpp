// The policy module (stored form, comparison, TOML) and the service's policy actions: adopt at
// init, apply and role changes by admins only, and audit --verify noticing an edited policy.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "gdpr/policy.hpp"
#include "helpers.hpp"

using namespace gdpr;
using test::World;

TEST_SUITE("policy") {
  TEST_CASE("to_text") {
    Config a = test::reviewer_config();
    Config b = a;
    b.reviewers = {"dave", "carol", "bob", "bob"};
    SUBCASE("role lists are sets: order and repeats do not matter") { CHECK(policy::to_text(a) == policy::to_text(b)); }
    SUBCASE("keys sorted, no white space, preferences left out") {
      a.language = "de";
      a.warn_days = 3;
      const std::string text = policy::to_text(a);
      CHECK(text.rfind(R"({"contacts":{"email_property":"email"},"erasure":{"require_verification":false},)"
                     R"("identity":{"allow_override":false},)",
                     0) == 0);
      CHECK(text.find("warn_days") == std::string::npos);
      CHECK(text.find("language") == std::string::npos);
      CHECK(nlohmann::json::parse(text).dump() == text);  // compact: no white space outside the values
    }
  }

  TEST_CASE("load") {
    Config a = test::reviewer_config();
    a.organization = "Muster GmbH";
    a.approvals_required = 2;
    a.systems.push_back(SystemConfig{.name = "crm", .hold = "h", .release = "r", .erase = "e", .timeout_seconds = 30});
    Config into;
    into.language = "de";
    policy::load(policy::to_text(a), into, "test.db");
    CHECK(policy::to_text(into) == policy::to_text(a));
    CHECK(into.language == "de");
    CHECK_GDPR_KIND(policy::load("{not json", into, "test.db"), ErrorKind::config);
  }

  TEST_CASE("load: the worker's keys, and their defaults in a policy stored before them") {
    Config a = test::reviewer_config();
    a.workers = {"gdpr-worker"};
    a.runner = StepRunner::worker;
    a.wait_seconds = 20;
    Config into;
    policy::load(policy::to_text(a), into, "test.db");
    CHECK(into.workers == std::vector<std::string>{"gdpr-worker"});
    CHECK(into.runner == StepRunner::worker);
    CHECK(into.wait_seconds == 20);
    CHECK(parse_config(policy::to_toml(a), "shown.toml").runner == StepRunner::worker);
    // A policy stored before issue 18 has no "steps" and no roles.workers: the defaults, never
    // the file's (SPEC §2: the policy never comes from a file the user chooses).
    auto old = nlohmann::json::parse(policy::to_text(test::reviewer_config()));
    old.erase("steps");
    old["roles"].erase("workers");
    policy::load(old.dump(), into, "test.db");
    CHECK(into.workers.empty());
    CHECK(into.runner == StepRunner::in_command);
    CHECK(into.wait_seconds == 60);
  }

  TEST_CASE("load: the keys of the proof of erasure, and their defaults in a policy stored before them") {
    const Config a = parse_config(R"(
[erasure]
require_verification = true
[[systems]]
name = "jet"
kind = "sqlite"
database = "/srv/jet.db"
erase = "DELETE FROM kunden WHERE nr = :id"
verify = "SELECT count(*) FROM kunden WHERE nr = :id"
list = "SELECT nr, mail FROM kunden"
verify_seconds = 3
[[systems]]
name = "crm"
erase = "crm-erase"
verify = "crm-verify"
verify_seconds = 0
[[systems]]
name = "hs"
kind = "hubspot"
token_file = "/etc/gdpr/hs.token"
)",
                                  "policy.toml");
    Config into;
    policy::load(policy::to_text(a), into, "test.db");
    CHECK(into.require_verification);
    REQUIRE(into.systems.size() == 3);
    CHECK(into.systems[0].verify == "SELECT count(*) FROM kunden WHERE nr = :id");
    CHECK(into.systems[0].list == "SELECT nr, mail FROM kunden");
    CHECK(into.systems[0].verify_seconds == 3);
    CHECK(into.systems[1].verify == "crm-verify");
    CHECK(into.systems[1].verify_seconds == 0);
    CHECK(into.systems[2].verify == "hubspot: get");
    CHECK(policy::to_text(into) == policy::to_text(a));
    // Shown as TOML and read back: the same policy.
    CHECK(policy::to_text(parse_config(policy::to_toml(a), "shown.toml")) == policy::to_text(a));
    // A policy stored before issue 22: no "erasure", no verify, list or verify_seconds.
    auto old = nlohmann::json::parse(policy::to_text(a));
    old.erase("erasure");
    for (auto& s : old["systems"]) {
      s.erase("verify");
      s.erase("list");
      s.erase("verify_seconds");
    }
    policy::load(old.dump(), into, "test.db");
    CHECK_FALSE(into.require_verification);
    REQUIRE(into.systems.size() == 3);
    CHECK(into.systems[0].verify.empty());
    CHECK(into.systems[0].list.empty());
    CHECK(into.systems[0].verify_seconds == 10);
    CHECK(into.systems[1].verify.empty());
    CHECK(into.systems[1].verify_seconds == 10);
    CHECK(into.systems[2].verify == "hubspot: get");  // built in, also without the key
    CHECK(into.systems[2].verify_seconds == 10);
  }

  TEST_CASE("to_text: a system without the keys of the proof of erasure keeps its stored form") {
    Config a = test::reviewer_config();
    a.systems.push_back(SystemConfig{.name = "crm", .hold = "h", .release = "r", .erase = "e", .timeout_seconds = 30});
    const auto doc = nlohmann::json::parse(policy::to_text(a));
    CHECK_FALSE(doc.at("systems").at(0).contains("verify"));
    CHECK_FALSE(doc.at("systems").at(0).contains("list"));
    CHECK_FALSE(doc.at("systems").at(0).contains("verify_seconds"));
    a.systems[0].verify_seconds = 0;
    CHECK(nlohmann::json::parse(policy::to_text(a)).at("systems").at(0).at("verify_seconds") == 0);
  }

  TEST_CASE("conflicts") {
    Config database = test::reviewer_config();
    SUBCASE("a key the file does not set is no conflict") {
      const Config file = parse_config("language = \"de\"\n", "mine.toml");
      CHECK(policy::conflicts(file, database).empty());
    }
    SUBCASE("the same value is fine") {
      const Config file = parse_config("[roles]\nreviewers = [\"Dave\", \"bob\", \"carol\"]\n", "mine.toml");
      CHECK(policy::conflicts(file, database).empty());
    }
    SUBCASE("another value is one, named with both values") {
      const Config file = parse_config("[roles]\nreviewers = [\"me\"]\n[identity]\nallow_override = true\n", "mine.toml");
      const auto c = policy::conflicts(file, database);
      REQUIRE(c.size() == 2);
      CHECK(c[0].key == "identity.allow_override");
      CHECK(c[1].key == "roles.reviewers");
      CHECK(c[1].from == R"(["bob","carol","dave"])");
      CHECK(c[1].to == R"(["me"])");
      CHECK(policy::conflict_message(file, c[1], "g.db") ==
            "mine.toml sets roles.reviewers = [\"me\"], but the policy of g.db has [\"bob\",\"carol\",\"dave\"]: the "
            "database's policy is the one in force. Remove the key from the file, or have an admin run `gdpr policy "
            "apply FILE`");
    }
    SUBCASE("no [[systems]] in the file cannot drop the database's systems") {
      database.systems.push_back(SystemConfig{.name = "crm", .hold = "h", .release = "r", .erase = "e", .timeout_seconds = 60});
      const Config file = parse_config("[roles]\nreviewers = [\"bob\", \"carol\", \"dave\"]\n", "mine.toml");
      CHECK(policy::conflicts(file, database).empty());
    }
  }

  TEST_CASE("to_toml") {
    Config a = test::reviewer_config();
    a.admins = {"root"};
    a.systems.push_back(SystemConfig{.name = "crm", .hold = "/bin/true", .release = "", .erase = "/bin/true", .timeout_seconds = 30});
    const Config back = parse_config(policy::to_toml(a), "shown.toml");
    CHECK(policy::to_text(back) == policy::to_text(a));
  }

  TEST_CASE("adopt_policy") {
    World w;
    Service root = w.as("root");
    CHECK(root.adopt_policy());
    CHECK_FALSE(root.adopt_policy());
    Config stored;
    policy::load(*w.store->policy_text(), stored, "test.db");
    CHECK(stored.admins == std::vector<std::string>{"root"});
    CHECK(stored.reviewers == std::vector<std::string>{"bob", "carol", "dave"});
    std::vector<AuditEvent> events;
    root.audit(AuditFilter{}, [&](const AuditEvent& e) { events.push_back(e); });
    REQUIRE(events.size() == 1);
    CHECK(events[0].action == "policy.set");
    CHECK(audit::details_of(events[0]).at("policy_sha256") == policy::hash(*w.store->policy_text()));
    CHECK(root.verify_audit().ok);
  }

  TEST_CASE("apply_policy and change_role") {
    World w;
    w.config.admins = {"root"};
    w.as("root").adopt_policy();
    const std::string before = *w.store->policy_text();
    SUBCASE("a non-admin is refused, nothing changes") {
      const Config file = parse_config("[roles]\nreviewers = [\"alice\"]\n", "f.toml");
      CHECK_GDPR_KIND(w.as("bob").apply_policy(file, nullptr), ErrorKind::forbidden);
      CHECK_GDPR_KIND(w.as("bob").change_role(RoleKind::reviewer, Membership::grant, {"alice"}), ErrorKind::forbidden);
      CHECK(*w.store->policy_text() == before);
    }
    SUBCASE("allow_override cannot be switched after creation") {
      const Config file = parse_config("[identity]\nallow_override = true\n", "f.toml");
      CHECK_GDPR_ERROR(w.as("root").apply_policy(file, nullptr), ErrorKind::config,
                       "f.toml sets identity.allow_override = true, but it can only be chosen when the database is "
                       "created (it is false in " + w.store->location() + "); remove the key from the file");
    }
    SUBCASE("not confirmed: nothing changes") {
      const Config file = parse_config("[roles]\nreviewers = [\"alice\"]\n", "f.toml");
      CHECK_GDPR_KIND(w.as("root").apply_policy(file, [](const auto&) { return false; }), ErrorKind::usage);
      CHECK(*w.store->policy_text() == before);
    }
    SUBCASE("an admin applies: the difference, admins kept, one audited event") {
      const Config file = parse_config("[roles]\nreviewers = [\"alice\", \"bob\"]\napprovals_required = 2\n", "f.toml");
      std::vector<policy::Difference> asked;
      const PolicyChange change = w.as("root").apply_policy(file, [&](const auto& d) {
        asked = d;
        return true;
      });
      CHECK(change.applied);
      REQUIRE(asked.size() == 3);  // reviewers, approvals_required and the assignee back to its default
      CHECK(asked[0].key == "roles.reviewers");
      Config stored;
      policy::load(*w.store->policy_text(), stored, "test.db");
      CHECK(stored.admins == std::vector<std::string>{"root"});
      CHECK(stored.approvals_required == 2);
      CHECK(w.as("root").verify_audit().ok);
    }
    SUBCASE("roles: granted once, the last admin stays") {
      CHECK(w.as("root").change_role(RoleKind::requester, Membership::grant, {"Alice", "alice"}) ==
            std::vector<std::string>{"alice"});
      CHECK_GDPR_ERROR(w.as("root").change_role(RoleKind::admin, Membership::revoke, {"root"}), ErrorKind::conflict,
                       "'root' is the last admin; grant the role to someone else first");
      CHECK_GDPR_KIND(w.as("root").change_role(RoleKind::admin, Membership::grant, {"bo\x1b" "b"}), ErrorKind::usage);
      CHECK(w.as("root").verify_audit().ok);
    }
    SUBCASE("a policy written outside gdpr is found by verify_audit") {
      Config widened = w.config;
      widened.reviewers.emplace_back("alice");
      {
        auto tx = w.store->begin_write();
        w.store->put_policy(policy::to_text(widened));
        tx->commit();
      }
      const auto v = w.as("root").verify_audit();
      CHECK_FALSE(v.ok);
      CHECK(v.first_bad_seq == 1);
    }
  }

  TEST_CASE("erasure blanks out the contact's values in free texts") {
    World w;
    w.contact("c-1");
    const std::int64_t rid = w.request("c-1");
    std::vector<std::string> warnings;
    Service bob = w.as("bob");
    bob.set_warning_sink([&](const std::string& m) { warnings.push_back(m); });
    bob.comment(rid, "Spoke to MAX MÜLLER, max@example.com confirmed");
    REQUIRE(warnings.size() == 2);
    CHECK(warnings[0] == "the comment contains the value of property 'name' of contact 'c-1'; it will be blanked out "
                         "as [erased] when the contact is erased");
    bob.approve(rid, "ok for Max Müller", test::yes());
    const Request r = w.as("x").show_request(rid);
    CHECK(r.comments.at(0).text == "Spoke to [erased], [erased] confirmed");
    CHECK(r.approvals.at(0).comment == "ok for [erased]");
  }
}
