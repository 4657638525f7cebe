#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/json.hpp"
#include "gdpr/local_time.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct RejectOptions {
  std::int64_t rid = 0;
  std::string reason;
  bool lift_block = false;
  std::string retain_until;  // --retain-until DATE
};

void run_reject(Context& ctx, const RejectOptions& o) {
  const Format format = ctx.format({Format::text, Format::json});
  const DecisionResult r = ctx.service().reject(o.rid, Context::text_or_stdin(o.reason),
                                                o.lift_block ? LiftBlock::yes : LiftBlock::no,
                                                o.retain_until.empty() ? std::nullopt
                                                                       : std::optional<std::string>(o.retain_until));
  if (format == Format::json) {
    print_json(json::request(r.request));
  } else {
    if (r.request.retain_until) {
      fmt::print("{}", trf("Rejected request {}; contact {} stays restricted (kept, not mailable, all-mail blocked) "
                           "until {}; `gdpr review --remind` lists it after that day.\n",
                           r.request.id, shown(r.request.contact_id), local_date(*r.request.retain_until)));
      report_steps(ctx, r);
      return;
    }
    const bool withdrawn = r.request.state == RequestState::withdrawn;
    const std::string tail = o.lift_block ? tr(" and may be mailed") : tr(" (all-mail block kept; --lift-block lifts it)");
    const std::string contact = shown(r.request.contact_id);
    fmt::print("{}", withdrawn ? trf("Withdrew request {}; contact {} is active again{}.\n", r.request.id, contact, tail)
                               : trf("Rejected request {}; contact {} is active again{}.\n", r.request.id, contact, tail));
  }
  report_steps(ctx, r);
}

}  // namespace

void register_reject(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<RejectOptions>();
  auto* cmd = app.add_subcommand("reject", tr("Reject a pending request (reviewer) or withdraw your own (requester)"));
  cmd->add_option("RID", o->rid, tr("Request id"))->required();
  cmd->add_option("--reason", o->reason, tr("Why (same rule as a request's reason; - reads stdin)"))
      ->required()
      ->option_text("TEXT");
  cmd->add_flag("--lift-block", o->lift_block, tr("Also lift the all-mail block that the request set"));
  cmd->add_option("--retain-until", o->retain_until,
                  tr("A legal duty keeps the data until DATE (YYYY-MM-DD or DD.MM.YYYY; e.g. § 132 BAO): the contact stays "
                     "restricted, not erased, and is listed by review --remind after that day"))
      ->option_text("DATE");
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { run_reject(ctx, *o); }; });
}

}  // namespace gdpr::cli
