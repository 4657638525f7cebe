// `[steps] runner = "worker"` (SPEC §11): the commands record, the worker runs, nothing else.
#include <doctest/doctest.h>

#include "gdpr/error.hpp"
#include "../helpers.hpp"

using namespace gdpr;
using test::World;

namespace {

SystemConfig system_named(const std::string& name) {
  SystemConfig s;
  s.name = name;
  s.hold = "hold " + name;
  s.release = "release " + name;
  s.erase = "erase " + name;
  return s;
}

// A world whose policy hands the steps to the worker `wrk` and does not wait for it.
void with_worker(World& w) {
  w.config.systems = {system_named("crm"), system_named("mailer")};
  w.config.runner = StepRunner::worker;
  w.config.wait_seconds = 0;
  w.config.workers = {"wrk"};
}

std::vector<std::pair<std::string, StepState>> states(World& w, std::int64_t id, StepAction action) {
  std::vector<std::pair<std::string, StepState>> out;
  for (const auto& s : w.as("x").show_request(id).steps) {
    if (s.action == action) out.emplace_back(s.system, s.state);
  }
  return out;
}

}  // namespace

TEST_SUITE("worker") {
  TEST_CASE("a command records its steps and runs none - the worker runs them as itself") {
    World w;
    with_worker(w);
    w.contact("c-1");
    NewRequest in;
    in.contact_id = "c-1";
    in.reason = "Customer asked in writing to erase all data";
    in.clarified = Clarified::yes;
    const DecisionResult filed = w.as("alice").file_request(in);
    CHECK(w.hooks.calls.empty());
    CHECK(filed.waiting == std::vector<std::string>{"crm hold", "mailer hold"});
    CHECK(filed.failed.empty());
    const std::int64_t id = filed.request.id;
    CHECK(states(w, id, StepAction::hold) ==
          std::vector<std::pair<std::string, StepState>>{{"crm", StepState::pending}, {"mailer", StepState::pending}});

    const workflow::WorkerPass pass = w.as("wrk").work_queued();
    REQUIRE(pass.requests.size() == 1);
    CHECK(pass.requests[0].request_id == id);
    CHECK(pass.requests[0].done == std::vector<std::string>{"crm hold", "mailer hold"});
    REQUIRE(w.hooks.calls.size() == 2);
    for (const auto& call : w.hooks.calls) {
      CHECK(std::find(call.env.begin(), call.env.end(), std::pair<std::string, std::string>{"GDPR_ACTOR", "wrk"}) !=
            call.env.end());
    }
    CHECK(w.as("wrk").work_queued().requests.empty());  // nothing queued any more
    CHECK(w.hooks.calls.size() == 2);
  }

  TEST_CASE("an erasure: the approver waits for nothing here, the worker erases, retry finishes") {
    World w;
    with_worker(w);
    w.contact("c-1");
    const auto id = w.request("c-1");
    (void)w.as("wrk").work_queued();
    const DecisionResult approved = w.as("bob").approve(id, "", test::yes());
    CHECK_FALSE(approved.erased);
    CHECK(approved.waiting == std::vector<std::string>{"crm erase", "mailer erase"});
    CHECK(approved.request.state == RequestState::approved);
    CHECK(w.as("x").show_contact("c-1").status == ContactStatus::on_hold);
    w.hooks.calls.clear();
    (void)w.as("wrk").work_queued();
    CHECK(w.hooks.calls.size() == 2);
    CHECK(w.as("x").show_request(id).state == RequestState::approved);  // the worker ends no erasure
    const auto retried = w.as("carol").retry(id);
    REQUIRE(retried.size() == 1);
    CHECK(retried[0].erased);
    CHECK(w.hooks.calls.size() == 2);  // nothing ran twice
    CHECK(w.as("x").show_contact("c-1").status == ContactStatus::erased);
  }

  TEST_CASE("the worker runs only the action of the request's state - a failed step waits for retry") {
    World w;
    with_worker(w);
    w.contact("c-1");
    const auto id = w.request("c-1");
    // An erase step queued for a pending request (by hand, in the file) is never run.
    Step queued;
    queued.system = "crm";
    queued.action = StepAction::erase;
    queued.updated_at = "2026-11-29T12:00:00Z";
    {
      auto tx = w.store->begin_write();
      w.store->put_step(id, queued);
      tx->commit();
    }
    w.hooks.failing = {"mailer"};
    const workflow::WorkerPass pass = w.as("wrk").work_queued();
    REQUIRE(pass.requests.size() == 1);
    CHECK(pass.requests[0].done == std::vector<std::string>{"crm hold"});
    REQUIRE(pass.requests[0].failed.size() == 1);
    CHECK(pass.requests[0].failed[0].rfind("mailer hold: ", 0) == 0);
    for (const auto& call : w.hooks.calls) CHECK(call.command.rfind("hold ", 0) == 0);
    CHECK(states(w, id, StepAction::erase) ==
          std::vector<std::pair<std::string, StepState>>{{"crm", StepState::pending}});
    // The failed step stays failed until retry queues it again.
    w.hooks.calls.clear();
    CHECK(w.as("wrk").work_queued().requests.empty());
    CHECK(w.hooks.calls.empty());
    w.hooks.failing.clear();
    const auto retried = w.as("alice").retry(id);
    REQUIRE(retried.size() == 1);
    CHECK(retried[0].waiting == std::vector<std::string>{"mailer hold"});
    CHECK(w.hooks.calls.empty());
    (void)w.as("wrk").work_queued();
    REQUIRE(w.hooks.calls.size() == 1);
    CHECK(w.hooks.calls[0].command == "hold mailer");
  }

  TEST_CASE("only a worker or an admin may be the worker, and only with runner = worker") {
    World w;
    with_worker(w);
    w.config.admins = {"root"};
    CHECK_THROWS_WITH_AS(w.as("alice").check_worker(),
                         doctest::Contains("`gdpr worker` is refused: 'alice' is not a worker (roles.workers"), Error);
    CHECK_NOTHROW(w.as("wrk").check_worker());
    CHECK_NOTHROW(w.as("root").check_worker());
    w.config.runner = StepRunner::in_command;
    CHECK_THROWS_WITH_AS(w.as("wrk").check_worker(), doctest::Contains("steps.runner = \"inline\""), Error);
  }
}
