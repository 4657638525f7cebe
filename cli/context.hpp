// What every subcommand shares: the global options, the configuration, the
// opened store and the service for the resolved actor, and the terminal.
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "gdpr/config.hpp"
#include "gdpr/dates.hpp"
#include "gdpr/hooks.hpp"
#include "gdpr/service.hpp"
#include "gdpr/backend.hpp"

namespace gdpr::cli {

// Output formats of SPEC §4.
enum class Format { text, json, csv, markdown, html, toml };

// Options accepted before or after any subcommand.
struct GlobalOptions {
  std::string db;
  std::string config;
  std::string as;
  std::string format = "text";
  std::string color = "auto";
  bool quiet = false;
  bool yes = false;
};

// Shared state of one `gdpr` run.
class Context {
 public:
  GlobalOptions global;
  // The chosen subcommand's work; set by its parse callback, run after parsing.
  std::function<void()> action;
  // Exit status of a successful run (3 for `review --remind` with something to report).
  int exit_status = 0;

  // The configuration (loaded once).
  const Config& config();
  // A configuration main() already read from `path` (for the language): config() takes it
  // instead of reading and parsing the file again when it resolves to the same path.
  void preload_config(std::string path, Config config);
  // The database path (or postgresql:// URI) after SPEC §2 precedence.
  std::string database_path();
  // The service on the opened database for the resolved actor.
  Service& service(Access access = Access::read_write, Purpose purpose = Purpose::use);
  // The output format, checked against what the command offers.
  Format format(std::initializer_list<Format> allowed);

  // True if stdin / stdout is a terminal.
  [[nodiscard]] static bool stdin_is_terminal();
  [[nodiscard]] static bool stdout_is_terminal();
  [[nodiscard]] static bool stderr_is_terminal();
  // Whether to colour what goes to `stream` (stdout or stderr): --color, NO_COLOR, a terminal.
  [[nodiscard]] bool color(std::FILE* stream) const;
  // Prints "gdpr: error: MESSAGE" on stderr, MESSAGE made inert (text::escape_for_terminal with
  // its line breaks kept): an error may quote an id, a value or an argument.
  void print_error(const std::string& message) const;
  // Asks on the terminal and returns the answer line (nullopt at end of input).
  static std::optional<std::string> ask(const std::string& question);
  // A message for people on stderr, unless --quiet; made inert like print_error's.
  void note(const std::string& message) const;
  // "gdpr: warning: MESSAGE" on stderr, made inert like print_error's; also with --quiet.
  void warn(const std::string& message) const;
  // Reads all of stdin for `--reason -` / `--comment -`; more than 1 MiB is refused (usage).
  static std::string read_stdin();
  // `value`, or all of stdin if it is "-".
  static std::string text_or_stdin(const std::string& value);

 private:
  std::optional<Config> config_;
  std::optional<std::pair<std::string, Config>> preloaded_;
  Backend backend_;
  std::unique_ptr<Service> service_;
  SystemClock clock_;
  SystemRunner hooks_;
};

}  // namespace gdpr::cli
