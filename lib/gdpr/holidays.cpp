// Public holidays, computed by rule for any year (no table that runs out), and the deadlines of
// Reg. (EEC, Euratom) No 1182/71 Art. 3. What the rules hold, and why:
// - Only holidays that apply to a whole region (state): a deadline must not depend on the
//   municipality. Left out therefore: 15 Aug in Bavaria (only in municipalities with a Catholic
//   majority), 8 Aug in Augsburg (Friedensfest), Fronleichnam in parts of Saxony and Thuringia.
//   A company in such a place adds those days to HolidayCalendar::extra.
// - Only legal holidays (rest days by statute). Austria: the 13 days of Feiertagsruhegesetz 1957
//   § 1 / Arbeitsruhegesetz § 7(2); not Karfreitag (a holiday for Protestants only until 2018,
//   replaced by the "persönlicher Feiertag" in 2019), not the provincial patron days (19 Mar,
//   4 May, 24 Sep, 10 Oct, 11 Nov, 15 Nov: not rest days by federal law) and not 24 or 31 Dec
//   (days off by custom or collective agreement, not by statute: add them via `extra`).
// - Easter Sunday and Whit Sunday (legal holidays in Brandenburg) are left out everywhere: they
//   are Sundays, which never count as working days, so they change no deadline.
// - Berlin's one-off holidays on 8 May 2020 and 8 May 2025 (Tag der Befreiung, by amendments of
//   its Feiertagsgesetz) are in; the planned one-off 17 Jun 2028 is not law yet (and a Saturday).
// - Changes are dated: 8 Mar in Berlin from 2019 and Mecklenburg-Vorpommern from 2023, 20 Sep in
//   Thuringia from 2019, 31 Oct in Bremen, Hamburg, Lower Saxony and Schleswig-Holstein from 2018
//   and in all of Germany in 2017. The rules are exact from 1995 (Buß- und Bettag kept in Saxony
//   only) on; earlier years get the same rules, which is not history: gdpr computes deadlines of
//   requests received now. The PL/pgSQL twins are in store/sql/postgresql/holidays_draft.sql.txt.
#include "gdpr/holidays.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"

