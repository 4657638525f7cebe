#include <doctest/doctest.h>

#include "gdpr/identity.hpp"
#include "gdpr/letter.hpp"
#include "gdpr/rules.hpp"
#include "../helpers.hpp"

using namespace gdpr;

using test::pending_by;

TEST_SUITE("rules") {
  TEST_CASE("transition_allowed") {
    using S = RequestState;
    const S all[] = {S::pending, S::approved, S::erased, S::rejected, S::withdrawn};
    for (const S from : all) {
      for (const S to : all) {
        const bool expected = (from == S::pending && (to == S::approved || to == S::rejected || to == S::withdrawn)) ||
                              (from == S::approved && to == S::erased);
        CAPTURE(to_string(from));
        CAPTURE(to_string(to));
        CHECK(rules::transition_allowed(from, to) == expected);
      }
    }
    Request r = pending_by("alice");
    r.state = S::rejected;
    CHECK_GDPR_ERROR(rules::check_transition(r, S::approved), ErrorKind::conflict,
                     "request 7 is rejected; it cannot become approved");
  }

  TEST_CASE("check_clarified") {
    rules::check_clarified(Clarified::yes, "c-1");
    CHECK_GDPR_ERROR(rules::check_clarified(Clarified::no, "c-1"), ErrorKind::usage,
                     "first clarify with the customer that blocking mail is not enough (`gdpr block c-1 all-mail` "
                     "stops all mailings without erasing); then file again with --clarified");
  }

  TEST_CASE("check_received") {
    const Date today = parse_date("2026-11-29", "today");
    CHECK(rules::check_received(std::nullopt, today) == today);
    CHECK(format_date(rules::check_received(std::string("2026-01-31"), today)) == "2026-01-31");
    CHECK(rules::check_received(std::string("2026-11-29"), today) == today);
    CHECK_GDPR_ERROR(rules::check_received(std::string("2026-11-30"), today), ErrorKind::usage,
                     "--received 2026-11-30 is in the future (today is 2026-11-29)");
    CHECK_GDPR_KIND(rules::check_received(std::string("2026-02-30"), today), ErrorKind::usage);
  }

  TEST_CASE("check_can_file_for") {
    Contact c;
    c.id = "c-1";
    rules::check_can_file_for(c, std::nullopt);
    CHECK_GDPR_ERROR(rules::check_can_file_for(c, 5), ErrorKind::conflict,
                     "contact 'c-1' already has the open request 5; see `gdpr review 5`");
    c.status = ContactStatus::erased;
    c.erased_by_request = 3;
    CHECK_GDPR_ERROR(rules::check_can_file_for(c, std::nullopt), ErrorKind::conflict,
                     "contact 'c-1' is already erased (request 3)");
  }

  TEST_CASE("check_can_assign and check_can_extend") {
    Request r = pending_by("alice");
    r.due_on = parse_date("2026-12-31", "due");
    const Date before = parse_date("2026-12-01", "today");
    const Date on_due = parse_date("2026-12-31", "today");
    const Date after = parse_date("2027-01-01", "today");
    rules::check_can_assign(r);
    rules::check_can_extend(r, before);
    rules::check_can_extend(r, on_due);  // the due date itself is still within the period
    CHECK_GDPR_ERROR(rules::check_can_extend(r, after), ErrorKind::conflict,
                     "the deadline of request 7 passed on 2026-12-31; Art. 12(3) allows an extension only within "
                     "the first period, told to the data subject with its reasons: answer now instead");
    r.state = RequestState::approved;  // open until erased
    rules::check_can_assign(r);
    rules::check_can_extend(r, before);
    r.extended = true;
    CHECK_GDPR_ERROR(rules::check_can_extend(r, before), ErrorKind::conflict,
                     "the deadline of request 7 was already extended to 2026-12-31; Art. 12(3) allows one extension");
    r.state = RequestState::rejected;
    CHECK_GDPR_ERROR(rules::check_can_assign(r), ErrorKind::conflict,
                     "request 7 is rejected; only open requests can be assigned");
    CHECK_GDPR_ERROR(rules::check_can_extend(r, before), ErrorKind::conflict,
                     "request 7 is rejected; only open requests can be extended");
  }

  TEST_CASE("due_date and extended_due_date follow Reg. 1182/71") {
    Config config;  // AT, one month
    const auto due = [&](const char* received) {
      return format_date(rules::due_date(parse_date(received, "received"), config));
    };
    CHECK(due("2026-01-31") == "2026-03-02");  // 28 February is a Saturday
    CHECK(due("2026-11-08") == "2026-12-09");  // 8 December: Mariä Empfängnis
    CHECK(due("2026-11-25") == "2026-12-28");  // Christmas, Stefanitag, a Sunday
    CHECK(due("2026-03-10") == "2026-04-10");  // a Friday: stays
    config.holidays = "none";
    CHECK(due("2026-01-31") == "2026-03-02");  // the weekend still moves it
    CHECK(due("2026-11-25") == "2026-12-25");  // no holidays: Christmas Day is a Friday
    config.extra_holidays = {parse_date("2026-12-25", "extra")};
    CHECK(due("2026-11-25") == "2026-12-28");

    Request r = pending_by("alice");
    r.received_on = parse_date("2026-11-30", "received");
    config = Config{};
    config.deadline_months = 1;
    CHECK(format_date(rules::extended_due_date(r, config)) == "2027-03-01");  // + 3 months: 28 Feb is a Sunday
    r.received_on = parse_date("2027-11-30", "received");
    CHECK(format_date(rules::extended_due_date(r, config)) == "2028-02-29");  // leap year, a Tuesday
  }

  TEST_CASE("late_filing_warning") {
    const Date received = parse_date("2026-03-05", "received");
    const Date due = parse_date("2026-04-07", "due");
    CHECK_FALSE(rules::late_filing_warning(received, due, parse_date("2026-04-07", "today")));
    const auto warning = rules::late_filing_warning(received, due, parse_date("2026-12-06", "today"));
    REQUIRE(warning);
    CHECK(warning->find("overdue by 243 days") != std::string::npos);
  }

  TEST_CASE("check_retain_until and retention_ended") {
    const Date today = parse_date("2026-12-06", "today");
    CHECK(format_date(rules::check_retain_until("2033-12-31", today, false, false)) == "2033-12-31");
    CHECK_GDPR_ERROR(rules::check_retain_until("2026-12-06", today, false, false), ErrorKind::usage,
                     "--retain-until 2026-12-06 is not after today (2026-12-06): the retention duty must still run");
    CHECK(format_date(rules::check_retain_until("31.12.2033", today, false, false)) == "2033-12-31");  // SPEC §12
    CHECK_GDPR_KIND(rules::check_retain_until("31/12/2033", today, false, false), ErrorKind::usage);
    CHECK_GDPR_KIND(rules::check_retain_until("2033-12-31", today, true, false), ErrorKind::usage);
    CHECK_GDPR_KIND(rules::check_retain_until("2033-12-31", today, false, true), ErrorKind::usage);

    Request r = pending_by("alice");
    r.state = RequestState::rejected;
    CHECK_FALSE(rules::retention_ended(r, today));
    r.retain_until = parse_date("2026-12-05", "until");
    CHECK(rules::retention_ended(r, today));
    r.retain_until = today;  // the last day of the duty: not yet ended
    CHECK_FALSE(rules::retention_ended(r, today));
  }

  TEST_CASE("check_letter_kind") {
    Request r = pending_by("alice");
    CHECK_GDPR_KIND(rules::check_letter_kind(r, std::nullopt), ErrorKind::conflict);
    r.extended = true;
    CHECK(rules::check_letter_kind(r, std::nullopt) == LetterKind::extension);
    r.state = RequestState::erased;
    CHECK(rules::check_letter_kind(r, std::nullopt) == LetterKind::confirmation);
    CHECK(rules::check_letter_kind(r, LetterKind::extension) == LetterKind::extension);
    CHECK_GDPR_ERROR(rules::check_letter_kind(r, LetterKind::refusal), ErrorKind::conflict,
                     "request 7 is erased: its letter is the confirmation, not the refusal");
    r.state = RequestState::rejected;
    CHECK(rules::check_letter_kind(r, std::nullopt) == LetterKind::refusal);
    r.state = RequestState::withdrawn;
    r.extended = false;
    CHECK_GDPR_KIND(rules::check_letter_kind(r, std::nullopt), ErrorKind::conflict);
  }

  TEST_CASE("check_sheet_printed") {
    const Request r = pending_by("alice");
    Config config;
    rules::check_sheet_printed(r, config, false);
    config.require_sheet = true;
    rules::check_sheet_printed(r, config, true);
    CHECK_GDPR_ERROR(rules::check_sheet_printed(r, config, false), ErrorKind::conflict,
                     "the policy requires the printed sheet before approval (review.require_sheet): run "
                     "`gdpr print-sheet --request 7` first");
  }

  TEST_CASE("check_erasure_confirmed") {
    const Request r = pending_by("alice");
    rules::check_erasure_confirmed(Confirmation::given, r);
    CHECK_GDPR_ERROR(rules::check_erasure_confirmed(Confirmation::no_terminal, r), ErrorKind::usage,
                     "approving request 7 erases contact 'c-1' irreversibly; there is no terminal to ask, so pass "
                     "--yes to confirm");
    CHECK_GDPR_ERROR(rules::check_erasure_confirmed(Confirmation::declined, r), ErrorKind::usage,
                     "not confirmed: request 7 stays pending, nothing was changed");
  }
}
