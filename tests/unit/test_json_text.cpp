#include <optional>
#include <random>

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "gdpr/error.hpp"
#include "gdpr/json_text.hpp"
#include "gdpr/stored_form.hpp"

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

  TEST_CASE("quoted matches nlohmann::json::dump on random text, escapes at every position of a word") {
    // append_quoted skips eight bytes at a time; an escape can sit anywhere in such a word.
    std::mt19937 rng(7);
    std::vector<std::string> pieces = {"a", "Z", " ", "~", "\x7f", "\"", "\\", "/", "ü", "日", "€"};
    for (char c = 0; c < 0x20; ++c) pieces.emplace_back(1, c);
    for (int round = 0; round < 5000; ++round) {
      std::string s;
      const std::size_t n = rng() % 40;
      for (std::size_t i = 0; i < n; ++i) s += rng() % 4 == 0 ? pieces[rng() % pieces.size()] : std::string("x");
      CAPTURE(s);
      REQUIRE(json_text::quoted(s) == nlohmann::json(s).dump());
    }
  }
}

TEST_SUITE("json_text") {
  TEST_CASE("read_quoted reads back random text, escapes at every position of a word") {
    // read_quoted looks for the next quote or backslash eight bytes at a time.
    std::mt19937 rng(9);
    std::vector<std::string> pieces = {"a", "Z", " ", "\"", "\\", "/", "ü", "日", "\n", "\t", "\x01", "\x1f"};
    for (int round = 0; round < 5000; ++round) {
      std::string s;
      const std::size_t n = rng() % 40;
      for (std::size_t i = 0; i < n; ++i) s += rng() % 4 == 0 ? pieces[rng() % pieces.size()] : std::string("x");
      const std::string text = json_text::quoted(s) + "]";
      CAPTURE(text);
      std::size_t pos = 0;
      std::string out;
      REQUIRE(json_text::read_quoted(text, pos, out));
      REQUIRE(out == s);
      REQUIRE(text[pos] == ']');
      // cut anywhere before the closing quote, it is not a string
      std::size_t cut_pos = 0;
      CHECK(!json_text::read_quoted(std::string_view(text).substr(0, rng() % (text.size() - 1)), cut_pos, out));
    }
  }

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

TEST_SUITE("json_text") {
  TEST_CASE("the stored form of properties is nlohmann's dump of the pairs, and reads back") {
    CHECK(stored::properties_to_text({}) == "[]");
    std::mt19937 rng(11);
    const std::vector<std::string> pieces = {"", "E-Mail", "Grüße", "a\"b", "c\\d", "\n", std::string("\0", 1),
                                             "\x1f", "Mariahilfer Straße 54", "日本"};
    Properties reused;
    for (int round = 0; round < 2000; ++round) {
      Properties p;
      nlohmann::json pairs = nlohmann::json::array();
      const std::size_t n = rng() % 12;
      for (std::size_t i = 0; i < n; ++i) {
        std::string name = pieces[rng() % pieces.size()] + std::to_string(i);
        std::string value = pieces[rng() % pieces.size()] + pieces[rng() % pieces.size()];
        pairs.push_back({name, value});
        p.emplace_back(std::move(name), std::move(value));
      }
      const std::string text = stored::properties_to_text(p);
      CAPTURE(text);
      REQUIRE(text == pairs.dump());
      REQUIRE(stored::properties_from_text(text) == p);
      // into the pairs of the round before (more, fewer or as many), reused: the same pairs
      stored::properties_from_text_into(text, reused);
      REQUIRE(reused == p);
      // the names alone, the values skipped undecoded, are the names of the pairs
      std::vector<std::string> names;
      std::string name;
      REQUIRE(stored::visit_property_names_fast(text, name, [&](const std::string& n) { names.push_back(n); }));
      REQUIRE(names.size() == p.size());
      for (std::size_t i = 0; i < p.size(); ++i) REQUIRE(names[i] == p[i].first);
    }
  }

  TEST_CASE("properties_from_text_into falls back to the JSON parser, and refuses damage as properties_from_text does") {
    Properties out{{"stale", "pair"}, {"left", "over"}, {"from", "before"}};
    // not the stored form's own spelling (spaces, a \u escape): the parser reads it, all of it replaced
    stored::properties_from_text_into(R"([ ["E-Mail" , "max@example.at"], ["Ort","Gr\u00fcnau"] ])", out);
    CHECK(out == Properties{{"E-Mail", "max@example.at"}, {"Ort", "Grünau"}});
    // the fast reader stops half way (a pair, then damage): nothing of its half is kept
    CHECK_THROWS_WITH_AS(stored::properties_from_text_into(R"([["a","b"],["c")", out),
                         "stored properties are damaged: [[\"a\",\"b\"],[\"c\"", Error);
    stored::properties_from_text_into("[]", out);
    CHECK(out.empty());
  }

  TEST_CASE("skip_quoted ends at the first quote after an even number of backslashes") {
    auto end_of = [](std::string_view text) -> std::optional<std::size_t> {
      std::size_t pos = 0;
      if (!json_text::skip_quoted(text, pos)) return std::nullopt;
      return pos;
    };
    CHECK(end_of(R"("")") == 2);
    CHECK(end_of(R"("a\"b"])") == 6);        // an escaped quote is inside
    CHECK(end_of(R"("a\\"])") == 5);         // an escaped backslash, then the end
    CHECK(end_of(R"("a\\\"b"])") == 8);      // three backslashes: the quote is escaped
    CHECK(end_of(R"("\\\\")") == 6);
    CHECK(!end_of(R"("a\")"));               // no closing quote
    CHECK(!end_of("x\"\""));                 // not at an opening quote
    CHECK(!end_of(""));
    std::string name;
    CHECK(!stored::visit_property_names_fast(R"([["a","b"])", name, [](const std::string&) {}));
    CHECK(!stored::visit_property_names_fast(R"({"a":"b"})", name, [](const std::string&) {}));
    CHECK(stored::visit_property_names_fast("[]", name, [](const std::string&) { FAIL("no name in []"); }));
  }
}
