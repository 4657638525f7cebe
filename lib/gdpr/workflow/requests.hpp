// Deletion requests before their decision (SPEC §3, §4): file one (the hold), show, the queue,
// the reminders, comment, assign, extend.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gdpr/model.hpp"
#include "gdpr/rules/requests.hpp"
#include "gdpr/workflow/context.hpp"
#include "gdpr/workflow/steps.hpp"

namespace gdpr {

// A new deletion request as the requester files it.
struct NewRequest {
  std::string contact_id;
  std::string reason;
  std::optional<std::string> received;  // YYYY-MM-DD; today if absent
  std::string channel;
  Clarified clarified = Clarified::no;
};

// Which requests `queue` lists.
struct QueueFilter {
  bool all = false;
  std::optional<RequestState> state;
  bool mine = false;         // assigned to the actor
  bool filed_by_me = false;  // filed by the actor, in every state unless `state` says
  bool overdue = false;
};

// An open request that needs attention, and why.
struct Reminder {
  Request request;
  std::int64_t days_left = 0;          // negative: overdue by that many days
  std::vector<std::string> reasons;   // "overdue", "due-soon", "failed-step: SYSTEM ACTION", ...
};

// Whether the reminders also name the requests nobody has looked at yet (`review --remind --new`).
enum class NewRequests { skip, include };

}  // namespace gdpr

namespace gdpr::workflow {

class Requests {
 public:
  Requests(const Context& context, const Steps& steps) : ctx_(context), steps_(steps) {}

  // Files a deletion request and puts the contact on hold; result.failed names hold steps that
  // failed after the request was stored.
  DecisionResult file(const NewRequest& in) const;
  [[nodiscard]] Request show(std::int64_t id) const;
  [[nodiscard]] std::vector<Request> queue(const QueueFilter& filter) const;
  [[nodiscard]] std::vector<Reminder> reminders(NewRequests new_requests = NewRequests::skip) const;
  Request comment(std::int64_t id, const std::string& raw) const;
  // Assigns to `assignee`, or to the actor when it is nullopt (claim).
  Request assign(std::int64_t id, const std::optional<std::string>& assignee) const;
  // Extends the deadline once by two months (Art. 12(3)); `letter` (if set) gets the extension
  // notice in the same transaction (a failing sink leaves the deadline as it was).
  Request extend(std::int64_t id, const std::string& reason, const LetterSink& letter = {}) const;

 private:
  [[nodiscard]] std::optional<Reminder> reminder(const Request& request, const Date& today,
                                                 NewRequests new_requests) const;
  // True while a pending request has nothing from anyone but its requester: no comment,
  // approval, assignment or extension (the audit trail's events for it).
  [[nodiscard]] bool untouched(const Request& request) const;
  [[nodiscard]] std::vector<Reminder> retention_reminders(const Date& today) const;

  const Context& ctx_;
  const Steps& steps_;
};

}  // namespace gdpr::workflow
