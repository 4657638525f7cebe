// The CSV reader on hostile bytes, and the writer/reader round trip: whatever the reader
// accepts, written back with append_csv_record, reads back as the same header and records.
#include <sstream>
#include <string>
#include <vector>

#include "fuzz.hpp"
#include "gdpr/csv.hpp"
#include "gdpr/error.hpp"
#include "gdpr/text.hpp"

namespace {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  char delimiter = ',';
};

Table read_all(const std::string& text, gdpr::CsvDelimiter delimiter) {
  std::istringstream in(text);
  gdpr::CsvReader reader(in, "fuzz.csv", delimiter);
  Table t;
  t.header = reader.header();
  t.delimiter = reader.delimiter();
  gdpr::CsvRecord record;
  std::size_t last_line = 0;
  while (reader.next(record)) {
    FUZZ_CHECK(record.fields.size() == t.header.size());
    // Lines are LF-terminated lines of the file; records split by a lone CR (classic Mac line
    // ends) share the line number of the LF line they are on (regressions/csv/cr-only-line-ends).
    FUZZ_CHECK(record.line >= last_line && record.line >= 2);
    last_line = record.line;
    for (const auto& f : record.fields) FUZZ_CHECK(gdpr::text::is_valid_utf8(f));
    t.rows.push_back(record.fields);
  }
  return t;
}

gdpr::CsvDelimiter delimiter_of(char c) {
  switch (c) {
    case ',': return gdpr::CsvDelimiter::comma;
    case ';': return gdpr::CsvDelimiter::semicolon;
    default: return gdpr::CsvDelimiter::tab;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  constexpr gdpr::CsvDelimiter k_modes[] = {gdpr::CsvDelimiter::automatic, gdpr::CsvDelimiter::comma,
                                            gdpr::CsvDelimiter::semicolon, gdpr::CsvDelimiter::tab};
  const auto mode = k_modes[data[0] % 4];
  const std::string text(gdpr::fuzz::as_text(data + 1, size - 1));
  Table first;
  try {
    first = read_all(text, mode);
  } catch (const gdpr::Error&) {
    return 0;  // refused with a message: fine
  }
  std::string written;
  gdpr::append_csv_record(written, first.header, first.delimiter);
  for (const auto& row : first.rows) {
    gdpr::append_csv_record(written, row, first.delimiter);
  }
  Table second;
  try {
    second = read_all(written, delimiter_of(first.delimiter));
  } catch (const gdpr::Error& e) {
    std::fprintf(stderr, "written CSV not readable: %s\n", e.what());
    FUZZ_CHECK(!"what the writer wrote must read back");
  }
  FUZZ_CHECK(second.header == gdpr::fuzz::as_written(first.header));
  FUZZ_CHECK(second.rows.size() == first.rows.size());
  for (std::size_t i = 0; i < first.rows.size() && i < second.rows.size(); ++i) {
    FUZZ_CHECK(second.rows[i] == gdpr::fuzz::as_written(first.rows[i]));
  }
  return 0;
}
