// Plain-text presentation helpers: aligned tables and JSON documents on stdout.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gdpr/model.hpp"

namespace gdpr::cli {

// Prints rows under a header, columns aligned by display width (umlauts and CJK count right).
void print_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

// Prints one JSON document on stdout.
void print_json(const nlohmann::ordered_json& document);

// "newsletter, all-mail" or "-".
std::string blocks_text(const Contact& c);

// Multi-line description of a contact for people.
std::string contact_text(const Contact& c);

}  // namespace gdpr::cli
