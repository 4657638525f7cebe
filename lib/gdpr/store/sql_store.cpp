#include "gdpr/store/sql_store.hpp"

#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/search.hpp"
#include "gdpr/stored_form.hpp"

namespace gdpr::store {

namespace {

// The rows of k_contact_columns, k_request_columns and k_audit_columns, in that order.
// Into `c`, whose strings are reused: a listing reads every contact into one Contact.
void read_contact_into(const Row& row, Contact& c) {
  c.id.assign(row.view(0));
  c.status = parse_contact_status(row.view(1), "stored contact status");
  c.block_newsletter = row.boolean(2);
  c.block_all_mail = row.boolean(3);
  stored::properties_from_text_into(row.view(4), c.properties);
  c.erased_by_request = row.null(5) ? std::nullopt : std::optional(row.integer(5));
  if (row.null(6)) {
    c.email_fingerprint.clear();
  } else {
    c.email_fingerprint.assign(row.view(6));
  }
}

Contact read_contact(const Row& row) {
  Contact c;
  read_contact_into(row, c);
  return c;
}

Request read_request(const Row& row) {
  Request r;
  r.id = row.integer(0);
  r.contact_id = row.text(1);
  r.state = parse_request_state(row.text(2), "stored request state");
  r.reason = row.text(3);
  r.requested_by = row.text(4);
  r.requested_at = row.text(5);
  r.received_on = parse_date(row.text(6), "stored received date");
  r.due_on = parse_date(row.text(7), "stored due date");
  r.channel = row.text(8);
  r.assignee = row.text(9);
  r.extended = row.boolean(10);
  r.decided_by = row.text(11);
  r.decided_at = row.text(12);
  r.decision_reason = row.text(13);
  r.erased_at = row.text(14);
  r.extension_reason = row.text(15);
  if (const std::string until = row.text(16); !until.empty()) r.retain_until = parse_date(until, "stored retain_until");
  return r;
}

// Into `e`, whose strings are reused (a verification reads a million events into one); its
// `details` stay the empty object, the text being parsed only where needed (audit::details_of).
void read_event_into(const Row& row, AuditEvent& e) {
  e.seq = row.integer(0);
  e.at.assign(row.view(1));
  e.actor.assign(row.view(2));
  e.action.assign(row.view(3));
  e.request_id = row.null(4) ? std::nullopt : std::optional(row.integer(4));
  if (row.null(5)) {
    e.contact_id.reset();
  } else if (e.contact_id) {
    e.contact_id->assign(row.view(5));
  } else {
    e.contact_id.emplace(row.view(5));
  }
  e.details_text.assign(row.view(6));
  e.prev_hash.assign(row.view(7));
  e.hash.assign(row.view(8));
}

AuditEvent read_event(const Row& row) {
  AuditEvent e;
  read_event_into(row, e);
  return e;
}

// A step from columns system, action, state, attempts, updated_at, runner_pid, from column `first`.
Step read_step(const Row& row, int first) {
  Step step;
  step.system = row.text(first);
  step.action = parse_step_action(row.text(first + 1), "stored step action");
  step.state = parse_step_state(row.text(first + 2), "stored step state");
  step.attempts = static_cast<int>(row.integer(first + 3));
  step.updated_at = row.text(first + 4);
  step.runner_pid = row.integer(first + 5);
  return step;
}

std::optional<std::string> fingerprint_of(const Contact& c) {
  return c.email_fingerprint.empty() ? std::nullopt : std::optional(c.email_fingerprint);
}

// What filing a request stores (contact_id, state, reason, requested_by, requested_at,
// received_on, due_on, channel, assignee: the columns after the id), from parameter `first` on.
void bind_filing(Statement& s, int first, const Request& r) {
  s.bind_text(first, r.contact_id);
  s.bind_text(first + 1, to_string(r.state));
  s.bind_text(first + 2, r.reason);
  s.bind_text(first + 3, r.requested_by);
  s.bind_text(first + 4, r.requested_at);
  s.bind_text(first + 5, format_date(r.received_on));
  s.bind_text(first + 6, format_date(r.due_on));
  s.bind_text(first + 7, r.channel);
  s.bind_text(first + 8, r.assignee);
}

// A statement text that depends on the dialect, built once per dialect (`gdpr migrate` has a
// store of each kind open at once). `make` is a lambda: each call site has statics of its own.
template <typename Make>
const std::string& per_dialect(const Dialect& d, Make make) {
  static const std::string sqlite = make(k_sqlite);
  static const std::string postgresql = make(k_postgresql);
  return d.qualified ? postgresql : sqlite;
}

// The parameters of a Query bound to `s`.
void bind_all(Statement& s, const Query& q) {
  for (std::size_t i = 0; i < q.params.size(); ++i) s.bind_text(static_cast<int>(i + 1), q.params[i]);
}

// The ids and the stored properties of a batch of new contacts as two array literals, in their
// order, the first row of each id only; `index` gets each id's row.
std::pair<std::string, std::string> batch_arrays(const std::vector<Contact>& contacts,
                                                 std::unordered_map<std::string_view, std::size_t>& index) {
  std::vector<std::string> texts;
  texts.reserve(contacts.size());
  std::vector<std::string_view> id_views;
  id_views.reserve(contacts.size());
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    if (!index.emplace(contacts[i].id, i).second) continue;
    texts.push_back(stored::properties_to_text(contacts[i].properties));
    id_views.emplace_back(contacts[i].id);
  }
  std::pair<std::string, std::string> arrays;
  append_array_literal(arrays.first, id_views);
  append_array_literal(arrays.second, {texts.begin(), texts.end()});
  return arrays;
}

}  // namespace

