#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/error.hpp"
#include "gdpr/json.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct RetryOptions {
  std::int64_t rid = 0;
  bool has_rid = false;
  bool all = false;
};

void run_retry(Context& ctx, const RetryOptions& o) {
  if (o.has_rid == o.all) throw Error(ErrorKind::usage, tr("name one request (gdpr retry RID) or use --all"));
  const Format format = ctx.format({Format::text, Format::json});
  const auto results = ctx.service().retry(o.has_rid ? std::optional(o.rid) : std::nullopt);
  if (format == Format::json) {
    auto arr = json::Json::array();
    for (const auto& r : results) arr.push_back(json::request(r.request));
    print_json(arr);
  } else {
    if (results.empty()) ctx.note(tr("Nothing to retry."));
    for (const auto& r : results) {
      if (r.left_to_others) {
        fmt::print("{}", trf("Request {}: {}, left to a reviewer who did not file it (four-eyes rule)\n", r.request.id,
                             to_string(r.request.state)));
        continue;
      }
      fmt::print("{}", trf("Request {}: {}{}{}\n", r.request.id, to_string(r.request.state), r.erased ? tr(" (contact erased)") : "",
                 r.failed.empty() ? "" : fmt::format(", {} step(s) failed", r.failed.size())));
    }
  }
  DecisionResult combined;
  for (const auto& r : results) {
    combined.request = r.request;
    if (r.scrub_incomplete) {
      combined.scrub_incomplete = true;
      combined.scrub_note = r.scrub_note;
    }
    for (const auto& f : r.failed) combined.failed.push_back(fmt::format("request {}: {}", r.request.id, f));
    for (const auto& b : r.busy) combined.busy.push_back(fmt::format("request {}: {}", r.request.id, b));
  }
  report_steps(ctx, combined);
}

}  // namespace

void register_retry(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<RetryOptions>();
  auto* cmd = app.add_subcommand("retry", tr("Rerun failed, pending or interrupted linked-system steps and finish erasures"));
  auto* rid = cmd->add_option("RID", o->rid, tr("Request id"));
  cmd->add_flag("--all", o->all, tr("Every request with unfinished steps"));
  cmd->callback([&ctx, o, rid] {
    o->has_rid = rid->count() > 0;
    ctx.action = [&ctx, o] { run_retry(ctx, *o); };
  });
}

}  // namespace gdpr::cli
