// JSON text for the two hot paths where nlohmann's serializer dominated the profile (one object
// per imported row, one per verified audit event). It writes exactly what nlohmann::json::dump()
// writes for a UTF-8 string (tests/unit/test_json_text.cpp checks byte equality), so hashes and
// stored data do not depend on which of the two produced them.
#pragma once

#include <string>
#include <string_view>

namespace gdpr::json_text {

// Appends `s` as a JSON string literal (quotes, \" \\ \b \f \n \r \t, \u00XX for other controls).
void append_quoted(std::string& out, std::string_view s);

// `s` as a JSON string literal.
[[nodiscard]] std::string quoted(std::string_view s);

}  // namespace gdpr::json_text
