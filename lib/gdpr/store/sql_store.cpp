#include "gdpr/store/sql_store.hpp"

#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/stored_form.hpp"

namespace gdpr::store {

namespace {

// The rows of k_contact_columns, k_request_columns and k_audit_columns, in that order.
Contact read_contact(const Row& row) {
  Contact c;
  c.id = row.text(0);
  c.status = parse_contact_status(row.text(1), "stored contact status");
  c.block_newsletter = row.boolean(2);
  c.block_all_mail = row.boolean(3);
  c.properties = stored::properties_from_text(row.text(4));
  if (!row.null(5)) c.erased_by_request = row.integer(5);
  if (!row.null(6)) c.email_fingerprint = row.text(6);
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

AuditEvent read_event(const Row& row) {
  AuditEvent e;
  e.seq = row.integer(0);
  e.at = row.text(1);
  e.actor = row.text(2);
  e.action = row.text(3);
  if (!row.null(4)) e.request_id = row.integer(4);
  if (!row.null(5)) e.contact_id = row.text(5);
  e.details_text = row.text(6);  // parsed only where needed (audit::details_of)
  e.prev_hash = row.text(7);
  e.hash = row.text(8);
  return e;
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

// The parameters of a Query bound to `s`.
void bind_all(Statement& s, const Query& q) {
  for (std::size_t i = 0; i < q.params.size(); ++i) s.bind_text(static_cast<int>(i + 1), q.params[i]);
}

}  // namespace

void SqlStore::run_guarded(std::string_view doing, const std::function<void()>& work) {
  try {
    connection().guard(doing, work);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::config, trf("database {} holds unreadable data while {}: {}", location(), doing, e.what()));
  }
}

std::optional<std::string> SqlStore::policy_text() {
  return guarded("reading the policy", [&]() -> std::optional<std::string> {
    auto& s = connection().prepare("SELECT value FROM gdpr.meta WHERE key = 'policy'");
    if (!s.step()) return std::nullopt;
    return s.text(0);
  });
}

void SqlStore::put_policy(std::string_view text) {
  guarded("storing the policy", [&] {
    auto& s = connection().prepare(
        "INSERT INTO gdpr.meta (key, value) VALUES ('policy', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    s.bind_text(1, text);
    s.exec();
  });
}

std::optional<Contact> SqlStore::find_contact(std::string_view id) {
  static const std::string sql = fmt::format("SELECT {} FROM gdpr.contacts WHERE id = $1", k_contact_columns);
  return guarded("reading a contact", [&]() -> std::optional<Contact> {
    auto& s = connection().prepare(sql);
    s.bind_text(1, id);
    if (!s.step()) return std::nullopt;
    return read_contact(s);
  });
}

std::optional<std::string> SqlStore::find_erased_by_fingerprint(std::string_view fingerprint) {
  return guarded("looking up tombstones", [&]() -> std::optional<std::string> {
    auto& s = connection().prepare(
        "SELECT id FROM gdpr.contacts WHERE email_fingerprint = $1 AND status = 'erased' LIMIT 1");
    s.bind_text(1, fingerprint);
    if (!s.step()) return std::nullopt;
    return s.text(0);
  });
}

void SqlStore::insert_contact(const Contact& c) {
  static const std::string sql =
      fmt::format("INSERT INTO gdpr.contacts ({}) VALUES ($1, $2, $3, $4, $5, $6, $7)", k_contact_columns);
  guarded("adding a contact", [&] {
    auto& s = connection().prepare(sql);
    s.bind_text(1, c.id);
    s.bind_text(2, to_string(c.status));
    s.bind_bool(3, c.block_newsletter);
    s.bind_bool(4, c.block_all_mail);
    s.bind_text(5, stored::properties_to_text(c.properties));
    s.bind_optional_int(6, c.erased_by_request);
    s.bind_optional_text(7, fingerprint_of(c));
    s.exec();
  });
}

bool SqlStore::insert_contact_if_absent(const Contact& c) {
  // Once per row of an import: the statement text is built once, and the id and the properties
  // text are bound without a copy (they outlive exec()).
  static const std::string sql = fmt::format(
      "INSERT INTO gdpr.contacts ({}) VALUES ($1, $2, $3, $4, $5, NULL, NULL) ON CONFLICT (id) DO NOTHING",
      k_contact_columns);
  return guarded("adding a contact", [&] {
    auto& s = connection().prepare(sql);
    const std::string properties = stored::properties_to_text(c.properties);
    s.bind_text_unowned(1, c.id);
    s.bind_text(2, to_string(c.status));
    s.bind_bool(3, c.block_newsletter);
    s.bind_bool(4, c.block_all_mail);
    s.bind_text_unowned(5, properties);
    const bool inserted = s.exec() == 1;
    s.bind_null(1);  // no pointer into `properties` or the contact outlives this call
    s.bind_null(5);
    return inserted;
  });
}

bool SqlStore::has_fingerprints() {
  return guarded("looking up tombstones", [&] {
    auto& s = connection().prepare("SELECT EXISTS (SELECT 1 FROM gdpr.contacts WHERE email_fingerprint IS NOT NULL)");
    return s.step() && s.boolean(0);
  });
}

void SqlStore::update_contact(const Contact& c) {
  guarded("updating a contact", [&] {
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
  });
}

std::vector<std::string> SqlStore::contact_ids_with_prefix(std::string_view prefix, std::int64_t limit) {
  // A range on the primary key, not a scan (the dialect's id_prefix).
  const std::string sql = fmt::format(
      "SELECT id FROM gdpr.contacts WHERE {} AND status <> 'erased' ORDER BY id LIMIT $2",
      connection().dialect().id_prefix);
  return guarded("completing contact ids", [&] {
    auto& s = connection().prepare(sql);
    s.bind_text(1, prefix);
    s.bind_int(2, limit);
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
  });
}

void SqlStore::for_each_contact(const ContactFilter& f, const std::function<void(const Contact&)>& visit) {
  guarded("listing contacts", [&] {
    connection().for_each_row(contacts_query(f, connection().dialect(), k_contact_columns),
                              [&](const Row& row) { visit(read_contact(row)); });
  });
}

std::vector<std::string> SqlStore::property_names(const ContactFilter& f) {
  return guarded("listing property names", [&] {
    std::vector<std::string> names;
    std::unordered_set<std::string> known;
    auto add = [&](const std::string& n) {
      if (known.insert(n).second) names.push_back(n);
    };
    // Only the properties column, decoded into two reused buffers: no Contact, no allocation per row.
    std::string name;
    std::string value;
    connection().for_each_row(contacts_query(f, connection().dialect(), "properties"), [&](const Row& row) {
      const std::string_view text = row.view(0);
      if (!stored::visit_properties_fast(text, name, value, [&](const std::string& n, const std::string&) { add(n); })) {
        for (const auto& p : stored::properties_from_text(std::string(text))) add(p.first);
      }
    });
    return names;
  });
}

std::int64_t SqlStore::insert_request(const Request& r) {
  return guarded("filing a request", [&] {
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
  guarded(fmt::format("copying request {}", r.id), [&] {
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
  while (s.step()) {
    Step step;
    step.system = s.text(0);
    step.action = parse_step_action(s.text(1), "stored step action");
    step.state = parse_step_state(s.text(2), "stored step state");
    step.attempts = static_cast<int>(s.integer(3));
    step.updated_at = s.text(4);
    step.runner_pid = s.integer(5);
    out.push_back(std::move(step));
  }
  return out;
}

std::vector<Step> SqlStore::steps_of(std::int64_t request_id) {
  return guarded("reading the steps of a request", [&] { return read_steps(request_id); });
}

std::optional<Request> SqlStore::find_request(std::int64_t id) {
  static const std::string sql = fmt::format("SELECT {} FROM gdpr.requests WHERE id = $1", k_request_columns);
  return guarded("reading a request", [&]() -> std::optional<Request> {
    auto& s = connection().prepare(sql);
    s.bind_int(1, id);
    if (!s.step()) return std::nullopt;
    Request r = read_request(s);
    load_children(r);
    return r;
  });
}

std::optional<std::int64_t> SqlStore::open_request_for(std::string_view contact_id) {
  return guarded("looking up open requests", [&]() -> std::optional<std::int64_t> {
    auto& s = connection().prepare(
        "SELECT id FROM gdpr.requests WHERE contact_id = $1 AND state IN ('pending', 'approved')");
    s.bind_text(1, contact_id);
    if (!s.step()) return std::nullopt;
    return s.integer(0);
  });
}

void SqlStore::update_request(const Request& r) {
  guarded("updating a request", [&] {
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
  guarded("recording an approval", [&] {
    auto& s = connection().prepare("INSERT INTO gdpr.approvals (request_id, approver, at, comment) VALUES ($1, $2, $3, $4)");
    s.bind_int(1, request_id);
    s.bind_text(2, a.by);
    s.bind_text(3, a.at);
    s.bind_text(4, a.comment);
    s.exec();
  });
}

void SqlStore::add_comment(std::int64_t request_id, const Comment& c) {
  guarded("recording a comment", [&] {
    auto& s = connection().prepare("INSERT INTO gdpr.comments (request_id, author, at, text) VALUES ($1, $2, $3, $4)");
    s.bind_int(1, request_id);
    s.bind_text(2, c.by);
    s.bind_text(3, c.at);
    s.bind_text(4, c.text);
    s.exec();
  });
}

void SqlStore::put_step(std::int64_t request_id, const Step& step) {
  guarded("recording a step", [&] {
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
  return guarded("listing requests", [&] {
    const Query q = requests_query(f);
    auto& s = connection().prepare(q.sql);
    bind_all(s, q);
    std::vector<Request> out;
    while (s.step()) out.push_back(read_request(s));
    for (auto& r : out) load_children(r);
    return out;
  });
}

void SqlStore::blank_out_texts(std::string_view contact_id,
                               const std::function<std::string(const std::string&)>& scrub) {
  guarded("blanking out free texts", [&] {
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
  return guarded("looking for unfinished steps", [&] {
    auto& s = connection().prepare("SELECT DISTINCT request_id FROM gdpr.steps WHERE state <> 'done' ORDER BY request_id");
    std::vector<std::int64_t> out;
    while (s.step()) out.push_back(s.integer(0));
    return out;
  });
}

std::optional<AuditEvent> SqlStore::audit_head() {
  static const std::string sql = fmt::format("SELECT {} FROM gdpr.audit ORDER BY seq DESC LIMIT 1", k_audit_columns);
  return guarded("reading the audit head", [&]() -> std::optional<AuditEvent> {
    auto& s = connection().prepare(sql);
    if (!s.step()) return std::nullopt;
    return read_event(s);
  });
}

void SqlStore::append_audit(const AuditEvent& e) {
  static const std::string sql =
      fmt::format("INSERT INTO gdpr.audit ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", k_audit_columns);
  guarded("appending to the audit trail", [&] {
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
  guarded("reading the audit trail", [&] {
    connection().for_each_row(audit_query(f), [&](const Row& row) { visit(read_event(row)); });
  });
}

}  // namespace gdpr::store
