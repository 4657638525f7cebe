// `gdpr migrate --to postgresql://...`: copies an SQLite database into an empty PostgreSQL one,
// history unchanged (request ids, decisions, approvals, comments, steps, tombstones, the secret
// that keys their fingerprints, and the audit chain, which still verifies afterwards).
#pragma once

#include <cstdint>

#include "gdpr/audit.hpp"
#include "gdpr/store/pg_store.hpp"
#include "gdpr/store.hpp"

namespace gdpr {

struct MigrateResult {
  std::int64_t contacts = 0;
  std::int64_t requests = 0;
  std::int64_t events = 0;
  audit::VerifyResult verified;  // the copied chain, verified on the target
};

// Copies everything of `from` into `to` in one transaction on `to`; Error(conflict) if `to`
// already holds contacts, requests or events, Error(integrity) if the copied chain does not verify
// (then nothing is kept). Must be run by the owner of the gdpr tables on `to`.
[[nodiscard]] MigrateResult migrate(Store& from, PgStore& to);

}  // namespace gdpr
