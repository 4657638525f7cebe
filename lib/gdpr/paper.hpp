// What the sheet and the letters share as paper (SPEC §10): text pages for `lp` (80 columns, A4,
// a footer with the document's id and the page number on every page, a heading never alone at a
// page's foot) and the print CSS of the HTML form (A4, the same footer in a page margin box).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gdpr::paper {

// Columns of a text page.
inline constexpr std::size_t k_width = 80;
// Lines of a text page: A4 at 6 lines per inch with lp's margins holds 64; two are the footer's.
inline constexpr std::size_t k_page_lines = 64;

// A line of a text document, kept on one page with the `keep` lines after it (a heading with its
// first rows, a signature block whole).
struct Line {
  std::string text;
  std::size_t keep = 0;
};

// The footer of page `page` of `pages`.
using Footer = std::function<std::string(int page, int pages)>;

// `lines` as pages of k_page_lines lines each (the last two a blank line and the footer), pages
// separated by a form feed; a line whose `keep` lines would not fit on the page starts the next.
[[nodiscard]] std::string paginate(const std::vector<Line>& lines, const Footer& footer);

// Byte length of the longest prefix of `s` that fits in `width` columns (at least one code point).
[[nodiscard]] std::size_t fit(std::string_view s, std::size_t width);

// `text` cut to `width` columns, with "…" where it was cut (a footer never wraps).
[[nodiscard]] std::string shortened(std::string_view text, std::size_t width);

// The footer text centred in k_width columns.
[[nodiscard]] std::string centred(std::string_view text);

// `s` for a Markdown table cell or paragraph: table and emphasis syntax escaped, line breaks as <br>.
[[nodiscard]] std::string md_escape(std::string_view s);

// `text` as a CSS string literal: every character but letters, digits and spaces as a CSS escape,
// so that no value from outside can end the string or the style sheet.
[[nodiscard]] std::string css_string(std::string_view text);

// The print CSS of an A4 page whose footer says `footer_prefix` and "page N of M" in the message
// language (a page margin box, which Chromium 131 and later print).
[[nodiscard]] std::string page_css(std::string_view footer_prefix);

}  // namespace gdpr::paper
