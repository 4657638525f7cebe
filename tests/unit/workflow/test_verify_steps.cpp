// The verify step after each erase (SPEC §13, lib/gdpr/workflow/steps.cpp): planned only where a
// system has a probe, asked again while the system still shows the contact, a failed step when it
// stays, erased again and asked again by `retry`, and resumed after a crash between the two.
#include <chrono>
#include <deque>
#include <map>

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include "gdpr/audit.hpp"
#include "gdpr/hooks.hpp"
#include "../helpers.hpp"

using namespace gdpr;
using test::World;

namespace {

// Records each call as "SYSTEM ACTION"; a probe answers from `still_there[system]`, front first
// (true: the contact is still there), and says gone once the answers are used up. The calls in
// `failing` ("SYSTEM ACTION") fail with exit 2.
class ProbeHooks final : public HookRunner {
 public:
  std::vector<std::string> calls;
  std::map<std::string, std::deque<bool>> still_there;
  std::vector<std::string> failing;

  HookOutcome run(const HookInvocation& inv) override {
    std::string system;
    std::string action;
    for (const auto& [k, v] : inv.env) {
      if (k == "GDPR_SYSTEM") system = v;
      if (k == "GDPR_ACTION") action = v;
    }
    calls.push_back(system + " " + action);
    HookOutcome out;
    out.ok = true;
    if (std::ranges::find(failing, system + " " + action) != failing.end()) {
      out.ok = false;
      out.exit_code = 2;
      return out;
    }
    auto& answers = still_there[system];
    if (action == "verify" && !answers.empty()) {
      out.still_there = answers.front();
      out.ok = !out.still_there;
      out.exit_code = out.ok ? 0 : 1;
      answers.pop_front();
    }
    return out;
  }
};

// "a, b, c": a list as one string, which doctest shows when a check fails.
std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

SystemConfig probed(const std::string& name, int verify_seconds = 0) {
  SystemConfig s;
  s.name = name;
  s.erase = "erase " + name;
  s.verify = "verify " + name;
  s.verify_seconds = verify_seconds;
  return s;
}

// A fresh World with contact c-1 and its pending request 1 (filed by alice).
struct VerifyWorld {
  World w{test::Where::memory};
  ProbeHooks probes;
  std::int64_t id = 0;

  explicit VerifyWorld(std::vector<SystemConfig> systems) {
    w.config.systems = std::move(systems);
    w.contact("c-1");
    id = w.request("c-1");
  }
  Service as(const std::string& actor) { return Service(*w.store, w.config, w.clock, actor, probes); }
  [[nodiscard]] Request request() { return as("x").show_request(id); }
  // The step of `system` and `action`; fails the test when there is none.
  [[nodiscard]] Step step(const std::string& system, StepAction action) {
    for (const auto& s : request().steps) {
      if (s.system == system && s.action == action) return s;
    }
    FAIL("no step " << system << " " << to_string(action));
    return {};
  }
  // The audit events with `action`.
  [[nodiscard]] std::vector<AuditEvent> events(const std::string& action) {
    std::vector<AuditEvent> out;
    as("x").audit(AuditFilter{}, [&](const AuditEvent& e) {
      if (e.action == action) out.push_back(e);
    });
    return out;
  }
  void put(const Step& s) {
    auto tx = w.store->begin_write();
    w.store->put_step(id, s);
    tx->commit();
  }
};

// A pid that certainly belongs to no process: a child that has exited and been reaped.
std::int64_t dead_pid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  ::waitpid(pid, nullptr, 0);
  return pid;
}

}  // namespace

