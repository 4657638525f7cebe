// The domain records of SPEC §3. Plain data: the rules that change them live
// in rules.hpp, service.hpp and workflow/, the SQL behind store.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "gdpr/dates.hpp"

namespace gdpr {

// Lifecycle of a contact.
// `restricted`: kept only for a legal retention duty after a rejection (Art. 18; SPEC §10).
enum class ContactStatus { active, on_hold, restricted, erased };

// A DSGVO-Sperre: stops mailings without erasing anything.
enum class BlockKind { newsletter, all_mail };

// Ordered name/value pairs, e.g. the columns of a CSV row.
using Properties = std::vector<std::pair<std::string, std::string>>;

// A customer contact; after erasure only the tombstone fields are left.
struct Contact {
  std::string id;
  ContactStatus status = ContactStatus::active;
  bool block_newsletter = false;
  bool block_all_mail = false;
  Properties properties;
  std::optional<std::int64_t> erased_by_request;  // tombstone: the request that erased it
  std::string email_fingerprint;                  // tombstone: HMAC of the normalized e-mail
  std::int64_t position = 0;                      // insertion order, where the store said (find_contact(s))

  // Active and not blocked `all-mail`.
  [[nodiscard]] bool mailable() const { return status == ContactStatus::active && !block_all_mail; }
  // Mailable and not blocked `newsletter`.
  [[nodiscard]] bool newsletter() const { return mailable() && !block_newsletter; }
};

// States of a deletion request (SPEC §3).
enum class RequestState { pending, approved, erased, rejected, withdrawn };

// One reviewer's approval.
struct Approval {
  std::string by;
  std::string at;
  std::string comment;
};

// A comment on a request.
struct Comment {
  std::string by;
  std::string at;
  std::string text;
};

// What a linked-system step does.
// verify: the probe after an erase that asks the system whether the contact is gone (SPEC §13).
enum class StepAction { hold, release, erase, verify };

// Progress of a linked-system step.
enum class StepState { pending, running, done, failed };

// One linked-system action for one request.
struct Step {
  std::string system;
  StepAction action = StepAction::hold;
  StepState state = StepState::pending;
  int attempts = 0;
  std::string updated_at;
  std::int64_t runner_pid = 0;  // process that runs it while `running`
};

// A deletion request with everything that hangs on it.
struct Request {
  std::int64_t id = 0;
  std::string contact_id;
  RequestState state = RequestState::pending;
  std::string reason;
  std::string requested_by;
  std::string requested_at;
  Date received_on;
  Date due_on;
  std::string channel;
  std::string assignee;
  bool extended = false;
  std::string extension_reason;        // why the deadline was extended (the extension letter says it)
  std::vector<Approval> approvals;
  std::string decided_by;
  std::string decided_at;
  std::string decision_reason;
  std::optional<Date> retain_until;   // rejected for a retention duty that runs until then (SPEC §10)
  std::string erased_at;  // when the local data was erased
  std::vector<Step> steps;
  std::vector<Comment> comments;
};

// One event of the audit trail (SPEC §6).
struct AuditEvent {
  std::int64_t seq = 0;
  std::string at;
  std::string actor;
  std::string action;
  std::optional<std::int64_t> request_id;
  std::optional<std::string> contact_id;
  nlohmann::json details = nlohmann::json::object();
  std::string details_text;  // `details` serialized canonically; as stored, when read from the store
  std::string prev_hash;
  std::string hash;
};

// Names used in the database, JSON and messages.
[[nodiscard]] std::string_view to_string(ContactStatus s);
[[nodiscard]] std::string_view to_string(BlockKind b);
[[nodiscard]] std::string_view to_string(RequestState s);
// One line of the proof of an erasure (SPEC §13): a linked system's erase step and its probe.
struct ProofLine {
  std::string system;
  std::string erased_at;    // when the erase step was done; empty when it is not
  bool verified = false;    // the probe showed the contact gone
  std::string verified_at;  // when; empty unless verified
};

// The proof of `request`'s erasure: one line per erase step, in the order of its steps (the
// policy's).
[[nodiscard]] std::vector<ProofLine> proof_of(const Request& request);

[[nodiscard]] std::string_view to_string(StepAction a);
[[nodiscard]] std::string_view to_string(StepState s);

// Parsers of those names; they throw Error(usage) naming `what` and the allowed values.
[[nodiscard]] ContactStatus parse_contact_status(std::string_view s, std::string_view what);
[[nodiscard]] BlockKind parse_block_kind(std::string_view s, std::string_view what);
[[nodiscard]] RequestState parse_request_state(std::string_view s, std::string_view what);
[[nodiscard]] StepAction parse_step_action(std::string_view s, std::string_view what);
[[nodiscard]] StepState parse_step_state(std::string_view s, std::string_view what);

// `pending` or `approved`.
[[nodiscard]] bool is_open(RequestState s);

}  // namespace gdpr
