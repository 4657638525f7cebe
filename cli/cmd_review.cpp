#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/local_time.hpp"
#include "exit_codes.hpp"
#include "gdpr/csv.hpp"
#include "gdpr/error.hpp"
#include "gdpr/json.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct ReviewOptions {
  std::int64_t rid = 0;
  bool has_rid = false;
  bool all = false;
  std::string state;
  bool mine = false;
  bool filed_by_me = false;
  bool overdue = false;
  bool remind = false;
  bool new_requests = false;
  std::string comment;
  std::string assign;
  bool claim = false;
  bool extend = false;
  std::string reason;
  std::string letter;  // --letter FILE, with --extend
  bool has_comment = false;
  bool has_assign = false;
  bool has_reason = false;
};

std::string days_text(std::int64_t days_left) {
  if (days_left < 0) return trn("overdue by {} day", "overdue by {} days", -days_left, -days_left);
  if (days_left == 0) return tr("due today");
  return trn("{} day left", "{} days left", days_left, days_left);
}

// The steps, comments and history of a request, then its contact's values. With the worker
// (policy steps.runner), a pending step says what it waits for.
void print_steps_and_history(const Request& r, const std::vector<AuditEvent>& history, const Contact& contact,
                             StepRunner runner) {
  if (!r.steps.empty()) {
    fmt::print("{}", tr("Steps:\n"));
    std::vector<std::vector<std::string>> rows;
    rows.reserve(r.steps.size());
    for (const auto& s : r.steps) {
      const bool waiting = runner == StepRunner::worker && s.state == StepState::pending;
      rows.push_back({"  " + s.system, std::string(to_string(s.action)),
                      waiting ? tr("waiting for the worker") : std::string(to_string(s.state)),
                      trn("{} attempt", "{} attempts", s.attempts, s.attempts), local_time(s.updated_at)});
    }
    print_table({tr("  SYSTEM"), tr("ACTION"), tr("STATE"), tr("ATTEMPTS"), tr("UPDATED")}, rows);
  }
  if (!r.comments.empty()) {
    fmt::print("{}", tr("Comments:\n"));
    for (const auto& c : r.comments) fmt::print("  {} {}: {}\n", shown(local_time(c.at)), shown(c.by), shown_text(c.text, 4));
  }
  fmt::print("{}", tr("History:\n"));
  for (const auto& e : history) fmt::print("  #{} {} {} {}\n", e.seq, shown(local_time(e.at)), shown(e.actor), shown(e.action));
  if (!contact.properties.empty()) {
    fmt::print("{}", contact_text(contact));
  }
}

void show_request(Context& ctx, Service& service, const Request& r, Format format) {
  const Contact contact = service.show_contact(r.contact_id);
  const auto eligible = service.eligible_approvers(r);
  std::vector<AuditEvent> history;
  AuditFilter filter;
  filter.request_id = r.id;
  service.audit(filter, [&](const AuditEvent& e) { history.push_back(e); });
  if (format == Format::json) {
    auto j = json::request(r);
    j["contact"] = json::contact(contact);
    j["may_approve"] = eligible;
    auto h = json::Json::array();
    for (const auto& e : history) h.push_back(json::event(e));
    j["history"] = h;
    print_json(j);
    return;
  }
  const std::int64_t days_left = days_between(service.today(), r.due_on);
  fmt::print("{}", trf("Request {} [{}]\n", r.id, to_string(r.state)));
  // Every value below is shown(): the reason and comments are the requester's words, the
  // contact's values the customer's (SPEC §9). Free texts keep their lines, indented.
  constexpr std::size_t k_indent = 16;
  fmt::print("{}", trf("  contact:      {} ({}; blocks: {})\n", shown(r.contact_id), to_string(contact.status), blocks_text(contact)));
  fmt::print("{}", trf("  reason:       {}\n", shown_text(r.reason, k_indent)));
  fmt::print("{}", trf("  requested by: {} at {}\n", shown(r.requested_by), shown(local_time(r.requested_at))));
  fmt::print("{}", trf("  received:     {}\n", r.channel.empty() ? local_date(r.received_on)
                                                                : trf("{} via {}", local_date(r.received_on), shown(r.channel))));
  fmt::print("{}", trf("  due:          {}{}{}\n", local_date(r.due_on), is_open(r.state) ? " (" + days_text(days_left) + ")" : "",
                       r.extended ? tr(" [extended]") : ""));
  if (r.extended && !r.extension_reason.empty()) {
    fmt::print("{}", trf("  extended:     {}\n", shown_text(r.extension_reason, k_indent)));
  }
  fmt::print("{}", trf("  assignee:     {}\n", r.assignee.empty() ? "-" : shown(r.assignee)));
  const int required = ctx.service().config().approvals_required;
  fmt::print("{}", trf("  approvals:    {} of {}\n", r.approvals.size(), required));
  for (const auto& a : r.approvals) {
    fmt::print("{}", trf("    {} at {}{}\n", shown(a.by), shown(local_time(a.at)), a.comment.empty() ? "" : ": " + shown_text(a.comment, 6)));
  }
  if (r.state == RequestState::pending) {
    std::string names;
    for (const auto& n : eligible) names += (names.empty() ? "" : ", ") + shown(n);
    fmt::print("{}", trf("  may approve:  {}\n", names.empty() ? tr("nobody (check roles.reviewers)") : names));
  }
  if (!r.decided_by.empty()) {
    fmt::print("{}", trf("  decided by:   {} at {}{}\n", shown(r.decided_by), shown(local_time(r.decided_at)),
               r.decision_reason.empty() ? "" : ": " + shown_text(r.decision_reason, k_indent)));
  }
  if (r.retain_until) fmt::print("{}", trf("  kept until:   {} (the contact stays restricted)\n", local_date(*r.retain_until)));
  print_steps_and_history(r, history, contact, service.config().runner);
}

