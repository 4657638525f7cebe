#include <doctest/doctest.h>

#include "gdpr/identity.hpp"
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
    rules::check_can_assign(r);
    rules::check_can_extend(r);
    r.state = RequestState::approved;  // open until erased
    rules::check_can_assign(r);
    rules::check_can_extend(r);
    r.extended = true;
    CHECK_GDPR_ERROR(rules::check_can_extend(r), ErrorKind::conflict,
                     "the deadline of request 7 was already extended to 2026-12-31; Art. 12(3) allows one extension");
    r.state = RequestState::rejected;
    CHECK_GDPR_ERROR(rules::check_can_assign(r), ErrorKind::conflict,
                     "request 7 is rejected; only open requests can be assigned");
    CHECK_GDPR_ERROR(rules::check_can_extend(r), ErrorKind::conflict,
                     "request 7 is rejected; only open requests can be extended");
  }

  TEST_CASE("extended_due_date") {
    Request r = pending_by("alice");
    r.received_on = parse_date("2026-11-30", "received");
    Config config;
    config.deadline_months = 1;
    CHECK(format_date(rules::extended_due_date(r, config)) == "2027-02-28");  // + 3 months, clamped
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
