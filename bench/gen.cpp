// Benchmark data generator (bench/run.py drives it).
//   gdpr_benchgen csv FILE N
//       a German Excel-style CSV (BOM, ';', CRLF) of N contacts with 10 columns and umlauts
//   gdpr_benchgen db FILE CONTACTS CLOSED OPEN EVENTS
//       a gdpr database: CONTACTS contacts, CLOSED decided requests (erased, rejected, withdrawn),
//       OPEN pending requests (contacts on hold), and EVENTS chained audit events in all
// Everything is deterministic, so two runs produce the same data.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "gdpr/audit.hpp"
#include "gdpr/store/sqlite_store.hpp"

namespace {

constexpr const char* k_first[] = {"Jürgen", "Zoë", "Max", "Anna", "Björn", "Käthe", "Sören", "Ümit", "Lena", "Jörg"};
constexpr const char* k_last[] = {"Müller", "Groß", "Weiß", "Schäfer", "Köhler", "Bäcker", "Jäger", "Krämer", "Huber", "Öztürk"};
constexpr const char* k_street[] = {"Hauptstraße", "Mariahilfer Straße", "Am Markt", "Königsallee", "Gärtnerweg"};
constexpr const char* k_city[] = {"Wien", "Graz", "München", "Köln", "Düsseldorf", "Linz", "Nürnberg", "Zürich"};

// A small deterministic generator (xorshift), so data and timings are repeatable.
struct Rng {
  std::uint64_t s = 88172645463325252ULL;
  std::uint64_t next() {
    s ^= s << 13U;
    s ^= s >> 7U;
    s ^= s << 17U;
    return s;
  }
  template <std::size_t N>
  const char* pick(const char* const (&a)[N]) { return a[next() % N]; }
};

gdpr::Properties person(Rng& rng, std::int64_t i) {
  const std::string first = rng.pick(k_first);
  const std::string last = rng.pick(k_last);
  return {{"Vorname", first},
          {"Nachname", last},
          {"E-Mail", fmt::format("kunde{}@example.at", i)},
          {"Telefon", fmt::format("+43 1 {:07}", rng.next() % 10000000)},
          {"Straße", fmt::format("{} {}", rng.pick(k_street), 1 + rng.next() % 200)},
          {"PLZ", fmt::format("{:04}", 1000 + rng.next() % 9000)},
          {"Ort", rng.pick(k_city)},
          {"Geburtsdatum", fmt::format("{:04}-{:02}-{:02}", 1940 + rng.next() % 65, 1 + rng.next() % 12, 1 + rng.next() % 28)},
          {"Newsletter", rng.next() % 3 == 0 ? "nein" : "ja"}};
}

std::string csv_field(const std::string& s) {
  return s.find_first_of(";\"\r\n") == std::string::npos ? s : "\"" + s + "\"";
}

int make_csv(const std::string& path, std::int64_t n) {
  std::ofstream out(path, std::ios::binary);
  out << "\xEF\xBB\xBF" << "Kundennr;Vorname;Nachname;E-Mail;Telefon;Straße;PLZ;Ort;Geburtsdatum;Newsletter\r\n";
  Rng rng;
  for (std::int64_t i = 1; i <= n; ++i) {
    out << "K-" << i;
    for (const auto& [name, value] : person(rng, i)) out << ';' << csv_field(value);
    out << "\r\n";
  }
  return out ? 0 : 1;
}

int make_db(const std::string& path, std::int64_t contacts, std::int64_t closed, std::int64_t open, std::int64_t events) {
  using namespace gdpr;
  InitOutcome outcome{};
  auto store = SqliteStore::init(path, 0600, 60, outcome);
  auto tx = store->begin_write();
  store->defer_terms();  // the search index a bucket at a time, as an import writes it
  Rng rng;
  std::optional<AuditEvent> head;
  std::int64_t written = 0;
  auto event = [&](const char* action, std::optional<std::int64_t> rid, const std::string& cid, nlohmann::json details) {
    AuditEvent e;
    e.at = "2026-01-15T09:30:00Z";
    e.actor = written % 3 == 0 ? "alice" : written % 3 == 1 ? "bob" : "carol";
    e.action = action;
    e.request_id = rid;
    e.contact_id = cid;
    e.details = std::move(details);
    audit::chain(e, head);
    store->append_audit(e);
    head = e;
    ++written;
  };
  for (std::int64_t i = 1; i <= contacts; ++i) {
    Contact c;
    c.id = fmt::format("K-{}", i);
    c.properties = person(rng, i);
    store->insert_contact(c);
    if (written < events) event("contact.added", std::nullopt, c.id, {{"properties", {"Vorname", "Nachname", "E-Mail"}}});
  }
  store->finish_terms();
  // Closed requests on the first contacts, open ones on the last.
  const RequestState closed_states[] = {RequestState::erased, RequestState::rejected, RequestState::withdrawn};
  for (std::int64_t i = 0; i < closed + open; ++i) {
    const bool is_open = i >= closed;
    const std::int64_t number = is_open ? contacts - (i - closed) : i + 1;
    Request r;
    r.contact_id = fmt::format("K-{}", number);
    r.state = is_open ? RequestState::pending : closed_states[i % 3];
    r.reason = "Customer asked by letter to erase all data";
    r.requested_by = "alice";
    r.requested_at = "2026-01-15T09:30:00Z";
    r.received_on = Date{2026, 1, 15};
    r.due_on = is_open ? add_days(Date{2026, 12, 1}, static_cast<int>(i % 60)) : Date{2026, 2, 15};
    r.assignee = "bob";
    if (!is_open) {
      r.decided_by = "bob";
      r.decided_at = "2026-01-20T10:00:00Z";
      if (r.state == RequestState::rejected) r.decision_reason = "Retention duty applies";
    }
    r.id = store->insert_request(r);
    if (r.state == RequestState::erased) {
      r.erased_at = "2026-01-20T10:00:00Z";
      store->update_request(r);
      Contact c = *store->find_contact(r.contact_id);
      c.properties.clear();
      c.status = ContactStatus::erased;
      c.erased_by_request = r.id;
      store->update_contact(c);
    } else if (is_open) {
      Contact c = *store->find_contact(r.contact_id);
      c.status = ContactStatus::on_hold;
      c.block_all_mail = true;
      store->update_contact(c);
    }
    if (written < events) event("request.created", r.id, r.contact_id, {{"due_on", format_date(r.due_on)}});
  }
  while (written < events) event("sheet.printed", std::nullopt, "K-1", {{"format", "text"}, {"kind", "sheet"}});
  tx->commit();
  store->scrub();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "csv" && argc == 4) return make_csv(argv[2], std::stoll(argv[3]));
  if (mode == "db" && argc == 7) {
    return make_db(argv[2], std::stoll(argv[3]), std::stoll(argv[4]), std::stoll(argv[5]), std::stoll(argv[6]));
  }
  std::cerr << "usage: gdpr_benchgen csv FILE N | db FILE CONTACTS CLOSED OPEN EVENTS\n";
  return 2;
}
