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
}
