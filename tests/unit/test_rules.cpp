#include <doctest/doctest.h>

#include "gdpr/identity.hpp"
#include "gdpr/rules.hpp"
#include "helpers.hpp"

using namespace gdpr;

namespace {

Request pending_by(const std::string& requester) {
  Request r;
  r.id = 7;
  r.contact_id = "c-1";
  r.state = RequestState::pending;
  r.requested_by = requester;
  return r;
}

}  // namespace

TEST_SUITE("rules") {
  TEST_CASE("check_reason") {
    const Config config;  // 10..2000
    SUBCASE("trimmed and returned") {
      CHECK(rules::check_reason("   Customer asked by letter  \n", config) == "Customer asked by letter");
    }
    SUBCASE("code points, not bytes") {
      CHECK(rules::check_reason("Löschen ää", config) == "Löschen ää");  // 10 code points, 13 bytes
      CHECK_GDPR_ERROR(rules::check_reason("Lösch äää", config), ErrorKind::usage,
                       "reason is too short: 9 characters, at least 10 needed (reason.min_length)");
    }
    SUBCASE("empty and blank") {
      CHECK_GDPR_ERROR(rules::check_reason("", config), ErrorKind::usage,
                       "reason is empty: a written reason of at least 10 characters is required");
      CHECK_GDPR_ERROR(rules::check_reason(" \t\n ", config), ErrorKind::usage,
                       "reason is empty: a written reason of at least 10 characters is required");
    }
    SUBCASE("too long") {
      CHECK_GDPR_ERROR(rules::check_reason(std::string(2001, 'x'), config), ErrorKind::usage,
                       "reason is too long: 2001 characters, at most 2000 allowed (reason.max_length)");
      CHECK(rules::check_reason(std::string(2000, 'x'), config).size() == 2000);
    }
    SUBCASE("configured limits") {
      Config c;
      c.reason_min_length = 3;
      c.reason_max_length = 5;
      CHECK(rules::check_reason("abc", c) == "abc");
      CHECK_GDPR_KIND(rules::check_reason("abcdef", c), ErrorKind::usage);
    }
    SUBCASE("invalid UTF-8 and control characters") {
      CHECK_GDPR_ERROR(rules::check_reason("M\xFCller asked for erasure", config), ErrorKind::usage,
                       "reason is not valid UTF-8; write it in UTF-8");
      CHECK_GDPR_ERROR(rules::check_reason(std::string("Customer\0asked to erase", 23), config), ErrorKind::usage,
                       "reason contains control characters; only line breaks and tabs are allowed");
      CHECK(rules::check_reason("Line one\nline two\tok", config) == "Line one\nline two\tok");
    }
  }

  TEST_CASE("check_contact_id") {
    SUBCASE("ordinary ids, shell and SQL metacharacters included, are data") {
      rules::check_contact_id("K-10001");
      rules::check_contact_id("Müller-日本");
      rules::check_contact_id(std::string(128, 'a'));
      rules::check_contact_id("'; DROP TABLE contacts; --");
      rules::check_contact_id("$(touch /tmp/pwned)");
      rules::check_contact_id("`id`;rm x");
    }
    SUBCASE("empty") { CHECK_GDPR_ERROR(rules::check_contact_id(""), ErrorKind::usage, "contact id is empty"); }
    SUBCASE("more than 128 characters (code points, not bytes)") {
      CHECK_GDPR_ERROR(rules::check_contact_id(std::string(129, 'a')), ErrorKind::usage,
                       "contact id is 129 characters long; at most 128 are allowed");
      std::string umlauts;
      for (int i = 0; i < 128; ++i) umlauts += "ü";
      rules::check_contact_id(umlauts);
      CHECK_GDPR_ERROR(rules::check_contact_id(umlauts + "ü"), ErrorKind::usage,
                       "contact id is 129 characters long; at most 128 are allowed");
    }
    SUBCASE("C0 controls and DEL") {
      CHECK_GDPR_ERROR(rules::check_contact_id("a\x1b[31m"), ErrorKind::usage,
                       "contact id contains control characters (U+001B at character 2; tabs, line breaks, escape "
                       "sequences, ...); they are not allowed");
      CHECK_GDPR_ERROR(rules::check_contact_id("a\nb"), ErrorKind::usage,
                       "contact id contains control characters (U+000A at character 2; tabs, line breaks, escape "
                       "sequences, ...); they are not allowed");
      CHECK_GDPR_ERROR(rules::check_contact_id("\tb"), ErrorKind::usage,
                       "contact id contains control characters (U+0009 at character 1; tabs, line breaks, escape "
                       "sequences, ...); they are not allowed");
      CHECK_GDPR_ERROR(rules::check_contact_id("ab\x7f"), ErrorKind::usage,
                       "contact id contains control characters (U+007F at character 3; tabs, line breaks, escape "
                       "sequences, ...); they are not allowed");
    }
    SUBCASE("C1 controls") {
      CHECK_GDPR_ERROR(rules::check_contact_id("Mü\xc2\x9b" "2J"), ErrorKind::usage,
                       "contact id contains control characters (U+009B at character 3; tabs, line breaks, escape "
                       "sequences, ...); they are not allowed");
      CHECK_GDPR_ERROR(rules::check_contact_id("\xc2\x85"), ErrorKind::usage,
                       "contact id contains control characters (U+0085 at character 1; tabs, line breaks, escape "
                       "sequences, ...); they are not allowed");
    }
    SUBCASE("bidirectional controls") {
      for (const char* bidi : {"\xd8\x9c", "\xe2\x80\x8e", "\xe2\x80\x8f", "\xe2\x80\xaa", "\xe2\x80\xae",
                               "\xe2\x81\xa6", "\xe2\x81\xa9"}) {
        CAPTURE(bidi);
        CHECK_GDPR_KIND(rules::check_contact_id(std::string("K-1") + bidi + "2"), ErrorKind::usage);
      }
      CHECK_GDPR_ERROR(rules::check_contact_id("K-1\xe2\x80\xae" "2001"), ErrorKind::usage,
                       "contact id contains a bidirectional control character (U+202E at character 4); it would "
                       "make the id look like another, and it is not allowed");
      CHECK_GDPR_ERROR(rules::check_contact_id("\xe2\x81\xa6x"), ErrorKind::usage,
                       "contact id contains a bidirectional control character (U+2066 at character 1); it would "
                       "make the id look like another, and it is not allowed");
    }
    SUBCASE("invalid UTF-8") {
      CHECK_GDPR_ERROR(rules::check_contact_id("\xFF"), ErrorKind::usage, "contact id is not valid UTF-8");
      CHECK_GDPR_ERROR(rules::check_contact_id("a\x9b"), ErrorKind::usage, "contact id is not valid UTF-8");
    }
  }

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

  TEST_CASE("transition_allowed") {
    using S = RequestState;
    const S all[] = {S::pending, S::approved, S::erased, S::rejected, S::withdrawn};
    for (const S from : all) {
      for (const S to : all) {
        const bool expected = (from == S::pending && (to == S::approved || to == S::rejected || to == S::withdrawn)) ||
                              (from == S::approved && to == S::erased);
        CAPTURE(to_string(from));
        CAPTURE(to_string(to));
        CHECK(rules::transition_allowed(from, to) == expected);
      }
    }
    Request r = pending_by("alice");
    r.state = S::rejected;
    CHECK_GDPR_ERROR(rules::check_transition(r, S::approved), ErrorKind::conflict,
                     "request 7 is rejected; it cannot become approved");
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

  TEST_CASE("normalized_email") {
    Config config;
    CHECK(rules::normalized_email({{"name", "x"}, {"E-Mail", "  Max@Example.COM "}}, config) == "max@example.com");
    CHECK(rules::normalized_email({{"name", "x"}}, config).empty());
    config.email_property = "mail_address";
    CHECK(rules::normalized_email({{"Mail-Address", "A@B.de"}}, config) == "a@b.de");
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
  TEST_CASE("check_channel") {
    CHECK(rules::check_channel("  Letter ") == "letter");
    CHECK(rules::check_channel("in-person") == "in-person");
    CHECK(rules::check_channel("").empty());
    CHECK_GDPR_KIND(rules::check_channel("E-Mail from jane@example.org"), ErrorKind::usage);
    CHECK_GDPR_KIND(rules::check_channel(std::string(33, 'a')), ErrorKind::usage);
    CHECK_GDPR_KIND(rules::check_channel("post\x1b"), ErrorKind::usage);
  }
  TEST_CASE("check_is_admin") {
    Config c;
    c.admins = {"root"};
    c.source = "the policy";
    rules::check_is_admin("root", c, "changing the policy");
    CHECK_GDPR_ERROR(rules::check_is_admin("bob", c, "changing the policy"), ErrorKind::forbidden,
                     "changing the policy is refused: 'bob' is not an admin (roles.admins in the policy); an admin "
                     "grants the role with `gdpr role grant admin bob`");
  }
}
