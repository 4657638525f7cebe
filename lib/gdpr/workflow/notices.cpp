#include "gdpr/workflow/notices.hpp"

#include <algorithm>

#include "gdpr/hooks.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/identity.hpp"

namespace gdpr::workflow {

std::optional<std::string> notice_recipient(const std::string& action, const Request& request,
                                            const std::string& actor) {
  const std::string requester = normalize_actor(request.requested_by);
  const std::string assignee = normalize_actor(request.assignee);
  std::string to;
  if (action == "request.created" || action == "request.assigned" || action == "step.failed") {
    to = assignee;
  } else if (action == "request.commented") {
    to = normalize_actor(actor) == requester ? assignee : requester;
  } else {
    to = requester;  // a decision, an extension, the erasure: the one who filed it
  }
  if (!to.empty() && to == normalize_actor(actor)) return std::nullopt;
  return to;
}

void Notices::offer(const AuditEvent& event) {
  if (!event.request_id) return;
  for (const auto& n : ctx_.config.notify) {
    if (std::ranges::find(n.on, event.action) == n.on.end()) continue;
    const auto request = ctx_.store.find_request(*event.request_id);
    if (!request) return;
    const auto to = notice_recipient(event.action, *request, event.actor);
    if (!to) return;
    nlohmann::json j{{"action", event.action},
                     {"at", event.at},
                     {"actor", event.actor},
                     {"request_id", request->id},
                     {"contact_id", request->contact_id},
                     {"state", to_string(request->state)},
                     {"due_on", format_date(request->due_on)},
                     {"requested_by", request->requested_by},
                     {"assignee", request->assignee},
                     {"to", *to}};
    pending_.push_back({&n, *to, std::move(j)});
  }
}

void Notices::send() {
  std::vector<Pending> pending;
  pending.swap(pending_);
  for (const auto& p : pending) {
    HookInvocation inv;
    inv.kind = SystemKind::command;
    inv.command = p.notify->command;
    inv.input = p.event.dump();
    inv.timeout_seconds = p.notify->timeout_seconds;
    const std::string action = p.event.at("action").get<std::string>();
    const std::string request_id = std::to_string(p.event.at("request_id").get<std::int64_t>());
    // The event's fields in the environment too, so that a shell script needs no JSON parser.
    inv.env = {{"GDPR_NOTIFY_TO", p.to},
               {"GDPR_NOTIFY_EVENT", action},
               {"GDPR_REQUEST_ID", request_id},
               {"GDPR_CONTACT_ID", p.event.at("contact_id").get<std::string>()},
               {"GDPR_ACTOR", p.event.at("actor").get<std::string>()},
               {"GDPR_STATE", p.event.at("state").get<std::string>()},
               {"GDPR_DUE_ON", p.event.at("due_on").get<std::string>()}};
    const HookOutcome outcome = ctx_.hooks.run(inv);
    if (!outcome.ok && ctx_.warn) {
      ctx_.warn(trf("the notification of {} for request {} failed ({}); the action stands", action, request_id,
                    outcome.describe(Language::local)));
    }
  }
}

}  // namespace gdpr::workflow
