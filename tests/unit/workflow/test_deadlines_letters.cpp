// The workflow of SPEC §10: legal due dates, extensions only in time, retention, letters and the
// sheet required before approval, through the Service as the CLI calls it.
#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "gdpr/letter.hpp"
#include "gdpr/rules.hpp"
#include "gdpr/sheet.hpp"
#include "../helpers.hpp"

using namespace gdpr;
using test::World;

namespace {

NewRequest received(const std::string& id, const std::string& on) {
  NewRequest r;
  r.contact_id = id;
  r.reason = "Customer asked in writing to erase all data";
  r.clarified = Clarified::yes;
  r.received = on;
  return r;
}

std::vector<std::string> actions(World& w) {
  std::vector<std::string> out;
  w.as("x").audit(AuditFilter{}, [&](const AuditEvent& e) { out.push_back(e.action); });
  return out;
}

std::vector<std::string> mailable_ids(World& w) {
  ContactFilter f;
  f.mailable = true;
  std::vector<std::string> out;
  w.as("x").list_contacts(f, [&](const Contact& c) { out.push_back(c.id); });
  return out;
}

}  // namespace

TEST_SUITE("deadlines") {
  TEST_CASE("due dates move off weekends and holidays - a late filing warns") {
    World w;
    w.contact("c-1");
    w.contact("c-2", "b@example.com");
    std::vector<std::string> warnings;
    Service alice = w.as("alice");
    alice.set_warning_sink([&](const std::string& text) { warnings.push_back(text); });
    const auto a = alice.file_request(received("c-1", "2026-11-25"));
    CHECK(a.request.due_on == Date{2026, 12, 28});
    CHECK(warnings.empty());
    const auto b = alice.file_request(received("c-2", "2026-01-31"));
    CHECK(b.request.due_on == Date{2026, 3, 2});
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("its deadline of 2026-03-02 has already passed (overdue by 272 days)") != std::string::npos);
  }

  TEST_CASE("an extension only in time, and never twice") {
    World w;
    w.contact("c-1");
    const auto id = w.as("alice").file_request(received("c-1", "2026-10-20")).request.id;  // due 2026-11-20
    CHECK(w.as("bob").show_request(id).due_on == Date{2026, 11, 20});
    const auto before = actions(w);
    CHECK_GDPR_ERROR(w.as("bob").extend(id, "Several linked systems to check"), ErrorKind::conflict,
                     "the deadline of request 1 passed on 2026-11-20; Art. 12(3) allows an extension only within the "
                     "first period, told to the data subject with its reasons: answer now instead");
    CHECK(actions(w) == before);
    CHECK_FALSE(w.as("bob").show_request(id).extended);

    w.contact("c-2", "b@example.com");
    const auto in_time = w.request("c-2");
    const Request r = w.as("bob").extend(in_time, "Several linked systems to check");
    CHECK(r.extended);
    CHECK(r.extension_reason == "Several linked systems to check");
    CHECK(r.due_on == Date{2027, 3, 1});  // 29 Nov + 3 months: 29 February 2027 does not exist, 28 February is a Sunday
  }

  TEST_CASE("an extension with its notice: one transaction") {
    World w;
    w.contact("c-1");
    const auto id = w.request("c-1");
    const auto before = actions(w);
    // The notice cannot be written: the deadline stays as it was, nothing is recorded.
    CHECK_THROWS(w.as("bob").extend(id, "Several linked systems to check",
                                    [](const Letter&) { throw std::runtime_error("file exists"); }));
    CHECK(actions(w) == before);
    CHECK_FALSE(w.as("bob").show_request(id).extended);
    Letter got;
    const Request r = w.as("bob").extend(id, "Several linked systems to check", [&](const Letter& l) { got = l; });
    CHECK(r.extended);
    CHECK(got.kind == LetterKind::extension);
    CHECK(got.request.due_on == r.due_on);
    CHECK(got.request.extension_reason == "Several linked systems to check");
    CHECK(got.name == "Max Müller");
    const auto after = actions(w);
    REQUIRE(after.size() == before.size() + 2);
    CHECK(std::vector<std::string>(after.end() - 2, after.end()) ==
          std::vector<std::string>{"request.extended", "letter.issued"});
  }
}

