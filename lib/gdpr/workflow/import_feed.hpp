// The reading side of `gdpr contact import`: the rows read, checked and folded for the search
// index on a thread of its own, a batch or two ahead of the writing (import.cpp), so that the two
// cores of a machine share an import: one reads the CSV, the other writes (SQLite) or waits for
// the server (PostgreSQL).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

#include "gdpr/model.hpp"
#include "gdpr/workflow/import_rows.hpp"

namespace gdpr::workflow {

class RowFeed {
 public:
  // Fills `contact` (id and properties) and `line` with the next row; false at the end. It runs
  // on the feed's thread, and may throw (a malformed line, a bad id): the error comes out of
  // next() after the batches before it.
  using Read = std::function<bool(Contact& contact, std::size_t& line)>;

  RowFeed(Read read, std::size_t batch_rows);
  // Stops the thread, which reads at most the batch it is at, and waits for it.
  ~RowFeed();
  RowFeed(const RowFeed&) = delete;
  RowFeed& operator=(const RowFeed&) = delete;
  RowFeed(RowFeed&&) = delete;
  RowFeed& operator=(RowFeed&&) = delete;

  // The next batch in the order of the rows, empty at the end; rethrows what reading threw.
  [[nodiscard]] RowBatch next();

 private:
  void run() noexcept;
  void stop() noexcept;

  Read read_;
  std::size_t batch_rows_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<RowBatch> ready_;
  std::exception_ptr error_;
  bool done_ = false;
  bool stopping_ = false;
  std::thread thread_;  // started last, when everything it uses is there
};

}  // namespace gdpr::workflow
