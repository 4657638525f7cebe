// contact find (SPEC §12): the folding, the index terms, the query and the match, then the whole
// search through a service on a fresh database: updates, an import, an erasure.
#include <algorithm>
#include <sstream>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <doctest/doctest.h>

#include "gdpr/search.hpp"
#include "gdpr/text.hpp"
#include "helpers.hpp"

using namespace gdpr;

namespace {

Contact person(const std::string& id, Properties props) {
  Contact c;
  c.id = id;
  c.properties = std::move(props);
  return c;
}

std::vector<std::string> ids(const FoundContacts& found) {
  std::vector<std::string> out;
  for (const auto& c : found.contacts) out.push_back(c.id);
  return out;
}

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("folding ignores case and accents, umlauts stripped or spelled out") {
    using text::fold_for_search;
    using text::Umlauts;
    CHECK(fold_for_search("Jürgen GROSS") == "jurgen gross");
    CHECK(fold_for_search("Jürgen Groß", Umlauts::spelled_out) == "juergen gross");
    CHECK(fold_for_search("ÄÖÜ äöü", Umlauts::spelled_out) == "aeoeue aeoeue");
    CHECK(fold_for_search("Ångström Łódź Œuvre Ærø ẞ") == "angstrom lodz oeuvre aero ss");
    CHECK(fold_for_search("Dvořák Čapek Šťastný İzmir") == "dvorak capek stastny izmir");
    CHECK(fold_for_search("u\xCC\x88" "ber") == "uber");  // decomposed: u + combining diaeresis
    CHECK(fold_for_search("Ελλάδα") == "ελλάδα");     // other scripts: case only
    CHECK(fold_for_search("3 × 4 ÷ 2") == "3 × 4 ÷ 2");
    CHECK(fold_for_search("bad \xFF byte") == "bad \xFF byte");
    // Text that is no valid UTF-8 is case-folded in ASCII only; its valid sequences still lose
    // their accents where they are lower case already (as two passes did: fold_case, then accents).
    CHECK(fold_for_search("\xFF\xC3\x84" "B \xC3\xA4") == "\xFF\xC3\x84" "b a");
    CHECK(fold_for_search("\xC3\x84" "B \xC3\xA4") == "ab a");
    std::string reused = "left over";
    text::fold_for_search_into("Groß", reused);
    CHECK(reused == "gross");
    text::fold_for_search_into("X", reused, Umlauts::spelled_out);
    CHECK(reused == "x");
  }

  TEST_CASE("words are runs of letters and digits") {
    const std::vector<std::string_view> expected{"juergen", "gross", "gmx", "at"};
    CHECK(search::words("juergen.gross@gmx.at") == expected);
    CHECK(search::words("  --  ").empty());
    CHECK(search::words("k-1") == std::vector<std::string_view>{"k", "1"});
  }

  TEST_CASE("the terms of a contact: its id and every value, folded, cut, unique - short numbers left out") {
    const Contact c = person("K-1001", {{"Vorname", "Jürgen"},
                                        {"EMail", "Juergen.Gross@GMX.at"},
                                        {"Ort", "1010 Wien"},
                                        {"Telefon", "+43 1 5551234"},
                                        {"Notiz", std::string(40, 'x')}});
    const std::vector<std::string> expected{
        "5551234", "at", "gmx", "gross", "juergen", "jurgen", "wien", std::string(search::k_max_term_bytes, 'x')};
    CHECK(search::terms_of(c) == expected);
    CHECK(search::terms_of(person("K-12345", {})) == std::vector<std::string>{"12345"});
    Contact erased = c;
    erased.status = ContactStatus::erased;
    CHECK(search::terms_of(erased).empty());
    // every value as words(fold_for_search(value)) cuts it, whatever its bytes
    for (const std::string value : {"Straße 12/3", "\xFF\xC3\x84" "b\xC3\xA4\xE2", "a\tb\\N\r\nc", "---", "12345 1234",
                                    "Ελλάδα Dvořák", "x@y.at", "\xF0\x9F\x98\x80 smile", ""}) {
      std::vector<std::string> expected_terms;
      const std::string folded = text::fold_for_search(value);
      for (const std::string_view w : search::words(folded)) {
        const bool number = w.find_first_not_of("0123456789") == std::string_view::npos;
        if (w.size() >= (number ? search::k_min_number_bytes : search::k_min_term_bytes)) expected_terms.emplace_back(w);
      }
      std::ranges::sort(expected_terms);
      expected_terms.erase(std::unique(expected_terms.begin(), expected_terms.end()), expected_terms.end());
      CHECK_MESSAGE(search::terms_of(person("c", {{"v", value}})) == expected_terms, value);
    }
    // a cut never splits a character
    const Contact wide = person("c", {{"n", std::string(31, 'a') + "€"}});
    CHECK(search::terms_of(wide).back() == std::string(31, 'a'));
  }

