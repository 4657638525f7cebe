#include "exit_codes.hpp"

namespace gdpr::cli {

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return 2;
    case ErrorKind::forbidden: return 4;
    case ErrorKind::not_found: return 5;
    case ErrorKind::conflict: return 6;
    case ErrorKind::step_failed: return 7;
    case ErrorKind::integrity: return 8;
    case ErrorKind::config: return 9;
    case ErrorKind::internal: return 1;
  }
  return 1;
}

}  // namespace gdpr::cli
