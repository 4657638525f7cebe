// gdpr: GDPR erasure requests under the four-eyes principle. This file builds
// the command line, registers the subcommands, parses, runs the chosen one and
// turns errors into the exit codes of SPEC §7. Nothing here decides a rule.
#include <algorithm>
#include <cstdio>
#include <system_error>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "commands.hpp"
#include "context.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "suggest.hpp"
#include "gdpr/config.hpp"
#include "gdpr/error.hpp"
#include "gdpr/files.hpp"
#include "gdpr/i18n.hpp"

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


// The folder with de/LC_MESSAGES/gdpr.mo: $GDPR_LOCALEDIR; the build tree next to this binary;
// PREFIX/share/locale of the PREFIX/bin this binary is in (the .deb's /usr, `cmake --install`'s
// /usr/local, a scratch root: wherever the package was unpacked); else the configured one.
std::string locale_dir() {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): start-up, single-threaded
  if (const char* dir = std::getenv("GDPR_LOCALEDIR"); dir != nullptr && *dir != '\0') return dir;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto prefix = exe.parent_path().parent_path();
    for (const auto& dir : {prefix / "locale", prefix / "share" / "locale"}) {
      if (std::filesystem::exists(dir / "de" / "LC_MESSAGES" / "gdpr.mo", ec)) return dir.string();
    }
  }
  return GDPR_INSTALL_LOCALEDIR;
}

// Where the guides are: PREFIX/share/doc/gdpr next to this binary's PREFIX/bin (the .deb's
// /usr/share/doc/gdpr), else the configured one.
std::string doc_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto dir = exe.parent_path().parent_path() / "share" / "doc" / "gdpr";
    if (std::filesystem::exists(dir / "README.md", ec)) return dir.string();
  }
  return GDPR_INSTALL_DOCDIR;
}

// The language for messages: `language` from the config if it can be read now (a broken config
// is reported later, by the command), else the locale. The config read is kept for the command.
std::string configured_language(const std::vector<std::string>& args, gdpr::cli::Context& ctx) {
  std::optional<std::string> explicit_config;
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--config") explicit_config = args[i + 1];
  }
  try {
    const auto path = gdpr::locate_config(explicit_config, gdpr::process_env());
    if (!path) return {};
    gdpr::Config config = gdpr::load_config_file(*path);
    std::string language = config.language;
    ctx.preload_config(*path, std::move(config));
    return language;
  } catch (const gdpr::Error&) {
    return {};
  }
}

// CLI11's formatter, with the names of positional arguments in the message language (`DATEI`,
// not `FILE`): a positional is matched by its place, so its name is only ever shown.
class LocalFormatter : public CLI::Formatter {
 public:
  std::string make_option_name(const CLI::Option* opt, bool is_positional) const override {
    if (!is_positional) return CLI::Formatter::make_option_name(opt, is_positional);
    using gdpr::tr;
    static const std::vector<std::pair<std::string, std::string>> k_names = {
        {"FILE", tr("FILE")}, {"KIND", tr("KIND")}, {"kind", tr("KIND")}, {"PROPERTIES", tr("PROPERTIES")},
        {"TEXT", tr("TEXT")}};
    std::string name = opt->get_name();
    for (const auto& [english, local] : k_names) {
      if (name == english) return local;
    }
    return name;
  }
};

// Translates CLI11's own words in --help.
void translate_help(CLI::App& app) {
  app.formatter(std::make_shared<LocalFormatter>());
  const auto formatter = app.get_formatter();
  formatter->label("Usage", gdpr::tr("Usage"));
  formatter->label("OPTIONS", gdpr::tr("OPTIONS"));
  formatter->label("SUBCOMMAND", gdpr::tr("SUBCOMMAND"));
  formatter->label("SUBCOMMANDS", gdpr::tr("SUBCOMMANDS"));
  formatter->label("REQUIRED", gdpr::tr("REQUIRED"));
  formatter->label("Positionals", gdpr::tr("Positionals"));
  formatter->label("Needs", gdpr::tr("Needs"));
  formatter->label("Excludes", gdpr::tr("Excludes"));
  formatter->label("TEXT", gdpr::tr("TEXT"));
  formatter->label("INT", gdpr::tr("INT"));
}

