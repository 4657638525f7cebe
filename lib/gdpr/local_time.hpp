// Local time for people (SPEC §10): stored times stay UTC (RFC 3339), but "today" and every time
// a person reads — text output, sheets, letters — are in the policy's `timezone` (an IANA name;
// empty: the machine's), and dates are written as the language writes them (German 31.01.2026).
#pragma once

#include <string>
#include <string_view>

#include "gdpr/dates.hpp"

namespace gdpr {

// Throws Error(config) naming `key` unless `name` is empty or a time zone of the system's IANA
// database (/usr/share/zoneinfo, or $TZDIR).
void check_time_zone(std::string_view name, std::string_view key);

// Makes `name` (checked as above) the process's local time zone, for the clock's "today" and
// every local time shown; empty keeps the machine's.
void use_time_zone(std::string_view name);

// Whether dates and times are written the German way (31.01.2026 09:10) or ISO 8601 (2026-01-31).
enum class DateStyle { iso, german };

// The style of the message language (message_language(): "de" is German).
[[nodiscard]] DateStyle date_style();

// `d` in `style`.
[[nodiscard]] std::string format_date_as(const Date& d, DateStyle style);
// `d` in the style of the message language.
[[nodiscard]] std::string local_date(const Date& d);

// A stored UTC timestamp (YYYY-MM-DDTHH:MM:SSZ) as local date and time to the minute in the
// style of the message language ("06.12.2026 09:10", "2026-12-06 09:10"); empty stays empty and
// anything else is returned as it is.
[[nodiscard]] std::string local_time(std::string_view utc_timestamp);

// The local date of a stored UTC timestamp; nullopt-like fallback: `fallback` when it is not one.
[[nodiscard]] Date local_date_of(std::string_view utc_timestamp, const Date& fallback);

}  // namespace gdpr
