// A linked system of kind "mailchimp" (SPEC §11): Mailchimp's Marketing API 3.0 with the API key
// read from `api_key_file` at each step and sent by HTTP Basic authentication (never in a URL).
// The member is named by the MD5 of the lower-case e-mail in each of `audiences`. Hold
// unsubscribes it (`PATCH`, never `PUT`, which would add a person to an audience they were not
// in); erase deletes it permanently; there is no release (a new subscription needs the person's
// consent). A member Mailchimp does not have (404) is done.
#pragma once

#include <string>
#include <string_view>

#include "gdpr/hooks.hpp"

namespace gdpr::connectors {

// The API's base URL: `base_url` if set, else https://DC.api.mailchimp.com/3.0 with the data
// centre from the key's suffix ("...-us21"); Error(config) when the key has none.
[[nodiscard]] std::string mailchimp_base_url(const std::string& base_url, std::string_view api_key);

// Mailchimp's subscriber hash: the MD5 of the lower-case e-mail.
[[nodiscard]] std::string subscriber_hash(std::string_view email);

// Runs the step of `step.system` for the action in GDPR_ACTION.
[[nodiscard]] HookOutcome run_mailchimp_step(const HookInvocation& step);

}  // namespace gdpr::connectors
