#include <doctest/doctest.h>

#include <algorithm>

#include <fmt/format.h>

#include "gdpr/paper.hpp"
#include "gdpr/sheet.hpp"
#include "gdpr/text.hpp"
#include "helpers.hpp"

using namespace gdpr;

namespace {

ContactSheet sample_sheet() {
  ContactSheet s;
  s.organization = "Muster GmbH";
  s.contact.id = "K-1";
  s.contact.status = ContactStatus::on_hold;
  s.contact.block_all_mail = true;
  s.contact.properties = {{"Name", "Jürgen Groß"}, {"Notiz", "<script>alert('x')</script> & \"more\""}};
  Request r;
  r.id = 3;
  r.state = RequestState::pending;
  r.reason = "Customer asked by letter";
  r.requested_by = "alice";
  r.requested_at = "2026-11-29T12:00:00Z";
  r.received_on = Date{2026, 11, 20};
  r.due_on = Date{2026, 12, 20};
  s.request = r;
  s.printed_by = "bob";
  s.printed_at = "2026-11-29T13:00:00Z";
  return s;
}

}  // namespace

TEST_SUITE("sheet") {
  TEST_CASE("wrap_text") {
    SUBCASE("fits") { CHECK(wrap_text("short", 10) == std::vector<std::string>{"short"}); }
    SUBCASE("breaks at spaces") {
      CHECK(wrap_text("one two three four", 9) == std::vector<std::string>{"one two", "three", "four"});
    }
    SUBCASE("hard-breaks a long word") {
      CHECK(wrap_text("abcdefghij", 4) == std::vector<std::string>{"abcd", "efgh", "ij"});
    }
    SUBCASE("umlauts count one column each, not their bytes") {
      CHECK(wrap_text("äöü äöü", 7) == std::vector<std::string>{"äöü äöü"});
      CHECK(wrap_text("ääääää", 3) == std::vector<std::string>{"äää", "äää"});
    }
    SUBCASE("wide characters count two") {
      CHECK(wrap_text("日本語", 4) == std::vector<std::string>{"日本", "語"});
    }
    SUBCASE("keeps line breaks") {
      CHECK(wrap_text("a\r\nb\n\nc", 10) == std::vector<std::string>{"a", "b", "", "c"});
    }
    SUBCASE("empty") { CHECK(wrap_text("", 10) == std::vector<std::string>{""}); }
  }

  TEST_CASE("label_lines") {
    CHECK(label_lines({{"Name", "Max"}, {"E-Mail", "m@x.de"}}) == "Name:    Max\nE-Mail:  m@x.de\n");
    const std::string long_value(100, 'x');
    const std::string out = label_lines({{"Notiz", "Grüße " + long_value}});
    CHECK(out == "Notiz:  Grüße\n        " + std::string(72, 'x') + "\n        " + std::string(28, 'x') + "\n");
    CHECK(label_lines({{"Leer", ""}}) == "Leer:\n");
    SUBCASE("a label longer than 24 columns gets a line of its own") {
      CHECK(label_lines({{"A", "1"}, {std::string(30, 'L'), "v"}}) == "A:  1\n" + std::string(30, 'L') + ":\n    v\n");
    }
  }

  TEST_CASE("text sheet fits 80 columns") {
    ContactSheet s = sample_sheet();
    s.contact.properties.emplace_back("Bemerkung", std::string(300, 'y') + " Öffnungszeiten " + std::string(50, 'z'));
    const std::string out = render_sheet(s, SheetFormat::text);
    std::size_t start = 0;
    while (start < out.size()) {
      const std::size_t nl = out.find('\n', start);
      const std::string line = out.substr(start, nl - start);
      CAPTURE(line);
      CHECK(text::display_width(line) <= 80);
      start = nl + 1;
    }
    CHECK(out.find("Muster GmbH\nCustomer master data sheet\n") == 0);
    CHECK(out.find("Status:      on hold (deletion request open)\n") != std::string::npos);
    CHECK(out.find("Blocks:      all mailings\n") != std::string::npos);
    CHECK(out.find("Reason:        Customer asked by letter") != std::string::npos);
    CHECK(out.find("Printed by bob on 2026-11-29 13:00\n") != std::string::npos);
    // Two signature blocks: the reviewer's and the one who files the paper.
    CHECK(out.find("Reviewed by: ____") != std::string::npos);
    CHECK(out.find("Filed by: ____") != std::string::npos);
    CHECK(out.find("Customer master data sheet K-1 · page 1 of 1\n") != std::string::npos);
  }

  TEST_CASE("a long text sheet: every page has the footer, no heading alone at a page's foot") {
    // The splitting point moves with the number of properties; whichever it is, a heading comes
    // with at least its underline and first row, and every page ends in the footer.
    std::size_t most_pages = 0;
    std::size_t fewest_pages = 9;
    for (int extra = 30; extra <= 70; ++extra) {
      CAPTURE(extra);
      ContactSheet s = sample_sheet();
      for (int i = 0; i < extra; ++i) s.contact.properties.emplace_back(fmt::format("Feld {}", i), "x");
      const std::string out = render_sheet(s, SheetFormat::text);
      std::vector<std::vector<std::string>> pages(1);
      std::size_t start = 0;
      while (start < out.size()) {
        const std::size_t nl = out.find('\n', start);
        std::string line = out.substr(start, nl - start);
        start = nl + 1;
        if (!line.empty() && line[0] == '\f') {
          pages.emplace_back();
          line.erase(0, 1);
        }
        pages.back().push_back(line);
      }
      most_pages = std::max(most_pages, pages.size());
      fewest_pages = std::min(fewest_pages, pages.size());
      for (std::size_t i = 0; i < pages.size(); ++i) {
        CAPTURE(i);
        const auto& page = pages[i];
        CHECK(page.size() <= 64);
        CHECK(page.back() == paper::centred(fmt::format("Customer master data sheet K-1 · page {} of {}", i + 1, pages.size())));
        for (std::size_t l = 0; l < page.size(); ++l) {
          if (page[l] == "Deletion request" || page[l] == "Properties") CHECK(l + 4 < page.size());
        }
      }
    }
    CHECK(fewest_pages == 1);  // the range crosses the page break
    CHECK(most_pages == 2);
  }

  TEST_CASE("html escapes every value") {
    const std::string out = render_sheet(sample_sheet(), SheetFormat::html);
    CHECK(out.find("<script>") == std::string::npos);
    CHECK(out.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;") != std::string::npos);
    CHECK(out.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(out.find("@media print") != std::string::npos);
    CHECK(html_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
  }

  TEST_CASE("markdown escapes table syntax") {
    ContactSheet s = sample_sheet();
    s.contact.properties = {{"Notiz", "a | b\nc"}};
    const std::string out = render_sheet(s, SheetFormat::markdown);
    CHECK(out.find("| Notiz | a \\| b<br>c |") != std::string::npos);
  }

  TEST_CASE("json sheet and erasure record") {
    auto j = nlohmann::json::parse(render_sheet(sample_sheet(), SheetFormat::json));
    CHECK(j["type"] == "sheet");
    CHECK(j["contact"]["properties"]["Name"] == "Jürgen Groß");
    CHECK(j["request"]["reason"] == "Customer asked by letter");
    CHECK(j["printed_by"] == "bob");
    ErasureRecord e;
    e.contact_id = "K-1";
    e.request = *sample_sheet().request;
    e.request.state = RequestState::erased;
    e.request.erased_at = "2026-12-01T10:00:00Z";
    e.deadline_met = true;
    j = nlohmann::json::parse(render_sheet(e, SheetFormat::json));
    CHECK(j["type"] == "erasure_record");
    CHECK(j["deadline_met"] == true);
    CHECK(j["erased_at"] == "2026-12-01T10:00:00Z");
    CHECK(!j.contains("contact"));
  }

  TEST_CASE("parse_sheet_format") {
    CHECK(parse_sheet_format("html") == SheetFormat::html);
    CHECK_GDPR_KIND(parse_sheet_format("pdf"), ErrorKind::usage);
  }
}
