#include "gdpr/sheet.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/json.hpp"
#include "gdpr/labels.hpp"
#include "gdpr/local_time.hpp"
#include "gdpr/paper.hpp"
#include "gdpr/text.hpp"

namespace gdpr {

namespace {

constexpr std::size_t k_width = paper::k_width;
std::string sheet_title() { return tr("Customer master data sheet"); }
std::string record_title() { return tr("Erasure record"); }

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

// The decision of a decided request: who, when, why, and a retention date.
void add_decision(const Request& r, Rows& rows) {
  if (r.decided_by.empty()) return;
  rows.emplace_back(tr("Decision"), trf("{} by {} on {}", label(r.state == RequestState::erased ? RequestState::approved
                                                                                                 : r.state),
                                        r.decided_by, local_time(r.decided_at)));
  if (!r.decision_reason.empty()) rows.emplace_back(tr("Reason of the decision"), r.decision_reason);
  if (r.retain_until) {
    rows.emplace_back(tr("Kept until"), trf("{} (retention duty, Art. 17(3)(b) and 18 GDPR)", local_date(*r.retain_until)));
  }
}

// The rows of the request part, shared by every format.
Rows request_rows(const Request& r) {
  Rows rows{{tr("Request"), fmt::format("{} ({})", r.id, label(r.state))},
            {tr("Reason"), r.reason},
            {tr("Requested by"), trf("{} on {}", r.requested_by, local_time(r.requested_at))},
            {tr("Received"), r.channel.empty() ? local_date(r.received_on)
                                               : trf("{} via {}", local_date(r.received_on), r.channel)},
            {tr("Due"), r.extended ? trf("{} (extended)", local_date(r.due_on)) : local_date(r.due_on)}};
  if (r.extended && !r.extension_reason.empty()) rows.emplace_back(tr("Reason of the extension"), r.extension_reason);
  for (const auto& a : r.approvals) rows.emplace_back(tr("Approved by"), trf("{} on {}", a.by, local_time(a.at)));
  add_decision(r, rows);
  return rows;
}

Rows record_rows(const ErasureRecord& e) {
  const Request& r = e.request;
  Rows rows = request_rows(r);
  rows.insert(rows.begin(), {tr("Contact id"), e.contact_id});
  // The proof (SPEC §13): per linked system, when it erased and whether a probe showed it gone.
  for (const auto& p : proof_of(r)) {
    const auto step = std::ranges::find_if(r.steps, [&](const Step& s) {
      return s.system == p.system && s.action == StepAction::erase;
    });
    if (p.erased_at.empty() && step != r.steps.end()) {
      rows.emplace_back(tr("Erased in"), trf("{}: {} on {}", p.system, label(step->state), local_time(step->updated_at)));
    } else if (p.verified) {
      rows.emplace_back(tr("Erased in"), trf("{}: erased {}; verified: gone {}", p.system, local_time(p.erased_at),
                                             local_time(p.verified_at)));
    } else {
      rows.emplace_back(tr("Erased in"), trf("{}: erased {}; not verified", p.system, local_time(p.erased_at)));
    }
  }
  rows.emplace_back(tr("Erased locally"), r.erased_at.empty() ? "-" : local_time(r.erased_at));
  rows.emplace_back(tr("Deadline met"), e.deadline_met ? tr("yes") : tr("no"));
  return rows;
}

// A part of the sheet: a heading (none for the first), rows, or a note when it has no rows.
struct Section {
  std::string heading;
  Rows rows;
  std::string note;
};

// The sheet or the record as every laid-out format shows it; all texts already inert.
struct Paper {
  std::string title;
  std::string organization;
  std::string id;  // the contact id, on every page
  std::vector<Section> sections;
  std::string printed;
};

Paper paper_of(const SheetDocument& doc) {
  Paper p;
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        p.organization = inert(d.organization);
        p.printed = inert(trf("Printed by {} on {}", d.printed_by, local_time(d.printed_at)));
        if constexpr (std::is_same_v<T, ContactSheet>) {
          p.title = sheet_title();
          p.id = inert(d.contact.id);
          p.sections.push_back({"", inert(Rows{{tr("Contact id"), d.contact.id},
                                               {tr("Status"), label(d.contact.status)},
                                               {tr("Blocks"), blocks_label(d.contact, tr("none"))}}),
                                ""});
          p.sections.push_back({tr("Properties"), inert(d.contact.properties), tr("(none)")});
          if (d.request) p.sections.push_back({tr("Deletion request"), inert(request_rows(*d.request)), ""});
        } else {
          p.title = record_title();
          p.id = inert(d.contact_id);
          p.sections.push_back({"", inert(record_rows(d)), ""});
          p.sections.push_back({"", {}, tr("No personal data of the erased contact is left to print.")});
        }
      },
      doc);
  return p;
}

// The two signature blocks of the paper file: who checked it, who filed it.
std::vector<std::string> signature_labels() { return {tr("Reviewed by"), tr("Filed by")}; }

void add_text_lines(std::vector<paper::Line>& lines, const std::string& text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    lines.push_back({text.substr(pos, nl - pos)});
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
}

