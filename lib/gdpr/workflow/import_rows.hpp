// The rows of `gdpr contact import` (import.cpp): written a batch at a time, each row's contact
// remembered to find an id the file has twice.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "gdpr/model.hpp"
#include "gdpr/workflow/contacts.hpp"
#include "gdpr/workflow/context.hpp"

namespace gdpr::workflow {

// Where a skipped row was: its line in a file, its record in a linked system.
enum class RowPlace { line, record };

// The second row of an id (the import refuses the file, naming both lines where it can).
struct DuplicateRow {
  std::string id;
  std::size_t line;
};

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


// A batch of an import's rows as read: each row's contact (id and properties), its line, and its
// search terms (search::terms_of of that contact), worked out where the rows are read.
struct RowBatch {
  std::vector<Contact> contacts;
  std::vector<std::size_t> lines;
  std::vector<std::vector<std::string>> terms;
};

// The rows of an import, upserted in their order, a batch of a thousand at a time, with what the
// store knows of them asked once a batch (PostgreSQL: a round trip a batch, not a few a row).
// Without tombstones a new id needs nothing but its insert, so the batch is inserted where absent
// first and only the ids already there go through the whole upsert; with tombstones every row
// does, checked against the tombstones of its e-mail, and the new contacts are inserted together.
class RowWriter {
 public:
  RowWriter(const Context& ctx, Readmit readmit, RowPlace place, ImportResult& result);
  static constexpr std::size_t k_batch = 1000;
  // Upserts the rows of `batch` (at most k_batch). Throws DuplicateRow for the first row of the
  // batch whose id an earlier row had.
  void write(RowBatch&& batch);

 private:
  // The whole upsert for the rows `rest` of the batch, in order; their events after their inserts.
  // Sets their `positions`: the contact each touched, 0 where none (a new id refused).
  void upsert_rest(const std::vector<std::size_t>& rest, std::vector<std::int64_t>& positions);

  const Context& ctx_;
  Readmit readmit_;
  RowPlace place_;
  ImportResult& result_;
  CheckFingerprints check_;
  std::vector<Contact> batch_;
  std::vector<std::size_t> lines_;
  std::vector<std::vector<std::string>> terms_;
  std::unordered_set<std::string> let_go_;  // tombstones readmitted by this import
  TouchedContacts touched_;
};

}  // namespace gdpr::workflow
