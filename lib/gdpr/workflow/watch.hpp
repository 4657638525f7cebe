// `gdpr watch` (SPEC §13): asks every linked system that can list its contacts whether an erased
// person has come back (HubSpot creates a deleted contact again when an integration sends it back).
// Each listed e-mail is normalized and looked up among the tombstones by its fingerprint (the
// tombstones' key stays in memory, on PostgreSQL in the server's); nothing a system returns is
// stored, and each find is audited (`watch.found`) without the e-mail.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gdpr/connectors/listing.hpp"
#include "gdpr/workflow/context.hpp"

namespace gdpr::workflow {

// An erased person a system has again.
struct WatchFind {
  std::string system;
  std::string record_id;   // the system's
  std::string contact_id;  // the tombstone's
  std::int64_t request_id = 0;
  std::string erased_on;   // YYYY-MM-DD, local
};

struct WatchResult {
  std::vector<WatchFind> found;
  std::vector<std::string> checked;  // the systems asked to the end
  std::vector<std::string> failed;   // "SYSTEM: why", for those that could not be asked
  std::int64_t listed = 0;           // contacts listed in all
  bool no_tombstones = false;        // nobody erased keeps a fingerprint: nothing was asked
};

// How a system's contacts are listed (connectors::list_contacts; tests substitute a fake).
using Lister = std::function<void(const SystemConfig&, const connectors::PageVisitor&)>;

class Watch {
 public:
  explicit Watch(const Context& context) : ctx_(context) {}

  // Asks `only` (a system's name) or every system that can list its contacts. Error(forbidden)
  // unless the actor may (rules::check_may_watch); Error(usage) for a name the policy does not
  // have, Error(config) for a system that cannot list or when none can.
  [[nodiscard]] WatchResult run(const std::optional<std::string>& only, const Lister& list) const;

 private:
  // The finds of one page, audited in one transaction.
  void look_up(const SystemConfig& system, const connectors::ListedPage& page, WatchResult& result) const;

  const Context& ctx_;
};

}  // namespace gdpr::workflow
