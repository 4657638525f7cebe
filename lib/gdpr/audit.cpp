#include "gdpr/audit.hpp"

#include <fmt/format.h>

#include "gdpr/i18n.hpp"

#include "gdpr/crypto.hpp"
#include "gdpr/json_text.hpp"
#include "gdpr/text.hpp"

namespace gdpr::audit {

namespace {

// canonical(event) appended to `out`.
void append_canonical(std::string& out, const AuditEvent& event) {
  // The keys in sorted order, no white space: what nlohmann::json::dump() gives for the object
  // (test_audit.cpp checks that), built directly because verifying a million events spent most
  // of its time building and dumping JSON objects.
  out += "{\"action\":";
  json_text::append_quoted(out, event.action);
  out += ",\"actor\":";
  json_text::append_quoted(out, event.actor);
  out += ",\"at\":";
  json_text::append_quoted(out, event.at);
  out += ",\"contact_id\":";
  if (event.contact_id) {
    json_text::append_quoted(out, *event.contact_id);
  } else {
    out += "null";
  }
  out += ",\"details\":";
  out += event.details_text.empty() ? event.details.dump() : event.details_text;
  out += ",\"request_id\":";
  out += event.request_id ? std::to_string(*event.request_id) : "null";
  out += ",\"seq\":";
  out += std::to_string(event.seq);
  out += '}';
}

}  // namespace

std::string canonical(const AuditEvent& event) {
  std::string out;
  append_canonical(out, event);
  return out;
}

nlohmann::json details_of(const AuditEvent& event) {
  if (event.details_text.empty()) return event.details;
  try {
    return nlohmann::json::parse(event.details_text);
  } catch (const nlohmann::json::exception&) {
    return event.details_text;  // tampered text: shown as it is; the hash check fails on it
  }
}

std::string compute_hash(const AuditEvent& event) {
  // One buffer per thread, reused: a verification hashes a million events.
  thread_local std::string input;
  input = event.prev_hash;
  input += '\n';
  append_canonical(input, event);
  return crypto::sha256_hex(input);
}

void chain(AuditEvent& event, const std::optional<AuditEvent>& head) {
  event.details_text = event.details.dump();
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
  } else if (!text::is_valid_utf8(event.actor) || !text::is_valid_utf8(event.action) ||
             !text::is_valid_utf8(event.at) || !text::is_valid_utf8(event.contact_id.value_or("")) ||
             !text::is_valid_utf8(event.details_text)) {
    // gdpr writes UTF-8 only; such bytes cannot travel in the JSON export either, so the
    // shipped verifiers could not agree on them (docs/audit.md).
    problem = tr("a field is not valid UTF-8 (gdpr never writes that: the event was changed)");
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
