// Plain-text presentation helpers: aligned tables and JSON documents on stdout.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gdpr/error.hpp"
#include "gdpr/model.hpp"

namespace gdpr::cli {

// Emphasis for people on a terminal.
enum class Style { error, warning, ok, strong };

// `text` wrapped in the ANSI codes of `style` when `enabled`, else `text` as it is.
std::string paint(std::string_view text, Style style, bool enabled);

// Prints rows under a header, columns aligned by display width (umlauts and CJK count right).
// Cells are raw values: each is shown() here, so a table never carries a control character.
void print_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

// Writes `text` to stdout and flushes; a failed write (full disk, closed pipe) throws
// output_error() instead of leaving a silently truncated export behind.
void write_stdout(std::string_view text);

// The error for output that could not be written, `why` being the system's reason (exit 9).
[[nodiscard]] Error output_error(std::string_view why);

// Prints one JSON document on stdout.
void print_json(const nlohmann::ordered_json& document);

// Streams a JSON array to stdout one element at a time, so that a million rows never need a
// million-element document in memory.
class JsonArrayStream {
 public:
  JsonArrayStream();
  // Writes one element.
  void add(const nlohmann::ordered_json& element);
  // Closes the array.
  void finish() const;

 private:
  bool empty_ = true;
};

// A value as text output shows it: text::escape_for_terminal on one line (SPEC §9). Every value
// that came from outside (ids, names, property values, paths) goes through this or shown_text().
[[nodiscard]] std::string shown(std::string_view value);

// A multi-line free text (reason, comment) as text output shows it: escaped like shown() but
// with its line breaks and tabs kept, each further line indented by `indent` spaces so that no
// line of the text can pass for a line of gdpr's own.
[[nodiscard]] std::string shown_text(std::string_view value, std::size_t indent);

// "newsletter, all-mail", or "" when there is no block.
std::string blocks_list(const Contact& c);

// blocks_list(), or "-" when there is no block.
std::string blocks_text(const Contact& c);

// Multi-line description of a contact for people, every value shown().
std::string contact_text(const Contact& c);

}  // namespace gdpr::cli
