#include "gdpr/sheet.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/json.hpp"
#include "gdpr/text.hpp"

namespace gdpr {

namespace {

constexpr std::size_t k_width = 80;
std::string sheet_title() { return tr("Customer master data sheet (Kundendatenstammblatt)"); }
std::string record_title() { return tr("Erasure record (Löschprotokoll)"); }

// Byte length of the longest prefix of `s` that fits in `width` columns (at least one code point).
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

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += sep;
    out += i;
  }
  return out;
}

std::vector<std::string> blocks_of(const Contact& c) {
  std::vector<std::string> out;
  if (c.block_newsletter) out.emplace_back(to_string(BlockKind::newsletter));
  if (c.block_all_mail) out.emplace_back(to_string(BlockKind::all_mail));
  return out;
}

std::string or_dash(const std::string& s) { return s.empty() ? "-" : s; }

using Rows = std::vector<std::pair<std::string, std::string>>;

// A value made inert for every laid-out format (SPEC §9): a sheet is printed, but also viewed
// with `cat` or `less -R`, and a browser shows what a control character hid.
std::string inert(std::string_view s) { return text::escape_for_terminal(s); }

// Labels (property names come from CSV headers) on one line, values with their line breaks.
Rows inert(const Rows& rows) {
  Rows out;
  out.reserve(rows.size());
  for (const auto& [k, v] : rows) out.emplace_back(inert(k), text::escape_for_terminal(v, text::LineBreaks::keep));
  return out;
}

// The rows of the request part, shared by every format.
std::vector<std::pair<std::string, std::string>> request_rows(const Request& r) {
  return {{tr("Request"), fmt::format("{} ({})", r.id, to_string(r.state))},
          {tr("Reason"), r.reason},
          {tr("Requested by"), trf("{} at {}", r.requested_by, r.requested_at)},
          {tr("Received"), r.channel.empty() ? format_date(r.received_on)
                                             : trf("{} via {}", format_date(r.received_on), r.channel)},
          {tr("Due"), r.extended ? trf("{} (extended)", format_date(r.due_on)) : format_date(r.due_on)}};
}

std::vector<std::pair<std::string, std::string>> record_rows(const ErasureRecord& e) {
  const Request& r = e.request;
  std::vector<std::pair<std::string, std::string>> rows = request_rows(r);
  rows.insert(rows.begin(), {tr("Contact id"), e.contact_id});
  for (const auto& a : r.approvals) rows.emplace_back(tr("Approved by"), trf("{} at {}", a.by, a.at));
  for (const auto& s : r.steps) {
    if (s.action == StepAction::erase) {
      rows.emplace_back(tr("Erased in"), trf("{} at {} ({})", s.system, s.updated_at, to_string(s.state)));
    }
  }
  rows.emplace_back(tr("Erased locally"), or_dash(r.erased_at));
  rows.emplace_back(tr("Deadline met"), e.deadline_met ? tr("yes") : tr("no"));
  return rows;
}

std::string rule(char c = '-') { return std::string(k_width, c) + "\n"; }

std::string signature_lines() {
  return fmt::format("\n\n{}: ____________________  {}: ______________  {}: ______________\n", tr("Filed by"), tr("Date"),
             tr("Signature"));
}

std::string render_text(const SheetDocument& doc) {
  std::string out;
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if (!d.organization.empty()) out += inert(d.organization) + "\n";
        if constexpr (std::is_same_v<T, ContactSheet>) {
          out += std::string(sheet_title()) + "\n" + rule('=');
          out += label_lines(inert({{tr("Contact id"), d.contact.id},
                              {tr("Status"), std::string(to_string(d.contact.status))},
                              {tr("Blocks"), d.contact.block_newsletter || d.contact.block_all_mail
                                             ? join(blocks_of(d.contact), ", ")
                                             : tr("none")}}));
          out += "\n" + std::string(tr("Properties")) + "\n" + rule();
          if (d.contact.properties.empty()) out += std::string(tr("(none)")) + "\n";
          out += label_lines(inert(d.contact.properties));
          if (d.request) {
            out += "\n" + std::string(tr("Deletion request")) + "\n" + rule();
            out += label_lines(inert(request_rows(*d.request)));
          }
        } else {
          out += std::string(record_title()) + "\n" + rule('=');
          out += label_lines(inert(record_rows(d)));
          out += "\n" + std::string(tr("No personal data of the erased contact is left to print.")) + "\n";
        }
        out += "\n" + label_lines(inert({{tr("Printed by"), trf("{} at {}", d.printed_by, d.printed_at)}}));
        out += signature_lines();
      },
      doc);
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

