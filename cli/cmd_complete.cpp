// `gdpr __complete -- WORD... CURRENT`: the one completion engine behind the bash, zsh and
// fish scripts in completions/. main.cpp dispatches it before CLI11 parses anything (CLI11
// would hand words that look like subcommands back to the parent). It walks CLI11's own tables of subcommands and options, so the
// scripts never repeat them, and asks the database for request and contact ids. Output: one
// candidate per line, optionally "\tdescription"; the single line `__files__` asks the shell
// to complete file names. Not listed in --help.
//
// Candidates are data (SPEC §9): an id such as `$(rm -rf ~)` is printed as it is, and the scripts
// quote it for their shell and never evaluate it. An id that breaks the line protocol or carries
// terminal controls (possible only in a database from before the id rule) is not offered; a
// description is shown() like any text output.

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/text.hpp"
#include "output.hpp"
#include "suggest.hpp"

namespace gdpr::cli {

namespace {

void print_candidates(const std::vector<std::string>& items, const std::string& current) {
  for (const auto& item : items) {
    if (item.starts_with(current)) fmt::print("{}\n", item);
  }
}

void print_requests(Context& ctx, const std::string& current) {
  for (const auto& r : ctx.service(Access::read_only).queue(QueueFilter{})) {
    const std::string id = std::to_string(r.id);
    if (id.starts_with(current)) {
      fmt::print("{}\t{} {} due {}\n", id, to_string(r.state), shown(r.contact_id), format_date(r.due_on));
    }
  }
}

void print_contacts(Context& ctx, const std::string& current) {
  for (const auto& id : ctx.service(Access::read_only).complete_contact_ids(current, 200)) {
    if (text::is_valid_utf8(id) && !text::find_control(id)) fmt::print("{}\n", id);
  }
}

// Where the words before the cursor lead: the subcommand, its path, how many positionals were
// given, and an option whose value comes next.
struct Position {
  CLI::App* app = nullptr;
  std::vector<std::string> path;
  std::size_t positionals = 0;
  const CLI::Option* pending = nullptr;
};

Position walk(Context& ctx, CLI::App& root, const std::vector<std::string>& words) {
  Position at;
  at.app = &root;
  for (const auto& w : words) {
    if (at.pending != nullptr) {
      if (at.pending->check_name("--db")) ctx.global.db = w;
      if (at.pending->check_name("--config")) ctx.global.config = w;
      at.pending = nullptr;
      continue;
    }
    if (w.starts_with('-') && w.size() > 1) {
      const CLI::Option* opt = find_option(at.app, w.substr(0, w.find('=')));
      if (opt != nullptr && takes_value(opt) && w.find('=') == std::string::npos) at.pending = opt;
      continue;
    }
    CLI::App* sub = nullptr;
    try {
      sub = at.app->get_subcommand(w);
    } catch (const CLI::OptionNotFound&) {
      sub = nullptr;
    }
    if (sub != nullptr && at.positionals == 0) {
      at.app = sub;
      at.path.push_back(w);
    } else {
      ++at.positionals;
    }
  }
  return at;
}

// The values of the option `pending`.
void complete_value(Context& ctx, const CLI::Option* pending, const std::string& current) {
  static const std::vector<std::pair<const char*, std::vector<std::string>>> k_values = {
      {"--format", {"text", "json", "csv", "markdown", "html"}},
      {"--color", {"auto", "always", "never"}},
      {"--state", {"pending", "approved", "erased", "rejected", "withdrawn"}},
      {"--status", {"active", "on-hold", "restricted", "erased"}},
      {"--kind", {"confirmation", "refusal", "extension"}},
      {"--delimiter", {"auto", ",", ";", "tab"}}};
  for (const auto& [option, values] : k_values) {
    if (pending->check_name(option)) {
      print_candidates(values, current);
      return;
    }
  }
  if (pending->check_name("--request")) {
    print_requests(ctx, current);
  } else if (pending->check_name("--contact")) {
    print_contacts(ctx, current);
  } else if (pending->check_name("--db") || pending->check_name("--config") || pending->check_name("--output") ||
             pending->check_name("--letter")) {
    fmt::print("__files__\n");
  }
}

// The positional argument number `positionals` of `command`.
void complete_positional(Context& ctx, const std::string& command, std::size_t positionals, const std::string& current) {
  if (command == "approve" || command == "reject" || command == "review" || command == "retry" ||
      command == "letter") {
    if (positionals == 0) print_requests(ctx, current);
  } else if (command == "block" || command == "unblock") {
    if (positionals == 0) print_contacts(ctx, current);
    if (positionals == 1) print_candidates({"newsletter", "all-mail"}, current);
  } else if (command == "request" || command == "print-sheet" || command == "contact show" || command == "contact add") {
    if (positionals == 0) print_contacts(ctx, current);
  } else if (command == "contact import") {
    if (positionals == 0) fmt::print("__files__\n");
  }
}

void complete(Context& ctx, CLI::App& root, const std::vector<std::string>& all) {
  if (all.empty()) return;
  const std::string& current = all.back();
  // `gdpr help COMMAND...` completes as `gdpr COMMAND...` does.
  const bool help = all.size() > 1 && all.front() == "help";
  const Position at = walk(ctx, root, std::vector<std::string>(all.begin() + (help ? 1 : 0), all.end() - 1));
  if (at.pending != nullptr) {
    complete_value(ctx, at.pending, current);
    return;
  }
  if (current.starts_with('-')) {
    print_candidates(option_names(at.app), current);
    return;
  }
  if (at.positionals == 0 && !at.app->get_subcommands({}).empty()) {
    if (at.app == &root && !help && std::string_view("help").starts_with(current)) {
      fmt::print("help\t{}\n", tr("Show the help of a command"));
    }
    for (const CLI::App* sub : at.app->get_subcommands({})) {
      if (sub->get_group().empty()) continue;  // hidden
      if (sub->get_name().starts_with(current)) fmt::print("{}\t{}\n", sub->get_name(), sub->get_description());
    }
    return;
  }
  if (help) return;  // help takes commands only
  complete_positional(ctx, fmt::format("{}", fmt::join(at.path, " ")), at.positionals, current);
}

}  // namespace

void run_complete(Context& ctx, CLI::App& app, std::vector<std::string> words) {
  if (!words.empty() && words.front() == "--") words.erase(words.begin());
  try {
    complete(ctx, app, words);
  } catch (const Error&) {  // NOLINT(bugprone-empty-catch)
    // No database or no config: offer nothing rather than an error inside the shell.
  }
}

}  // namespace gdpr::cli
