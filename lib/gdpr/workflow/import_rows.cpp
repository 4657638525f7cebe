#include "gdpr/workflow/import_rows.hpp"

#include <optional>
#include <string_view>
#include <utility>

#include "gdpr/i18n.hpp"
#include "gdpr/rules.hpp"

namespace gdpr::workflow {

namespace {

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

}  // namespace

RowWriter::RowWriter(const Context& ctx, Readmit readmit, RowPlace place, ImportResult& result)
    : ctx_(ctx),
      readmit_(readmit),
      place_(place),
      result_(result),
      // Readmitting by e-mail clears fingerprints as the import goes, so the question is asked once.
      check_(ctx.store.has_fingerprints() ? CheckFingerprints::yes : CheckFingerprints::no) {}

void RowWriter::write(RowBatch&& batch) {
  batch_ = std::move(batch.contacts);
  lines_ = std::move(batch.lines);
  terms_ = std::move(batch.terms);
  if (batch_.empty()) return;
  // An id twice within the batch is found here (the second row would touch no contact: its
  // insert is left out); across batches by the contacts they touched, below.
  std::unordered_set<std::string_view> in_batch;
  in_batch.reserve(batch_.size());
  for (std::size_t i = 0; i < batch_.size(); ++i) {
    if (!in_batch.insert(batch_[i].id).second) throw DuplicateRow{batch_[i].id, lines_[i]};
  }
  std::vector<std::int64_t> positions(batch_.size(), 0);
  if (check_ == CheckFingerprints::no) positions = ctx_.store.insert_contacts_if_absent(batch_, terms_);
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
  terms_.clear();
}

void RowWriter::upsert_rest(const std::vector<std::size_t>& rest, std::vector<std::int64_t>& positions) {
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
  // The batch's ids are distinct (flush) and these were absent: every one is inserted.
  const std::vector<std::int64_t> inserted = ctx_.store.insert_contacts_if_absent(fresh);
  for (std::size_t f = 0; f < fresh_rows.size(); ++f) positions[fresh_rows[f]] = inserted[f];
  for (std::size_t k = 0; k < rest.size(); ++k) count(ctx_, batch_[rest[k]].id, lines_[rest[k]], place_, done[k], result_);
}

}  // namespace gdpr::workflow
