// Rules for requests: the state machine, what a new request needs, assigning and extending,
// the deadline (SPEC §3, §4). Pure: what the store knows is passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "gdpr/config.hpp"
#include "gdpr/dates.hpp"
#include "gdpr/holidays.hpp"
#include "gdpr/letter.hpp"
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

// The public holidays the policy's deadlines skip (review.holidays, review.extra_holidays).
[[nodiscard]] HolidayCalendar holiday_calendar(const Config& config);

// The legal due date (SPEC §10, Reg. 1182/71 Art. 3): received + review.deadline_months calendar
// months (the month's last day when it has no such day), moved to the next working day.
[[nodiscard]] Date due_date(const Date& received, const Config& config);

// The warning for a request filed after its deadline passed (the letter came in long ago), or
// nothing.
[[nodiscard]] std::optional<std::string> late_filing_warning(const Date& received, const Date& due, const Date& today);

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

// Only an open request, only once, and only while its deadline has not passed (Art. 12(3): the
// data subject is told of the extension within the first period) gets the longer deadline
// (Error(conflict)).
void check_can_extend(const Request& request, const Date& today);
// The deadline after the extension: received + deadline_months + 2 months, by the same rule.
[[nodiscard]] Date extended_due_date(const Request& request, const Config& config);

// A rejection that keeps the contact restricted for a retention duty (--retain-until): only by a
// reviewer (not a withdrawal, Error(usage)), with a date after today (Error(usage)), and the
// all-mail block cannot be lifted with it (Error(usage)). Returns the date.
[[nodiscard]] Date check_retain_until(const std::string& text, const Date& today, bool withdrawal, bool lift_block);

// Whether a restricted contact's retention has run out: the request that restricted it kept it
// until `retain_until`, which is before `today`.
[[nodiscard]] bool retention_ended(const Request& request, const Date& today);

// The letter to write for `request`: `asked` if the request's state calls for it, else the one its
// state calls for; Error(conflict) when no letter fits (a withdrawn request, an open one not
// extended, a kind that does not fit the state).
[[nodiscard]] LetterKind check_letter_kind(const Request& request, std::optional<LetterKind> asked);

// With review.require_sheet, an approval waits until the sheet of the request was printed
// (Error(conflict) naming the command).
void check_sheet_printed(const Request& request, const Config& config, bool printed);

// The approval that erases goes ahead only when confirmed (Error(usage): --yes without a
// terminal; nothing changed when declined).
void check_erasure_confirmed(Confirmation confirmation, const Request& request);

}  // namespace gdpr::rules
