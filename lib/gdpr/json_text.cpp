#include "gdpr/json_text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace gdpr::json_text {

namespace {

// How JSON writes each byte: 0 as it is, else the character after the backslash ('u': \u00XX).
constexpr std::array<char, 256> k_escape = [] {
  std::array<char, 256> t{};
  for (std::size_t c = 0; c < 0x20; ++c) t[c] = 'u';
  t['"'] = '"';
  t['\\'] = '\\';
  t['\b'] = 'b';
  t['\f'] = 'f';
  t['\n'] = 'n';
  t['\r'] = 'r';
  t['\t'] = 't';
  return t;
}();

// True when one of the 8 bytes in `v` is below 0x20, '"' or '\\' (the usual SWAR tests for a
// zero byte and for a byte below n; exact as a yes/no for the whole word).
bool any_escape(std::uint64_t v) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  const std::uint64_t quote = v ^ (ones * '"');
  const std::uint64_t backslash = v ^ (ones * '\\');
  return ((((v - (ones * 0x20)) & ~v) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)) & highs) != 0;
}

}  // namespace

std::size_t quoted_size(std::string_view s) {
  std::size_t size = s.size() + 2;
  std::size_t i = 0;
  for (std::uint64_t v = 0; i + 8 <= s.size(); i += 8) {
    std::memcpy(&v, s.data() + i, 8);
    if (any_escape(v)) break;
  }
  for (; i < s.size(); ++i) {
    const char e = k_escape[static_cast<unsigned char>(s[i])];
    size += e == 0 ? 0 : e == 'u' ? 5 : 1;
  }
  return size;
}

char* write_quoted(char* dst, std::string_view s) {
  static constexpr std::string_view k_hex = "0123456789abcdef";
  *dst++ = '"';
  // Characters that need no escape are skipped eight at a time and copied as one run (a
  // character at a time through std::string was a seventh of an import's instructions).
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    for (std::uint64_t v = 0; i + 8 <= s.size(); i += 8) {
      std::memcpy(&v, s.data() + i, 8);
      if (any_escape(v)) break;
    }
    // The word with the escape, or the last few bytes: a byte at a time up to the escape.
    const std::size_t stop = std::min(s.size(), i + 8);
    while (i < stop && k_escape[static_cast<unsigned char>(s[i])] == 0) ++i;
    if (i == stop) continue;
    const auto c = static_cast<unsigned char>(s[i]);
    const char e = k_escape[c];
    ++i;
    std::memcpy(dst, s.data() + run, i - 1 - run);
    dst += i - 1 - run;
    run = i;
    *dst++ = '\\';
    *dst++ = e;
    if (e == 'u') {
      *dst++ = '0';
      *dst++ = '0';
      *dst++ = k_hex[c >> 4U];
      *dst++ = k_hex[c & 0x0FU];
    }
  }
  std::memcpy(dst, s.data() + run, s.size() - run);
  dst += s.size() - run;
  *dst++ = '"';
  return dst;
}

void append_quoted(std::string& out, std::string_view s) {
  const std::size_t at = out.size();
  out.resize(at + quoted_size(s));
  write_quoted(out.data() + at, s);
}

bool skip_quoted(std::string_view text, std::size_t& pos) {
  if (pos >= text.size() || text[pos] != '"') return false;
  std::size_t from = pos + 1;
  for (;;) {
    const void* quote = std::memchr(text.data() + from, '"', text.size() - from);
    if (quote == nullptr) return false;
    const auto at = static_cast<std::size_t>(static_cast<const char*>(quote) - text.data());
    std::size_t slashes = 0;
    while (at - slashes > from && text[at - slashes - 1] == '\\') ++slashes;
    if (slashes % 2 == 0) {
      pos = at + 1;
      return true;
    }
    from = at + 1;  // an escaped quote: the literal goes on
  }
}

bool read_quoted(std::string_view text, std::size_t& pos, std::string& out) {
  if (pos >= text.size() || text[pos] != '"') return false;
  ++pos;
  out.clear();
  // The next quote, then a backslash before it: vectorized scans (find_first_of with two
  // characters costs a memchr call per byte, a third of a CSV export's instructions). The quote
  // is searched again only once passed, so text full of escapes stays linear.
  std::size_t quote_at = 0;
  for (;;) {
    if (quote_at < pos) {
      const void* quote = std::memchr(text.data() + pos, '"', text.size() - pos);
      if (quote == nullptr) return false;
      quote_at = static_cast<std::size_t>(static_cast<const char*>(quote) - text.data());
    }
    const void* escape = std::memchr(text.data() + pos, '\\', quote_at - pos);
    const std::size_t stop =
        escape == nullptr ? quote_at : static_cast<std::size_t>(static_cast<const char*>(escape) - text.data());
    out.append(text.substr(pos, stop - pos));
    pos = stop + 1;
    if (text[stop] == '"') return true;
    if (pos >= text.size()) return false;
    const char e = text[pos++];
    switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        if (pos + 4 > text.size() || text.substr(pos, 2) != "00") return false;
        unsigned value = 0;
        for (std::size_t k = pos + 2; k < pos + 4; ++k) {
          const char h = text[k];
          value <<= 4U;
          if (h >= '0' && h <= '9') {
            value |= static_cast<unsigned>(h - '0');
          } else if (h >= 'a' && h <= 'f') {
            value |= static_cast<unsigned>(h - 'a' + 10);
          } else if (h >= 'A' && h <= 'F') {
            value |= static_cast<unsigned>(h - 'A' + 10);
          } else {
            return false;
          }
        }
        if (value > 0x7F) return false;
        out += static_cast<char>(value);
        pos += 4;
        break;
      }
      default: return false;
    }
  }
}

std::string quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_quoted(out, s);
  return out;
}

}  // namespace gdpr::json_text
