// The reading side of an import on its own thread (lib/gdpr/workflow/import_feed.cpp): batches in
// the order of the rows, each row's search terms with it, an error after the batches before it,
// and a feed given up early stops its thread.
#include <atomic>
#include <stdexcept>
#include <string>

#include <doctest/doctest.h>

#include "gdpr/search.hpp"
#include "gdpr/workflow/import_feed.hpp"

using namespace gdpr;
using workflow::RowBatch;
using workflow::RowFeed;

namespace {

// Rows K-1 .. K-n; row `bad` (if any) throws.
RowFeed::Read rows(std::size_t n, std::size_t bad = 0, std::atomic<std::size_t>* read = nullptr) {
  auto next = std::make_shared<std::size_t>(0);
  return [=](Contact& c, std::size_t& line) {
    if (*next == n) return false;
    const std::size_t i = ++*next;
    if (read != nullptr) ++*read;
    if (i == bad) throw std::runtime_error("line " + std::to_string(i + 1) + ": bad");
    c.id = "K-" + std::to_string(i);
    c.properties = {{"Name", "Jürgen Groß " + std::to_string(i)}};
    line = i + 1;
    return true;
  };
}

}  // namespace

TEST_SUITE("import feed") {
  TEST_CASE("batches come in the order of the rows, with lines and search terms, then an empty one") {
    RowFeed feed(rows(2500), 1000);
    std::size_t seen = 0;
    for (RowBatch b = feed.next(); !b.contacts.empty(); b = feed.next()) {
      REQUIRE(b.contacts.size() == (seen < 2000 ? 1000 : 500));
      REQUIRE(b.lines.size() == b.contacts.size());
      REQUIRE(b.terms.size() == b.contacts.size());
      for (std::size_t k = 0; k < b.contacts.size(); ++k) {
        ++seen;
        REQUIRE(b.contacts[k].id == "K-" + std::to_string(seen));
        REQUIRE(b.lines[k] == seen + 1);
        REQUIRE(b.terms[k] == search::terms_of(b.contacts[k]));
      }
    }
    CHECK(seen == 2500);
    CHECK(feed.next().contacts.empty());  // and stays at the end
  }

  TEST_CASE("an empty input is one empty batch") {
    RowFeed feed(rows(0), 1000);
    CHECK(feed.next().contacts.empty());
  }

  TEST_CASE("a row that throws: the batches before it first, then its error, and its own batch is not given") {
    RowFeed feed(rows(2500, 1500), 1000);
    CHECK(feed.next().contacts.size() == 1000);
    CHECK_THROWS_WITH_AS(feed.next(), "line 1501: bad", std::runtime_error);
  }

  TEST_CASE("a feed given up after its first batch reads a bounded number of rows and stops") {
    std::atomic<std::size_t> read{0};
    {
      RowFeed feed(rows(1'000'000, 0, &read), 100);
      CHECK(feed.next().contacts.size() == 100);
    }  // the destructor stops and joins the thread
    CHECK(read.load() <= 100 * 5);
  }
}
