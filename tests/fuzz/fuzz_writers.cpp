// The output writers on hostile property names and values, each as a round trip: what the
// JSON, HTML and CSV writers (and the JSON text of stored properties) write reads back as the
// same values, and nothing in a value can break out of its place in the document; the sheet and
// the letters (addressed from the properties, the reasons and the authority taken from values)
// lay them out inert in every format.
//
// Input: NUL-separated name, value, name, value, ... (stored values never contain NUL).
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz.hpp"
#include "gdpr/csv.hpp"
#include "gdpr/error.hpp"
#include "gdpr/json_text.hpp"
#include "gdpr/letter.hpp"
#include "gdpr/rules.hpp"
#include "gdpr/sheet.hpp"
#include "gdpr/text.hpp"

namespace {

std::vector<std::string> split_nul(std::string_view s) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find('\0', start);
    parts.emplace_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return parts;
}

std::string html_unescape(std::string_view s) {
  static const std::pair<std::string_view, char> k_entities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool matched = false;
    for (const auto& [entity, c] : k_entities) {
      if (s.substr(i, entity.size()) == entity) {
        out += c;
        i += entity.size();
        matched = true;
        break;
      }
    }
    if (!matched) out += s[i++];
  }
  return out;
}

void check_json_text(const std::string& v) {
  std::string mine;
  gdpr::json_text::append_quoted(mine, v);
  FUZZ_CHECK(mine == nlohmann::json(v).dump());
  std::size_t pos = 0;
  std::string back;
  FUZZ_CHECK(gdpr::json_text::read_quoted(mine, pos, back));
  FUZZ_CHECK(pos == mine.size());
  FUZZ_CHECK(back == v);
}

void check_csv(const std::vector<std::string>& header, const std::vector<std::string>& row, char delimiter) {
  std::string text;
  gdpr::append_csv_record(text, header, delimiter);
  gdpr::append_csv_record(text, row, delimiter);
  std::istringstream in(text);
  const auto mode = delimiter == ';' ? gdpr::CsvDelimiter::semicolon : gdpr::CsvDelimiter::comma;
  try {
    gdpr::CsvReader reader(in, "written.csv", mode);
    FUZZ_CHECK(reader.header() == gdpr::fuzz::as_written(header));
    gdpr::CsvRecord record;
    FUZZ_CHECK(reader.next(record));
    FUZZ_CHECK(record.fields == gdpr::fuzz::as_written(row));
    FUZZ_CHECK(!reader.next(record));
  } catch (const gdpr::Error& e) {
    std::fprintf(stderr, "written CSV not readable: %s\n", e.what());
    FUZZ_CHECK(!"what the writer wrote must read back");
  }
}

// Whether a layout may hold the form feed between its pages (the text sheet and letters, for `lp`).
enum class Paged { no, yes };

// Valid UTF-8, and no control character but a line break, a tab (and, paged, the form feed): what
// a value carried is shown, never acted on by a terminal or printer (SPEC §9).
void check_inert(std::string_view laid_out, Paged paged) {
  FUZZ_CHECK(gdpr::text::is_valid_utf8(laid_out));
  std::string_view rest = laid_out;
  while (const auto found = gdpr::text::find_control(rest)) {
    FUZZ_CHECK(found->code_point == '\n' || found->code_point == '\t' ||
               (paged == Paged::yes && found->code_point == '\f'));
    std::size_t skip = 0;  // past the found character: `position` counts code points
    for (std::size_t cps = 0; cps < found->position; ++skip) {
      if ((static_cast<unsigned char>(rest[skip]) & 0xC0U) != 0x80U) ++cps;
    }
    rest.remove_prefix(skip);
  }
}