// CLI11's words in every command's help (SPEC §12: no English on a German screen): the groups of
// options and commands, and the names of option values (`--db PFAD`).
void translate_tree(CLI::App& app) {
  using gdpr::tr;
  static const std::vector<std::pair<std::string, std::string>> k_values = {
      {"DATE", tr("DATE")}, {"FILE", tr("FILE")}, {"FMT", tr("FMT")},       {"KIND", tr("KIND")},
      {"LIST", tr("LIST")}, {"NAME", tr("NAME")}, {"PATH", tr("PATH")},     {"SYSTEM", tr("SYSTEM")},
      {"URI", tr("URI")},   {"TEXT", tr("TEXT")}};
  for (CLI::Option* opt : app.get_options()) {
    if (opt->get_group() == "Options") opt->group(tr("Options"));
    for (const auto& [english, local] : k_values) {
      if (opt->get_option_text() == english) opt->option_text(local);
    }
  }
  for (CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_group() == "Subcommands") sub->group(tr("Commands"));
    translate_tree(*sub);
  }
}

}  // namespace

namespace {

// The main options (SPEC §2), into `ctx.global`.
void add_global_options(CLI::App& app, gdpr::cli::Context& ctx) {
  using gdpr::tr;
  using gdpr::trf;
  app.option_defaults()->group(tr("Options"));
  app.set_help_flag("-h,--help", tr("Print this help message and exit"));
  app.fallthrough();
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("gdpr ") + GDPR_VERSION, tr("Display program version information and exit"));
  app.footer(
      trf("Exit codes: 0 ok, 2 usage, 3 attention (--remind, watch), 4 forbidden, 5 not found, 6 conflict,\n"
          "            7 linked-system step failed, 8 audit chain broken, 9 configuration/database unusable.\n"
          "`gdpr help COMMAND` or `gdpr COMMAND --help` shows a command's options; `man gdpr` and the\n"
          "guides in {} say more.",
          doc_dir()));

  app.add_option("--db", ctx.global.db, tr("Database file or postgresql:// URI (else $GDPR_DB, config `database`, $XDG_DATA_HOME/gdpr/gdpr.db)"))
      ->option_text("PATH");
  app.add_option("--config", ctx.global.config, tr("Config file (else $GDPR_CONFIG, $XDG_CONFIG_HOME/gdpr/config.toml, "
                                                "/etc/gdpr/config.toml)"))
      ->option_text("PATH");
  app.add_option("--as", ctx.global.as, tr("Act as NAME (only with identity.allow_override = true; also $GDPR_ACTOR)"))
      ->option_text("NAME");
  app.add_option("--format", ctx.global.format, tr("Output format: text, json or csv (where tabular)"))
      ->option_text("FMT");
  app.add_flag("-q,--quiet", ctx.global.quiet, tr("Print only results (e.g. only the request id)"));
  app.add_flag("--yes", ctx.global.yes, tr("Confirm an irreversible erasure without asking"));
  app.add_option("--color", ctx.global.color, tr("Colour: auto, always or never (NO_COLOR is honoured)"))
      ->option_text("WHEN")
      ->transform(CLI::IsMember({"auto", "always", "never"}, CLI::ignore_case));
}

