#include "gdpr/rules/requests.hpp"

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"

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
                                                 to_string(request.state), to_string(to)));
  }
}

Date due_date(const Date& received, int months) { return add_months(received, months); }

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
                                         to_string(request.state)));
  }
}

void check_can_extend(const Request& request) {
  if (!is_open(request.state)) {
    throw Error(ErrorKind::conflict, trf("request {} is {}; only open requests can be extended", request.id,
                                         to_string(request.state)));
  }
  if (request.extended) {
    throw Error(ErrorKind::conflict, trf("the deadline of request {} was already extended to {}; Art. 12(3) "
                                         "allows one extension",
                                         request.id, format_date(request.due_on)));
  }
}

Date extended_due_date(const Request& request, const Config& config) {
  return add_months(request.received_on, config.deadline_months + 2);
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