std::string md_table(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string out = "| | |\n|---|---|\n";
  for (const auto& [k, v] : inert(rows)) out += fmt::format("| {} | {} |\n", md_escape(k), md_escape(v));
  return out;
}

std::string render_markdown(const SheetDocument& doc) {
  std::string out;
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, ContactSheet>) {
          out += fmt::format("# {}\n\n", sheet_title());
          if (!d.organization.empty()) out += fmt::format("**{}**\n\n", md_escape(inert(d.organization)));
          out += md_table({{tr("Contact id"), d.contact.id},
                           {tr("Status"), std::string(to_string(d.contact.status))},
                           {tr("Blocks"), or_dash(join(blocks_of(d.contact), ", "))}});
          out += fmt::format("\n## {}\n\n", tr("Properties"));
          out += d.contact.properties.empty() ? std::string(tr("(none)")) + "\n" : md_table(d.contact.properties);
          if (d.request) out += fmt::format("\n## {}\n\n", tr("Deletion request")) + md_table(request_rows(*d.request));
        } else {
          out += fmt::format("# {}\n\n", record_title());
          if (!d.organization.empty()) out += fmt::format("**{}**\n\n", md_escape(inert(d.organization)));
          out += md_table(record_rows(d));
          out += "\n" + std::string(tr("No personal data of the erased contact is left to print.")) + "\n";
        }
        out += fmt::format("\nPrinted by {} at {}\n", md_escape(inert(d.printed_by)), md_escape(inert(d.printed_at)));
        out += "\n| Filed by | Date | Signature |\n|---|---|---|\n| &nbsp; | &nbsp; | &nbsp; |\n";
      },
      doc);
  return out;
}

std::string html_table(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string out = "<table>\n";
  for (const auto& [k, v] : inert(rows)) {
    out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", html_escape(k), html_escape(v));
  }
  return out + "</table>\n";
}

constexpr std::string_view k_css = R"css(
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 11pt; color: #000; max-width: 48em; margin: 2em auto; }
  h1 { font-size: 16pt; margin: 0 0 0.2em; }
  h2 { font-size: 12.5pt; margin: 1.4em 0 0.4em; border-bottom: 1px solid #444; }
  .org { font-size: 12pt; font-weight: bold; margin-bottom: 0.6em; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: 0.25em 0.5em; border-bottom: 1px solid #ccc; }
  th { width: 12em; font-weight: 600; }
  td { white-space: pre-wrap; overflow-wrap: anywhere; }
  .note { margin-top: 1em; font-style: italic; }
  .printed { margin-top: 1.6em; font-size: 9.5pt; color: #333; }
  .sign { display: flex; gap: 2em; margin-top: 3.5em; }
  .sign div { flex: 1; border-top: 1px solid #000; padding-top: 0.3em; font-size: 9.5pt; }
  @media print { body { margin: 0; max-width: none; } h2, table { break-inside: avoid; } }
)css";

std::string render_html(const SheetDocument& doc) {
  std::string title;
  std::string body;
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if (!d.organization.empty()) body += fmt::format("<div class=\"org\">{}</div>\n", html_escape(inert(d.organization)));
        if constexpr (std::is_same_v<T, ContactSheet>) {
          title = fmt::format("{} {}", sheet_title(), inert(d.contact.id));
          body += fmt::format("<h1>{}</h1>\n", html_escape(sheet_title()));
          body += html_table({{tr("Contact id"), d.contact.id},
                              {tr("Status"), std::string(to_string(d.contact.status))},
                              {tr("Blocks"), or_dash(join(blocks_of(d.contact), ", "))}});
          body += fmt::format("<h2>{}</h2>\n", html_escape(tr("Properties")));
          body += d.contact.properties.empty() ? fmt::format("<p>{}</p>\n", html_escape(tr("(none)")))
                                               : html_table(d.contact.properties);
          if (d.request) {
            body += fmt::format("<h2>{}</h2>\n", html_escape(tr("Deletion request"))) + html_table(request_rows(*d.request));
          }
        } else {
          title = fmt::format("{} {}", record_title(), inert(d.contact_id));
          body += fmt::format("<h1>{}</h1>\n", html_escape(record_title()));
          body += html_table(record_rows(d));
          body += fmt::format("<p class=\"note\">{}</p>\n", html_escape(tr("No personal data of the erased contact is left to print.")));
        }
        body += fmt::format("<p class=\"printed\">{}</p>\n", html_escape(inert(trf("Printed by {} at {}", d.printed_by, d.printed_at))));
        body += fmt::format("<div class=\"sign\"><div>{}</div><div>{}</div><div>{}</div></div>\n", html_escape(tr("Filed by")),
                            html_escape(tr("Date")), html_escape(tr("Signature")));
      },
      doc);
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n"
      "</head>\n<body>\n{}</body>\n</html>\n",
      message_language(), html_escape(title), k_css, body);
}

