#include "gdpr/service.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <streambuf>
#include <set>
#include <tuple>

#include <unistd.h>

#include <fmt/format.h>

#include "gdpr/crypto.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/identity.hpp"
#include "gdpr/rules.hpp"
#include "gdpr/text.hpp"

namespace gdpr {

namespace {

std::vector<std::string> property_names(const Properties& properties) {
  std::vector<std::string> out;
  out.reserve(properties.size());
  for (const auto& p : properties) out.push_back(p.first);
  return out;
}

// What upsert() did to one contact.
struct Upsert {  // NOLINT(bugprone-exception-escape): implicit members; clang-tidy 14 misreads nlohmann::json's
  AddOutcome outcome = AddOutcome::added;
  Contact contact;
  std::vector<std::string> changed;   // property names added or changed
  std::string refused;                // non-empty: an erased contact and no --readmit
  nlohmann::json readmit_details;     // set when a tombstone was overridden
};

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

}  // namespace

Service::Service(Store& store, const Config& config, const Clock& clock, const std::string& actor, HookRunner& hooks)
    : store_(store), config_(config), clock_(clock), actor_(normalize_actor(actor)),
      ctx_{store_, config_, clock_, actor_, hooks} {}

std::vector<std::string> Service::standing_warnings() const {
  std::vector<std::string> out;
  if (config_.allow_override) {
    out.emplace_back(tr("identity.allow_override is true in this database's policy: --as and $GDPR_ACTOR may name any "
                     "actor, so the four-eyes rule does not hold; it is a demo or test database"));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Contacts

namespace {

// Sets `incoming` on top of `existing` (same name: new value; new name: appended).
std::vector<std::string> merge_properties(Properties& existing, const Properties& incoming) {
  std::vector<std::string> changed;
  for (const auto& [name, value] : incoming) {
    auto it = std::find_if(existing.begin(), existing.end(), [&n = name](const auto& p) { return p.first == n; });
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

}  // namespace

// `properties` is taken by value: an import moves each row in, and a new contact keeps it
// without a copy. For `added`, `changed` stays empty: every property of `contact` is new.
static Upsert upsert_contact(Store& store, const std::string& id, Properties properties, Readmit readmit,
                             const std::function<std::string(const Properties&)>& fingerprint,
                             bool check_fingerprints = true) {
  Upsert u;
  if (!check_fingerprints) {
    // No tombstone keeps an e-mail out, so a new id needs nothing but its insert.
    u.contact.id = id;
    u.contact.properties = std::move(properties);
    if (store.insert_contact_if_absent(u.contact)) {
      u.outcome = AddOutcome::added;
      return u;
    }
    properties = std::move(u.contact.properties);
    u.contact = Contact{};
  }
  auto existing = store.find_contact(id);
  if (existing && existing->status == ContactStatus::erased) {
    if (readmit == Readmit::no) {
      u.refused = trf("contact '{}' was erased (request {}); add --readmit if the person really is back", id,
                              existing->erased_by_request.value_or(0));
      return u;
    }
    u.readmit_details = {{"via", "id"}, {"erased_by_request", existing->erased_by_request.value_or(0)}};
    existing->status = ContactStatus::active;
    existing->erased_by_request.reset();
    existing->email_fingerprint.clear();
    existing->block_newsletter = false;
    existing->block_all_mail = false;
    existing->properties.clear();
  }
  const std::string fp = check_fingerprints ? fingerprint(properties) : std::string();
  if (!fp.empty()) {
    auto tomb = store.find_erased_by_fingerprint(fp);
    if (tomb && *tomb != id) {
      if (readmit == Readmit::no) {
        u.refused = trf("the e-mail of contact '{}' belongs to erased contact '{}'; add --readmit if the person "
                                "really is back",
                                id, *tomb);
        return u;
      }
      Contact t = *store.find_contact(*tomb);
      t.email_fingerprint.clear();  // readmitted: the tombstone no longer keeps this e-mail out
      store.update_contact(t);
      u.readmit_details = {{"via", "email"}, {"tombstone", *tomb}};
    }
  }
  if (!existing) {
    u.contact.id = id;
    u.contact.properties = std::move(properties);
    store.insert_contact(u.contact);
    u.outcome = AddOutcome::added;
    if (!u.readmit_details.is_null()) u.changed = property_names(u.contact.properties);
  } else {
    u.contact = *existing;
    u.changed = merge_properties(u.contact.properties, properties);
    const bool was_readmitted = !u.readmit_details.is_null();
    if (!u.changed.empty() || was_readmitted) store.update_contact(u.contact);
    u.outcome = u.changed.empty() ? AddOutcome::unchanged : AddOutcome::updated;
  }
  if (!u.readmit_details.is_null()) u.outcome = AddOutcome::readmitted;
  return u;
}

AddResult Service::add_contact(const std::string& id, const Properties& properties, Readmit readmit) {
  rules::check_contact_id(id);
  Properties checked;
  for (const auto& [name, value] : properties) {
    std::string n = rules::check_property_name(name);
    rules::check_property_value(n, value);
    checked.emplace_back(std::move(n), value);
  }
  auto tx = store_.begin_write();
  Upsert u = upsert_contact(store_, id, std::move(checked), readmit, [this](const Properties& p) { return ctx_.fingerprint(p); });
  if (!u.refused.empty()) throw Error(ErrorKind::conflict, u.refused);
  switch (u.outcome) {
    case AddOutcome::added:
      ctx_.record("contact.added", std::nullopt, id, {{"properties", property_names(u.contact.properties)}});
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

ImportResult Service::import_contacts(std::istream& raw_in, const std::string& source, const ImportOptions& options) {
  HashingBuffer hashing(raw_in.rdbuf());
  std::istream in(&hashing);
  CsvReader reader(in, source, options.delimiter);
  auto fail = [&](std::size_t line, const std::string& what) {
    return Error(ErrorKind::usage, trf("{}:{}: {}; nothing was imported", source, line, what));
  };
  std::vector<std::string> names;
  std::optional<std::size_t> id_index;
  std::set<std::string> unique_names;
  for (std::size_t i = 0; i < reader.header().size(); ++i) {
    std::string name;
    try {
      name = rules::check_property_name(reader.header()[i]);
    } catch (const Error& e) {
      throw fail(1, trf("column {} of the header: {}", i + 1, e.what()));
    }
    if (!unique_names.insert(name).second) throw fail(1, trf("the header names column '{}' twice", name));
    if (!id_index && text::loose_key(name) == text::loose_key(options.id_column)) id_index = i;
    names.push_back(std::move(name));
  }
  if (!id_index) {
    std::string columns;
    for (const auto& n : names) columns += (columns.empty() ? "" : ", ") + n;
    throw fail(1, trf("no id column '{}' in the header (columns: {}); name it with --id-column",
                              options.id_column, columns));
  }

  ImportResult result;
  result.dry_run = options.dry_run == DryRun::yes;
  auto tx = store_.begin_write();
  // Duplicate ids are found at the end from 128-bit hashes of the ids (24 bytes a row) instead of
  // a set of the ids themselves, so that a million-row import stays small in memory.
  struct Seen {
    std::uint64_t h1;
    std::uint64_t h2;
    std::size_t line;
  };
  std::vector<Seen> seen;
  const auto fp = [this](const Properties& p) { return ctx_.fingerprint(p); };
  // Readmitting by e-mail clears fingerprints as the import goes, so the question is asked once.
  const bool check_fingerprints = store_.has_fingerprints();
  CsvRecord rec;
  Properties props;
  while (reader.next(rec)) {
    ++result.rows;
    if (options.progress && result.rows % 10000 == 0) options.progress(result.rows);
    const std::string& id = rec.fields[*id_index];
    try {
      rules::check_contact_id(id);
    } catch (const Error& e) {
      throw fail(rec.line, trf("column '{}': {}", names[*id_index], e.what()));
    }
    seen.push_back(Seen{std::hash<std::string>{}(id), fnv1a(id), rec.line});
    props.clear();
    for (std::size_t i = 0; i < rec.fields.size(); ++i) {
      if (i != *id_index) props.emplace_back(names[i], std::move(rec.fields[i]));
    }
    Upsert u = upsert_contact(store_, id, std::move(props), options.readmit, fp, check_fingerprints);
    if (!u.refused.empty()) {
      ++result.skipped;
      if (result.skipped_notes.size() < 100) result.skipped_notes.push_back(trf("line {}: {}", rec.line, u.refused));
      continue;
    }
    switch (u.outcome) {
      case AddOutcome::added: ++result.added; break;
      case AddOutcome::updated: ++result.updated; break;
      case AddOutcome::unchanged: ++result.unchanged; break;
      case AddOutcome::readmitted:
        ++result.readmitted;
        u.readmit_details["properties"] = u.changed;
        ctx_.record("contact.readmitted", std::nullopt, id, u.readmit_details);
        break;
    }
  }
  std::sort(seen.begin(), seen.end(), [](const Seen& a, const Seen& b) {
    return std::tie(a.h1, a.h2, a.line) < std::tie(b.h1, b.h2, b.line);
  });
  for (std::size_t i = 1; i < seen.size(); ++i) {
    if (seen[i].h1 == seen[i - 1].h1 && seen[i].h2 == seen[i - 1].h2) {
      throw fail(seen[i].line, trf("the contact id of this line appears again (first on line {})", seen[i - 1].line));
    }
  }
  while (in.rdbuf()->sbumpc() != std::char_traits<char>::eof()) {
  }  // the hash covers the whole file, also bytes after the last record
  result.sha256 = hashing.hex();
  if (result.dry_run) return result;  // the transaction rolls back
  ctx_.record("contact.imported", std::nullopt, std::nullopt,
              {{"sha256", result.sha256},
               {"rows", result.rows},
               {"added", result.added},
               {"updated", result.updated},
               {"unchanged", result.unchanged},
               {"skipped", result.skipped},
               {"readmitted", result.readmitted}});
  tx->commit();
  return result;
}

Contact Service::show_contact(const std::string& id) {
  rules::check_contact_id(id);
  return ctx_.load_contact(id);
}

std::vector<std::string> Service::complete_contact_ids(const std::string& prefix, std::int64_t limit) {
  return store_.contact_ids_with_prefix(prefix, limit);
}

std::vector<std::string> Service::list_property_names(const ContactFilter& filter) {
  // One pass over the properties column of the selected contacts; json_each + GROUP BY in SQL
  // sorted all ten million name/value pairs of a million contacts and was five times slower.
  auto tx = store_.begin_read();
  return store_.property_names(filter);
}

void Service::list_contacts(const ContactFilter& filter, const std::function<void(const Contact&)>& visit) {
  auto tx = store_.begin_read();
  store_.for_each_contact(filter, visit);
}

bool Service::set_block(const std::string& id, BlockKind kind, BlockChange change) {
  const bool blocked = change == BlockChange::set;
  rules::check_contact_id(id);
  auto tx = store_.begin_write();
  Contact c = ctx_.load_contact(id);
  if (c.status == ContactStatus::erased) {
    throw Error(ErrorKind::conflict, trf("contact '{}' is erased; there is nothing left to block", id));
  }
  bool& flag = kind == BlockKind::newsletter ? c.block_newsletter : c.block_all_mail;
  if (flag == blocked) return false;
  if (!blocked && kind == BlockKind::all_mail && c.status == ContactStatus::on_hold) {
    throw Error(ErrorKind::conflict,
                trf("contact '{}' is on hold by request {}; the all-mail block stays until it is decided", id,
                            store_.open_request_for(id).value_or(0)));
  }
  flag = blocked;
  store_.update_contact(c);
  ctx_.record(blocked ? "contact.blocked" : "contact.unblocked", std::nullopt, id, {{"block", to_string(kind)}});
  tx->commit();
  return true;
}

// ---------------------------------------------------------------------------------------------
// Requests

DecisionResult Service::file_request(const NewRequest& in) {
  rules::check_can_file(actor_, config_);
  rules::check_contact_id(in.contact_id);
  const std::string reason = rules::check_reason(in.reason, config_, tr("reason"));
  if (in.clarified == Clarified::no) {
    throw Error(ErrorKind::usage,
                trf("first clarify with the customer that blocking mail is not enough (`gdpr block {} all-mail` "
                            "stops all mailings without erasing); then file again with --clarified",
                            in.contact_id));
  }
  const Date today = clock_.today();
  const Date received = in.received ? parse_date(*in.received, "--received") : today;
  if (received > today) {
    throw Error(ErrorKind::usage, trf("--received {} is in the future (today is {})", format_date(received),
                                              format_date(today)));
  }
  const std::string channel = rules::check_channel(in.channel);

  auto tx = store_.begin_write();
  Contact contact = ctx_.load_contact(in.contact_id);
  if (contact.status == ContactStatus::erased) {
    throw Error(ErrorKind::conflict, trf("contact '{}' is already erased (request {})", contact.id,
                                                 contact.erased_by_request.value_or(0)));
  }
  if (auto open = store_.open_request_for(contact.id)) {
    throw Error(ErrorKind::conflict, trf("contact '{}' already has the open request {}; see `gdpr review {}`",
                                                 contact.id, *open, *open));
  }
  Request r;
  r.contact_id = contact.id;
  r.state = RequestState::pending;
  r.reason = reason;
  r.requested_by = actor_;
  r.requested_at = ctx_.now();
  r.received_on = received;
  r.due_on = rules::due_date(received, config_.deadline_months);
  r.channel = channel;
  r.assignee = config_.assignee;
  r.steps = steps_.plan(StepAction::hold);
  const bool block_added = !contact.block_all_mail;
  contact.status = ContactStatus::on_hold;
  contact.block_all_mail = true;
  store_.update_contact(contact);
  r.id = store_.insert_request(r);
  ctx_.record("request.created", r.id, contact.id,
              {{"received_on", format_date(r.received_on)},
               {"due_on", format_date(r.due_on)},
               {"channel", r.channel},
               {"assignee", r.assignee},
               {"all_mail_block_added", block_added},
               {"reason_length", text::code_points(reason)}});
  tx->commit();
  warn_if_named(contact.id, reason, tr("the reason"));

  DecisionResult result;
  steps_.run(r, StepAction::hold, result);
  result.request = ctx_.load_request(r.id);
  return result;
}

Request Service::show_request(std::int64_t id) { return ctx_.load_request(id); }

std::vector<Request> Service::queue(const QueueFilter& f) {
  RequestFilter filter;
  filter.open_only = !f.all && !f.state;
  filter.state = f.state;
  if (f.mine) filter.assignee = actor_;
  if (f.overdue) {
    filter.open_only = true;
    filter.due_before = clock_.today();
  }
  auto tx = store_.begin_read();
  return store_.list_requests(filter);
}

std::vector<Reminder> Service::reminders() {
  auto tx = store_.begin_read();
  const Date today = clock_.today();
  std::vector<Reminder> out;
  auto check = [&](const Request& r) {
    Reminder rem;
    rem.days_left = days_between(today, r.due_on);
    if (is_open(r.state)) {
      if (rem.days_left < 0) {
        rem.reasons.push_back(trn("overdue by {} day", "overdue by {} days", -rem.days_left, -rem.days_left));
      } else if (rem.days_left <= config_.warn_days) {
        rem.reasons.push_back(rem.days_left == 0 ? std::string(tr("due today"))
                                                 : trn("due in {} day", "due in {} days", rem.days_left, rem.days_left));
      }
    }
    const StepAction relevant = workflow::relevant_action(r.state);
    for (const auto& s : r.steps) {
      if (s.action != relevant) continue;
      if (s.state == StepState::failed) rem.reasons.push_back(trf("step failed: {}", workflow::step_label(s)));
      if (workflow::interrupted(s, store_)) rem.reasons.push_back(trf("step interrupted: {}", workflow::step_label(s)));
    }
    if (r.state == RequestState::approved) rem.reasons.emplace_back(tr("approved but erasure not finished: run `gdpr retry`"));
    if (!rem.reasons.empty()) {
      rem.request = r;
      out.push_back(std::move(rem));
    }
  };
  std::set<std::int64_t> seen;
  for (const auto& r : store_.list_requests(RequestFilter{})) {
    seen.insert(r.id);
    check(r);
  }
  for (const auto id : store_.requests_with_unfinished_steps()) {
    if (!seen.contains(id)) check(ctx_.load_request(id));
  }
  return out;
}

std::vector<std::string> Service::eligible_approvers(const Request& r) const {
  std::vector<std::string> out;
  if (r.state != RequestState::pending) return out;
  for (const auto& reviewer : config_.reviewers) {
    if (reviewer == normalize_actor(r.requested_by)) continue;
    const bool approved = std::any_of(r.approvals.begin(), r.approvals.end(),
                                      [&](const Approval& a) { return normalize_actor(a.by) == reviewer; });
    if (!approved) out.push_back(reviewer);
  }
  return out;
}

Request Service::comment(std::int64_t id, const std::string& raw) {
  const std::string text = rules::check_comment(raw, config_);
  auto tx = store_.begin_write();
  Request r = ctx_.load_request(id);
  store_.add_comment(id, Comment{actor_, ctx_.now(), text});
  ctx_.record("request.commented", id, r.contact_id, {{"length", text::code_points(text)}});
  tx->commit();
  warn_if_named(r.contact_id, text, tr("the comment"));
  return ctx_.load_request(id);
}

Request Service::assign(std::int64_t id, const std::optional<std::string>& assignee) {
  rules::check_is_reviewer(actor_, config_, trf("assigning request {}", id));
  const std::string to = assignee ? normalize_actor(*assignee) : actor_;
  if (!is_one_of(to, config_.reviewers)) {
    throw Error(ErrorKind::usage,
                trf("--assign '{}': not a reviewer (roles.reviewers in {})", to, config_.source));
  }
  auto tx = store_.begin_write();
  Request r = ctx_.load_request(id);
  if (!is_open(r.state)) {
    throw Error(ErrorKind::conflict, trf("request {} is {}; only open requests can be assigned", id, to_string(r.state)));
  }
  const std::string from = r.assignee;
  r.assignee = to;
  store_.update_request(r);
  ctx_.record("request.assigned", id, r.contact_id, {{"from", from}, {"to", to}});
  tx->commit();
  return ctx_.load_request(id);
}

Request Service::extend(std::int64_t id, const std::string& raw_reason) {
  rules::check_is_reviewer(actor_, config_, trf("extending request {}", id));
  const std::string reason = rules::check_reason(raw_reason, config_, tr("reason"));
  auto tx = store_.begin_write();
  Request r = ctx_.load_request(id);
  if (!is_open(r.state)) {
    throw Error(ErrorKind::conflict, trf("request {} is {}; only open requests can be extended", id, to_string(r.state)));
  }
  if (r.extended) {
    throw Error(ErrorKind::conflict, trf("the deadline of request {} was already extended to {}; Art. 12(3) "
                                                 "allows one extension",
                                                 id, format_date(r.due_on)));
  }
  const Date from = r.due_on;
  r.due_on = add_months(r.received_on, config_.deadline_months + 2);
  r.extended = true;
  store_.update_request(r);
  store_.add_comment(id, Comment{actor_, ctx_.now(), trf("Deadline extended to {}: {}", format_date(r.due_on), reason)});
  ctx_.record("request.extended", id, r.contact_id,
              {{"from", format_date(from)}, {"to", format_date(r.due_on)}, {"reason_length", text::code_points(reason)}});
  tx->commit();
  warn_if_named(r.contact_id, reason, tr("the reason"));
  return ctx_.load_request(id);
}

// ---------------------------------------------------------------------------------------------
// Decisions and steps

DecisionResult Service::approve(std::int64_t id, const std::string& raw_comment, const Confirm& confirm) {
  const std::string comment = raw_comment.empty() ? std::string() : rules::check_comment(raw_comment, config_);
  {
    // Checks and confirmation first, without holding the write lock while a person reads.
    auto tx = store_.begin_read();
    Request r = ctx_.load_request(id);
    if (r.state == RequestState::approved) {
      tx.reset();
      return steps_.resume(r);  // checks who may finish it
    }
    rules::check_can_approve(r, actor_, config_);
    Request with = r;
    with.approvals.push_back(Approval{actor_, ctx_.now(), comment});
    if (rules::approvals_complete(with, config_)) {
      ErasurePreview preview{ctx_.load_contact(r.contact_id), r, {}};
      preview.systems = steps_.systems(StepAction::erase);
      tx.reset();
      if (!confirm) {
        throw Error(ErrorKind::usage, trf("approving request {} erases contact '{}' irreversibly; there is no "
                                                  "terminal to ask, so pass --yes to confirm",
                                                  id, r.contact_id));
      }
      if (!confirm(preview)) {
        throw Error(ErrorKind::usage, trf("not confirmed: request {} stays pending, nothing was changed", id));
      }
    }
  }

  auto tx = store_.begin_write();
  Request r = ctx_.load_request(id);
  rules::check_can_approve(r, actor_, config_);  // again: someone may have decided meanwhile
  const Approval approval{actor_, ctx_.now(), comment};
  store_.add_approval(id, approval);
  r.approvals.push_back(approval);
  const bool complete = rules::approvals_complete(r, config_);
  ctx_.record("request.approved", id, r.contact_id,
              {{"approvals", r.approvals.size()}, {"required", config_.approvals_required}, {"complete", complete}});
  DecisionResult result;
  std::vector<Step> steps;
  if (complete) {
    rules::check_transition(r, RequestState::approved);
    r.state = RequestState::approved;
    r.decided_by = actor_;
    r.decided_at = approval.at;
    store_.update_request(r);
    steps = steps_.plan(StepAction::erase);
    for (const auto& s : steps) store_.put_step(id, s);
    if (steps.empty()) {
      // Nothing outside to wait for: approval and erasure are one atomic change.
      Contact contact = ctx_.load_contact(r.contact_id);
      steps_.erase_locally(r, contact);
    }
  }
  tx->commit();
  if (complete) {
    if (steps.empty()) {
      result.erased = true;
      result.scrub_incomplete = !store_.scrub();
      if (result.scrub_incomplete) result.scrub_note = store_.scrub_note();
    } else {
      steps_.run(r, StepAction::erase, result);
      steps_.finish(id, result);
    }
  }
  result.request = ctx_.load_request(id);
  const auto approvers = static_cast<int>(result.request.approvals.size());
  result.approvals_missing = complete ? 0 : std::max(0, config_.approvals_required - approvers);
  return result;
}

void Service::warn_if_named(const std::string& contact_id, std::string_view text, std::string_view what) {
  if (!warn_) return;
  const auto contact = store_.find_contact(contact_id);
  if (!contact) return;
  for (const auto& [name, value] : contact->properties) {
    const std::string_view v = text::trim(value);
    if (text::code_points(v) >= 3 && text::contains_ignoring_case(text, v)) {
      warn_(trf("{} contains the value of property '{}' of contact '{}'; it will be blanked out as {} when the "
                "contact is erased",
                what, name, contact_id, k_erased_marker));
    }
  }
}

DecisionResult Service::reject(std::int64_t id, const std::string& raw_reason, LiftBlock lift_block) {
  auto tx = store_.begin_write();
  Request r = ctx_.load_request(id);
  const RequestState to = rules::rejection_state(r, actor_, config_);
  const std::string reason = rules::check_reason(raw_reason, config_, tr("reason"));
  r.state = to;
  r.decided_by = actor_;
  r.decided_at = ctx_.now();
  r.decision_reason = reason;
  store_.update_request(r);
  Contact contact = ctx_.load_contact(r.contact_id);
  if (contact.status == ContactStatus::on_hold) contact.status = ContactStatus::active;
  if (lift_block == LiftBlock::yes) contact.block_all_mail = false;
  store_.update_contact(contact);
  for (const auto& s : steps_.plan(StepAction::release)) store_.put_step(id, s);
  ctx_.record(to == RequestState::rejected ? "request.rejected" : "request.withdrawn", id, r.contact_id,
              {{"all_mail_block_lifted", lift_block == LiftBlock::yes}, {"reason_length", text::code_points(reason)}});
  tx->commit();
  warn_if_named(r.contact_id, reason, tr("the reason"));
  DecisionResult result;
  steps_.run(r, StepAction::release, result);
  result.request = ctx_.load_request(id);
  return result;
}

std::vector<DecisionResult> Service::retry(std::optional<std::int64_t> id) {
  std::vector<std::int64_t> ids;
  if (id) {
    ids.push_back(*id);  // loaded below: an unknown id is refused there, before anything runs
  } else {
    std::set<std::int64_t> all;
    for (const auto rid : store_.requests_with_unfinished_steps()) all.insert(rid);
    RequestFilter approved;
    approved.open_only = false;
    approved.state = RequestState::approved;
    for (const auto& r : store_.list_requests(approved)) all.insert(r.id);
    ids.assign(all.begin(), all.end());
  }
  std::vector<DecisionResult> out;
  out.reserve(ids.size());
  for (const auto rid : ids) {
    Request r = ctx_.load_request(rid);
    if (!id && r.state == RequestState::approved && !rules::may_finish_erasure(r, actor_, config_)) {
      // --all (cron) leaves an erasure this actor may not run to another reviewer, and says so.
      DecisionResult left;
      left.request = std::move(r);
      left.left_to_others = true;
      out.push_back(std::move(left));
      continue;
    }
    out.push_back(steps_.resume(r));
  }
  if (!store_.scrub() && !out.empty()) {
    out.back().scrub_incomplete = true;
    out.back().scrub_note = store_.scrub_note();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Evidence

void Service::print_sheet(const SheetTarget& target, ShowEmpty show_empty, std::string_view format,
                          const std::function<void(const SheetDocument&)>& deliver) {
  auto tx = store_.begin_write();
  std::optional<Request> request;
  Contact contact;
  if (target.request_id) {
    request = ctx_.load_request(*target.request_id);
    contact = ctx_.load_contact(request->contact_id);
  } else {
    rules::check_contact_id(*target.contact_id);
    contact = ctx_.load_contact(*target.contact_id);
    if (auto open = store_.open_request_for(contact.id)) request = ctx_.load_request(*open);
  }
  SheetDocument document;
  std::string kind;
  if (contact.status == ContactStatus::erased) {
    // Nothing personal is left: the evidence is the erasure record of the request that erased it.
    if (!request || request->state != RequestState::erased) {
      if (!contact.erased_by_request) {
        throw Error(ErrorKind::internal, trf("erased contact '{}' has no erasing request", contact.id));
      }
      request = ctx_.load_request(*contact.erased_by_request);
    }
    ErasureRecord record;
    record.organization = config_.organization;
    record.contact_id = contact.id;
    record.request = *request;
    record.deadline_met =
        !request->erased_at.empty() && request->erased_at.substr(0, 10) <= format_date(request->due_on);
    record.printed_by = actor_;
    record.printed_at = ctx_.now();
    document = record;
    kind = "erasure_record";
  } else {
    ContactSheet sheet;
    sheet.organization = config_.organization;
    sheet.contact = contact;
    if (show_empty == ShowEmpty::no && !config_.sheet_show_empty) {
      std::erase_if(sheet.contact.properties, [](const auto& p) { return text::trim(p.second).empty(); });
    }
    sheet.request = request;
    sheet.printed_by = actor_;
    sheet.printed_at = ctx_.now();
    document = sheet;
    kind = "sheet";
  }
  deliver(document);
  ctx_.record("sheet.printed", request ? std::optional(request->id) : std::nullopt, contact.id,
              {{"kind", kind}, {"format", format}});
  tx->commit();
}

// ---------------------------------------------------------------------------------------------
// Audit

void Service::audit(const AuditFilter& filter, const std::function<void(const AuditEvent&)>& visit) {
  auto tx = store_.begin_read();
  store_.for_each_audit(filter, visit);
}

audit::VerifyResult Service::verify_audit() {
  auto tx = store_.begin_read();
  audit::Verifier verifier;
  std::optional<AuditEvent> last_policy;
  store_.for_each_audit(AuditFilter{}, [&](const AuditEvent& e) {
    verifier.add(e);
    // Only events that stored a policy carry its hash (on PostgreSQL role.granted changes a
    // server group role instead).
    if ((e.action == "policy.set" || e.action == "policy.changed" || e.action == "role.granted" ||
         e.action == "role.revoked") &&
        audit::details_of(e).contains("policy_sha256")) {
      last_policy = e;
    }
  });
  audit::VerifyResult result = verifier.result();
  result.warnings = store_.audit_protection_warnings();
  for (auto& w : standing_warnings()) result.warnings.push_back(std::move(w));
  if (!result.ok) return result;
  // The stored policy must be the one the last policy event recorded: an edit of the meta table
  // outside gdpr shows here.
  const std::optional<std::string> stored = store_.policy_text();
  std::string recorded;
  if (last_policy) {
    const nlohmann::json details = audit::details_of(*last_policy);
    if (details.contains("policy_sha256")) recorded = details.at("policy_sha256").get<std::string>();
  }
  if (stored && !recorded.empty() && policy::hash(*stored) != recorded) {
    result.ok = false;
    result.first_bad_seq = last_policy->seq;
    result.problem = trf("the policy stored in {} is not the one event {} ({}) recorded: it was changed outside "
                         "gdpr",
                         store_.location(), last_policy->seq, last_policy->action);
  } else if (stored && recorded.empty()) {
    result.ok = false;
    result.first_bad_seq = last_policy ? last_policy->seq : 0;
    result.problem = trf("the policy stored in {} was recorded by no policy event", store_.location());
  }
  return result;
}

void Service::store_policy(const Config& policy_config, const std::string& action, nlohmann::json details) {
  const std::string text = policy::to_text(policy_config);
  store_.put_policy(text);
  details["policy_sha256"] = policy::hash(text);
  ctx_.record(action, std::nullopt, std::nullopt, std::move(details));
}

bool Service::adopt_policy() {
  auto tx = store_.begin_write();
  if (store_.policy_text()) return false;
  Config initial = config_;
  if (initial.admins.empty()) initial.admins.push_back(actor_);
  store_policy(initial, "policy.set", {{"admins", initial.admins.size()}, {"systems", initial.systems.size()}});
  tx->commit();
  return true;
}

PolicyChange Service::apply_policy(const Config& file, const ConfirmPolicy& confirm) {
  rules::check_is_admin(actor_, config_, tr("changing the policy"));
  Config next = file;
  if (next.admins.empty()) next.admins = config_.admins;
  if (file.keys_set.contains("identity.allow_override") && file.allow_override != config_.allow_override) {
    throw Error(ErrorKind::config,
                trf("{} sets identity.allow_override = {}, but it can only be chosen when the database is created "
                    "(it is {} in {}); remove the key from the file",
                    file.source, file.allow_override, config_.allow_override, store_.location()));
  }
  next.allow_override = config_.allow_override;
  PolicyChange change;
  change.differences = policy::differences(config_, next);
  if (change.differences.empty()) return change;
  if (confirm && !confirm(change.differences)) {
    throw Error(ErrorKind::usage, tr("not confirmed: the policy stays as it is, nothing was changed"));
  }
  auto tx = store_.begin_write();
  std::vector<std::string> changed;
  for (const auto& d : change.differences) changed.push_back(d.key);
  store_policy(next, "policy.changed", {{"keys", changed}});
  tx->commit();
  change.applied = true;
  return change;
}

std::vector<std::string> Service::change_role(RoleKind kind, Membership membership, const std::vector<std::string>& names) {
  rules::check_is_admin(actor_, config_, tr("changing roles"));
  Config next = config_;
  std::vector<std::string>& list = kind == RoleKind::reviewer ? next.reviewers
                                   : kind == RoleKind::requester ? next.requesters
                                                                 : next.admins;
  const char* role = kind == RoleKind::reviewer ? "reviewer" : kind == RoleKind::requester ? "requester" : "admin";
  std::vector<std::string> changed;
  auto tx = store_.begin_write();
  for (const auto& raw : names) {
    if (!is_valid_actor_name(raw)) {
      throw Error(ErrorKind::usage, trf("'{}' is not a name: a name is non-empty and has no control characters", raw));
    }
    const std::string name = normalize_actor(raw);
    const bool member = is_one_of(name, list);
    if (membership == Membership::grant && !member) {
      list.push_back(name);
    } else if (membership == Membership::revoke && member) {
      std::erase(list, name);
      if (kind == RoleKind::admin && list.empty()) {
        throw Error(ErrorKind::conflict, trf("'{}' is the last admin; grant the role to someone else first", name));
      }
    } else {
      continue;
    }
    changed.push_back(name);
    const Config& ref = next;
    store_policy(ref, membership == Membership::grant ? "role.granted" : "role.revoked", {{"role", role}, {"name", name}});
  }
  tx->commit();
  return changed;
}

void Service::set_server_role(PgStore& pg, const std::string& role, ServerGroup group, Membership membership) {
  if (static_cast<Store*>(&pg) != &store_) throw Error(ErrorKind::internal, "set_server_role: not this service's store");
  auto tx = store_.begin_write();
  pg.set_role(role, group, membership);
  ctx_.record(membership == Membership::grant ? "role.granted" : "role.revoked", std::nullopt, std::nullopt,
              {{"role", role}, {"group", group_role(group)}});
  tx->commit();
}

}  // namespace gdpr
