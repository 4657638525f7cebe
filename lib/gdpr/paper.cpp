#include "gdpr/paper.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "gdpr/i18n.hpp"
#include "gdpr/text.hpp"

namespace gdpr::paper {

namespace {

// The first line of each page.
std::vector<std::size_t> page_starts(const std::vector<Line>& lines) {
  const std::size_t body = k_page_lines - 2;
  std::vector<std::size_t> starts{0};
  std::size_t used = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const bool full = used == body;
    const std::size_t keep = std::min(lines[i].keep, body - 1);
    const bool orphan = keep > 0 && used > 0 && used + 1 + keep > body;
    if (full || orphan) {
      starts.push_back(i);
      used = 0;
    }
    ++used;
  }
  return starts;
}

}  // namespace

std::size_t fit(std::string_view s, std::size_t width) {
  std::size_t bytes = 0;
  std::size_t cols = 0;
  while (bytes < s.size()) {
    std::size_t len = 1;
    while (bytes + len < s.size() && (static_cast<unsigned char>(s[bytes + len]) & 0xC0U) == 0x80U) ++len;
    const std::size_t w = text::display_width(s.substr(bytes, len));
    if (cols + w > width && bytes > 0) break;
    cols += w;
    bytes += len;
  }
  return bytes;
}

std::string shortened(std::string_view text, std::size_t width) {
  if (text::display_width(text) <= width) return std::string(text);
  return std::string(text.substr(0, fit(text, width > 1 ? width - 1 : 0))) + "…";
}

std::string centred(std::string_view text) {
  const std::size_t w = text::display_width(text);
  return w >= k_width ? std::string(text) : std::string((k_width - w) / 2, ' ') + std::string(text);
}

std::string paginate(const std::vector<Line>& lines, const Footer& footer) {
  const std::vector<std::size_t> starts = page_starts(lines);
  const int pages = static_cast<int>(starts.size());
  std::string out;
  for (int p = 0; p < pages; ++p) {
    const std::size_t from = starts[static_cast<std::size_t>(p)];
    const std::size_t to = p + 1 < pages ? starts[static_cast<std::size_t>(p) + 1] : lines.size();
    for (std::size_t i = from; i < to; ++i) out += lines[i].text + "\n";
    // The footer at the foot of the page: blank lines up to it, except on the last page.
    if (p + 1 < pages) out.append(k_page_lines - 2 - (to - from), '\n');
    out += "\n" + centred(footer(p + 1, pages)) + "\n";
    if (p + 1 < pages) out += '\f';
  }
  return out;
}

std::string md_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '[' || c == ']') {
      out += '\\';
    }
    if (c == '\n') {
      out += "<br>";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

std::string css_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ';
    if (plain || u >= 0x80) {
      out += c;  // UTF-8 sequences are letters to CSS; control characters come escaped by the caller
    } else {
      out += fmt::format("\\{:x} ", u);
    }
  }
  return out + "\"";
}

std::string page_css(std::string_view footer_prefix) {
  return fmt::format(
      "@page {{ size: A4; margin: 18mm 18mm 20mm 22mm;\n"
      "  @bottom-center {{ content: {} counter(page) {} counter(pages); font: 8.5pt \"DejaVu Sans\", Arial, sans-serif; }} }}\n",
      css_string(fmt::format("{} · {} ", footer_prefix, tr("page"))), css_string(fmt::format(" {} ", tr("of"))));
}

}  // namespace gdpr::paper