void SqlStore::run_guarded(std::string_view doing, const std::function<void()>& work) {
  try {
    connection().guard(doing, work);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::config, trf("database {} holds unreadable data while {}: {}", location(), tr(std::string(doing).c_str()), e.what()));
  }
}

std::optional<std::string> SqlStore::policy_text() {
  return guarded(tr_noop("reading the policy"), [&]() -> std::optional<std::string> {
    auto& s = connection().prepare("SELECT value FROM gdpr.meta WHERE key = 'policy'");
    if (!s.step()) return std::nullopt;
    return s.text(0);
  });
}

void SqlStore::put_policy(std::string_view text) {
  guarded(tr_noop("storing the policy"), [&] {
    auto& s = connection().prepare(
        "INSERT INTO gdpr.meta (key, value) VALUES ('policy', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    s.bind_text(1, text);
    s.exec();
  });
}

std::optional<Contact> SqlStore::find_contact(std::string_view id) {
  const std::string& sql = per_dialect(connection().dialect(), [](const Dialect& d) {
    return fmt::format("SELECT {}, {} FROM gdpr.contacts WHERE id = $1", k_contact_columns, d.insertion_order);
  });
  return guarded(tr_noop("reading a contact"), [&]() -> std::optional<Contact> {
    auto& s = connection().prepare(sql);
    s.bind_text(1, id);
    if (!s.step()) return std::nullopt;
    Contact c = read_contact(s);
    c.position = s.integer(7);
    (void)s.step();  // finished
    return c;
  });
}

std::optional<std::string> SqlStore::find_erased_by_fingerprint(std::string_view fingerprint) {
  return guarded(tr_noop("looking up tombstones"), [&]() -> std::optional<std::string> {
    auto& s = connection().prepare(
        // min(): the lowest id straight from the index, where ORDER BY ... LIMIT 1 built a sorter
        // for every lookup (half the watch's instructions on SQLite).
        "SELECT min(id) FROM gdpr.contacts WHERE email_fingerprint = $1 AND status = 'erased'");
    s.bind_text(1, fingerprint);
    if (!s.step() || s.null(0)) return std::nullopt;
    return s.text(0);
  });
}

std::vector<std::optional<Contact>> SqlStore::find_contacts(const std::vector<std::string>& ids) {
  std::vector<std::optional<Contact>> found(ids.size());
  const Dialect& d = connection().dialect();
  if (!d.arrays) {
    for (std::size_t i = 0; i < ids.size(); ++i) found[i] = find_contact(ids[i]);
    return found;
  }
  if (ids.empty()) return found;
  const std::string& sql = per_dialect(d, [](const Dialect& dialect) {
    return fmt::format("SELECT {}, {} FROM gdpr.contacts WHERE id = ANY ($1::text[])", k_contact_columns,
                       dialect.insertion_order);
  });
  guarded(tr_noop("reading a contact"), [&] {
    std::unordered_map<std::string_view, std::size_t> index;
    index.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) index.emplace(ids[i], i);
    std::string array;
    append_array_literal(array, {ids.begin(), ids.end()});
    auto& s = connection().prepare(sql);
    s.bind_text_unowned(1, array);
    while (s.step()) {
      Contact c = read_contact(s);
      c.position = s.integer(7);
      if (const auto it = index.find(c.id); it != index.end()) found[it->second] = std::move(c);
    }
    s.bind_null(1);
    // An id asked twice (a file's duplicate, which the import then names) is found twice.
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (const std::size_t first = index.at(ids[i]); first != i) found[i] = found[first];
    }
  });
  return found;
}

std::vector<std::optional<std::string>> SqlStore::tombstones_of(const std::vector<std::string>& emails) {
  std::vector<std::optional<std::string>> found(emails.size());
  if (!connection().dialect().arrays) {
    for (std::size_t i = 0; i < emails.size(); ++i) {
      if (!emails[i].empty()) found[i] = find_erased_by_fingerprint(email_fingerprint(emails[i]));
    }
    return found;
  }
  if (std::ranges::all_of(emails, [](const std::string& e) { return e.empty(); })) return found;
  guarded(tr_noop("looking up tombstones"), [&] {
    // The fingerprints first (the server's secret, which members may only use through
    // gdpr.email_fingerprints), then the tombstones that carry them, through their index.
    std::string array;
    append_array_literal(array, {emails.begin(), emails.end()});
    auto& s = connection().prepare(
        "WITH e AS MATERIALIZED (SELECT f.n, f.fingerprint FROM gdpr.email_fingerprints($1::text[]) AS f) "
        "SELECT DISTINCT ON (e.n) e.n, c.id FROM e JOIN gdpr.contacts c "
        "ON c.email_fingerprint = e.fingerprint AND c.status = 'erased' ORDER BY e.n, c.id");
    s.bind_text_unowned(1, array);
    while (s.step()) {
      const std::int64_t n = s.integer(0);
      if (n >= 1 && static_cast<std::size_t>(n) <= emails.size()) found[static_cast<std::size_t>(n) - 1] = s.text(1);
    }
    s.bind_null(1);
  });
  return found;
}

// Runs an INSERT of one contact (its text ends with Dialect::returning); the new row's position,
// or nullopt when the row was not added (ON CONFLICT DO NOTHING).
std::optional<std::int64_t> SqlStore::run_insert(Statement& s) {
  if (connection().dialect().returning.empty()) {
    if (s.exec() == 0) return std::nullopt;
    return connection().last_insert_position();
  }
  if (!s.step()) return std::nullopt;
  const std::int64_t position = s.integer(0);
  (void)s.step();  // finished
  return position;
}

