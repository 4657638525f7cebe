#include "gdpr/rules/contacts.hpp"

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/text.hpp"

namespace gdpr::rules {

void check_contact_id(std::string_view id) {
  if (id.empty()) throw Error(ErrorKind::usage, tr("contact id is empty"));
  if (!text::is_valid_utf8(id)) throw Error(ErrorKind::usage, tr("contact id is not valid UTF-8"));
  if (const auto found = text::find_control(id)) {
    const std::string what = text::code_point_name(found->code_point);
    if (text::is_bidi_control(found->code_point)) {
      throw Error(ErrorKind::usage, trf("contact id contains a bidirectional control character ({} at character {}); "
                                        "it would make the id look like another, and it is not allowed",
                                        what, found->position));
    }
    throw Error(ErrorKind::usage, trf("contact id contains control characters ({} at character {}; tabs, line "
                                      "breaks, escape sequences, ...); they are not allowed",
                                      what, found->position));
  }
  if (text::code_points(id) > k_max_contact_id) {
    throw Error(ErrorKind::usage, trf("contact id is {} characters long; at most {} are allowed", text::code_points(id),
                                      k_max_contact_id));
  }
}

std::string check_property_name(std::string_view name) {
  const std::string_view trimmed = text::trim(name);
  if (trimmed.empty()) throw Error(ErrorKind::usage, tr("property name is empty; write NAME=VALUE"));
  if (!text::is_valid_utf8(trimmed) || text::has_control_chars(trimmed, false)) {
    throw Error(ErrorKind::usage,
                trf("property name '{}' must be UTF-8 without control characters", trimmed));
  }
  return std::string(trimmed);
}

void check_property_value(std::string_view name, std::string_view value) {
  if (!text::is_valid_utf8(value)) {
    throw Error(ErrorKind::usage, trf("value of property '{}' is not valid UTF-8", name));
  }
  if (value.find('\0') != std::string_view::npos) {
    throw Error(ErrorKind::usage, trf("value of property '{}' contains a NUL byte", name));
  }
}

std::string normalized_email(const Properties& properties, const Config& config) {
  const std::string key = text::loose_key(config.email_property);
  for (const auto& [name, value] : properties) {
    if (text::loose_key(name) == key) return text::ascii_lower(text::trim(value));
  }
  return {};
}

bool check_block_change(const Contact& contact, BlockKind kind, BlockChange change,
                        std::optional<std::int64_t> open_request) {
  if (contact.status == ContactStatus::erased) {
    throw Error(ErrorKind::conflict, trf("contact '{}' is erased; there is nothing left to block", contact.id));
  }
  const bool blocked = change == BlockChange::set;
  const bool flag = kind == BlockKind::newsletter ? contact.block_newsletter : contact.block_all_mail;
  if (flag == blocked) return false;
  if (!blocked && kind == BlockKind::all_mail && contact.status == ContactStatus::on_hold) {
    throw Error(ErrorKind::conflict,
                trf("contact '{}' is on hold by request {}; the all-mail block stays until it is decided", contact.id,
                    open_request.value_or(0)));
  }
  if (!blocked && kind == BlockKind::all_mail && contact.status == ContactStatus::restricted) {
    throw Error(ErrorKind::conflict,
                trf("contact '{}' is restricted for a retention duty (Art. 18): it is kept, not mailed; the all-mail "
                    "block stays until a new request erases it",
                    contact.id));
  }
  return true;
}

std::optional<std::string> readmission_refused_by_id(const Contact& erased, Readmit readmit) {
  if (readmit == Readmit::yes) return std::nullopt;
  return trf("contact '{}' was erased (request {}); add --readmit if the person really is back", erased.id,
             erased.erased_by_request.value_or(0));
}

std::optional<std::string> readmission_refused_by_email(const std::string& id, const std::string& tombstone,
                                                        Readmit readmit) {
  if (readmit == Readmit::yes) return std::nullopt;
  return trf("the e-mail of contact '{}' belongs to erased contact '{}'; add --readmit if the person "
             "really is back",
             id, tombstone);
}

}  // namespace gdpr::rules
