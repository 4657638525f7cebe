#include "gdpr/connectors/listing.hpp"

#include <memory>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "gdpr/connectors/http.hpp"
#include "gdpr/connectors/hubspot.hpp"
#include "gdpr/connectors/mailchimp.hpp"
#include "gdpr/connectors/outcome.hpp"
#include "gdpr/connectors/sql_systems.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/store/libpq.hpp"

namespace gdpr::connectors {

namespace {

constexpr std::size_t k_rows_per_page = 1000;

[[noreturn]] void cannot_ask(const SystemConfig& system, const std::string& why) {
  throw Error(ErrorKind::step_failed, fmt::format("{}: {}", system.name, why));
}

void list_hubspot(const SystemConfig& system, const PageVisitor& visit) {
  ListedPage page;
  list_hubspot_contacts(system, {"email"}, [&](const std::vector<HubspotContact>& contacts) {
    page.clear();
    for (const auto& c : contacts) {
      page.push_back({c.id, c.properties.empty() ? std::string() : c.properties.front().second});
    }
    visit(page);
  });
}

void list_mailchimp(const SystemConfig& system, const PageVisitor& visit) {
  const std::string key = read_token_file(system.api_key_file);
  const std::string base = mailchimp_base_url(system.base_url, key);
  HttpRequest req;
  req.method = "GET";
  req.basic_auth = "gdpr:" + key;
  req.headers = {"Accept: application/json"};
  req.timeout_seconds = system.timeout_seconds;
  ListedPage page;
  for (const auto& list : system.audiences) {
    for (std::size_t offset = 0;; offset += k_rows_per_page) {
      req.url = fmt::format("{}/lists/{}/members?count={}&offset={}&fields=members.id,members.email_address,total_items",
                            base, url_encode(list), k_rows_per_page, offset);
      const HttpResponse r = send(req);
      const auto j = r.status == 200 ? nlohmann::json::parse(r.body, nullptr, false) : nlohmann::json();
      if (!j.is_object() || !j.contains("members") || !j.at("members").is_array()) {
        const HookOutcome failed = r.status == 200
                                       ? step_failed("HTTP 200", tr("the answer is not a page of members"))
                                       : failed_answer(r, trf("listing audience {} (offset {})", list, offset), "title");
        cannot_ask(system, failed.message.empty() ? failed.code : failed.message);
      }
      page.clear();
      for (const auto& m : j.at("members")) {
        if (!m.is_object() || !m.contains("email_address") || !m.at("email_address").is_string()) continue;
        const std::string id = m.contains("id") && m.at("id").is_string() ? m.at("id").get<std::string>() : "";
        std::string record = list;
        record += '/';
        record += id;
        page.push_back({std::move(record), m.at("email_address").get<std::string>()});
      }
      if (page.empty()) break;
      visit(page);
      if (j.at("members").size() < k_rows_per_page) break;
    }
  }
}

// The first two columns of each row as text ("" for NULL).
void list_sqlite(const SystemConfig& system, const PageVisitor& visit) {
  try {
    const SQLite::Database db(system.database, SQLite::OPEN_READONLY, system.timeout_seconds * 1000);
    SQLite::Statement s(db, system.list);
    if (s.getColumnCount() < 2) cannot_ask(system, tr("the list statement must return two columns: record id, e-mail"));
    ListedPage page;
    while (s.executeStep()) {
      page.push_back({s.getColumn(0).isNull() ? "" : s.getColumn(0).getString(),
                      s.getColumn(1).isNull() ? "" : s.getColumn(1).getString()});
      if (page.size() == k_rows_per_page) {
        visit(page);
        page.clear();
      }
    }
    if (!page.empty()) visit(page);
  } catch (const SQLite::Exception& e) {
    cannot_ask(system, trf("the list statement failed: {}", e.what()));
  }
}

// Through a cursor in a read-only transaction, a thousand rows a fetch.
void list_postgresql(const SystemConfig& system, const PageVisitor& visit) {
  const Libpq& lib = pq();
  const PqConnection conn(lib.PQconnectdb(linked_uri(system.database, system.timeout_seconds).c_str()));
  if (!conn || lib.PQstatus(conn.get()) != CONNECTION_OK) cannot_ask(system, tr("cannot connect to its database"));
  auto exec = [&](const std::string& sql, ExecStatusType wanted) {
    PqResult r(lib.PQexec(conn.get(), sql.c_str()));
    if (!r || lib.PQresultStatus(r.get()) != wanted) {
      const char* primary = r ? lib.PQresultErrorField(r.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
      cannot_ask(system, trf("the list statement failed: {}", primary == nullptr ? "?" : primary));
    }
    return r;
  };
  (void)exec("BEGIN READ ONLY", PGRES_COMMAND_OK);
  (void)exec(fmt::format("SET LOCAL statement_timeout = {}", system.timeout_seconds * 1000), PGRES_COMMAND_OK);
  (void)exec("DECLARE gdpr_watch NO SCROLL CURSOR FOR " + system.list, PGRES_COMMAND_OK);
  ListedPage page;
  for (;;) {
    const PqResult r = exec(fmt::format("FETCH {} FROM gdpr_watch", k_rows_per_page), PGRES_TUPLES_OK);
    const int rows = lib.PQntuples(r.get());
    if (rows == 0) break;
    if (lib.PQnfields(r.get()) < 2) cannot_ask(system, tr("the list statement must return two columns: record id, e-mail"));
    page.clear();
    for (int i = 0; i < rows; ++i) page.push_back({lib.PQgetvalue(r.get(), i, 0), lib.PQgetvalue(r.get(), i, 1)});
    visit(page);
  }
  (void)exec("COMMIT", PGRES_COMMAND_OK);
}

}  // namespace

bool can_list(const SystemConfig& system) {
  switch (system.kind) {
    case SystemKind::hubspot:
    case SystemKind::mailchimp: return true;
    case SystemKind::sqlite:
    case SystemKind::postgresql: return !system.list.empty();
    case SystemKind::command: return false;
  }
  return false;
}

void list_contacts(const SystemConfig& system, const PageVisitor& visit) {
  switch (system.kind) {
    case SystemKind::hubspot: list_hubspot(system, visit); return;
    case SystemKind::mailchimp: list_mailchimp(system, visit); return;
    case SystemKind::sqlite: list_sqlite(system, visit); return;
    case SystemKind::postgresql: list_postgresql(system, visit); return;
    case SystemKind::command: break;
  }
  throw Error(ErrorKind::config, trf("systems.{}: a command system cannot list its contacts", system.name));
}

}  // namespace gdpr::connectors
