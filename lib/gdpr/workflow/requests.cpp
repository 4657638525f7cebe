#include "gdpr/workflow/requests.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include <fmt/format.h>

#include "gdpr/i18n.hpp"
#include "gdpr/local_time.hpp"
#include "gdpr/identity.hpp"
#include "gdpr/rules.hpp"
#include "gdpr/text.hpp"
#include "gdpr/workflow/letters.hpp"

namespace gdpr::workflow {

DecisionResult Requests::file(const NewRequest& in) const {
  const Config& config = ctx_.config;
  rules::check_can_file(ctx_.actor, config);
  rules::check_contact_id(in.contact_id);
  const std::string reason = rules::check_reason(in.reason, config, tr("reason"));
  rules::check_clarified(in.clarified, in.contact_id);
  const Date received = rules::check_received(in.received, ctx_.clock.today());
  const std::string channel = rules::check_channel(in.channel);

  auto tx = ctx_.store.begin_write();
  Contact contact = ctx_.load_contact(in.contact_id);
  rules::check_can_file_for(contact, ctx_.store.open_request_for(contact.id));
  Request r;
  r.contact_id = contact.id;
  r.state = RequestState::pending;
  r.reason = reason;
  r.requested_by = ctx_.actor;
  r.requested_at = ctx_.now();
  r.received_on = received;
  r.due_on = rules::due_date(received, config);
  r.channel = channel;
  r.assignee = config.assignee;
  r.steps = steps_.plan(StepAction::hold);
  const bool block_added = !contact.block_all_mail;
  contact.status = ContactStatus::on_hold;
  contact.block_all_mail = true;
  ctx_.store.update_contact(contact);
  r.id = ctx_.store.insert_request(r);
  ctx_.record("request.created", r.id, contact.id,
              {{"received_on", format_date(r.received_on)},
               {"due_on", format_date(r.due_on)},
               {"channel", r.channel},
               {"assignee", r.assignee},
               {"all_mail_block_added", block_added},
               {"reason_length", text::code_points(reason)}});
  tx->commit();
  ctx_.warn_if_named(contact.id, reason, tr("the reason"));
  if (auto late = rules::late_filing_warning(r.received_on, r.due_on, ctx_.clock.today()); late && ctx_.warn) {
    ctx_.warn(*late);
  }

  DecisionResult result;
  steps_.run(r, StepAction::hold, result);
  result.request = ctx_.load_request(r.id);
  return result;
}

Request Requests::show(std::int64_t id) const { return ctx_.load_request(id); }

std::vector<Request> Requests::queue(const QueueFilter& f) const {
  RequestFilter filter;
  filter.open_only = !f.all && !f.state && !f.filed_by_me;
  filter.state = f.state;
  if (f.mine) filter.assignee = ctx_.actor;
  if (f.filed_by_me) filter.requested_by = ctx_.actor;
  if (f.overdue) {
    filter.open_only = true;
    filter.due_before = ctx_.clock.today();
  }
  auto tx = ctx_.store.begin_read();
  return ctx_.store.list_requests(filter);
}

bool Requests::untouched(const Request& r) const {
  if (r.state != RequestState::pending || r.extended || !r.approvals.empty()) return false;
  if (std::ranges::any_of(r.comments, [&](const Comment& c) { return c.by != r.requested_by; })) return false;
  AuditFilter filter;
  filter.request_id = r.id;
  bool touched = false;
  ctx_.store.for_each_audit(filter, [&](const AuditEvent& e) {
    if (e.actor != r.requested_by && (e.action == "request.assigned" || e.action == "request.commented" ||
                                      e.action == "request.extended" || e.action == "request.approved")) {
      touched = true;
    }
  });
  return !touched;
}

std::optional<Reminder> Requests::reminder(const Request& r, const Date& today, NewRequests new_requests) const {
  Reminder rem;
  rem.days_left = days_between(today, r.due_on);
  if (new_requests == NewRequests::include && untouched(r)) {
    rem.reasons.push_back(trf("new: nobody but the requester has commented, claimed or decided since {}",
                              local_time(r.requested_at)));
  }
  if (is_open(r.state)) {
    if (rem.days_left < 0) {
      rem.reasons.push_back(trn("overdue by {} day", "overdue by {} days", -rem.days_left, -rem.days_left));
    } else if (rem.days_left <= ctx_.config.warn_days) {
      rem.reasons.push_back(rem.days_left == 0 ? std::string(tr("due today"))
                                               : trn("due in {} day", "due in {} days", rem.days_left, rem.days_left));
    }
  }
  const StepAction relevant = relevant_action(r);
  // A step queued for the worker longer than this: the worker is down, or cannot keep up.
  constexpr auto k_worker_late = std::chrono::minutes(15);
  const std::string late = format_timestamp(ctx_.clock.now() - k_worker_late);
  for (const auto& s : r.steps) {
    if (!part_of(s, relevant)) continue;
    if (s.state == StepState::failed) rem.reasons.push_back(trf("step failed: {}", step_label(s)));
    if (interrupted(s, ctx_.store)) rem.reasons.push_back(trf("step interrupted: {}", step_label(s)));
    if (ctx_.config.runner == StepRunner::worker && s.state == StepState::pending && s.updated_at < late) {
      rem.reasons.push_back(trf("waiting for the worker since {}: {} (is `gdpr worker` running?)",
                                local_time(s.updated_at), step_label(s)));
    }
  }
  if (r.state == RequestState::approved) rem.reasons.emplace_back(tr("approved but erasure not finished: run `gdpr retry`"));
  if (rem.reasons.empty()) return std::nullopt;
  rem.request = r;
  return rem;
}

std::vector<Reminder> Requests::reminders(NewRequests new_requests) const {
  auto tx = ctx_.store.begin_read();
  const Date today = ctx_.clock.today();
  std::vector<Reminder> out;
  std::set<std::int64_t> seen;
  for (const auto& r : ctx_.store.list_requests(RequestFilter{})) {
    seen.insert(r.id);
    if (auto rem = reminder(r, today, new_requests)) out.push_back(std::move(*rem));
  }
  for (const auto id : ctx_.store.requests_with_unfinished_steps()) {
    if (seen.contains(id)) continue;
    if (auto rem = reminder(ctx_.load_request(id), today, new_requests)) out.push_back(std::move(*rem));
  }
  for (auto& rem : retention_reminders(today)) out.push_back(std::move(rem));
  return out;
}

std::vector<Reminder> Requests::retention_reminders(const Date& today) const {
  // A restricted contact whose retention duty has run out: a new request erases it (SPEC §10).
  RequestFilter ended;
  ended.open_only = false;
  ended.state = RequestState::rejected;
  ended.retained_before = today;
  std::vector<Reminder> out;
  for (auto& r : ctx_.store.list_requests(ended)) {
    const std::optional<Contact> contact = ctx_.store.find_contact(r.contact_id);
    if (!r.retain_until || !contact || contact->status != ContactStatus::restricted ||
        !rules::retention_ended(r, today)) {
      continue;
    }
    const Date until = *r.retain_until;
    RequestFilter later;
    later.open_only = false;
    later.contact_id = r.contact_id;
    const auto all = ctx_.store.list_requests(later);
    if (std::ranges::any_of(all, [&](const Request& o) { return o.id > r.id; })) continue;
    Reminder rem;
    rem.days_left = days_between(today, until);
    rem.reasons.push_back(trf("retention ended on {}: contact '{}' is still restricted; file a new request to erase it",
                              local_date(until), r.contact_id));
    rem.request = std::move(r);
    out.push_back(std::move(rem));
  }
  return out;
}

Request Requests::comment(std::int64_t id, const std::string& raw) const {
  const std::string text = rules::check_comment(raw, ctx_.config);
  auto tx = ctx_.store.begin_write();
  Request r = ctx_.load_request(id);
  ctx_.store.add_comment(id, Comment{ctx_.actor, ctx_.now(), text});
  ctx_.record("request.commented", id, r.contact_id, {{"length", text::code_points(text)}});
  tx->commit();
  ctx_.warn_if_named(r.contact_id, text, tr("the comment"));
  return ctx_.load_request(id);
}

Request Requests::assign(std::int64_t id, const std::optional<std::string>& assignee) const {
  rules::check_is_reviewer(ctx_.actor, ctx_.config, trf("assigning request {}", id));
  const std::string to = assignee ? normalize_actor(*assignee) : ctx_.actor;
  rules::check_assignee(to, ctx_.config);
  auto tx = ctx_.store.begin_write();
  Request r = ctx_.load_request(id);
  rules::check_can_assign(r);
  const std::string from = r.assignee;
  r.assignee = to;
  ctx_.store.update_request(r);
  ctx_.record("request.assigned", id, r.contact_id, {{"from", from}, {"to", to}});
  tx->commit();
  return ctx_.load_request(id);
}

Request Requests::extend(std::int64_t id, const std::string& raw_reason, const LetterSink& letter) const {
  rules::check_is_reviewer(ctx_.actor, ctx_.config, trf("extending request {}", id));
  const std::string reason = rules::check_reason(raw_reason, ctx_.config, tr("reason"));
  auto tx = ctx_.store.begin_write();
  Request r = ctx_.load_request(id);
  rules::check_can_extend(r, ctx_.clock.today());
  const Date from = r.due_on;
  r.due_on = rules::extended_due_date(r, ctx_.config);
  r.extended = true;
  r.extension_reason = reason;
  ctx_.store.update_request(r);
  ctx_.store.add_comment(id, Comment{ctx_.actor, ctx_.now(),
                                     trf("Deadline extended to {}: {}", format_date(r.due_on), reason)});
  ctx_.record("request.extended", id, r.contact_id,
              {{"from", format_date(from)}, {"to", format_date(r.due_on)}, {"reason_length", text::code_points(reason)}});
  if (letter) {
    issue_letter(ctx_, compose_letter(ctx_, LetterKind::extension, r, ctx_.load_contact(r.contact_id), {}), letter);
  }
  tx->commit();
  ctx_.warn_if_named(r.contact_id, reason, tr("the reason"));
  return ctx_.load_request(id);
}

}  // namespace gdpr::workflow