void SqlStore::insert_contact(const Contact& c) {
  const std::string& sql = per_dialect(connection().dialect(), [](const Dialect& d) {
    return fmt::format("INSERT INTO gdpr.contacts ({}) VALUES ($1, $2, $3, $4, $5, $6, $7){}", k_contact_columns,
                       d.returning);
  });
  guarded(tr_noop("adding a contact"), [&] {
    auto& s = connection().prepare(sql);
    s.bind_text(1, c.id);
    s.bind_text(2, to_string(c.status));
    s.bind_bool(3, c.block_newsletter);
    s.bind_bool(4, c.block_all_mail);
    s.bind_text(5, stored::properties_to_text(c.properties));
    s.bind_optional_int(6, c.erased_by_request);
    s.bind_optional_text(7, fingerprint_of(c));
    const std::optional<std::int64_t> position = run_insert(s);
    if (!position) throw Error(ErrorKind::internal, trf("adding contact '{}' to {} returned no row", c.id, location()));
    put_terms(*position, search::terms_of(c));
  });
}

std::optional<std::int64_t> SqlStore::insert_if_absent(const Contact& c, const std::vector<std::string>* terms) {
  // Once per row of an import: the statement text is built once, and the id and the properties
  // text are bound without a copy (they outlive the run). A position comes back only if it was added.
  const std::string& sql = per_dialect(connection().dialect(), [](const Dialect& d) {
    return fmt::format(
        "INSERT INTO gdpr.contacts ({}) VALUES ($1, $2, $3, $4, $5, NULL, NULL) ON CONFLICT (id) DO NOTHING{}",
        k_contact_columns, d.returning);
  });
  return guarded(tr_noop("adding a contact"), [&] {
    auto& s = connection().prepare(sql);
    const std::string properties = stored::properties_to_text(c.properties);
    s.bind_text_unowned(1, c.id);
    s.bind_text(2, to_string(c.status));
    s.bind_bool(3, c.block_newsletter);
    s.bind_bool(4, c.block_all_mail);
    s.bind_text_unowned(5, properties);
    const std::optional<std::int64_t> position = run_insert(s);
    s.bind_null(1);  // no pointer into `properties` or the contact outlives this call
    s.bind_null(5);
    if (position && terms != nullptr) {
      put_terms(*position, *terms);  // worked out by the caller: not copied
    } else if (position) {
      put_terms(*position, search::terms_of(c));
    }
    return position;
  });
}

std::vector<std::int64_t> SqlStore::insert_contacts_if_absent(const std::vector<Contact>& contacts,
                                                              const std::vector<std::vector<std::string>>& terms) {
  std::vector<std::int64_t> added(contacts.size(), 0);
  if (contacts.empty()) return added;
  if (!terms.empty() && terms.size() != contacts.size()) {
    throw Error(ErrorKind::internal, "insert_contacts_if_absent: the terms do not match the contacts");
  }
  if (!connection().dialect().arrays) {
    // SQLite runs in this process: a statement a row costs no round trip, and binds without a copy.
    for (std::size_t i = 0; i < contacts.size(); ++i) {
      added[i] = insert_if_absent(contacts[i], terms.empty() ? nullptr : &terms[i]).value_or(0);
    }
    return added;
  }
  guarded(tr_noop("adding a contact"), [&] {
    // The rows go to the server in their order (the positions follow it); the rows that come back
    // are the ones added. The ids already there are left out before the insert (ON CONFLICT would
    // draw a position for each of them, and every re-import would leave the positions, and the
    // search index's buckets, sparser), and so is a second row of an id in the batch: it stays
    // "not added" (the import refuses such a batch before it gets here).
    // The two arrays against COPY into a temporary table and an INSERT ... SELECT from it
    // (docs/performance.md): the same server time, and no COPY, TRUNCATE or TEMP privilege a batch.
    std::unordered_map<std::string_view, std::size_t> index;
    index.reserve(contacts.size());
    const auto [ids, properties] = batch_arrays(contacts, index);
    auto& s = connection().prepare(
        "INSERT INTO gdpr.contacts (id, status, block_newsletter, block_all_mail, properties) "
        "SELECT t.id, 'active', false, false, t.properties "
        "FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t (id, properties, n) "
        "WHERE NOT EXISTS (SELECT 1 FROM gdpr.contacts c WHERE c.id = t.id) ORDER BY t.n RETURNING pos, id");
    s.bind_text_unowned(1, ids);
    s.bind_text_unowned(2, properties);
    std::vector<std::pair<std::int64_t, std::size_t>> inserted;
    while (s.step()) {
      const auto it = index.find(s.view(1));
      if (it == index.end()) throw Error(ErrorKind::internal, trf("adding contacts to {} returned an id not added", location()));
      inserted.emplace_back(s.integer(0), it->second);
    }
    s.bind_null(1);
    s.bind_null(2);
    // The index in insertion order: a bucket is collected once.
    std::ranges::sort(inserted);
    for (const auto& [position, i] : inserted) {
      added[i] = position;
      if (terms.empty()) {
        put_terms(position, search::terms_of(contacts[i]));
      } else {
        put_terms(position, terms[i]);
      }
    }
  });
  return added;
}

bool SqlStore::has_fingerprints() {
  return guarded(tr_noop("looking up tombstones"), [&] {
    auto& s = connection().prepare("SELECT EXISTS (SELECT 1 FROM gdpr.contacts WHERE email_fingerprint IS NOT NULL)");
    return s.step() && s.boolean(0);
  });
}

