#include "gdpr/dates.hpp"

#include <array>
#include <ctime>

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"

namespace gdpr {

namespace {

Date from_days(std::int64_t z) {
  // Howard Hinnant's civil_from_days.
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - (era * 146097));
  const unsigned yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + (era * 400);
  const unsigned doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
  const unsigned mp = ((5 * doy) + 2) / 153;
  const unsigned d = doy - (((153 * mp) + 2) / 5) + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

}  // namespace

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> k_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return k_days.at(static_cast<std::size_t>(month - 1));
}

Date parse_date(std::string_view s, std::string_view what) {
  auto fail = [&] {
    return Error(ErrorKind::usage,
                 trf("{} '{}' is not a valid date: use YYYY-MM-DD or DD.MM.YYYY, e.g. 2026-03-31 or 31.03.2026",
                     what, s));
  };
  const bool german = s.size() == 10 && s[2] == '.' && s[5] == '.';
  if (!german && (s.size() != 10 || s[4] != '-' || s[7] != '-')) throw fail();
  auto num = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') throw fail();
      v = (v * 10) + (s[i] - '0');
    }
    return v;
  };
  const Date d = german ? Date{num(6, 4), num(3, 2), num(0, 2)} : Date{num(0, 4), num(5, 2), num(8, 2)};
  if (d.year < 1900 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month)) {
    throw fail();
  }
  return d;
}

std::string format_date(const Date& d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }

Date add_months(const Date& d, int months) {
  const int index = (d.year * 12) + (d.month - 1) + months;
  const int year = index / 12;
  const int month = (index % 12) + 1;
  const int day = std::min(d.day, days_in_month(year, month));
  return Date{year, month, day};
}

std::int64_t to_days(const Date& d) {
  // Howard Hinnant's days_from_civil.
  const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - (era * 400));
  const unsigned mp = d.month > 2 ? static_cast<unsigned>(d.month - 3) : static_cast<unsigned>(d.month + 9);
  const unsigned doy = (((153 * mp) + 2) / 5) + static_cast<unsigned>(d.day) - 1;
  const unsigned doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
  return (era * 146097) + static_cast<std::int64_t>(doe) - 719468;
}

Date add_days(const Date& d, int days) { return from_days(to_days(d) + days); }

std::int64_t days_between(const Date& a, const Date& b) { return to_days(b) - to_days(a); }

std::chrono::system_clock::time_point SystemClock::now() const { return std::chrono::system_clock::now(); }

Date SystemClock::today() const {
  const std::time_t t = std::time(nullptr);
  std::tm local{};
  localtime_r(&t, &local);
  return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

void FixedClock::advance_days(int days) {
  now_ += std::chrono::hours(24 * days);
  today_ = from_days(to_days(today_) + days);
}

std::string format_timestamp(std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&secs, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec);
}

}  // namespace gdpr
