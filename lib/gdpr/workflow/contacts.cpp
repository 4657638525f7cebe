#include "gdpr/workflow/contacts.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/rules.hpp"
#include "gdpr/search.hpp"
#include "gdpr/text.hpp"

namespace gdpr::workflow {

namespace {

// Sets `incoming` on top of `existing` (same name: new value; new name: appended).
std::vector<std::string> merge_properties(Properties& existing, const Properties& incoming) {
  std::vector<std::string> changed;
  for (const auto& [name, value] : incoming) {
    auto it = std::ranges::find_if(existing, [&n = name](const auto& p) { return p.first == n; });
    if (it == existing.end()) {
      existing.emplace_back(name, value);
      changed.push_back(name);
    } else if (it->second != value) {
      it->second = value;
      changed.push_back(name);
    }
  }
  return changed;
}

// An erased contact added again under its id: refused, or (readmit) a fresh active contact.
bool readmit_by_id(Contact& existing, Readmit readmit, Upsert& u) {
  if (auto refused = rules::readmission_refused_by_id(existing, readmit)) {
    u.refused = std::move(*refused);
    return false;
  }
  u.readmit_details = {{"via", "id"}, {"erased_by_request", existing.erased_by_request.value_or(0)}};
  existing.status = ContactStatus::active;
  existing.erased_by_request.reset();
  existing.email_fingerprint.clear();
  existing.block_newsletter = false;
  existing.block_all_mail = false;
  existing.properties.clear();
  return true;
}

// A contact whose e-mail the tombstone of erased contact `tomb` keeps out: refused, or (readmit)
// the tombstone lets it go.
bool readmit_by_email(const Context& ctx, const std::string& id, const std::string& tomb, Readmit readmit,
                      Upsert& u) {
  if (tomb == id) return true;
  if (auto refused = rules::readmission_refused_by_email(id, tomb, readmit)) {
    u.refused = std::move(*refused);
    return false;
  }
  Contact t = ctx.load_contact(tomb);
  t.email_fingerprint.clear();  // readmitted: the tombstone no longer keeps this e-mail out
  ctx.store.update_contact(t);
  u.readmit_details = {{"via", "email"}, {"tombstone", tomb}};
  return true;
}

}  // namespace

std::vector<std::string> names_of(const Properties& properties) {
  std::vector<std::string> out;
  out.reserve(properties.size());
  for (const auto& p : properties) out.push_back(p.first);
  return out;
}

// For `added`, `changed` stays empty: every property of `contact` is new (unless readmitted).
Upsert upsert_contact(const Context& ctx, const std::string& id, Properties properties, Readmit readmit,
                      Known known, Insert insert) {
  Upsert u;
  Store& store = ctx.store;
  std::optional<Contact>& existing = known.existing;
  if (existing && existing->status == ContactStatus::erased && !readmit_by_id(*existing, readmit, u)) return u;
  if (known.tombstone && !readmit_by_email(ctx, id, *known.tombstone, readmit, u)) return u;
  const bool readmitted = !u.readmit_details.is_null();
  if (!existing) {
    u.contact.id = id;
    u.contact.properties = std::move(properties);
    if (insert == Insert::now) {
      store.insert_contact(u.contact);
    } else {
      u.to_insert = true;
    }
    u.outcome = AddOutcome::added;
    if (readmitted) u.changed = names_of(u.contact.properties);
  } else {
    u.contact = *existing;
    u.changed = merge_properties(u.contact.properties, properties);
    if (!u.changed.empty() || readmitted) store.update_contact(u.contact);
    u.outcome = u.changed.empty() ? AddOutcome::unchanged : AddOutcome::updated;
  }
  if (readmitted) u.outcome = AddOutcome::readmitted;
  return u;
}

AddResult Contacts::add(const std::string& id, const Properties& properties, Readmit readmit) const {
  rules::check_contact_id(id);
  Properties checked;
  for (const auto& [name, value] : properties) {
    std::string n = rules::check_property_name(name);
    rules::check_property_value(n, value);
    checked.emplace_back(std::move(n), value);
  }
  auto tx = ctx_.store.begin_write();
  Known known;
  known.existing = ctx_.store.find_contact(id);
  known.tombstone = ctx_.store.tombstones_of({rules::normalized_email(checked, ctx_.config)}).front();
  Upsert u = upsert_contact(ctx_, id, std::move(checked), readmit, std::move(known));
  if (!u.refused.empty()) throw Error(ErrorKind::conflict, u.refused);
  switch (u.outcome) {
    case AddOutcome::added:
      ctx_.record("contact.added", std::nullopt, id, {{"properties", names_of(u.contact.properties)}});
      break;
    case AddOutcome::updated:
      ctx_.record("contact.updated", std::nullopt, id, {{"properties", u.changed}});
      break;
    case AddOutcome::readmitted:
      u.readmit_details["properties"] = u.changed;
      ctx_.record("contact.readmitted", std::nullopt, id, u.readmit_details);
      break;
    case AddOutcome::unchanged:
      break;
  }
  tx->commit();
  return AddResult{u.outcome, u.contact};
}

Contact Contacts::show(const std::string& id) const {
  rules::check_contact_id(id);
  return ctx_.load_contact(id);
}

std::vector<std::string> Contacts::complete_ids(const std::string& prefix, std::int64_t limit) const {
  return ctx_.store.contact_ids_with_prefix(prefix, limit);
}

std::vector<std::string> Contacts::property_names(const ContactFilter& filter) const {
  // One pass over the properties column of the selected contacts; json_each + GROUP BY in SQL
  // sorted all ten million name/value pairs of a million contacts and was five times slower.
  auto tx = ctx_.store.begin_read();
  return ctx_.store.property_names(filter);
}

void Contacts::list(const ContactFilter& filter, const std::function<void(const Contact&)>& visit) const {
  auto tx = ctx_.store.begin_read();
  ctx_.store.for_each_contact(filter, visit);
}

FoundContacts Contacts::find(std::string_view text, std::int64_t limit) const {
  if (limit < 1) throw Error(ErrorKind::usage, tr("--limit must be at least 1"));
  const search::Query query = search::parse(text);
  // The contacts the index offers are each checked against the text; a word that begins words
  // of more contacts than this is answered from the first of them only. A word that begins
  // words of fewer than `rare` contacts is taken without asking about the others.
  constexpr std::int64_t k_max_candidates = 10000;
  constexpr std::size_t k_rare = 100;
  FoundContacts out;
  auto tx = ctx_.store.begin_read();
  // The whole text as an id, in any ASCII case ("k-1004" is K-1004): also an id without a word
  // that is a term ("K-1").
  std::string exact;
  bool known_id = false;  // an erased contact's id is known, and finds nothing
  for (const std::string& id : {query.text, text::ascii_upper(query.text), text::ascii_lower(query.text)}) {
    if (auto c = ctx_.store.find_contact(id)) {
      known_id = true;
      if (c->status == ContactStatus::erased) break;
      exact = c->id;
      out.contacts.push_back(std::move(*c));
      break;
    }
  }
  if (query.prefixes.empty()) {
    out.too_short = !known_id;
    return out;
  }
  // The candidates of the rarest word: the longest words come first, and usually the first is
  // rare (an e-mail's name part, a surname); "gmx" or "wien" begin words of half the database.
  std::vector<std::int64_t> candidates;
  bool first = true;
  for (const auto& forms : query.prefixes) {
    std::vector<std::int64_t> positions = ctx_.store.term_matches(forms, k_max_candidates);
    if (first || positions.size() < candidates.size()) candidates = std::move(positions);
    first = false;
    if (candidates.size() < k_rare) break;
  }
  // In the order the contacts were added, the order of `contact list`.
  for (const std::int64_t position : candidates) {
    std::optional<Contact> c = ctx_.store.find_contact_at(position);
    if (!c || c->id == exact || !search::matches(*c, query)) continue;
    if (std::cmp_greater_equal(out.contacts.size(), limit)) {
      out.more = true;
      break;
    }
    out.contacts.push_back(std::move(*c));
  }
  out.too_broad = !out.more && std::cmp_greater_equal(candidates.size(), k_max_candidates);
  return out;
}

bool Contacts::set_block(const std::string& id, BlockKind kind, BlockChange change) const {
  rules::check_contact_id(id);
  auto tx = ctx_.store.begin_write();
  Contact c = ctx_.load_contact(id);
  const auto open = c.status == ContactStatus::on_hold ? ctx_.store.open_request_for(id) : std::nullopt;
  if (!rules::check_block_change(c, kind, change, open)) return false;
  const bool blocked = change == BlockChange::set;
  (kind == BlockKind::newsletter ? c.block_newsletter : c.block_all_mail) = blocked;
  ctx_.store.update_contact(c);
  ctx_.record(blocked ? "contact.blocked" : "contact.unblocked", std::nullopt, id, {{"block", to_string(kind)}});
  tx->commit();
  return true;
}

}  // namespace gdpr::workflow
