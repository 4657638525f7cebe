// `gdpr contact import`: a CSV upserted in one transaction (Contacts::import).
#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <streambuf>

#include <fmt/format.h>

#include "gdpr/crypto.hpp"
#include "gdpr/csv.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/rules.hpp"
#include "gdpr/text.hpp"
#include "gdpr/workflow/contacts.hpp"
#include "gdpr/workflow/import_feed.hpp"
#include "gdpr/workflow/import_rows.hpp"

namespace gdpr {

const ImportPreset& hubspot_preset() {
  // The column titles of HubSpot's contact export in English and German (2026), to HubSpot's
  // internal property names (those `contact import --from hubspot` stores).
  static const ImportPreset k{"hs_object_id",
                              {{"Record ID", "hs_object_id"},
                               {"Datensatz-ID", "hs_object_id"},
                               {"First Name", "firstname"},
                               {"Vorname", "firstname"},
                               {"Last Name", "lastname"},
                               {"Nachname", "lastname"},
                               {"Email", "email"},
                               {"E-Mail", "email"},
                               {"Phone Number", "phone"},
                               {"Telefonnummer", "phone"},
                               {"Mobile Phone Number", "mobilephone"},
                               {"Mobiltelefonnummer", "mobilephone"},
                               {"Company Name", "company"},
                               {"Name des Unternehmens", "company"},
                               {"Street Address", "address"},
                               {"Adresse", "address"},
                               {"City", "city"},
                               {"Stadt", "city"},
                               {"Postal Code", "zip"},
                               {"Postleitzahl", "zip"},
                               {"Country/Region", "country"},
                               {"Land/Region", "country"},
                               {"Contact owner", "hubspot_owner"},
                               {"Kontaktinhaber", "hubspot_owner"},
                               {"Lifecycle Stage", "lifecyclestage"},
                               {"Lebenszyklusphase", "lifecyclestage"},
                               {"Create Date", "createdate"},
                               {"Erstellungsdatum", "createdate"}}};
  return k;
}

}  // namespace gdpr

namespace gdpr::workflow {

namespace {

// Passes a stream's bytes through unchanged and hashes them on the way: contact.imported
// records the file's SHA-256 (SPEC §6: no file names), also for stdin, which cannot be reread.
class HashingBuffer final : public std::streambuf {
 public:
  explicit HashingBuffer(std::streambuf* source) : source_(source) {}
  std::string hex() { return sha_.hex(); }

