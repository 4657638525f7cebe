#include "gdpr/store.hpp"

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"

namespace gdpr {

void Store::set_server_role(const std::string& /*role*/, ServerGroup /*group*/, Membership /*membership*/) {
  throw Error(ErrorKind::usage, trf("this command is for a PostgreSQL database; {} is an SQLite file (there the "
                                    "roles are roles.reviewers and roles.requesters in the config)",
                                    location()));
}

}  // namespace gdpr
