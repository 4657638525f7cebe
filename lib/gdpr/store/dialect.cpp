#include "gdpr/store/dialect.hpp"

#include <fmt/format.h>

namespace gdpr::store {

namespace {

// Appends `value` as the next parameter and returns its placeholder.
std::string bind(Query& q, const Dialect& d, std::string value) {
  q.params.push_back(std::move(value));
  return fmt::format("{}{}", d.placeholder, q.params.size());
}

}  // namespace

Query contacts_query(const ContactFilter& f, const Dialect& d, std::string_view columns) {
  Query q;
  q.sql = fmt::format("SELECT {} FROM {}contacts WHERE {}", columns, d.schema, d.true_literal);
  if (f.status) q.sql += " AND status = " + bind(q, d, std::string(to_string(*f.status)));
  if (f.mailable || f.newsletter) q.sql += fmt::format(" AND status = 'active' AND block_all_mail = {}", d.false_literal);
  if (f.newsletter) q.sql += fmt::format(" AND block_newsletter = {}", d.false_literal);
  q.sql += fmt::format(" ORDER BY {}", d.insertion_order);
  if (f.limit) q.sql += " LIMIT " + bind(q, d, std::to_string(*f.limit));
  return q;
}

Query audit_query(const AuditFilter& f, const Dialect& d) {
  Query q;
  std::string where = fmt::format(" WHERE {}", d.true_literal);
  auto add = [&](std::string_view condition, std::string value) {
    where += fmt::format(" AND {} {}", condition, bind(q, d, std::move(value)));
  };
  if (f.request_id) add("request_id =", std::to_string(*f.request_id));
  if (f.contact_id) add("contact_id =", *f.contact_id);
  if (f.actor) add("actor =", *f.actor);
  if (f.action) add("action =", *f.action);
  if (f.since) add("at >=", *f.since);
  if (f.until) add("at <", *f.until);
  q.sql = fmt::format("SELECT {} FROM {}audit{}", k_audit_columns, d.schema, where);
  if (f.limit) {
    const std::string limit = bind(q, d, std::to_string(*f.limit));
    q.sql = fmt::format("SELECT * FROM ({} ORDER BY seq DESC LIMIT {}) AS last ORDER BY seq", q.sql, limit);
  } else {
    q.sql += " ORDER BY seq";
  }
  return q;
}

}  // namespace gdpr::store