void SqlStore::update_contact(const Contact& c) {
  guarded(tr_noop("updating a contact"), [&] {
    // The terms of the contact as it was, to take out of the index what is no longer there.
    std::vector<std::string> before;
    std::int64_t position = 0;
    {
      const std::string& sql = per_dialect(connection().dialect(), [](const Dialect& d) {
        return fmt::format("SELECT status, properties, {} FROM gdpr.contacts WHERE id = $1", d.insertion_order);
      });
      auto& old = connection().prepare(sql);
      old.bind_text(1, c.id);
      if (old.step()) {
        position = old.integer(2);
        Contact was;
        was.id = c.id;
        was.status = parse_contact_status(old.text(0), "stored contact status");
        was.properties = stored::properties_from_text(old.text(1));
        before = search::terms_of(was);
      }
    }
    auto& s = connection().prepare(
        "UPDATE gdpr.contacts SET status = $1, block_newsletter = $2, block_all_mail = $3, properties = $4, "
        "erased_by_request = $5, email_fingerprint = $6 WHERE id = $7");
    s.bind_text(1, to_string(c.status));
    s.bind_bool(2, c.block_newsletter);
    s.bind_bool(3, c.block_all_mail);
    s.bind_text(4, stored::properties_to_text(c.properties));
    s.bind_optional_int(5, c.erased_by_request);
    s.bind_optional_text(6, fingerprint_of(c));
    s.bind_text(7, c.id);
    if (s.exec() != 1) throw Error(ErrorKind::not_found, trf("contact '{}' not found", c.id));
    const std::vector<std::string> after = search::terms_of(c);
    std::vector<std::string> gone;
    std::vector<std::string> added;
    std::ranges::set_difference(before, after, std::back_inserter(gone));
    std::ranges::set_difference(after, before, std::back_inserter(added));
    remove_terms(position, gone);
    put_terms(position, added);
  });
}

namespace {

std::string members_text(std::vector<std::uint16_t> offsets) {
  if (!std::ranges::is_sorted(offsets)) std::ranges::sort(offsets);
  std::string out;
  append_members(out, offsets);
  return out;
}

std::uint16_t offset_of(std::int64_t position) {
  return static_cast<std::uint16_t>(position % search::k_bucket_contacts);
}

}  // namespace

void SqlStore::put_terms(std::int64_t position, const std::vector<std::string>& terms) {
  if (terms.empty()) return;
  const std::int64_t bucket = position / search::k_bucket_contacts;
  if (!deferring_terms_) {
    for (const std::string& term : terms) add_members(bucket, term, {offset_of(position)});
    return;
  }
  if (bucket != pending_bucket_) {
    flush_terms();
    pending_bucket_ = bucket;
  }
  for (const std::string& term : terms) pending_terms_.add(term, offset_of(position));
}

void SqlStore::remove_terms(std::int64_t position, const std::vector<std::string>& gone) {
  const std::int64_t bucket = position / search::k_bucket_contacts;
  for (const std::string& term : gone) {
    if (bucket == pending_bucket_) pending_terms_.remove(term, offset_of(position));
    remove_member(bucket, term, offset_of(position));
  }
}

std::optional<std::vector<std::uint16_t>> SqlStore::read_members(std::int64_t bucket, const std::string& term) {
  auto& s = connection().prepare("SELECT members FROM gdpr.contact_terms WHERE bucket = $1 AND term = $2");
  s.bind_int(1, bucket);
  s.bind_text_unowned(2, term);
  if (!s.step()) return std::nullopt;
  std::vector<std::uint16_t> members = parse_members(s.view(0));
  (void)s.step();  // finished
  return members;
}

void SqlStore::add_members(std::int64_t bucket, const std::string& term, const std::vector<std::uint16_t>& offsets) {
  if (offsets.empty()) return;
  std::vector<std::uint16_t> members = read_members(bucket, term).value_or(std::vector<std::uint16_t>{});
  members.insert(members.end(), offsets.begin(), offsets.end());
  std::ranges::sort(members);
  // NOLINTNEXTLINE(modernize-use-ranges): clang 14 cannot compile libstdc++ 12 subranges (the fuzz build)
  members.erase(std::unique(members.begin(), members.end()), members.end());
  const std::string text = members_text(members);
  auto& s = connection().prepare(
      "INSERT INTO gdpr.contact_terms (bucket, term, members) VALUES ($1, $2, $3) "
      "ON CONFLICT (bucket, term) DO UPDATE SET members = excluded.members");
  s.bind_int(1, bucket);
  s.bind_text_unowned(2, term);
  s.bind_text_unowned(3, text);
  s.exec();
  s.bind_null(2);  // nothing points into `term` or `text` after this call
  s.bind_null(3);
}

void SqlStore::remove_member(std::int64_t bucket, const std::string& term, std::uint16_t offset) {
  std::optional<std::vector<std::uint16_t>> found = read_members(bucket, term);
  if (!found) return;
  std::vector<std::uint16_t>& members = *found;
  if (std::erase(members, offset) == 0) return;
  auto& s = connection().prepare(
      members.empty() ? "DELETE FROM gdpr.contact_terms WHERE bucket = $1 AND term = $2"
                      : "UPDATE gdpr.contact_terms SET members = $3 WHERE bucket = $1 AND term = $2");
  s.bind_int(1, bucket);
  s.bind_text(2, term);
  if (!members.empty()) s.bind_text(3, members_text(members));
  s.exec();
}

void SqlStore::flush_terms() {
  if (pending_terms_.empty()) return;
  guarded(tr_noop("writing the search index"), [&] {
    // A bucket an import starts has no row yet (the usual case): plain inserts, nothing to read.
    // min() is answered from the first key of the bucket in the index; `SELECT 1 ... LIMIT 1`
    // got a generic plan on PostgreSQL that scanned the whole table for a bucket without rows.
    auto& probe = connection().prepare("SELECT min(term) FROM gdpr.contact_terms WHERE bucket = $1");
    probe.bind_int(1, pending_bucket_);
    const bool fresh = !probe.step() || probe.null(0);
    (void)probe.step();  // finished
    const std::vector<BucketTerms::Row> rows = pending_terms_.rows();
    if (connection().dialect().arrays) {
      insert_bucket_as_arrays(rows, fresh ? BucketRows::none : BucketRows::some);
    } else if (fresh) {
      insert_bucket_in_batches(rows);
    } else {
      for (const auto& row : rows) add_members(pending_bucket_, row.term, parse_members(row.members));
    }
  });
  pending_terms_.clear();
}

