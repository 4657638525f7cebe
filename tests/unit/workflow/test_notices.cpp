// Notifications (SPEC §12): whom an event is for, what the command gets, and that an action that
// failed tells nobody.
#include <doctest/doctest.h>

#include "gdpr/error.hpp"
#include "gdpr/workflow/notices.hpp"
#include "../helpers.hpp"

using namespace gdpr;
using test::World;

namespace {

// The GDPR_NOTIFY_TO of each notification the hooks ran, with its event.
std::vector<std::pair<std::string, std::string>> told(const test::FakeHooks& hooks) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& call : hooks.calls) {
    std::string to;
    std::string event;
    for (const auto& [k, v] : call.env) {
      if (k == "GDPR_NOTIFY_TO") to = v;
      if (k == "GDPR_NOTIFY_EVENT") event = v;
    }
    if (!event.empty()) out.emplace_back(event, to);
  }
  return out;
}

}  // namespace

TEST_SUITE("notices") {
  TEST_CASE("whom an event is for") {
    Request r = test::pending_by("alice");
    r.assignee = "bob";
    using workflow::notice_recipient;
    CHECK(notice_recipient("request.created", r, "alice") == "bob");
    CHECK(notice_recipient("request.assigned", r, "carol") == "bob");
    CHECK(notice_recipient("step.failed", r, "carol") == "bob");
    CHECK(notice_recipient("request.commented", r, "bob") == "alice");    // a reviewer asks
    CHECK(notice_recipient("request.commented", r, "Alice ") == "bob");   // the requester answers
    CHECK(notice_recipient("request.approved", r, "carol") == "alice");
    CHECK(notice_recipient("request.rejected", r, "carol") == "alice");
    CHECK(notice_recipient("request.erased", r, "carol") == "alice");
    CHECK(notice_recipient("request.extended", r, "bob") == "alice");
    // nobody is told of what they did themselves
    CHECK_FALSE(notice_recipient("request.assigned", r, "bob").has_value());
    CHECK_FALSE(notice_recipient("request.withdrawn", r, "alice").has_value());
    // no assignee: nobody in particular (the command tells the team)
    r.assignee.clear();
    CHECK(notice_recipient("request.created", r, "alice") == "");
  }

  TEST_CASE("an action's events are told after it with ids and states only - a failed action tells nobody") {
    World w;
    w.config.notify = {NotifyConfig{{"request.approved", "request.commented", "request.created"}, "notify", 30}};
    w.contact("c-1");
    const auto id = w.request("c-1");
    CHECK(told(w.hooks) == std::vector<std::pair<std::string, std::string>>{{"request.created", "bob"}});
    const auto& call = w.hooks.calls.back();
    CHECK(call.command == "notify");
    const auto event = nlohmann::json::parse(call.input);
    CHECK(event.at("request_id") == id);
    CHECK(event.at("contact_id") == "c-1");
    CHECK(event.at("state") == "pending");
    CHECK(event.at("to") == "bob");
    CHECK(call.input.find("Max") == std::string::npos);        // no property value
    CHECK(call.input.find("in writing") == std::string::npos);  // no reason
    w.hooks.calls.clear();
    // The requester may not approve: refused, nothing recorded, nobody told.
    CHECK_THROWS_AS((void)w.as("alice").approve(id, "", test::yes()), Error);
    CHECK(w.hooks.calls.empty());
    (void)w.as("carol").comment(id, "Is the address confirmed?");
    (void)w.as("carol").approve(id, "", test::yes());
    CHECK(told(w.hooks) ==
          std::vector<std::pair<std::string, std::string>>{{"request.commented", "alice"}, {"request.approved", "alice"}});
  }

  TEST_CASE("a notification that fails warns - the action stands") {
    World w;
    w.config.notify = {NotifyConfig{{"request.created"}, "notify", 30}};
    w.hooks.failing = {""};  // the fake fails calls without a GDPR_SYSTEM: the notifications
    w.contact("c-1");
    std::vector<std::string> warnings;
    Service alice = w.as("alice");
    alice.set_warning_sink([&](const std::string& m) { warnings.push_back(m); });
    NewRequest in;
    in.contact_id = "c-1";
    in.reason = "Customer asked in writing to erase all data";
    in.clarified = Clarified::yes;
    const auto filed = alice.file_request(in);
    CHECK(filed.request.state == RequestState::pending);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("the notification of request.created for request 1 failed") != std::string::npos);
  }
}
