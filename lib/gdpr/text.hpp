// Small UTF-8 and string helpers shared by the rules, the CSV reader and the
// output writers.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdpr::text {

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view s);

// Number of code points in valid UTF-8 `s`.
[[nodiscard]] std::size_t code_points(std::string_view s);

// `s` without leading and trailing white space (ASCII white space and U+00A0).
[[nodiscard]] std::string_view trim(std::string_view s);

// ASCII lower-case copy; other bytes are kept as they are.
[[nodiscard]] std::string ascii_lower(std::string_view s);

// True if `s` holds a C0 control character or DEL; `allow_newlines` permits \n, \r and \t.
[[nodiscard]] bool has_control_chars(std::string_view s, bool allow_newlines);

// Name normalized for loose matching: lower-case, without '-', '_' and spaces ("E-Mail" -> "email").
[[nodiscard]] std::string loose_key(std::string_view s);

// Number of terminal columns `s` takes (wide East Asian characters count 2).
[[nodiscard]] std::size_t display_width(std::string_view s);

// `s` case-folded code point by code point (simple Unicode case folding, as the C.UTF-8 locale
// maps cases: "JÜRGEN" and "Jürgen" both give "jürgen"); invalid UTF-8 is folded in ASCII only.
[[nodiscard]] std::string fold_case(std::string_view s);

// `s` with every occurrence of any of `needles` (compared by fold_case, code point by code
// point) replaced by `replacement`; the longest needle wins where several match at one place.
[[nodiscard]] std::string replace_ignoring_case(std::string_view s, const std::vector<std::string>& needles,
                                                std::string_view replacement);

// True if valid UTF-8 `s` holds a C1 control (U+0080-U+009F) or a bidirectional control
// (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069).
[[nodiscard]] bool has_c1_or_bidi(std::string_view s);

// True if `needle` occurs in `s`, compared as replace_ignoring_case() compares.
[[nodiscard]] bool contains_ignoring_case(std::string_view s, std::string_view needle);

}  // namespace gdpr::text
