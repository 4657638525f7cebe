// Reading a linked system's contacts for `gdpr watch` (SPEC §13): page after page, each page handed
// on and dropped, so that memory stays flat however many contacts a system has. Nothing a system
// returns is stored; the caller fingerprints each e-mail and forgets it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "gdpr/config.hpp"

namespace gdpr::connectors {

// One contact as a system lists it: the system's record id and the e-mail as the system has it.
struct ListedContact {
  std::string record_id;
  std::string email;
};
using ListedPage = std::vector<ListedContact>;
using PageVisitor = std::function<void(const ListedPage&)>;

// Whether `system` can list its contacts: hubspot, mailchimp, and the SQL kinds with `list`.
[[nodiscard]] bool can_list(const SystemConfig& system);

// Lists every contact of `system` and hands each page to `visit`:
// - hubspot: `GET .../contacts?limit=100&properties=email`, following `paging.next.after`;
// - mailchimp: `GET /lists/{list}/members?count=1000&offset=N` for each audience (record id
//   "LIST/MEMBER-ID");
// - sqlite / postgresql: the `list` statement's rows (record id, e-mail), a thousand at a time.
// Error(step_failed) naming the system when it cannot be asked (HTTP error after the retries of
// connectors/http.hpp, a statement that fails); Error(config) for a credential file.
void list_contacts(const SystemConfig& system, const PageVisitor& visit);

}  // namespace gdpr::connectors
