#include "suggest.hpp"

#include <algorithm>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"

namespace gdpr::cli {

namespace {

// Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// The names of `app`'s subcommands.
std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> out;
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) out.push_back(sub->get_name());
  return out;
}

}  // namespace

const CLI::Option* find_option(const CLI::App* app, const std::string& name) {
  for (; app != nullptr; app = app->get_parent()) {
    for (const CLI::Option* opt : app->get_options()) {
      if (opt->nonpositional() && opt->check_name(name)) return opt;
    }
  }
  return nullptr;
}

bool takes_value(const CLI::Option* opt) { return opt->get_items_expected_min() > 0; }

std::vector<std::string> option_names(const CLI::App* app) {
  std::vector<std::string> out;
  auto add = [&](std::string name) {
    if (std::ranges::find(out, name) == out.end()) out.push_back(std::move(name));  // --help once, not per level
  };
  for (; app != nullptr; app = app->get_parent()) {
    for (const CLI::Option* opt : app->get_options()) {
      if (!opt->nonpositional()) continue;
      for (const auto& l : opt->get_lnames()) add("--" + l);
      for (const auto& s : opt->get_snames()) add("-" + s);
    }
  }
  return out;
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance && d * 2 < std::max(word.size(), c.size())) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

void check_commands(CLI::App& app, const std::vector<std::string>& args) {
  const CLI::App* current = &app;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") return;
    if (arg.size() > 1 && arg[0] == '-') {
      if (arg.find('=') != std::string::npos) continue;
      const CLI::Option* opt = find_option(current, arg);
      if (opt != nullptr && takes_value(opt)) ++i;  // its value
      continue;
    }
    const std::vector<std::string> names = command_names(*current);
    if (names.empty()) return;  // a command's own arguments from here on
    if (std::ranges::find(names, arg) != names.end()) {
      current = current->get_subcommand(arg);
      continue;
    }
    if (current->get_require_subcommand_min() == 0) return;  // a positional of a command with subcommands
    const std::string where = current == &app ? std::string("gdpr") : "gdpr " + current->get_name();
    const std::string near = closest(arg, names);
    throw Error(ErrorKind::usage, near.empty() ? trf("'{}' is not a {} command; `{} --help` lists them", arg, where, where)
                                               : trf("'{}' is not a {} command; did you mean '{}'?", arg, where, near));
  }
}

std::string unknown_option_hint(CLI::App& app, const CLI::ParseError& /*error*/) {
  // The deepest command that was parsed, and what it was not expecting (named first, whatever
  // else CLI11 found: `--reasn` is why `--reason is required`).
  const CLI::App* current = &app;
  for (;;) {
    const auto parsed = current->get_subcommands();
    if (parsed.empty()) break;
    current = parsed.front();
  }
  std::vector<std::string> extras = current->remaining();
  if (extras.empty()) extras = app.remaining();
  for (const auto& extra : extras) {
    if (extra.size() < 2 || extra[0] != '-') continue;
    const std::string name = extra.substr(0, extra.find('='));
    const std::string near = closest(name, option_names(current));
    return near.empty() ? trf("unknown option '{}'; `gdpr {} --help` lists the options", name, current->get_name())
                        : trf("unknown option '{}'; did you mean '{}'?", name, near);
  }
  return {};
}

namespace {

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// The command being parsed when CLI11 refused, as `gdpr review`.
std::string parsed_command(CLI::App& app) {
  std::string out = "gdpr";
  for (const CLI::App* current = &app;;) {
    const auto parsed = current->get_subcommands();
    if (parsed.empty()) return out;
    current = parsed.front();
    out += " " + current->get_name();
  }
}

}  // namespace

std::string parse_error_message(CLI::App& app, const CLI::ParseError& error) {
  std::string what = error.what();
  const std::string command = parsed_command(app);
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
    if (what == "A subcommand is required" || what.starts_with("Requires at least")) {
      return trf("`{}` needs a command; `{} --help` lists them", command, command);
    }
    if (ends_with(what, " is required")) return trf("{} is required; `{} --help` says how", what.substr(0, what.size() - 12), command);
  }
  if (dynamic_cast<const CLI::ConversionError*>(&error) != nullptr && what.starts_with("Could not convert: ")) {
    const std::string rest = what.substr(19);
    const std::size_t eq = rest.find(" = ");
    if (eq != std::string::npos) {
      return trf("{} '{}' is not a number", rest.substr(0, eq), rest.substr(eq + 3));
    }
  }
  if (dynamic_cast<const CLI::ExcludesError*>(&error) != nullptr) {
    const std::size_t at = what.find(" excludes ");
    if (at != std::string::npos) return trf("{} cannot be used with {}", what.substr(0, at), what.substr(at + 10));
  }
  if (dynamic_cast<const CLI::RequiresError*>(&error) != nullptr) {
    const std::size_t at = what.find(" requires ");
    if (at != std::string::npos) return trf("{} goes with {}", what.substr(0, at), what.substr(at + 10));
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    const std::size_t colon = what.find(": ");
    if (colon != std::string::npos) {
      return trf("{} takes no more arguments: {}; `{} --help` says what it takes", command, what.substr(colon + 2), command);
    }
  }
  return what;
}

}  // namespace gdpr::cli