// The bucket's rows (in term order) in one statement, its terms and members as two arrays; a row
// the bucket has already gets the new members merged in, ascending and once each (an update
// during an import adds to an older bucket).
void SqlStore::insert_bucket_as_arrays(const std::vector<BucketTerms::Row>& rows, BucketRows has) {
  if (has == BucketRows::none) {
    // A bucket without rows: COPY straight into the index (a plain insert, and no arrays to parse).
    std::string data;
    const std::string bucket = std::to_string(pending_bucket_);
    for (const auto& row : rows) {
      data += bucket;
      data += '\t';
      append_copy_field(data, row.term);
      data += '\t';
      data += row.members;  // digits and commas
      data += '\n';
    }
    connection().copy_in("COPY gdpr.contact_terms (bucket, term, members) FROM STDIN", data);
    return;
  }
  std::vector<std::string_view> terms;
  terms.reserve(rows.size());
  std::vector<std::string_view> members;
  members.reserve(rows.size());
  for (const auto& row : rows) {
    terms.push_back(row.term);
    members.emplace_back(row.members);
  }
  std::string term_array;
  std::string member_array;
  append_array_literal(term_array, terms);
  append_array_literal(member_array, members);
  // A plain insert where the bucket has no rows: ON CONFLICT's speculative insertion costs twice.
  static const std::string insert =
      "INSERT INTO gdpr.contact_terms (bucket, term, members) "
      "SELECT $1::bigint, t.term, t.members FROM unnest($2::text[], $3::text[]) AS t (term, members)";
  static const std::string merge = insert +
      " ON CONFLICT (bucket, term) DO UPDATE SET members = (SELECT string_agg(m::text, ',' ORDER BY m) FROM "
      "(SELECT DISTINCT part::int AS m FROM unnest(string_to_array(gdpr.contact_terms.members || ',' || "
      "excluded.members, ',')) AS part WHERE part ~ '^[0-9]{1,5}$') AS merged)";
  auto& s = connection().prepare(has == BucketRows::none ? insert : merge);
  s.bind_int(1, pending_bucket_);
  s.bind_text_unowned(2, term_array);
  s.bind_text_unowned(3, member_array);
  s.exec();
  s.bind_null(2);
  s.bind_null(3);
}

// A fresh bucket's rows (in term order), a hundred a statement: the statement's own cost, not the
// B-tree's, was most of it.
void SqlStore::insert_bucket_in_batches(const std::vector<BucketTerms::Row>& rows) {
  constexpr std::size_t k_batch = 100;
  static const std::string batch_sql = [] {
    std::string sql = "INSERT INTO gdpr.contact_terms (bucket, term, members) VALUES ";
    for (std::size_t i = 0; i < k_batch; ++i) {
      sql += fmt::format("{}($1, ${}, ${})", i ? ", " : "", 2 + (2 * i), 3 + (2 * i));
    }
    return sql;
  }();
  std::size_t i = 0;
  for (; i + k_batch <= rows.size(); i += k_batch) {
    auto& s = connection().prepare(batch_sql);
    s.bind_int(1, pending_bucket_);
    for (std::size_t k = 0; k < k_batch; ++k) {
      s.bind_text_unowned(static_cast<int>(2 + (2 * k)), rows[i + k].term);
      s.bind_text_unowned(static_cast<int>(3 + (2 * k)), rows[i + k].members);
    }
    s.exec();
    for (std::size_t k = 0; k < 2 * k_batch; ++k) s.bind_null(static_cast<int>(2 + k));
  }
  // The rest a row a statement, as they are: the bucket has no rows to merge with.
  for (; i < rows.size(); ++i) {
    auto& s = connection().prepare("INSERT INTO gdpr.contact_terms (bucket, term, members) VALUES ($1, $2, $3)");
    s.bind_int(1, pending_bucket_);
    s.bind_text_unowned(2, rows[i].term);
    s.bind_text_unowned(3, rows[i].members);
    s.exec();
    s.bind_null(2);
    s.bind_null(3);
  }
}

void SqlStore::defer_terms() {
  deferring_terms_ = true;
  pending_bucket_ = -1;
  pending_terms_.clear();
}

void SqlStore::finish_terms() {
  flush_terms();
  deferring_terms_ = false;
  pending_bucket_ = -1;
}

void SqlStore::discard_terms() noexcept {
  deferring_terms_ = false;
  pending_bucket_ = -1;
  pending_terms_.clear();
}

void SqlStore::index_all_contacts() {
  defer_terms();
  guarded(tr_noop("filling the search index"), [&] {
    const ContactFilter all;
    const Dialect& d = connection().dialect();
    const std::string columns = fmt::format("{}, {}", k_contact_columns, d.insertion_order);
    // In the order the contacts were added: one bucket of the index after the other.
    connection().for_each_row(contacts_query(all, d, columns), [&](const Row& row) {
      const Contact c = read_contact(row);
      put_terms(row.integer(7), search::terms_of(c));
    });
  });
  finish_terms();
}

