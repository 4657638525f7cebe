#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/json.hpp"
#include "gdpr/text.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct ApproveOptions {
  std::int64_t rid = 0;
  std::string comment;
};

// On a terminal: show what will be erased and have the contact id typed back.
bool confirm_on_terminal(Context& ctx, const ErasurePreview& p) {
  std::string systems;
  for (const auto& s : p.systems) systems += (systems.empty() ? "" : ", ") + s;
  fmt::print(stderr, "{} contact {} irreversibly (request {}, reason: {}).\n",
             paint("This approval ERASES", Style::error, ctx.color(stderr)), p.contact.id, p.request.id, p.request.reason);
  fmt::print(stderr, "{}", contact_text(p.contact));
  fmt::print(stderr, "Linked systems it is erased from: {}\n", systems.empty() ? "none configured" : systems);
  const auto answer = ctx.ask(fmt::format("Type the contact id ({}) to erase, anything else to cancel: ", p.contact.id));
  return answer && text::trim(*answer) == p.contact.id;
}

void run_approve(Context& ctx, const ApproveOptions& o) {
  const Format format = ctx.format({Format::text, Format::json});
  Confirm confirm;
  if (ctx.global.yes) {
    confirm = [](const ErasurePreview&) { return true; };
  } else if (Context::stdin_is_terminal()) {
    confirm = [&ctx](const ErasurePreview& p) { return confirm_on_terminal(ctx, p); };
  }
  const DecisionResult r = ctx.service().approve(o.rid, o.comment, confirm);
  if (format == Format::json) {
    auto j = json::request(r.request);
    j["erased"] = r.erased;
    j["approvals_missing"] = r.approvals_missing;
    print_json(j);
  } else if (r.erased) {
    std::string systems;
    for (const auto& s : r.request.steps) {
      if (s.action == StepAction::erase) systems += (systems.empty() ? "" : ", ") + s.system;
    }
    fmt::print("Approved request {}: contact {} is erased{}.\n", r.request.id, r.request.contact_id,
               systems.empty() ? "" : " here and in " + systems);
  } else if (r.request.state == RequestState::pending) {
    fmt::print("Approved request {} ({} of {}); {} more reviewer approval{} needed.\n", r.request.id,
               r.request.approvals.size(), ctx.config().approvals_required, r.approvals_missing,
               r.approvals_missing == 1 ? " is" : "s are");
  } else {
    fmt::print("Request {} is {}.\n", r.request.id, to_string(r.request.state));
  }
  report_steps(ctx, r);
}

}  // namespace

void register_approve(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ApproveOptions>();
  auto* cmd = app.add_subcommand(
      "approve", "Approve a request as a reviewer (not its requester); the last approval erases the contact");
  cmd->add_option("RID", o->rid, "Request id")->required();
  cmd->add_option("--comment", o->comment, "A note with the approval")->option_text("TEXT");
  cmd->footer("Without a terminal, --yes is required for the approval that erases.");
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { run_approve(ctx, *o); }; });
}

}  // namespace gdpr::cli
