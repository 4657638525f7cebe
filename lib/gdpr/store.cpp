#include "gdpr/store.hpp"

#include <thread>

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"

namespace gdpr {

void Store::set_server_role(const std::string& /*role*/, ServerGroup /*group*/, Membership /*membership*/) {
  throw Error(ErrorKind::usage, trf("this command is for a PostgreSQL database; {} is an SQLite file (there the "
                                    "roles are roles.reviewers and roles.requesters in the config)",
                                    location()));
}

void Store::wait_for_steps(std::chrono::milliseconds timeout) { std::this_thread::sleep_for(timeout); }

}  // namespace gdpr
