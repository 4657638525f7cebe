// `gdpr contact import`: a CSV upserted in one transaction (Contacts::import).
#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <streambuf>
#include <tuple>
#include <unordered_set>

#include <fmt/format.h>

#include "gdpr/crypto.hpp"
#include "gdpr/csv.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/rules.hpp"
#include "gdpr/text.hpp"
#include "gdpr/workflow/contacts.hpp"

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

// Every row of an import touches one contact, which it adds or finds under its id: a contact
// touched twice is an id that the file has twice. The positions touched are kept as bits (a
// contact's position is its place in insertion order), 64 to an entry: about 1.3 MB for ten
// million rows, where a record per row took 24 bytes (400 MB). A row that touches no contact (a
// new id refused for a tombstone) is kept by its id; there are few.
class TouchedContacts {
 public:
  // False if the contact at `position` was touched before, or a row with `id` touched none.
  bool touch(std::int64_t position, const std::string& id) {
    if (!refused_.empty() && refused_.contains(id)) return false;
    std::uint64_t& word = bits_[position / 64];
    const std::uint64_t bit = std::uint64_t{1} << static_cast<unsigned>(position % 64);
    const bool fresh = (word & bit) == 0;
    word |= bit;
    return fresh;
  }
  // False if a row with `id` touched no contact before (a row that did touch one is found by it).
  bool touch_without_contact(const std::string& id) { return refused_.insert(id).second; }

 private:
  std::unordered_map<std::int64_t, std::uint64_t> bits_;
  std::unordered_set<std::string> refused_;
};

// The second row of an id (the import refuses the file, naming both lines where it can).
struct DuplicateRow {
  std::string id;
  std::size_t line;
};

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

// Where a skipped row was: its line in a file, its record in a linked system.
enum class RowPlace { line, record };

// Counts what one row's upsert did (a readmission is recorded with its own event).
void count(const Context& ctx, const std::string& id, std::size_t line, RowPlace place, Upsert& u,
           ImportResult& result) {
  if (!u.refused.empty()) {
    ++result.skipped;
    if (result.skipped_notes.size() < 100) {
      result.skipped_notes.push_back(place == RowPlace::line ? trf("line {}: {}", line, u.refused)
                                                             : trf("record {}: {}", id, u.refused));
    }
    return;
  }
  switch (u.outcome) {
    case AddOutcome::added: ++result.added; break;
    case AddOutcome::updated: ++result.updated; break;
    case AddOutcome::unchanged: ++result.unchanged; break;
    case AddOutcome::readmitted:
      ++result.readmitted;
      u.readmit_details["properties"] = u.changed;
      ctx.record("contact.readmitted", std::nullopt, id, u.readmit_details);
      break;
  }
}

// The rows of an import, upserted in their order, a batch of a thousand at a time, with what the
// store knows of them asked once a batch (PostgreSQL: a round trip a batch, not a few a row).
// Without tombstones a new id needs nothing but its insert, so the batch is inserted where absent
// first and only the ids already there go through the whole upsert; with tombstones every row
// does, checked against the tombstones of its e-mail, and the new contacts are inserted together.
class RowWriter {
 public:
  RowWriter(const Context& ctx, Readmit readmit, RowPlace place, ImportResult& result)
      : ctx_(ctx),
        readmit_(readmit),
        place_(place),
        result_(result),
        // Readmitting by e-mail clears fingerprints as the import goes, so the question is asked once.
        check_(ctx.store.has_fingerprints() ? CheckFingerprints::yes : CheckFingerprints::no) {}

  // Takes the properties (`props` is left empty, for the next row).
  void write(const std::string& id, Properties& props, std::size_t line) {
    Contact& row = batch_.emplace_back();
    row.id = id;
    row.properties = std::move(props);
    props = Properties{};
    lines_.push_back(line);
    if (batch_.size() == k_batch) flush();
  }