std::string render_text(const SheetDocument& doc) {
  const Paper p = paper_of(doc);
  std::vector<paper::Line> lines;
  if (!p.organization.empty()) lines.push_back({p.organization});
  lines.push_back({p.title});
  lines.push_back({std::string(k_width, '=')});
  for (const auto& s : p.sections) {
    if (!s.heading.empty()) {
      lines.push_back({"", 4});
      lines.push_back({s.heading, 3});
      lines.push_back({std::string(k_width, '-')});
    } else if (lines.size() > 3) {
      lines.push_back({""});
    }
    if (s.rows.empty() && !s.note.empty()) {
      for (const auto& l : wrap_text(s.note, k_width)) lines.push_back({l});
    }
    add_text_lines(lines, label_lines(s.rows));
  }
  lines.push_back({""});
  for (const auto& l : wrap_text(p.printed, k_width)) lines.push_back({l});
  for (const auto& who : signature_labels()) {
    lines.push_back({"", 5});
    lines.push_back({fmt::format("{}: {}  {}: ______________", who, std::string(30, '_'), tr("Date"))});
    lines.push_back({""});
    lines.push_back({fmt::format("{}: {}", tr("Signature"), std::string(40, '_'))});
  }
  return paper::paginate(lines, [&](int page, int pages) {
    return trf("{} {} · page {} of {}", p.title, paper::shortened(p.id, 40), page, pages);
  });
}

std::string md_table(const Rows& rows) {
  std::string out = "| | |\n|---|---|\n";
  for (const auto& [k, v] : rows) out += fmt::format("| {} | {} |\n", paper::md_escape(k), paper::md_escape(v));
  return out;
}

std::string render_markdown(const SheetDocument& doc) {
  const Paper p = paper_of(doc);
  std::string out = fmt::format("# {}\n\n", paper::md_escape(p.title));
  if (!p.organization.empty()) out += fmt::format("**{}**\n\n", paper::md_escape(p.organization));
  for (const auto& s : p.sections) {
    if (!s.heading.empty()) out += fmt::format("\n## {}\n\n", paper::md_escape(s.heading));
    if (s.rows.empty() && !s.note.empty()) out += paper::md_escape(s.note) + "\n";
    if (!s.rows.empty()) out += md_table(s.rows);
  }
  out += fmt::format("\n{}\n", paper::md_escape(p.printed));
  for (const auto& who : signature_labels()) {
    out += fmt::format("\n| {} | {} | {} |\n|---|---|---|\n| &nbsp; | &nbsp; | &nbsp; |\n", paper::md_escape(who),
                       paper::md_escape(tr("Date")), paper::md_escape(tr("Signature")));
  }
  return out;
}

std::string html_table(const Rows& rows) {
  std::string out = "<table>\n";
  for (const auto& [k, v] : rows) out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", html_escape(k), html_escape(v));
  return out + "</table>\n";
}

constexpr std::string_view k_css = R"css(
  body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #000; max-width: 48em; margin: 2em auto; }
  h1 { font-size: 16pt; margin: 0 0 0.2em; }
  h2 { font-size: 12.5pt; margin: 1.4em 0 0.4em; border-bottom: 1px solid #444; break-after: avoid; page-break-after: avoid; }
  section { break-inside: auto; }
  section > h2 + table tr:nth-child(-n+3) { break-before: avoid; }
  .org { font-size: 12pt; font-weight: bold; margin-bottom: 0.6em; }
  table { border-collapse: collapse; width: 100%; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th, td { text-align: left; vertical-align: top; padding: 0.25em 0.5em; border-bottom: 1px solid #ccc; }
  th { width: 12em; font-weight: 600; }
  td { white-space: pre-wrap; overflow-wrap: anywhere; }
  .note { margin-top: 1em; font-style: italic; }
  .printed { margin-top: 1.6em; font-size: 9.5pt; color: #333; }
  .signatures { break-inside: avoid; page-break-inside: avoid; margin-top: 2.5em; }
  .sign { display: flex; gap: 2em; margin-top: 2.8em; }
  .sign div { flex: 1; border-top: 1px solid #000; padding-top: 0.3em; font-size: 9.5pt; }
  @media print { body { margin: 0; max-width: none; } }
)css";

std::string render_html(const SheetDocument& doc) {
  const Paper p = paper_of(doc);
  std::string body;
  if (!p.organization.empty()) body += fmt::format("<div class=\"org\">{}</div>\n", html_escape(p.organization));
  body += fmt::format("<h1>{}</h1>\n", html_escape(p.title));
  for (const auto& s : p.sections) {
    body += "<section>\n";
    if (!s.heading.empty()) body += fmt::format("<h2>{}</h2>\n", html_escape(s.heading));
    if (s.rows.empty() && !s.note.empty()) body += fmt::format("<p class=\"note\">{}</p>\n", html_escape(s.note));
    if (!s.rows.empty()) body += html_table(s.rows);
    body += "</section>\n";
  }
  body += fmt::format("<p class=\"printed\">{}</p>\n<div class=\"signatures\">\n", html_escape(p.printed));
  for (const auto& who : signature_labels()) {
    body += fmt::format("<div class=\"sign\"><div>{}</div><div>{}</div><div>{}</div></div>\n", html_escape(who),
                        html_escape(tr("Date")), html_escape(tr("Signature")));
  }
  body += "</div>\n";
  const std::string footer = fmt::format("{} {}", p.title, paper::shortened(p.id, 40));
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{}{}</style>\n"
      "</head>\n<body>\n{}</body>\n</html>\n",
      message_language(), html_escape(footer), paper::page_css(footer), k_css, body);
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
      std::size_t cut = paper::fit(para, width);
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
