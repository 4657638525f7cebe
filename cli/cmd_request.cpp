#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/error.hpp"
#include "gdpr/json.hpp"
#include "gdpr/text.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct RequestOptions {
  std::string id;
  std::string reason;
  std::optional<std::string> received;  // given but empty (`--received "$UNSET"`) is an error, not today
  std::string channel;
  bool clarified = false;
};

void run_request(Context& ctx, const RequestOptions& o) {
  const Format format = ctx.format({Format::text, Format::json});
  NewRequest in;
  in.contact_id = o.id;
  in.reason = Context::text_or_stdin(o.reason);
  in.received = o.received;
  in.channel = o.channel;
  in.clarified = o.clarified ? Clarified::yes : Clarified::no;
  if (!o.clarified && o.reason != "-" && Context::stdin_is_terminal()) {
    ctx.note(trf(
        "A deletion request erases contact {} irreversibly once a reviewer approves it.\n"
        "If the customer only wants no more mail, a block is enough and keeps the record:\n"
        "  gdpr block {} all-mail     (no mailings at all)\n"
        "  gdpr block {} newsletter   (no newsletters)",
        o.id, o.id, o.id));
    const auto answer = Context::ask(tr("Did the customer confirm that a block is not enough and the data must be erased? [y/N] "));
    const std::string a = answer ? text::ascii_lower(text::trim(*answer)) : "";
    if (a == "y" || a == "yes" || a == "j" || a == "ja") {
      in.clarified = Clarified::yes;
    } else {
      throw Error(ErrorKind::usage, trf("not filed: clarify with the customer first, or block instead: "
                                                "`gdpr block {} all-mail`",
                                                o.id));
    }
  }
  const DecisionResult r = ctx.service().file_request(in);
  if (ctx.global.quiet) {
    fmt::print("{}\n", r.request.id);
  } else if (format == Format::json) {
    print_json(json::request(r.request));
  } else {
    fmt::print("{}", trf("Filed request {} for contact {}: due {}, assigned to {}\n", r.request.id, shown(r.request.contact_id),
               format_date(r.request.due_on), r.request.assignee.empty() ? tr("nobody (set review.assignee)") : shown(r.request.assignee)));
    fmt::print("{}", trf("Contact {} is on hold (inactive, all-mail blocked) until a reviewer decides.\n", shown(r.request.contact_id)));
  }
  report_steps(ctx, r);
}

}  // namespace

void register_request(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<RequestOptions>();
  auto* cmd = app.add_subcommand("request", tr("File a deletion request for a contact (puts it on hold at once)"));
  cmd->add_option("ID", o->id, tr("Contact id"))->required();
  cmd->add_option("--reason", o->reason, tr("Why the data must be erased (written reason; - reads stdin)"))
      ->required()
      ->option_text("TEXT");
  cmd->add_option("--received", o->received, tr("When the customer asked (YYYY-MM-DD or DD.MM.YYYY; default today)"))->option_text("DATE");
  cmd->add_option("--channel", o->channel, tr("How the customer asked, e.g. email, letter, phone"))->option_text("TEXT");
  cmd->add_flag("--clarified", o->clarified, tr("The customer was asked: a block (unsubscribe) is not enough"));
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { run_request(ctx, *o); }; });
}

}  // namespace gdpr::cli
