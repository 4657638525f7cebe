// Public holidays and legal deadlines. A deadline in months ends on the same day number as the
// day the request was received (Reg. (EEC, Euratom) No 1182/71 Art. 3(2)(c)) and moves to the
// next working day when that is a Saturday, a Sunday or a public holiday (Art. 3(4)). The
// holidays are computed for any year from the rules in holidays.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gdpr/dates.hpp"

namespace gdpr {

// Which public holidays a deadline skips: a region and further official holidays.
struct HolidayCalendar {
  std::string region = "AT";
  std::vector<Date> extra;
};

// The regions gdpr knows: "AT", "DE" (federal holidays only), "DE-BW", "DE-BY", "DE-BE", "DE-BB",
// "DE-HB", "DE-HH", "DE-HE", "DE-MV", "DE-NI", "DE-NW", "DE-RP", "DE-SL", "DE-SN", "DE-ST",
// "DE-SH", "DE-TH", and "none".
[[nodiscard]] const std::vector<std::string_view>& holiday_regions();

// Throws Error(config) naming `key` and listing the regions when `region` is not one of them
// (exact, upper case as above).
void check_holiday_region(std::string_view region, std::string_view key);

// Easter Sunday of the Gregorian calendar (any year >= 1583; anonymous Gregorian / Meeus algorithm).
[[nodiscard]] Date easter_sunday(int year);

// A public holiday: its date and its name in German and English.
struct Holiday {
  Date date;
  std::string_view name_de;
  std::string_view name_en;
};

// The statewide public holidays of `region` in `year`, in date order (empty for "none"); throws
// Error(internal) for a region that check_holiday_region would refuse.
[[nodiscard]] std::vector<Holiday> public_holidays(int year, std::string_view region);

// True for a public holiday of the calendar's region or one of its extra dates.
[[nodiscard]] bool is_public_holiday(const Date& d, const HolidayCalendar& calendar);

// Not a Saturday, a Sunday or a public holiday.
[[nodiscard]] bool is_working_day(const Date& d, const HolidayCalendar& calendar);

// `d` if it is a working day, else the next working day (Art. 3(4)).
[[nodiscard]] Date next_working_day(const Date& d, const HolidayCalendar& calendar);

// The day a period of `months` months from `received` ends (Art. 3(2)(c): same day number, the
// month's last day when it has none), moved to the next working day when that is a Saturday,
// Sunday or public holiday (Art. 3(4)).
[[nodiscard]] Date legal_due_date(const Date& received, int months, const HolidayCalendar& calendar);

// Day of week of d: 0 = Monday ... 6 = Sunday.
[[nodiscard]] int weekday(const Date& d);

}  // namespace gdpr
