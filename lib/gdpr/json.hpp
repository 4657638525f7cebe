// The JSON shapes of SPEC §8. Field names here are a contract with scripts:
// add fields, never rename or remove them.
#pragma once

#include <nlohmann/json.hpp>

#include "gdpr/audit.hpp"
#include "gdpr/model.hpp"
#include "gdpr/service.hpp"

namespace gdpr::json {

using Json = nlohmann::ordered_json;

// {id, status, blocks, properties}
[[nodiscard]] Json contact(const Contact& c);
// {id, contact_id, state, reason, requested_by, ...} as SPEC §8.
[[nodiscard]] Json request(const Request& r);
// {seq, at, actor, action, request_id, contact_id, details, details_text, prev_hash, hash}
[[nodiscard]] Json event(const AuditEvent& e);
// {ok, events, head, first_bad_seq, problem, warnings}
[[nodiscard]] Json verify(const audit::VerifyResult& v);
// A request with `days_left` and `reasons`.
[[nodiscard]] Json reminder(const Reminder& r);
// {rows, added, updated, unchanged, skipped, readmitted, dry_run, skipped_rows}
[[nodiscard]] Json import_result(const ImportResult& r);

}  // namespace gdpr::json
