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
  }
  return system.hold;
}

enum class Claim { claimed, done, busy, left };

// Why the worker's last run of `step` failed, as its `step.failed` event recorded it.
std::string worker_failure(const Context& ctx, std::int64_t request_id, const Step& step) {
  AuditFilter filter;
  filter.request_id = request_id;
  filter.action = "step.failed";
  std::string outcome;
  ctx.store.for_each_audit(filter, [&](const AuditEvent& e) {
    const nlohmann::json details = audit::details_of(e);
    if (details.is_object() && details.value("system", "") == step.system &&
        details.value("action", "") == to_string(step.action)) {
      outcome = details.value("outcome", "");
    }
  });
  return outcome.empty() ? trf("failed in the worker (attempt {})", step.attempts)
                         : trf("{} (in the worker, attempt {})", outcome, step.attempts);
}

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

std::string step_label(const Step& step) { return fmt::format("{} {}", step.system, to_string(step.action)); }

bool interrupted(const Step& step, Store& store) {
  return step.state == StepState::running && step.runner_pid != store.runner_id() && !store.runner_alive(step.runner_pid);
}

std::vector<Step> Steps::plan(StepAction action) const {
  std::vector<Step> steps;
  for (const auto& system : ctx_.config.systems) {
    if (command_for(system, action).empty()) continue;
    Step s;
    s.system = system.name;
    s.action = action;
    s.state = StepState::pending;
    s.updated_at = ctx_.now();
    steps.push_back(std::move(s));
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
                     const std::string& command, Claimed& claimed) {
  HookInvocation inv;
  inv.kind = system.kind;
  inv.system = &system;
  inv.command = command;
  inv.database = system.database;
  if (system.kind == SystemKind::command) {
    inv.input = std::move(claimed.input);
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
  ctx.record(outcome.ok ? "step.done" : "step.failed", request.id, request.contact_id,
             {{"system", step.system},
              {"action", to_string(step.action)},
              {"attempt", step.attempts},
              {"outcome", outcome.describe()}});
  tx->commit();
}

}  // namespace

void Steps::run(const Request& request, StepAction action, DecisionResult& result) const {
  if (ctx_.config.runner == StepRunner::worker) {
    hand_to_worker(request, action, result);
  } else {
    run_here(request, action, result);
  }
}

void Steps::hand_to_worker(const Request& request, StepAction action, DecisionResult& result) const {
  const std::vector<std::string> names = systems(action);
  if (names.empty()) return;
  {
    // Recorded (a failed step queued again) and the worker told, in one transaction.
    auto tx = ctx_.store.begin_write();
    const std::vector<Step> stored = ctx_.store.steps_of(request.id);
    for (const auto& name : names) {
      auto it = std::ranges::find_if(stored, [&](const Step& s) { return s.system == name && s.action == action; });
      Step step;
      if (it != stored.end()) {
        if (it->state != StepState::failed) continue;  // pending already, running, or done
        step = *it;
      } else {
        step.system = name;
        step.action = action;
      }
      step.state = StepState::pending;
      step.runner_pid = 0;
      step.updated_at = ctx_.now();
      ctx_.store.put_step(request.id, step);
    }
    ctx_.store.steps_queued();
    tx->commit();
  }
  // Waits for the worker: a short poll of the steps' states, as long as the policy says.
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::seconds(ctx_.config.wait_seconds);
  for (;;) {
    const std::vector<Step> stored = ctx_.store.steps_of(request.id);
    std::vector<Step> open;
    std::vector<Step> failed;
    for (const auto& s : stored) {
      if (s.action != action || std::ranges::find(names, s.system) == names.end()) continue;
      if (s.state == StepState::pending || s.state == StepState::running) open.push_back(s);
      if (s.state == StepState::failed) failed.push_back(s);
    }
    if (open.empty() || Clock::now() >= deadline) {
      for (const auto& s : failed) {
        result.failed.push_back(fmt::format("{}: {}", step_label(s), worker_failure(ctx_, request.id, s)));
      }
      for (const auto& s : open) result.waiting.push_back(step_label(s));
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

void Steps::run_here(const Request& request, StepAction action, DecisionResult& result, StepsToRun which) const {
  for (const auto& system : ctx_.config.systems) {
    const std::string& command = command_for(system, action);
    if (command.empty()) continue;
    Claimed claimed = claim_step(ctx_, request, system, action, which);
    if (claimed.claim == Claim::done || claimed.claim == Claim::left) continue;
    if (claimed.claim == Claim::busy) {
      result.busy.push_back(trf("{}: being run by process {}", step_label(claimed.step), claimed.step.runner_pid));
      continue;
    }
    const HookOutcome outcome = run_hook(ctx_, request, system, action, command, claimed);
    record_outcome(ctx_, request, claimed.step, outcome);
    if (outcome.ok) {
      result.ran.push_back(step_label(claimed.step));
    } else {
      result.failed.push_back(fmt::format("{}: {}", step_label(claimed.step), outcome.describe(Language::local)));
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
