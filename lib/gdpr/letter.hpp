// The letters the controller owes the data subject (SPEC §10, GDPR Art. 12(3)-(4), 17, 19): the
// confirmation of an erasure, the refusal with its reasons and the data subject's remedies, and
// the notice that the deadline was extended. The wording is in the gettext catalogue (po/), so a
// letter comes in the configured language; this module fills it in from the request and — while
// they exist — the contact's name and address, and lays it out as text (80 columns, pages for
// `lp`), Markdown or HTML (A4, footer on every page).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gdpr/dates.hpp"
#include "gdpr/model.hpp"

namespace gdpr {

// Which letter.
enum class LetterKind { confirmation, refusal, extension };

// "confirmation", "refusal", "extension".
[[nodiscard]] std::string_view to_string(LetterKind kind);
// Parses those names; Error(usage) naming --kind otherwise.
[[nodiscard]] LetterKind parse_letter_kind(std::string_view s);

// Output formats of `gdpr letter`.
enum class LetterFormat { text, markdown, html };
// Parses "text", "markdown", "html"; Error(usage) otherwise.
[[nodiscard]] LetterFormat parse_letter_format(std::string_view s);

// The letter that fits a request's state: an erased request is confirmed, a rejected one refused,
// an open extended one announced; nullopt for any other state (a withdrawn request, an open one
// that was not extended).
[[nodiscard]] std::optional<LetterKind> letter_kind_for(const Request& request);

// Everything a letter says, filled in by the workflow.
struct Letter {
  LetterKind kind = LetterKind::confirmation;
  std::string organization;
  std::string sender;                   // the controller's postal address (letters.sender), lines
  std::vector<std::string> addressee;   // name and postal address; empty once the data is erased
  std::string name;                     // for the salutation; empty: a neutral one
  Date date;                            // the letter's date (local)
  Request request;
  std::vector<std::string> systems;     // confirmation: the linked systems it was erased from
  Date erased_on;                       // confirmation: the local date of the erasure
  bool fingerprint_kept = false;        // confirmation: a keyed hash of the e-mail was kept
  std::string authority;                // refusal: the supervisory authority (letters.authority)
};

// The addressee's lines found in `properties` by their usual names, German and English (company,
// first and last name or name, street, postcode and city, country); empty if there is no name.
[[nodiscard]] std::vector<std::string> postal_address(const Properties& properties);
// The person's name from the same properties ("Max Müller"), or empty.
[[nodiscard]] std::string person_name(const Properties& properties);

// The letter laid out in `format`; every value from outside is made inert for it.
[[nodiscard]] std::string render_letter(const Letter& letter, LetterFormat format);

}  // namespace gdpr
