#include <doctest/doctest.h>

#include "gdpr/dates.hpp"
#include "helpers.hpp"

using namespace gdpr;

TEST_SUITE("dates") {
  TEST_CASE("parse_date") {
    SUBCASE("valid dates") {
      CHECK(parse_date("2026-03-31", "d") == Date{2026, 3, 31});
      CHECK(parse_date("2024-02-29", "d") == Date{2024, 2, 29});
    }
    SUBCASE("the German form, in every language (SPEC §12)") {
      CHECK(parse_date("31.01.2026", "d") == Date{2026, 1, 31});
      CHECK(parse_date("29.02.2024", "d") == Date{2024, 2, 29});
      for (const char* bad : {"31.1.2026", "1.01.2026", "29.02.2025", "31.04.2026", "31.13.2026", "00.01.2026",
                              "31.01.26", "31-01-2026", "31.01.2026 ", "3x.01.2026"}) {
        CAPTURE(bad);
        CHECK_GDPR_KIND(parse_date(bad, "--received"), ErrorKind::usage);
      }
    }
    SUBCASE("malformed forms are usage errors naming the option") {
      for (const char* bad : {"", "2026-3-31", "2026/03/31", "31/03/2026", "2026-03-31T00:00", " 2026-03-31",
                              "2026-13-01", "2026-00-10", "2026-04-31", "2025-02-29", "1900-02-29", "abcd-ef-gh",
                              "2026-03-3x", "+026-03-31"}) {
        CAPTURE(bad);
        CHECK_GDPR_KIND(parse_date(bad, "--received"), ErrorKind::usage);
      }
      CHECK_GDPR_ERROR(parse_date("2026-02-30", "--received"), ErrorKind::usage,
                       "--received '2026-02-30' is not a valid date: use YYYY-MM-DD or DD.MM.YYYY, e.g. 2026-03-31 or "
                       "31.03.2026");
    }
  }

  TEST_CASE("add_months") {
    SUBCASE("plain") { CHECK(add_months(Date{2026, 11, 29}, 1) == Date{2026, 12, 29}); }
    SUBCASE("year wrap") { CHECK(add_months(Date{2026, 12, 15}, 1) == Date{2027, 1, 15}); }
    SUBCASE("month end clamps") {
      CHECK(add_months(Date{2026, 1, 31}, 1) == Date{2026, 2, 28});
      CHECK(add_months(Date{2028, 1, 31}, 1) == Date{2028, 2, 29});
      CHECK(add_months(Date{2026, 3, 31}, 1) == Date{2026, 4, 30});
      CHECK(add_months(Date{2026, 8, 31}, 3) == Date{2026, 11, 30});
    }
    SUBCASE("leap years") {
      CHECK(is_leap_year(2024));
      CHECK(!is_leap_year(2100));
      CHECK(is_leap_year(2000));
      CHECK(add_months(Date{2024, 2, 29}, 12) == Date{2025, 2, 28});
      CHECK(add_months(Date{2024, 2, 29}, 48) == Date{2028, 2, 29});
    }
    SUBCASE("extension: received + 1 + 2 months") { CHECK(add_months(Date{2026, 11, 30}, 3) == Date{2027, 2, 28}); }
  }

  TEST_CASE("days_between") {
    CHECK(days_between(Date{2026, 11, 29}, Date{2026, 12, 29}) == 30);
    CHECK(days_between(Date{2026, 12, 29}, Date{2026, 11, 29}) == -30);
    CHECK(days_between(Date{2024, 2, 28}, Date{2024, 3, 1}) == 2);
    CHECK(days_between(Date{1970, 1, 1}, Date{1970, 1, 1}) == 0);
    CHECK(add_days(Date{2026, 12, 31}, 1) == Date{2027, 1, 1});
  }

  TEST_CASE("format_timestamp") {
    CHECK(format_timestamp(std::chrono::system_clock::time_point(std::chrono::seconds(0))) == "1970-01-01T00:00:00Z");
    CHECK(format_timestamp(test::fixed_clock().now()) == "2026-11-29T12:00:00Z");
  }

  TEST_CASE("FixedClock::advance_days") {
    FixedClock clock = test::fixed_clock();
    clock.advance_days(33);
    CHECK(clock.today() == Date{2027, 1, 1});
  }
}
