#include "gdpr/letter.hpp"

#include <array>
#include <optional>

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/local_time.hpp"
#include "gdpr/paper.hpp"
#include "gdpr/sheet.hpp"
#include "gdpr/text.hpp"

namespace gdpr {

namespace {

using fmt::arg;

// The usual names of the address's parts in CRM and Excel exports, German and English, as
// text::loose_key writes them (lower case, without '-', '_' and spaces).
struct AddressNames {
  std::vector<std::string_view> company{"company", "firma", "unternehmen", "organisation", "organization", "companyname"};
  std::vector<std::string_view> first{"firstname", "vorname", "givenname"};
  std::vector<std::string_view> last{"lastname", "nachname", "surname", "familyname", "familienname"};
  std::vector<std::string_view> name{"name", "fullname", "kontaktname", "contactname"};
  std::vector<std::string_view> street{"street", "straße", "strasse", "address", "adresse", "anschrift",
                                       "streetaddress", "straßeundhausnummer"};
  std::vector<std::string_view> postcode{"zip", "zipcode", "postcode", "postalcode", "plz", "postleitzahl"};
  std::vector<std::string_view> city{"city", "ort", "stadt", "town", "wohnort"};
  std::vector<std::string_view> country{"country", "land", "countryregion"};
};

// The trimmed value of the first property whose loose name is one of `names`.
std::string find_value(const Properties& properties, const std::vector<std::string_view>& names) {
  for (const auto wanted : names) {
    for (const auto& [key, value] : properties) {
      if (text::fold_case(text::loose_key(key)) == wanted) {
        const std::string_view v = text::trim(value);
        if (!v.empty()) return std::string(v);
      }
    }
  }
  return {};
}

std::string join_nonempty(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

// A value from outside, one line, made inert.
std::string inert(std::string_view s) { return text::escape_for_terminal(s); }
// A free text (a reason), its line breaks kept, made inert.
std::string inert_text(std::string_view s) { return text::escape_for_terminal(s, text::LineBreaks::keep); }

// The parts of a letter in reading order: what every format lays out.
struct Body {
  std::string subject;
  std::string reference;
  std::string salutation;
  std::vector<std::string> paragraphs;  // a paragraph starting with '\t' is a quoted block
  std::string closing;
  std::string footer;
};

std::string quote_block(std::string_view text) { return "\t" + std::string(text); }

void confirmation_paragraphs(const Letter& l, std::vector<std::string>& out) {
  out.push_back(trf("We have erased your personal data as you requested on {received}. The erasure was completed on "
                    "{erased_on}.",
                    arg("received", local_date(l.request.received_on)), arg("erased_on", local_date(l.erased_on))));
  if (l.systems.empty()) {
    out.emplace_back(tr("Your data was erased from our customer records; no other system of ours held it."));
  } else {
    std::vector<std::string> names;
    names.reserve(l.systems.size());
    for (const auto& s : l.systems) names.push_back(inert(s));
    out.push_back(trf("Besides our customer records, your data was erased from these systems, which process it on "
                      "our behalf: {systems}. As Art. 19 GDPR requires, each of them was told of the erasure.",
                      arg("systems", join_nonempty(names, ", "))));
  }
  if (l.fingerprint_kept) {
    out.emplace_back(tr("So that we do not record you again by mistake, we keep only a keyed check value of your "
                        "e-mail address, from which the address cannot be recovered."));
  }
  out.emplace_back(tr("If you have questions about this erasure, please quote our reference above."));
}

void refusal_paragraphs(const Letter& l, std::vector<std::string>& out) {
  out.push_back(trf("We have examined your request of {received} to erase your personal data. We cannot comply with "
                    "it, for the following reasons:",
                    arg("received", local_date(l.request.received_on))));
  out.push_back(quote_block(inert_text(l.request.decision_reason)));
  if (l.request.retain_until) {
    out.push_back(trf("We are required by law to keep your data until {until} (Art. 17(3)(b) GDPR). Until then its "
                      "processing is restricted (Art. 18 GDPR): it is kept for that purpose only, used for nothing "
                      "else, and you receive no mailings from us. When the duty ends, we erase it.",
                      arg("until", local_date(*l.request.retain_until))));
  }
  out.emplace_back(tr("You have the right to lodge a complaint with a supervisory authority (Art. 77 GDPR), in "
                      "particular with:"));
  out.push_back(quote_block(inert_text(l.authority)));
  out.emplace_back(tr("You also have the right to an effective judicial remedy (Art. 79 GDPR) before the courts of the "
                      "Member State where you live or where we are established."));
}

void extension_paragraphs(const Letter& l, std::vector<std::string>& out) {
  out.push_back(trf("We have received your request of {received} to erase your personal data. We need more time to "
                    "answer it: as Art. 12(3) GDPR allows, we extend the time limit by two further months, for the "
                    "following reason:",
                    arg("received", local_date(l.request.received_on))));
  out.push_back(quote_block(inert_text(l.request.extension_reason)));
  out.push_back(trf("You will have our answer by {due} at the latest.", arg("due", local_date(l.request.due_on))));
}

Body body_of(const Letter& l) {
  Body b;
  const std::string received = local_date(l.request.received_on);
  switch (l.kind) {
    case LetterKind::confirmation:
      b.subject = trf("Your request for erasure of {received} (Art. 17 GDPR): confirmation", arg("received", received));
      confirmation_paragraphs(l, b.paragraphs);
      break;
    case LetterKind::refusal:
      b.subject = trf("Your request for erasure of {received} (Art. 17 GDPR): our decision", arg("received", received));
      refusal_paragraphs(l, b.paragraphs);
      break;
    case LetterKind::extension:
      b.subject = trf("Your request for erasure of {received} (Art. 17 GDPR): extension of the time limit",
                      arg("received", received));
      extension_paragraphs(l, b.paragraphs);
      break;
  }
  b.reference = trf("Our reference: request {request}, customer number {contact}", arg("request", l.request.id),
                    arg("contact", inert(l.request.contact_id)));
  b.salutation = l.name.empty() ? std::string(tr("Dear Sir or Madam,")) : trf("Dear {name},", arg("name", inert(l.name)));
  b.closing = tr("Yours sincerely,");
  b.footer = join_nonempty({inert(l.organization), trf("request {}", l.request.id)}, " · ");
  return b;
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t nl = text.find('\n', pos);
    out.emplace_back(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return out;
}

// What stands where the address goes: the address, or why there is none.
std::vector<std::string> address_block(const Letter& l) {
  if (!l.addressee.empty()) {
    std::vector<std::string> out;
    out.reserve(l.addressee.size());
    for (const auto& line : l.addressee) out.push_back(inert(line));
    return out;
  }
  return {tr("[The data of the addressee has been erased: address this letter from the request's correspondence "
             "(our reference below).]")};
}

std::vector<std::string> sender_block(const Letter& l) {
  std::vector<std::string> out;
  if (!l.organization.empty()) out.push_back(inert(l.organization));
  for (const auto& line : lines_of(l.sender)) {
    if (!text::trim(line).empty()) out.push_back(inert(line));
  }
  return out;
}

constexpr std::size_t k_text_width = 72;

std::string render_text(const Letter& l) {
  const Body b = body_of(l);
  std::vector<paper::Line> lines;
  auto wrapped = [&](const std::string& text, std::string_view indent) {
    for (const auto& line : wrap_text(text, k_text_width - indent.size())) lines.push_back({std::string(indent) + line});
  };
  // Every line that holds a value from outside is wrapped: nothing passes the paper's width.
  for (const auto& line : sender_block(l)) wrapped(line, "");
  lines.push_back({""});
  lines.push_back({""});
  for (const auto& line : address_block(l)) wrapped(line, "");
  lines.push_back({""});
  const std::string date = local_date(l.date);
  lines.push_back({std::string(k_text_width - text::display_width(date), ' ') + date});
  lines.push_back({""});
  wrapped(b.subject, "");
  wrapped(b.reference, "");
  lines.push_back({""});
  wrapped(b.salutation, "");
  for (const auto& p : b.paragraphs) {
    lines.push_back({""});
    if (p.starts_with('\t')) {
      for (const auto& part : lines_of(std::string_view(p).substr(1))) wrapped(part, "    ");
    } else {
      wrapped(p, "");
    }
  }
  lines.push_back({"", 3});
  lines.push_back({b.closing});
  lines.push_back({""});
  wrapped(inert(l.organization), "");
  return paper::paginate(lines, [&](int page, int pages) {
    return paper::shortened(trf("{} · page {} of {}", b.footer, page, pages), paper::k_width);
  });
}

std::string render_markdown(const Letter& l) {
  const Body b = body_of(l);
  std::string out;
  for (const auto& line : sender_block(l)) out += paper::md_escape(line) + "  \n";
  out += "\n";
  for (const auto& line : address_block(l)) out += paper::md_escape(line) + "  \n";
  out += fmt::format("\n{}\n\n**{}**  \n{}\n\n{}\n", paper::md_escape(local_date(l.date)), paper::md_escape(b.subject),
                     paper::md_escape(b.reference), paper::md_escape(b.salutation));
  for (const auto& p : b.paragraphs) {
    if (p.starts_with('\t')) {
      out += "\n> " + paper::md_escape(std::string_view(p).substr(1)) + "\n";
    } else {
      out += "\n" + paper::md_escape(p) + "\n";
    }
  }
  out += fmt::format("\n{}\n\n{}\n", paper::md_escape(b.closing), paper::md_escape(inert(l.organization)));
  return out;
}

constexpr std::string_view k_letter_css = R"css(
  body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #000; max-width: 42em; margin: 2em auto; }
  .sender { font-size: 9pt; }
  .address { margin-top: 18mm; min-height: 35mm; white-space: pre-line; }
  .date { text-align: right; margin: 6mm 0; }
  .subject { font-weight: bold; }
  .reference { margin-bottom: 6mm; }
  blockquote { margin: 0.6em 0 0.6em 1.5em; white-space: pre-wrap; }
  p { margin: 0.6em 0; orphans: 3; widows: 3; }
  .closing { break-inside: avoid; page-break-inside: avoid; margin-top: 1.2em; }
  .closing .org { margin-top: 2.5em; }
  @media print { body { margin: 0; max-width: none; } }
)css";

std::string render_html(const Letter& l) {
  const Body b = body_of(l);
  std::string body = "<div class=\"sender\">";
  for (const auto& line : sender_block(l)) body += html_escape(line) + "<br>";
  body += "</div>\n<div class=\"address\">";
  for (const auto& line : address_block(l)) body += html_escape(line) + "<br>";
  body += fmt::format("</div>\n<div class=\"date\">{}</div>\n<div class=\"subject\">{}</div>\n"
                      "<div class=\"reference\">{}</div>\n<p>{}</p>\n",
                      html_escape(local_date(l.date)), html_escape(b.subject), html_escape(b.reference),
                      html_escape(b.salutation));
  for (const auto& p : b.paragraphs) {
    body += p.starts_with('\t') ? fmt::format("<blockquote>{}</blockquote>\n", html_escape(std::string_view(p).substr(1)))
                                : fmt::format("<p>{}</p>\n", html_escape(p));
  }
  body += fmt::format("<div class=\"closing\"><p>{}</p><p class=\"org\">{}</p></div>\n", html_escape(b.closing),
                      html_escape(inert(l.organization)));
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{}{}</style>\n"
      "</head>\n<body>\n{}</body>\n</html>\n",
      message_language(), html_escape(b.subject), paper::page_css(b.footer), k_letter_css, body);
}

}  // namespace

std::string_view to_string(LetterKind kind) {
  switch (kind) {
    case LetterKind::confirmation: return "confirmation";
    case LetterKind::refusal: return "refusal";
    case LetterKind::extension: return "extension";
  }
  return "?";
}

LetterKind parse_letter_kind(std::string_view s) {
  for (const auto kind : {LetterKind::confirmation, LetterKind::refusal, LetterKind::extension}) {
    if (s == to_string(kind)) return kind;
  }
  throw Error(ErrorKind::usage, trf("--kind '{}' is not one of: confirmation, refusal, extension", s));
}

LetterFormat parse_letter_format(std::string_view s) {
  if (s == "text") return LetterFormat::text;
  if (s == "markdown") return LetterFormat::markdown;
  if (s == "html") return LetterFormat::html;
  throw Error(ErrorKind::usage, trf("--format '{}' is not one of: text, markdown, html", s));
}

std::optional<LetterKind> letter_kind_for(const Request& request) {
  switch (request.state) {
    case RequestState::erased: return LetterKind::confirmation;
    case RequestState::rejected: return LetterKind::refusal;
    case RequestState::pending:
    case RequestState::approved: return request.extended ? std::optional(LetterKind::extension) : std::nullopt;
    case RequestState::withdrawn: return std::nullopt;
  }
  return std::nullopt;
}

std::string person_name(const Properties& properties) {
  const AddressNames names;
  const std::string full = join_nonempty({find_value(properties, names.first), find_value(properties, names.last)}, " ");
  return full.empty() ? find_value(properties, names.name) : full;
}

std::vector<std::string> postal_address(const Properties& properties) {
  const AddressNames names;
  const std::string name = person_name(properties);
  const std::string company = find_value(properties, names.company);
  if (name.empty() && company.empty()) return {};
  std::vector<std::string> out;
  for (const auto& line : {company, name, find_value(properties, names.street),
                           join_nonempty({find_value(properties, names.postcode), find_value(properties, names.city)}, " "),
                           find_value(properties, names.country)}) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

std::string render_letter(const Letter& letter, LetterFormat format) {
  switch (format) {
    case LetterFormat::text: return render_text(letter);
    case LetterFormat::markdown: return render_markdown(letter);
    case LetterFormat::html: return render_html(letter);
  }
  return {};
}

}  // namespace gdpr
