#include "gdpr/connectors/sql_params.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"

namespace gdpr::connectors {

namespace {

bool name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

[[noreturn]] void refuse(std::string_view what, const std::string& why) {
  throw Error(ErrorKind::config, fmt::format("{}: {}", what, why));
}

// The index just past the literal, identifier or comment that starts at `i` (its opening
// character or characters), or npos when it is not closed.
std::size_t skip_quoted(std::string_view sql, std::size_t i) {
  const char open = sql[i];
  if (open == '-') {  // -- comment, to the end of the line
    const auto end = sql.find('\n', i);
    return end == std::string_view::npos ? sql.size() : end + 1;
  }
  if (open == '/') {  // /* comment */
    const auto end = sql.find("*/", i + 2);
    return end == std::string_view::npos ? std::string_view::npos : end + 2;
  }
  // '...' or "..." with the quote doubled inside
  for (std::size_t j = i + 1; j < sql.size(); ++j) {
    if (sql[j] != open) continue;
    if (j + 1 < sql.size() && sql[j + 1] == open) {
      ++j;
      continue;
    }
    return j + 1;
  }
  return std::string_view::npos;
}

}  // namespace

NumberedSql numbered(std::string_view sql, Placeholder style, std::string_view what) {
  NumberedSql out;
  out.text.reserve(sql.size());
  for (std::size_t i = 0; i < sql.size();) {
    const char c = sql[i];
    const bool comment = (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') ||
                         (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*');
    if (c == '\'' || c == '"' || comment) {
      const std::size_t end = skip_quoted(sql, i);
      if (end == std::string_view::npos) {
        refuse(what, comment ? tr("a comment is not closed") : trf("a quoted text starting at {} is not closed", c));
      }
      out.text.append(sql.substr(i, end - i));
      i = end;
      continue;
    }
    if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {  // a cast: value::type
      out.text.append("::");
      i += 2;
      continue;
    }
    if (c == ':' && i + 1 < sql.size() && name_start(sql[i + 1])) {
      std::size_t end = i + 1;
      while (end < sql.size() && name_char(sql[end])) ++end;
      const std::string name(sql.substr(i + 1, end - i - 1));
      if (std::ranges::find(k_sql_parameters, name) == k_sql_parameters.end()) {
        refuse(what, trf("unknown parameter :{}; a statement may use :id, :email and :request_id", name));
      }
      auto at = std::ranges::find(out.names, name);
      if (at == out.names.end()) at = out.names.insert(out.names.end(), name);
      out.text += fmt::format("{}{}", style == Placeholder::question ? '?' : '$', (at - out.names.begin()) + 1);
      i = end;
      continue;
    }
    if (c == '?' || (c == '$' && i + 1 < sql.size() && (name_char(sql[i + 1]) || sql[i + 1] == '$'))) {
      refuse(what, tr("use the named parameters :id, :email and :request_id (no ? or $ placeholders, no "
                      "dollar-quoted text)"));
    }
    if (c == ';' && sql.find_first_not_of(" \t\r\n;", i) != std::string_view::npos) {
      refuse(what, tr("one statement per action: the text goes on after a ';'"));
    }
    out.text += c;
    ++i;
  }
  return out;
}

}  // namespace gdpr::connectors
