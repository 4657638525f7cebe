#include "gdpr/csv.hpp"

#include <array>
#include <cctype>
#include <cstring>
#include <csv.h>

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/text.hpp"

namespace gdpr {

namespace {

void field_cb(void* data, std::size_t len, void* self) {
  static_cast<CsvReader*>(self)->on_field(static_cast<const char*>(data), len);
}

void record_cb(int /*terminator*/, void* self) { static_cast<CsvReader*>(self)->on_record_end(); }

int no_space(unsigned char /*c*/) { return 0; }

// Counts delimiters outside quotes in the header line; the most frequent wins, `,` on a tie.
char detect_delimiter(std::string_view line) {
  std::array<std::size_t, 3> counts{};
  constexpr std::array<char, 3> k_candidates{',', ';', '\t'};
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    for (std::size_t i = 0; i < k_candidates.size(); ++i) {
      if (c == k_candidates[i]) ++counts[i];
    }
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < counts.size(); ++i) {
    if (counts[i] > counts[best]) best = i;
  }
  return k_candidates[best];
}

}  // namespace

CsvDelimiter parse_csv_delimiter(std::string_view s) {
  if (s == "auto") return CsvDelimiter::automatic;
  if (s == "," || s == "comma") return CsvDelimiter::comma;
  if (s == ";" || s == "semicolon") return CsvDelimiter::semicolon;
  if (s == "tab" || s == "\t") return CsvDelimiter::tab;
  throw Error(ErrorKind::usage, trf("--delimiter '{}' is not one of: auto, ',', ';', tab", s));
}

CsvReader::CsvReader(std::istream& in, std::string source, CsvDelimiter delimiter)
    : in_(in), source_(std::move(source)), parser_(new csv_parser{}) {
  if (csv_init(parser_.get(), CSV_STRICT | CSV_STRICT_FINI) != 0) {
    throw Error(ErrorKind::internal, tr("libcsv could not be initialised"));
  }
  csv_set_space_func(parser_.get(), no_space);
  // libcsv grows a field's buffer by blk_size bytes at a time (128 by default): larger steps keep
  // a long field from costing a realloc every 128 bytes.
  csv_set_blk_size(parser_.get(), std::size_t{64} * 1024);
  switch (delimiter) {
    case CsvDelimiter::comma: delimiter_ = ','; break;
    case CsvDelimiter::semicolon: delimiter_ = ';'; break;
    case CsvDelimiter::tab: delimiter_ = '\t'; break;
    case CsvDelimiter::automatic: delimiter_ = 0; break;
  }
  CsvRecord header;
  if (!next(header)) throw Error(ErrorKind::usage, trf("{}: the file is empty; a header row is required", source_));
  header_ = std::move(header.fields);
}

CsvReader::~CsvReader() = default;

void CsvReader::ParserFree::operator()(csv_parser* p) const {
  csv_free(p);  // libcsv's field buffer (nothing before csv_init: the struct is zeroed)
  delete p;
}

void CsvReader::on_field(const char* data, std::size_t len) {
  if (current_.size() >= k_csv_max_fields) {
    if (too_many_fields_at_ == 0) too_many_fields_at_ = record_start_;
    return;
  }
  if (len > k_csv_max_field_bytes) {
    if (field_too_long_at_ == 0) field_too_long_at_ = record_start_;
    len = 0;
  }
  current_.emplace_back(data == nullptr ? "" : std::string(data, len));
}

void CsvReader::check_limits() const {
  if (too_many_fields_at_ != 0) {
    fail(too_many_fields_at_, trf("the record has more than {} fields; is the delimiter right?", k_csv_max_fields));
  }
  if (field_too_long_at_ != 0) {
    fail(field_too_long_at_, trf("a field is longer than {} MiB", k_csv_max_field_bytes / (std::size_t{1024} * 1024)));
  }
}

void CsvReader::on_record_end() {
  const std::size_t fields = current_.size();
  ready_.push_back(CsvRecord{record_start_, std::move(current_)});
  current_.clear();
  current_.reserve(fields);  // the next record most likely has as many
  record_start_ = line_ + 1;
}

void CsvReader::split_unquoted(std::string_view body) {
  std::size_t start = 0;
  for (;;) {
    const void* d = std::memchr(body.data() + start, delimiter_, body.size() - start);
    const std::size_t end = d == nullptr ? body.size() : static_cast<std::size_t>(static_cast<const char*>(d) - body.data());
    on_field(body.data() + start, end - start);
    if (d == nullptr) break;
    start = end + 1;
  }
  on_record_end();
}

void CsvReader::fail(std::size_t line, const std::string& what) const {
  throw Error(ErrorKind::usage, trf("{}:{}: {}; nothing was imported", source_, line, what));
}

