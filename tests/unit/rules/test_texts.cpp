#include <doctest/doctest.h>

#include "gdpr/identity.hpp"
#include "gdpr/rules.hpp"
#include "../helpers.hpp"

using namespace gdpr;

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

  TEST_CASE("check_channel") {
    CHECK(rules::check_channel("  Letter ") == "letter");
    CHECK(rules::check_channel("in-person") == "in-person");
    CHECK(rules::check_channel("").empty());
    CHECK_GDPR_KIND(rules::check_channel("E-Mail from jane@example.org"), ErrorKind::usage);
    CHECK_GDPR_KIND(rules::check_channel(std::string(33, 'a')), ErrorKind::usage);
    CHECK_GDPR_KIND(rules::check_channel("post\x1b"), ErrorKind::usage);
  }

  TEST_CASE("check_comment") {
    Config config;
    CHECK(rules::check_comment("  Called the customer back \n", config) == "Called the customer back");
    CHECK(rules::check_comment("Zeile eins\n\tZeile zwei", config) == "Zeile eins\n\tZeile zwei");
    CHECK_GDPR_ERROR(rules::check_comment(" \t\n", config), ErrorKind::usage, "comment is empty");
    CHECK_GDPR_ERROR(rules::check_comment("M\xFCller called", config), ErrorKind::usage,
                     "comment is not valid UTF-8; write it in UTF-8");
    CHECK_GDPR_ERROR(rules::check_comment("see \x1b[2Jhere", config), ErrorKind::usage,
                     "comment contains control characters; only line breaks and tabs are allowed");
    config.reason_max_length = 5;
    CHECK(rules::check_comment("fünf!", config) == "fünf!");  // code points, not bytes
    CHECK_GDPR_ERROR(rules::check_comment("sechs!", config), ErrorKind::usage,
                     "comment is too long: at most 5 characters (reason.max_length)");
  }
}
