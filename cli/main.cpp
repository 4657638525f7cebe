// gdpr: GDPR erasure requests under the four-eyes principle. This file builds
// the command line, registers the subcommands, parses, runs the chosen one and
// turns errors into the exit codes of SPEC §7. Nothing here decides a rule.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "commands.hpp"
#include "context.hpp"
#include "exit_codes.hpp"
#include "gdpr/error.hpp"

namespace {

// `gdpr help [CMD...]` is `gdpr [CMD...] --help`.
std::vector<std::string> rewrite_help(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args.front() == "help") {
    args.erase(args.begin());
    args.emplace_back("--help");
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace gdpr;
  using namespace gdpr::cli;

  Context ctx;
  CLI::App app{"gdpr: GDPR erasure requests (Art. 17) under the four-eyes principle.\n"
               "A requester files a request with a reason; a different reviewer approves (erasure) or rejects it.",
               "gdpr"};
  app.fallthrough();
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("gdpr ") + GDPR_VERSION);
  app.footer(
      "Exit codes: 0 ok, 2 usage, 3 attention (--remind), 4 forbidden, 5 not found, 6 conflict,\n"
      "            7 linked-system step failed, 8 audit chain broken, 9 configuration/database unusable.\n"
      "`gdpr help COMMAND` or `gdpr COMMAND --help` shows a command's options. See docs/ for guides.");

  app.add_option("--db", ctx.global.db, "Database file (else $GDPR_DB, config `database`, $XDG_DATA_HOME/gdpr/gdpr.db)")
      ->option_text("PATH");
  app.add_option("--config", ctx.global.config, "Config file (else $GDPR_CONFIG, $XDG_CONFIG_HOME/gdpr/config.toml, "
                                                "/etc/gdpr/config.toml)")
      ->option_text("PATH");
  app.add_option("--as", ctx.global.as, "Act as NAME (only with identity.allow_override = true; also $GDPR_ACTOR)")
      ->option_text("NAME");
  app.add_option("--format", ctx.global.format, "Output format: text, json or csv (where tabular)")
      ->option_text("FMT");
  app.add_flag("-q,--quiet", ctx.global.quiet, "Print only results (e.g. only the request id)");
  app.add_flag("--yes", ctx.global.yes, "Confirm an irreversible erasure without asking");
  app.add_option("--color", ctx.global.color, "Colour: auto, always or never (NO_COLOR is honoured)")
      ->option_text("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  register_contact(app, ctx);
  register_block(app, ctx);
  register_request(app, ctx);
  register_review(app, ctx);
  register_approve(app, ctx);
  register_reject(app, ctx);
  register_print_sheet(app, ctx);
  register_init(app, ctx);
  register_retry(app, ctx);
  register_audit(app, ctx);

  // --help lists the subcommands by who uses them.
  for (const char* name : {"contact", "block", "unblock", "request"}) app.get_subcommand(name)->group("Requester commands");
  for (const char* name : {"review", "approve", "reject", "print-sheet"}) {
    app.get_subcommand(name)->group("Reviewer commands");
  }
  for (const char* name : {"init", "retry", "audit"}) app.get_subcommand(name)->group("Admin commands");

  if (argc > 1 && std::string(argv[1]) == "__complete") {
    run_complete(ctx, app, std::vector<std::string>(argv + 2, argv + argc));
    return k_exit_ok;
  }

  try {
    std::vector<std::string> args = rewrite_help(argc, argv);
    std::reverse(args.begin(), args.end());  // CLI11 takes the arguments in reverse order
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    ctx.print_error(fmt::format("{}\nRun `gdpr --help` or `gdpr COMMAND --help` for usage.", e.what()));
    return k_exit_usage;
  } catch (const Error& e) {
    ctx.print_error(e.what());
    return exit_code(e.kind());
  }

  try {
    if (ctx.action) ctx.action();
    return ctx.exit_status;
  } catch (const Error& e) {
    std::fflush(stdout);
    ctx.print_error(e.what());
    return exit_code(e.kind());
  } catch (const std::exception& e) {
    std::fflush(stdout);
    ctx.print_error(fmt::format("internal error: {}\nPlease report this with the command you ran.", e.what()));
    return k_exit_internal;
  }
}
