// The TOML config loader on hostile text: it either returns a config within the documented
// ranges or throws gdpr::Error naming the file; nothing else may escape.
#include <string>

#include "fuzz.hpp"
#include "gdpr/config.hpp"
#include "gdpr/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = gdpr::fuzz::as_text(data, size);
  try {
    const gdpr::Config c = gdpr::parse_config(text, "fuzz.toml");
    FUZZ_CHECK(c.approvals_required >= 1);
    FUZZ_CHECK(c.deadline_months >= 1);
    FUZZ_CHECK(c.warn_days >= 0);
    FUZZ_CHECK(c.reason_min_length >= 1);
    FUZZ_CHECK(c.reason_min_length <= c.reason_max_length);
    FUZZ_CHECK(c.busy_timeout_seconds >= 0);
    FUZZ_CHECK(c.file_mode <= 0777);
    for (const auto& s : c.systems) {
      FUZZ_CHECK(!s.name.empty());
      FUZZ_CHECK(s.timeout_seconds >= 1);
    }
  } catch (const gdpr::Error& e) {
    FUZZ_CHECK(std::string_view(e.what()).find("fuzz.toml") != std::string_view::npos);
  }
  return 0;
}
