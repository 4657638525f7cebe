#include "gdpr/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include <clocale>
#include <cwctype>
#include <locale.h>  // NOLINT(modernize-deprecated-headers): newlocale() is POSIX, not in <clocale>
#include <wctype.h>  // NOLINT(modernize-deprecated-headers): towupper_l() is POSIX, not in <cwctype>

namespace gdpr::text {

namespace {

// Decodes one code point at s[i]; returns its length, or 0 if malformed.
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len = 0;
  char32_t min = 0;
  if ((b0 & 0xE0U) == 0xC0U) {
    len = 2;
    cp = b0 & 0x1FU;
    min = 0x80;
  } else if ((b0 & 0xF0U) == 0xE0U) {
    len = 3;
    cp = b0 & 0x0FU;
    min = 0x800;
  } else if ((b0 & 0xF8U) == 0xF0U) {
    len = 4;
    cp = b0 & 0x07U;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0U) != 0x80U) return 0;
    cp = (cp << 6U) | (b & 0x3FU);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
         (cp >= 0x20000 && cp <= 0x3FFFD);
}

bool is_combining(char32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F);
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    // ASCII, eight bytes at a time (an audit verification checks every field of a million events)
    if (i + 8 <= s.size()) {
      std::uint64_t chunk = 0;
      std::memcpy(&chunk, s.data() + i, sizeof chunk);
      if ((chunk & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    char32_t cp = 0;
    const std::size_t len = decode(s, i, cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
  }
  return n;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view k_nbsp = "\xC2\xA0";
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  for (;;) {
    if (!s.empty() && is_space(s.front())) {
      s.remove_prefix(1);
    } else if (s.substr(0, 2) == k_nbsp) {
      s.remove_prefix(2);
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && is_space(s.back())) {
      s.remove_suffix(1);
    } else if (s.size() >= 2 && s.substr(s.size() - 2) == k_nbsp) {
      s.remove_suffix(2);
    } else {
      break;
    }
  }
  return s;
}

namespace {

void lower_ascii_in_place(std::string& s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  lower_ascii_in_place(out);
  return out;
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool has_control_chars(std::string_view s, bool allow_newlines) {
  return std::ranges::any_of(s, [&](const char c) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b != 0x7F) return false;
    return !allow_newlines || (c != '\n' && c != '\r' && c != '\t');
  });
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

bool is_bidi_control(char32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

std::optional<FoundControl> find_control(std::string_view s) {
  std::size_t position = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    std::size_t len = decode(s, i, cp);
    if (len == 0) {
      len = 1;
      cp = 0xFFFD;
    }
    ++position;
    if (is_control(cp) || is_bidi_control(cp)) return FoundControl{cp, position};
    i += len;
  }
  return std::nullopt;
}

std::string escape_for_terminal(std::string_view s, LineBreaks breaks) {
  static constexpr std::string_view k_hex = "0123456789abcdef";
  const bool keep = breaks == LineBreaks::keep;
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0x20 && b < 0x7F && b != '\\') {  // the common case: printable ASCII
      out += static_cast<char>(b);
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t len = decode(s, i, cp);
    if (len == 0 || cp < 0x80) {  // ASCII control, DEL, backslash, or a byte of invalid UTF-8
      switch (b) {
        case '\\': out += "\\\\"; break;
        case '\n': out += keep ? "\n" : "\\n"; break;
        case '\t': out += keep ? "\t" : "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
          out += "\\x";
          out += k_hex[b >> 4U];
          out += k_hex[b & 0x0FU];
      }
      ++i;
      continue;
    }
    if (is_control(cp) || is_bidi_control(cp)) {
      out += "\\u";
      for (const unsigned shift : {12U, 8U, 4U, 0U}) out += k_hex[(cp >> shift) & 0x0FU];
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string code_point_name(char32_t cp) {
  static constexpr std::string_view k_hex = "0123456789ABCDEF";
  std::string digits;
  for (; cp != 0 || digits.size() < 4; cp >>= 4U) digits.insert(digits.begin(), k_hex[cp & 0x0FU]);
  return "U+" + digits;
}

std::string loose_key(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : ascii_lower(trim(s))) {
    if (c != '-' && c != '_' && c != ' ') out += c;
  }
  return out;
}

std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    std::size_t len = decode(s, i, cp);
    if (len == 0) {
      len = 1;
      cp = '?';
    }
    i += len;
    if (is_combining(cp)) continue;
    width += is_wide(cp) ? 2 : 1;
  }
  return width;
}

}  // namespace gdpr::text

namespace gdpr::text {

namespace {

// The C.UTF-8 locale glibc builds in: its LC_CTYPE knows the case of every Unicode letter,
// whatever the user's own locale is.
locale_t utf8_ctype() {
  static const locale_t loc = ::newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return loc;
}

char32_t fold_code_point(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp;
  const locale_t loc = utf8_ctype();
  if (loc == static_cast<locale_t>(nullptr)) return cp;
  // Lower of upper: also folds letters whose lower case is not their fold (U+017F long s -> s).
  const auto upper = ::towupper_l(static_cast<wint_t>(cp), loc);
  return static_cast<char32_t>(::towlower_l(upper, loc));
}

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0U | (cp >> 6U));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0U | (cp >> 12U));
    out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  } else {
    out += static_cast<char>(0xF0U | (cp >> 18U));
    out += static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU));
    out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  }
}

// The folded code points of `s` and, for each, the byte offset where it starts in `s`
// (one extra offset at the end). Malformed bytes stand for themselves.
struct Folded {
  std::u32string cps;
  std::vector<std::size_t> at;
};

