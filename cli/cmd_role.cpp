#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/i18n.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct RoleOptions {
  std::string kind;  // requester or reviewer
  std::vector<std::string> names;
};

void run_list(Context& ctx) {
  const Format format = ctx.format({Format::text, Format::json});
  const ServerRoles roles = ctx.postgresql().roles();
  if (format == Format::json) {
    print_json({{"requesters", roles.requesters}, {"reviewers", roles.reviewers}});
    return;
  }
  const auto names = [](const std::vector<std::string>& list) {
    std::string out;
    for (const auto& n : list) out += (out.empty() ? "" : ", ") + shown(n);
    return out.empty() ? std::string("-") : out;
  };
  fmt::print("{}", trf("reviewers ({}): {}\n", k_pg_reviewers, names(roles.reviewers)));
  fmt::print("{}", trf("requesters ({}, reviewers included): {}\n", k_pg_requesters, names(roles.requesters)));
}

void run_change(Context& ctx, const RoleOptions& o, bool member) {
  PgStore& pg = ctx.postgresql();
  Service& service = ctx.service();
  const bool reviewer = o.kind == "reviewer";
  const char* group = reviewer ? k_pg_reviewers : k_pg_requesters;
  for (const auto& name : o.names) {
    service.set_server_role(pg, name, reviewer, member);
    ctx.note(member ? trf("{} is now a member of {}", name, group) : trf("{} is no longer a member of {}", name, group));
  }
}

}  // namespace

void register_role(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("role", tr("PostgreSQL: list, grant or revoke the gdpr roles of database logins"));
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", tr("Who is a requester and who a reviewer"));
  list->callback([&ctx] { ctx.action = [&ctx] { run_list(ctx); }; });
  for (const bool member : {true, false}) {
    auto opts = std::make_shared<RoleOptions>();
    auto* sub = cmd->add_subcommand(member ? "grant" : "revoke",
                                    member ? tr("Make existing logins requesters or reviewers (owner or CREATEROLE)")
                                           : tr("Take the requester or reviewer role away from logins"));
    sub->add_option("kind", opts->kind, tr("requester or reviewer"))->required()->check(CLI::IsMember({"requester", "reviewer"}));
    sub->add_option("names", opts->names, tr("Database role names (logins)"))->required();
    sub->callback([&ctx, opts, member] { ctx.action = [&ctx, opts, member] { run_change(ctx, *opts, member); }; });
  }
}

}  // namespace gdpr::cli
