// `gdpr policy show|apply`: the policy in the database (SPEC §2, §4). Applying is the library's
// Service::apply_policy; this file reads the file, shows the difference and asks.
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/policy.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct ApplyOptions {
  std::string file;
};

void run_show(Context& ctx) {
  const Format format = ctx.format({Format::text, Format::toml, Format::json});
  Service const& service = ctx.service(Access::read_only, Purpose::inspect);
  if (format == Format::json) {
    print_json(policy::to_json(service.config()));
    return;
  }
  write_stdout(policy::to_toml(service.config()));
}

void print_differences(const std::vector<policy::Difference>& differences) {
  for (const auto& d : differences) fmt::print(stderr, "  {}: {} -> {}\n", d.key, d.from, d.to);
}

void run_apply(Context& ctx, const ApplyOptions& o) {
  const Format format = ctx.format({Format::text, Format::json});
  const Config file = load_config_file(o.file);
  Service& service = ctx.service(Access::read_write, Purpose::inspect);
  ConfirmPolicy confirm;
  if (!ctx.global.yes) {
    if (!Context::stdin_is_terminal()) {
      confirm = [&o](const std::vector<policy::Difference>& differences) -> bool {
        print_differences(differences);
        throw Error(ErrorKind::usage, trf("applying {} changes the policy; there is no terminal to ask, so pass --yes "
                                          "to confirm",
                                          o.file));
      };
    } else {
      confirm = [](const std::vector<policy::Difference>& differences) {
        fmt::print(stderr, "{}", tr("The policy changes:\n"));
        print_differences(differences);
        const auto answer = Context::ask(tr("Apply these changes? Type yes to apply, anything else to cancel: "));
        return answer && (*answer == "yes" || *answer == tr("yes"));
      };
    }
  }
  const PolicyChange change = service.apply_policy(file, confirm);
  if (format == Format::json) {
    nlohmann::ordered_json diffs = nlohmann::ordered_json::array();
    for (const auto& d : change.differences) {
      diffs.push_back({{"key", d.key}, {"from", nlohmann::json::parse(d.from)}, {"to", nlohmann::json::parse(d.to)}});
    }
    print_json({{"applied", change.applied}, {"changes", diffs}});
    return;
  }
  if (!change.applied) {
    fmt::print("{}", trf("The policy of {} is already the one of {}; nothing changed\n", ctx.database_path(), o.file));
    return;
  }
  if (ctx.global.yes) print_differences(change.differences);
  fmt::print("{}", trn("Applied {} change to the policy\n", "Applied {} changes to the policy\n",
                       static_cast<long>(change.differences.size()), change.differences.size()));
}

}  // namespace

void register_policy(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("policy", tr("Show the database's policy, or apply a new one (admins)"));
  cmd->require_subcommand(1);
  auto* show = cmd->add_subcommand("show", tr("Print the policy in force (--format json, or TOML)"));
  show->callback([&ctx] { ctx.action = [&ctx] { run_show(ctx); }; });
  auto o = std::make_shared<ApplyOptions>();
  auto* apply = cmd->add_subcommand("apply", tr("Replace the policy by the policy keys of FILE (admins)"));
  apply->add_option("FILE", o->file, tr("A configuration file whose policy keys become the policy"))->required();
  apply->footer(tr("Prints the difference and asks on a terminal; without one, --yes is required."));
  apply->callback([&ctx, o] { ctx.action = [&ctx, o] { run_apply(ctx, *o); }; });
}

}  // namespace gdpr::cli
