// The rules of the four-eyes workflow as pure functions: no storage, no
// clock, no I/O. The service calls them before every change, so a rule holds
// no matter which front end asks.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "gdpr/config.hpp"
#include "gdpr/model.hpp"

namespace gdpr::rules {

// The reason rule (SPEC §4): valid UTF-8, no control characters but line breaks and tabs, and
// reason.min_length..reason.max_length code points after trimming. Returns the trimmed text;
// throws Error(usage) naming `what` (e.g. "reason", "--reason") otherwise.
[[nodiscard]] std::string check_reason(std::string_view raw, const Config& config, std::string_view what = "reason");

// A comment: non-empty after trimming, at most reason.max_length code points, valid UTF-8.
[[nodiscard]] std::string check_comment(std::string_view raw, const Config& config);

// The longest contact id, in characters (code points).
inline constexpr std::size_t k_max_contact_id = 128;

// A contact id (SPEC §3): non-empty, valid UTF-8, no control characters (C0, DEL, C1) and no
// bidirectional controls, at most k_max_contact_id characters. Throws Error(usage) naming the
// first offending character and its position.
void check_contact_id(std::string_view id);

// A property name: non-empty after trimming, valid UTF-8, no control characters. Returns it trimmed.
[[nodiscard]] std::string check_property_name(std::string_view name);

// A property value: valid UTF-8 without NUL; line breaks are allowed.
void check_property_value(std::string_view name, std::string_view value);

// May `actor` file deletion requests? (roles.requesters empty: anyone.) Throws Error(forbidden).
void check_can_file(const std::string& actor, const Config& config);

// Throws Error(forbidden) unless `actor` is a configured reviewer; `doing` says what was refused.
void check_is_reviewer(const std::string& actor, const Config& config, std::string_view doing);

// Throws Error(forbidden) unless `actor` is an admin of the policy (roles.admins).
void check_is_admin(const std::string& actor, const Config& config, std::string_view doing);

// A request's channel (SPEC §3): trimmed and lower-cased, a token of a-z, 0-9 and '-', at most
// 32 characters, or empty. Throws Error(usage) otherwise (free text could name the customer).
[[nodiscard]] std::string check_channel(std::string_view raw);

// The four-eyes rule for one approval of a pending request: the actor is a configured reviewer,
// is not the requester, and has not approved yet. Throws forbidden (exit 4) or conflict (exit 6).
void check_can_approve(const Request& request, const std::string& actor, const Config& config);

// Whether `actor` may run the erasure of an approved request in the linked systems and finish it
// (`approve` resuming it, `retry`): a reviewer who did not file it, or an admin (the cron job).
[[nodiscard]] bool may_finish_erasure(const Request& request, const std::string& actor, const Config& config);
// Error(forbidden) naming the four-eyes rule unless may_finish_erasure.
void check_can_finish_erasure(const Request& request, const std::string& actor, const Config& config);

// True when `request` has approvals from roles.approvals_required distinct reviewers who are
// not the requester (counted again here so that no stored approval can bypass the rule).
[[nodiscard]] bool approvals_complete(const Request& request, const Config& config);

// The state a rejection by `actor` leads to: `withdrawn` for the requester, `rejected` for a
// reviewer; throws Error(forbidden) for anyone else and Error(conflict) unless pending.
[[nodiscard]] RequestState rejection_state(const Request& request, const std::string& actor, const Config& config);

// True if SPEC §3 allows `from` -> `to`.
[[nodiscard]] bool transition_allowed(RequestState from, RequestState to);

// Throws Error(conflict) naming the request unless `from` -> `to` is allowed.
void check_transition(const Request& request, RequestState to);

// Due date: received + `months` calendar months, clamped to the month's end.
[[nodiscard]] Date due_date(const Date& received, int months);

// The normalized e-mail of a contact (trimmed, lower-case) from the property that matches
// contacts.email_property loosely ("E-Mail" matches "email"); empty if there is none.
[[nodiscard]] std::string normalized_email(const Properties& properties, const Config& config);

}  // namespace gdpr::rules
