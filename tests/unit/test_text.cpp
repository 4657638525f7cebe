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
    // ASCII is passed eight bytes at a time: a bad byte, or a character cut at the end, at every
    // position of a longer text is still found, and a good character anywhere still passes
    for (std::size_t at = 0; at <= 24; ++at) {
      CAPTURE(at);
      const std::string ascii(24, 'a');
      std::string bad = ascii;
      bad.insert(at, "\xFC");
      CHECK(!text::is_valid_utf8(bad));
      std::string cut = ascii.substr(0, at);
      cut += "\xE6\x97";  // the first two bytes of 日
      CHECK(!text::is_valid_utf8(cut));
      std::string good = ascii;
      good.insert(at, "\xE6\x97\xA5");
      CHECK(text::is_valid_utf8(good));
    }
    CHECK(text::is_valid_utf8(std::string(17, '\0')));
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
  TEST_CASE("escape_for_terminal") {
    using text::escape_for_terminal;
    using text::LineBreaks;
    SUBCASE("ordinary text is kept, umlauts and CJK included") {
      CHECK(escape_for_terminal("Max Müller <max@example.com> 日本") == "Max Müller <max@example.com> 日本");
      CHECK(escape_for_terminal("").empty());
    }
    SUBCASE("C0 controls and DEL as \\xNN") {
      CHECK(escape_for_terminal("a\x1b[2Jb") == "a\\x1b[2Jb");
      CHECK(escape_for_terminal(std::string("a\0b", 3)) == "a\\x00b");
      CHECK(escape_for_terminal("\x07\x08\x7f") == "\\x07\\x08\\x7f");
      CHECK(escape_for_terminal("\x1b]52;c;ZXZpbA==\x07") == "\\x1b]52;c;ZXZpbA==\\x07");  // OSC 52 clipboard
    }
    SUBCASE("line breaks, tabs and carriage returns on one line") {
      CHECK(escape_for_terminal("a\nb\tc\rd") == "a\\nb\\tc\\rd");
    }
    SUBCASE("a multi-line text keeps line breaks and tabs, never a carriage return") {
      CHECK(escape_for_terminal("a\nb\tc\rd\x1b", LineBreaks::keep) == "a\nb\tc\\rd\\x1b");
    }
    SUBCASE("C1 controls as \\uNNNN") {
      CHECK(escape_for_terminal("a\xc2\x9b" "31mb") == "a\\u009b31mb");  // CSI
      CHECK(escape_for_terminal("\xc2\x80\xc2\x85\xc2\x9f") == "\\u0080\\u0085\\u009f");
      CHECK(escape_for_terminal("\xc2\xa0") == "\xc2\xa0");  // U+00A0 is no control
    }
    SUBCASE("bidirectional controls as \\uNNNN") {
      CHECK(escape_for_terminal("invoice\xe2\x80\xaetxt.exe") == "invoice\\u202etxt.exe");
      CHECK(escape_for_terminal("\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f") == "\\u061c\\u200e\\u200f");
      CHECK(escape_for_terminal("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad") == "\\u202a\\u202b\\u202c\\u202d");
      CHECK(escape_for_terminal("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9") == "\\u2066\\u2067\\u2068\\u2069");
      CHECK(escape_for_terminal("\xe2\x80\xaf") == "\xe2\x80\xaf");  // U+202F, a space, is kept
    }
    SUBCASE("each byte of invalid UTF-8 as \\xNN") {
      CHECK(escape_for_terminal("M\xfcller") == "M\\xfcller");
      CHECK(escape_for_terminal("\xc3") == "\\xc3");
      CHECK(escape_for_terminal("\xc0\xaf") == "\\xc0\\xaf");  // overlong '/'
      CHECK(escape_for_terminal("\x9b" "2J") == "\\x9b2J");     // a raw 8-bit CSI
    }
    SUBCASE("a backslash is doubled, so that what is shown reads back unambiguously") {
      CHECK(escape_for_terminal("a\\x1b") == "a\\\\x1b");
      CHECK(escape_for_terminal("a\x1b") == "a\\x1b");
      CHECK(escape_for_terminal("C:\\Kunden") == "C:\\\\Kunden");
    }
    SUBCASE("the result never holds a control character") {
      std::string all;
      for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
      all += "\xc2\x9b\xe2\x80\xae";
      for (const auto breaks : {LineBreaks::escape, LineBreaks::keep}) {
        const std::string out = escape_for_terminal(all, breaks);
        CHECK(text::is_valid_utf8(out));
        const auto found = text::find_control(out);
        if (breaks == LineBreaks::escape) {
          CHECK(!found);
        } else {
          REQUIRE(found);
          CHECK((found->code_point == '\t' || found->code_point == '\n'));
        }
      }
    }
  }
  TEST_CASE("find_control") {
    SUBCASE("none") { CHECK(!text::find_control("K-1001 Müller 日本")); }
    SUBCASE("position in characters from 1") {
      const auto found = text::find_control("Mü\x1b");
      REQUIRE(found);
      CHECK(found->code_point == 0x1b);
      CHECK(found->position == 3);
    }
    SUBCASE("C1 and bidirectional controls") {
      CHECK(text::find_control("a\xc2\x85")->code_point == 0x85);
      CHECK(text::find_control("a\xe2\x81\xa6")->code_point == 0x2066);
      CHECK(text::find_control("\x7f")->code_point == 0x7f);
    }
  }
  TEST_CASE("code_point_name") {
    CHECK(text::code_point_name(0x1b) == "U+001B");
    CHECK(text::code_point_name(0x202e) == "U+202E");
    CHECK(text::code_point_name(0x1f600) == "U+1F600");
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