bool CsvReader::fill() {
  if (finished_) return false;
  std::string& line = line_buf_;  // reused: its capacity stays from line to line
  if (!std::getline(in_, line)) {
    if (in_.bad()) fail(line_, tr("read error"));
    finished_ = true;
    if (csv_fini(parser_.get(), field_cb, record_cb, this) != 0) {
      fail(record_start_, tr("a quoted field is not closed (unbalanced '\"') in the record starting here"));
    }
    check_limits();
    return !ready_.empty();
  }
  const bool had_newline = !in_.eof();
  ++line_;
  if (line.size() > k_csv_max_line_bytes) {
    fail(line_, trf("the line is longer than {} MiB; is this a CSV file?", k_csv_max_line_bytes / (std::size_t{1024} * 1024)));
  }
  if (first_line_) {
    first_line_ = false;
    if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    if (delimiter_ == 0) {
      std::string_view header = line;
      if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
      delimiter_ = detect_delimiter(header);
    }
    csv_set_delim(parser_.get(), static_cast<unsigned char>(delimiter_));
  }
  if (line.find('\0') != std::string::npos) fail(line_, tr("the line contains a NUL byte; this is not a text CSV file"));
  // Most lines hold one whole record without a quote: split at the delimiters directly instead of
  // feeding libcsv a character at a time (its state machine was a fifth of an import's
  // instructions). The same records either way (tests/unit/test_csv.cpp compares the two on
  // random files); anything else - a quote, a CR inside the line, a record left open by the
  // lines before (pstate 0 is libcsv's ROW_NOT_BEGUN) - goes through libcsv.
  if (parser_->pstate == 0 && current_.empty() && line.find('"') == std::string::npos) {
    std::string_view body = line;
    if (!body.empty() && body.back() == '\r') body.remove_suffix(1);
    if (body.find('\r') == std::string_view::npos) {
      if (body.empty()) {
        record_start_ = line_ + 1;  // skipped, as libcsv does; the next record starts below it
      } else {
        split_unquoted(body);
      }
      check_limits();
      return true;
    }
  }
  if (had_newline) line += '\n';
  if (csv_parse(parser_.get(), line.data(), line.size(), field_cb, record_cb, this) != line.size()) {
    fail(line_, trf("malformed CSV ({}): a '\"' inside an unquoted field, or text after a closing quote",
                            csv_strerror(csv_error(parser_.get()))));
  }
  // A quoted field running over many lines is refused as soon as it passes the limit, not after
  // all of it has been buffered.
  if (parser_->entry_pos > k_csv_max_field_bytes && field_too_long_at_ == 0) field_too_long_at_ = record_start_;
  check_limits();
  return true;
}

void CsvReader::validate(const CsvRecord& record) const {
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    if (!text::is_valid_utf8(record.fields[i])) {
      fail(record.line, trf("field {} is not valid UTF-8; save the file as UTF-8 (Excel: \"CSV UTF-8\")", i + 1));
    }
  }
  if (!header_.empty() && record.fields.size() != header_.size()) {
    fail(record.line, trf("{} fields, but the header row has {}", record.fields.size(), header_.size()));
  }
}

bool CsvReader::next(CsvRecord& record) {
  while (ready_.empty()) {
    if (!fill()) return false;
  }
  record = std::move(ready_.front());
  ready_.pop_front();
  validate(record);
  return true;
}

}  // namespace gdpr

namespace gdpr {

bool runs_as_formula(std::string_view cell) {
  if (cell.empty()) return false;
  switch (cell.front()) {
    case '=':
    case '@':
    case '\t':
    case '\r': return true;
    case '+':
    case '-':
      // "+43 1 234", "-5" and "- note" are numbers and text; "+A1" or "-cmd|..." would run.
      return cell.size() < 2 || (std::isdigit(static_cast<unsigned char>(cell[1])) == 0 && cell[1] != ' ');
    default: return false;
  }
}

void append_csv_record(std::string& out, std::span<const std::string_view> fields, char delimiter) {
  // A record of one empty field would be an empty line, which readers skip: write it quoted.
  if (fields.size() == 1 && fields.front().empty()) {
    out += "\"\"\n";
    return;
  }
  std::string neutralized;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += delimiter;
    std::string_view f = fields[i];
    if (runs_as_formula(f)) {
      neutralized = "'";
      neutralized += f;
      f = neutralized;
    }
    // Leading/trailing spaces are kept by quoting; so is a leading BOM, which a reader strips
    // from the start of a file.
    bool quote = !f.empty() && (f.front() == ' ' || f.back() == ' ' || f.starts_with("\xEF\xBB\xBF"));
    for (std::size_t k = 0; k < f.size() && !quote; ++k) {
      quote = f[k] == '"' || f[k] == '\r' || f[k] == '\n' || f[k] == delimiter;
    }
    if (!quote) {
      out += f;
      continue;
    }
    // libcsv's csv_write2 doubles embedded quotes and adds the enclosing ones.
    const std::size_t at = out.size();
    out.resize(at + (f.size() * 2) + 2);
    const std::size_t n = csv_write2(out.data() + at, (f.size() * 2) + 2, f.data(), f.size(), '"');
    out.resize(at + n);
  }
  out += '\n';
}

void append_csv_record(std::string& out, const std::vector<std::string>& fields, char delimiter) {
  const std::vector<std::string_view> views(fields.begin(), fields.end());
  append_csv_record(out, views, delimiter);
}

void write_csv_record(std::ostream& out, const std::vector<std::string>& fields, char delimiter) {
  std::string line;
  append_csv_record(line, fields, delimiter);
  out << line;
}

}  // namespace gdpr
