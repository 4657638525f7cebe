#include "gdpr/store/bucket_terms.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <limits>
#include <stdexcept>

#include "gdpr/search.hpp"

namespace gdpr::store {

static_assert(search::k_bucket_contacts <= 0xFFFF, "an offset and the removed mark fit 16 bits");

std::vector<std::uint16_t> parse_members(std::string_view text) {
  std::vector<std::uint16_t> out;
  unsigned value = 0;
  bool digits = false;
  for (const char ch : text) {
    if (ch >= '0' && ch <= '9') {
      value = (value * 10) + static_cast<unsigned>(ch - '0');
      digits = true;
    } else if (digits) {
      out.push_back(static_cast<std::uint16_t>(value));
      value = 0;
      digits = false;
    }
  }
  if (digits) out.push_back(static_cast<std::uint16_t>(value));
  return out;
}

void append_members(std::string& out, std::span<const std::uint16_t> ascending) {
  out.reserve(out.size() + (ascending.size() * 5));
  std::array<char, 8> digits{};
  for (std::size_t i = 0; i < ascending.size(); ++i) {
    if (i > 0 && ascending[i] == ascending[i - 1]) continue;
    if (i > 0) out += ',';
    const char* end = std::to_chars(digits.data(), digits.data() + digits.size(), ascending[i]).ptr;
    out.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
  }
}

std::size_t BucketTerms::slot_of(std::string_view term, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const std::int32_t at = slots_[i];
    if (at < 0) return i;
    const Term& t = terms_[static_cast<std::size_t>(at)];
    if (t.hash == hash && text_of(t) == term) return i;
  }
}

void BucketTerms::grow() {
  slots_.assign(slots_.empty() ? 4096 : slots_.size() * 2, -1);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t k = 0; k < terms_.size(); ++k) {
    std::size_t i = terms_[k].hash & mask;
    while (slots_[i] >= 0) i = (i + 1) & mask;
    slots_[i] = static_cast<std::int32_t>(k);
  }
}

void BucketTerms::add(std::string_view term, std::uint16_t offset) {
  if ((terms_.size() + 1) * 2 > slots_.size()) grow();
  if (links_.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()) ||
      text_.size() + term.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("a bucket of the search index outgrew its arena");
  }
  const std::uint64_t hash = std::hash<std::string_view>{}(term);
  const std::size_t slot = slot_of(term, hash);
  if (slots_[slot] < 0) {
    slots_[slot] = static_cast<std::int32_t>(terms_.size());
    terms_.push_back({static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(term.size()), hash, -1, -1});
    text_.append(term);
  }
  Term& t = terms_[static_cast<std::size_t>(slots_[slot])];
  const auto link = static_cast<std::int32_t>(links_.size());
  links_.push_back({offset, -1});
  if (t.last < 0) {
    t.first = link;
  } else {
    links_[static_cast<std::size_t>(t.last)].next = link;
  }
  t.last = link;
}

void BucketTerms::remove(std::string_view term, std::uint16_t offset) {
  if (slots_.empty()) return;
  const std::int32_t at = slots_[slot_of(term, std::hash<std::string_view>{}(term))];
  if (at < 0) return;
  for (std::int32_t l = terms_[static_cast<std::size_t>(at)].first; l >= 0; l = links_[static_cast<std::size_t>(l)].next) {
    Link& link = links_[static_cast<std::size_t>(l)];
    if (link.offset == offset) link.offset = k_removed;
  }
}

namespace {

// A term to sort: its first eight bytes as a number (zero-padded, big-endian), so that most
// comparisons are one integer comparison, and the bytes themselves where those are equal. The
// order is the bytes' order: a shorter term that is a prefix pads with zeros, which sort first.
struct SortKey {
  std::uint64_t head = 0;
  std::string_view term;
  std::int32_t first;

  SortKey(std::string_view t, std::int32_t chain) : term(t), first(chain) {
    for (std::size_t i = 0; i < 8; ++i) {
      head = (head << 8U) | (i < t.size() ? static_cast<unsigned char>(t[i]) : 0U);
    }
  }
  static bool before(const SortKey& a, const SortKey& b) { return a.head != b.head ? a.head < b.head : a.term < b.term; }
};

}  // namespace

std::vector<BucketTerms::Row> BucketTerms::rows() const {
  std::vector<SortKey> order;
  order.reserve(terms_.size());
  for (const Term& t : terms_) order.emplace_back(text_of(t), t.first);
  std::ranges::sort(order, SortKey::before);
  std::vector<Row> out;
  out.reserve(order.size());
  std::vector<std::uint16_t> offsets;
  for (const SortKey& key : order) {
    offsets.clear();
    for (std::int32_t l = key.first; l >= 0; l = links_[static_cast<std::size_t>(l)].next) {
      const std::uint16_t o = links_[static_cast<std::size_t>(l)].offset;
      if (o != k_removed) offsets.push_back(o);
    }
    if (offsets.empty()) continue;
    // Added in the order of the positions, so already ascending unless an update re-added one.
    if (!std::ranges::is_sorted(offsets)) std::ranges::sort(offsets);
    Row row{std::string(key.term), {}};
    append_members(row.members, offsets);
    out.push_back(std::move(row));
  }
  return out;
}

void BucketTerms::clear() {
  text_.clear();
  terms_.clear();
  links_.clear();
  std::ranges::fill(slots_, -1);
}

}  // namespace gdpr::store
