#include "gdpr/store/dialect.hpp"

#include <cctype>

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/store/connection.hpp"

namespace gdpr::store {

namespace {

// Appends `value` as the next parameter and returns its placeholder.
std::string bind(Query& q, std::string value) {
  q.params.push_back(std::move(value));
  return fmt::format("${}", q.params.size());
}

// A character that continues a name: `gdpr.` after one of them is not the schema (`x.gdpr.y`, `my_gdpr.t`).
bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.'; }

}  // namespace

std::string render(std::string_view canonical, const Dialect& d) {
  if (d.placeholder == '$' && d.qualified) return std::string(canonical);
  constexpr std::string_view k_schema = "gdpr.";
  std::string out;
  out.reserve(canonical.size());
  for (std::size_t i = 0; i < canonical.size(); ++i) {
    const char c = canonical[i];
    const bool word_start = i == 0 || !is_identifier_char(canonical[i - 1]);
    if (!d.qualified && word_start && canonical.substr(i).starts_with(k_schema)) {
      i += k_schema.size() - 1;
      continue;
    }
    const bool numbered = c == '$' && i + 1 < canonical.size() && std::isdigit(static_cast<unsigned char>(canonical[i + 1])) != 0;
    out += numbered ? d.placeholder : c;
  }
  return out;
}

void append_array_literal(std::string& out, const std::vector<std::string_view>& elements) {
  // Sized once (an import's batch is a thousand stored properties, a fifth of them quotes), and
  // each element appended in runs between the characters to escape, not a byte at a time.
  std::size_t size = out.size() + 2;
  for (const std::string_view e : elements) size += e.size() + 3 + (e.size() / 4);
  out.reserve(size);
  out += '{';
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i != 0) out += ',';
    out += '"';
    const std::string_view e = elements[i];
    std::size_t start = 0;
    for (std::size_t k = 0; k < e.size(); ++k) {
      if (e[k] != '"' && e[k] != '\\') continue;
      out.append(e, start, k - start);
      out += '\\';
      start = k;  // the character itself goes with the next run
    }
    out.append(e, start);
    out += '"';
  }
  out += '}';
}

void append_copy_field(std::string& out, std::string_view text) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char* escaped = c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : nullptr;
    if (escaped == nullptr) continue;
    out.append(text, start, i - start);
    out += escaped;
    start = i + 1;
  }
  out.append(text, start);
}

void Connection::copy_in(const std::string& /*sql*/, std::string_view /*data*/) {
  throw Error(ErrorKind::internal, "COPY on an engine without it");
}

Query contacts_query(const ContactFilter& f, const Dialect& d, std::string_view columns) {
  Query q;
  q.sql = fmt::format("SELECT {} FROM gdpr.contacts WHERE true", columns);
  if (f.status) q.sql += " AND status = " + bind(q, std::string(to_string(*f.status)));
  if (f.mailable || f.newsletter) q.sql += " AND status = 'active' AND block_all_mail = false";
  if (f.newsletter) q.sql += " AND block_newsletter = false";
  q.sql += fmt::format(" ORDER BY {}", d.insertion_order);
  if (f.limit) q.sql += " LIMIT " + bind(q, std::to_string(*f.limit));
  return q;
}

Query requests_query(const RequestFilter& f) {
  Query q = request_ids_query(f);
  q.sql = fmt::format("SELECT {}{} ORDER BY due_on, id", k_request_columns, q.sql.substr(std::string_view("SELECT id").size()));
  return q;
}

Query request_ids_query(const RequestFilter& f) {
  Query q;
  q.sql = "SELECT id FROM gdpr.requests WHERE true";
  auto add = [&](std::string_view condition, std::string value) {
    q.sql += fmt::format(" AND {} {}", condition, bind(q, std::move(value)));
  };
  if (f.open_only) q.sql += " AND state IN ('pending', 'approved')";
  if (f.state) add("state =", std::string(to_string(*f.state)));
  if (f.assignee) add("assignee =", *f.assignee);
  if (f.requested_by) add("requested_by =", *f.requested_by);
  if (f.due_before) add("due_on <", format_date(*f.due_before));
  if (f.contact_id) add("contact_id =", *f.contact_id);
  if (f.retained_before) {
    q.sql += " AND retain_until <> ''";
    add("retain_until <", format_date(*f.retained_before));
  }
  return q;
}

Query audit_query(const AuditFilter& f) {
  Query q;
  std::string where = " WHERE true";
  auto add = [&](std::string_view condition, std::string value) {
    where += fmt::format(" AND {} {}", condition, bind(q, std::move(value)));
  };
  if (f.request_id) add("request_id =", std::to_string(*f.request_id));
  if (f.contact_id) add("contact_id =", *f.contact_id);
  if (f.actor) add("actor =", *f.actor);
  if (f.action) add("action =", *f.action);
  if (f.since) add("at >=", *f.since);
  if (f.until) add("at <", *f.until);
  q.sql = fmt::format("SELECT {} FROM gdpr.audit{}", k_audit_columns, where);
  if (f.limit) {
    const std::string limit = bind(q, std::to_string(*f.limit));
    q.sql = fmt::format("SELECT * FROM ({} ORDER BY seq DESC LIMIT {}) AS last ORDER BY seq", q.sql, limit);
  } else {
    q.sql += " ORDER BY seq";
  }
  return q;
}

}  // namespace gdpr::store