namespace gdpr {

namespace {

// How a holiday's date is found.
enum class Anchor {
  fixed,          // the same month and day every year
  easter,         // a number of days from Easter Sunday
  before_23_nov,  // Buß- und Bettag: the last Wednesday before 23 Nov
};

constexpr int k_open = 1'000'000;  // the last year of a rule with no end in sight

// One holiday rule: when, where ("DE*" is Germany and every state) and in which years.
struct Rule {
  Anchor anchor;
  int month;   // fixed: the month; easter: unused
  int offset;  // fixed: the day; easter: days after Easter Sunday
  std::string_view name_de;
  std::string_view name_en;
  std::string_view regions;  // space-separated
  int from;                  // the first year
  int to;                    // the last year
};

// The rules, in calendar order (a day that is two holidays lists them in this order). The
// northern states' Reformationstag starts in 2017 here, the year all of Germany had it.
constexpr auto k_rules = std::to_array<Rule>({
    {Anchor::fixed, 1, 1, "Neujahr", "New Year's Day", "AT DE*", 0, k_open},
    {Anchor::fixed, 1, 6, "Heilige Drei Könige", "Epiphany", "AT DE-BW DE-BY DE-ST", 0, k_open},
    {Anchor::fixed, 3, 8, "Internationaler Frauentag", "International Women's Day", "DE-BE", 2019, k_open},
    {Anchor::fixed, 3, 8, "Internationaler Frauentag", "International Women's Day", "DE-MV", 2023, k_open},
    {Anchor::easter, 0, -2, "Karfreitag", "Good Friday", "DE*", 0, k_open},
    {Anchor::easter, 0, 1, "Ostermontag", "Easter Monday", "AT DE*", 0, k_open},
    {Anchor::fixed, 5, 1, "Staatsfeiertag", "May Day", "AT", 0, k_open},
    {Anchor::fixed, 5, 1, "Tag der Arbeit", "Labour Day", "DE*", 0, k_open},
    {Anchor::fixed, 5, 8, "Tag der Befreiung", "Liberation Day", "DE-BE", 2020, 2020},
    {Anchor::fixed, 5, 8, "Tag der Befreiung", "Liberation Day", "DE-BE", 2025, 2025},
    {Anchor::easter, 0, 39, "Christi Himmelfahrt", "Ascension Day", "AT DE*", 0, k_open},
    {Anchor::easter, 0, 50, "Pfingstmontag", "Whit Monday", "AT DE*", 0, k_open},
    {Anchor::easter, 0, 60, "Fronleichnam", "Corpus Christi", "AT DE-BW DE-BY DE-HE DE-NW DE-RP DE-SL", 0, k_open},
    {Anchor::fixed, 8, 15, "Mariä Himmelfahrt", "Assumption Day", "AT DE-SL", 0, k_open},
    {Anchor::fixed, 9, 20, "Weltkindertag", "World Children's Day", "DE-TH", 2019, k_open},
    {Anchor::fixed, 10, 3, "Tag der Deutschen Einheit", "German Unity Day", "DE*", 0, k_open},
    {Anchor::fixed, 10, 26, "Nationalfeiertag", "National Day", "AT", 0, k_open},
    {Anchor::fixed, 10, 31, "Reformationstag", "Reformation Day", "DE-BB DE-MV DE-SN DE-ST DE-TH", 0, k_open},
    {Anchor::fixed, 10, 31, "Reformationstag", "Reformation Day", "DE-HB DE-HH DE-NI DE-SH", 2017, k_open},
    {Anchor::fixed, 10, 31, "Reformationstag", "Reformation Day", "DE DE-BW DE-BY DE-BE DE-HE DE-NW DE-RP DE-SL", 2017,
     2017},
    {Anchor::fixed, 11, 1, "Allerheiligen", "All Saints' Day", "AT DE-BW DE-BY DE-NW DE-RP DE-SL", 0, k_open},
    {Anchor::before_23_nov, 11, 0, "Buß- und Bettag", "Day of Repentance and Prayer", "DE-SN", 0, k_open},
    {Anchor::fixed, 12, 8, "Mariä Empfängnis", "Immaculate Conception", "AT", 0, k_open},
    {Anchor::fixed, 12, 25, "Christtag", "Christmas Day", "AT", 0, k_open},
    {Anchor::fixed, 12, 25, "Erster Weihnachtstag", "Christmas Day", "DE*", 0, k_open},
    {Anchor::fixed, 12, 26, "Stefanitag", "St Stephen's Day", "AT", 0, k_open},
    {Anchor::fixed, 12, 26, "Zweiter Weihnachtstag", "Second Day of Christmas", "DE*", 0, k_open},
});

// True when the space-separated `regions` name `region` ("DE*": "DE" and every "DE-..").
bool applies_to(std::string_view regions, std::string_view region) {
  while (!regions.empty()) {
    const std::size_t space = regions.find(' ');
    const std::string_view token = regions.substr(0, space);
    if (token == region) return true;
    if (token == "DE*" && (region == "DE" || region.starts_with("DE-"))) return true;
    if (space == std::string_view::npos) break;
    regions.remove_prefix(space + 1);
  }
  return false;
}

// The date of `rule` in `year`, Easter Sunday given.
Date rule_date(const Rule& rule, int year, const Date& easter) {
  switch (rule.anchor) {
    case Anchor::fixed: return Date{year, rule.month, rule.offset};
    case Anchor::easter: return add_days(easter, rule.offset);
    case Anchor::before_23_nov: {
      const Date nov_22{year, 11, 22};
      // Days back from 22 Nov to a Wednesday (weekday 2).
      return add_days(nov_22, -((weekday(nov_22) + 7 - 2) % 7));
    }
  }
  throw Error(ErrorKind::internal, tr("unknown holiday anchor"));
}

}  // namespace

const std::vector<std::string_view>& holiday_regions() {
  static const std::vector<std::string_view> k_regions = {"AT",    "DE",    "DE-BW", "DE-BY", "DE-BE", "DE-BB", "DE-HB",
                                                          "DE-HH", "DE-HE", "DE-MV", "DE-NI", "DE-NW", "DE-RP", "DE-SL",
                                                          "DE-SN", "DE-ST", "DE-SH", "DE-TH", "none"};
  return k_regions;
}

void check_holiday_region(std::string_view region, std::string_view key) {
  const auto& regions = holiday_regions();
  if (std::ranges::find(regions, region) != regions.end()) return;
  std::string list;
  for (std::size_t i = 0; i < regions.size(); ++i) {
    if (i > 0) list += i + 1 == regions.size() ? " or " : ", ";
    list += '"';
    list += regions[i];
    list += '"';
  }
  throw Error(ErrorKind::config, trf("key '{}' must be one of {}, not \"{}\"", key, list, region));
}

Date easter_sunday(int year) {
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = ((19 * a) + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + (2 * e) + (2 * i) - h - k) % 7;
  const int m = (a + (11 * h) + (22 * l)) / 451;
  const int n = h + l - (7 * m) + 114;
  return Date{year, n / 31, (n % 31) + 1};
}

std::vector<Holiday> public_holidays(int year, std::string_view region) {
  const auto& regions = holiday_regions();
  if (std::ranges::find(regions, region) == regions.end()) {
    throw Error(ErrorKind::internal,
                trf("unknown holiday region \"{}\" (not checked when the configuration was read)", region));
  }
  std::vector<Holiday> out;
  const Date easter = easter_sunday(year);
  for (const Rule& rule : k_rules) {
    if (year < rule.from || year > rule.to || !applies_to(rule.regions, region)) continue;
    out.push_back(Holiday{rule_date(rule, year, easter), rule.name_de, rule.name_en});
  }
  std::ranges::stable_sort(out, [](const Holiday& x, const Holiday& y) { return x.date < y.date; });
  return out;
}

bool is_public_holiday(const Date& d, const HolidayCalendar& calendar) {
  if (std::ranges::find(calendar.extra, d) != calendar.extra.end()) return true;
  const auto holidays = public_holidays(d.year, calendar.region);
  return std::ranges::any_of(holidays, [&](const Holiday& h) { return h.date == d; });
}

bool is_working_day(const Date& d, const HolidayCalendar& calendar) {
  return weekday(d) < 5 && !is_public_holiday(d, calendar);
}

Date next_working_day(const Date& d, const HolidayCalendar& calendar) {
  Date day = d;
  while (!is_working_day(day, calendar)) day = add_days(day, 1);
  return day;
}

Date legal_due_date(const Date& received, int months, const HolidayCalendar& calendar) {
  return next_working_day(add_months(received, months), calendar);
}

int weekday(const Date& d) {
  // 1970-01-01 was a Thursday (3).
  const std::int64_t r = (to_days(d) + 3) % 7;
  return static_cast<int>(r < 0 ? r + 7 : r);
}

}  // namespace gdpr
