#include "gdpr/json_text.hpp"

#include <cstring>
#include <string_view>

namespace gdpr::json_text {

void append_quoted(std::string& out, std::string_view s) {
  static constexpr std::string_view k_hex = "0123456789abcdef";
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += k_hex[static_cast<unsigned char>(c) >> 4U];
          out += k_hex[static_cast<unsigned char>(c) & 0x0FU];
        } else {
          out += c;
        }
    }
  }
  out += '"';
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
