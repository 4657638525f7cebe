#include <fstream>
#include <iterator>
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include "gdpr/hooks.hpp"
#include "../helpers.hpp"

using namespace gdpr;
using test::World;

namespace {

SystemConfig erase_only(const std::string& name) {
  SystemConfig s;
  s.name = name;
  s.erase = "erase " + name;
  return s;
}

// A pid that certainly belongs to no process: a child that has exited and been reaped.
std::int64_t dead_pid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  ::waitpid(pid, nullptr, 0);
  return pid;
}

// Leaves request `id`'s erase step for `system` as if a process `pid` were running it.
void mark_running(World& w, std::int64_t id, const std::string& system, std::int64_t pid) {
  Step s;
  s.system = system;
  s.action = StepAction::erase;
  s.state = StepState::running;
  s.attempts = 1;
  s.runner_pid = pid;
  s.updated_at = "2026-11-29T12:00:00Z";
  auto tx = w.store->begin_write();
  w.store->put_step(id, s);
  tx->commit();
}

}  // namespace

TEST_SUITE("steps") {
  TEST_CASE("plan: one step per system that has a command for the action") {
    World w;
    SystemConfig hold_only;
    hold_only.name = "mailer";
    hold_only.hold = "hold mailer";
    w.config.systems = {erase_only("crm"), hold_only};
    w.contact("c-1");
    const auto id = w.request("c-1");
    Request r = w.as("x").show_request(id);
    REQUIRE(r.steps.size() == 1);
    CHECK(r.steps[0].system == "mailer");
    CHECK(r.steps[0].action == StepAction::hold);
    CHECK(r.steps[0].state == StepState::done);
    (void)w.as("bob").approve(id, "", test::yes());
    r = w.as("x").show_request(id);
    REQUIRE(r.steps.size() == 2);
    CHECK(r.steps[1].system == "crm");
    CHECK(r.steps[1].action == StepAction::erase);
  }

  TEST_CASE("resume: an interrupted step runs again, a done one never") {
    World w;
    w.config.systems = {erase_only("a"), erase_only("b")};
    w.contact("c-1");
    const auto id = w.request("c-1");
    w.hooks.failing = {"b"};
    (void)w.as("bob").approve(id, "", test::yes());
    mark_running(w, id, "b", dead_pid());  // as after kill -9 of the process running it
    w.hooks.failing.clear();
    w.hooks.calls.clear();
    const auto reminders = w.as("x").reminders();
    REQUIRE(reminders.size() == 1);
    CHECK(reminders[0].reasons.at(0) == "step interrupted: b erase");
    const auto results = w.as("carol").retry(id);
    REQUIRE(w.hooks.calls.size() == 1);
    CHECK(w.hooks.calls[0].command == "erase b");
    CHECK(results.at(0).erased);
    const Request r = w.as("x").show_request(id);
    CHECK(r.steps.at(1).attempts == 2);  // mark_running left 1
  }

  TEST_CASE("an erasure is run and finished only by a reviewer who did not file it, or an admin") {
    World w;
    w.config.systems = {erase_only("crm")};
    w.config.admins = {"root"};
    w.contact("c-1");
    const auto id = w.request("c-1", "carol");  // a reviewer files
    w.hooks.failing = {"crm"};
    (void)w.as("bob").approve(id, "", test::yes());
    w.hooks.failing.clear();
    w.hooks.calls.clear();
    CHECK_GDPR_ERROR(w.as("carol").retry(id), ErrorKind::forbidden,
                     "four-eyes rule: 'carol' filed request 1; another reviewer (or an admin's `gdpr retry`) must run "
                     "and finish its erasure");
    CHECK_GDPR_ERROR(w.as("x").retry(id), ErrorKind::forbidden,
                     "'x' is not a reviewer (roles.reviewers in built-in defaults): only a reviewer who did not file "
                     "request 1, or an admin, runs and finishes its erasure");
    CHECK_GDPR_ERROR(w.as("carol").approve(id, "", test::yes()), ErrorKind::forbidden,
                     "four-eyes rule: 'carol' filed request 1; another reviewer (or an admin's `gdpr retry`) must run "
                     "and finish its erasure");
    // retry --all (cron) by the filer leaves it to others and says so; nothing ran
    const auto left = w.as("carol").retry(std::nullopt);
    REQUIRE(left.size() == 1);
    CHECK(left[0].left_to_others);
    CHECK(w.hooks.calls.empty());
    CHECK(w.as("x").show_request(id).state == RequestState::approved);
    // the admin's cron job finishes it
    const auto done = w.as("root").retry(std::nullopt);
    REQUIRE(done.size() == 1);
    CHECK(done[0].erased);
    CHECK(w.hooks.calls.size() == 1);
  }

  TEST_CASE("resume: a step running in a live process is left alone") {
    World w;
    w.config.systems = {erase_only("a")};
    w.contact("c-1");
    const auto id = w.request("c-1");
    w.hooks.failing = {"a"};
    (void)w.as("bob").approve(id, "", test::yes());
    mark_running(w, id, "a", ::getppid());  // another live process
    w.hooks.failing.clear();
    w.hooks.calls.clear();
    const auto results = w.as("carol").retry(id);
    CHECK(w.hooks.calls.empty());
    REQUIRE(results.size() == 1);
    CHECK(results[0].busy.size() == 1);
    CHECK(!results[0].erased);
    CHECK(w.as("x").show_request(id).state == RequestState::approved);
  }

  TEST_CASE("the hook gets ids in the environment and the contact on stdin") {
    World w;
    w.config.systems = {erase_only("crm")};
    w.contact("c-1");
    (void)w.as("bob").approve(w.request("c-1"), "", test::yes());
    REQUIRE(w.hooks.calls.size() == 1);
    const auto& env = w.hooks.calls[0].env;
    const std::vector<std::pair<std::string, std::string>> expected = {{"GDPR_ACTION", "erase"},
                                                                       {"GDPR_SYSTEM", "crm"},
                                                                       {"GDPR_CONTACT_ID", "c-1"},
                                                                       {"GDPR_REQUEST_ID", "1"},
                                                                       {"GDPR_ACTOR", "bob"}};
    CHECK(env == expected);
  }

  TEST_CASE("ShellHookRunner") {
    test::TempDir dir;
    ShellHookRunner runner;
    HookInvocation inv;
    inv.timeout_seconds = 5;
    SUBCASE("stdin and environment reach the command; exit status is reported") {
      inv.command = "cat > '" + dir.file("in") + "'; printf '%s' \"$GDPR_CONTACT_ID\" > '" + dir.file("env") + "'; exit 3";
      inv.input = R"({"id":"x"})";
      inv.env = {{"GDPR_CONTACT_ID", "$(touch pwned)"}};
      const HookOutcome out = runner.run(inv);
      CHECK(!out.ok);
      CHECK(out.exit_code == 3);
      CHECK(out.describe() == "exited with status 3");
      std::ifstream in(dir.file("in"));
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      CHECK(text == R"({"id":"x"})");
      std::ifstream env(dir.file("env"));
      std::string value((std::istreambuf_iterator<char>(env)), std::istreambuf_iterator<char>());
      CHECK(value == "$(touch pwned)");
    }
    SUBCASE("a command that ignores a large stdin still succeeds") {
      inv.command = "true";
      inv.input = std::string(1 << 20, 'x');
      CHECK(runner.run(inv).ok);
    }
    SUBCASE("timeout") {
      inv.command = "sleep 30";
      inv.timeout_seconds = 1;
      const HookOutcome out = runner.run(inv);
      CHECK(out.timed_out);
      CHECK(out.describe() == "timed out and was killed");
    }
  }
}
