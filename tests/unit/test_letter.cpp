#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "gdpr/error.hpp"
#include "gdpr/letter.hpp"
#include "gdpr/text.hpp"
#include "gdpr/paper.hpp"
#include "helpers.hpp"

using namespace gdpr;

namespace {

Letter sample_letter(LetterKind kind) {
  Letter l;
  l.kind = kind;
  l.organization = "Muster GmbH";
  l.sender = "Hauptstraße 1\n1010 Wien";
  l.addressee = postal_address({{"Vorname", "Jürgen"}, {"Nachname", "Groß"}, {"Straße", "Am Markt 5"},
                                {"PLZ", "10115"}, {"Ort", "Berlin"}});
  l.name = "Jürgen Groß";
  l.date = Date{2026, 12, 6};
  l.request.id = 3;
  l.request.contact_id = "K-1";
  l.request.received_on = Date{2026, 11, 25};
  l.request.due_on = Date{2026, 12, 28};
  l.authority = "Österreichische Datenschutzbehörde\nBarichgasse 40-42\n1030 Wien";
  return l;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// `text` with each run of white space as one space: a text letter wraps its paragraphs.
std::string flat(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n';
    if (space && !out.empty() && out.back() == ' ') continue;
    out += space ? ' ' : c;
  }
  return out;
}

// True when `part` is in `text`, however the lines were wrapped.
bool says(const std::string& text, const std::string& part) { return has(flat(text), part); }

}  // namespace

TEST_SUITE("letter") {
  TEST_CASE("postal_address and person_name find the usual property names") {
    CHECK(person_name({{"First Name", "Max"}, {"Last Name", "Müller"}}) == "Max Müller");
    CHECK(person_name({{"Name", "  Anna Weiß "}}) == "Anna Weiß");
    CHECK(person_name({{"E-Mail", "a@example.com"}}).empty());
    CHECK(postal_address({{"Firma", "ACME"}, {"Name", "Anna Weiß"}, {"Straße", "Ring 1"}, {"PLZ", "1010"},
                          {"Ort", "Wien"}, {"Land", "Österreich"}}) ==
          std::vector<std::string>{"ACME", "Anna Weiß", "Ring 1", "1010 Wien", "Österreich"});
    CHECK(postal_address({{"Straße", "Ring 1"}}).empty());  // no name, no company: nobody to address
  }

  TEST_CASE("letter_kind_for and the parsers") {
    Request r;
    r.state = RequestState::erased;
    CHECK(letter_kind_for(r) == LetterKind::confirmation);
    r.state = RequestState::rejected;
    CHECK(letter_kind_for(r) == LetterKind::refusal);
    r.state = RequestState::pending;
    CHECK_FALSE(letter_kind_for(r));
    r.extended = true;
    CHECK(letter_kind_for(r) == LetterKind::extension);
    r.state = RequestState::withdrawn;
    CHECK_FALSE(letter_kind_for(r));
    CHECK(parse_letter_kind("refusal") == LetterKind::refusal);
    CHECK_GDPR_ERROR(parse_letter_kind("Refusal"), ErrorKind::usage,
                     "--kind 'Refusal' is not one of: confirmation, refusal, extension");
    CHECK(parse_letter_format("html") == LetterFormat::html);
    CHECK_GDPR_KIND(parse_letter_format("json"), ErrorKind::usage);
  }

  TEST_CASE("the confirmation names the systems (Art. 19) and the date of the erasure") {
    Letter l = sample_letter(LetterKind::confirmation);
    l.request.state = RequestState::erased;
    l.systems = {"hubspot", "jet-main"};
    l.erased_on = Date{2026, 12, 2};
    l.fingerprint_kept = true;
    const std::string out = render_letter(l, LetterFormat::text);
    CHECK(has(out, "Your request for erasure of 2026-11-25 (Art. 17 GDPR): confirmation"));
    CHECK(has(out, "Dear Jürgen Groß,"));
    CHECK(says(out, "completed on 2026-12-02."));
    CHECK(has(out, "hubspot, jet-main"));
    CHECK(says(out, "Art. 19 GDPR"));
    CHECK(says(out, "keyed check value"));
    CHECK(has(out, "Jürgen Groß\nAm Markt 5\n10115 Berlin\n"));
    CHECK(has(out, paper::centred("Muster GmbH · request 3 · page 1 of 1")));
    l.systems.clear();
    CHECK(says(render_letter(l, LetterFormat::text), "no other system of ours held it"));
  }

  TEST_CASE("the refusal quotes the reasons, the retention and both remedies") {
    Letter l = sample_letter(LetterKind::refusal);
    l.request.state = RequestState::rejected;
    l.request.decision_reason = "Open invoice 2026-117;\nretention duty § 132 BAO";
    l.request.retain_until = Date{2033, 12, 31};
    for (const auto format : {LetterFormat::text, LetterFormat::markdown, LetterFormat::html}) {
      const std::string out = render_letter(l, format);
      CAPTURE(out);
      CHECK(has(out, "Open invoice 2026-117;"));
      CHECK(says(out, "until 2033-12-31 (Art. 17(3)(b) GDPR)"));
      CHECK(says(out, "(Art. 77 GDPR)"));
      CHECK(has(out, "Barichgasse 40-42"));
      CHECK(says(out, "judicial remedy (Art. 79 GDPR)"));
    }
  }

  TEST_CASE("the extension notice gives the reason and the new date") {
    Letter l = sample_letter(LetterKind::extension);
    l.request.extended = true;
    l.request.extension_reason = "Several linked systems";
    l.request.due_on = Date{2027, 2, 25};
    const std::string out = render_letter(l, LetterFormat::markdown);
    CHECK(has(out, "> Several linked systems\n"));
    CHECK(says(out, "You will have our answer by 2027-02-25 at the latest."));
  }

  TEST_CASE("an erased addressee and hostile values") {
    Letter l = sample_letter(LetterKind::refusal);
    l.addressee.clear();
    l.name.clear();
    l.request.decision_reason = "<script>alert(1)</script> | *x* \x1b[31m";
    const std::string text = render_letter(l, LetterFormat::text);
    CHECK(has(text, "Dear Sir or Madam,"));
    CHECK(says(text, "[The data of the addressee has been erased"));
    CHECK_FALSE(has(text, "\x1b"));
    const std::string html = render_letter(l, LetterFormat::html);
    CHECK_FALSE(has(html, "<script>"));
    CHECK(has(html, "&lt;script&gt;"));
    CHECK(has(html, "@page"));
    const std::string md = render_letter(l, LetterFormat::markdown);
    CHECK(has(md, "\\| \\*x\\*"));
  }

  TEST_CASE("long values wrap: no text line passes the paper's 80 columns") {
    // Found by fuzz_writers: the salutation, the sender and the closing organization were not wrapped.
    Letter l = sample_letter(LetterKind::refusal);
    const std::string long_words = "Jörg <script>@<div class=\"org\">Fuzz GmbH</div> Customer master data sheet "
                                   "Müller-Lüdenscheidt-Oberhausen von und zu Hohenzollern-Sigmaringen";
    l.name = long_words;
    l.organization = long_words;
    l.sender = long_words + "\nAm Markt 5";
    l.authority = long_words;
    l.request.decision_reason = std::string(200, 'x');
    const std::string text = render_letter(l, LetterFormat::text);
    CHECK(has(text, "Jörg"));
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      CAPTURE(line);
      CHECK(text::display_width(line) <= 80);
    }
  }
}
