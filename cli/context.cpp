#include "context.hpp"

#include <iostream>
#include <iterator>

#include <unistd.h>

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/identity.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/text.hpp"
#include "output.hpp"

namespace gdpr::cli {

const Config& Context::config() {
  if (!config_) {
    const EnvLookup env = process_env();
    const auto path = locate_config(global.config.empty() ? std::nullopt : std::optional(global.config), env);
    if (path && preloaded_ && preloaded_->first == *path) {
      config_ = std::move(preloaded_->second);
    } else {
      config_ = path ? load_config_file(*path) : Config{};
    }
    preloaded_.reset();
  }
  return *config_;
}

void Context::preload_config(std::string path, Config config) {
  preloaded_.emplace(std::move(path), std::move(config));
}

std::string Context::database_path() {
  return resolve_database_path(global.db.empty() ? std::nullopt : std::optional(global.db), process_env(), config());
}

Service& Context::service(Access access, Purpose purpose) {
  if (!service_) {
    const EnvLookup env = process_env();
    std::optional<std::string> override_name;
    std::string source;
    if (!global.as.empty()) {
      override_name = global.as;
      source = "--as";
    } else if (auto actor = env("GDPR_ACTOR")) {
      override_name = *actor;
      source = "$GDPR_ACTOR";
    }
    backend_ = open_backend(database_path(), config(), os_login_name(), override_name, source, access, purpose);
    service_ = std::make_unique<Service>(*backend_.store, backend_.config, clock_, backend_.actor, hooks_);
    service_->set_warning_sink([this](const std::string& message) { warn(message); });
  }
  return *service_;
}

Format Context::format(std::initializer_list<Format> allowed) {
  Format f = Format::text;
  global.format = text::ascii_lower(global.format);  // tokens ignore case
  if (global.format == "json") {
    f = Format::json;
  } else if (global.format == "csv") {
    f = Format::csv;
  } else if (global.format == "markdown") {
    f = Format::markdown;
  } else if (global.format == "html") {
    f = Format::html;
  } else if (global.format == "toml") {
    f = Format::toml;
  } else if (global.format != "text") {
    throw Error(ErrorKind::usage,
                trf("--format '{}' is not one of: text, json, csv, markdown, html, toml", global.format));
  }
  for (const Format a : allowed) {
    if (a == f) return f;
  }
  throw Error(ErrorKind::usage, trf("--format {} is not available for this command", global.format));
}

bool Context::color(std::FILE* stream) const {
  if (global.color == "always") return true;
  if (global.color == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");  // NOLINT(concurrency-mt-unsafe): gdpr is single-threaded here
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");  // NOLINT(concurrency-mt-unsafe): as above
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return ::isatty(::fileno(stream)) == 1;
}

void Context::print_error(const std::string& message) const {
  fmt::print(stderr, "{} {}\n", paint(tr("gdpr: error:"), Style::error, color(stderr)),
             text::escape_for_terminal(message, text::LineBreaks::keep));
}

bool Context::stdin_is_terminal() { return ::isatty(STDIN_FILENO) == 1; }
bool Context::stdout_is_terminal() { return ::isatty(STDOUT_FILENO) == 1; }
bool Context::stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

std::optional<std::string> Context::ask(const std::string& question) {
  fmt::print(stderr, "{}", question);
  (void)std::fflush(stderr);
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  return line;
}

void Context::note(const std::string& message) const {
  if (!global.quiet) fmt::print(stderr, "{}\n", text::escape_for_terminal(message, text::LineBreaks::keep));
}

void Context::warn(const std::string& message) const {
  // Never hidden by --quiet: a warning is something the user must see (SPEC §4, issue 14).
  fmt::print(stderr, "{} {}\n", paint(tr("gdpr: warning:"), Style::warning, color(stderr)),
             text::escape_for_terminal(message, text::LineBreaks::keep));
}

std::string Context::read_stdin() {
  // A reason or comment is at most reason.max_length (<= 100,000) characters: reading one byte
  // past 1 MiB is enough to refuse anything longer without holding all of it.
  constexpr std::size_t k_limit = std::size_t{1024} * 1024;
  std::string text(k_limit + 1, '\0');
  std::cin.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(std::cin.gcount()));
  if (text.size() > k_limit) {
    throw Error(ErrorKind::usage, tr("stdin holds more than 1 MiB; a reason or comment must be shorter (reason.max_length)"));
  }
  return text;
}

std::string Context::text_or_stdin(const std::string& value) { return value == "-" ? read_stdin() : value; }

}  // namespace gdpr::cli
