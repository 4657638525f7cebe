#include <doctest/doctest.h>
#include <fmt/format.h>

#include "gdpr/identity.hpp"
#include "gdpr/rules.hpp"
#include "../helpers.hpp"

using namespace gdpr;

using test::pending_by;

TEST_SUITE("rules") {
  TEST_CASE("check_can_approve") {
    Config config = test::reviewer_config();
    config.source = "cfg.toml";
    SUBCASE("a reviewer who is not the requester may") { rules::check_can_approve(pending_by("alice"), "bob", config); }
    SUBCASE("the requester never, in any spelling") {
      config.reviewers.push_back("alice");
      for (const char* name : {"alice", "Alice", "ALICE", "  alice ", "\talIce"}) {
        CAPTURE(name);
        CHECK_GDPR_ERROR(rules::check_can_approve(pending_by("alice"), name, config), ErrorKind::forbidden,
                         "four-eyes rule: 'alice' filed request 7 and may not approve it; another reviewer must");
      }
      CHECK_GDPR_KIND(rules::check_can_approve(pending_by(" Alice"), "alice", config), ErrorKind::forbidden);
    }
    SUBCASE("not a reviewer") {
      CHECK_GDPR_ERROR(rules::check_can_approve(pending_by("alice"), "mallory", config), ErrorKind::forbidden,
                       "approving request 7 is refused: 'mallory' is not a reviewer (roles.reviewers in cfg.toml)");
    }
    SUBCASE("no reviewers configured") {
      config.reviewers.clear();
      CHECK_GDPR_ERROR(rules::check_can_approve(pending_by("alice"), "bob", config), ErrorKind::forbidden,
                       "approving request 7 is refused: no reviewers are configured; set roles.reviewers in cfg.toml");
    }
    SUBCASE("already approved by the same reviewer") {
      Request r = pending_by("alice");
      r.approvals.push_back({"bob", "t", ""});
      CHECK_GDPR_ERROR(rules::check_can_approve(r, "BOB", config), ErrorKind::conflict,
                       "'bob' has already approved request 7; 1 distinct reviewers are needed");
    }
    SUBCASE("not pending") {
      for (const auto s : {RequestState::approved, RequestState::erased, RequestState::rejected, RequestState::withdrawn}) {
        Request r = pending_by("alice");
        r.state = s;
        CHECK_GDPR_KIND(rules::check_can_approve(r, "bob", config), ErrorKind::conflict);
      }
    }
  }

  TEST_CASE("approvals_complete") {
    Config config = test::reviewer_config();
    config.approvals_required = 2;
    Request r = pending_by("alice");
    r.approvals.push_back({"bob", "t", ""});
    CHECK(!rules::approvals_complete(r, config));
    r.approvals.push_back({"Bob ", "t", ""});  // the same reviewer twice counts once
    CHECK(!rules::approvals_complete(r, config));
    r.approvals.push_back({"alice", "t", ""});  // the requester never counts
    CHECK(!rules::approvals_complete(r, config));
    r.approvals.push_back({"mallory", "t", ""});  // nor does a non-reviewer
    CHECK(!rules::approvals_complete(r, config));
    r.approvals.push_back({"carol", "t", ""});
    CHECK(rules::approvals_complete(r, config));
  }

  TEST_CASE("rejection_state") {
    const Config config = test::reviewer_config();
    CHECK(rules::rejection_state(pending_by("alice"), "bob", config) == RequestState::rejected);
    CHECK(rules::rejection_state(pending_by("alice"), " ALICE", config) == RequestState::withdrawn);
    CHECK_GDPR_KIND(rules::rejection_state(pending_by("alice"), "mallory", config), ErrorKind::forbidden);
    Request approved = pending_by("alice");
    approved.state = RequestState::approved;
    CHECK_GDPR_KIND(rules::rejection_state(approved, "bob", config), ErrorKind::conflict);
  }

  TEST_CASE("check_can_file") {
    Config config;
    rules::check_can_file("anyone", config);
    config.requesters = {"alice"};
    rules::check_can_file("alice", config);
    CHECK_GDPR_KIND(rules::check_can_file("bob", config), ErrorKind::forbidden);
  }

  TEST_CASE("resolve_actor") {
    CHECK(resolve_actor(" Alice ", std::nullopt, "", false) == "alice");
    CHECK(resolve_actor("alice", std::string("Bob"), "--as", true) == "bob");
    CHECK_GDPR_ERROR(resolve_actor("alice", std::string("bob"), "--as", false), ErrorKind::forbidden,
                     "--as may not name another actor: identity.allow_override is false in the database's policy "
                     "(`gdpr policy show`; it is chosen when the database is created); you "
                     "act as 'alice'");
    CHECK_GDPR_KIND(resolve_actor("alice", std::string("  "), "$GDPR_ACTOR", true), ErrorKind::usage);
  }
}

