#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/local_time.hpp"
#include "gdpr/csv.hpp"
#include "gdpr/error.hpp"
#include "gdpr/identity.hpp"
#include "gdpr/json.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct AuditOptions {
  std::int64_t request = 0;
  bool has_request = false;
  std::string contact;
  std::string actor;
  std::string action;
  std::string since;
  std::string until;
  std::int64_t limit = 0;
  bool verify = false;
};

void run_verify(Context& ctx, Format format) {
  const auto v = ctx.service(Access::read_only, Purpose::inspect).verify_audit();
  // Warnings are evidence too: shown whatever -q says (and listed in the JSON).
  for (const auto& warning : v.warnings) ctx.warn(warning);
  if (format == Format::json) {
    print_json(json::verify(v));
  } else if (v.ok) {
    fmt::print("{}", trf("{}: {} events, head {}\n", paint(tr("Audit chain OK"), Style::ok, ctx.color(stdout)), v.events, v.head));
  }
  if (!v.ok) {
    throw Error(ErrorKind::integrity,
                trf("audit chain broken at event {}: {}; the trail was changed outside gdpr (restore the "
                            "database from a backup and investigate)",
                            v.first_bad_seq.value_or(0), v.problem));
  }
}

void run_audit(Context& ctx, const AuditOptions& o) {
  if (o.verify) {
    if (o.has_request || !o.contact.empty() || !o.actor.empty() || !o.action.empty() || !o.since.empty() ||
        !o.until.empty() || o.limit != 0) {
      throw Error(ErrorKind::usage, tr("--verify checks the whole chain and takes no filters"));
    }
    run_verify(ctx, ctx.format({Format::text, Format::json}));
    return;
  }
  const Format format = ctx.format({Format::text, Format::json, Format::csv});
  AuditFilter filter;
  if (o.has_request) filter.request_id = o.request;
  if (!o.contact.empty()) filter.contact_id = o.contact;
  if (!o.actor.empty()) filter.actor = normalize_actor(o.actor);
  if (!o.action.empty()) filter.action = o.action;
  if (!o.since.empty()) filter.since = format_date(parse_date(o.since, "--since")) + "T00:00:00Z";
  if (!o.until.empty()) filter.until = format_date(add_days(parse_date(o.until, "--until"), 1)) + "T00:00:00Z";
  if (o.limit < 0) throw Error(ErrorKind::usage, tr("--limit must not be negative"));
  if (o.limit > 0) filter.limit = o.limit;
  Service& service = ctx.service(Access::read_only);
  if (format == Format::json) {
    JsonArrayStream out;
    service.audit(filter, [&](const AuditEvent& e) { out.add(json::event(e)); });
    out.finish();
    return;
  }
  if (format == Format::csv) {
    write_csv_record(std::cout, {"seq", "at", "actor", "action", "request_id", "contact_id", "details", "prev_hash", "hash"});
    service.audit(filter, [&](const AuditEvent& e) {
      write_csv_record(std::cout, {std::to_string(e.seq), e.at, e.actor, e.action,
                                   e.request_id ? std::to_string(*e.request_id) : "", e.contact_id.value_or(""),
                                   audit::details_of(e).dump(), e.prev_hash, e.hash});
    });
    std::cout.flush();
    return;
  }
  std::vector<std::vector<std::string>> rows;
  service.audit(filter, [&](const AuditEvent& e) {
    rows.push_back({std::to_string(e.seq), local_time(e.at), e.actor, e.action, e.request_id ? std::to_string(*e.request_id) : "-",
                    e.contact_id.value_or("-"), audit::details_of(e).dump()});
  });
  if (rows.empty()) {
    ctx.note(tr("No events match."));
    return;
  }
  print_table({tr("SEQ"), tr("AT"), tr("ACTOR"), tr("ACTION"), tr("REQUEST"), tr("CONTACT"), tr("DETAILS")}, rows);
}

}  // namespace

void register_audit(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<AuditOptions>();
  auto* cmd = app.add_subcommand("audit", tr("Show the audit trail (oldest first) or --verify its hash chain"));
  auto* request = cmd->add_option("--request", o->request, tr("Only events of request RID"))->option_text("RID");
  cmd->add_option("--contact", o->contact, tr("Only events of contact ID"))->option_text("ID");
  cmd->add_option("--actor", o->actor, tr("Only events by NAME"))->option_text("NAME");
  cmd->add_option("--action", o->action, tr("Only events of action A, e.g. request.approved"))->option_text("A");
  cmd->add_option("--since", o->since, tr("Only events on or after DATE (UTC; YYYY-MM-DD or DD.MM.YYYY)"))->option_text("DATE");
  cmd->add_option("--until", o->until, tr("Only events on or before DATE (UTC; YYYY-MM-DD or DD.MM.YYYY)"))->option_text("DATE");
  cmd->add_option("--limit", o->limit, tr("Only the last N matching events"))->option_text("N");
  cmd->add_flag("--verify", o->verify, tr("Recompute the hash chain: exit 0 if intact, 8 naming the first bad event"));
  cmd->callback([&ctx, o, request] {
    o->has_request = request->count() > 0;
    ctx.action = [&ctx, o] { run_audit(ctx, *o); };
  });
}

}  // namespace gdpr::cli
