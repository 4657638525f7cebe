#include "gdpr/workflow/worker.hpp"

#include <algorithm>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/rules.hpp"

namespace gdpr::workflow {

void Worker::check_may_run() const {
  rules::check_is_worker(ctx_.actor, ctx_.config);
  if (ctx_.config.runner != StepRunner::worker) {
    throw Error(ErrorKind::usage, trf("the policy of {} runs the steps in the commands (steps.runner = \"inline\"); "
                                      "set steps.runner = \"worker\" with `gdpr policy apply` first",
                                      ctx_.store.location()));
  }
}

WorkerPass Worker::run_queued() const {
  WorkerPass pass;
  for (const std::int64_t id : ctx_.store.requests_with_unfinished_steps()) {
    const Request request = ctx_.load_request(id);
    const StepAction action = relevant_action(request);
    const bool queued = std::ranges::any_of(request.steps, [&](const Step& s) {
      return part_of(s, action) && (s.state == StepState::pending || interrupted(s, ctx_.store));
    });
    if (!queued) continue;  // failed (left to `retry`), moot, or another runner's
    DecisionResult result;
    steps_.run_here(request, action, result, StepsToRun::queued_only);
    pass.requests.push_back({id, std::move(result.ran), std::move(result.failed), std::move(result.busy)});
  }
  return pass;
}

}  // namespace gdpr::workflow
