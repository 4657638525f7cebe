#include "gdpr/rules/texts.hpp"

#include <fmt/format.h>

#include <utility>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/text.hpp"

namespace gdpr::rules {

std::string check_reason(std::string_view raw, const Config& config, std::string_view what) {
  if (!text::is_valid_utf8(raw)) {
    throw Error(ErrorKind::usage, trf("{} is not valid UTF-8; write it in UTF-8", what));
  }
  if (text::has_control_chars(raw, true)) {
    throw Error(ErrorKind::usage, trf("{} contains control characters; only line breaks and tabs are allowed", what));
  }
  const std::string_view trimmed = text::trim(raw);
  const auto n = text::code_points(trimmed);
  if (n == 0) {
    throw Error(ErrorKind::usage,
                trf("{} is empty: a written reason of at least {} characters is required", what,
                            config.reason_min_length));
  }
  if (std::cmp_less(n ,config.reason_min_length)) {
    throw Error(ErrorKind::usage, trf("{} is too short: {} characters, at least {} needed (reason.min_length)",
                                              what, n, config.reason_min_length));
  }
  if (std::cmp_greater(n ,config.reason_max_length)) {
    throw Error(ErrorKind::usage, trf("{} is too long: {} characters, at most {} allowed (reason.max_length)",
                                              what, n, config.reason_max_length));
  }
  return std::string(trimmed);
}

std::string check_comment(std::string_view raw, const Config& config) {
  if (!text::is_valid_utf8(raw)) throw Error(ErrorKind::usage, tr("comment is not valid UTF-8; write it in UTF-8"));
  if (text::has_control_chars(raw, true)) {
    throw Error(ErrorKind::usage, tr("comment contains control characters; only line breaks and tabs are allowed"));
  }
  const std::string_view trimmed = text::trim(raw);
  if (trimmed.empty()) throw Error(ErrorKind::usage, tr("comment is empty"));
  if (text::code_points(trimmed) > static_cast<std::size_t>(config.reason_max_length)) {
    throw Error(ErrorKind::usage, trf("comment is too long: at most {} characters (reason.max_length)",
                                              config.reason_max_length));
  }
  return std::string(trimmed);
}

std::string check_channel(std::string_view raw) {
  std::string channel = text::ascii_lower(text::trim(raw));
  if (channel.size() > 32 || channel.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
    throw Error(ErrorKind::usage, tr("--channel must be a token of lower-case letters, digits and '-' (at most 32 "
                                     "characters), e.g. email, letter, phone, web, in-person: it says how the "
                                     "request came, not who sent it"));
  }
  return channel;
}

}  // namespace gdpr::rules
