// What every part of the workflow works on (lib/gdpr/workflow/): the store, the rules in force,
// the clock, the acting user and the linked systems' hooks, and the audit trail each change
// appends to. The Service owns all of it; its parts share one Context of references.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "gdpr/config.hpp"
#include "gdpr/dates.hpp"
#include "gdpr/hooks.hpp"
#include "gdpr/model.hpp"
#include "gdpr/store.hpp"

namespace gdpr::workflow {

struct Context {
  Store& store;
  const Config& config;
  const Clock& clock;
  const std::string& actor;  // normalized
  HookRunner& hooks;

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
};

}  // namespace gdpr::workflow
