// Handing a request's steps to the worker and waiting for it ([steps] runner = "worker", SPEC
// §11): the half of Steps that a command runs when it holds no credential of a linked system.
#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "gdpr/audit.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/workflow/steps.hpp"

namespace gdpr::workflow {

namespace {

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

void Steps::hand_to_worker(const Request& request, StepAction action, DecisionResult& result) const {
  const std::vector<Step> planned = plan(action);  // with an erase, its probes
  if (planned.empty()) return;
  auto is_planned = [&](const Step& s) {
    return std::ranges::any_of(planned, [&](const Step& p) { return p.system == s.system && p.action == s.action; });
  };
  {
    // Recorded (a failed step queued again) and the worker told, in one transaction.
    auto tx = ctx_.store.begin_write();
    const std::vector<Step> stored = ctx_.store.steps_of(request.id);
    for (const auto& p : planned) {
      auto it = std::ranges::find_if(stored, [&](const Step& s) { return s.system == p.system && s.action == p.action; });
      Step step = p;
      if (it != stored.end()) {
        if (it->state != StepState::failed) continue;  // pending already, running, or done
        step = *it;
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
      if (!is_planned(s)) continue;
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

}  // namespace gdpr::workflow
