#include <sstream>

#include <doctest/doctest.h>

#include "gdpr/rules.hpp"
#include "../helpers.hpp"

using namespace gdpr;
using test::World;

namespace {

std::int64_t event_count(World& w) {
  std::int64_t n = 0;
  w.as("x").audit(AuditFilter{}, [&](const AuditEvent&) { ++n; });
  return n;
}

std::vector<std::string> actions(World& w) {
  std::vector<std::string> out;
  w.as("x").audit(AuditFilter{}, [&](const AuditEvent& e) { out.push_back(e.action); });
  return out;
}

NewRequest new_request(const std::string& id) {
  NewRequest r;
  r.contact_id = id;
  r.reason = "Customer asked in writing to erase all data";
  r.clarified = Clarified::yes;
  return r;
}

SystemConfig linked_system(const std::string& name) {
  SystemConfig s;
  s.name = name;
  s.hold = "hold " + name;
  s.release = "release " + name;
  s.erase = "erase " + name;
  return s;
}

}  // namespace

TEST_SUITE("service") {
  TEST_CASE("file_request puts the contact on hold") {
    World w;
    w.contact("c-1");
    const auto id = w.request("c-1");
    const Request r = w.as("bob").show_request(id);
    CHECK(r.state == RequestState::pending);
    CHECK(r.requested_by == "alice");
    CHECK(r.assignee == "bob");
    CHECK(r.received_on == Date{2026, 11, 29});
    CHECK(r.due_on == Date{2026, 12, 29});
    const Contact c = w.as("bob").show_contact("c-1");
    CHECK(c.status == ContactStatus::on_hold);
    CHECK(c.block_all_mail);
    CHECK(!c.mailable());
    CHECK(actions(w) == std::vector<std::string>{"contact.added", "request.created"});
  }

  TEST_CASE("file_request refusals change nothing") {
    World w;
    w.contact("c-1");
    const auto before = event_count(w);
    auto as_alice = w.as("alice");
    SUBCASE("without clarification") {
      NewRequest r = new_request("c-1");
      r.clarified = Clarified::no;
      CHECK_GDPR_KIND(as_alice.file_request(r), ErrorKind::usage);
    }
    SUBCASE("reason too short") {
      NewRequest r = new_request("c-1");
      r.reason = "  erase  ";
      CHECK_GDPR_KIND(as_alice.file_request(r), ErrorKind::usage);
    }
    SUBCASE("received in the future") {
      NewRequest r = new_request("c-1");
      r.received = "2026-11-30";
      CHECK_GDPR_ERROR(as_alice.file_request(r), ErrorKind::usage, "--received 2026-11-30 is in the future (today is 2026-11-29)");
    }
    SUBCASE("bad received date") {
      NewRequest r = new_request("c-1");
      r.received = "29/11/2026";
      CHECK_GDPR_KIND(as_alice.file_request(r), ErrorKind::usage);
    }
    SUBCASE("unknown contact") {
      CHECK_GDPR_ERROR(as_alice.file_request(new_request("nope")), ErrorKind::not_found,
                       "contact 'nope' not found; `gdpr contact list` lists contacts");
    }
    SUBCASE("not a requester") {
      w.config.requesters = {"carol"};
      CHECK_GDPR_KIND(w.as("alice").file_request(new_request("c-1")), ErrorKind::forbidden);
    }
    CHECK(event_count(w) == before);
    CHECK(w.as("x").show_contact("c-1").status == ContactStatus::active);
  }

  TEST_CASE("at most one open request per contact") {
    World w;
    w.contact("c-1");
    const auto id = w.request("c-1");
    CHECK_GDPR_ERROR(w.as("alice").file_request(new_request("c-1")), ErrorKind::conflict,
                     "contact 'c-1' already has the open request 1; see `gdpr review 1`");
    w.as("bob").reject(id, "Customer has an open contract with us", LiftBlock::no);
    CHECK(w.request("c-1") == 2);  // allowed after rejection
  }

  TEST_CASE("approve: four eyes and erasure") {
    World w;
    w.config.reviewers.push_back("alice");
    w.contact("c-1");
    const auto id = w.request("c-1");
    const auto before = event_count(w);
    CHECK_GDPR_KIND(w.as("ALICE").approve(id, "", test::yes()), ErrorKind::forbidden);
    CHECK_GDPR_KIND(w.as("mallory").approve(id, "", test::yes()), ErrorKind::forbidden);
    CHECK_GDPR_ERROR(w.as("bob").approve(id, "", nullptr), ErrorKind::usage,
                     "approving request 1 erases contact 'c-1' irreversibly; there is no terminal to ask, so pass "
                     "--yes to confirm");
    CHECK_GDPR_ERROR(w.as("bob").approve(id, "", [](const ErasurePreview&) { return false; }), ErrorKind::usage,
                     "not confirmed: request 1 stays pending, nothing was changed");
    CHECK(event_count(w) == before);
    CHECK(w.as("x").show_request(id).state == RequestState::pending);

    ErasurePreview seen;
    const auto result = w.as("bob").approve(id, "checked the paper file", [&](const ErasurePreview& p) {
      seen = p;
      return true;
    });
    CHECK(seen.contact.id == "c-1");
    CHECK(seen.contact.properties.size() == 2);
    CHECK(result.erased);
    CHECK(result.request.state == RequestState::erased);
    CHECK(result.request.decided_by == "bob");
    REQUIRE(result.request.approvals.size() == 1);
    CHECK(result.request.approvals[0].comment == "checked the paper file");
    const Contact c = w.as("x").show_contact("c-1");
    CHECK(c.status == ContactStatus::erased);
    CHECK(c.properties.empty());
    CHECK(c.erased_by_request == id);
    CHECK(!c.email_fingerprint.empty());
    CHECK_GDPR_KIND(w.as("carol").approve(id, "", test::yes()), ErrorKind::conflict);
    CHECK(w.as("x").verify_audit().ok);
  }

  TEST_CASE("approvals_required = 2") {
    World w;
    w.config.approvals_required = 2;
    w.contact("c-1");
    const auto id = w.request("c-1");
    bool asked = false;
    auto r = w.as("bob").approve(id, "", [&](const ErasurePreview&) { return asked = true; });
    CHECK(!asked);  // not the erasing approval: nothing to confirm
    CHECK(r.request.state == RequestState::pending);
    CHECK(r.approvals_missing == 1);
    CHECK_GDPR_KIND(w.as(" Bob").approve(id, "", test::yes()), ErrorKind::conflict);
    r = w.as("carol").approve(id, "", test::yes());
    CHECK(r.erased);
    CHECK(r.request.approvals.size() == 2);
  }

  TEST_CASE("reject and withdraw") {
    World w;
    w.contact("c-1");
    const auto id = w.request("c-1");
    SUBCASE("reviewer rejects; block kept") {
      CHECK_GDPR_KIND(w.as("bob").reject(id, "short", LiftBlock::no), ErrorKind::usage);
      CHECK_GDPR_KIND(w.as("mallory").reject(id, "Not a reviewer at all", LiftBlock::no), ErrorKind::forbidden);
      const auto r = w.as("bob").reject(id, "Legal hold: open invoice", LiftBlock::no);
      CHECK(r.request.state == RequestState::rejected);
      CHECK(r.request.decision_reason == "Legal hold: open invoice");
      const Contact c = w.as("x").show_contact("c-1");
      CHECK(c.status == ContactStatus::active);
      CHECK(c.block_all_mail);
      CHECK_GDPR_KIND(w.as("carol").approve(id, "", test::yes()), ErrorKind::conflict);
      CHECK_GDPR_KIND(w.as("carol").reject(id, "Second rejection attempt", LiftBlock::no), ErrorKind::conflict);
    }
    SUBCASE("requester withdraws; block lifted") {
      const auto r = w.as("Alice").reject(id, "Customer changed their mind", LiftBlock::yes);
      CHECK(r.request.state == RequestState::withdrawn);
      CHECK(w.as("x").show_contact("c-1").mailable());
    }
  }

  TEST_CASE("comment, assign, extend") {
    World w;
    w.contact("c-1");
    const auto id = w.request("c-1");
    w.as("alice").comment(id, "  Customer called again  ");
    CHECK(w.as("x").show_request(id).comments.at(0).text == "Customer called again");
    CHECK_GDPR_KIND(w.as("alice").comment(id, "   "), ErrorKind::usage);
    CHECK(w.as("carol").assign(id, std::nullopt).assignee == "carol");
    CHECK(w.as("bob").assign(id, std::string("Dave")).assignee == "dave");
    CHECK_GDPR_KIND(w.as("alice").assign(id, std::string("bob")), ErrorKind::forbidden);
    CHECK_GDPR_KIND(w.as("bob").assign(id, std::string("mallory")), ErrorKind::usage);
    CHECK_GDPR_KIND(w.as("alice").extend(id, "Complex case, many systems"), ErrorKind::forbidden);
    const Request r = w.as("bob").extend(id, "Complex case, many systems");
    CHECK(r.due_on == Date{2027, 3, 1});  // received + 3 months is Sunday 28 February (Reg. 1182/71 Art. 3(4))
    CHECK(r.extended);
    CHECK_GDPR_KIND(w.as("bob").extend(id, "Complex case, many systems"), ErrorKind::conflict);
  }

  TEST_CASE("linked systems: hold, failed erase, retry resumes") {
    World w;
    w.config.systems = {linked_system("jet-main"), linked_system("crm")};
    w.contact("c-1");
    const auto id = w.request("c-1");
    REQUIRE(w.hooks.calls.size() == 2);
    CHECK(w.hooks.calls[0].command == "hold jet-main");
    CHECK(w.hooks.calls[0].input == R"({"id":"c-1","properties":{"name":"Max Müller","email":"max@example.com"}})");
    w.hooks.calls.clear();

    w.hooks.failing = {"crm"};
    auto r = w.as("bob").approve(id, "", test::yes());
    CHECK(!r.erased);
    CHECK(r.failed == std::vector<std::string>{"crm erase: exited with status 1"});
    CHECK(r.request.state == RequestState::approved);
    CHECK(w.as("x").show_contact("c-1").properties.size() == 2);  // hooks still need the data
    const auto reminders = w.as("x").reminders();
    REQUIRE(reminders.size() == 1);
    CHECK(reminders[0].reasons == std::vector<std::string>{"step failed: crm erase",
                                                          "approved but erasure not finished: run `gdpr retry`"});

    w.hooks.failing.clear();
    w.hooks.calls.clear();
    const auto results = w.as("carol").retry(std::nullopt);
    REQUIRE(results.size() == 1);
    CHECK(results[0].erased);
    REQUIRE(w.hooks.calls.size() == 1);  // jet-main was done and is not called again
    CHECK(w.hooks.calls[0].command == "erase crm");
    CHECK(w.as("x").show_contact("c-1").properties.empty());
    const Request done = w.as("x").show_request(id);
    CHECK(done.state == RequestState::erased);
    for (const auto& s : done.steps) CHECK(s.state == StepState::done);
    CHECK(w.as("x").reminders().empty());
    CHECK(w.as("x").verify_audit().ok);
  }

  TEST_CASE("approve resumes an approved request") {
    World w;
    w.config.systems = {linked_system("crm")};
    w.contact("c-1");
    const auto id = w.request("c-1");
    w.hooks.failing = {"crm"};
    (void)w.as("bob").approve(id, "", test::yes());
    w.hooks.failing.clear();
    CHECK_GDPR_KIND(w.as("alice").approve(id, "", test::yes()), ErrorKind::forbidden);
    const auto r = w.as("bob").approve(id, "", test::yes());
    CHECK(r.erased);
  }

  TEST_CASE("reminders") {
    World w;
    w.contact("c-old");
    w.contact("c-soon", "soon@example.com");
    w.contact("c-new", "new@example.com");
    NewRequest old = new_request("c-old");
    old.received = "2026-10-01";  // due Monday 2026-11-02 (1 November: a Sunday and Allerheiligen): overdue
    (void)w.as("alice").file_request(old);
    NewRequest soon = new_request("c-soon");
    soon.received = "2026-11-03";  // due 2026-12-03: in 4 days
    (void)w.as("alice").file_request(soon);
    (void)w.as("alice").file_request(new_request("c-new"));
    const auto rem = w.as("x").reminders();
    REQUIRE(rem.size() == 2);
    CHECK(rem[0].request.contact_id == "c-old");
    CHECK(rem[0].days_left == -27);
    CHECK(rem[0].reasons == std::vector<std::string>{"overdue by 27 days"});
    CHECK(rem[1].reasons == std::vector<std::string>{"due in 4 days"});
    QueueFilter overdue;
    overdue.overdue = true;
    CHECK(w.as("x").queue(overdue).size() == 1);
    CHECK(w.as("x").queue(QueueFilter{}).at(0).contact_id == "c-old");  // earliest due first
  }

  TEST_CASE("tombstones keep erased people out") {
    World w;
    w.contact("c-1", "Max@Example.com");
    (void)w.as("bob").approve(w.request("c-1"), "", test::yes());
    auto alice = w.as("alice");
    CHECK_GDPR_ERROR(alice.add_contact("c-1", {{"name", "Max"}}, Readmit::no), ErrorKind::conflict,
                     "contact 'c-1' was erased (request 1); add --readmit if the person really is back");
    CHECK_GDPR_ERROR(alice.add_contact("c-9", {{"E-Mail", "  max@EXAMPLE.com "}}, Readmit::no), ErrorKind::conflict,
                     "the e-mail of contact 'c-9' belongs to erased contact 'c-1'; add --readmit if the person really "
                     "is back");
    CHECK_GDPR_KIND(alice.set_block("c-1", BlockKind::newsletter, BlockChange::set), ErrorKind::conflict);
    CHECK_GDPR_KIND(alice.file_request(new_request("c-1")), ErrorKind::conflict);

    std::istringstream csv("id;email;name\nc-1;x@y.de;A\nc-2;MAX@example.com ;B\nc-3;z@y.de;C\n");
    const auto imported = alice.import_contacts(csv, "old.csv", ImportOptions{});
    CHECK(imported.added == 1);
    CHECK(imported.skipped == 2);
    CHECK(imported.skipped_notes.at(0).rfind("line 2: contact 'c-1' was erased", 0) == 0);

    const auto readmitted = alice.add_contact("c-1", {{"name", "Max again"}}, Readmit::yes);
    CHECK(readmitted.outcome == AddOutcome::readmitted);
    CHECK(alice.show_contact("c-1").status == ContactStatus::active);
    CHECK(actions(w).back() == "contact.readmitted");
  }

  TEST_CASE("import is atomic") {
    World w;
    w.contact("c-1");
    const auto before = event_count(w);
    auto alice = w.as("alice");
    std::istringstream bad("id,name\nc-2,Neu\nc-1,Changed\nc-3,\"open\n");
    CHECK_GDPR_KIND(alice.import_contacts(bad, "bad.csv", ImportOptions{}), ErrorKind::usage);
    std::istringstream dup("id,name\nc-2,A\nc-2,B\n");
    CHECK_GDPR_ERROR(alice.import_contacts(dup, "dup.csv", ImportOptions{}), ErrorKind::usage,
                     "dup.csv:3: the contact id of this line appears again (first on line 2); nothing was imported");
    std::istringstream noid("Kundennr,name\nc-2,A\n");
    CHECK_GDPR_ERROR(alice.import_contacts(noid, "noid.csv", ImportOptions{}), ErrorKind::usage,
                     "noid.csv:1: no id column 'id' in the header (columns: Kundennr, name); name it with --id-column; "
                     "nothing was imported");
    CHECK(event_count(w) == before);
    CHECK_GDPR_KIND(alice.show_contact("c-2"), ErrorKind::not_found);
    CHECK(alice.show_contact("c-1").properties.at(0).second == "Max Müller");

    std::istringstream ok("Kundennr,name,email\nc-1,Max Müller,max@example.com\nc-2,Erika,\nc-1b,Hans,h@x.de\n");
    ImportOptions opts;
    opts.id_column = "kundennr";
    opts.dry_run = DryRun::yes;
    auto r = alice.import_contacts(ok, "ok.csv", opts);
    CHECK(r.added == 2);
    CHECK(r.unchanged == 1);
    CHECK_GDPR_KIND(alice.show_contact("c-2"), ErrorKind::not_found);  // dry run saved nothing
  }

  TEST_CASE("blocks") {
    World w;
    w.contact("c-1");
    auto alice = w.as("alice");
    CHECK(alice.set_block("c-1", BlockKind::newsletter, BlockChange::set));
    CHECK(!alice.set_block("c-1", BlockKind::newsletter, BlockChange::set));
    Contact c = alice.show_contact("c-1");
    CHECK(c.mailable());
    CHECK(!c.newsletter());
    (void)w.request("c-1");
    CHECK_GDPR_KIND(alice.set_block("c-1", BlockKind::all_mail, BlockChange::lift), ErrorKind::conflict);
    CHECK_GDPR_KIND(alice.set_block("nope", BlockKind::all_mail, BlockChange::set), ErrorKind::not_found);
  }
}
