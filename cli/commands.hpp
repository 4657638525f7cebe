// One register_<name> per subcommand file: it binds the options to a struct
// held by shared_ptr and sets a callback that runs the command after parsing.
#pragma once

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace gdpr::cli {

void register_init(CLI::App& app, Context& ctx);
void register_contact(CLI::App& app, Context& ctx);
void register_block(CLI::App& app, Context& ctx);
void register_request(CLI::App& app, Context& ctx);
void register_review(CLI::App& app, Context& ctx);
void register_approve(CLI::App& app, Context& ctx);
void register_reject(CLI::App& app, Context& ctx);
void register_retry(CLI::App& app, Context& ctx);
void register_audit(CLI::App& app, Context& ctx);
void register_print_sheet(CLI::App& app, Context& ctx);
void register_letter(CLI::App& app, Context& ctx);
void register_role(CLI::App& app, Context& ctx);
void register_policy(CLI::App& app, Context& ctx);
void register_migrate(CLI::App& app, Context& ctx);
void register_worker(CLI::App& app, Context& ctx);
void register_watch(CLI::App& app, Context& ctx);
// `gdpr __complete -- WORD... CURRENT`: prints completion candidates (see cmd_complete.cpp).
void run_complete(Context& ctx, CLI::App& app, std::vector<std::string> words);

// Prints the outcome of approve/reject/retry/request steps and throws step_failed or conflict
// when a linked-system step failed or is still running elsewhere.
void report_steps(const Context& ctx, const DecisionResult& result);

// A letter sink for `--letter FILE` (approve, review --extend): writes the letter in the format of
// the file name's extension (.md Markdown, .html/.htm HTML, else text), readable by the owner only
// (files::write_file_exclusively: a new file renamed into place, never written through a link).
LetterSink letter_file(const std::string& path);
// The same in `format` (gdpr letter -o FILE with --format).
LetterSink letter_file(const std::string& path, LetterFormat format);

}  // namespace gdpr::cli
