// Calendar dates and timestamps. Deadlines are calendar arithmetic on local
// dates (Art. 12(3) counts months, not days); event times are UTC.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace gdpr {

// A proleptic Gregorian calendar date.
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  auto operator<=>(const Date&) const = default;  // NOLINT(modernize-use-nullptr): clang-tidy 14 false positive
};

// Parses exactly YYYY-MM-DD or DD.MM.YYYY (a real date; SPEC §12: the German form in every
// language); throws Error(usage) naming `what` otherwise.
[[nodiscard]] Date parse_date(std::string_view s, std::string_view what);

// YYYY-MM-DD.
[[nodiscard]] std::string format_date(const Date& d);

// True for leap years of the Gregorian calendar.
[[nodiscard]] bool is_leap_year(int year);

// Days in the given month of the given year.
[[nodiscard]] int days_in_month(int year, int month);

// `d` plus `months` calendar months, clamped to the month's end (Jan 31 + 1 = Feb 28/29).
[[nodiscard]] Date add_months(const Date& d, int months);

// `d` plus `days` days.
[[nodiscard]] Date add_days(const Date& d, int days);

// Days since 1970-01-01.
[[nodiscard]] std::int64_t to_days(const Date& d);

// `b - a` in days.
[[nodiscard]] std::int64_t days_between(const Date& a, const Date& b);

// Source of the current time, so that tests can fix it.
class Clock {
 public:
  virtual ~Clock() = default;
  // The current instant.
  [[nodiscard]] virtual std::chrono::system_clock::time_point now() const = 0;
  // Today's date in the machine's local time zone.
  [[nodiscard]] virtual Date today() const = 0;
};

// The real clock.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point now() const override;
  [[nodiscard]] Date today() const override;
};

// A clock standing still at a given instant and local date.
class FixedClock final : public Clock {
 public:
  FixedClock(std::chrono::system_clock::time_point now, Date today) : now_(now), today_(today) {}
  [[nodiscard]] std::chrono::system_clock::time_point now() const override { return now_; }
  [[nodiscard]] Date today() const override { return today_; }
  // Moves the clock by whole days.
  void advance_days(int days);

 private:
  std::chrono::system_clock::time_point now_;
  Date today_;
};

// RFC 3339 UTC timestamp with seconds, e.g. 2026-11-29T05:41:18Z.
[[nodiscard]] std::string format_timestamp(std::chrono::system_clock::time_point t);

}  // namespace gdpr
