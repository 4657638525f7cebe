// The audit chain (SPEC §6, docs/audit.md): each event's hash is
//   SHA-256( prev_hash + "\n" + canonical_json(event without prev_hash and hash) )
// where canonical_json has sorted keys, no white space and UTF-8 as is. The
// first event's prev_hash is 64 zeros. docs/audit.md shows how to recompute it
// with python3 or jq + sha256sum, without this program.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gdpr/model.hpp"

namespace gdpr::audit {

// prev_hash of the first event.
inline constexpr std::string_view k_genesis_hash = "0000000000000000000000000000000000000000000000000000000000000000";

// The canonical serialization of an event: sorted keys, compact, without prev_hash and hash.
[[nodiscard]] std::string canonical(const AuditEvent& event);

// The event's details as JSON (parsed from details_text when the event was read from the store;
// text that is not JSON comes back as a JSON string).
[[nodiscard]] nlohmann::json details_of(const AuditEvent& event);

// The hash an event must carry given its fields and prev_hash.
[[nodiscard]] std::string compute_hash(const AuditEvent& event);

// Fills in seq, prev_hash and hash of `event` so that it follows `head` (nullopt: first event).
void chain(AuditEvent& event, const std::optional<AuditEvent>& head);

// Outcome of a chain verification.
struct VerifyResult {
  bool ok = true;
  std::int64_t events = 0;
  std::string head = std::string(k_genesis_hash);
  std::optional<std::int64_t> first_bad_seq;
  std::string problem;  // what is wrong with the first bad event
  std::vector<std::string> warnings;  // what weakens the evidence without breaking the chain
};

// Checks events one by one in seq order; call `add` for each, then read `result()`.
class Verifier {
 public:
  // Checks the next event; after the first bad one the rest are only counted.
  void add(const AuditEvent& event);
  // The outcome so far.
  [[nodiscard]] const VerifyResult& result() const { return result_; }

 private:
  VerifyResult result_;
  std::int64_t expected_seq_ = 1;
};

}  // namespace gdpr::audit
