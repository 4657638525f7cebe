// Date parsing and calendar arithmetic: a date that parses formats back to the same text (the
// German DD.MM.YYYY form to its ISO rearrangement, SPEC §12), and the arithmetic agrees with
// itself (days and months move forward, clamp to month ends).
#include <string>

#include "fuzz.hpp"
#include "gdpr/dates.hpp"
#include "gdpr/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = gdpr::fuzz::as_text(data, size);
  gdpr::Date d;
  try {
    d = gdpr::parse_date(text, "--received");
  } catch (const gdpr::Error& e) {
    FUZZ_CHECK(std::string_view(e.what()).find("--received") != std::string_view::npos);
    return 0;
  }
  const bool german = text.size() == 10 && text[2] == '.' && text[5] == '.';
  const std::string iso = german ? std::string(text.substr(6, 4)) + "-" + std::string(text.substr(3, 2)) + "-" +
                                       std::string(text.substr(0, 2))
                                 : std::string(text);
  FUZZ_CHECK(gdpr::format_date(d) == iso);
  if (german) FUZZ_CHECK(gdpr::parse_date(iso, "date") == d);
  FUZZ_CHECK(d.month >= 1 && d.month <= 12);
  FUZZ_CHECK(d.day >= 1 && d.day <= gdpr::days_in_month(d.year, d.month));
  const int days = static_cast<int>(size * 37 % 4000);
  const gdpr::Date later = gdpr::add_days(d, days);
  FUZZ_CHECK(gdpr::days_between(d, later) == days);
  FUZZ_CHECK(gdpr::add_days(later, -days) == d);
  for (int months = 0; months <= 24; months += 1 + static_cast<int>(size % 5)) {
    const gdpr::Date m = gdpr::add_months(d, months);
    FUZZ_CHECK(m >= d);
    FUZZ_CHECK(m.day <= d.day);
    FUZZ_CHECK((m.year * 12 + m.month) - (d.year * 12 + d.month) == months);
    if (m.year <= 9999) FUZZ_CHECK(gdpr::parse_date(gdpr::format_date(m), "date") == m);
  }
  return 0;
}
