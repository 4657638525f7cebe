// Notifications (SPEC §12, policy `[[notify]]`): who hears of an event of a request. Every audit
// event an action records is offered here; those a `[[notify]]` entry is on are kept until the
// action has ended, then each runs its command like a hook (`/bin/sh -c`), the event as JSON on
// stdin (ids, actors, states, the due date: never a property value, a reason or a comment) and
// $GDPR_NOTIFY_TO the login of the person to tell. A notification that fails only warns: the
// action stands. An action that fails tells nobody.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gdpr/workflow/context.hpp"

namespace gdpr::workflow {

// Whom an event of `request` is for: the assignee of a new, assigned or failing request, the
// requester of a decision or an extension, the other side of a comment. Empty: nobody in
// particular (no assignee; the command tells the team); nullopt: nobody, because the person is
// the one who acted.
[[nodiscard]] std::optional<std::string> notice_recipient(const std::string& action, const Request& request,
                                                          const std::string& actor);

class Notices {
 public:
  explicit Notices(const Context& context) : ctx_(context) {}

  // An event the action recorded (in its transaction).
  void offer(const AuditEvent& event);
  // The action has ended: run the kept notifications (a failure warns), and forget them.
  void send();
  // The action failed: forget them.
  void discard() { pending_.clear(); }

 private:
  struct Pending {
    const NotifyConfig* notify;
    std::string to;
    nlohmann::json event;
  };
  const Context& ctx_;
  std::vector<Pending> pending_;
};

}  // namespace gdpr::workflow