void print_queue(Context& ctx, const std::vector<Request>& requests, Format format) {
  if (format == Format::json) {
    auto arr = json::Json::array();
    for (const auto& r : requests) arr.push_back(json::request(r));
    print_json(arr);
    return;
  }
  if (format == Format::csv) {
    write_csv_record(std::cout, {"id", "contact_id", "state", "due_on", "assignee", "requested_by", "approvals"});
    for (const auto& r : requests) {
      write_csv_record(std::cout, {std::to_string(r.id), r.contact_id, std::string(to_string(r.state)),
                                   format_date(r.due_on), r.assignee, r.requested_by, std::to_string(r.approvals.size())});
    }
    std::cout.flush();
    return;
  }
  if (requests.empty()) {
    ctx.note(tr("No requests match."));
    return;
  }
  const Date today = ctx.service(Access::read_only).today();
  std::vector<std::vector<std::string>> rows;
  rows.reserve(requests.size());
  for (const auto& r : requests) {
    rows.push_back({std::to_string(r.id), local_date(r.due_on),
                    is_open(r.state) ? days_text(days_between(today, r.due_on)) : "-", std::string(to_string(r.state)),
                    r.contact_id, r.assignee.empty() ? "-" : r.assignee, r.requested_by,
                    fmt::format("{}/{}", r.approvals.size(), ctx.service().config().approvals_required)});
  }
  print_table({tr("ID"), tr("DUE"), tr("WHEN"), tr("STATE"), tr("CONTACT"), tr("ASSIGNEE"), tr("REQUESTER"), tr("APPROVALS")}, rows);
}

void run_remind(Context& ctx, Format format, NewRequests new_requests) {
  const auto reminders = ctx.service(Access::read_only).reminders(new_requests);
  if (format == Format::json) {
    auto arr = json::Json::array();
    for (const auto& r : reminders) arr.push_back(json::reminder(r));
    print_json(arr);
  } else {
    for (const auto& r : reminders) {
      std::string why;
      for (const auto& reason : r.reasons) why += (why.empty() ? "" : "; ") + reason;
      if (r.request.retain_until) {
        fmt::print("{}", trf("request {} (contact {}, restricted): {}\n", r.request.id, shown(r.request.contact_id), shown(why)));
        continue;
      }
      fmt::print("{}", trf("request {} (contact {}, {}): due {}, {}, assignee {}: {}\n", r.request.id,
                 shown(r.request.contact_id), to_string(r.request.state), local_date(r.request.due_on),
                 days_text(r.days_left), r.request.assignee.empty() ? "-" : shown(r.request.assignee), shown(why)));
    }
  }
  if (!reminders.empty()) ctx.exit_status = k_exit_attention;
}

// `gdpr review` without a request id: the queue, or the --remind cron check.
void run_queue(Context& ctx, const ReviewOptions& o, bool action_options) {
  if (action_options) throw Error(ErrorKind::usage, tr("--comment, --assign, --claim and --extend need a request id: gdpr review RID ..."));
  if (o.has_reason) throw Error(ErrorKind::usage, tr("--reason goes with --extend: gdpr review RID --extend --reason TEXT"));
  const Format format = ctx.format({Format::text, Format::json, Format::csv});
  if (o.remind) {
    if (o.all || !o.state.empty() || o.mine || o.filed_by_me || o.overdue) {
      throw Error(ErrorKind::usage, tr("--remind is the cron check and takes no other queue options"));
    }
    run_remind(ctx, format, o.new_requests ? NewRequests::include : NewRequests::skip);
    return;
  }
  if (o.new_requests) throw Error(ErrorKind::usage, tr("--new goes with --remind: gdpr review --remind --new"));
  QueueFilter filter;
  filter.all = o.all;
  if (!o.state.empty()) filter.state = parse_request_state(o.state, "--state");
  filter.mine = o.mine;
  filter.filed_by_me = o.filed_by_me;
  filter.overdue = o.overdue;
  for (const auto& w : ctx.service(Access::read_only).standing_warnings()) ctx.warn(w);
  print_queue(ctx, ctx.service(Access::read_only).queue(filter), format);
}

