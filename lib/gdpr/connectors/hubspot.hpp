// A linked system of kind "hubspot" (SPEC §11): HubSpot's CRM API with a service key or
// private-app token read from `token_file` at each step (sent as `Authorization: Bearer`, never
// shown, logged or stored). Hold sets `hold_properties` on the contact (PATCH) and, with
// `unsubscribe_all`, unsubscribes its e-mail from all e-mail; release sets `release_properties`
// (the unsubscription stays, like gdpr's all-mail block); erase is HubSpot's GDPR delete. The
// contact is found by the record id in `record_id_property`, else by its e-mail
// (`idProperty=email`). A contact HubSpot does not have (404) counts as done; 429 and 5xx are
// tried again (connectors/http.hpp).
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "gdpr/hooks.hpp"

namespace gdpr::connectors {

// HubSpot's API, unless the policy's base_url names another (its EU data centre, a stand-in).
inline constexpr std::string_view k_hubspot_base_url = "https://api.hubapi.com";

// The paths of `api_version` ("2026-09" or "v3"): the contacts object and communication
// preferences.
struct HubspotPaths {
  std::string contacts;
  std::string preferences;
  std::string properties;  // the contact properties' definitions
};
[[nodiscard]] HubspotPaths hubspot_paths(const std::string& api_version);

// The token in `path`: refused (Error(config), naming the file, never its content) when the file
// is not a regular file, is readable or writable by others, is group-writable, or is empty.
[[nodiscard]] std::string read_token_file(const std::string& path);

// Runs the step of `step.system` for the action in GDPR_ACTION.
[[nodiscard]] HookOutcome run_hubspot_step(const HookInvocation& step);

// One contact of HubSpot's list API: its record id and the properties asked for that have a value.
struct HubspotContact {
  std::string id;
  std::vector<std::pair<std::string, std::string>> properties;
};

// The names of every contact property HubSpot defines (its properties API), in its order.
[[nodiscard]] std::vector<std::string> hubspot_property_names(const SystemConfig& system);

// Reads every contact of `system` through the list API, 100 a page, following HubSpot's opaque
// `paging.next.after` cursor, asking for `properties`; hands each page to `visit`. Throws
// Error(config) for the token file and Error(step_failed) naming the system, the page and the
// HTTP status when HubSpot does not answer (429 and 5xx are tried again first) or answers
// something that is not a page of contacts.
void list_hubspot_contacts(const SystemConfig& system, const std::vector<std::string>& properties,
                           const std::function<void(const std::vector<HubspotContact>&)>& visit);

}  // namespace gdpr::connectors
