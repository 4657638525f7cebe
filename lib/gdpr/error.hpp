// The one error type the library throws. Its kind decides the exit code (the
// table lives in cli/exit_codes.cpp); its message names the file, line, key or
// id at fault and says what to do.
#pragma once

#include <stdexcept>
#include <string>
#include <system_error>

namespace gdpr {

// What went wrong, in the categories of SPEC §7.
enum class ErrorKind {
  usage,        // bad arguments, invalid reason, missing --clarified/--yes, bad date
  forbidden,    // four-eyes rule, role missing, identity override not allowed
  not_found,    // contact or request does not exist
  conflict,     // wrong state, open request exists, contact erased, approved twice
  step_failed,  // a linked-system step failed
  integrity,    // audit chain broken
  config,       // configuration or database unusable
  internal,     // a bug
};

// A domain error with a kind and a message meant for the user.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}

  // The category that decides the exit code.
  [[nodiscard]] ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

// The text of an errno value (thread-safe, unlike std::strerror).
[[nodiscard]] inline std::string errno_message(int err) { return std::generic_category().message(err); }

}  // namespace gdpr
