// The search index's rows of one bucket as an import gathers them (lib/gdpr/store/bucket_terms.hpp):
// checked against a plain std::map of sets over random adds and removes, and on its edges.
#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "gdpr/store/bucket_terms.hpp"

using gdpr::store::BucketTerms;

namespace {

std::string members_of(const std::set<std::uint16_t>& offsets) {
  std::string out;
  for (const std::uint16_t o : offsets) {
    if (!out.empty()) out += ',';
    out += std::to_string(o);
  }
  return out;
}

// The rows as (term, members) pairs, owning their terms.
std::vector<std::pair<std::string, std::string>> owned(const std::vector<BucketTerms::Row>& rows) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& row : rows) out.emplace_back(row.term, row.members);
  return out;
}

std::vector<std::pair<std::string, std::string>> expected(const std::map<std::string, std::set<std::uint16_t>>& model) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [term, offsets] : model) {
    if (!offsets.empty()) out.emplace_back(term, members_of(offsets));
  }
  return out;
}

}  // namespace

TEST_SUITE("store.bucket_terms") {
  TEST_CASE("rows in byte order of the term, offsets ascending and once each") {
    BucketTerms b;
    CHECK(b.empty());
    CHECK(b.rows().empty());
    b.add("wien", 7);
    b.add("example", 3);
    b.add("wien", 3);
    b.add("\xc3\xbc", 1);  // a byte above ASCII sorts last, as in the index's key
    b.add("Z", 2);         // upper case before lower case
    b.add("wien", 7);      // a contact updated back to a term it had
    b.add("", 4);          // an empty term is a term like any other here
    CHECK_FALSE(b.empty());
    const std::vector<std::pair<std::string, std::string>> want{
        {"", "4"}, {"Z", "2"}, {"example", "3"}, {"wien", "3,7"}, {"\xc3\xbc", "1"}};
    CHECK(owned(b.rows()) == want);
  }

  TEST_CASE("remove takes one contact out of one term; a term left empty is not a row") {
    BucketTerms b;
    b.add("graz", 1);
    b.add("graz", 2);
    b.add("kunde1", 1);
    b.remove("graz", 1);
    b.remove("kunde1", 1);
    b.remove("nowhere", 1);  // not there: nothing
    b.remove("graz", 9);     // not a member: nothing
    CHECK(owned(b.rows()) == std::vector<std::pair<std::string, std::string>>{{"graz", "2"}});
    b.add("kunde1", 1);  // added again after its removal
    CHECK(owned(b.rows()) == std::vector<std::pair<std::string, std::string>>{{"graz", "2"}, {"kunde1", "1"}});
  }

  TEST_CASE("remove on an empty collector, and clear keeps nothing of the bucket before") {
    BucketTerms b;
    b.remove("x", 0);
    CHECK(b.empty());
    b.add("alt", 5);
    b.clear();
    CHECK(b.empty());
    CHECK(b.rows().empty());
    b.add("neu", 6);
    CHECK(owned(b.rows()) == std::vector<std::pair<std::string, std::string>>{{"neu", "6"}});
  }

  TEST_CASE("the members text: written ascending, a repeat once; read back; separators of any kind") {
    std::string text;
    const std::vector<std::uint16_t> offsets{0, 3, 3, 57, 8191};
    gdpr::store::append_members(text, offsets);
    CHECK(text == "0,3,57,8191");
    CHECK(gdpr::store::parse_members(text) == std::vector<std::uint16_t>{0, 3, 57, 8191});
    std::string none;
    gdpr::store::append_members(none, {});
    CHECK(none.empty());
    CHECK(gdpr::store::parse_members("").empty());
    CHECK(gdpr::store::parse_members("12, 7;x9") == std::vector<std::uint16_t>{12, 7, 9});
  }

  TEST_CASE("the largest offset of a bucket") {
    BucketTerms b;
    b.add("last", 8191);
    b.add("last", 0);
    CHECK(owned(b.rows()) == std::vector<std::pair<std::string, std::string>>{{"last", "0,8191"}});
  }

  TEST_CASE("random buckets against a map of sets, reused bucket after bucket") {
    std::mt19937 rng(20261207);
    BucketTerms b;
    for (int bucket = 0; bucket < 6; ++bucket) {
      std::map<std::string, std::set<std::uint16_t>> model;
      // Many rare terms and a few common ones, enough to make the table grow several times.
      const int contacts = bucket == 0 ? 50 : 8192;
      for (int c = 0; c < contacts; ++c) {
        const auto offset = static_cast<std::uint16_t>(c);
        const int words = 1 + static_cast<int>(rng() % 8);
        for (int w = 0; w < words; ++w) {
          const std::uint32_t pick = rng() % 100;
          const std::string term = pick < 40 ? "common" + std::to_string(pick % 7)
                                             : "rare" + std::to_string(rng() % 30000) + std::string(rng() % 3, 'x');
          b.add(term, offset);
          model[term].insert(offset);
        }
        if (c > 0 && rng() % 10 == 0) {  // an update takes a term of an earlier contact out
          const auto earlier = static_cast<std::uint16_t>(rng() % static_cast<std::uint32_t>(c));
          const std::string term = "common" + std::to_string(rng() % 7);
          b.remove(term, earlier);
          if (auto it = model.find(term); it != model.end()) it->second.erase(earlier);
        }
      }
      CAPTURE(bucket);
      CHECK(owned(b.rows()) == expected(model));
      b.clear();
    }
  }
}
