// JSON text for the two hot paths where nlohmann's serializer dominated the profile (one object
// per imported row, one per verified audit event). It writes exactly what nlohmann::json::dump()
// writes for a UTF-8 string (tests/unit/test_json_text.cpp checks byte equality), so hashes and
// stored data do not depend on which of the two produced them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gdpr::json_text {

// Appends `s` as a JSON string literal (quotes, \" \\ \b \f \n \r \t, \u00XX for other controls).
void append_quoted(std::string& out, std::string_view s);

// The bytes append_quoted writes for `s`, and the same written at `dst` (which must have room for
// quoted_size(s) bytes); returns the end of what was written.
[[nodiscard]] std::size_t quoted_size(std::string_view s);
char* write_quoted(char* dst, std::string_view s);

// `s` as a JSON string literal.
[[nodiscard]] std::string quoted(std::string_view s);

// Reads a JSON string literal at `pos` (which must point at its opening quote) into `out` and
// moves `pos` past it. Handles exactly the escapes append_quoted writes (and \/); returns false on
// anything else (\u above 007F, a bad escape, no closing quote), so callers can fall back to a
// full JSON parser.
[[nodiscard]] bool read_quoted(std::string_view text, std::size_t& pos, std::string& out);

// Moves `pos` (at an opening quote) past the JSON string literal there without decoding it: its
// closing quote is the first one after an even number of backslashes. False if there is none.
[[nodiscard]] bool skip_quoted(std::string_view text, std::size_t& pos);

}  // namespace gdpr::json_text
