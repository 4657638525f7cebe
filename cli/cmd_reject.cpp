#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/json.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct RejectOptions {
  std::int64_t rid = 0;
  std::string reason;
  bool lift_block = false;
};

void run_reject(Context& ctx, const RejectOptions& o) {
  const Format format = ctx.format({Format::text, Format::json});
  const DecisionResult r = ctx.service().reject(o.rid, Context::text_or_stdin(o.reason),
                                                o.lift_block ? LiftBlock::yes : LiftBlock::no);
  if (format == Format::json) {
    print_json(json::request(r.request));
  } else {
    fmt::print("{} request {}; contact {} is active again{}.\n",
               r.request.state == RequestState::withdrawn ? "Withdrew" : "Rejected", r.request.id,
               r.request.contact_id,
               o.lift_block ? " and may be mailed" : " (all-mail block kept; --lift-block lifts it)");
  }
  report_steps(ctx, r);
}

}  // namespace

void register_reject(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<RejectOptions>();
  auto* cmd = app.add_subcommand("reject", "Reject a pending request (reviewer) or withdraw your own (requester)");
  cmd->add_option("RID", o->rid, "Request id")->required();
  cmd->add_option("--reason", o->reason, "Why (same rule as a request's reason; - reads stdin)")
      ->required()
      ->option_text("TEXT");
  cmd->add_flag("--lift-block", o->lift_block, "Also lift the all-mail block that the request set");
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { run_reject(ctx, *o); }; });
}

}  // namespace gdpr::cli
