#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "gdpr/json_text.hpp"

using namespace gdpr;

TEST_SUITE("json_text") {
  TEST_CASE("quoted writes what nlohmann::json::dump writes") {
    const std::string samples[] = {"",
                                   "plain",
                                   "Grüße, Jürgen Groß 日本",
                                   "quote \" backslash \\ slash /",
                                   "\b\f\n\r\t",
                                   std::string("\x01\x1f\x7f", 3),
                                   std::string("nul\0inside", 10),
                                   "'; DROP TABLE contacts; --",
                                   "<script>alert(1)</script>"};
    for (const auto& s : samples) {
      CAPTURE(s);
      CHECK(json_text::quoted(s) == nlohmann::json(s).dump());
      CHECK(nlohmann::json::parse(json_text::quoted(s)).get<std::string>() == s);
    }
  }
}

TEST_SUITE("json_text") {
  TEST_CASE("read_quoted reads back what append_quoted writes") {
    const std::string samples[] = {"", "plain", "Grüße 日本", "q\"b\\s/", "\b\f\n\r\t", std::string("\x01\x1f\0z", 4)};
    for (const auto& s : samples) {
      CAPTURE(s);
      const std::string text = json_text::quoted(s) + ",";
      std::size_t pos = 0;
      std::string out;
      REQUIRE(json_text::read_quoted(text, pos, out));
      CHECK(out == s);
      CHECK(text[pos] == ',');
    }
  }
  TEST_CASE("read_quoted refuses what it does not handle, so the caller falls back") {
    std::string out;
    for (const std::string bad : {"\"open", "no quote", "\"\\x\"", "\"\\u00e4\"", "\"\\u00zz\"", "\"\\"}) {
      CAPTURE(bad);
      std::size_t pos = 0;
      CHECK(!json_text::read_quoted(bad, pos, out));
    }
    std::size_t pos = 0;
    CHECK(json_text::read_quoted("\"\\u0041\\/\"", pos, out));
    CHECK(out == "A/");
  }
}
