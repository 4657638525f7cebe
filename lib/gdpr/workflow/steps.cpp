#include "gdpr/workflow/steps.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "gdpr/audit.hpp"
#include "gdpr/hooks.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/rules.hpp"
#include "gdpr/text.hpp"

namespace gdpr::workflow {

namespace {

const std::string& command_for(const SystemConfig& system, StepAction action) {
  switch (action) {
    case StepAction::hold: return system.hold;
    case StepAction::release: return system.release;
    case StepAction::erase: return system.erase;
    case StepAction::verify: return system.erase.empty() ? system.erase : system.verify;
  }
  return system.hold;
}

enum class Claim { claimed, done, busy, left };

}  // namespace

StepAction relevant_action(const Request& request) {
  switch (request.state) {
    case RequestState::pending: return StepAction::hold;
    case RequestState::approved:
    case RequestState::erased: return StepAction::erase;
    case RequestState::rejected: return request.retain_until ? StepAction::hold : StepAction::release;
    case RequestState::withdrawn: return StepAction::release;
  }
  return StepAction::hold;
}

bool part_of(const Step& step, StepAction action) {
  return step.action == action || (action == StepAction::erase && step.action == StepAction::verify);
}

std::string step_label(const Step& step) { return fmt::format("{} {}", step.system, to_string(step.action)); }

bool interrupted(const Step& step, Store& store) {
  return step.state == StepState::running && step.runner_pid != store.runner_id() && !store.runner_alive(step.runner_pid);
}

std::vector<Step> Steps::plan(StepAction action) const {
  std::vector<Step> steps;
  auto add = [&](const std::string& system, StepAction a) {
    Step s;
    s.system = system;
    s.action = a;
    s.state = StepState::pending;
    s.updated_at = ctx_.now();
    steps.push_back(std::move(s));
  };
  for (const auto& system : ctx_.config.systems) {
    if (command_for(system, action).empty()) continue;
    add(system.name, action);
    // An erase is proven by its probe, a step of its own (SPEC §13).
    if (action == StepAction::erase && !system.verify.empty()) add(system.name, StepAction::verify);
  }
  return steps;
}

std::vector<std::string> Steps::systems(StepAction action) const {
  std::vector<std::string> out;
  for (const auto& system : ctx_.config.systems) {
    if (!command_for(system, action).empty()) out.push_back(system.name);
  }
  return out;
}

namespace {

// A step claimed for this process (with the hook's input), done already, or another live
// process's.
struct Claimed {
  Claim claim = Claim::claimed;
  Step step;
  StepState before = StepState::pending;  // the step's state when it was claimed
  std::string input;
  std::string email;      // for :email of the SQL kinds: trimmed, lower case
  std::string record_id;  // HubSpot: the value of record_id_property, if the contact has it
};

// Claims the step of `system` in its own transaction, so that no two processes run it at once:
// its state is read again under the write lock.
Claimed claim_step(const Context& ctx, const Request& request, const SystemConfig& system, StepAction action,
                   StepsToRun which) {
  Store& store = ctx.store;
  Claimed out;
  auto tx = store.begin_write();
  const std::vector<Step> stored = store.steps_of(request.id);
  auto it = std::ranges::find_if(stored,
                         [&](const Step& s) { return s.system == system.name && s.action == action; });
  if (it == stored.end()) {
    out.step.system = system.name;
    out.step.action = action;
    out.step.state = StepState::pending;
  } else {
    out.step = *it;
  }
  Step& step = out.step;
  if (step.state == StepState::done) {
    out.claim = Claim::done;
    return out;
  }
  if (step.state == StepState::running && step.runner_pid != store.runner_id() && store.runner_alive(step.runner_pid)) {
    out.claim = Claim::busy;
    return out;
  }
  if (which == StepsToRun::queued_only && step.state == StepState::failed) {
    out.claim = Claim::left;  // `retry` queues it again
    return out;
  }
  out.before = step.state;
  step.state = StepState::running;
  step.attempts += 1;
  step.runner_pid = store.runner_id();
  step.updated_at = ctx.now();
  store.put_step(request.id, step);
  const Contact c = ctx.load_contact(request.contact_id);
  nlohmann::ordered_json props = nlohmann::ordered_json::object();
  for (const auto& [name, value] : c.properties) props[name] = value;
  out.input = nlohmann::ordered_json{{"id", c.id}, {"properties", props}}.dump();
  out.email = rules::normalized_email(c.properties, ctx.config);
  for (const auto& [name, value] : c.properties) {
    if (!system.record_id_property.empty() && text::loose_key(name) == text::loose_key(system.record_id_property)) {
      out.record_id = std::string(text::trim(value));
    }
  }
  tx->commit();
  return out;
}

// Runs the hook of a claimed step, outside any transaction.
HookOutcome run_hook(const Context& ctx, const Request& request, const SystemConfig& system, StepAction action,
                     const std::string& command, const Claimed& claimed) {
  HookInvocation inv;
  inv.kind = system.kind;
  inv.system = &system;
  inv.command = command;
  inv.database = system.database;
  if (system.kind == SystemKind::command) {
    inv.input = claimed.input;
  } else {
    inv.params = {{"id", request.contact_id},
                  {"email", claimed.email},
                  {"request_id", std::to_string(request.id)},
                  {"record_id", claimed.record_id}};
  }
  inv.timeout_seconds = system.timeout_seconds;
  inv.env = {{"GDPR_ACTION", std::string(to_string(action))},
             {"GDPR_SYSTEM", system.name},
             {"GDPR_CONTACT_ID", request.contact_id},
             {"GDPR_REQUEST_ID", std::to_string(request.id)},
             {"GDPR_ACTOR", ctx.actor}};
  return ctx.hooks.run(inv);
}

// Records the outcome with its event, in a transaction of its own.
void record_outcome(const Context& ctx, const Request& request, Step& step, const HookOutcome& outcome) {
  auto tx = ctx.store.begin_write();
  step.state = outcome.ok ? StepState::done : StepState::failed;
  step.runner_pid = 0;
  step.updated_at = ctx.now();
  ctx.store.put_step(request.id, step);
  const char* event = !outcome.ok ? "step.failed" : step.action == StepAction::verify ? "step.verified" : "step.done";
  ctx.record(event, request.id, request.contact_id,
             {{"system", step.system},
              {"action", to_string(step.action)},
              {"attempt", step.attempts},
              {"outcome", step.action == StepAction::verify && outcome.ok ? "gone" : outcome.describe()}});
  tx->commit();
}

// The probe of a claimed verify step (SPEC §13): asked again, a second later and then less and
// less often, while the system still shows the contact, for up to `verify_seconds`. A probe that
// failed (it found the contact, or could not ask) erases again first: `retry` runs `erase` and the
// probe again, and erasing what is gone is done (the worker's `retry` queues a failed probe as
// pending again: one that ran before). A probe that was interrupted (a crash between erase and
// verify) only asks: the erase was done.
HookOutcome probe(const Context& ctx, const Request& request, const SystemConfig& system, const Claimed& claimed) {
  const bool failed_before = claimed.before == StepState::failed ||
                             (claimed.before == StepState::pending && claimed.step.attempts > 1);
  if (failed_before) {
    const HookOutcome erased = run_hook(ctx, request, system, StepAction::erase, system.erase, claimed);
    if (!erased.ok) return erased;
  }
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::seconds(system.verify_seconds);
  auto pause = std::chrono::milliseconds(500);
  for (;;) {
    HookOutcome outcome = run_hook(ctx, request, system, StepAction::verify, system.verify, claimed);
    if (!outcome.still_there || Clock::now() + pause > deadline) return outcome;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(4000));
  }
}

}  // namespace

