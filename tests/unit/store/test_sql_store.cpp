// The storage operations written once for both engines (lib/gdpr/store/sql_store.cpp), called
// directly on an in-memory SQLite store: what goes in comes out, in the documented orders, and a
// missing row is reported. The same statements run on PostgreSQL in tests/pg/ (and in the
// random workflows of test_model_sequences.cpp on a private server).
#include <doctest/doctest.h>

#include "gdpr/store/sqlite_store.hpp"
#include "../helpers.hpp"

using namespace gdpr;

namespace {

Contact contact(const std::string& id, const std::string& email) {
  Contact c;
  c.id = id;
  c.properties = {{"name", "Max"}, {"email", email}};
  return c;
}

Request request_for(const std::string& contact_id) {
  Request r;
  r.contact_id = contact_id;
  r.state = RequestState::pending;
  r.reason = "The customer asked for erasure by letter";
  r.requested_by = "alice";
  r.requested_at = "2026-11-29T12:00:00Z";
  r.received_on = Date{2026, 11, 29};
  r.due_on = Date{2026, 12, 29};
  r.channel = "letter";
  r.assignee = "bob";
  r.steps = {Step{"crm", StepAction::hold, StepState::done, 1, "2026-11-29T12:00:00Z", 0},
             Step{"crm", StepAction::erase, StepState::pending, 0, "", 0},
             Step{"jet", StepAction::hold, StepState::failed, 2, "2026-11-29T12:00:01Z", 0}};
  return r;
}

}  // namespace

