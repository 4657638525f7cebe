// Rules for the free texts a person writes: reasons, comments, channels (SPEC §3, §4). Pure.
#pragma once

#include <string>
#include <string_view>

#include "gdpr/config.hpp"

namespace gdpr::rules {

// The reason rule (SPEC §4): valid UTF-8, no control characters but line breaks and tabs, and
// reason.min_length..reason.max_length code points after trimming. Returns the trimmed text;
// throws Error(usage) naming `what` (e.g. "reason", "--reason") otherwise.
[[nodiscard]] std::string check_reason(std::string_view raw, const Config& config, std::string_view what = "reason");

// A comment: non-empty after trimming, at most reason.max_length code points, valid UTF-8.
[[nodiscard]] std::string check_comment(std::string_view raw, const Config& config);

// A request's channel (SPEC §3): trimmed and lower-cased, a token of a-z, 0-9 and '-', at most
// 32 characters, or empty. Throws Error(usage) otherwise (free text could name the customer).
[[nodiscard]] std::string check_channel(std::string_view raw);

}  // namespace gdpr::rules
