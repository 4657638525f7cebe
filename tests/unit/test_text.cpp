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