TEST_SUITE("store.sql_store") {
  TEST_CASE("contacts") {
    auto store = SqliteStore::in_memory();
    auto tx = store->begin_write();
    SUBCASE("insert, find, update; a missing contact is not found") {
      store->insert_contact(contact("K-1", "max@example.com"));
      Contact c = *store->find_contact("K-1");
      CHECK(c.properties == Properties{{"name", "Max"}, {"email", "max@example.com"}});
      CHECK(c.status == ContactStatus::active);
      CHECK_FALSE(c.block_all_mail);
      c.block_all_mail = true;
      c.status = ContactStatus::erased;
      c.properties.clear();
      c.erased_by_request = 3;
      c.email_fingerprint = "ab12";
      store->update_contact(c);
      const Contact back = *store->find_contact("K-1");
      CHECK(back.block_all_mail);
      CHECK(back.erased_by_request == std::optional<std::int64_t>(3));
      CHECK(store->find_erased_by_fingerprint("ab12") == std::optional<std::string>("K-1"));
      CHECK(store->has_fingerprints());
      CHECK_FALSE(store->find_contact("K-2"));
      CHECK_GDPR_ERROR(store->update_contact(contact("K-2", "x@example.com")), ErrorKind::not_found,
                       "contact 'K-2' not found");
    }
    SUBCASE("insert if absent: once, and the bound values are not kept") {
      CHECK(store->insert_contacts_if_absent({contact("K-1", "a@example.com")}).front() > 0);
      CHECK(store->insert_contacts_if_absent({contact("K-1", "b@example.com")}).front() == 0);
      CHECK(store->find_contact("K-1")->properties.at(1).second == "a@example.com");
      CHECK_FALSE(store->has_fingerprints());
    }
    SUBCASE("insert a batch if absent: which were added, in their order, and found by the index") {
      store->insert_contact(contact("K-2", "olga@example.com"));
      const std::vector<std::int64_t> added =
          store->insert_contacts_if_absent({contact("K-1", "anna@example.com"), contact("K-2", "bert@example.com"),
                                            contact("K-3", "carl@example.com")});
      REQUIRE(added.size() == 3);
      CHECK((added[0] > 0 && added[1] == 0 && added[2] > added[0]));
      CHECK(store->find_contact("K-2")->properties.at(1).second == "olga@example.com");
      CHECK(store->find_contact("K-3")->properties.at(1).second == "carl@example.com");
      for (const char* word : {"anna", "olga", "carl"}) CHECK(store->term_matches({word}, 10).size() == 1);
      CHECK(store->term_matches({"bert"}, 10).empty());
      CHECK(store->insert_contacts_if_absent({}).empty());
    }
    SUBCASE("a batch's contacts and tombstones, asked at once, in the batch's order") {
      store->insert_contact(contact("K-1", "anna@example.com"));
      store->insert_contact(contact("K-2", "bert@example.com"));
      const auto found = store->find_contacts({"K-2", "K-9", "K-1"});
      REQUIRE(found.size() == 3);
      CHECK(found[0]->id == "K-2");
      CHECK((found[2]->position > 0 && found[0]->position > found[2]->position));
      CHECK_FALSE(found[1]);
      CHECK(found[2]->properties.at(1).second == "anna@example.com");
      CHECK(store->find_contacts({}).empty());
      // K-2 erased with the fingerprint of its e-mail: that e-mail is kept out, no other
      Contact erased = *store->find_contact("K-2");
      erased.status = ContactStatus::erased;
      erased.properties.clear();
      erased.erased_by_request = 1;
      erased.email_fingerprint = store->email_fingerprint("bert@example.com");
      store->update_contact(erased);
      const auto tombs = store->tombstones_of({"anna@example.com", "", "bert@example.com", "carl@example.com"});
      CHECK(tombs == std::vector<std::optional<std::string>>{std::nullopt, std::nullopt, "K-2", std::nullopt});
      CHECK(store->tombstones_of({}).empty());
    }
    SUBCASE("ids by prefix: not erased, in id order, limited") {
      for (const char* id : {"K-10", "K-2", "K-1", "L-1"}) store->insert_contact(contact(id, "x@example.com"));
      Contact erased = *store->find_contact("K-2");
      erased.status = ContactStatus::erased;
      store->update_contact(erased);
      CHECK(store->contact_ids_with_prefix("K-", 10) == std::vector<std::string>{"K-1", "K-10"});
      CHECK(store->contact_ids_with_prefix("K-", 1) == std::vector<std::string>{"K-1"});
      CHECK(store->contact_ids_with_prefix("", 10) == std::vector<std::string>{"K-1", "K-10", "L-1"});
    }
    SUBCASE("for_each_contact: insertion order, filters") {
      for (const char* id : {"c", "a", "b"}) store->insert_contact(contact(id, "x@example.com"));
      Contact blocked = *store->find_contact("a");
      blocked.block_all_mail = true;
      store->update_contact(blocked);
      std::vector<std::string> seen;
      store->for_each_contact(ContactFilter{}, [&](const Contact& c) { seen.push_back(c.id); });
      CHECK(seen == std::vector<std::string>{"c", "a", "b"});
      seen.clear();
      ContactFilter mailable;
      mailable.mailable = true;
      mailable.limit = 5;
      store->for_each_contact(mailable, [&](const Contact& c) { seen.push_back(c.id); });
      CHECK(seen == std::vector<std::string>{"c", "b"});
    }
  }

  TEST_CASE("requests") {
    auto store = SqliteStore::in_memory();
    auto tx = store->begin_write();
    store->insert_contact(contact("K-1", "max@example.com"));
    const std::int64_t id = store->insert_request(request_for("K-1"));
    CHECK(id == 1);
    SUBCASE("what was filed comes back, steps in planned order") {
      const Request r = *store->find_request(id);
      CHECK(r.reason == "The customer asked for erasure by letter");
      CHECK(r.due_on == Date{2026, 12, 29});
      CHECK(r.channel == "letter");
      REQUIRE(r.steps.size() == 3);
      CHECK(r.steps[0].system == "crm");
      CHECK(r.steps[1].system == "jet");
      CHECK(r.steps[1].state == StepState::failed);
      CHECK(r.steps[2].action == StepAction::erase);
      CHECK(store->steps_of(id).size() == 3);
      CHECK(store->open_request_for("K-1") == std::optional<std::int64_t>(id));
      CHECK(store->requests_with_unfinished_steps() == std::vector<std::int64_t>{id});
      CHECK_FALSE(store->find_request(99));
    }
    SUBCASE("a step is replaced by its key; approvals, comments and the decision are kept") {
      store->put_step(id, Step{"jet", StepAction::hold, StepState::done, 3, "2026-11-29T12:01:00Z", 0});
      store->put_step(id, Step{"crm", StepAction::erase, StepState::done, 1, "2026-11-29T12:02:00Z", 0});
      CHECK(store->requests_with_unfinished_steps().empty());
      store->add_approval(id, Approval{"bob", "2026-11-29T13:00:00Z", "ok"});
      store->add_comment(id, Comment{"carol", "2026-11-29T13:01:00Z", "Is the invoice paid?"});
      Request r = *store->find_request(id);
      CHECK(r.steps[1].attempts == 3);
      r.state = RequestState::rejected;
      r.decided_by = "bob";
      r.decision_reason = "Open invoice";
      r.extended = true;
      store->update_request(r);
      const Request back = *store->find_request(id);
      CHECK(back.state == RequestState::rejected);
      CHECK(back.extended);
      CHECK(back.approvals.at(0).comment == "ok");
      CHECK(back.comments.at(0).text == "Is the invoice paid?");
      CHECK_FALSE(store->open_request_for("K-1"));
      RequestFilter rejected;
      rejected.open_only = false;
      rejected.state = RequestState::rejected;
      CHECK(store->list_requests(rejected).size() == 1);
      CHECK(store->list_requests(RequestFilter{}).empty());
      r.id = 42;
      CHECK_GDPR_ERROR(store->update_request(r), ErrorKind::not_found, "request 42 not found");
    }
    SUBCASE("blank_out_texts rewrites every free text of the contact's requests") {
      store->add_approval(id, Approval{"bob", "2026-11-29T13:00:00Z", "Max asked twice"});
      store->add_comment(id, Comment{"carol", "2026-11-29T13:01:00Z", "Max called"});
      store->blank_out_texts("K-1", [](const std::string& text) {
        std::string out = text;
        const auto at = out.find("Max");
        if (at != std::string::npos) out.replace(at, 3, "[erased]");
        return out;
      });
      const Request r = *store->find_request(id);
      CHECK(r.approvals.at(0).comment == "[erased] asked twice");
      CHECK(r.comments.at(0).text == "[erased] called");
      CHECK(r.reason == "The customer asked for erasure by letter");
    }
  }

  TEST_CASE("audit events and the policy") {
    auto store = SqliteStore::in_memory();
    auto tx = store->begin_write();
    CHECK_FALSE(store->audit_head());
    for (int i = 1; i <= 3; ++i) {
      AuditEvent e;
      e.seq = i;
      e.at = "2026-11-29T12:00:0" + std::to_string(i) + "Z";
      e.actor = i == 2 ? "bob" : "alice";
      e.action = "request.commented";
      e.request_id = 1;
      e.details = nlohmann::json::object();
      e.prev_hash = std::string(64, '0');
      e.hash = std::string(64, static_cast<char>('0' + i));
      store->append_audit(e);
    }
    CHECK(store->audit_head()->seq == 3);
    AuditFilter last_two;
    last_two.limit = 2;
    std::vector<std::int64_t> seen;
    store->for_each_audit(last_two, [&](const AuditEvent& e) { seen.push_back(e.seq); });
    CHECK(seen == std::vector<std::int64_t>{2, 3});
    AuditFilter by_alice;
    by_alice.actor = "alice";
    seen.clear();
    store->for_each_audit(by_alice, [&](const AuditEvent& e) { seen.push_back(e.seq); });
    CHECK(seen == std::vector<std::int64_t>{1, 3});

    CHECK_FALSE(store->policy_text());
    store->put_policy("{\"a\":1}");
    store->put_policy("{\"a\":2}");
    CHECK(store->policy_text() == std::optional<std::string>("{\"a\":2}"));
  }
}
