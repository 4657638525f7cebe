// What every part of the workflow works on (lib/gdpr/workflow/): the store, the rules in force,
// the clock, the acting user and the linked systems' hooks, and the audit trail each change
// appends to. The Service owns all of it; its parts share one Context of references.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gdpr/config.hpp"
#include "gdpr/dates.hpp"
#include "gdpr/model.hpp"
#include "gdpr/store.hpp"

namespace gdpr {

// Runs the linked systems' steps (hooks.hpp); only the step protocol (steps.cpp) calls it.
class HookRunner;

// Receives the warnings of an action (a text that will be blanked out at erasure, ...); the
// front end shows them, also with --quiet.
using WarningSink = std::function<void(const std::string&)>;

}  // namespace gdpr

namespace gdpr::workflow {

struct Context {
  Store& store;
  const Config& config;
  const Clock& clock;
  const std::string& actor;  // normalized
  HookRunner& hooks;
  WarningSink warn;  // default: nowhere
  std::function<void(const AuditEvent&)> recorded;  // each event record() appended (notifications)

  // The clock's time as the trail and the records write it.
  [[nodiscard]] std::string now() const;
  // Appends an audit event by the actor, chained to the head, in the caller's write transaction.
  void record(const std::string& action, std::optional<std::int64_t> request_id,
              std::optional<std::string> contact_id, nlohmann::json details) const;
  // The request or contact, or Error(not_found) saying how to list them.
  [[nodiscard]] Request load_request(std::int64_t id) const;
  [[nodiscard]] Contact load_contact(const std::string& id) const;
  // The tombstone's fingerprint of the contact's e-mail (empty without one).
  [[nodiscard]] std::string fingerprint(const Properties& properties) const;
  // Warns when `text` (`what`: "the reason", ...) contains a value of the contact's properties:
  // it will be blanked out at the erasure (SPEC §5).
  void warn_if_named(const std::string& contact_id, std::string_view text, std::string_view what) const;
  // What is true of this database that its users must always be told: identity.allow_override
  // (anyone may claim any name with --as). Shown by `review` and `audit --verify`.
  [[nodiscard]] std::vector<std::string> standing_warnings() const;
};

}  // namespace gdpr::workflow
