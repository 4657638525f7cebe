#include "gdpr/local_time.hpp"

#include <cstdlib>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"

namespace gdpr {

namespace {

// Where the zone files are: $TZDIR (glibc's override), else the system's database.
std::filesystem::path zone_dir() {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read before any thread starts
  const char* dir = std::getenv("TZDIR");
  return dir != nullptr && *dir != '\0' ? std::filesystem::path(dir) : std::filesystem::path("/usr/share/zoneinfo");
}

bool is_zone_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.find("..") != std::string_view::npos) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
                    c == '_' || c == '-' || c == '+';
    if (!ok) return false;
  }
  std::error_code ec;
  return std::filesystem::is_regular_file(zone_dir() / name, ec);
}

// Parses YYYY-MM-DDTHH:MM:SSZ into seconds since the epoch.
bool parse_utc(std::string_view s, std::time_t& out) {
  if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') {
    return false;
  }
  auto num = [&](std::size_t pos, std::size_t len, int& v) {
    v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = (v * 10) + (s[i] - '0');
    }
    return true;
  };
  std::tm t{};
  if (!num(0, 4, t.tm_year) || !num(5, 2, t.tm_mon) || !num(8, 2, t.tm_mday) || !num(11, 2, t.tm_hour) ||
      !num(14, 2, t.tm_min) || !num(17, 2, t.tm_sec)) {
    return false;
  }
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  out = ::timegm(&t);
  return true;
}

}  // namespace

void check_time_zone(std::string_view name, std::string_view key) {
  if (name.empty() || is_zone_name(name)) return;
  throw Error(ErrorKind::config, trf("{} '{}' is not a time zone of {}: use an IANA name such as \"Europe/Vienna\" or "
                                     "\"Europe/Berlin\" (empty: the machine's)",
                                     key, name, zone_dir().string()));
}

void use_time_zone(std::string_view name) {
  if (name.empty()) return;
  check_time_zone(name, "timezone");
  // NOLINTNEXTLINE(concurrency-mt-unsafe): set once, before any thread starts
  ::setenv("TZ", std::string(name).c_str(), 1);
  ::tzset();
}

DateStyle date_style() { return message_language() == "de" ? DateStyle::german : DateStyle::iso; }

std::string format_date_as(const Date& d, DateStyle style) {
  if (style == DateStyle::german) return fmt::format("{:02}.{:02}.{:04}", d.day, d.month, d.year);
  return format_date(d);
}

std::string local_date(const Date& d) { return format_date_as(d, date_style()); }

std::string local_time(std::string_view utc_timestamp) {
  std::time_t t = 0;
  if (!parse_utc(utc_timestamp, t)) return std::string(utc_timestamp);
  std::tm local{};
  ::localtime_r(&t, &local);
  const Date d{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
  return fmt::format("{} {:02}:{:02}", local_date(d), local.tm_hour, local.tm_min);
}

Date local_date_of(std::string_view utc_timestamp, const Date& fallback) {
  std::time_t t = 0;
  if (!parse_utc(utc_timestamp, t)) return fallback;
  std::tm local{};
  ::localtime_r(&t, &local);
  return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

}  // namespace gdpr