std::vector<std::int64_t> SqlStore::term_matches(const std::vector<std::string>& prefixes, std::int64_t cap) {
  // One range of the key per bucket and prefix; the buckets are numbered from the newest
  // contact's position down, in one statement (a server is asked once, not once per bucket).
  const std::string& sql = per_dialect(connection().dialect(), [](const Dialect& d) {
    return fmt::format(
        "{} SELECT t.bucket, t.members FROM buckets b JOIN gdpr.contact_terms t ON t.bucket = b.n AND t.term >= $2 "
        "AND t.term < $2 || {}",
        d.bucket_series, d.last_character);
  });
  const std::string& newest = per_dialect(connection().dialect(), [](const Dialect& d) {
    return fmt::format("SELECT coalesce(max({}), 0) FROM gdpr.contacts", d.insertion_order);
  });
  return guarded(tr_noop("searching contacts"), [&] {
    flush_terms();
    auto& last = connection().prepare(newest);
    const std::int64_t last_bucket = last.step() ? last.integer(0) / search::k_bucket_contacts : 0;
    (void)last.step();
    std::set<std::int64_t> positions;
    for (const std::string& prefix : prefixes) {
      auto& s = connection().prepare(sql);  // handed out ready for a new run
      s.bind_int(1, last_bucket);
      s.bind_text(2, prefix);
      while (std::cmp_less(positions.size(), cap) && s.step()) {
        const std::int64_t base = s.integer(0) * search::k_bucket_contacts;
        for (const std::uint16_t o : parse_members(s.view(1))) {
          positions.insert(base + o);
          if (std::cmp_greater_equal(positions.size(), cap)) break;
        }
      }
    }
    return std::vector<std::int64_t>(positions.begin(), positions.end());
  });
}

std::optional<Contact> SqlStore::find_contact_at(std::int64_t position) {
  const std::string& sql = per_dialect(connection().dialect(), [](const Dialect& d) {
    return fmt::format("SELECT {} FROM gdpr.contacts WHERE {} = $1", k_contact_columns, d.insertion_order);
  });
  return guarded(tr_noop("reading a contact"), [&]() -> std::optional<Contact> {
    auto& s = connection().prepare(sql);
    s.bind_int(1, position);
    if (!s.step()) return std::nullopt;
    Contact c = read_contact(s);
    (void)s.step();  // finished
    return c;
  });
}

std::vector<std::string> SqlStore::contact_ids_with_prefix(std::string_view prefix, std::int64_t limit) {
  // A range on the primary key, not a scan (the dialect's id_prefix).
  const std::string sql = fmt::format(
      "SELECT id FROM gdpr.contacts WHERE {} AND status <> 'erased' ORDER BY id LIMIT $2",
      connection().dialect().id_prefix);
  return guarded(tr_noop("completing contact ids"), [&] {
    auto& s = connection().prepare(sql);
    s.bind_text(1, prefix);
    s.bind_int(2, limit);
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
  });
}

void SqlStore::for_each_contact(const ContactFilter& f, const std::function<void(const Contact&)>& visit) {
  guarded(tr_noop("listing contacts"), [&] {
    Contact c;
    connection().stream_rows(contacts_query(f, connection().dialect(), k_contact_columns), [&](const Row& row) {
      read_contact_into(row, c);
      visit(c);
    });
  });
}

std::vector<std::string> SqlStore::property_names(const ContactFilter& f) {
  return guarded(tr_noop("listing property names"), [&] {
    std::vector<std::string> names;
    std::unordered_set<std::string> known;
    auto add = [&](const std::string& n) {
      if (known.insert(n).second) names.push_back(n);
    };
    // Only the properties column, its names only, into reused buffers: no Contact, no allocation
    // per row. Most contacts have the names of the contact before them (one import, one header):
    // those are compared with it, not looked up.
    std::string name;
    std::vector<std::string> last;
    std::size_t k = 0;
    bool same = true;
    auto visit_name = [&](const std::string& n) {
      if (k < last.size() && last[k] == n) {
        ++k;
        return;
      }
      if (k >= last.size()) last.resize(k + 1);
      last[k++] = n;
      same = false;
    };
    connection().stream_rows(contacts_query(f, connection().dialect(), "properties"), [&](const Row& row) {
      const std::string_view text = row.view(0);
      k = 0;
      same = true;
      if (!stored::visit_property_names_fast(text, name, visit_name)) {
        k = 0;
        same = false;
        for (const auto& p : stored::properties_from_text(std::string(text))) visit_name(p.first);
      }
      if (k != last.size()) {
        last.resize(k);
        same = false;
      }
      if (!same) std::ranges::for_each(last, add);
    });
    return names;
  });
}

