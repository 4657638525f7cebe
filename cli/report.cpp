#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/i18n.hpp"
#include "output.hpp"
#include "gdpr/error.hpp"

namespace gdpr::cli {

void report_steps(const Context& ctx, const DecisionResult& result) {
  if (result.scrub_incomplete) {
    ctx.warn(result.scrub_note);
  }
  if (!result.waiting.empty()) {
    std::string list;
    for (const auto& w : result.waiting) list += "\n  " + w;
    ctx.warn(trf("request {}: waiting for the worker (`gdpr worker`):{}\nThe steps run when it is up; `gdpr review {}` "
                 "shows them, and an erasure ends with `gdpr retry {}` once they are done",
                 result.request.id, list, result.request.id, result.request.id));
  }
  if (!result.failed.empty()) {
    std::string list;
    for (const auto& f : result.failed) list += "\n  " + f;  // made inert by print_error
    throw Error(ErrorKind::step_failed,
                trf("request {}: {} linked-system step(s) failed:{}\nFix the system, then run `gdpr retry {}`",
                            result.request.id, result.failed.size(), list, result.request.id));
  }
  if (!result.busy.empty()) {
    std::string list;
    for (const auto& b : result.busy) list += "\n  " + b;
    throw Error(ErrorKind::conflict,
                trf("request {}: steps are in progress in another process:{}", result.request.id, list));
  }
}

}  // namespace gdpr::cli
