#include <doctest/doctest.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

#include "gdpr/error.hpp"
#include "gdpr/holidays.hpp"

using namespace gdpr;

namespace {

// The holidays of `region` in `year`, one "YYYY-MM-DD Name" a line.
std::string listing(int year, std::string_view region) {
  std::string out;
  for (const Holiday& h : public_holidays(year, region)) {
    out += format_date(h.date);
    out += ' ';
    out += h.name_de;
    out += '\n';
  }
  return out;
}

// `items`, one a line.
std::string lines(std::initializer_list<std::string_view> items) {
  std::string out;
  for (std::string_view item : items) {
    out += item;
    out += '\n';
  }
  return out;
}

// True when `date` is a public holiday of `region`.
bool lists(std::string_view region, const Date& date) {
  return is_public_holiday(date, HolidayCalendar{std::string(region), {}});
}

// The error message thrown by check_holiday_region, or "" when none.
std::string region_error(std::string_view region, ErrorKind& kind) {
  try {
    check_holiday_region(region, "review.holidays");
  } catch (const Error& e) {
    kind = e.kind();
    return e.what();
  }
  return "";
}

// The published lists (2026-2028), with the region's statewide holidays only.
const std::string k_austria_2026 =
    lines({"2026-01-01 Neujahr", "2026-01-06 Heilige Drei Könige", "2026-04-06 Ostermontag",
           "2026-05-01 Staatsfeiertag", "2026-05-14 Christi Himmelfahrt", "2026-05-25 Pfingstmontag",
           "2026-06-04 Fronleichnam", "2026-08-15 Mariä Himmelfahrt", "2026-10-26 Nationalfeiertag",
           "2026-11-01 Allerheiligen", "2026-12-08 Mariä Empfängnis", "2026-12-25 Christtag", "2026-12-26 Stefanitag"});

const std::string k_austria_2027 =
    lines({"2027-01-01 Neujahr", "2027-01-06 Heilige Drei Könige", "2027-03-29 Ostermontag",
           "2027-05-01 Staatsfeiertag", "2027-05-06 Christi Himmelfahrt", "2027-05-17 Pfingstmontag",
           "2027-05-27 Fronleichnam", "2027-08-15 Mariä Himmelfahrt", "2027-10-26 Nationalfeiertag",
           "2027-11-01 Allerheiligen", "2027-12-08 Mariä Empfängnis", "2027-12-25 Christtag", "2027-12-26 Stefanitag"});

const std::string k_austria_2028 =
    lines({"2028-01-01 Neujahr", "2028-01-06 Heilige Drei Könige", "2028-04-17 Ostermontag",
           "2028-05-01 Staatsfeiertag", "2028-05-25 Christi Himmelfahrt", "2028-06-05 Pfingstmontag",
           "2028-06-15 Fronleichnam", "2028-08-15 Mariä Himmelfahrt", "2028-10-26 Nationalfeiertag",
           "2028-11-01 Allerheiligen", "2028-12-08 Mariä Empfängnis", "2028-12-25 Christtag", "2028-12-26 Stefanitag"});

const std::string k_germany_2026 =
    lines({"2026-01-01 Neujahr", "2026-04-03 Karfreitag", "2026-04-06 Ostermontag", "2026-05-01 Tag der Arbeit",
           "2026-05-14 Christi Himmelfahrt", "2026-05-25 Pfingstmontag", "2026-10-03 Tag der Deutschen Einheit",
           "2026-12-25 Erster Weihnachtstag", "2026-12-26 Zweiter Weihnachtstag"});

const std::string k_bavaria_2026 =
    lines({"2026-01-01 Neujahr", "2026-01-06 Heilige Drei Könige", "2026-04-03 Karfreitag", "2026-04-06 Ostermontag",
           "2026-05-01 Tag der Arbeit", "2026-05-14 Christi Himmelfahrt", "2026-05-25 Pfingstmontag",
           "2026-06-04 Fronleichnam", "2026-10-03 Tag der Deutschen Einheit", "2026-11-01 Allerheiligen",
           "2026-12-25 Erster Weihnachtstag", "2026-12-26 Zweiter Weihnachtstag"});

const std::string k_saxony_2026 =
    lines({"2026-01-01 Neujahr", "2026-04-03 Karfreitag", "2026-04-06 Ostermontag", "2026-05-01 Tag der Arbeit",
           "2026-05-14 Christi Himmelfahrt", "2026-05-25 Pfingstmontag", "2026-10-03 Tag der Deutschen Einheit",
           "2026-10-31 Reformationstag", "2026-11-18 Buß- und Bettag", "2026-12-25 Erster Weihnachtstag",
           "2026-12-26 Zweiter Weihnachtstag"});

const HolidayCalendar k_at{"AT", {}};
const HolidayCalendar k_none{"none", {}};

}  // namespace

