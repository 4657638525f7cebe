// The customer master data sheet (Kundendatenstammblatt) and the erasure
// record: what is printed and filed on paper as evidence. Building the
// document is the service's job (it is audited); this module only lays it out
// as text (80 columns, ready for `lp`), Markdown, HTML (one self-contained
// page with print CSS) or JSON.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "gdpr/model.hpp"

namespace gdpr {

// The sheet of a contact that still has its data.
struct ContactSheet {
  std::string organization;
  Contact contact;                 // properties already filtered (empty ones hidden unless asked)
  std::optional<Request> request;  // the open request, or the one asked for with --request
  std::string printed_by;
  std::string printed_at;
};

// The proof of an erasure: no personal data, only what was decided and done.
struct ErasureRecord {
  std::string organization;
  std::string contact_id;
  Request request;
  bool deadline_met = false;
  std::string printed_by;
  std::string printed_at;
};

// What `print-sheet` prints.
using SheetDocument = std::variant<ContactSheet, ErasureRecord>;

// Output formats of `print-sheet`.
enum class SheetFormat { text, markdown, html, json };

// Parses "text", "markdown", "html", "json"; throws Error(usage).
[[nodiscard]] SheetFormat parse_sheet_format(std::string_view s);

// The document laid out in `format`; in text, Markdown and HTML every value is made inert with
// text::escape_for_terminal (SPEC §9), in JSON it is escaped as JSON does.
[[nodiscard]] std::string render_sheet(const SheetDocument& document, SheetFormat format);

// Splits `text` into lines of at most `width` terminal columns, at spaces where possible;
// existing line breaks are kept. Never returns an empty vector.
[[nodiscard]] std::vector<std::string> wrap_text(std::string_view text, std::size_t width);

// "label:  value" lines in 80 columns: values wrapped and continued under the value column.
[[nodiscard]] std::string label_lines(const std::vector<std::pair<std::string, std::string>>& rows,
                                      std::size_t width = 80);

// `s` with & < > " ' escaped for HTML text and attributes.
[[nodiscard]] std::string html_escape(std::string_view s);

}  // namespace gdpr
