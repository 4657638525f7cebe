// The stored form of a contact's properties, shared by the SQLite and PostgreSQL stores:
// [["name","value"],...] in the contact's order, written by a direct JSON string writer and read
// back by a fast reader of exactly that form (anything else goes through nlohmann's parser).
#pragma once

#include <string>
#include <string_view>

#include "gdpr/json_text.hpp"
#include "gdpr/model.hpp"

namespace gdpr::stored {

// [["name","value"],...]: the order of the properties is kept.
[[nodiscard]] std::string properties_to_text(const Properties& properties);

// The properties of the stored text; Error(config) if it is damaged.
[[nodiscard]] Properties properties_from_text(const std::string& text);

// The same into `out`, whose strings are reused (a listing reads a million contacts into one
// Contact): no allocation for a pair whose name and value fit where the last contact's did.
void properties_from_text_into(std::string_view text, Properties& out);

// Moves `pos` past `c` if `c` is there.
inline bool skip_char(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// The stored form's frame, exactly as properties_to_text writes it: `[`, pairs `[name,value]`
// separated by commas, `]`, nothing after. `read(pos)` reads a pair's inside from its first quote
// (false: not the form); `visit()` follows each pair's `]`.
template <typename Read, typename Visit>
bool walk_stored_pairs(std::string_view text, Read&& read, Visit&& visit) {
  std::size_t pos = 0;
  auto expect = [&](char c) { return skip_char(text, pos, c); };
  if (!expect('[')) return false;
  if (pos < text.size() && text[pos] == ']') return pos + 1 == text.size();
  for (;;) {
    if (!expect('[') || !read(pos) || !expect(']')) return false;
    visit();
    if (pos < text.size() && text[pos] == ',') {
      ++pos;
      continue;
    }
    return expect(']') && pos == text.size();
  }
}

// Reads the stored form exactly as properties_to_text writes it, calling visit(name, value) for
// each pair; `name` and `value` are the caller's buffers (reused, or moved from by `visit`).
// False for anything else, so that callers can fall back to the full JSON parser.
template <typename Visit>
bool visit_properties_fast(std::string_view text, std::string& name, std::string& value, Visit&& visit) {
  return walk_stored_pairs(
      text,
      [&](std::size_t& pos) {
        return json_text::read_quoted(text, pos, name) && skip_char(text, pos, ',') &&
               json_text::read_quoted(text, pos, value);
      },
      [&] { visit(name, value); });
}

// The names of the stored form only, in order, each into `name` (reused) for visit(name); the
// values are skipped undecoded (a CSV export's first pass, which wants the header). False where
// the text is not that form, for the caller's fallback; a damaged value is found by the pass
// that reads the values.
template <typename Visit>
bool visit_property_names_fast(std::string_view text, std::string& name, Visit&& visit) {
  return walk_stored_pairs(
      text,
      [&](std::size_t& pos) {
        return json_text::read_quoted(text, pos, name) && skip_char(text, pos, ',') &&
               json_text::skip_quoted(text, pos);
      },
      [&] { visit(name); });
}

}  // namespace gdpr::stored
