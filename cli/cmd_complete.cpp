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
#include "gdpr/text.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

bool takes_value(const CLI::Option* opt) { return opt->get_type_size() != 0; }

const CLI::Option* find_option(const CLI::App* app, const std::string& name) {
  for (; app != nullptr; app = app->get_parent()) {
    for (const CLI::Option* opt : app->get_options()) {
      if (opt->nonpositional() && opt->check_name(name)) return opt;
    }
  }
  return nullptr;
}

std::vector<std::string> option_names(const CLI::App* app) {
  std::vector<std::string> out;
  for (; app != nullptr; app = app->get_parent()) {
    for (const CLI::Option* opt : app->get_options()) {
      if (!opt->nonpositional()) continue;
      for (const auto& l : opt->get_lnames()) out.push_back("--" + l);
      for (const auto& s : opt->get_snames()) out.push_back("-" + s);
    }
  }
  return out;
}

void print_candidates(const std::vector<std::string>& items, const std::string& current) {
  for (const auto& item : items) {
    if (item.rfind(current, 0) == 0) fmt::print("{}\n", item);
  }
}

void print_requests(Context& ctx, const std::string& current) {
  for (const auto& r : ctx.service(Access::read_only).queue(QueueFilter{})) {
    const std::string id = std::to_string(r.id);
    if (id.rfind(current, 0) == 0) {
      fmt::print("{}\t{} {} due {}\n", id, to_string(r.state), shown(r.contact_id), format_date(r.due_on));
    }
  }
}

void print_contacts(Context& ctx, const std::string& current) {
  for (const auto& id : ctx.service(Access::read_only).complete_contact_ids(current, 200)) {
    if (text::is_valid_utf8(id) && !text::find_control(id)) fmt::print("{}\n", id);
  }
}

void complete(Context& ctx, CLI::App& root, const std::vector<std::string>& all) {
  if (all.empty()) return;
  const std::string& current = all.back();
  const std::vector<std::string> words(all.begin(), all.end() - 1);
  CLI::App* app = &root;
  std::vector<std::string> path;
  std::size_t positionals = 0;
  const CLI::Option* pending = nullptr;  // an option whose value comes next
  for (const auto& w : words) {
    if (pending != nullptr) {
      if (pending->check_name("--db")) ctx.global.db = w;
      if (pending->check_name("--config")) ctx.global.config = w;
      pending = nullptr;
      continue;
    }
    if (w.rfind('-', 0) == 0 && w.size() > 1) {
      const CLI::Option* opt = find_option(app, w.substr(0, w.find('=')));
      if (opt != nullptr && takes_value(opt) && w.find('=') == std::string::npos) pending = opt;
      continue;
    }
    CLI::App* sub = nullptr;
    try {
      sub = app->get_subcommand(w);
    } catch (const CLI::OptionNotFound&) {
      sub = nullptr;
    }
    if (sub != nullptr && positionals == 0) {
      app = sub;
      path.push_back(w);
    } else {
      ++positionals;
    }
  }
  const std::string command = fmt::format("{}", fmt::join(path, " "));

  if (pending != nullptr) {
    const auto values = [&](const std::vector<std::string>& v) { print_candidates(v, current); };
    if (pending->check_name("--format")) return values({"text", "json", "csv", "markdown", "html"});
    if (pending->check_name("--color")) return values({"auto", "always", "never"});
    if (pending->check_name("--state")) return values({"pending", "approved", "erased", "rejected", "withdrawn"});
    if (pending->check_name("--status")) return values({"active", "on-hold", "erased"});
    if (pending->check_name("--delimiter")) return values({"auto", ",", ";", "tab"});
    if (pending->check_name("--request")) return print_requests(ctx, current);
    if (pending->check_name("--contact")) return print_contacts(ctx, current);
    if (pending->check_name("--db") || pending->check_name("--config") || pending->check_name("--output")) {
      fmt::print("__files__\n");
    }
    return;
  }
  if (current.rfind('-', 0) == 0) return print_candidates(option_names(app), current);
  if (positionals == 0 && !app->get_subcommands({}).empty()) {
    for (const CLI::App* sub : app->get_subcommands({})) {
      if (sub->get_group().empty()) continue;  // hidden
      if (sub->get_name().rfind(current, 0) == 0) fmt::print("{}\t{}\n", sub->get_name(), sub->get_description());
    }
    return;
  }
  if (command == "approve" || command == "reject" || command == "review" || command == "retry") {
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

}  // namespace

void run_complete(Context& ctx, CLI::App& app, std::vector<std::string> words) {
  if (!words.empty() && words.front() == "--") words.erase(words.begin());
  try {
    complete(ctx, app, words);
  } catch (const Error&) {
    // No database or no config: offer nothing rather than an error inside the shell.
  }
}

}  // namespace gdpr::cli
