// Running linked-system steps (SPEC §5, §11). A command is run by /bin/sh -c
// exactly as configured; the data reaches it only as JSON on stdin and ids in
// the environment, never pasted into the command line. A statement of a SQL
// system gets the values bound by the engine's own library.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "gdpr/config.hpp"

namespace gdpr {

// One step to run: a command, or (SQL kinds) a statement on `database`.
struct HookInvocation {
  SystemKind kind = SystemKind::command;
  const SystemConfig* system = nullptr;                     // the built-in kinds' settings
  std::string command;                                      // the command, or the statement
  std::string database;                                     // SQL kinds: path or URI
  std::string input;                                        // written to the command's stdin
  std::vector<std::pair<std::string, std::string>> env;     // added to the inherited environment
  std::vector<std::pair<std::string, std::string>> params;  // id, email, request_id, record_id
  int timeout_seconds = 60;
};

// English for the audit trail (stable), or the user's language for messages.
enum class Language { english, local };

// How a command (or statement) ended.
struct HookOutcome {
  bool ok = false;
  bool timed_out = false;
  int exit_code = -1;  // -1 if killed by a signal
  // SQL kinds: the engine's error code (SQLSTATE, or SQLite's result code name), recorded; and its
  // message, shown to the user only (an engine may quote a value in it).
  std::string code;
  std::string message;
  // A verify step (SPEC §13): the probe ran and the system still has the contact (ok is false).
  bool still_there = false;
  // "exited with status 3", "timed out and was killed", ...
  [[nodiscard]] std::string describe(Language language = Language::english) const;
};

// Runs hook commands; tests substitute a fake.
class HookRunner {
 public:
  virtual ~HookRunner() = default;
  // Runs one command to completion or timeout.
  virtual HookOutcome run(const HookInvocation& invocation) = 0;
};

// Runs commands with /bin/sh -c in their own process group; their stdout and stderr go to this
// process's stderr (never stored); on timeout the whole group is killed.
class ShellHookRunner final : public HookRunner {
 public:
  HookOutcome run(const HookInvocation& invocation) override;
};

// Runs each step by its kind: commands through ShellHookRunner, statements through the SQL
// connectors (lib/gdpr/connectors/sql_systems.hpp).
class SystemRunner final : public HookRunner {
 public:
  HookOutcome run(const HookInvocation& invocation) override;

 private:
  ShellHookRunner shell_;
};

}  // namespace gdpr
