// The search index's rows of one bucket, gathered in memory while an import adds its contacts
// (docs/ARCHITECTURE.md, "Search"): each distinct term once in one text arena, found through an
// open-addressing table, and the offsets of its contacts chained in one array. Nothing is
// allocated per term or per contact; clear() keeps the capacity for the next bucket.
// (A hash map of strings to vectors was a fifth of an import's writing thread: docs/performance.md.)
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gdpr::store {

// A row's members as the index stores them: the offsets of its contacts in the bucket, ascending,
// comma-separated ("3,57,8000"). The one reader and the one writer of that form.
[[nodiscard]] std::vector<std::uint16_t> parse_members(std::string_view text);
// Appends `ascending` to `out` in that form; a repeated offset is written once.
void append_members(std::string& out, std::span<const std::uint16_t> ascending);

class BucketTerms {
 public:
  // A row to write: the term and its contacts' offsets as the index stores them, ascending,
  // once each, comma-separated ("3,17,8190"). Both are bound to a statement without a copy, so
  // they are strings; a term is short enough that it rarely needs memory of its own.
  struct Row {
    std::string term;
    std::string members;
  };

  // The contact at `offset` of the bucket has `term`.
  void add(std::string_view term, std::uint16_t offset);
  // It no longer has it (an update in the same import); nothing if it was not there.
  void remove(std::string_view term, std::uint16_t offset);
  // The rows in term order (byte order, as the index's key), terms left without contacts omitted.
  [[nodiscard]] std::vector<Row> rows() const;
  [[nodiscard]] bool empty() const { return terms_.empty(); }
  void clear();

 private:
  struct Term {
    std::uint32_t at;     // in text_
    std::uint32_t size;
    std::uint64_t hash;
    std::int32_t first;   // in links_, -1: none
    std::int32_t last;
  };
  struct Link {
    std::uint16_t offset;  // k_removed: taken out again
    std::int32_t next;
  };
  static constexpr std::uint16_t k_removed = 0xFFFF;

  [[nodiscard]] std::string_view text_of(const Term& t) const { return {text_.data() + t.at, t.size}; }
  // The slot of `term` in slots_: its Term's index there, or the empty slot (-1) where it belongs.
  [[nodiscard]] std::size_t slot_of(std::string_view term, std::uint64_t hash) const;
  void grow();

  std::string text_;
  std::vector<Term> terms_;
  std::vector<Link> links_;
  std::vector<std::int32_t> slots_;  // a power of two, at most half full
};

}  // namespace gdpr::store
