// Running linked-system commands (SPEC §5). A command is run by /bin/sh -c
// exactly as configured; the data reaches it only as JSON on stdin and ids in
// the environment, never pasted into the command line.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gdpr {

// One command to run.
struct HookInvocation {
  std::string command;
  std::string input;                                        // written to the command's stdin
  std::vector<std::pair<std::string, std::string>> env;     // added to the inherited environment
  int timeout_seconds = 60;
};

// English for the audit trail (stable), or the user's language for messages.
enum class Language { english, local };

// How a command ended.
struct HookOutcome {
  bool ok = false;
  bool timed_out = false;
  int exit_code = -1;  // -1 if killed by a signal
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

}  // namespace gdpr