  // Throws DuplicateRow for the first row of the batch whose id an earlier row had.
  void flush() {
    if (batch_.empty()) return;
    // An id twice within the batch is found here (the second row would touch no contact: its
    // insert is left out); across batches by the contacts they touched, below.
    std::unordered_set<std::string_view> in_batch;
    in_batch.reserve(batch_.size());
    for (std::size_t i = 0; i < batch_.size(); ++i) {
      if (!in_batch.insert(batch_[i].id).second) throw DuplicateRow{batch_[i].id, lines_[i]};
    }
    std::vector<std::int64_t> positions(batch_.size(), 0);
    if (check_ == CheckFingerprints::no) positions = ctx_.store.insert_contacts_if_absent(batch_);
    std::vector<std::size_t> rest;
    for (std::size_t i = 0; i < batch_.size(); ++i) {
      if (positions[i] != 0) {
        ++result_.added;
      } else {
        rest.push_back(i);
      }
    }
    upsert_rest(rest, positions);
    for (std::size_t i = 0; i < batch_.size(); ++i) {
      const bool first = positions[i] != 0 ? touched_.touch(positions[i], batch_[i].id)
                                            : touched_.touch_without_contact(batch_[i].id);
      if (!first) throw DuplicateRow{batch_[i].id, lines_[i]};
    }
    batch_.clear();
    lines_.clear();
  }

 private:
  // The whole upsert for the rows `rest` of the batch, in order; their events after their inserts.
  // Sets their `positions`: the contact each touched, 0 where none (a new id refused).
  void upsert_rest(const std::vector<std::size_t>& rest, std::vector<std::int64_t>& positions) {
    if (rest.empty()) return;
    std::vector<std::string> ids;
    std::vector<std::string> emails;
    ids.reserve(rest.size());
    for (const std::size_t i : rest) {
      ids.push_back(batch_[i].id);
      if (check_ == CheckFingerprints::yes) emails.push_back(rules::normalized_email(batch_[i].properties, ctx_.config));
    }
    std::vector<std::optional<Contact>> existing = ctx_.store.find_contacts(ids);
    std::vector<std::optional<std::string>> tombstones(rest.size());
    if (check_ == CheckFingerprints::yes) tombstones = ctx_.store.tombstones_of(emails);
    std::vector<Upsert> done;
    done.reserve(rest.size());
    std::vector<Contact> fresh;
    std::vector<std::size_t> fresh_rows;
    for (std::size_t k = 0; k < rest.size(); ++k) {
      if (const std::optional<Contact>& there = existing[k]) positions[rest[k]] = there->position;
      Known known{std::move(existing[k]), std::move(tombstones[k])};
      // A tombstone an earlier row of this batch let go keeps nothing out any more; another one
      // with the same e-mail may (asked again, as a row-by-row import would).
      if (known.tombstone && let_go_.contains(*known.tombstone)) {
        known.tombstone = ctx_.store.tombstones_of({emails[k]}).front();
      }
      Contact& row = batch_[rest[k]];
      const Upsert& u = done.emplace_back(
          upsert_contact(ctx_, row.id, std::move(row.properties), readmit_, std::move(known), Insert::by_caller));
      if (!u.readmit_details.is_null()) {
        let_go_.insert(u.readmit_details.value("via", "") == "email" ? u.readmit_details.value("tombstone", "") : row.id);
      }
      if (u.to_insert) {
        fresh.push_back(u.contact);
        fresh_rows.push_back(rest[k]);
      }
    }
    // A new contact not inserted is a second row of the same id in this batch; it keeps position
    // 0 and its id is then seen twice (flush).
    const std::vector<std::int64_t> inserted = ctx_.store.insert_contacts_if_absent(fresh);
    for (std::size_t f = 0; f < fresh_rows.size(); ++f) positions[fresh_rows[f]] = inserted[f];
    for (std::size_t k = 0; k < rest.size(); ++k) count(ctx_, batch_[rest[k]].id, lines_[rest[k]], place_, done[k], result_);
  }

  static constexpr std::size_t k_batch = 1000;
  const Context& ctx_;
  Readmit readmit_;
  RowPlace place_;
  ImportResult& result_;
  CheckFingerprints check_;
  std::vector<Contact> batch_;
  std::vector<std::size_t> lines_;
  std::unordered_set<std::string> let_go_;  // tombstones readmitted by this import
  TouchedContacts touched_;
};

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
    CsvRecord rec;
    Properties props;
    while (reader.next(rec)) {
      ++result.rows;
      if (options.progress && result.rows % 10000 == 0) options.progress(result.rows);
      const std::string& id = rec.fields[header.id_index];
      try {
        rules::check_contact_id(id);
      } catch (const Error& e) {
        throw import_error(source, rec.line, trf("column '{}': {}", header.names[header.id_index], e.what()));
      }
      props.clear();
      for (std::size_t i = 0; i < rec.fields.size(); ++i) {
        if (i != header.id_index) props.emplace_back(header.names[i], std::move(rec.fields[i]));
      }
      writer.write(id, props, rec.line);
    }
    writer.flush();
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