std::int64_t SqlStore::insert_request(const Request& r) {
  return guarded(tr_noop("filing a request"), [&] {
    auto& s = connection().prepare(
        "INSERT INTO gdpr.requests (contact_id, state, reason, requested_by, requested_at, received_on, due_on, "
        "channel, assignee) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
    bind_filing(s, 1, r);
    if (!s.step()) throw Error(ErrorKind::internal, trf("filing a request in {} returned no id", location()));
    const std::int64_t id = s.integer(0);
    (void)s.step();  // finished
    for (const auto& step : r.steps) put_step(id, step);
    return id;
  });
}

void SqlStore::insert_request_as_is(const Request& r) {
  static const std::string sql = fmt::format(
      "INSERT INTO gdpr.requests ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
      "$17)",
      k_request_columns);
  guarded(trf("copying request {}", r.id), [&] {
    auto& s = connection().prepare(sql);
    s.bind_int(1, r.id);
    bind_filing(s, 2, r);
    s.bind_bool(11, r.extended);
    s.bind_text(12, r.decided_by);
    s.bind_text(13, r.decided_at);
    s.bind_text(14, r.decision_reason);
    s.bind_text(15, r.erased_at);
    s.bind_text(16, r.extension_reason);
    s.bind_text(17, r.retain_until ? format_date(*r.retain_until) : std::string());
    s.exec();
    for (const auto& a : r.approvals) add_approval(r.id, a);
    for (const auto& c : r.comments) add_comment(r.id, c);
    for (const auto& step : r.steps) put_step(r.id, step);
  });
}

void SqlStore::load_children(Request& r) {
  auto& a = connection().prepare(
      "SELECT approver, at, comment FROM gdpr.approvals WHERE request_id = $1 ORDER BY at, approver");
  a.bind_int(1, r.id);
  while (a.step()) r.approvals.push_back({a.text(0), a.text(1), a.text(2)});
  auto& c = connection().prepare("SELECT author, at, text FROM gdpr.comments WHERE request_id = $1 ORDER BY id");
  c.bind_int(1, r.id);
  while (c.step()) r.comments.push_back({c.text(0), c.text(1), c.text(2)});
  r.steps = read_steps(r.id);
}

std::vector<Step> SqlStore::read_steps(std::int64_t request_id) {
  auto& s = connection().prepare(
      "SELECT system, action, state, attempts, updated_at, runner_pid FROM gdpr.steps WHERE request_id = $1 "
      "ORDER BY CASE action WHEN 'hold' THEN 0 WHEN 'erase' THEN 1 ELSE 2 END, position");
  s.bind_int(1, request_id);
  std::vector<Step> out;
  while (s.step()) out.push_back(read_step(s, 0));
  return out;
}

std::vector<Step> SqlStore::steps_of(std::int64_t request_id) {
  return guarded(tr_noop("reading the steps of a request"), [&] { return read_steps(request_id); });
}

std::optional<Request> SqlStore::find_request(std::int64_t id) {
  static const std::string sql = fmt::format("SELECT {} FROM gdpr.requests WHERE id = $1", k_request_columns);
  return guarded(tr_noop("reading a request"), [&]() -> std::optional<Request> {
    auto& s = connection().prepare(sql);
    s.bind_int(1, id);
    if (!s.step()) return std::nullopt;
    Request r = read_request(s);
    load_children(r);
    return r;
  });
}

std::optional<std::int64_t> SqlStore::open_request_for(std::string_view contact_id) {
  return guarded(tr_noop("looking up open requests"), [&]() -> std::optional<std::int64_t> {
    auto& s = connection().prepare(
        "SELECT id FROM gdpr.requests WHERE contact_id = $1 AND state IN ('pending', 'approved')");
    s.bind_text(1, contact_id);
    if (!s.step()) return std::nullopt;
    return s.integer(0);
  });
}

void SqlStore::update_request(const Request& r) {
  guarded(tr_noop("updating a request"), [&] {
    auto& s = connection().prepare(
        "UPDATE gdpr.requests SET state = $1, assignee = $2, due_on = $3, extended = $4, decided_by = $5, "
        "decided_at = $6, decision_reason = $7, erased_at = $8, extension_reason = $9, retain_until = $10 "
        "WHERE id = $11");
    s.bind_text(1, to_string(r.state));
    s.bind_text(2, r.assignee);
    s.bind_text(3, format_date(r.due_on));
    s.bind_bool(4, r.extended);
    s.bind_text(5, r.decided_by);
    s.bind_text(6, r.decided_at);
    s.bind_text(7, r.decision_reason);
    s.bind_text(8, r.erased_at);
    s.bind_text(9, r.extension_reason);
    s.bind_text(10, r.retain_until ? format_date(*r.retain_until) : std::string());
    s.bind_int(11, r.id);
    if (s.exec() != 1) throw Error(ErrorKind::not_found, trf("request {} not found", r.id));
  });
}

void SqlStore::add_approval(std::int64_t request_id, const Approval& a) {
  guarded(tr_noop("recording an approval"), [&] {
    auto& s = connection().prepare("INSERT INTO gdpr.approvals (request_id, approver, at, comment) VALUES ($1, $2, $3, $4)");
    s.bind_int(1, request_id);
    s.bind_text(2, a.by);
    s.bind_text(3, a.at);
    s.bind_text(4, a.comment);
    s.exec();
  });
}

void SqlStore::add_comment(std::int64_t request_id, const Comment& c) {
  guarded(tr_noop("recording a comment"), [&] {
    auto& s = connection().prepare("INSERT INTO gdpr.comments (request_id, author, at, text) VALUES ($1, $2, $3, $4)");
    s.bind_int(1, request_id);
    s.bind_text(2, c.by);
    s.bind_text(3, c.at);
    s.bind_text(4, c.text);
    s.exec();
  });
}

void SqlStore::put_step(std::int64_t request_id, const Step& step) {
  guarded(tr_noop("recording a step"), [&] {
    auto& s = connection().prepare(
        "INSERT INTO gdpr.steps (request_id, system, action, position, state, attempts, updated_at, runner_pid) "
        "VALUES ($1, $2, $3, (SELECT count(*) FROM gdpr.steps WHERE request_id = $1 AND action = $3), $4, $5, $6, $7) "
        "ON CONFLICT (request_id, system, action) DO UPDATE SET state = excluded.state, "
        "attempts = excluded.attempts, updated_at = excluded.updated_at, runner_pid = excluded.runner_pid");
    s.bind_int(1, request_id);
    s.bind_text(2, step.system);
    s.bind_text(3, to_string(step.action));
    s.bind_text(4, to_string(step.state));
    s.bind_int(5, step.attempts);
    s.bind_text(6, step.updated_at);
    s.bind_int(7, step.runner_pid);
    s.exec();
  });
}

std::vector<Request> SqlStore::list_requests(const RequestFilter& f) {
  return guarded(tr_noop("listing requests"), [&] {
    const Query q = requests_query(f);
    auto& s = connection().prepare(q.sql);
    bind_all(s, q);
    std::vector<Request> out;
    while (s.step()) out.push_back(read_request(s));
    if (out.size() <= 2) {
      for (auto& r : out) load_children(r);
      return out;
    }
    // The children of all of them in three statements, not three per request (on a server,
    // three round trips per open request made `review` take half a second for a thousand).
    std::unordered_map<std::int64_t, Request*> by_id;
    for (auto& r : out) by_id.emplace(r.id, &r);
    const Query ids = request_ids_query(f);
    auto children = [&](std::string_view select, std::string_view order, const std::function<void(Request&, const Row&)>& add) {
      const Query child{fmt::format("{} WHERE request_id IN ({}) ORDER BY request_id, {}", select, ids.sql, order), ids.params};
      connection().for_each_row(child, [&](const Row& row) {
        if (auto it = by_id.find(row.integer(0)); it != by_id.end()) add(*it->second, row);
      });
    };
    children("SELECT request_id, approver, at, comment FROM gdpr.approvals", "at, approver",
             [](Request& r, const Row& row) { r.approvals.push_back({row.text(1), row.text(2), row.text(3)}); });
    children("SELECT request_id, author, at, text FROM gdpr.comments", "id",
             [](Request& r, const Row& row) { r.comments.push_back({row.text(1), row.text(2), row.text(3)}); });
    children("SELECT request_id, system, action, state, attempts, updated_at, runner_pid FROM gdpr.steps",
             "CASE action WHEN 'hold' THEN 0 WHEN 'erase' THEN 1 ELSE 2 END, position",
             [](Request& r, const Row& row) { r.steps.push_back(read_step(row, 1)); });
    return out;
  });
}

void SqlStore::blank_out_texts(std::string_view contact_id,
                               const std::function<std::string(const std::string&)>& scrub) {
  guarded(tr_noop("blanking out free texts"), [&] {
    // Rows are collected first and rewritten after: no statement steps over a table it changes.
    enum class Where { reason, decision_reason, extension_reason, comment, approval };
    struct Text {
      Where where;
      std::int64_t id;
      std::string approver;
      std::string value;
    };
    std::vector<Text> texts;
    auto& r = connection().prepare(
        "SELECT id, reason, decision_reason, extension_reason FROM gdpr.requests WHERE contact_id = $1");
    r.bind_text(1, contact_id);
    while (r.step()) {
      texts.push_back({Where::reason, r.integer(0), "", r.text(1)});
      texts.push_back({Where::decision_reason, r.integer(0), "", r.text(2)});
      texts.push_back({Where::extension_reason, r.integer(0), "", r.text(3)});
    }
    auto& c = connection().prepare(
        "SELECT c.id, c.text FROM gdpr.comments c JOIN gdpr.requests q ON q.id = c.request_id WHERE q.contact_id = $1");
    c.bind_text(1, contact_id);
    while (c.step()) texts.push_back({Where::comment, c.integer(0), "", c.text(1)});
    auto& a = connection().prepare(
        "SELECT a.request_id, a.approver, a.comment FROM gdpr.approvals a JOIN gdpr.requests q ON q.id = a.request_id "
        "WHERE q.contact_id = $1");
    a.bind_text(1, contact_id);
    while (a.step()) texts.push_back({Where::approval, a.integer(0), a.text(1), a.text(2)});
    for (const auto& t : texts) {
      const std::string scrubbed = scrub(t.value);
      if (scrubbed == t.value) continue;
      auto& u = connection().prepare(
          t.where == Where::reason            ? "UPDATE gdpr.requests SET reason = $1 WHERE id = $2"
          : t.where == Where::decision_reason ? "UPDATE gdpr.requests SET decision_reason = $1 WHERE id = $2"
          : t.where == Where::extension_reason ? "UPDATE gdpr.requests SET extension_reason = $1 WHERE id = $2"
          : t.where == Where::comment         ? "UPDATE gdpr.comments SET text = $1 WHERE id = $2"
                                              : "UPDATE gdpr.approvals SET comment = $1 WHERE request_id = $2 AND approver = $3");
      u.bind_text(1, scrubbed);
      u.bind_int(2, t.id);
      if (t.where == Where::approval) u.bind_text(3, t.approver);
      u.exec();
    }
  });
}

std::vector<std::int64_t> SqlStore::requests_with_unfinished_steps() {
  return guarded(tr_noop("looking for unfinished steps"), [&] {
    auto& s = connection().prepare("SELECT DISTINCT request_id FROM gdpr.steps WHERE state <> 'done' ORDER BY request_id");
    std::vector<std::int64_t> out;
    while (s.step()) out.push_back(s.integer(0));
    return out;
  });
}

std::optional<AuditEvent> SqlStore::audit_head() {
  static const std::string sql = fmt::format("SELECT {} FROM gdpr.audit ORDER BY seq DESC LIMIT 1", k_audit_columns);
  return guarded(tr_noop("reading the audit head"), [&]() -> std::optional<AuditEvent> {
    auto& s = connection().prepare(sql);
    if (!s.step()) return std::nullopt;
    return read_event(s);
  });
}

void SqlStore::append_audit(const AuditEvent& e) {
  static const std::string sql =
      fmt::format("INSERT INTO gdpr.audit ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", k_audit_columns);
  guarded(tr_noop("appending to the audit trail"), [&] {
    auto& s = connection().prepare(sql);
    s.bind_int(1, e.seq);
    s.bind_text(2, e.at);
    s.bind_text(3, e.actor);
    s.bind_text(4, e.action);
    s.bind_optional_int(5, e.request_id);
    s.bind_optional_text(6, e.contact_id);
    s.bind_text(7, e.details_text.empty() ? e.details.dump() : e.details_text);
    s.bind_text(8, e.prev_hash);
    s.bind_text(9, e.hash);
    s.exec();
  });
}

void SqlStore::for_each_audit(const AuditFilter& f, const std::function<void(const AuditEvent&)>& visit) {
  guarded(tr_noop("reading the audit trail"), [&] {
    AuditEvent e;
    connection().stream_rows(audit_query(f), [&](const Row& row) {
      read_event_into(row, e);
      visit(e);
    });
  });
}

}  // namespace gdpr::store
