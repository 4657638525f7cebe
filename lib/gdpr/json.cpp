#include "gdpr/json.hpp"

namespace gdpr::json {

Json contact(const Contact& c) {
  Json blocks = Json::array();
  if (c.block_newsletter) blocks.push_back(to_string(BlockKind::newsletter));
  if (c.block_all_mail) blocks.push_back(to_string(BlockKind::all_mail));
  Json props = Json::object();
  for (const auto& [name, value] : c.properties) props[name] = value;
  Json j{{"id", c.id}, {"status", to_string(c.status)}, {"blocks", blocks}, {"properties", props}};
  if (c.erased_by_request) j["erased_by_request"] = *c.erased_by_request;
  return j;
}

Json request(const Request& r) {
  Json approvals = Json::array();
  for (const auto& a : r.approvals) approvals.push_back(Json{{"by", a.by}, {"at", a.at}, {"comment", a.comment}});
  Json steps = Json::array();
  for (const auto& s : r.steps) {
    steps.push_back(Json{{"system", s.system},
                         {"action", to_string(s.action)},
                         {"state", to_string(s.state)},
                         {"attempts", s.attempts},
                         {"updated_at", s.updated_at}});
  }
  Json comments = Json::array();
  for (const auto& c : r.comments) comments.push_back(Json{{"by", c.by}, {"at", c.at}, {"text", c.text}});
  auto or_null = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
  Json j{{"id", r.id},
              {"contact_id", r.contact_id},
              {"state", to_string(r.state)},
              {"reason", r.reason},
              {"requested_by", r.requested_by},
              {"requested_at", r.requested_at},
              {"received_on", format_date(r.received_on)},
              {"due_on", format_date(r.due_on)},
              {"extended", r.extended},
              {"extension_reason", or_null(r.extension_reason)},
              {"channel", r.channel},
              {"assignee", or_null(r.assignee)},
              {"approvals", approvals},
              {"decided_by", or_null(r.decided_by)},
              {"decided_at", or_null(r.decided_at)},
              {"decision_reason", or_null(r.decision_reason)},
              {"retain_until", r.retain_until ? Json(format_date(*r.retain_until)) : Json(nullptr)},
              {"erased_at", or_null(r.erased_at)},
              {"steps", steps},
              {"comments", comments}};
  if (r.state == RequestState::erased) {
    // The proof of the erasure (SPEC §13), one line per linked system.
    Json proof = Json::array();
    for (const auto& p : proof_of(r)) {
      proof.push_back(Json{{"system", p.system},
                           {"erased_at", or_null(p.erased_at)},
                           {"verified", p.verified ? "gone" : "unchecked"},
                           {"verified_at", or_null(p.verified_at)}});
    }
    j["proof"] = std::move(proof);
  }
  return j;
}

Json event(const AuditEvent& e) {
  return Json{{"seq", e.seq},
              {"at", e.at},
              {"actor", e.actor},
              {"action", e.action},
              {"request_id", e.request_id ? Json(*e.request_id) : Json(nullptr)},
              {"contact_id", e.contact_id ? Json(*e.contact_id) : Json(nullptr)},
              {"details", Json::parse(audit::details_of(e).dump())},
              // The stored bytes the hash covers (docs/audit.md): `details` is their meaning.
              {"details_text", e.details_text.empty() ? e.details.dump() : e.details_text},
              {"prev_hash", e.prev_hash},
              {"hash", e.hash}};
}

Json verify(const audit::VerifyResult& v) {
  return Json{{"ok", v.ok},
              {"events", v.events},
              {"head", v.head},
              {"first_bad_seq", v.first_bad_seq ? Json(*v.first_bad_seq) : Json(nullptr)},
              {"problem", v.problem.empty() ? Json(nullptr) : Json(v.problem)},
              {"warnings", v.warnings}};
}

Json reminder(const Reminder& r) {
  Json j = request(r.request);
  j["days_left"] = r.days_left;
  j["reasons"] = r.reasons;
  return j;
}

Json import_result(const ImportResult& r) {
  return Json{{"rows", r.rows},       {"added", r.added},           {"updated", r.updated},
              {"unchanged", r.unchanged}, {"skipped", r.skipped}, {"readmitted", r.readmitted},
              {"dry_run", r.dry_run}, {"skipped_rows", r.skipped_notes}};
}

}  // namespace gdpr::json