Folded fold_with_offsets(std::string_view s) {
  Folded f;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    std::size_t len = decode(s, i, cp);
    if (len == 0) {
      cp = 0xDC00U + static_cast<unsigned char>(s[i]);  // a lone surrogate never matches real text
      len = 1;
    }
    f.cps.push_back(fold_code_point(cp));
    f.at.push_back(i);
    i += len;
  }
  f.at.push_back(s.size());
  return f;
}

}  // namespace

std::string fold_case(std::string_view s) {
  if (!is_valid_utf8(s)) return ascii_lower(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = decode(s, i, cp);
    encode(fold_code_point(cp), out);
    i += len;
  }
  return out;
}

std::string replace_ignoring_case(std::string_view s, const std::vector<std::string>& needles,
                                  std::string_view replacement) {
  const Folded hay = fold_with_offsets(s);
  std::vector<std::u32string> folded;
  for (const auto& n : needles) {
    Folded f = fold_with_offsets(n);
    if (!f.cps.empty()) folded.push_back(std::move(f.cps));
  }
  std::ranges::sort(folded, [](const auto& a, const auto& b) { return a.size() > b.size(); });
  std::string out;
  std::size_t copied = 0;  // byte offset in `s` up to which `out` holds it
  for (std::size_t i = 0; i < hay.cps.size();) {
    std::size_t matched = 0;
    for (const auto& n : folded) {
      if (n.size() <= hay.cps.size() - i && std::equal(n.begin(), n.end(), hay.cps.begin() + static_cast<std::ptrdiff_t>(i))) {
        matched = n.size();
        break;
      }
    }
    if (matched == 0) {
      ++i;
      continue;
    }
    out.append(s.substr(copied, hay.at[i] - copied));
    out.append(replacement);
    i += matched;
    copied = hay.at[i];
  }
  out.append(s.substr(copied));
  return out;
}

bool has_c1_or_bidi(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = decode(s, i, cp);
    if (len == 0) return false;
    if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2066 && cp <= 0x2069)) {
      return true;
    }
    i += len;
  }
  return false;
}

bool contains_ignoring_case(std::string_view s, std::string_view needle) {
  const Folded hay = fold_with_offsets(s);
  const Folded n = fold_with_offsets(needle);
  if (n.cps.empty()) return false;
  // NOLINTNEXTLINE(modernize-use-ranges): clang 14 cannot compile libstdc++ 12 subranges (the fuzz build)
  return std::search(hay.cps.begin(), hay.cps.end(), n.cps.begin(), n.cps.end()) != hay.cps.end();
}

namespace {

// The base letters of U+0100..U+017F (Latin Extended-A), lower case: what is left of each letter
// without its accent ("Ł" and "ł" -> "l", "Ĳ" -> "ij", "Œ" -> "oe").
constexpr std::array<std::string_view, 128> k_extended_a{
    "a",  "a",  "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d", "d", "d", "e", "e", "e", "e",
    "e",  "e",  "e", "e", "e", "e", "g", "g", "g", "g", "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i",
    "i",  "i",  "i", "i", "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l", "l", "l",
    "l",  "n",  "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o", "o", "o", "oe", "oe", "r", "r", "r", "r",
    "r",  "r",  "s", "s", "s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u",
    "u",  "u",  "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s"};

// The same for U+00DF..U+00FF (after case folding only lower case is left; U+00F7 is the
// division sign and stays).
constexpr std::array<std::string_view, 33> k_latin1{
    "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d",  "n", "o", "o", "o", "o", "o", "\xC3\xB7", "o", "u", "u", "u", "u", "y", "th", "y"};

}  // namespace

namespace {

// Appends `s` folded for search to `out`, one code point at a time: case-folded first where
// `fold` (`s` is valid UTF-8), then Latin letters without their accents. A byte that is no valid
// UTF-8 stands for itself.
void append_folded(std::string_view s, bool fold, Umlauts umlauts, std::string& out) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = decode(s, i, cp);
    if (len == 0) {
      out += s[i];
      ++i;
      continue;
    }
    i += len;
    if (fold) cp = fold_code_point(cp);
    if (umlauts == Umlauts::spelled_out && (cp == 0xE4 || cp == 0xF6 || cp == 0xFC)) {
      out += cp == 0xE4 ? "ae" : cp == 0xF6 ? "oe" : "ue";
    } else if (cp >= 0xDF && cp <= 0xFF) {
      out += k_latin1.at(cp - 0xDF);
    } else if (cp >= 0x100 && cp <= 0x17F) {
      out += k_extended_a.at(cp - 0x100);
    } else if (cp == 0x1E9E) {  // capital sharp s, should case folding have kept it
      out += "ss";
    } else if (cp >= 0x300 && cp <= 0x36F) {
      // a combining accent (text in decomposed form, "u" + U+0308): dropped with the others
    } else {
      encode(cp, out);
    }
  }
}

}  // namespace

void fold_for_search_into(std::string_view s, std::string& out, Umlauts umlauts) {
  out.clear();
  // Most values (e-mail addresses, numbers, most names) are ASCII: lower case is all there is to do.
  if (std::ranges::all_of(s, [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    out.append(s);
    lower_ascii_in_place(out);
    return;
  }
  // Case folding and the accents in one pass; text that is no valid UTF-8 is folded in ASCII only
  // (as fold_case does), its valid sequences then without their accents.
  if (is_valid_utf8(s)) {
    append_folded(s, true, umlauts, out);
  } else {
    append_folded(ascii_lower(s), false, umlauts, out);
  }
}

std::string fold_for_search(std::string_view s, Umlauts umlauts) {
  std::string out;
  out.reserve(s.size());
  fold_for_search_into(s, out, umlauts);
  return out;
}

}  // namespace gdpr::text
