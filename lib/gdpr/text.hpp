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
// ASCII upper-case copy; other bytes are kept as they are.
[[nodiscard]] std::string ascii_upper(std::string_view s);

// True if `s` holds a C0 control character or DEL; `allow_newlines` permits \n, \r and \t.
[[nodiscard]] bool has_control_chars(std::string_view s, bool allow_newlines);

// True if `cp` is a C0 control, DEL or a C1 control (U+0080..U+009F).
[[nodiscard]] bool is_control(char32_t cp);

// True if `cp` is a bidirectional control (U+061C, U+200E, U+200F, U+202A..U+202E,
// U+2066..U+2069): it reorders what follows and can make one text look like another.
[[nodiscard]] bool is_bidi_control(char32_t cp);

// The first control (is_control) or bidirectional control (is_bidi_control) character of valid
// UTF-8 `s` and its position in code points from 1, if there is one.
struct FoundControl {
  char32_t code_point = 0;
  std::size_t position = 0;
};
[[nodiscard]] std::optional<FoundControl> find_control(std::string_view s);

// Whether escape_for_terminal keeps line breaks and tabs.
enum class LineBreaks {
  escape,  // a one-line value (ids, names, table cells): \n and \t are escaped too
  keep     // a multi-line free text (reason, comment, a value on the paper sheet): \n and \t stay
};

// `s` made inert for a terminal (SPEC §9), in the manner of git's quote_c_style and
// `ls --quoting-style=escape`: C0 controls as \n \r \t or \xNN (e.g. ESC as \x1b), DEL as
// \x7f, C1 and bidirectional controls as \uNNNN (\u009b, \u202e), each byte of invalid UTF-8
// as \xNN, and a backslash as \\ so that what is shown reads back unambiguously. Everything
// else, umlauts and CJK included, is kept. The one function every text output path uses.
[[nodiscard]] std::string escape_for_terminal(std::string_view s, LineBreaks breaks = LineBreaks::escape);

// U+XXXX (at least four hex digits) for messages about a character.
[[nodiscard]] std::string code_point_name(char32_t cp);

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

// How fold_for_search writes the German umlauts ä, ö and ü.
enum class Umlauts {
  stripped,    // like every other accent: "Jürgen" -> "jurgen"
  spelled_out  // as German writes them without umlauts: "Jürgen" -> "juergen"
};

// `s` folded for searching (SPEC §12, `contact find`): fold_case, then Latin letters without
// their accents ("Ångström" -> "angstrom", "ß" -> "ss", "Œ" -> "oe", "Ł" -> "l"), combining
// accents dropped; other scripts are only case-folded.
[[nodiscard]] std::string fold_for_search(std::string_view s, Umlauts umlauts = Umlauts::stripped);
// The same into `out` (cleared first), whose buffer is reused: an import folds every value.
void fold_for_search_into(std::string_view s, std::string& out, Umlauts umlauts = Umlauts::stripped);

}  // namespace gdpr::text
