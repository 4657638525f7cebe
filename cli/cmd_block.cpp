#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/json.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct BlockOptions {
  std::string id;
  std::string kind;
};

void run_block(Context& ctx, const BlockOptions& o, bool blocked) {
  const Format format = ctx.format({Format::text, Format::json});
  const BlockKind kind = parse_block_kind(o.kind, "block");
  Service& service = ctx.service();
  const bool changed = service.set_block(o.id, kind, blocked);
  if (format == Format::json) {
    auto j = json::contact(service.show_contact(o.id));
    j["changed"] = changed;
    print_json(j);
    return;
  }
  if (changed) {
    fmt::print("{} {} for contact {}\n", blocked ? "Blocked" : "Unblocked", o.kind, o.id);
  } else {
    fmt::print("Contact {} was already {} {}; nothing changed\n", o.id, blocked ? "blocked" : "not blocked", o.kind);
  }
}

void add_block_command(CLI::App& app, Context& ctx, const char* name, const char* help, bool blocked) {
  auto opts = std::make_shared<BlockOptions>();
  auto* cmd = app.add_subcommand(name, help);
  cmd->add_option("ID", opts->id, "Contact id")->required();
  cmd->add_option("KIND", opts->kind, "newsletter or all-mail")->required();
  cmd->callback([&ctx, opts, blocked] { ctx.action = [&ctx, opts, blocked] { run_block(ctx, *opts, blocked); }; });
}

}  // namespace

void register_block(CLI::App& app, Context& ctx) {
  add_block_command(app, ctx, "block",
                    "Block mailings (DSGVO-Sperre: newsletter or all-mail) without erasing anything", true);
  add_block_command(app, ctx, "unblock", "Lift a block (all-mail stays while a deletion request is open)", false);
}

}  // namespace gdpr::cli
