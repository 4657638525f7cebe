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

// 64-bit FNV-1a: with std::hash, a 128-bit fingerprint of a contact id.
std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

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

// Duplicate ids are found at the end from 128-bit hashes of the ids (24 bytes a row) instead of a
// set of the ids themselves, so that a million-row import stays small in memory.
class SeenIds {
 public:
  void add(const std::string& id, std::size_t line) { seen_.push_back(Seen{std::hash<std::string>{}(id), fnv1a(id), line}); }
  // Error naming the second line of the first id that appears twice.
  void check_unique(const std::string& source) {
    std::ranges::sort(seen_, [](const Seen& a, const Seen& b) {
      return std::tie(a.h1, a.h2, a.line) < std::tie(b.h1, b.h2, b.line);
    });
    for (std::size_t i = 1; i < seen_.size(); ++i) {
      if (seen_[i].h1 == seen_[i - 1].h1 && seen_[i].h2 == seen_[i - 1].h2) {
        throw import_error(source, seen_[i].line,
                           trf("the contact id of this line appears again (first on line {})", seen_[i - 1].line));
      }
    }
  }

 private:
  struct Seen {
    std::uint64_t h1;
    std::uint64_t h2;
    std::size_t line;
  };
  std::vector<Seen> seen_;
};

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

  void flush() {
    if (batch_.empty()) return;
    std::vector<bool> added(batch_.size(), false);
    if (check_ == CheckFingerprints::no) added = ctx_.store.insert_contacts_if_absent(batch_);
    std::vector<std::size_t> rest;
    for (std::size_t i = 0; i < batch_.size(); ++i) {
      if (added[i]) {
        ++result_.added;
      } else {
        rest.push_back(i);
      }
    }
    upsert_rest(rest);
    batch_.clear();
    lines_.clear();
  }

 private:
  // The whole upsert for the rows `rest` of the batch, in order; their events after their inserts.
  void upsert_rest(const std::vector<std::size_t>& rest) {
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
    for (std::size_t k = 0; k < rest.size(); ++k) {
      Known known{std::move(existing[k]), std::move(tombstones[k])};
      // A tombstone an earlier row of this batch let go keeps nothing out any more.
      if (known.tombstone && let_go_.contains(*known.tombstone)) known.tombstone.reset();
      Contact& row = batch_[rest[k]];
      const Upsert& u = done.emplace_back(
          upsert_contact(ctx_, row.id, std::move(row.properties), readmit_, std::move(known), Insert::by_caller));
      if (!u.readmit_details.is_null()) {
        let_go_.insert(u.readmit_details.value("via", "") == "email" ? u.readmit_details.value("tombstone", "") : row.id);
      }
      if (u.to_insert) fresh.push_back(u.contact);
    }
    // An id that is not inserted is a second row of the same id in this batch: the file is refused
    // at its end for that (SeenIds), and the transaction rolls back.
    (void)ctx_.store.insert_contacts_if_absent(fresh);
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
  SeenIds seen;
  const RowPlace place = options.from_system.empty() ? RowPlace::line : RowPlace::record;
  RowWriter writer(ctx_, options.readmit, place, result);
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
    seen.add(id, rec.line);
    props.clear();
    for (std::size_t i = 0; i < rec.fields.size(); ++i) {
      if (i != header.id_index) props.emplace_back(header.names[i], std::move(rec.fields[i]));
    }
    writer.write(id, props, rec.line);
  }
  writer.flush();
  seen.check_unique(source);
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
