// What every built-in kind of linked system shares when it reports a step (SPEC §11): done, failed
// with a code for the trail and a message for the user, and a web API's answer read as one.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gdpr/connectors/http.hpp"
#include "gdpr/hooks.hpp"

namespace gdpr::connectors {

// The value of `name` in `pairs` (a step's parameters or environment), or "".
[[nodiscard]] const std::string& value_of(const std::vector<std::pair<std::string, std::string>>& pairs,
                                          std::string_view name);

[[nodiscard]] HookOutcome step_done();
// `code` goes into the trail; `message` only to the user.
[[nodiscard]] HookOutcome step_failed(std::string code, std::string message);

// A verify step's "the system still has the contact" (SPEC §13).
[[nodiscard]] HookOutcome step_still_there();

// A 2xx answer, or 404: the system does not have the contact, which counts as done.
[[nodiscard]] bool answered(const HttpResponse& r);

// An answer that is not as a failed step: "HTTP 503" for the trail; for the user `what`, the
// value of `field` in the API's error JSON (HubSpot's "category", Mailchimp's "title"; never its
// message or detail, which may quote the e-mail) and the attempts.
[[nodiscard]] HookOutcome failed_answer(const HttpResponse& r, const std::string& what, std::string_view field);

}  // namespace gdpr::connectors
