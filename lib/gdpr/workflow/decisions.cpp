#include "gdpr/workflow/decisions.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "gdpr/i18n.hpp"
#include "gdpr/rules.hpp"
#include "gdpr/text.hpp"

namespace gdpr::workflow {

bool Decisions::sheet_printed(std::int64_t id) const {
  AuditFilter printed;
  printed.request_id = id;
  printed.action = "sheet.printed";
  printed.limit = 1;
  bool found = false;
  ctx_.store.for_each_audit(printed, [&](const AuditEvent&) { found = true; });
  return found;
}

std::optional<DecisionResult> Decisions::check_approval(std::int64_t id, const std::string& comment,
                                                        const Confirm& confirm, const LetterSink& letter) const {
  // Without holding the write lock while a person reads.
  auto tx = ctx_.store.begin_read();
  Request const r = ctx_.load_request(id);
  if (r.state == RequestState::approved) {
    tx.reset();
    return steps_.resume(r, letter);  // checks who may finish it
  }
  rules::check_can_approve(r, ctx_.actor, ctx_.config);
  if (ctx_.config.require_sheet) rules::check_sheet_printed(r, ctx_.config, sheet_printed(id));
  Request with = r;
  with.approvals.push_back(Approval{ctx_.actor, ctx_.now(), comment});
  if (!rules::approvals_complete(with, ctx_.config)) return std::nullopt;
  ErasurePreview const preview{ctx_.load_contact(r.contact_id), r, steps_.systems(StepAction::erase)};
  tx.reset();
  const Confirmation confirmation = !confirm            ? Confirmation::no_terminal
                                    : confirm(preview) ? Confirmation::given
                                                       : Confirmation::declined;
  rules::check_erasure_confirmed(confirmation, r);
  return std::nullopt;
}

void Decisions::erase(const Request& request, bool steps_planned, DecisionResult& result,
                      const LetterSink& letter) const {
  if (!steps_planned) {
    result.erased = true;
    result.scrub_incomplete = !ctx_.store.scrub();
    if (result.scrub_incomplete) result.scrub_note = ctx_.store.scrub_note();
    return;
  }
  steps_.run(request, StepAction::erase, result);
  steps_.finish(request.id, result, letter);
}

DecisionResult Decisions::approve(std::int64_t id, const std::string& raw_comment, const Confirm& confirm,
                                  const LetterSink& letter) const {
  const Config& config = ctx_.config;
  const std::string comment = raw_comment.empty() ? std::string() : rules::check_comment(raw_comment, config);
  if (auto resumed = check_approval(id, comment, confirm, letter)) return std::move(*resumed);

  auto tx = ctx_.store.begin_write();
  Request r = ctx_.load_request(id);
  rules::check_can_approve(r, ctx_.actor, config);  // again: someone may have decided meanwhile
  const Approval approval{ctx_.actor, ctx_.now(), comment};
  ctx_.store.add_approval(id, approval);
  r.approvals.push_back(approval);
  const bool complete = rules::approvals_complete(r, config);
  ctx_.record("request.approved", id, r.contact_id,
              {{"approvals", r.approvals.size()}, {"required", config.approvals_required}, {"complete", complete}});
  bool steps_planned = false;
  if (complete) {
    rules::check_transition(r, RequestState::approved);
    r.state = RequestState::approved;
    r.decided_by = ctx_.actor;
    r.decided_at = approval.at;
    ctx_.store.update_request(r);
    const std::vector<Step> steps = steps_.plan(StepAction::erase);
    for (const auto& s : steps) ctx_.store.put_step(id, s);
    steps_planned = !steps.empty();
    if (!steps_planned) {
      // Nothing outside to wait for: approval and erasure are one atomic change.
      Contact contact = ctx_.load_contact(r.contact_id);
      steps_.erase_locally(r, contact, letter);
    }
  }
  tx->commit();
  DecisionResult result;
  if (complete) erase(r, steps_planned, result, letter);
  result.request = ctx_.load_request(id);
  const auto approvers = static_cast<int>(result.request.approvals.size());
  result.approvals_missing = complete ? 0 : std::max(0, config.approvals_required - approvers);
  return result;
}

DecisionResult Decisions::reject(std::int64_t id, const std::string& raw_reason, LiftBlock lift_block,
                                 const std::optional<std::string>& retain_until) const {
  auto tx = ctx_.store.begin_write();
  Request r = ctx_.load_request(id);
  const RequestState to = rules::rejection_state(r, ctx_.actor, ctx_.config);
  const std::string reason = rules::check_reason(raw_reason, ctx_.config, tr("reason"));
  if (retain_until) {
    r.retain_until = rules::check_retain_until(*retain_until, ctx_.clock.today(), to == RequestState::withdrawn,
                                               lift_block == LiftBlock::yes);
  }
  r.state = to;
  r.decided_by = ctx_.actor;
  r.decided_at = ctx_.now();
  r.decision_reason = reason;
  ctx_.store.update_request(r);
  Contact contact = ctx_.load_contact(r.contact_id);
  if (r.retain_until) {
    // Kept for the retention duty only (Art. 18): not mailed, and the linked systems keep their hold.
    contact.status = ContactStatus::restricted;
    contact.block_all_mail = true;
  } else {
    if (contact.status == ContactStatus::on_hold) contact.status = ContactStatus::active;
    if (lift_block == LiftBlock::yes) contact.block_all_mail = false;
    for (const auto& s : steps_.plan(StepAction::release)) ctx_.store.put_step(id, s);
  }
  ctx_.store.update_contact(contact);
  nlohmann::json details{{"all_mail_block_lifted", lift_block == LiftBlock::yes},
                         {"reason_length", text::code_points(reason)}};
  if (r.retain_until) details["retain_until"] = format_date(*r.retain_until);
  ctx_.record(to == RequestState::rejected ? "request.rejected" : "request.withdrawn", id, r.contact_id,
              std::move(details));
  tx->commit();
  ctx_.warn_if_named(r.contact_id, reason, tr("the reason"));
  DecisionResult result;
  if (!r.retain_until) steps_.run(r, StepAction::release, result);  // restricted: the hold stays everywhere
  result.request = ctx_.load_request(id);
  return result;
}

std::vector<DecisionResult> Decisions::retry(std::optional<std::int64_t> id) const {
  std::vector<std::int64_t> ids;
  if (id) {
    ids.push_back(*id);  // loaded below: an unknown id is refused there, before anything runs
  } else {
    std::set<std::int64_t> all;
    for (const auto rid : ctx_.store.requests_with_unfinished_steps()) all.insert(rid);
    RequestFilter approved;
    approved.open_only = false;
    approved.state = RequestState::approved;
    for (const auto& r : ctx_.store.list_requests(approved)) all.insert(r.id);
    ids.assign(all.begin(), all.end());
  }
  std::vector<DecisionResult> out;
  out.reserve(ids.size());
  for (const auto rid : ids) {
    Request r = ctx_.load_request(rid);
    if (!id && r.state == RequestState::approved && !rules::may_finish_erasure(r, ctx_.actor, ctx_.config)) {
      // --all (cron) leaves an erasure this actor may not run to another reviewer, and says so.
      DecisionResult left;
      left.request = std::move(r);
      left.left_to_others = true;
      out.push_back(std::move(left));
      continue;
    }
    out.push_back(steps_.resume(r));
  }
  if (!ctx_.store.scrub() && !out.empty()) {
    out.back().scrub_incomplete = true;
    out.back().scrub_note = ctx_.store.scrub_note();
  }
  return out;
}

}  // namespace gdpr::workflow