TEST_SUITE("steps.verify") {
  TEST_CASE("plan: an erase is followed by its probe only where the system has one") {
    SystemConfig hubspot;
    hubspot.name = "hs";
    hubspot.kind = SystemKind::hubspot;
    hubspot.erase = "hubspot: gdpr-delete";
    hubspot.verify = "hubspot: get";
    SystemConfig unprobed = probed("shop");
    unprobed.verify.clear();
    SystemConfig hold_only;
    hold_only.name = "mailer";
    hold_only.hold = "hold mailer";
    hold_only.verify = "verify mailer";  // nothing to prove without an erase
    VerifyWorld v({probed("crm"), unprobed, hubspot, hold_only});
    const DecisionResult result = v.as("bob").approve(v.id, "", test::yes());
    CHECK(result.erased);
    std::vector<std::string> planned;
    for (const auto& s : v.request().steps) {
      if (s.action != StepAction::hold) planned.push_back(s.system + " " + std::string(to_string(s.action)));
    }
    // Stored erases first, then the probes, each in the policy's order; run each erase with its probe.
    CHECK(joined(planned) == "crm erase, shop erase, hs erase, crm verify, hs verify");
    CHECK(joined(v.probes.calls) == "crm erase, crm verify, shop erase, hs erase, hs verify");
    CHECK(v.events("step.verified").size() == 2);
  }

  TEST_CASE("Steps::plan: each erase followed by its probe, in the policy's order") {
    SystemConfig unprobed = probed("shop");
    unprobed.verify.clear();
    VerifyWorld v({probed("crm"), unprobed, probed("jet")});
    const std::string actor = "bob";
    const workflow::Context ctx{.store = *v.w.store, .config = v.w.config, .clock = v.w.clock, .actor = actor,
                                .hooks = v.probes};
    const workflow::Steps steps(ctx);
    std::vector<std::string> planned;
    for (const auto& s : steps.plan(StepAction::erase)) {
      CHECK(s.state == StepState::pending);
      planned.push_back(s.system + " " + std::string(to_string(s.action)));
    }
    CHECK(joined(planned) == "crm erase, crm verify, shop erase, jet erase, jet verify");
    CHECK(steps.plan(StepAction::hold).empty());
    CHECK(joined(steps.systems(StepAction::verify)) == "crm, jet");
  }

  TEST_CASE("a probe that finds the contact: the step fails, the request stays approved") {
    VerifyWorld v({probed("crm")});
    v.probes.still_there["crm"] = {true};
    const auto started = std::chrono::steady_clock::now();
    const DecisionResult result = v.as("bob").approve(v.id, "", test::yes());
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(400));  // verify_seconds = 0
    CHECK_FALSE(result.erased);
    CHECK(joined(result.failed) == "crm verify: the contact is still there after erase");
    CHECK(joined(v.probes.calls) == "crm erase, crm verify");
    CHECK(v.request().state == RequestState::approved);
    CHECK(v.step("crm", StepAction::erase).state == StepState::done);
    const Step verify = v.step("crm", StepAction::verify);
    CHECK(verify.state == StepState::failed);
    CHECK(verify.attempts == 1);
    const auto failed = v.events("step.failed");
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].request_id == v.id);
    CHECK(audit::details_of(failed[0]) == nlohmann::json{{"system", "crm"},
                                                          {"action", "verify"},
                                                          {"attempt", 1},
                                                          {"outcome", "the contact is still there after erase"}});
    CHECK(v.events("step.verified").empty());
    CHECK(v.as("x").reminders().at(0).reasons.at(0) == "step failed: crm verify");

    SUBCASE("retry erases again before the probe; gone ends the erasure") {
      v.probes.calls.clear();
      const auto results = v.as("carol").retry(v.id);
      REQUIRE(results.size() == 1);
      CHECK(results[0].erased);
      CHECK(results[0].failed.empty());
      CHECK(joined(v.probes.calls) == "crm erase, crm verify");
      const Request r = v.request();
      CHECK(r.state == RequestState::erased);
      CHECK(v.step("crm", StepAction::verify).state == StepState::done);
      CHECK(v.step("crm", StepAction::verify).attempts == 2);
      const auto verified = v.events("step.verified");
      REQUIRE(verified.size() == 1);
      CHECK(audit::details_of(verified[0]) ==
            nlohmann::json{{"system", "crm"}, {"action", "verify"}, {"attempt", 2}, {"outcome", "gone"}});
      REQUIRE(proof_of(r).size() == 1);
      CHECK(proof_of(r)[0].verified);
    }
    SUBCASE("retry while the system still has it: failed again, still approved") {
      v.probes.still_there["crm"] = {true};
      const auto results = v.as("carol").retry(v.id);
      REQUIRE(results.size() == 1);
      CHECK_FALSE(results[0].erased);
      CHECK(v.request().state == RequestState::approved);
      CHECK(v.events("step.failed").size() == 2);
    }
  }

  TEST_CASE("a probe that fails with an error is a failed step at once, a failed erase has no probe") {
    VerifyWorld v({probed("crm", 10)});
    SUBCASE("the probe exits 2: not asked again for verify_seconds") {
      v.probes.failing = {"crm verify"};
      const auto started = std::chrono::steady_clock::now();
      const DecisionResult result = v.as("bob").approve(v.id, "", test::yes());
      CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
      CHECK(joined(result.failed) == "crm verify: exited with status 2");
      CHECK(joined(v.probes.calls) == "crm erase, crm verify");
      CHECK(v.step("crm", StepAction::verify).state == StepState::failed);
    }
    SUBCASE("the erase fails: the probe is not run") {
      v.probes.failing = {"crm erase"};
      (void)v.as("bob").approve(v.id, "", test::yes());
      CHECK(joined(v.probes.calls) == "crm erase");
      CHECK(v.step("crm", StepAction::verify).state == StepState::pending);
    }
    CHECK(v.request().state == RequestState::approved);
    CHECK(v.events("step.verified").empty());
  }

  TEST_CASE("a probe that still finds the contact is asked again within verify_seconds") {
    SUBCASE("still there, then gone: done") {
      VerifyWorld v({probed("crm", 2)});
      v.probes.still_there["crm"] = {true, false};
      const DecisionResult result = v.as("bob").approve(v.id, "", test::yes());
      CHECK(result.erased);
      CHECK(joined(v.probes.calls) == "crm erase, crm verify, crm verify");
      const Step verify = v.step("crm", StepAction::verify);
      CHECK(verify.state == StepState::done);
      CHECK(verify.attempts == 1);  // one step, asked twice
      CHECK(v.events("step.failed").empty());
      CHECK(v.events("step.verified").size() == 1);
    }
    SUBCASE("still there until verify_seconds are over: failed") {
      VerifyWorld v({probed("crm", 1)});
      v.probes.still_there["crm"] = {true, true, true, true, true};
      const DecisionResult result = v.as("bob").approve(v.id, "", test::yes());
      CHECK_FALSE(result.erased);
      CHECK(joined(v.probes.calls) == "crm erase, crm verify, crm verify");  // at 0 s and 0.5 s
      CHECK(v.step("crm", StepAction::verify).state == StepState::failed);
    }
  }

  TEST_CASE("a crash between erase and verify resumes at the probe") {
    VerifyWorld v({probed("crm")});
    v.probes.still_there["crm"] = {true};
    (void)v.as("bob").approve(v.id, "", test::yes());
    const Step erase = v.step("crm", StepAction::erase);
    const auto erase_events = [&] {
      std::size_t n = 0;
      for (const auto& e : v.events("step.done")) n += audit::details_of(e).at("action") == "erase" ? 1 : 0;
      return n;
    };
    REQUIRE(erase_events() == 1);
    Step verify = v.step("crm", StepAction::verify);
    SUBCASE("the probe was claimed by a runner that died: retry only asks, the erase was done") {
      verify.state = StepState::running;
      verify.runner_pid = dead_pid();
      v.put(verify);
      CHECK(v.as("x").reminders().at(0).reasons.at(0) == "step interrupted: crm verify");
      v.probes.calls.clear();
      const auto results = v.as("carol").retry(v.id);
      REQUIRE(results.size() == 1);
      CHECK(results[0].erased);
      CHECK(joined(results[0].ran) == "crm verify");
      CHECK(joined(v.probes.calls) == "crm verify");
      CHECK(v.step("crm", StepAction::verify).attempts == 2);
    }
    SUBCASE("the probe was not claimed yet: retry runs only the probe") {
      verify.state = StepState::pending;
      verify.attempts = 0;
      v.put(verify);
      v.probes.calls.clear();
      const auto results = v.as("carol").retry(v.id);
      REQUIRE(results.size() == 1);
      CHECK(results[0].erased);
      CHECK(joined(v.probes.calls) == "crm verify");
      CHECK(v.step("crm", StepAction::verify).attempts == 1);
    }
    SUBCASE("a failed probe queued again as pending (the worker's retry): erased again inside the probe") {
      verify.state = StepState::pending;
      v.put(verify);  // attempts 1: it ran before
      v.probes.calls.clear();
      const auto results = v.as("carol").retry(v.id);
      REQUIRE(results.size() == 1);
      CHECK(results[0].erased);
      CHECK(joined(v.probes.calls) == "crm erase, crm verify");
      CHECK(v.step("crm", StepAction::verify).attempts == 2);
    }
    // The erase step is not run again as a step of its own: as it was, and no second step.done.
    const Step after = v.step("crm", StepAction::erase);
    CHECK(after.state == StepState::done);
    CHECK(after.attempts == erase.attempts);
    CHECK(after.updated_at == erase.updated_at);
    CHECK(erase_events() == 1);
    CHECK(v.request().state == RequestState::erased);
    CHECK(v.events("step.verified").size() == 1);
  }
}
