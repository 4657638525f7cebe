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
