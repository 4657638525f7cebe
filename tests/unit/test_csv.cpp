#include <random>
#include <sstream>

#include <doctest/doctest.h>

#include "gdpr/csv.hpp"
#include "helpers.hpp"

using namespace gdpr;

namespace {

std::vector<CsvRecord> read_all(const std::string& text, CsvDelimiter d = CsvDelimiter::automatic,
                                std::vector<std::string>* header = nullptr, char* delimiter = nullptr) {
  std::istringstream in(text);
  CsvReader reader(in, "in.csv", d);
  if (header != nullptr) *header = reader.header();
  if (delimiter != nullptr) *delimiter = reader.delimiter();
  std::vector<CsvRecord> out;
  CsvRecord r;
  while (reader.next(r)) out.push_back(r);
  return out;
}

}  // namespace

TEST_SUITE("csv") {
  TEST_CASE("CsvReader reads RFC 4180") {
    std::vector<std::string> header;
    const auto rows = read_all("id,name,note\n1,Max,\"a, \"\"quoted\"\"\nsecond line\"\n2,Erika,\n", CsvDelimiter::automatic, &header);
    CHECK(header == std::vector<std::string>{"id", "name", "note"});
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].fields == std::vector<std::string>{"1", "Max", "a, \"quoted\"\nsecond line"});
    CHECK(rows[0].line == 2);
    CHECK(rows[1].fields == std::vector<std::string>{"2", "Erika", ""});
    CHECK(rows[1].line == 4);
  }

  TEST_CASE("German Excel export: BOM, CRLF, semicolon") {
    std::vector<std::string> header;
    char delimiter = 0;
    const auto rows = read_all("\xEF\xBB\xBFKundennr;Name;E-Mail\r\nK1;Müller, Hans;h@x.de\r\nK2; Jürgen ;\r\n",
                               CsvDelimiter::automatic, &header, &delimiter);
    CHECK(delimiter == ';');
    CHECK(header == std::vector<std::string>{"Kundennr", "Name", "E-Mail"});
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].fields == std::vector<std::string>{"K1", "Müller, Hans", "h@x.de"});
    CHECK(rows[1].fields == std::vector<std::string>{"K2", " Jürgen ", ""});  // spaces are data
  }

  TEST_CASE("delimiter detection and override") {
    char d = 0;
    read_all("id\tname\n1\tx\n", CsvDelimiter::automatic, nullptr, &d);
    CHECK(d == '\t');
    read_all("id\n1\n", CsvDelimiter::automatic, nullptr, &d);
    CHECK(d == ',');
    read_all("\"a;b\",c\n1,2\n", CsvDelimiter::automatic, nullptr, &d);  // quoted ';' does not count
    CHECK(d == ',');
    const auto rows = read_all("id;name\n1;a,b\n", CsvDelimiter::semicolon);
    CHECK(rows[0].fields == std::vector<std::string>{"1", "a,b"});
    CHECK(parse_csv_delimiter("tab") == CsvDelimiter::tab);
    CHECK_GDPR_KIND(parse_csv_delimiter("|"), ErrorKind::usage);
  }

  TEST_CASE("no trailing newline") {
    const auto rows = read_all("id,name\n1,Max");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].fields[1] == "Max");
  }

  TEST_CASE("malformed input names the line") {
    SUBCASE("empty file") {
      CHECK_GDPR_ERROR(read_all(""), ErrorKind::usage, "in.csv: the file is empty; a header row is required");
    }
    SUBCASE("unbalanced quote") {
      CHECK_GDPR_ERROR(read_all("id,name\n1,ok\n2,\"open\n3,x\n"), ErrorKind::usage,
                       "in.csv:3: a quoted field is not closed (unbalanced '\"') in the record starting here; nothing "
                       "was imported");
    }
    SUBCASE("quote inside an unquoted field") {
      CHECK_GDPR_KIND(read_all("id,name\n1,ab\"c\n"), ErrorKind::usage);
    }
    SUBCASE("text after a closing quote") { CHECK_GDPR_KIND(read_all("id,name\n1,\"ab\"c\n"), ErrorKind::usage); }
    SUBCASE("wrong field count") {
      CHECK_GDPR_ERROR(read_all("id,name\n1,a\n2,b,c\n"), ErrorKind::usage,
                       "in.csv:3: 3 fields, but the header row has 2; nothing was imported");
      CHECK_GDPR_ERROR(read_all("id,name\n1\n"), ErrorKind::usage,
                       "in.csv:2: 1 fields, but the header row has 2; nothing was imported");
    }
    SUBCASE("invalid UTF-8") {
      CHECK_GDPR_ERROR(read_all("id,name\n1,ok\n2,M\xFCller\n"), ErrorKind::usage,
                       "in.csv:3: field 2 is not valid UTF-8; save the file as UTF-8 (Excel: \"CSV UTF-8\"); nothing "
                       "was imported");
    }
    SUBCASE("NUL byte") {
      CHECK_GDPR_ERROR(read_all(std::string("id,name\n1,a\0b\n", 14)), ErrorKind::usage,
                       "in.csv:2: the line contains a NUL byte; this is not a text CSV file; nothing was imported");
    }
  }

  TEST_CASE("write_csv_record round-trips") {
    std::ostringstream out;
    write_csv_record(out, {"plain", "a,b", "say \"hi\"", "two\nlines", " padded ", ""});
    CHECK(out.str() == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded \",\n");
    const auto rows = read_all("h1,h2,h3,h4,h5,h6\n" + out.str());
    CHECK(rows[0].fields == std::vector<std::string>{"plain", "a,b", "say \"hi\"", "two\nlines", " padded ", ""});
  }

  TEST_CASE("a cell a spreadsheet would run as a formula is written with a leading '") {
    for (const std::string cell : {"=HYPERLINK(\"http://evil\",\"x\")", "@SUM(A1)", "\tx", "+A1", "-cmd|' /C calc'!A0", "-",
                                   "+", "=", "\r=1"}) {
      CAPTURE(cell);
      CHECK(runs_as_formula(cell));
      std::string out;
      append_csv_record(out, {"id", cell});
      const auto rows = read_all("a,b\n" + out);
      REQUIRE(rows.size() == 1);
      CHECK(rows[0].fields[1] == "'" + cell);
    }
    for (const std::string cell : {"+43 1 234 56 78", "-5", "- note", "+ 1", "", "a=b", "Max", "'=already"}) {
      CAPTURE(cell);
      CHECK_FALSE(runs_as_formula(cell));
      std::string out;
      append_csv_record(out, {"id", cell});
      const auto rows = read_all("a,b\n" + out);
      REQUIRE(rows.size() == 1);
      CHECK(rows[0].fields[1] == cell);
    }
    std::string header;
    append_csv_record(header, {"id", "=cmd"});
    CHECK(header == "id,'=cmd\n");
  }

  TEST_CASE("a record of one empty field is written quoted, not as a skipped empty line") {
    // Found by tests/fuzz/fuzz_csv (seed corpus/csv/single-empty-field.csv).
    std::string out;
    append_csv_record(out, {""});
    CHECK(out == "\"\"\n");
    const auto rows = read_all("id\n" + out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].fields == std::vector<std::string>{""});
  }

  TEST_CASE("a field that starts with a BOM is quoted so that it survives as the file's first field") {
    // Found by tests/fuzz/fuzz_writers (regressions/writers/bom-leading-name).
    std::string out;
    append_csv_record(out, {"\xEF\xBB\xBFname", "x"});
    CHECK(out == "\"\xEF\xBB\xBF" "name\",x\n");
    std::istringstream in(out);
    CsvReader reader(in, "in.csv", CsvDelimiter::comma);
    CHECK(reader.header() == std::vector<std::string>{"\xEF\xBB\xBFname", "x"});
  }
  TEST_CASE("a record reads the same through the quote-free fast path and through libcsv") {
    // Lines without a quote are split at the delimiters directly; lines with one go through
    // libcsv. Random files, written three ways - every field bare, every field quoted, a random
    // mix with multi-line quoted fields - must give the generated records and their line numbers.
    std::mt19937 rng(20261129);
    const std::vector<std::string> pieces = {"a", "Zürich", " ", "x y", "", "42", "\t", "ß", "Straße 1", "-"};
    const std::vector<std::string> quoted_only = {",", ";", "\"", "\n", "\r\n", "a\rb"};
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    for (int round = 0; round < 200; ++round) {
      const char d = std::string(",;\t")[pick(3)];
      const std::size_t width = 1 + pick(5);
      enum Style { bare, quoted, mixed };
      for (const Style style : {bare, quoted, mixed}) {
        std::mt19937 data_rng(static_cast<unsigned>(round));  // the same records for every style
        auto data_pick = [&](std::size_t n) { return static_cast<std::size_t>(data_rng() % n); };
        std::string text;
        std::size_t line = 1;
        std::vector<std::string> header;
        for (std::size_t i = 0; i < width; ++i) header.push_back("h" + std::to_string(i));
        for (std::size_t i = 0; i < width; ++i) text += (i > 0 ? std::string(1, d) : "") + header[i];
        text += "\n";
        std::vector<CsvRecord> expected;
        const std::size_t records = 1 + data_pick(8);
        for (std::size_t r = 0; r < records; ++r) {
          if (data_pick(4) == 0) {  // a blank line, skipped
            text += data_pick(2) == 0 ? "\n" : "\r\n";
            ++line;
          }
          ++line;
          CsvRecord rec;
          rec.line = line;
          std::string out;
          for (std::size_t i = 0; i < width; ++i) {
            std::string f = pieces[data_pick(pieces.size())] + pieces[data_pick(pieces.size())];
            if (d == '\t' && f.find('\t') != std::string::npos) f = "t";
            const bool special = style == mixed && data_pick(5) == 0;
            if (special) f += quoted_only[data_pick(quoted_only.size())];
            if (width == 1 && f.empty()) f = "e";  // a lone empty field is an empty line
            const bool quote = style == quoted || special || (style == mixed && data_pick(3) == 0);
            if (i > 0) out += d;
            if (quote) {
              out += '"';
              for (const char c : f) out += c == '"' ? std::string("\"\"") : std::string(1, c);
              out += '"';
            } else {
              out += f;
            }
            for (const char c : f) line += c == '\n' ? 1 : 0;
            rec.fields.push_back(f);
          }
          const bool last = r + 1 == records;
          text += out + (last && data_pick(3) == 0 ? "" : data_pick(2) == 0 ? "\n" : "\r\n");
          expected.push_back(std::move(rec));
        }
        CAPTURE(round);
        CAPTURE(static_cast<int>(style));
        CAPTURE(text);
        std::vector<std::string> got_header;
        const auto rows = read_all(text, d == ',' ? CsvDelimiter::comma : d == ';' ? CsvDelimiter::semicolon
                                                                                    : CsvDelimiter::tab,
                                   &got_header);
        CHECK(got_header == header);
        REQUIRE(rows.size() == expected.size());
        for (std::size_t r = 0; r < rows.size(); ++r) {
          CHECK(rows[r].fields == expected[r].fields);
          CHECK(rows[r].line == expected[r].line);
        }
      }
    }
  }

  TEST_CASE("limits hold on the fast path too") {
    std::string many = "id\n";
    for (std::size_t i = 0; i <= k_csv_max_fields; ++i) many += i > 0 ? ",x" : "x";
    CHECK_GDPR_ERROR(read_all(many + "\n", CsvDelimiter::comma), ErrorKind::usage,
                     "in.csv:2: the record has more than 1000 fields; is the delimiter right?; nothing was imported");
    const std::string long_field(k_csv_max_field_bytes + 1, 'x');
    CHECK_GDPR_ERROR(read_all("id,v\n1," + long_field + "\n", CsvDelimiter::comma), ErrorKind::usage,
                     "in.csv:2: a field is longer than 1 MiB; nothing was imported");
  }
}
