#include "gdpr/audit.hpp"

#include <fmt/format.h>

#include "gdpr/i18n.hpp"

#include "gdpr/crypto.hpp"

namespace gdpr::audit {

std::string canonical(const AuditEvent& event) {
  nlohmann::json j = nlohmann::json::object();
  j["seq"] = event.seq;
  j["at"] = event.at;
  j["actor"] = event.actor;
  j["action"] = event.action;
  j["request_id"] = event.request_id ? nlohmann::json(*event.request_id) : nlohmann::json(nullptr);
  j["contact_id"] = event.contact_id ? nlohmann::json(*event.contact_id) : nlohmann::json(nullptr);
  j["details"] = event.details;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

std::string compute_hash(const AuditEvent& event) {
  return crypto::sha256_hex(event.prev_hash + "\n" + canonical(event));
}

void chain(AuditEvent& event, const std::optional<AuditEvent>& head) {
  event.seq = head ? head->seq + 1 : 1;
  event.prev_hash = head ? head->hash : std::string(k_genesis_hash);
  event.hash = compute_hash(event);
}

void Verifier::add(const AuditEvent& event) {
  ++result_.events;
  if (!result_.ok) return;
  std::string problem;
  if (event.seq != expected_seq_) {
    problem = trf("sequence number {} where {} was expected (an event was removed or inserted)", event.seq,
                          expected_seq_);
  } else if (event.prev_hash != result_.head) {
    problem = tr("prev_hash does not match the hash of the event before it");
  } else if (compute_hash(event) != event.hash) {
    problem = tr("hash does not match the event's content (the event was changed)");
  }
  if (!problem.empty()) {
    result_.ok = false;
    result_.first_bad_seq = event.seq;
    result_.problem = std::move(problem);
    return;
  }
  result_.head = event.hash;
  ++expected_seq_;
}

}  // namespace gdpr::audit
