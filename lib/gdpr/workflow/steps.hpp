// The linked-system steps of a request, crash-safe (docs/ARCHITECTURE.md, "Transactions and
// steps"): plan one step per linked system, claim each in a transaction of its own, run its hook
// outside any transaction, record the outcome with its event, and finish the erasure once every
// system has erased. A crash between any two of these leaves a state that `resume` picks up. As
// ninja's Builder hands commands to its CommandRunner, the decisions (file, approve, reject,
// retry) decide and hand the request they loaded to Steps, which carries the steps out.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gdpr/model.hpp"
#include "gdpr/workflow/context.hpp"
#include "gdpr/workflow/letters.hpp"

namespace gdpr {

// What replaces an erased contact's values in the free texts of its requests (SPEC §5).
inline constexpr std::string_view k_erased_marker = "[erased]";

// What a decision (or a retry) did.
struct DecisionResult {
  Request request;
  bool erased = false;                 // the contact is gone
  int approvals_missing = 0;          // reviewers still needed
  std::vector<std::string> failed;    // steps that failed, "SYSTEM ACTION: why"
  std::vector<std::string> busy;      // steps another live process is running
  std::vector<std::string> waiting;   // steps the worker has not run yet ([steps] runner = "worker")
  std::vector<std::string> ran;       // steps this process ran and that are done, "SYSTEM ACTION"
  bool left_to_others = false;        // retry --all: an erasure another reviewer (or an admin) must run
  bool scrub_incomplete = false;      // erased bytes could not be scrubbed from the files yet
  std::string scrub_note;             // then: why, and what finishes it (from the store)
};

}  // namespace gdpr

namespace gdpr::workflow {

// Which of a request's steps a run claims: every one not done (a command, `retry`), or only those
// queued for the worker and those whose runner died (the worker).
enum class StepsToRun { unfinished, queued_only };

// The steps that matter in a request's state: a rejected request's hold steps are moot, except
// when it was rejected for a retention duty (the contact stays restricted, held everywhere).
[[nodiscard]] StepAction relevant_action(const Request& request);
// Whether `step` is one of `action`'s: an erase's are its probes too (SPEC §13).
[[nodiscard]] bool part_of(const Step& step, StepAction action);
// "SYSTEM ACTION", as messages name a step.
[[nodiscard]] std::string step_label(const Step& step);
// A step left `running` by a runner that is gone was interrupted and may run again.
[[nodiscard]] bool interrupted(const Step& step, Store& store);

class Steps {
 public:
  explicit Steps(const Context& context) : ctx_(context) {}

  // One pending step per linked system of the policy that has a command for `action`; for an
  // erase, each followed by its probe (verify) where the system has one.
  [[nodiscard]] std::vector<Step> plan(StepAction action) const;
  // The names of those systems.
  [[nodiscard]] std::vector<std::string> systems(StepAction action) const;

  // Carries out every step of `action` of `request` (as the caller loaded it): in this process
  // (run_here), or with `[steps] runner = "worker"` by recording them for the worker and waiting
  // up to `steps.wait_seconds` for it (a failed step is queued again; result.waiting lists what
  // the worker has not run yet, result.failed what it could not).
  void run(const Request& request, StepAction action, DecisionResult& result) const;
  // Claims, runs and records every step of `action` of `request`, each claim and each outcome in
  // a write transaction of its own; a step done stays done, one that another live runner holds is
  // left to it (result.busy), a failure goes to result.failed. The worker runs steps this way.
  // `which`: queued_only leaves a failed step to `retry` (the worker runs what was queued).
  void run_here(const Request& request, StepAction action, DecisionResult& result,
                StepsToRun which = StepsToRun::unfinished) const;
  // Ends an approved erasure when every planned erase step is done: the contact is erased here,
  // under the write lock, with the request loaded once; then the files are scrubbed. `letter`
  // (if set) gets the confirmation first, while the contact's address still exists.
  void finish(std::int64_t id, DecisionResult& result, const LetterSink& letter = {}) const;
  // In the caller's write transaction: the contact becomes a tombstone (values gone, e-mail
  // fingerprint kept, its values blanked out of the free texts), the request erased, with
  // `request.erased`; before that, `letter` (if set) gets the confirmation (`letter.issued`).
  void erase_locally(Request& request, Contact& contact, const LetterSink& letter = {}) const;
  // Picks `request` up where it stopped: its unfinished steps, then an approved erasure's end
  // (only by whom rules::check_can_finish_erasure allows), with `letter` as in finish().
  [[nodiscard]] DecisionResult resume(const Request& request, const LetterSink& letter = {}) const;

 private:
  // run() for the worker: queue, tell it, wait (handover.cpp).
  void hand_to_worker(const Request& request, StepAction action, DecisionResult& result) const;
  // Claims, runs and records the step of `action` in `system`; true when it is done (now or
  // before). A verify step is the probe of steps.cpp's probe().
  bool run_step(const Request& request, const SystemConfig& system, StepAction action, DecisionResult& result,
                StepsToRun which) const;

  const Context& ctx_;
};

}  // namespace gdpr::workflow