std::string render_json(const SheetDocument& doc) {
  json::Json j;
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, ContactSheet>) {
          j = json::Json{{"type", "sheet"},
                         {"title", sheet_title()},
                         {"organization", d.organization},
                         {"contact", json::contact(d.contact)},
                         {"request", d.request ? json::request(*d.request) : json::Json(nullptr)}};
        } else {
          j = json::Json{{"type", "erasure_record"},
                         {"title", record_title()},
                         {"organization", d.organization},
                         {"contact_id", d.contact_id},
                         {"request", json::request(d.request)},
                         {"erased_at", d.request.erased_at},
                         {"deadline_met", d.deadline_met}};
        }
        j["printed_by"] = d.printed_by;
        j["printed_at"] = d.printed_at;
      },
      doc);
  return j.dump(2, ' ', false, json::Json::error_handler_t::replace) + "\n";
}

}  // namespace

SheetFormat parse_sheet_format(std::string_view s) {
  if (s == "text") return SheetFormat::text;
  if (s == "markdown") return SheetFormat::markdown;
  if (s == "html") return SheetFormat::html;
  if (s == "json") return SheetFormat::json;
  throw Error(ErrorKind::usage, trf("--format '{}' is not one of: text, markdown, html, json", s));
}

std::string render_sheet(const SheetDocument& document, SheetFormat format) {
  switch (format) {
    case SheetFormat::text: return render_text(document);
    case SheetFormat::markdown: return render_markdown(document);
    case SheetFormat::html: return render_html(document);
    case SheetFormat::json: return render_json(document);
  }
  return {};
}

std::vector<std::string> wrap_text(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  width = std::max<std::size_t>(width, 1);
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t nl = text.find('\n', start);
    std::string_view para = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!para.empty() && para.back() == '\r') para.remove_suffix(1);
    if (para.empty()) lines.emplace_back();
    while (!para.empty()) {
      if (text::display_width(para) <= width) {
        lines.emplace_back(para);
        break;
      }
      std::size_t cut = fit(para, width);
      // Prefer the last space within the fitting prefix (or right after it).
      const std::size_t space = para.substr(0, cut + 1).find_last_of(' ');
      if (space != std::string_view::npos && space > 0) cut = space;
      std::string_view line = para.substr(0, cut);
      while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
      lines.emplace_back(line);
      para.remove_prefix(cut);
      while (!para.empty() && para.front() == ' ') para.remove_prefix(1);
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  if (lines.empty()) lines.emplace_back();
  return lines;
}

std::string label_lines(const std::vector<std::pair<std::string, std::string>>& rows, std::size_t width) {
  constexpr std::size_t k_max_label = 24;
  std::size_t label_width = 0;
  for (const auto& [k, v] : rows) {
    const std::size_t w = text::display_width(k) + 1;  // with the colon
    if (w <= k_max_label) label_width = std::max(label_width, w);
  }
  const std::size_t indent = label_width + 2;
  const std::size_t value_width = width > indent + 10 ? width - indent : 10;
  std::string out;
  for (const auto& [k, v] : rows) {
    const std::string label = k + ":";
    const std::size_t lw = text::display_width(label);
    std::vector<std::string> value = wrap_text(v.empty() ? "" : v, value_width);
    if (lw > label_width) {
      for (const auto& line : wrap_text(label, width)) out += line + "\n";
      for (const auto& line : value) out += std::string(indent, ' ') + line + "\n";
      continue;
    }
    out += label + std::string(indent - lw, ' ') + value.front() + "\n";
    for (std::size_t i = 1; i < value.size(); ++i) out += std::string(indent, ' ') + value[i] + "\n";
  }
  // Labels and values never end in padding.
  std::string trimmed;
  std::size_t pos = 0;
  while (pos < out.size()) {
    std::size_t const nl = out.find('\n', pos);
    std::string_view line(out.data() + pos, nl - pos);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    trimmed.append(line);
    trimmed += '\n';
    pos = nl + 1;
  }
  return trimmed;
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace gdpr
