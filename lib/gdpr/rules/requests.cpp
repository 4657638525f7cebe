#include "gdpr/rules/requests.hpp"

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/labels.hpp"
#include "gdpr/local_time.hpp"

namespace gdpr::rules {

namespace {

std::string request_label(const Request& r) { return trf("request {}", r.id); }

}  // namespace

bool transition_allowed(RequestState from, RequestState to) {
  switch (from) {
    case RequestState::pending:
      return to == RequestState::approved || to == RequestState::rejected || to == RequestState::withdrawn;
    case RequestState::approved:
      return to == RequestState::erased;
    case RequestState::erased:
    case RequestState::rejected:
    case RequestState::withdrawn:
      return false;
  }
  return false;
}

void check_transition(const Request& request, RequestState to) {
  if (!transition_allowed(request.state, to)) {
    throw Error(ErrorKind::conflict, trf("{} is {}; it cannot become {}", request_label(request),
                                                 label(request.state), label(to)));
  }
}

HolidayCalendar holiday_calendar(const Config& config) { return {config.holidays, config.extra_holidays}; }

Date due_date(const Date& received, const Config& config) {
  return legal_due_date(received, config.deadline_months, holiday_calendar(config));
}

std::optional<std::string> late_filing_warning(const Date& received, const Date& due, const Date& today) {
  if (due >= today) return std::nullopt;
  return trf("the request was received on {}: its deadline of {} has already passed (overdue by {} days); "
             "answer the data subject at once",
             local_date(received), local_date(due), days_between(due, today));
}

void check_clarified(Clarified clarified, const std::string& contact_id) {
  if (clarified == Clarified::yes) return;
  throw Error(ErrorKind::usage,
              trf("first clarify with the customer that blocking mail is not enough (`gdpr block {} all-mail` "
                  "stops all mailings without erasing); then file again with --clarified",
                  contact_id));
}

Date check_received(const std::optional<std::string>& received, const Date& today) {
  const Date date = received ? parse_date(*received, "--received") : today;
  if (date > today) {
    throw Error(ErrorKind::usage,
                trf("--received {} is in the future (today is {})", format_date(date), format_date(today)));
  }
  return date;
}

void check_can_file_for(const Contact& contact, std::optional<std::int64_t> open_request) {
  if (contact.status == ContactStatus::erased) {
    throw Error(ErrorKind::conflict, trf("contact '{}' is already erased (request {})", contact.id,
                                         contact.erased_by_request.value_or(0)));
  }
  if (open_request) {
    throw Error(ErrorKind::conflict, trf("contact '{}' already has the open request {}; see `gdpr review {}`",
                                         contact.id, *open_request, *open_request));
  }
}

void check_can_assign(const Request& request) {
  if (!is_open(request.state)) {
    throw Error(ErrorKind::conflict, trf("request {} is {}; only open requests can be assigned", request.id,
                                         label(request.state)));
  }
}

void check_can_extend(const Request& request, const Date& today) {
  if (!is_open(request.state)) {
    throw Error(ErrorKind::conflict, trf("request {} is {}; only open requests can be extended", request.id,
                                         label(request.state)));
  }
  if (request.extended) {
    throw Error(ErrorKind::conflict, trf("the deadline of request {} was already extended to {}; Art. 12(3) "
                                         "allows one extension",
                                         request.id, format_date(request.due_on)));
  }
  if (today > request.due_on) {
    throw Error(ErrorKind::conflict,
                trf("the deadline of request {} passed on {}; Art. 12(3) allows an extension only within the first "
                    "period, told to the data subject with its reasons: answer now instead",
                    request.id, format_date(request.due_on)));
  }
}

Date extended_due_date(const Request& request, const Config& config) {
  return legal_due_date(request.received_on, config.deadline_months + 2, holiday_calendar(config));
}

Date check_retain_until(const std::string& text, const Date& today, bool withdrawal, bool lift_block) {
  const Date until = parse_date(text, "--retain-until");
  if (withdrawal) {
    throw Error(ErrorKind::usage, tr("--retain-until is for a reviewer's rejection, not for withdrawing one's own "
                                     "request"));
  }
  if (lift_block) {
    throw Error(ErrorKind::usage, tr("--retain-until keeps the contact restricted with its all-mail block; it cannot "
                                     "go with --lift-block"));
  }
  if (until <= today) {
    throw Error(ErrorKind::usage, trf("--retain-until {} is not after today ({}): the retention duty must still run",
                                      format_date(until), format_date(today)));
  }
  return until;
}

bool retention_ended(const Request& request, const Date& today) {
  return request.state == RequestState::rejected && request.retain_until && *request.retain_until < today;
}

LetterKind check_letter_kind(const Request& request, std::optional<LetterKind> asked) {
  // The extension notice can be written again as long as the deadline was extended.
  if (asked == LetterKind::extension && request.extended) return LetterKind::extension;
  const std::optional<LetterKind> fits = letter_kind_for(request);
  if (!fits) {
    throw Error(ErrorKind::conflict,
                trf("request {} is {}{}: no letter is due (a confirmation follows the erasure, a refusal the "
                    "rejection, an extension notice the extension)",
                    request.id, label(request.state), request.extended ? "" : tr(" and not extended")));
  }
  if (asked && *asked != *fits) {
    throw Error(ErrorKind::conflict, trf("request {} is {}: its letter is the {}, not the {}", request.id,
                                         label(request.state), to_string(*fits), to_string(*asked)));
  }
  return *fits;
}

void check_sheet_printed(const Request& request, const Config& config, bool printed) {
  if (!config.require_sheet || printed) return;
  throw Error(ErrorKind::conflict, trf("the policy requires the printed sheet before approval "
                                       "(review.require_sheet): run `gdpr print-sheet --request {}` first",
                                       request.id));
}

void check_erasure_confirmed(Confirmation confirmation, const Request& request) {
  switch (confirmation) {
    case Confirmation::given:
      return;
    case Confirmation::no_terminal:
      throw Error(ErrorKind::usage, trf("approving request {} erases contact '{}' irreversibly; there is no "
                                        "terminal to ask, so pass --yes to confirm",
                                        request.id, request.contact_id));
    case Confirmation::declined:
      throw Error(ErrorKind::usage,
                  trf("not confirmed: request {} stays pending, nothing was changed", request.id));
  }
}

}  // namespace gdpr::rules
