// A streaming RFC 4180 CSV reader on top of libcsv (strict mode), with what a
// German Excel export needs: BOM, CRLF, and `;` detected from the header row.
// Every error names the source and the line of the record at fault.
#pragma once

#include <cstddef>
#include <deque>
#include <istream>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct csv_parser;

namespace gdpr {

// The field delimiter; `automatic` picks `,`, `;` or tab from the header row.
enum class CsvDelimiter { automatic, comma, semicolon, tab };

// Parses "auto", ",", ";", "tab" (also "comma", "semicolon", "\t"); throws Error(usage).
[[nodiscard]] CsvDelimiter parse_csv_delimiter(std::string_view s);

// Limits that keep a hostile file from exhausting memory or the database: more fields per
// record, a longer field or a longer physical line is refused with the line number.
inline constexpr std::size_t k_csv_max_fields = 1000;
inline constexpr std::size_t k_csv_max_field_bytes = std::size_t{1024} * 1024;
inline constexpr std::size_t k_csv_max_line_bytes = std::size_t{16} * 1024 * 1024;

// One data record and the physical line it starts on.
struct CsvRecord {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

// Reads a header row and then records, one at a time; throws Error(usage) on malformed input.
class CsvReader {
 public:
  // Reads the header row of `in`; `source` names the input in messages (a path or "stdin").
  CsvReader(std::istream& in, std::string source, CsvDelimiter delimiter);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The header row's fields.
  [[nodiscard]] const std::vector<std::string>& header() const { return header_; }

  // The delimiter in use (after detection).
  [[nodiscard]] char delimiter() const { return delimiter_; }

  // Reads the next record into `record`; false at the end of the input.
  bool next(CsvRecord& record);

  // Called by libcsv's callbacks.
  void on_field(const char* data, std::size_t len);
  void on_record_end();

 private:
  bool fill();
  void split_unquoted(std::string_view body);
  [[noreturn]] void fail(std::size_t line, const std::string& what) const;
  void check_limits() const;
  void validate(const CsvRecord& record) const;

  std::istream& in_;
  std::string source_;
  char delimiter_ = ',';
  // Frees libcsv's buffer and the parser, also when the constructor throws (a leak once, found by
  // tests/fuzz/fuzz_csv: regressions/csv/header-error-leak).
  struct ParserFree {
    void operator()(csv_parser* p) const;
  };
  std::unique_ptr<csv_parser, ParserFree> parser_;
  std::vector<std::string> header_;
  std::vector<std::string> current_;
  std::deque<CsvRecord> ready_;
  std::string line_buf_;
  std::size_t line_ = 0;          // physical lines fed so far
  std::size_t record_start_ = 1;  // physical line where the current record starts
  bool finished_ = false;
  bool first_line_ = true;
  // Set by on_field to the record's line (it runs inside libcsv, and C frames must not throw).
  std::size_t too_many_fields_at_ = 0;
  std::size_t field_too_long_at_ = 0;
};

}  // namespace gdpr

namespace gdpr {

// Whether a spreadsheet would run `cell` as a formula (SPEC §9): it starts with '=', '@', a tab
// or a carriage return, or with '+' or '-' not followed by a digit or a space.
[[nodiscard]] bool runs_as_formula(std::string_view cell);

// Appends one RFC 4180 record to `out` (fields quoted only where needed; LF line end). A cell
// that runs_as_formula is written with a leading ' (the spreadsheets' "this is text" mark), so a
// mailing list opened in a spreadsheet never runs a customer's value.
void append_csv_record(std::string& out, const std::vector<std::string>& fields, char delimiter = ',');
// The same for fields that point into the caller's data (a listing's rows, without a copy each).
void append_csv_record(std::string& out, std::span<const std::string_view> fields, char delimiter = ',');

// Writes one RFC 4180 record to `out`.
void write_csv_record(std::ostream& out, const std::vector<std::string>& fields, char delimiter = ',');

}  // namespace gdpr
