#include "output.hpp"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/text.hpp"

namespace gdpr::cli {

namespace {

// The SGR parameters of a style.
const char* sgr(Style style) {
  switch (style) {
    case Style::error: return "1;31";
    case Style::warning: return "33";
    case Style::ok: return "32";
    case Style::strong: return "1";
  }
  return "1";
}

}  // namespace

std::string paint(std::string_view text, Style style, bool enabled) {
  if (!enabled) return std::string(text);
  return fmt::format("\033[{}m{}\033[0m", sgr(style), text);
}

std::string shown(std::string_view value) { return text::escape_for_terminal(value); }

std::string shown_text(std::string_view value, std::size_t indent) {
  const std::string escaped = text::escape_for_terminal(value, text::LineBreaks::keep);
  std::string out;
  out.reserve(escaped.size());
  for (const char c : escaped) {
    out += c;
    if (c == '\n') out.append(indent, ' ');
  }
  return out;
}

void print_table(const std::vector<std::string>& raw_header, const std::vector<std::vector<std::string>>& raw_rows) {
  const auto escape = [](const std::vector<std::string>& row) {
    std::vector<std::string> out;
    out.reserve(row.size());
    for (const auto& cell : row) out.push_back(shown(cell));
    return out;
  };
  const std::vector<std::string> header = escape(raw_header);
  std::vector<std::vector<std::string>> rows;
  rows.reserve(raw_rows.size());
  for (const auto& r : raw_rows) rows.push_back(escape(r));
  std::vector<std::size_t> widths(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], text::display_width(row[i]));
    }
  };
  measure(header);
  for (const auto& r : rows) measure(r);
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - text::display_width(row[i]) + 2, ' ');
    }
    fmt::print("{}\n", line);
  };
  print_row(header);
  for (const auto& r : rows) print_row(r);
}

void print_json(const nlohmann::ordered_json& document) {
  fmt::print("{}\n", document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

JsonArrayStream::JsonArrayStream() { write_stdout("["); }

void JsonArrayStream::add(const nlohmann::ordered_json& element) {
  fmt::print("{}\n  {}", empty_ ? "" : ",", element.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  empty_ = false;
}

void JsonArrayStream::finish() const { write_stdout(empty_ ? "]\n" : "\n]\n"); }

void write_stdout(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    throw output_error(errno_message(errno));
  }
}

Error output_error(std::string_view why) {
  return Error(ErrorKind::config, trf("cannot write the output: {} (a full disk or a closed pipe?)", why));
}

std::string blocks_list(const Contact& c) {
  std::string out;
  if (c.block_newsletter) out += "newsletter";
  if (c.block_all_mail) out += out.empty() ? "all-mail" : ", all-mail";
  return out;
}

std::string blocks_text(const Contact& c) {
  std::string const out = blocks_list(c);
  return out.empty() ? "-" : out;
}

std::string contact_text(const Contact& c) {
  std::string out = trf("Contact {}\n  status: {}\n  blocks: {}\n", shown(c.id), to_string(c.status), blocks_text(c));
  if (c.erased_by_request) out += trf("  erased by request {}\n", *c.erased_by_request);
  // Properties without a value (a CRM export has dozens) are counted, not listed.
  std::vector<std::pair<std::string, std::string>> rows;
  std::size_t width = 0;
  std::int64_t empty = 0;
  for (const auto& [name, value] : c.properties) {
    if (text::trim(value).empty()) {
      ++empty;
      continue;
    }
    rows.emplace_back(shown(name), shown(value));
    width = std::max(width, text::display_width(rows.back().first));
  }
  for (const auto& [name, value] : rows) {
    out += fmt::format("  {}{}  {}\n", name, std::string(width - text::display_width(name), ' '), value);
  }
  if (empty > 0) out += trn("  ({} property without a value not shown)\n", "  ({} properties without a value not shown)\n", empty, empty);
  return out;
}

}  // namespace gdpr::cli