// Every subcommand, grouped in --help by who uses them.
void add_subcommands(CLI::App& app, gdpr::cli::Context& ctx) {
  using namespace gdpr::cli;
  using gdpr::tr;
  register_contact(app, ctx);
  register_block(app, ctx);
  register_request(app, ctx);
  register_review(app, ctx);
  register_approve(app, ctx);
  register_reject(app, ctx);
  register_print_sheet(app, ctx);
  register_letter(app, ctx);
  register_init(app, ctx);
  register_retry(app, ctx);
  register_audit(app, ctx);
  register_policy(app, ctx);
  register_role(app, ctx);
  register_migrate(app, ctx);
  register_worker(app, ctx);
  register_watch(app, ctx);
  for (const char* name : {"contact", "block", "unblock", "request"}) {
    app.get_subcommand(name)->group(tr("Requester commands"));
  }
  for (const char* name : {"review", "approve", "reject", "print-sheet", "letter"}) {
    app.get_subcommand(name)->group(tr("Reviewer commands"));
  }
  for (const char* name : {"init", "retry", "audit", "role", "migrate", "worker", "watch"}) {
    app.get_subcommand(name)->group(tr("Admin commands"));
  }
}

// Parses the command line into `ctx.action`; the exit code of a refusal or of --help/--version.
std::optional<int> parse(CLI::App& app, gdpr::cli::Context& ctx, int argc, char** argv) {
  using namespace gdpr;
  using namespace gdpr::cli;
  try {
    std::vector<std::string> args = rewrite_help(argc, argv);
    check_commands(app, args);
    std::ranges::reverse(args);  // CLI11 takes the arguments in reverse order
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (const std::string hint = unknown_option_hint(app, e); !hint.empty()) {
      ctx.print_error(hint);
      return k_exit_usage;
    }
    ctx.print_error(parse_error_message(app, e));
    return k_exit_usage;
  } catch (const Error& e) {
    ctx.print_error(e.what());
    return exit_code(e.kind());
  }
  return std::nullopt;
}

// Runs the chosen command; its exit code (SPEC §7).
int execute(gdpr::cli::Context& ctx) {
  using namespace gdpr;
  using namespace gdpr::cli;
  try {
    if (ctx.action) ctx.action();
    // Output not written (a full disk, /dev/full, a closed pipe) must not look like success.
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) throw output_error(errno_message(errno));
    return ctx.exit_status;
  } catch (const Error& e) {
    (void)std::fflush(stdout);
    ctx.print_error(e.what());
    return exit_code(e.kind());
  } catch (const std::exception& e) {
    if (std::ferror(stdout) != 0) {  // fmt::print found stdout unwritable
      const auto* system = dynamic_cast<const std::system_error*>(&e);
      const Error error = output_error(system != nullptr ? system->code().message() : std::string(e.what()));
      ctx.print_error(error.what());
      return exit_code(error.kind());
    }
    (void)std::fflush(stdout);
    ctx.print_error(trf("internal error: {}\nPlease report this with the command you ran.", e.what()));
    return k_exit_internal;
  }
}

int run(int argc, char** argv) {
  using namespace gdpr;
  using namespace gdpr::cli;

  // Before anything reads personal data: a crash must not write it into a core file (SPEC §9).
  files::forbid_core_dumps();
  Context ctx;
  init_messages(configured_language(std::vector<std::string>(argv + 1, argv + argc), ctx), locale_dir());
  CLI::App app{tr("gdpr: GDPR erasure requests (Art. 17) under the four-eyes principle.\n"
                  "A requester files a request with a reason; a different reviewer approves (erasure) or rejects it."),
               "gdpr"};
  translate_help(app);
  add_global_options(app, ctx);
  add_subcommands(app, ctx);
  translate_tree(app);
  if (argc > 1 && std::string(argv[1]) == "__complete") {
    run_complete(ctx, app, std::vector<std::string>(argv + 2, argv + argc));
    return k_exit_ok;
  }
  if (const auto refused = parse(app, ctx, argc, argv)) return *refused;
  return execute(ctx);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {  // before the context exists, e.g. out of memory
    (void)std::fprintf(stderr, "gdpr: error: internal error: %s\n", e.what());
  } catch (...) {
    (void)std::fprintf(stderr, "gdpr: error: internal error\n");
  }
  return 1;
}
