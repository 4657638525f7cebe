#include <doctest/doctest.h>

#include "gdpr/text.hpp"

using namespace gdpr;

TEST_SUITE("text") {
  TEST_CASE("is_valid_utf8") {
    CHECK(text::is_valid_utf8("Grüße 日本"));
    CHECK(!text::is_valid_utf8("\xC3"));              // truncated
    CHECK(!text::is_valid_utf8("\xC0\xAF"));          // overlong
    CHECK(!text::is_valid_utf8("\xED\xA0\x80"));      // surrogate
    CHECK(!text::is_valid_utf8("\xF4\x90\x80\x80"));  // > U+10FFFF
    CHECK(!text::is_valid_utf8("M\xFCller"));          // Latin-1
  }
  TEST_CASE("code_points") {
    CHECK(text::code_points("Müller") == 6);
    CHECK(text::code_points("日本") == 2);
  }
  TEST_CASE("trim") {
    CHECK(text::trim("  a b \t\n") == "a b");
    CHECK(text::trim("\xC2\xA0x\xC2\xA0") == "x");
    CHECK(text::trim("   ").empty());
  }
  TEST_CASE("loose_key") {
    CHECK(text::loose_key("E-Mail") == "email");
    CHECK(text::loose_key(" e_mail ") == "email");
  }
  TEST_CASE("display_width") {
    CHECK(text::display_width("Müller") == 6);
    CHECK(text::display_width("日本") == 4);
    CHECK(text::display_width("") == 0);
  }
  TEST_CASE("has_control_chars") {
    CHECK(text::has_control_chars("a\tb", false));
    CHECK(!text::has_control_chars("a\tb\nc", true));
    CHECK(text::has_control_chars(std::string("a\0b", 3), true));
    CHECK(text::has_control_chars("a\x7F", true));
  }
}

TEST_SUITE("text case folding") {
  TEST_CASE("fold_case") {
    CHECK(text::fold_case("JÜRGEN") == "jürgen");
    CHECK(text::fold_case("Jürgen") == "jürgen");
    CHECK(text::fold_case("ΣΊΣΥΦΟΣ") == text::fold_case("σίσυφος"));
    CHECK(text::fold_case("Straße") == "straße");
    CHECK(text::fold_case("\xff" "ABC") == "\xff" "abc");  // invalid UTF-8: ASCII only
  }
  TEST_CASE("replace_ignoring_case") {
    CHECK(text::replace_ignoring_case("Max MÜLLER wrote to müller", {"Müller"}, "[x]") == "Max [x] wrote to [x]");
    SUBCASE("the longest value wins where two match") {
      CHECK(text::replace_ignoring_case("Max Müller", {"Max", "Max Müller"}, "[x]") == "[x]");
    }
    SUBCASE("nothing to find, empty needles") {
      CHECK(text::replace_ignoring_case("abc", {"zzz", ""}, "[x]") == "abc");
      CHECK(text::replace_ignoring_case("", {"abc"}, "[x]").empty());
    }
    SUBCASE("bytes around a match are kept exactly") {
      CHECK(text::replace_ignoring_case("\xff" "ab\nAB", {"ab"}, "-") == "\xff" "-\n-");
    }
  }
  TEST_CASE("contains_ignoring_case") {
    CHECK(text::contains_ignoring_case("call MAX back", "max"));
    CHECK_FALSE(text::contains_ignoring_case("call back", "max"));
    CHECK_FALSE(text::contains_ignoring_case("anything", ""));
  }
  TEST_CASE("has_c1_or_bidi") {
    CHECK(text::has_c1_or_bidi("a\xc2\x85" "b"));
    CHECK(text::has_c1_or_bidi("a\xe2\x80\xae" "b"));
    CHECK(text::has_c1_or_bidi("\xe2\x81\xa6"));
    CHECK_FALSE(text::has_c1_or_bidi("Müller €"));
  }
}
