#include "gdpr/search.hpp"

#include <algorithm>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/text.hpp"

namespace gdpr::search {

namespace {

bool is_word_byte(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// `s` cut to at most k_max_term_bytes, on a character boundary.
std::string_view cut(std::string_view s) {
  if (s.size() <= k_max_term_bytes) return s;
  std::size_t n = k_max_term_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0U) == 0x80U) --n;
  return s.substr(0, n);
}

bool is_term(std::string_view word) {
  const bool number = std::ranges::all_of(word, [](char c) { return c >= '0' && c <= '9'; });
  return word.size() >= (number ? k_min_number_bytes : k_min_term_bytes);
}

// `word` with spelled-out umlauts stripped as the index has them ("mueller" -> "muller"); the
// same word where it has none. Also "ae" that is no umlaut ("israel" -> "israel" stays, "michael"
// -> "michal"): the candidates are checked against the text anyway.
std::string umlauts_stripped(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (std::size_t i = 0; i < word.size(); ++i) {
    out += word[i];
    if (i + 1 < word.size() && word[i + 1] == 'e' && (word[i] == 'a' || word[i] == 'o' || word[i] == 'u')) ++i;
  }
  return out;
}

// True if `part` occurs in `folded` where a word starts (at 0, or after a byte that is no word byte).
bool occurs_at_word_start(std::string_view folded, std::string_view part) {
  for (std::size_t at = folded.find(part); at != std::string_view::npos; at = folded.find(part, at + 1)) {
    if (at == 0 || !is_word_byte(folded[at - 1]) || !is_word_byte(part.front())) return true;
  }
  return false;
}

// Calls visit(word) for each run of word bytes in `folded`, in order.
template <typename Visit>
void for_each_word(std::string_view folded, Visit&& visit) {
  std::size_t start = 0;
  for (std::size_t i = 0; i <= folded.size(); ++i) {
    if (i < folded.size() && is_word_byte(folded[i])) continue;
    if (i > start) visit(folded.substr(start, i - start));
    start = i + 1;
  }
}

}  // namespace

std::vector<std::string_view> words(std::string_view folded) {
  std::vector<std::string_view> out;
  for_each_word(folded, [&](std::string_view w) { out.push_back(w); });
  return out;
}

std::vector<std::string> terms_of(const Contact& contact) {
  std::vector<std::string> out;
  if (contact.status == ContactStatus::erased) return out;
  // One buffer for every value, and its words visited where they are (no vector of them): an
  // import does this for every value of a million contacts.
  std::string folded;
  auto add = [&](std::string_view value) {
    text::fold_for_search_into(value, folded);
    for_each_word(folded, [&](std::string_view w) {
      if (is_term(w)) out.emplace_back(cut(w));
    });
  };
  add(contact.id);
  for (const auto& [name, value] : contact.properties) add(value);
  std::ranges::sort(out);
  // NOLINTNEXTLINE(modernize-use-ranges): clang 14 cannot compile libstdc++ 12 subranges (the fuzz build)
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Query parse(std::string_view text) {
  Query q;
  q.text = std::string(text::trim(text));
  if (q.text.empty()) throw Error(ErrorKind::usage, tr("the search text is empty: give an id, an e-mail or a name"));
  std::string folded = text::fold_for_search(q.text);
  for (std::size_t at = folded.find("\xC2\xA0"); at != std::string::npos; at = folded.find("\xC2\xA0", at)) {
    folded.replace(at, 2, " ");  // a no-break space separates as a space does
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i <= folded.size(); ++i) {
    if (i < folded.size() && folded[i] != ' ' && folded[i] != '\t' && folded[i] != '\n' && folded[i] != '\r') continue;
    if (i > start) q.parts.push_back(folded.substr(start, i - start));
    start = i + 1;
  }
  std::vector<std::string_view> found;
  for (const std::string& part : q.parts) {
    for (const std::string_view w : words(part)) {
      if (is_term(w)) found.push_back(cut(w));
    }
  }
  std::ranges::stable_sort(found, [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
  for (const std::string_view w : found) {
    if (q.prefixes.size() == 4) break;
    // a shorter word that begins a longer one selects nothing the longer one does not
    if (std::ranges::any_of(q.prefixes, [&](const auto& forms) { return forms.front().starts_with(w); })) continue;
    std::vector<std::string> forms{std::string(w)};
    if (std::string stripped = umlauts_stripped(w); stripped != w) forms.push_back(std::move(stripped));
    q.prefixes.push_back(std::move(forms));
  }
  return q;
}

bool matches(const Contact& contact, const Query& query) {
  if (contact.status == ContactStatus::erased) return false;
  if (text::ascii_lower(contact.id) == text::ascii_lower(query.text)) return true;
  if (query.parts.empty()) return false;
  std::vector<std::string> folded;
  auto add = [&](std::string_view value) {
    folded.push_back(text::fold_for_search(value, text::Umlauts::stripped));
    std::string spelled = text::fold_for_search(value, text::Umlauts::spelled_out);
    if (spelled != folded.back()) folded.push_back(std::move(spelled));
  };
  add(contact.id);
  for (const auto& [name, value] : contact.properties) add(value);
  return std::ranges::all_of(query.parts, [&](const std::string& part) {
    return std::ranges::any_of(folded, [&](const std::string& f) { return occurs_at_word_start(f, part); });
  });
}

}  // namespace gdpr::search
