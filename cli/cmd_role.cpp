// `gdpr role list|grant|revoke`: on SQLite an admin edits the role lists of the database's
// policy (Service::change_role); on PostgreSQL the owner manages the server's group roles.
#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/identity.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct RoleOptions {
  std::string kind;  // requester, reviewer, admin or worker
  std::vector<std::string> names;
};

std::string names_or_dash(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + shown(n);
  return out.empty() ? std::string("-") : out;
}

void run_list(Context& ctx) {
  const Format format = ctx.format({Format::text, Format::json});
  Service& service = ctx.service(Access::read_only);
  const Config& c = service.config();
  if (const auto server = service.server_roles()) {
    const ServerRoles& roles = *server;
    if (format == Format::json) {
      print_json({{"requesters", roles.requesters},
                  {"reviewers", roles.reviewers},
                  {"admins", c.admins},
                  {"workers", roles.workers}});
      return;
    }
    fmt::print("{}", trf("reviewers ({}): {}\n", k_pg_reviewers, names_or_dash(roles.reviewers)));
    fmt::print("{}", trf("requesters ({}, reviewers included): {}\n", k_pg_requesters, names_or_dash(roles.requesters)));
    fmt::print("{}", trf("admins (policy): {}\n", names_or_dash(c.admins)));
    fmt::print("{}", trf("workers ({}): {}\n", k_pg_workers, names_or_dash(roles.workers)));
    return;
  }
  if (format == Format::json) {
    print_json({{"requesters", c.requesters}, {"reviewers", c.reviewers}, {"admins", c.admins}, {"workers", c.workers}});
    return;
  }
  fmt::print("{}", trf("reviewers: {}\n", names_or_dash(c.reviewers)));
  fmt::print("{}", trf("requesters: {}\n", c.requesters.empty() ? tr("anyone (roles.requesters is empty)")
                                                                : names_or_dash(c.requesters)));
  fmt::print("{}", trf("admins: {}\n", names_or_dash(c.admins)));
  fmt::print("{}", trf("workers: {}\n", names_or_dash(c.workers)));
}

void run_change(Context& ctx, const RoleOptions& o, Membership membership) {
  Service& service = ctx.service();
  const bool grant = membership == Membership::grant;
  if (o.kind != "admin" && service.roles_on_server()) {
    const ServerGroup group = o.kind == "reviewer" ? ServerGroup::reviewers
                              : o.kind == "worker" ? ServerGroup::workers
                                                   : ServerGroup::requesters;
    for (const auto& name : o.names) {
      service.set_server_role(name, group, membership);
      ctx.note(grant ? trf("{} is now a member of {}", name, group_role(group)) : trf("{} is no longer a member of {}", name, group_role(group)));
    }
    return;
  }
  const RoleKind kind = o.kind == "reviewer"    ? RoleKind::reviewer
                        : o.kind == "requester" ? RoleKind::requester
                        : o.kind == "worker"    ? RoleKind::worker
                                                : RoleKind::admin;
  const auto changed = service.change_role(kind, membership, o.names);
  for (const auto& name : o.names) {
    const bool did = std::ranges::find(changed, normalize_actor(name)) != changed.end();
    if (!did) {
      ctx.note(grant ? trf("{} is a {} already", name, o.kind) : trf("{} is not a {}", name, o.kind));
    } else {
      ctx.note(grant ? trf("{} is now a {}", name, o.kind) : trf("{} is no longer a {}", name, o.kind));
    }
  }
}

}  // namespace

void register_role(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("role", tr("List, grant or revoke the roles of the policy (admins)"));
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", tr("Who is a requester, a reviewer, an admin and a worker"));
  list->callback([&ctx] { ctx.action = [&ctx] { run_list(ctx); }; });
  for (const Membership membership : {Membership::grant, Membership::revoke}) {
    const bool grant = membership == Membership::grant;
    auto opts = std::make_shared<RoleOptions>();
    auto* sub = cmd->add_subcommand(grant ? "grant" : "revoke",
                                    grant ? tr("Give users a role (an admin; on PostgreSQL the owner)")
                                          : tr("Take a role away from users (an admin; on PostgreSQL the owner)"));
    sub->add_option("kind", opts->kind, tr("requester, reviewer, admin or worker (runs `gdpr worker`)"))
        ->required()
        ->transform(CLI::IsMember({"requester", "reviewer", "admin", "worker"}, CLI::ignore_case));
    sub->add_option("names", opts->names, tr("Login names (on PostgreSQL: database roles)"))->required();
    sub->callback([&ctx, opts, membership] { ctx.action = [&ctx, opts, membership] { run_change(ctx, *opts, membership); }; });
  }
}

}  // namespace gdpr::cli