  TEST_CASE("a query: trimmed, folded, split at white space, its longest words to look up") {
    const search::Query q = search::parse("  juergen.gross@GMX.at \t");
    CHECK(q.text == "juergen.gross@GMX.at");
    CHECK(q.parts == std::vector<std::string>{"juergen.gross@gmx.at"});
    using Forms = std::vector<std::vector<std::string>>;
    // each word with the form the index has for it: "juergen" is stored as "jurgen" for "Jürgen"
    CHECK(q.prefixes == Forms{{"juergen", "jurgen"}, {"gross"}, {"gmx"}, {"at"}});
    const search::Query names = search::parse("Groß\xC2\xA0Jürgen");
    CHECK(names.parts == std::vector<std::string>{"gross", "jurgen"});
    // a word that begins a longer one adds nothing to the lookup
    CHECK(search::parse("max maximilian").prefixes == Forms{{"maximilian"}});
    CHECK(search::parse("K-1").prefixes.empty());
    CHECK(search::parse("1010 Wien").prefixes == Forms{{"wien"}});  // a short number is checked, not looked up
    CHECK_GDPR_ERROR(search::parse(" \t "), ErrorKind::usage,
                     "the search text is empty: give an id, an e-mail or a name");
  }

  TEST_CASE("a match: each part where a word starts, in any value") {
    const Contact c = person("K-1001", {{"Vorname", "Jürgen"}, {"Nachname", "Groß"}, {"EMail", "juergen.gross@gmx.at"}});
    auto m = [&](const char* text) { return search::matches(c, search::parse(text)); };
    CHECK(m("juergen.gross@GMX.at "));
    CHECK(m("gross@gmx"));
    CHECK(m("Jürgen Groß"));
    CHECK(m("JURGEN gross"));
    CHECK(m("juergen"));
    CHECK(m("k-1001"));
    CHECK(m("1001"));
    CHECK_FALSE(m("ross"));         // not where a word starts
    CHECK_FALSE(m("jürgen maier"));  // every part must occur
    CHECK_FALSE(m("gross@gmx.de"));
    Contact erased = c;
    erased.status = ContactStatus::erased;
    CHECK_FALSE(search::matches(erased, search::parse("K-1001")));
  }

  TEST_CASE("find through the index: adds, updates, imports, erasures") {
    test::World w;
    Service alice = w.as("alice");
    alice.add_contact("K-1", {{"Vorname", "Jürgen"}, {"Nachname", "Groß"}, {"EMail", "juergen.gross@gmx.at"}},
                      Readmit::no);
    alice.add_contact("K-2", {{"Vorname", "Anna"}, {"Nachname", "Gross"}, {"EMail", "anna@example.com"}}, Readmit::no);
    std::istringstream csv("id;Vorname;Nachname;EMail\nK-3;Zoë;Ångström;zoe@example.org\nK-4;Max;Müller;max@example.org\n");
    (void)alice.import_contacts(csv, "more.csv", ImportOptions{});

    CHECK(ids(alice.find_contacts("juergen.gross@GMX.at ", 20)) == std::vector<std::string>{"K-1"});
    CHECK(ids(alice.find_contacts("gross", 20)) == std::vector<std::string>{"K-1", "K-2"});
    CHECK(ids(alice.find_contacts("zoe angstrom", 20)) == std::vector<std::string>{"K-3"});
    CHECK(ids(alice.find_contacts("mueller", 20)) == std::vector<std::string>{"K-4"});
    CHECK(ids(alice.find_contacts("K-4", 20)) == std::vector<std::string>{"K-4"});  // the id, exactly
    CHECK(alice.find_contacts("nobody", 20).contacts.empty());
    CHECK(alice.find_contacts("x", 20).too_short);

    const FoundContacts first = alice.find_contacts("example", 1);
    CHECK(first.contacts.size() == 1);
    CHECK(first.more);
    CHECK_GDPR_ERROR((void)alice.find_contacts("gross", 0), ErrorKind::usage, "--limit must be at least 1");

    // an update takes the old words out of the index and puts the new ones in
    alice.add_contact("K-2", {{"Nachname", "Berger"}}, Readmit::no);
    CHECK(ids(alice.find_contacts("gross", 20)) == std::vector<std::string>{"K-1"});
    CHECK(ids(alice.find_contacts("berger", 20)) == std::vector<std::string>{"K-2"});

    // an erasure leaves no term of the contact, and it is never found by a former value
    w.config.reviewers.push_back("bob");
    const auto rid = w.request("K-1");
    (void)w.as("bob").approve(rid, "", test::yes());
    CHECK(alice.find_contacts("juergen", 20).contacts.empty());
    CHECK(alice.find_contacts("K-1", 20).contacts.empty());
    SQLite::Database db(w.dir.file("test.db"), SQLite::OPEN_READONLY);
    // K-1's words are gone from the index (Groß is still Anna's... no: she is Berger now)
    CHECK(db.execAndGet("SELECT count(*) FROM contact_terms WHERE term IN ('jurgen', 'gross', 'juergen')").getInt() == 0);
    // the contact at position 1 is in no row, K-3 (position 3) in those of its words
    const char* with = "SELECT group_concat(term, ' ') FROM (SELECT term FROM contact_terms "
                       "WHERE ',' || members || ',' LIKE '%,{},%' ORDER BY term)";
    CHECK(db.execAndGet(fmt::format(fmt::runtime(with), 1)).getString().empty());
    CHECK(db.execAndGet(fmt::format(fmt::runtime(with), 3)).getString() == "angstrom example org zoe");
  }
}