void Steps::run(const Request& request, StepAction action, DecisionResult& result) const {
  if (ctx_.config.runner == StepRunner::worker) {
    hand_to_worker(request, action, result);
  } else {
    run_here(request, action, result);
  }
}

bool Steps::run_step(const Request& request, const SystemConfig& system, StepAction action, DecisionResult& result,
                     StepsToRun which) const {
  const std::string& command = command_for(system, action);
  if (command.empty()) return false;
  Claimed claimed = claim_step(ctx_, request, system, action, which);
  if (claimed.claim == Claim::done) return true;
  if (claimed.claim == Claim::left) return false;
  if (claimed.claim == Claim::busy) {
    result.busy.push_back(trf("{}: being run by process {}", step_label(claimed.step), claimed.step.runner_pid));
    return false;
  }
  const HookOutcome outcome = action == StepAction::verify ? probe(ctx_, request, system, claimed)
                                                           : run_hook(ctx_, request, system, action, command, claimed);
  record_outcome(ctx_, request, claimed.step, outcome);
  if (outcome.ok) {
    result.ran.push_back(step_label(claimed.step));
  } else {
    result.failed.push_back(fmt::format("{}: {}", step_label(claimed.step), outcome.describe(Language::local)));
  }
  return outcome.ok;
}

void Steps::run_here(const Request& request, StepAction action, DecisionResult& result, StepsToRun which) const {
  for (const auto& system : ctx_.config.systems) {
    // An erase is followed at once by its probe, also when it was done before (a crash between the
    // two resumes at the probe).
    if (run_step(request, system, action, result, which) && action == StepAction::erase) {
      (void)run_step(request, system, StepAction::verify, result, which);
    }
  }
}

DecisionResult Steps::resume(const Request& request, const LetterSink& letter) const {
  DecisionResult result;
  const RequestState state = request.state;
  if (state == RequestState::approved) rules::check_can_finish_erasure(request, ctx_.actor, ctx_.config);
  run(request, relevant_action(request), result);
  if (state == RequestState::approved) finish(request.id, result, letter);
  result.request = ctx_.load_request(request.id);
  return result;
}

}  // namespace gdpr::workflow