// Every line within the 80 columns of the paper. A form feed ends a page as a line break ends a
// line: the first line of the next page starts at its first column, so the form feed before it
// takes no column (a full 80-column line may open a page).
void check_width(const std::string& text) {
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find_first_of("\n\f", start);
    const std::string_view line(text.data() + start, (end == std::string::npos ? text.size() : end) - start);
    FUZZ_CHECK(gdpr::text::display_width(line) <= 80);
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string> parts = split_nul(gdpr::fuzz::as_text(data, size));
  gdpr::Contact contact;
  contact.id = "C-1";
  std::map<std::string, std::string> expected;
  for (std::size_t i = 0; i + 1 < parts.size(); i += 2) {
    std::string name;
    try {
      name = gdpr::rules::check_property_name(parts[i]);
      gdpr::rules::check_property_value(name, parts[i + 1]);
    } catch (const gdpr::Error&) {
      continue;  // the store never holds it
    }
    if (expected.count(name) != 0) continue;
    expected[name] = parts[i + 1];
    contact.properties.emplace_back(name, parts[i + 1]);
  }
  if (contact.properties.empty()) return 0;

  std::vector<std::string> names;
  std::vector<std::string> values;
  for (const auto& [name, value] : contact.properties) {
    check_json_text(name);
    check_json_text(value);
    names.push_back(name);
    values.push_back(value);
  }
  check_csv(names, values, ',');
  check_csv(names, values, ';');

  gdpr::ContactSheet sheet;
  sheet.organization = "Fuzz GmbH";
  sheet.contact = contact;
  sheet.printed_by = "fuzz";
  sheet.printed_at = "2026-11-29T00:00:00Z";

  // JSON: the properties parse back as written.
  const auto j = nlohmann::json::parse(gdpr::render_sheet(sheet, gdpr::SheetFormat::json));
  const auto& props = j.at("contact").at("properties");
  FUZZ_CHECK(props.size() == expected.size());
  for (const auto& [name, value] : expected) FUZZ_CHECK(props.at(name).get<std::string>() == value);

  // HTML: every value sits escaped in its own cell and unescapes to itself made inert (SPEC §9:
  // controls shown as \x1b, \u202e); no markup from it.
  const std::string html = gdpr::render_sheet(sheet, gdpr::SheetFormat::html);
  for (const auto& [name, value] : contact.properties) {
    const std::string inert_name = gdpr::text::escape_for_terminal(name);
    const std::string inert_value = gdpr::text::escape_for_terminal(value, gdpr::text::LineBreaks::keep);
    const std::string n = gdpr::html_escape(inert_name);
    const std::string v = gdpr::html_escape(inert_value);
    for (const std::string* e : {&n, &v}) {
      FUZZ_CHECK(e->find_first_of("<>\"'") == std::string::npos);
    }
    FUZZ_CHECK(html_unescape(n) == inert_name);
    FUZZ_CHECK(html_unescape(v) == inert_value);
    FUZZ_CHECK(html.find("<tr><th>" + n + "</th><td>" + v + "</td></tr>") != std::string::npos);
  }
  FUZZ_CHECK(html.find("<script") == std::string::npos);

  // Text and Markdown: laid out without failing; the text sheet keeps to 80 columns.
  const std::string text = gdpr::render_sheet(sheet, gdpr::SheetFormat::text);
  check_width(text);
  check_inert(text, Paged::yes);
  check_inert(gdpr::render_sheet(sheet, gdpr::SheetFormat::markdown), Paged::no);
  check_inert(html, Paged::no);

  // The letters, from the same hostile values.
  gdpr::Letter letter;
  letter.organization = "Fuzz GmbH";
  letter.addressee = gdpr::postal_address(contact.properties);
  letter.name = gdpr::person_name(contact.properties);
  letter.date = gdpr::Date{2026, 11, 29};
  letter.request.id = 1;
  letter.request.contact_id = contact.id;
  letter.request.received_on = gdpr::Date{2026, 11, 2};
  letter.request.due_on = gdpr::Date{2027, 2, 2};
  letter.request.decision_reason = contact.properties.front().second;
  letter.request.extension_reason = contact.properties.back().second;
  letter.authority = contact.properties.back().second;
  letter.systems = {contact.properties.front().first};
  for (const auto kind : {gdpr::LetterKind::confirmation, gdpr::LetterKind::refusal, gdpr::LetterKind::extension}) {
    letter.kind = kind;
    const std::string text_letter = gdpr::render_letter(letter, gdpr::LetterFormat::text);
    check_width(text_letter);
    check_inert(text_letter, Paged::yes);
    check_inert(gdpr::render_letter(letter, gdpr::LetterFormat::markdown), Paged::no);
    const std::string html_letter = gdpr::render_letter(letter, gdpr::LetterFormat::html);
    check_inert(html_letter, Paged::no);
    FUZZ_CHECK(html_letter.find("<script") == std::string::npos);
  }
  return 0;
}