TEST_SUITE("retention") {
  TEST_CASE("reject --retain-until keeps the contact restricted and reminds after the date") {
    World w;
    w.contact("c-1");
    w.contact("c-2", "b@example.com");
    const auto id = w.request("c-1");
    const auto r = w.as("bob").reject(id, "Open invoice: retention duty under § 132 BAO", LiftBlock::no,
                                      std::string("2026-12-31"));
    CHECK(r.request.state == RequestState::rejected);
    CHECK(r.request.retain_until == Date{2026, 12, 31});
    const Contact c = w.as("x").show_contact("c-1");
    CHECK(c.status == ContactStatus::restricted);
    CHECK(c.block_all_mail);
    CHECK(mailable_ids(w) == std::vector<std::string>{"c-2"});
    CHECK_GDPR_KIND(w.as("bob").set_block("c-1", BlockKind::all_mail, BlockChange::lift), ErrorKind::conflict);

    CHECK(w.as("x").reminders().empty());
    w.clock.advance_days(32);  // 2026-12-31: the last day of the duty
    CHECK(w.as("x").reminders().empty());
    w.clock.advance_days(1);  // 2027-01-01
    const auto rem = w.as("x").reminders();
    REQUIRE(rem.size() == 1);
    CHECK(rem[0].request.id == id);
    CHECK(rem[0].reasons.at(0) ==
          "retention ended on 2026-12-31: contact 'c-1' is still restricted; file a new request to erase it");

    // A new request erases it, and the reminder ends.
    const auto again = w.request("c-1");
    CHECK(w.as("x").show_contact("c-1").status == ContactStatus::on_hold);
    CHECK(w.as("x").reminders().empty());
    (void)w.as("bob").approve(again, "", test::yes());
    CHECK(w.as("x").show_contact("c-1").status == ContactStatus::erased);
  }

  TEST_CASE("retain-until refusals change nothing") {
    World w;
    w.contact("c-1");
    const auto id = w.request("c-1");
    const auto before = actions(w);
    CHECK_GDPR_KIND(w.as("bob").reject(id, "Open invoice, retention duty", LiftBlock::no, std::string("2026-11-29")),
                    ErrorKind::usage);
    CHECK_GDPR_KIND(w.as("bob").reject(id, "Open invoice, retention duty", LiftBlock::yes, std::string("2030-01-01")),
                    ErrorKind::usage);
    CHECK_GDPR_KIND(w.as("bob").reject(id, "Open invoice, retention duty", LiftBlock::no, std::string("2030-13-01")),
                    ErrorKind::usage);
    CHECK_GDPR_KIND(w.as("alice").reject(id, "Customer changed his mind", LiftBlock::no, std::string("2030-01-01")),
                    ErrorKind::usage);
    CHECK(actions(w) == before);
    CHECK(w.as("x").show_request(id).state == RequestState::pending);
    CHECK(w.as("x").show_contact("c-1").status == ContactStatus::on_hold);
  }
}

TEST_SUITE("letters") {
  TEST_CASE("the confirmation written at approval agrees with the erasure record") {
    World w;
    w.config.systems = {};
    w.as("alice").add_contact("c-1", {{"Vorname", "Max"}, {"Nachname", "Müller"}, {"Ort", "Wien"}, {"email", "m@x.at"}},
                              Readmit::no);
    const auto id = w.request("c-1");
    std::vector<Letter> written;
    const auto r = w.as("bob").approve(id, "", test::yes(), [&](const Letter& l) { written.push_back(l); });
    CHECK(r.erased);
    REQUIRE(written.size() == 1);
    CHECK(written[0].kind == LetterKind::confirmation);
    CHECK(written[0].name == "Max Müller");  // addressed while the data still existed
    CHECK(written[0].erased_on == Date{2026, 11, 29});
    const auto acts = actions(w);
    CHECK(std::count(acts.begin(), acts.end(), "letter.issued") == 1);
    // Afterwards the letter can be written again, without an address.
    std::vector<Letter> again;
    w.as("bob").write_letter(id, std::nullopt, [&](const Letter& l) { again.push_back(l); });
    REQUIRE(again.size() == 1);
    CHECK(again[0].addressee.empty());
    CHECK(again[0].erased_on == written[0].erased_on);
    CHECK(again[0].systems == written[0].systems);
  }

  TEST_CASE("a letter that does not fit, or a failing sink, records nothing") {
    World w;
    w.contact("c-1");
    const auto id = w.request("c-1");
    const auto before = actions(w);
    CHECK_GDPR_KIND(w.as("bob").write_letter(id, std::nullopt, [](const Letter&) {}), ErrorKind::conflict);
    CHECK_GDPR_KIND(w.as("bob").write_letter(id, LetterKind::refusal, [](const Letter&) {}), ErrorKind::conflict);
    (void)w.as("bob").extend(id, "Several linked systems to check");
    const auto extended = actions(w);
    CHECK_THROWS(w.as("bob").write_letter(id, std::nullopt, [](const Letter&) { throw std::runtime_error("disk full"); }));
    CHECK(actions(w) == extended);
    Letter got;
    w.as("bob").write_letter(id, std::nullopt, [&](const Letter& l) { got = l; });
    CHECK(got.kind == LetterKind::extension);
    CHECK(got.request.extension_reason == "Several linked systems to check");
    CHECK(actions(w).back() == "letter.issued");
    CHECK(before.size() + 2 == actions(w).size());
  }

  TEST_CASE("review.require_sheet: approval waits for the printed sheet") {
    World w;
    w.config.require_sheet = true;
    w.contact("c-1");
    const auto id = w.request("c-1");
    const auto before = actions(w);
    CHECK_GDPR_ERROR(w.as("bob").approve(id, "", test::yes()), ErrorKind::conflict,
                     "the policy requires the printed sheet before approval (review.require_sheet): run "
                     "`gdpr print-sheet --request 1` first");
    CHECK(actions(w) == before);
    SheetTarget t;
    t.request_id = id;
    w.as("bob").print_sheet(t, ShowEmpty::no, "text", [](const SheetDocument&) {});
    CHECK(w.as("bob").approve(id, "", test::yes()).erased);
  }
}