TEST_SUITE("holidays") {
  TEST_CASE("holiday_regions") {
    const auto& regions = holiday_regions();
    CHECK(regions.size() == 19);
    CHECK(regions.front() == "AT");
    CHECK(regions.back() == "none");
    for (std::string_view r : {"DE", "DE-BW", "DE-BY", "DE-BE", "DE-BB", "DE-HB", "DE-HH", "DE-HE", "DE-MV", "DE-NI",
                               "DE-NW", "DE-RP", "DE-SL", "DE-SN", "DE-ST", "DE-SH", "DE-TH"}) {
      CAPTURE(r);
      CHECK(std::find(regions.begin(), regions.end(), r) != regions.end());
    }
  }

  TEST_CASE("check_holiday_region") {
    SUBCASE("every known region passes") {
      for (std::string_view r : holiday_regions()) {
        CAPTURE(r);
        CHECK_NOTHROW(check_holiday_region(r, "review.holidays"));
      }
    }
    SUBCASE("an unknown region is a config error naming the key and the regions") {
      ErrorKind kind = ErrorKind::internal;
      CHECK(region_error("de-by", kind) ==
            "key 'review.holidays' must be one of \"AT\", \"DE\", \"DE-BW\", \"DE-BY\", \"DE-BE\", \"DE-BB\", "
            "\"DE-HB\", \"DE-HH\", \"DE-HE\", \"DE-MV\", \"DE-NI\", \"DE-NW\", \"DE-RP\", \"DE-SL\", \"DE-SN\", "
            "\"DE-ST\", \"DE-SH\", \"DE-TH\" or \"none\", not \"de-by\"");
      CHECK(kind == ErrorKind::config);
    }
    SUBCASE("near misses are refused too") {
      for (std::string_view bad : {"", "at", "None", "DE-", "DE-XX", "Bayern", "AT ", "CH"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(check_holiday_region(bad, "review.holidays"), Error);
      }
    }
  }

  TEST_CASE("easter_sunday") {
    SUBCASE("2024 to 2030") {
      CHECK(easter_sunday(2024) == Date{2024, 3, 31});
      CHECK(easter_sunday(2025) == Date{2025, 4, 20});
      CHECK(easter_sunday(2026) == Date{2026, 4, 5});
      CHECK(easter_sunday(2027) == Date{2027, 3, 28});
      CHECK(easter_sunday(2028) == Date{2028, 4, 16});
      CHECK(easter_sunday(2029) == Date{2029, 4, 1});
      CHECK(easter_sunday(2030) == Date{2030, 4, 21});
    }
    SUBCASE("the extremes: 22 March and 25 April") {
      CHECK(easter_sunday(1818) == Date{1818, 3, 22});
      CHECK(easter_sunday(2285) == Date{2285, 3, 22});
      CHECK(easter_sunday(1943) == Date{1943, 4, 25});
      CHECK(easter_sunday(2038) == Date{2038, 4, 25});
    }
    SUBCASE("other known years") {
      CHECK(easter_sunday(2000) == Date{2000, 4, 23});
      CHECK(easter_sunday(2008) == Date{2008, 3, 23});
      CHECK(easter_sunday(2011) == Date{2011, 4, 24});
      CHECK(easter_sunday(2019) == Date{2019, 4, 21});
    }
    SUBCASE("always a Sunday between 22 March and 25 April") {
      for (int year = 1583; year <= 3000; ++year) {
        CAPTURE(year);
        const Date e = easter_sunday(year);
        CHECK(weekday(e) == 6);
        CHECK(e >= Date{year, 3, 22});
        CHECK(e <= Date{year, 4, 25});
      }
    }
  }

  TEST_CASE("weekday") {
    CHECK(weekday(Date{1970, 1, 1}) == 3);
    CHECK(weekday(Date{1969, 12, 31}) == 2);
    CHECK(weekday(Date{2026, 1, 1}) == 3);
    CHECK(weekday(Date{2026, 2, 28}) == 5);
    CHECK(weekday(Date{2026, 3, 1}) == 6);
    CHECK(weekday(Date{2026, 3, 2}) == 0);
    CHECK(weekday(Date{2024, 2, 29}) == 3);
    CHECK(weekday(Date{2000, 1, 1}) == 5);
  }

  TEST_CASE("public_holidays") {
    SUBCASE("Austria 2026") { CHECK(listing(2026, "AT") == k_austria_2026); }
    SUBCASE("Austria 2027") { CHECK(listing(2027, "AT") == k_austria_2027); }
    SUBCASE("Austria 2028") { CHECK(listing(2028, "AT") == k_austria_2028); }
    SUBCASE("Germany's federal holidays 2026") { CHECK(listing(2026, "DE") == k_germany_2026); }
    SUBCASE("Bavaria 2026 (15 Aug is not statewide)") { CHECK(listing(2026, "DE-BY") == k_bavaria_2026); }
    SUBCASE("Saxony 2026 (Fronleichnam is not statewide)") { CHECK(listing(2026, "DE-SN") == k_saxony_2026); }
    SUBCASE("English names") {
      const auto at = public_holidays(2026, "AT");
      CHECK(at.front().name_en == "New Year's Day");
      CHECK(at.back().name_en == "St Stephen's Day");
    }
    SUBCASE("none has no holidays") { CHECK(public_holidays(2026, "none").empty()); }
    SUBCASE("state holidays with a start year") {
      CHECK_FALSE(lists("DE-BE", Date{2018, 3, 8}));
      CHECK(lists("DE-BE", Date{2019, 3, 8}));
      CHECK_FALSE(lists("DE-MV", Date{2022, 3, 8}));
      CHECK(lists("DE-MV", Date{2023, 3, 8}));
      CHECK_FALSE(lists("DE-TH", Date{2018, 9, 20}));
      CHECK(lists("DE-TH", Date{2019, 9, 20}));
      CHECK(lists("DE-HB", Date{2018, 10, 31}));
      CHECK(lists("DE-NI", Date{2026, 10, 31}));
      CHECK(lists("DE-SH", Date{2026, 10, 31}));
      CHECK(lists("DE-HH", Date{2026, 10, 31}));
      CHECK_FALSE(lists("DE-HH", Date{2016, 10, 31}));
    }
    SUBCASE("one-off holidays") {
      CHECK(lists("DE", Date{2017, 10, 31}));
      CHECK(lists("DE-BY", Date{2017, 10, 31}));
      CHECK_FALSE(lists("DE-BY", Date{2018, 10, 31}));
      CHECK_FALSE(lists("DE", Date{2018, 10, 31}));
      CHECK(lists("DE-BE", Date{2020, 5, 8}));
      CHECK(lists("DE-BE", Date{2025, 5, 8}));
      CHECK_FALSE(lists("DE-BE", Date{2026, 5, 8}));
      CHECK(listing(2017, "DE-SN").find("2017-10-31 Reformationstag\n2017-11-22") != std::string::npos);
    }
    SUBCASE("state by state") {
      CHECK(lists("DE-ST", Date{2026, 1, 6}));
      CHECK_FALSE(lists("DE-SN", Date{2026, 1, 6}));
      CHECK(lists("DE-SL", Date{2026, 8, 15}));
      CHECK_FALSE(lists("DE-BY", Date{2026, 8, 15}));
      CHECK(lists("DE-HE", Date{2026, 6, 4}));
      CHECK_FALSE(lists("DE-HE", Date{2026, 11, 1}));
      CHECK(lists("DE-NW", Date{2026, 11, 1}));
      CHECK(lists("DE-RP", Date{2026, 11, 1}));
      CHECK(lists("DE-BW", Date{2026, 11, 1}));
      CHECK(lists("DE-BB", Date{2026, 10, 31}));
      CHECK_FALSE(lists("DE-BB", Date{2026, 4, 5}));  // Easter Sunday: a Sunday anyway, left out
      CHECK_FALSE(lists("AT", Date{2026, 4, 3}));     // no Karfreitag in Austria since 2019
      CHECK_FALSE(lists("AT", Date{2026, 12, 24}));
      CHECK_FALSE(lists("AT", Date{2026, 12, 31}));
    }
    SUBCASE("Buß- und Bettag: the Wednesday before 23 November") {
      CHECK(lists("DE-SN", Date{2023, 11, 22}));
      CHECK(lists("DE-SN", Date{2024, 11, 20}));
      CHECK(lists("DE-SN", Date{2025, 11, 19}));
      CHECK(lists("DE-SN", Date{2027, 11, 17}));
      CHECK(lists("DE-SN", Date{2028, 11, 22}));
      CHECK(lists("DE-SN", Date{2029, 11, 21}));
      CHECK_FALSE(lists("DE-BY", Date{2026, 11, 18}));
    }
    SUBCASE("a day that is two holidays is listed twice") {
      // 2008: Christi Himmelfahrt on 1 May.
      CHECK(listing(2008, "DE").find("2008-05-01 Tag der Arbeit\n2008-05-01 Christi Himmelfahrt\n") !=
            std::string::npos);
    }
    SUBCASE("an unchecked region is a bug") { CHECK_THROWS_AS((void)public_holidays(2026, "XX"), Error); }
  }

  TEST_CASE("is_public_holiday") {
    SUBCASE("the region's holidays") {
      CHECK(is_public_holiday(Date{2026, 12, 8}, k_at));
      CHECK(is_public_holiday(Date{2026, 11, 1}, k_at));  // also a Sunday
      CHECK_FALSE(is_public_holiday(Date{2026, 12, 9}, k_at));
    }
    SUBCASE("none has none") { CHECK_FALSE(is_public_holiday(Date{2026, 12, 25}, k_none)); }
    SUBCASE("extra dates") {
      const HolidayCalendar cal{"AT", {Date{2026, 12, 24}, Date{2026, 12, 31}}};
      CHECK(is_public_holiday(Date{2026, 12, 24}, cal));
      CHECK(is_public_holiday(Date{2026, 12, 31}, cal));
      CHECK(is_public_holiday(Date{2026, 12, 25}, cal));
      CHECK_FALSE(is_public_holiday(Date{2027, 12, 24}, cal));
      CHECK(is_public_holiday(Date{2026, 8, 15}, HolidayCalendar{"none", {Date{2026, 8, 15}}}));
    }
  }

  TEST_CASE("is_working_day") {
    SUBCASE("weekdays") { CHECK(is_working_day(Date{2026, 12, 9}, k_at)); }
    SUBCASE("weekends") {
      CHECK_FALSE(is_working_day(Date{2026, 2, 28}, k_at));
      CHECK_FALSE(is_working_day(Date{2026, 3, 1}, k_none));
    }
    SUBCASE("holidays") {
      CHECK_FALSE(is_working_day(Date{2026, 12, 8}, k_at));
      CHECK(is_working_day(Date{2026, 12, 8}, k_none));
      CHECK_FALSE(is_working_day(Date{2026, 11, 18}, HolidayCalendar{"DE-SN", {}}));
      CHECK(is_working_day(Date{2026, 11, 18}, HolidayCalendar{"DE-BY", {}}));
    }
  }

  TEST_CASE("next_working_day") {
    SUBCASE("a working day stays") { CHECK(next_working_day(Date{2026, 12, 9}, k_at) == Date{2026, 12, 9}); }
    SUBCASE("a weekend moves to Monday") {
      CHECK(next_working_day(Date{2026, 2, 28}, k_at) == Date{2026, 3, 2});
      CHECK(next_working_day(Date{2026, 3, 1}, k_at) == Date{2026, 3, 2});
    }
    SUBCASE("a holiday followed by a weekend") {
      CHECK(next_working_day(Date{2026, 5, 1}, k_at) == Date{2026, 5, 4});
      CHECK(next_working_day(Date{2026, 12, 25}, HolidayCalendar{"DE", {}}) == Date{2026, 12, 28});
    }
    SUBCASE("a weekend followed by a holiday") {
      CHECK(next_working_day(Date{2026, 4, 4}, k_at) == Date{2026, 4, 7});  // Easter Saturday .. Monday
      CHECK(next_working_day(Date{2026, 4, 3}, HolidayCalendar{"DE", {}}) == Date{2026, 4, 7});
      CHECK(next_working_day(Date{2026, 4, 3}, k_at) == Date{2026, 4, 3});
    }
  }

  TEST_CASE("legal_due_date") {
    SUBCASE("the examples") {
      CHECK(legal_due_date(Date{2026, 1, 31}, 1, k_at) == Date{2026, 3, 2});     // 28 Feb is a Saturday
      CHECK(legal_due_date(Date{2026, 11, 8}, 1, k_at) == Date{2026, 12, 9});    // 8 Dec
      CHECK(legal_due_date(Date{2026, 11, 25}, 1, k_at) == Date{2026, 12, 28});  // 25, 26 Dec, Sunday 27
    }
    SUBCASE("an ordinary working day stays") {
      CHECK(legal_due_date(Date{2026, 11, 29}, 1, k_at) == Date{2026, 12, 29});
    }
    SUBCASE("leap years") {
      CHECK(legal_due_date(Date{2024, 1, 31}, 1, k_at) == Date{2024, 2, 29});  // a Thursday
      CHECK(legal_due_date(Date{2028, 1, 31}, 1, k_at) == Date{2028, 2, 29});  // a Tuesday
      CHECK(legal_due_date(Date{2027, 1, 29}, 1, k_at) == Date{2027, 3, 1});   // 28 Feb 2027 is a Sunday
    }
    SUBCASE("ending on a Saturday or a Sunday") {
      CHECK(legal_due_date(Date{2026, 5, 13}, 1, k_at) == Date{2026, 6, 15});  // Saturday 13 Jun
      CHECK(legal_due_date(Date{2026, 5, 14}, 1, k_at) == Date{2026, 6, 15});  // Sunday 14 Jun
    }
    SUBCASE("a holiday followed by a weekend") {
      CHECK(legal_due_date(Date{2026, 4, 1}, 1, k_at) == Date{2026, 5, 4});  // Friday 1 May
    }
    SUBCASE("region none still skips the weekend") {
      CHECK(legal_due_date(Date{2026, 1, 31}, 1, k_none) == Date{2026, 3, 2});
      CHECK(legal_due_date(Date{2026, 11, 25}, 1, k_none) == Date{2026, 12, 25});
      CHECK(legal_due_date(Date{2026, 11, 8}, 1, k_none) == Date{2026, 12, 8});
    }
    SUBCASE("extra dates") {
      const HolidayCalendar cal{"AT", {Date{2026, 12, 24}, Date{2026, 12, 31}}};
      CHECK(legal_due_date(Date{2026, 11, 24}, 1, k_at) == Date{2026, 12, 24});
      CHECK(legal_due_date(Date{2026, 11, 24}, 1, cal) == Date{2026, 12, 28});
      CHECK(legal_due_date(Date{2026, 10, 31}, 2, k_at) == Date{2026, 12, 31});
      CHECK(legal_due_date(Date{2026, 10, 31}, 2, cal) == Date{2027, 1, 4});  // 31 Dec, 1 Jan, weekend
    }
    SUBCASE("three months: the extended deadline") {
      CHECK(legal_due_date(Date{2026, 11, 30}, 3, k_at) == Date{2027, 3, 1});  // 28 Feb 2027 is a Sunday
      CHECK(legal_due_date(Date{2026, 9, 8}, 3, k_at) == Date{2026, 12, 9});   // 8 Dec
      CHECK(legal_due_date(Date{2026, 10, 6}, 3, k_at) == Date{2027, 1, 7});   // 6 Jan
    }
    SUBCASE("German regions") {
      CHECK(legal_due_date(Date{2026, 5, 4}, 1, HolidayCalendar{"DE-BY", {}}) == Date{2026, 6, 5});
      CHECK(legal_due_date(Date{2026, 5, 4}, 1, HolidayCalendar{"DE", {}}) == Date{2026, 6, 4});
      CHECK(legal_due_date(Date{2026, 10, 18}, 1, HolidayCalendar{"DE-SN", {}}) == Date{2026, 11, 19});
      CHECK(legal_due_date(Date{2026, 10, 18}, 1, HolidayCalendar{"DE-BY", {}}) == Date{2026, 11, 18});
      CHECK(legal_due_date(Date{2026, 3, 3}, 1, HolidayCalendar{"DE", {}}) == Date{2026, 4, 7});  // Good Friday
    }
  }
}
