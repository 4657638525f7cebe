#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/json.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct BlockOptions {
  std::string id;
  std::string kind;
};

void run_block(Context& ctx, const BlockOptions& o, BlockChange change) {
  const Format format = ctx.format({Format::text, Format::json});
  const BlockKind kind = parse_block_kind(o.kind, "block");
  Service& service = ctx.service();
  const bool changed = service.set_block(o.id, kind, change);
  if (format == Format::json) {
    auto j = json::contact(service.show_contact(o.id));
    j["changed"] = changed;
    print_json(j);
    return;
  }
  const std::string kind_shown(to_string(kind));  // as the program names it, however it was typed
  const std::string id_shown = shown(o.id);
  if (changed) {
    fmt::print("{}", change == BlockChange::set ? trf("Blocked {} for contact {}\n", kind_shown, id_shown) : trf("Unblocked {} for contact {}\n", kind_shown, id_shown));
  } else {
    fmt::print("{}", change == BlockChange::set ? trf("Contact {} was already blocked {}; nothing changed\n", id_shown, kind_shown)
                                                 : trf("Contact {} was not blocked {}; nothing changed\n", id_shown, kind_shown));
  }
}

void add_block_command(CLI::App& app, Context& ctx, const char* name, const char* help, BlockChange change) {
  auto opts = std::make_shared<BlockOptions>();
  auto* cmd = app.add_subcommand(name, help);
  cmd->add_option("ID", opts->id, tr("Contact id"))->required();
  cmd->add_option("KIND", opts->kind, tr("newsletter or all-mail"))->required();
  cmd->callback([&ctx, opts, change] { ctx.action = [&ctx, opts, change] { run_block(ctx, *opts, change); }; });
}

}  // namespace

void register_block(CLI::App& app, Context& ctx) {
  add_block_command(app, ctx, "block",
                    tr("Block mailings (DSGVO-Sperre: newsletter or all-mail) without erasing anything"),
                    BlockChange::set);
  add_block_command(app, ctx, "unblock", tr("Lift a block (all-mail stays while a deletion request is open)"),
                    BlockChange::lift);
}

}  // namespace gdpr::cli
