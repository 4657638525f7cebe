// Contacts and their import (SPEC §3, §6): add, update, readmit, block, list, import a CSV.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "gdpr/csv.hpp"
#include "gdpr/model.hpp"
#include "gdpr/rules/contacts.hpp"
#include "gdpr/store.hpp"
#include "gdpr/workflow/context.hpp"

namespace gdpr {

// Should an import be rolled back at the end?
enum class DryRun { no, yes };

// What `add_contact` did.
enum class AddOutcome { added, updated, unchanged, readmitted };

// Result of `add_contact`.
struct AddResult {
  AddOutcome outcome = AddOutcome::added;
  Contact contact;
};

// Options of `import_contacts`.
struct ImportOptions {
  std::string id_column = "id";
  // A header (matched as property names are: ignoring case, '-', '_' and spaces) -> the property
  // it fills; the id column is looked for among the names after this map.
  std::vector<std::pair<std::string, std::string>> columns;
  CsvDelimiter delimiter = CsvDelimiter::automatic;
  DryRun dry_run = DryRun::no;
  Readmit readmit = Readmit::no;
  std::function<void(std::int64_t rows)> progress;  // called every 10,000 rows, if set
  std::string from_system;  // set by import_from: the linked system read, for contact.imported
};

// What `contact import --from SYSTEM` reads (SPEC §11): the HubSpot properties to ask for (empty:
// email, firstname and lastname; {"*"}: every property HubSpot defines) and a progress callback
// for the listing (the contacts read so far, after each page).
struct SystemImport {
  std::string system;
  std::vector<std::string> properties;
  std::function<void(std::int64_t contacts)> listed;
};

// Counts of `import_contacts`; `skipped_notes` says which rows were skipped and why.
struct ImportResult {
  std::int64_t rows = 0;
  std::int64_t added = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
  std::int64_t skipped = 0;
  std::int64_t readmitted = 0;
  std::vector<std::string> skipped_notes;
  bool dry_run = false;
  std::string sha256;  // of the file's bytes, as contact.imported records it
  std::vector<std::pair<std::string, std::string>> mapped;  // the headers the column map renamed, and to what
};

// The shipped column map for HubSpot's contact exports, German and English (`contact import
// --preset hubspot`): both land in HubSpot's own property names, the record id as contact id.
struct ImportPreset {
  std::string id_column;
  std::vector<std::pair<std::string, std::string>> columns;
};
[[nodiscard]] const ImportPreset& hubspot_preset();

}  // namespace gdpr

namespace gdpr {

// What `contact find` found (SPEC §12).
struct FoundContacts {
  std::vector<Contact> contacts;  // a contact whose id is the text first, then in id order
  bool more = false;              // more match than the limit
  bool too_broad = false;         // fewer than the limit, but the words begin words of so many contacts that not all were checked
  bool too_short = false;         // no word of two letters or digits, and no contact has it as its id
};

}  // namespace gdpr

namespace gdpr::workflow {

class Contacts {
 public:
  explicit Contacts(const Context& context) : ctx_(context) {}

  // Adds a contact or updates the given properties of an existing one (others are kept).
  AddResult add(const std::string& id, const Properties& properties, Readmit readmit) const;
  // Upserts every row of a CSV in one transaction; a malformed file imports nothing (import.cpp).
  ImportResult import(std::istream& in, const std::string& source, const ImportOptions& options) const;
  // Reads the contacts of a linked system of kind "hubspot" through its list API (the record id
  // as contact id, the system's record_id_property holding it too), page by page, into a private
  // temporary CSV, then imports that as `import` does: one transaction, the same tombstone
  // checks and counts. Nothing is written while HubSpot is read, so the team is not kept waiting.
  ImportResult import_from(const SystemImport& from, ImportOptions options) const;
  [[nodiscard]] Contact show(const std::string& id) const;
  // Contact ids (not erased) starting with `prefix`, for shell completion.
  [[nodiscard]] std::vector<std::string> complete_ids(const std::string& prefix, std::int64_t limit) const;
  // The property names of the contacts `filter` selects, in order of first appearance.
  [[nodiscard]] std::vector<std::string> property_names(const ContactFilter& filter) const;
  void list(const ContactFilter& filter, const std::function<void(const Contact&)>& visit) const;
  // Contacts matching `text` (search.hpp), at most `limit`, through the search index.
  [[nodiscard]] FoundContacts find(std::string_view text, std::int64_t limit) const;
  // Sets or lifts a block; returns false if nothing changed.
  bool set_block(const std::string& id, BlockKind kind, BlockChange change) const;

 private:
  const Context& ctx_;
};

// What upsert() did to one contact.
struct Upsert {  // NOLINT(bugprone-exception-escape): implicit members; clang-tidy 14 misreads nlohmann::json's
  AddOutcome outcome = AddOutcome::added;
  Contact contact;
  std::vector<std::string> changed;   // property names added or changed
  std::string refused;                // non-empty: an erased contact and no --readmit
  nlohmann::json readmit_details;     // set when a tombstone was overridden
  bool to_insert = false;             // a new contact the caller inserts (Insert::by_caller)
};

// Whether an upsert must look for tombstones with the same e-mail (none: a new id needs only
// its insert).
enum class CheckFingerprints { no, yes };

// What the store knew of a row before its upsert: the contact under its id, and the erased
// contact whose tombstone keeps its e-mail out (asked only where tombstones are checked). An
// import asks for a whole batch at once (Store::find_contacts, Store::tombstones_of).
struct Known {
  std::optional<Contact> existing;
  std::optional<std::string> tombstone;
};

// Whether the upsert inserts a new contact itself, or leaves it to its caller (an import inserts
// its batch's new contacts in one statement, then records their events).
enum class Insert { now, by_caller };

// Adds or updates one contact in the caller's write transaction, readmitting it if allowed; the
// audit event is the caller's. `properties` is taken by value: an import moves each row in.
[[nodiscard]] Upsert upsert_contact(const Context& ctx, const std::string& id, Properties properties, Readmit readmit,
                                    Known known, Insert insert = Insert::now);
// The names of `properties`, in order.
[[nodiscard]] std::vector<std::string> names_of(const Properties& properties);

}  // namespace gdpr::workflow
