#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "gdpr/paper.hpp"
#include "gdpr/text.hpp"

using namespace gdpr;

namespace {

std::vector<std::string> split_pages(const std::string& out) {
  std::vector<std::string> pages;
  std::size_t start = 0;
  for (std::size_t ff = out.find('\f'); ff != std::string::npos; ff = out.find('\f', start)) {
    pages.push_back(out.substr(start, ff - start));
    start = ff + 1;
  }
  pages.push_back(out.substr(start));
  return pages;
}

}  // namespace

TEST_SUITE("paper") {
  TEST_CASE("paginate: pages of 64 lines, the footer on each, kept blocks whole") {
    std::vector<paper::Line> lines;
    for (int i = 0; i < 60; ++i) lines.push_back({fmt::format("line {}", i)});
    lines.push_back({"block", 4});  // would start on line 61 of 62: moves to page 2 with its 4 lines
    for (int i = 0; i < 4; ++i) lines.push_back({fmt::format("kept {}", i)});
    const auto pages = split_pages(paper::paginate(lines, [](int page, int of) { return fmt::format("p {}/{}", page, of); }));
    REQUIRE(pages.size() == 2);
    CHECK(std::count(pages[0].begin(), pages[0].end(), '\n') == 64);
    CHECK(pages[0].find("block") == std::string::npos);
    CHECK(pages[0].ends_with(paper::centred("p 1/2") + "\n"));
    CHECK(pages[1].rfind("block\nkept 0\n", 0) == 0);
    CHECK(pages[1].ends_with(paper::centred("p 2/2") + "\n"));
    const auto one = split_pages(paper::paginate({{"only"}}, [](int page, int of) { return fmt::format("p {}/{}", page, of); }));
    CHECK(one.size() == 1);
  }

  TEST_CASE("shortened and centred never exceed the width") {
    CHECK(paper::shortened("short", 80) == "short");
    const std::string cut = paper::shortened(std::string(100, 'x'), 20);
    CHECK(text::display_width(cut) == 20);
    CHECK(cut.ends_with("…"));
    CHECK(text::display_width(paper::centred("Seite 1 von 2")) <= paper::k_width);
  }

  TEST_CASE("css_string and md_escape make values inert") {
    const std::string css = paper::css_string("a\"}</style><script>");
    REQUIRE(css.size() >= 2);
    CHECK(css.front() == '"');
    CHECK(css.back() == '"');
    CHECK(css.substr(1, css.size() - 2).find('"') == std::string::npos);
    CHECK(css.find('<') == std::string::npos);
    CHECK(css.find('}') == std::string::npos);
    CHECK(paper::md_escape("a | *b*\nc") == "a \\| \\*b\\*<br>c");
    const std::string page = paper::page_css("Kundendatenstammblatt K-1");
    CHECK(page.find("@page") != std::string::npos);
    CHECK(page.find("size: A4") != std::string::npos);
  }
}
