#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

#include "gdpr/error.hpp"
#include "gdpr/local_time.hpp"
#include "helpers.hpp"

using namespace gdpr;

namespace {

// Sets the process's time zone for one test and puts the previous one back.
class ZoneForTest {
 public:
  explicit ZoneForTest(const char* zone) {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the unit tests run on one thread
    if (const char* old = std::getenv("TZ")) old_ = old;
    use_time_zone(zone);
  }
  ZoneForTest(const ZoneForTest&) = delete;
  ZoneForTest& operator=(const ZoneForTest&) = delete;
  ~ZoneForTest() {
    if (old_) {
      ::setenv("TZ", old_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }

 private:
  std::optional<std::string> old_;
};

}  // namespace

TEST_SUITE("local_time") {
  TEST_CASE("check_time_zone accepts IANA names only") {
    check_time_zone("", "timezone");
    check_time_zone("Europe/Vienna", "timezone");
    check_time_zone("UTC", "timezone");
    CHECK_GDPR_KIND(check_time_zone("Europe/Wien", "timezone"), ErrorKind::config);
    CHECK_GDPR_KIND(check_time_zone("../../etc/passwd", "timezone"), ErrorKind::config);
    CHECK_GDPR_KIND(check_time_zone("/usr/share/zoneinfo/UTC", "timezone"), ErrorKind::config);
    CHECK_GDPR_KIND(check_time_zone("CET;rm", "timezone"), ErrorKind::config);
  }

  TEST_CASE("stored UTC shown as local time, summer and winter") {
    const ZoneForTest vienna("Europe/Vienna");
    CHECK(local_time("2026-12-06T08:10:00Z") == "2026-12-06 09:10");   // CET, UTC+1
    CHECK(local_time("2026-07-01T08:10:00Z") == "2026-07-01 10:10");   // CEST, UTC+2
    CHECK(local_time("2026-12-31T23:30:00Z") == "2027-01-01 00:30");   // the local date is the next year's
    CHECK(local_date_of("2026-12-31T23:30:00Z", Date{2000, 1, 1}) == Date{2027, 1, 1});
    CHECK(local_time("") == "");
    CHECK(local_time("not a time") == "not a time");
    CHECK(local_date_of("not a time", Date{2000, 1, 1}) == Date{2000, 1, 1});
    CHECK(SystemClock().today() == local_date_of(format_timestamp(SystemClock().now()), Date{}));
  }

  TEST_CASE("dates as the language writes them") {
    CHECK(format_date_as(Date{2026, 1, 31}, DateStyle::german) == "31.01.2026");
    CHECK(format_date_as(Date{2026, 1, 31}, DateStyle::iso) == "2026-01-31");
  }
}
