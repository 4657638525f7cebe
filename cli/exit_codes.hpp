// The one table from error kinds to the exit codes of SPEC §7.
#pragma once

#include "gdpr/error.hpp"

namespace gdpr::cli {

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_internal = 1;
inline constexpr int k_exit_usage = 2;
inline constexpr int k_exit_attention = 3;

// The exit code for an error of `kind`.
int exit_code(ErrorKind kind);

}  // namespace gdpr::cli