void run_review(Context& ctx, const ReviewOptions& o) {
  const bool queue_options =
      o.all || !o.state.empty() || o.mine || o.filed_by_me || o.overdue || o.remind || o.new_requests;
  const bool action_options = o.has_comment || o.has_assign || o.claim || o.extend;
  if (!o.has_rid) {
    run_queue(ctx, o, action_options);
    return;
  }
  if (queue_options) {
    throw Error(ErrorKind::usage,
                tr("--all, --state, --mine, --filed-by-me, --overdue and --remind list the queue; leave out the request id"));
  }
  if (o.extend != o.has_reason) throw Error(ErrorKind::usage, tr("--extend needs --reason TEXT (and --reason goes with --extend)"));
  if (!o.letter.empty() && !o.extend) throw Error(ErrorKind::usage, tr("--letter goes with --extend: gdpr review RID --extend --reason TEXT --letter FILE"));
  const Format format = ctx.format({Format::text, Format::json});
  const bool writes = action_options;
  Service& service = ctx.service(writes ? Access::read_write : Access::read_only);
  for (const auto& w : service.standing_warnings()) ctx.warn(w);
  // An action is confirmed in one line each (SPEC §12); `review RID` shows the request in full.
  std::vector<std::string> done;
  if (o.has_comment) {
    service.comment(o.rid, Context::text_or_stdin(o.comment));
    done.push_back(trf("Comment added to request {}.", o.rid));
  }
  if (o.has_assign || o.claim) {
    const Request r = service.assign(o.rid, o.claim ? std::nullopt : std::optional(o.assign));
    done.push_back(trf("Request {} assigned to {}.", o.rid, shown(r.assignee)));
  }
  if (o.extend) {
    const Request r = service.extend(o.rid, Context::text_or_stdin(o.reason),
                                     o.letter.empty() ? LetterSink{} : letter_file(o.letter));
    done.push_back(trf("Deadline of request {} extended to {}.", o.rid, local_date(r.due_on)));
    if (o.letter.empty()) {
      ctx.note(trf("The data subject must be told within the first period (Art. 12(3)): `gdpr letter {}` writes the "
                   "extension notice.",
                   o.rid));
    } else {
      ctx.note(trf("Wrote the extension notice to {} (mode 0600)", o.letter));
    }
  }
  if (action_options && format == Format::text) {
    for (const auto& line : done) fmt::print("{}\n", line);
    return;
  }
  show_request(ctx, service, service.show_request(o.rid), format);
}

}  // namespace

void register_review(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ReviewOptions>();
  auto* cmd = app.add_subcommand("review", tr("The review queue, one request in full, or comment/assign/extend it"));
  auto* rid = cmd->add_option("RID", o->rid, tr("Request id: show it in full (and act on it)"));
  cmd->add_flag("--all", o->all, tr("Every request, not only open ones"));
  cmd->add_option("--state", o->state, tr("Only requests in state S (pending, approved, erased, rejected, withdrawn)"))
      ->option_text("S");
  cmd->add_flag("--mine", o->mine, tr("Only requests assigned to me"));
  cmd->add_flag("--filed-by-me", o->filed_by_me, tr("The requests I filed, in every state (with --state: in that one)"));
  cmd->add_flag("--overdue", o->overdue, tr("Only open requests past their due date"));
  cmd->add_flag("--remind", o->remind, tr("Cron check: list what needs attention; exit 3 if anything does"));
  cmd->add_flag("--new", o->new_requests,
                tr("With --remind: also pending requests nobody but the requester has commented, claimed or decided"));
  auto* comment = cmd->add_option("--comment", o->comment, tr("Add a comment (- reads stdin)"))->option_text("TEXT");
  auto* assign = cmd->add_option("--assign", o->assign, tr("Assign to reviewer NAME"))->option_text("NAME");
  auto* claim = cmd->add_flag("--claim", o->claim, tr("Assign to myself"));
  assign->excludes(claim);
  cmd->add_flag("--extend", o->extend, tr("Extend the deadline once by two months (Art. 12(3)); needs --reason"));
  auto* reason = cmd->add_option("--reason", o->reason, tr("Reason for --extend (- reads stdin)"))->option_text("TEXT");
  cmd->add_option("--letter", o->letter,
                  tr("With --extend: write the extension notice to FILE (.md: Markdown, .html: HTML, else text) in "
                     "the same transaction"))
      ->option_text("FILE");
  cmd->callback([&ctx, o, rid, comment, assign, reason] {
    o->has_rid = rid->count() > 0;
    o->has_comment = comment->count() > 0;
    o->has_assign = assign->count() > 0;
    o->has_reason = reason->count() > 0;
    ctx.action = [&ctx, o] { run_review(ctx, *o); };
  });
}

}  // namespace gdpr::cli
