// Rules for requests: the state machine, what a new request needs, assigning and extending,
// the deadline (SPEC §3, §4). Pure: what the store knows is passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "gdpr/config.hpp"
#include "gdpr/dates.hpp"
#include "gdpr/model.hpp"

namespace gdpr {

// Did the requester clarify that a block is not enough?
enum class Clarified { no, yes };
// Did the reviewer confirm the erasing approval? (`no_terminal`: nobody could be asked.)
enum class Confirmation { given, declined, no_terminal };

}  // namespace gdpr

namespace gdpr::rules {

// True if SPEC §3 allows `from` -> `to`.
[[nodiscard]] bool transition_allowed(RequestState from, RequestState to);

// Throws Error(conflict) naming the request unless `from` -> `to` is allowed.
void check_transition(const Request& request, RequestState to);

// Due date: received + `months` calendar months, clamped to the month's end.
[[nodiscard]] Date due_date(const Date& received, int months);

// A request is filed only after the requester clarified that blocking mail is not enough
// (Error(usage) naming the `gdpr block` that would do instead).
void check_clarified(Clarified clarified, const std::string& contact_id);

// The day the request was received: `received` (YYYY-MM-DD, --received) or today; Error(usage)
// for a bad date or one in the future.
[[nodiscard]] Date check_received(const std::optional<std::string>& received, const Date& today);

// A request for `contact` may be filed: it is not erased and has no open request
// (`open_request`). Error(conflict) otherwise.
void check_can_file_for(const Contact& contact, std::optional<std::int64_t> open_request);

// Only open requests are assigned (Error(conflict)).
void check_can_assign(const Request& request);

// Only an open request, and only once (Art. 12(3)), gets the longer deadline (Error(conflict)).
void check_can_extend(const Request& request);
// The deadline after the extension: received + deadline_months + 2 months.
[[nodiscard]] Date extended_due_date(const Request& request, const Config& config);

// The approval that erases goes ahead only when confirmed (Error(usage): --yes without a
// terminal; nothing changed when declined).
void check_erasure_confirmed(Confirmation confirmation, const Request& request);

}  // namespace gdpr::rules
