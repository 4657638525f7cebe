// `gdpr worker` (SPEC §11): with policy `[steps] runner = "worker"` the commands only record the
// linked-system steps; the worker, the one process that holds the systems' credentials, claims
// and runs them with the same protocol as a command would (steps.hpp). It decides nothing: it
// runs, for each request, only the steps of the action its state calls for (an erasure only once
// the request is approved), and leaves a failed step to `retry` and the end of an erasure to the
// reviewer's command that waits for it (or a later `retry`).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "gdpr/workflow/context.hpp"
#include "gdpr/workflow/steps.hpp"

namespace gdpr::workflow {

// What one pass over the queue did, per request.
struct WorkerPass {
  struct Ran {
    std::int64_t request_id = 0;
    std::vector<std::string> done;    // "SYSTEM ACTION"
    std::vector<std::string> failed;  // "SYSTEM ACTION: why"
    std::vector<std::string> busy;    // another live runner holds it
  };
  std::vector<Ran> requests;
};

class Worker {
 public:
  explicit Worker(const Context& context) : ctx_(context), steps_(context) {}

  // Error(forbidden) unless the actor may be the worker (rules::check_is_worker), and Error(usage)
  // when the policy does not hand steps to a worker.
  void check_may_run() const;
  // Runs every step that is queued (pending) or was interrupted (running under a runner that is
  // gone) and belongs to the action of its request's state, once.
  [[nodiscard]] WorkerPass run_queued() const;

 private:
  const Context& ctx_;
  Steps steps_;
};

}  // namespace gdpr::workflow
