// The reason rule (SPEC §4) on hostile text: an accepted reason is trimmed, valid UTF-8, free of
// control characters other than line breaks and tabs, within the configured length, and
// accepted again unchanged; a refused one throws gdpr::Error(usage) naming the option.
#include <string>

#include "fuzz.hpp"
#include "gdpr/config.hpp"
#include "gdpr/error.hpp"
#include "gdpr/rules.hpp"
#include "gdpr/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gdpr::Config config;
  config.reason_min_length = 10;
  config.reason_max_length = 200;
  const std::string_view raw = gdpr::fuzz::as_text(data, size);
  std::string reason;
  try {
    reason = gdpr::rules::check_reason(raw, config, "--reason");
  } catch (const gdpr::Error& e) {
    FUZZ_CHECK(e.kind() == gdpr::ErrorKind::usage);
    FUZZ_CHECK(std::string_view(e.what()).find("--reason") != std::string_view::npos);
    return 0;
  }
  FUZZ_CHECK(gdpr::text::is_valid_utf8(reason));
  FUZZ_CHECK(gdpr::text::trim(reason) == reason);
  FUZZ_CHECK(!gdpr::text::has_control_chars(reason, true));
  const std::size_t n = gdpr::text::code_points(reason);
  FUZZ_CHECK(n >= 10 && n <= 200);
  FUZZ_CHECK(raw.find(reason) != std::string_view::npos);
  FUZZ_CHECK(gdpr::rules::check_reason(reason, config, "--reason") == reason);
  // A comment follows the same text rules, with no minimum length.
  FUZZ_CHECK(gdpr::rules::check_comment(reason, config) == reason);
  return 0;
}
