// Unknown commands and options, answered as git does (SPEC §12): "'revew' is not a gdpr command;
// did you mean 'review'?", exit 2, before anything runs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace gdpr::cli {

// The option of `app` (or of a parent, whose options its arguments may carry) named `name`, or null.
[[nodiscard]] const CLI::Option* find_option(const CLI::App* app, const std::string& name);
// Whether the option takes a value (the next word), unlike a flag.
[[nodiscard]] bool takes_value(const CLI::Option* opt);
// Every option name `app` and its parents accept (--long and -s), each once.
[[nodiscard]] std::vector<std::string> option_names(const CLI::App* app);

// The candidate closest to `word` (edit distance, a swap of two letters counting once) when it is
// close enough to be a slip (at most 2 edits, and fewer than half the word), or "".
[[nodiscard]] std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// Walks `args` (as typed, after `help` was rewritten) down the command tree of `app`: a word
// where a command is expected that is none of them is Error(usage) naming the closest one.
void check_commands(CLI::App& app, const std::vector<std::string>& args);

// For any refusal by CLI11: the first option it did not expect (`--reasn`), with the closest
// option of the command being parsed; "" when every option was known.
[[nodiscard]] std::string unknown_option_hint(CLI::App& app, const CLI::ParseError& error);

// CLI11's own refusals in the user's language (SPEC §12: no English in a German session):
// "--reason is required", "A subcommand is required", "Could not convert: RID = abc",
// "--a excludes --b", "--a requires --b", arguments not expected; anything else as CLI11 said it.
[[nodiscard]] std::string parse_error_message(CLI::App& app, const CLI::ParseError& error);

}  // namespace gdpr::cli
