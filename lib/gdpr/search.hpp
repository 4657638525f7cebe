// Finding a contact from what a customer writes (SPEC §12, `gdpr contact find`): the words of
// the id and the property values, folded (case and accents ignored), as index terms; a search
// text taken apart the same way; and the check that a contact really matches it.
//
// The index (the table contact_terms of both stores) holds each word at most k_max_term_bytes
// long, so that the lookup is a range scan of a B-tree and the table stays small; what it finds
// is then checked here against the contact itself. An erased contact has no terms.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gdpr/model.hpp"

namespace gdpr::search {

// Terms longer than this are cut (on a character boundary); so are the prefixes looked up.
inline constexpr std::size_t k_max_term_bytes = 32;
// The shortest word that is a term: one letter or digit alone would select half the database.
inline constexpr std::size_t k_min_term_bytes = 2;
// The shortest number that is a term: postcodes, house numbers, years and the parts of a date
// would each select thousands of contacts; they are found together with a word.
inline constexpr std::size_t k_min_number_bytes = 5;
// How many contacts (by the order they were added) share a bucket of the index.
inline constexpr std::int64_t k_bucket_contacts = 8192;

// The words of `folded` text (fold_for_search): runs of ASCII letters and digits and of any
// non-ASCII character; everything else (space, '.', '@', '-', ...) separates them.
[[nodiscard]] std::vector<std::string_view> words(std::string_view folded);

// The index terms of `contact`: every word of its id and of each property value, folded
// ("Jürgen" gives "jurgen"), at least k_min_term_bytes (a number: k_min_number_bytes) and cut to
// k_max_term_bytes, sorted and unique. None for an erased contact.
[[nodiscard]] std::vector<std::string> terms_of(const Contact& contact);

// A search text, taken apart.
struct Query {
  std::string text;                   // as given, trimmed
  std::vector<std::string> parts;     // the text folded, split at white space
  // The (at most four) longest words that are terms, longest first, each with the form that
  // stands for it in the index: itself, and where it spells umlauts out ("mueller") also that
  // form with them stripped ("muller"). A contact is a candidate if it has a term starting with
  // one of the forms of a word.
  std::vector<std::vector<std::string>> prefixes;
};

// `text` as a search; Error(usage) for a text that is empty or only white space.
[[nodiscard]] Query parse(std::string_view text);

// True if `contact` matches: its id is the text, or each part of the text occurs in its id or in
// one of its values where a word starts ("gross@gmx" in "juergen.gross@gmx.at", "Groß" in
// "Gross"; not "ross"), ignoring case and accents, umlauts stripped or spelled out.
[[nodiscard]] bool matches(const Contact& contact, const Query& query);

}  // namespace gdpr::search
