#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/json.hpp"
#include "gdpr/text.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct ApproveOptions {
  std::int64_t rid = 0;
  std::string comment;
  std::string letter;  // --letter FILE
};

// On a terminal: show what will be erased and have the contact id typed back. Everything the
// requester or the customer wrote is shown() here: this screen is where a reviewer decides.
bool confirm_on_terminal(Context& ctx, const ErasurePreview& p) {
  std::string systems;
  for (const auto& s : p.systems) systems += (systems.empty() ? "" : ", ") + shown(s);
  fmt::print(stderr, "{}", trf("{} contact {} irreversibly (request {}, reason: {}).\n",
             paint(tr("This approval ERASES"), Style::error, ctx.color(stderr)), shown(p.contact.id), p.request.id,
             shown_text(p.request.reason, 2)));
  fmt::print(stderr, "{}", contact_text(p.contact));
  fmt::print(stderr, "{}", trf("Linked systems it is erased from: {}\n", systems.empty() ? tr("none configured") : systems));
  const auto answer = Context::ask(trf("Type the contact id ({}) to erase, anything else to cancel: ", shown(p.contact.id)));
  // The id as typed, or as shown (a backslash doubled) when the reviewer copied it from the screen.
  return answer && (text::trim(*answer) == p.contact.id || text::trim(*answer) == shown(p.contact.id));
}

void run_approve(Context& ctx, const ApproveOptions& o) {
  const Format format = ctx.format({Format::text, Format::json});
  Confirm confirm;
  if (ctx.global.yes) {
    confirm = [](const ErasurePreview&) { return true; };
  } else if (Context::stdin_is_terminal()) {
    confirm = [&ctx](const ErasurePreview& p) { return confirm_on_terminal(ctx, p); };
  }
  const DecisionResult r =
      ctx.service().approve(o.rid, o.comment, confirm, o.letter.empty() ? LetterSink{} : letter_file(o.letter));
  if (r.erased && !o.letter.empty()) ctx.note(trf("Wrote the confirmation letter to {} (mode 0600)", o.letter));
  if (format == Format::json) {
    auto j = json::request(r.request);
    j["erased"] = r.erased;
    j["approvals_missing"] = r.approvals_missing;
    print_json(j);
  } else if (r.erased) {
    std::string systems;
    for (const auto& s : r.request.steps) {
      if (s.action == StepAction::erase) systems += (systems.empty() ? "" : ", ") + shown(s.system);
    }
    if (systems.empty()) {
      fmt::print("{}", trf("Approved request {}: contact {} is erased.\n", r.request.id, shown(r.request.contact_id)));
    } else {
      fmt::print("{}", trf("Approved request {}: contact {} is erased here and in {}.\n", r.request.id,
                           shown(r.request.contact_id), systems));
    }
  } else if (r.request.state == RequestState::pending) {
    fmt::print("{}", trn("Approved request {} ({} of {}); {} more reviewer approval is needed.\n",
                         "Approved request {} ({} of {}); {} more reviewer approvals are needed.\n", r.approvals_missing,
                         r.request.id, r.request.approvals.size(), ctx.service().config().approvals_required, r.approvals_missing));
  } else {
    fmt::print("{}", trf("Request {} is {}.\n", r.request.id, to_string(r.request.state)));
  }
  report_steps(ctx, r);
}

}  // namespace

void register_approve(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ApproveOptions>();
  auto* cmd = app.add_subcommand(
      "approve", tr("Approve a request as a reviewer (not its requester); the last approval erases the contact"));
  cmd->add_option("RID", o->rid, tr("Request id"))->required();
  cmd->add_option("--comment", o->comment, tr("A note with the approval"))->option_text("TEXT");
  cmd->add_option("--letter", o->letter,
                  tr("With the approval that erases: write the confirmation letter to FILE (.md: Markdown, "
                     ".html: HTML, else text) just before the contact's data is erased"))
      ->option_text("FILE");
  cmd->footer(tr("Without a terminal, --yes is required for the approval that erases."));
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { run_approve(ctx, *o); }; });
}

}  // namespace gdpr::cli