TEST_SUITE("rules policy") {

  TEST_CASE("check_is_admin") {
    Config c;
    c.admins = {"root"};
    c.source = "the policy";
    rules::check_is_admin("root", c, "changing the policy");
    CHECK_GDPR_ERROR(rules::check_is_admin("bob", c, "changing the policy"), ErrorKind::forbidden,
                     "changing the policy is refused: 'bob' is not an admin (roles.admins in the policy); an admin "
                     "grants the role with `gdpr role grant admin bob`");
  }

  TEST_CASE("eligible_approvers") {
    Config config;
    config.reviewers = {"alice", "bob", "carol"};
    Request r = pending_by("alice");
    CHECK(rules::eligible_approvers(r, config) == std::vector<std::string>{"bob", "carol"});
    r.approvals.push_back(Approval{"Bob", "2026-11-29T12:00:00Z", ""});   // names compare normalized
    r.approvals.push_back(Approval{"dave", "2026-11-29T12:00:00Z", ""});  // not a reviewer: counts for nothing
    CHECK(rules::eligible_approvers(r, config) == std::vector<std::string>{"carol"});
    r.state = RequestState::approved;
    CHECK(rules::eligible_approvers(r, config).empty());
  }

  TEST_CASE("check_assignee") {
    Config config;
    config.reviewers = {"bob"};
    config.source = "team.toml";
    rules::check_assignee("bob", config);
    CHECK_GDPR_ERROR(rules::check_assignee("mallory", config), ErrorKind::usage,
                     "--assign 'mallory': not a reviewer (roles.reviewers in team.toml)");
  }

  TEST_CASE("check_role_name and check_keeps_an_admin") {
    rules::check_role_name("bob");
    CHECK_GDPR_ERROR(rules::check_role_name(""), ErrorKind::usage,
                     "'' is not a name: a name is non-empty and has no control characters");
    CHECK_GDPR_KIND(rules::check_role_name("bob\nalice"), ErrorKind::usage);
    rules::check_keeps_an_admin({"carol"}, "alice");
    CHECK_GDPR_ERROR(rules::check_keeps_an_admin({}, "alice"), ErrorKind::conflict,
                     "'alice' is the last admin; grant the role to someone else first");
  }

  TEST_CASE("check_policy_change") {
    Config current;
    Config file;
    file.source = "new.toml";
    rules::check_policy_change(current, file, "gdpr.db");  // the key not set: stays
    file.keys_set.insert("identity.allow_override");
    rules::check_policy_change(current, file, "gdpr.db");  // set to the same value
    file.allow_override = !current.allow_override;
    CHECK_GDPR_ERROR(rules::check_policy_change(current, file, "gdpr.db"), ErrorKind::config,
                     fmt::format("new.toml sets identity.allow_override = {}, but it can only be chosen when the "
                                 "database is created (it is {} in gdpr.db); remove the key from the file",
                                 file.allow_override, current.allow_override));
  }

  TEST_CASE("check_policy_confirmed") {
    rules::check_policy_confirmed(Confirmation::given);
    CHECK_GDPR_ERROR(rules::check_policy_confirmed(Confirmation::declined), ErrorKind::usage,
                     "not confirmed: the policy stays as it is, nothing was changed");
  }

  TEST_CASE("check_is_reviewer") {
    Config config = test::reviewer_config();
    config.source = "cfg.toml";
    rules::check_is_reviewer("carol", config, "assigning request 7");
    CHECK_GDPR_ERROR(rules::check_is_reviewer("mallory", config, "assigning request 7"), ErrorKind::forbidden,
                     "assigning request 7 is refused: 'mallory' is not a reviewer (roles.reviewers in cfg.toml)");
    config.reviewers.clear();
    CHECK_GDPR_ERROR(rules::check_is_reviewer("carol", config, "extending request 7"), ErrorKind::forbidden,
                     "extending request 7 is refused: no reviewers are configured; set roles.reviewers in cfg.toml");
  }

  TEST_CASE("check_can_finish_erasure") {
    Config config = test::reviewer_config();
    config.source = "cfg.toml";
    config.admins = {"root"};
    Request approved = pending_by("alice");
    approved.state = RequestState::approved;
    SUBCASE("a reviewer who did not file it, or an admin, may") {
      rules::check_can_finish_erasure(approved, "bob", config);
      rules::check_can_finish_erasure(approved, "root", config);
    }
    SUBCASE("the requester may not, even as a reviewer") {
      config.reviewers.push_back("alice");
      CHECK_GDPR_ERROR(rules::check_can_finish_erasure(approved, "alice", config), ErrorKind::forbidden,
                       "four-eyes rule: 'alice' filed request 7; another reviewer (or an admin's `gdpr retry`) must "
                       "run and finish its erasure");
    }
    SUBCASE("someone who is neither reviewer nor admin may not") {
      CHECK_GDPR_ERROR(rules::check_can_finish_erasure(approved, "mallory", config), ErrorKind::forbidden,
                       "'mallory' is not a reviewer (roles.reviewers in cfg.toml): only a reviewer who did not file "
                       "request 7, or an admin, runs and finishes its erasure");
    }
  }
}
