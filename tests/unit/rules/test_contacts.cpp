#include <doctest/doctest.h>

#include "gdpr/identity.hpp"
#include "gdpr/rules.hpp"
#include "../helpers.hpp"

using namespace gdpr;

TEST_SUITE("rules") {
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

  TEST_CASE("normalized_email") {
    Config config;
    CHECK(rules::normalized_email({{"name", "x"}, {"E-Mail", "  Max@Example.COM "}}, config) == "max@example.com");
    CHECK(rules::normalized_email({{"name", "x"}}, config).empty());
    config.email_property = "mail_address";
    CHECK(rules::normalized_email({{"Mail-Address", "A@B.de"}}, config) == "a@b.de");
  }

  TEST_CASE("check_block_change") {
    Contact c;
    c.id = "c-1";
    CHECK(rules::check_block_change(c, BlockKind::newsletter, BlockChange::set, std::nullopt));
    CHECK_FALSE(rules::check_block_change(c, BlockKind::newsletter, BlockChange::lift, std::nullopt));
    c.block_all_mail = true;
    CHECK_FALSE(rules::check_block_change(c, BlockKind::all_mail, BlockChange::set, std::nullopt));
    CHECK(rules::check_block_change(c, BlockKind::all_mail, BlockChange::lift, std::nullopt));
    c.status = ContactStatus::on_hold;
    CHECK_GDPR_ERROR(rules::check_block_change(c, BlockKind::all_mail, BlockChange::lift, 4), ErrorKind::conflict,
                     "contact 'c-1' is on hold by request 4; the all-mail block stays until it is decided");
    CHECK(rules::check_block_change(c, BlockKind::newsletter, BlockChange::set, 4));  // only all-mail stays
    c.status = ContactStatus::erased;
    CHECK_GDPR_ERROR(rules::check_block_change(c, BlockKind::newsletter, BlockChange::set, std::nullopt),
                     ErrorKind::conflict, "contact 'c-1' is erased; there is nothing left to block");
  }

  TEST_CASE("readmission") {
    Contact erased;
    erased.id = "c-1";
    erased.status = ContactStatus::erased;
    erased.erased_by_request = 3;
    CHECK_FALSE(rules::readmission_refused_by_id(erased, Readmit::yes));
    CHECK(rules::readmission_refused_by_id(erased, Readmit::no).value_or("") ==
          "contact 'c-1' was erased (request 3); add --readmit if the person really is back");
    CHECK_FALSE(rules::readmission_refused_by_email("c-9", "c-1", Readmit::yes));
    CHECK(rules::readmission_refused_by_email("c-9", "c-1", Readmit::no).value_or("") ==
          "the e-mail of contact 'c-9' belongs to erased contact 'c-1'; add --readmit if the person really is back");
  }

  TEST_CASE("check_property_name") {
    CHECK(rules::check_property_name("  Vorname ") == "Vorname");
    CHECK_GDPR_ERROR(rules::check_property_name("  "), ErrorKind::usage, "property name is empty; write NAME=VALUE");
    CHECK_GDPR_ERROR(rules::check_property_name("first\x1bname"), ErrorKind::usage,
                     "property name 'first\x1bname' must be UTF-8 without control characters");
    CHECK_GDPR_KIND(rules::check_property_name("Stra\xDF" "e"), ErrorKind::usage);
  }

  TEST_CASE("check_property_value") {
    rules::check_property_value("city", "Wien\nOttakring");
    rules::check_property_value("city", "");
    CHECK_GDPR_ERROR(rules::check_property_value("city", "M\xFCnchen"), ErrorKind::usage,
                     "value of property 'city' is not valid UTF-8");
    CHECK_GDPR_ERROR(rules::check_property_value("city", std::string("Wi\0en", 5)), ErrorKind::usage,
                     "value of property 'city' contains a NUL byte");
  }
}
