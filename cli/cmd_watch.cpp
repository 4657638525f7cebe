// `gdpr watch [--system NAME] [--format json]` (SPEC §13): for cron, with the worker's
// credentials. Lists every erased person a linked system has again, by ids only (never the
// e-mail); exit 3 when someone is back, 7 when a system could not be asked (after the others
// were), 0 when nobody is back.
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "exit_codes.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct WatchOptions {
  std::string system;
};

void print_finds(const workflow::WatchResult& r, Format format) {
  if (format == Format::json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& f : r.found) {
      list.push_back(nlohmann::ordered_json{{"system", f.system},
                          {"record_id", f.record_id},
                          {"contact_id", f.contact_id},
                          {"request_id", f.request_id},
                          {"erased_on", f.erased_on}});
    }
    print_json(list);
    return;
  }
  for (const auto& f : r.found) {
    fmt::print("{}\n", shown(trf("{}: record {} is contact {}, erased by request {} on {}: the person is back",
                                 f.system, f.record_id, f.contact_id, f.request_id, f.erased_on)));
  }
}

void run_watch(Context& ctx, const WatchOptions& o) {
  const Format format = ctx.format({Format::text, Format::json});
  const workflow::WatchResult r =
      ctx.service().watch(o.system.empty() ? std::nullopt : std::optional<std::string>(o.system));
  print_finds(r, format);
  if (r.no_tombstones) {
    ctx.note(tr("watch: no erased contact keeps an e-mail fingerprint; there is nobody to watch for"));
  } else {
    std::string checked;
    for (const auto& name : r.checked) checked += (checked.empty() ? "" : ", ") + name;
    ctx.note(trn("watch: {} erased person is back among {} contacts of {}",
                 "watch: {} erased people are back among {} contacts of {}", static_cast<long>(r.found.size()),
                 r.found.size(), r.listed,
                 checked.empty() ? tr("no system") : checked));
  }
  if (!r.found.empty()) {
    ctx.note(tr("watch: file a new deletion request for each, or readmit the contact (`gdpr contact add --readmit`) "
                "when the person came back on purpose"));
  }
  if (!r.failed.empty()) {
    std::string failed;
    for (const auto& f : r.failed) failed += (failed.empty() ? "" : "; ") + f;
    throw Error(ErrorKind::step_failed, trf("watch: could not ask every system: {}", failed));
  }
  if (!r.found.empty()) ctx.exit_status = k_exit_attention;
}

}  // namespace

void register_watch(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<WatchOptions>();
  auto* cmd = app.add_subcommand(
      "watch", tr("Report erased people a linked system has again (for cron, with the worker's credentials)"));
  cmd->add_option("--system", o->system, tr("Ask only this linked system"))->option_text("SYSTEM");
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { run_watch(ctx, *o); }; });
}

}  // namespace gdpr::cli