 protected:
  int_type underflow() override {
    const std::streamsize n = source_->sgetn(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    if (n <= 0) return traits_type::eof();
    sha_.update(std::string_view(buffer_.data(), static_cast<std::size_t>(n)));
    setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
    return traits_type::to_int_type(buffer_[0]);
  }

 private:
  std::streambuf* source_;
  crypto::Sha256Stream sha_;
  std::array<char, 65536> buffer_{};
};

// A refusal of the file at `line`; nothing is imported.
Error import_error(const std::string& source, std::size_t line, const std::string& what) {
  return Error(ErrorKind::usage, trf("{}:{}: {}; nothing was imported", source, line, what));
}

// The header's property names, checked and unique, and which column is the id.
struct Header {
  std::vector<std::string> names;
  std::size_t id_index = 0;
};

Header read_header(const CsvReader& reader, const std::string& source, const ImportOptions& options,
                   ImportResult& result) {
  const std::string& id_column = options.id_column;
  Header h;
  std::optional<std::size_t> id_index;
  std::set<std::string> unique_names;
  for (std::size_t i = 0; i < reader.header().size(); ++i) {
    std::string name;
    try {
      name = rules::check_property_name(reader.header()[i]);
    } catch (const Error& e) {
      throw import_error(source, 1, trf("column {} of the header: {}", i + 1, e.what()));
    }
    const auto mapped = std::ranges::find_if(options.columns, [&](const auto& m) {
      return text::loose_key(m.first) == text::loose_key(name);
    });
    if (mapped != options.columns.end() && mapped->second != name) {
      result.mapped.emplace_back(name, mapped->second);
      name = mapped->second;
    }
    if (!unique_names.insert(name).second) throw import_error(source, 1, trf("the header names column '{}' twice", name));
    if (!id_index && text::loose_key(name) == text::loose_key(id_column)) id_index = i;
    h.names.push_back(std::move(name));
  }
  if (!id_index) {
    std::string columns;
    for (const auto& n : h.names) columns += (columns.empty() ? "" : ", ") + n;
    throw import_error(source, 1, trf("no id column '{}' in the header (columns: {}); name it with --id-column",
                                      id_column, columns));
  }
  h.id_index = *id_index;
  return h;
}

// The line of the first record of `in` (read again from its start) with contact id `id`; nullopt
// where the input cannot be read again (a pipe).
std::optional<std::size_t> first_line_of(std::istream& in, const std::string& source, const ImportOptions& options,
                                         const Header& header, const std::string& id) {
  in.clear();
  if (!in.seekg(0)) return std::nullopt;
  CsvReader reader(in, source, options.delimiter);
  CsvRecord rec;
  while (reader.next(rec)) {
    if (header.id_index < rec.fields.size() && rec.fields[header.id_index] == id) return rec.line;
  }
  return std::nullopt;
}

// The rows of the CSV after its header, each a contact with its id checked (for RowFeed, on its
// thread: `reader` and `rec` are the feed's until it is gone).
RowFeed::Read csv_rows(CsvReader& reader, CsvRecord& rec, const Header& header, const std::string& source) {
  return [&reader, &rec, &header, &source](Contact& contact, std::size_t& line) {
    if (!reader.next(rec)) return false;
    contact.id = std::move(rec.fields[header.id_index]);
    try {
      rules::check_contact_id(contact.id);
    } catch (const Error& e) {
      throw import_error(source, rec.line, trf("column '{}': {}", header.names[header.id_index], e.what()));
    }
    contact.properties.reserve(rec.fields.size() - 1);
    for (std::size_t i = 0; i < rec.fields.size(); ++i) {
      if (i != header.id_index) contact.properties.emplace_back(header.names[i], std::move(rec.fields[i]));
    }
    line = rec.line;
    return true;
  };
}

}  // namespace

ImportResult Contacts::import(std::istream& raw_in, const std::string& source, const ImportOptions& options) const {
  HashingBuffer hashing(raw_in.rdbuf());
  std::istream in(&hashing);
  CsvReader reader(in, source, options.delimiter);
  ImportResult result;
  const Header header = read_header(reader, source, options, result);

  result.dry_run = options.dry_run == DryRun::yes;
  auto tx = ctx_.store.begin_write();
  ctx_.store.defer_terms();
  const struct Discard {
    Store& store;
    ~Discard() { store.discard_terms(); }  // after finish_terms(): nothing left to forget
  } discard{ctx_.store};
  const RowPlace place = options.from_system.empty() ? RowPlace::line : RowPlace::record;
  RowWriter writer(ctx_, options.readmit, place, result);
  try {
    // Read on the feed's thread: nothing else touches `reader` (or `in`) until the feed is gone.
    CsvRecord rec;
    RowFeed feed(csv_rows(reader, rec, header, source), RowWriter::k_batch);
    for (RowBatch batch = feed.next(); !batch.contacts.empty(); batch = feed.next()) {
      const std::int64_t before = result.rows;
      result.rows += static_cast<std::int64_t>(batch.contacts.size());
      if (options.progress && result.rows / 10000 != before / 10000) options.progress(result.rows / 10000 * 10000);
      writer.write(std::move(batch));
    }
  } catch (const DuplicateRow& dup) {
    const std::optional<std::size_t> first = first_line_of(raw_in, source, options, header, dup.id);
    throw import_error(source, dup.line,
                       first ? trf("the contact id of this line appears again (first on line {})", *first)
                             : tr("the contact id of this line appears on an earlier line too"));
  }
  while (in.rdbuf()->sbumpc() != std::char_traits<char>::eof()) {
  }  // the hash covers the whole file, also bytes after the last record
  result.sha256 = hashing.hex();
  if (result.dry_run) return result;  // the transaction rolls back
  nlohmann::json details{{"sha256", result.sha256},
                         {"rows", result.rows},
                         {"added", result.added},
                         {"updated", result.updated},
                         {"unchanged", result.unchanged},
                         {"skipped", result.skipped},
                         {"readmitted", result.readmitted}};
  if (!options.from_system.empty()) details["from"] = options.from_system;
  ctx_.record("contact.imported", std::nullopt, std::nullopt, std::move(details));
  ctx_.store.finish_terms();
  tx->commit();
  return result;
}

}  // namespace gdpr::workflow
