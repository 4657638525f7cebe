#include "gdpr/workflow/import_feed.hpp"

#include <utility>

#include "gdpr/search.hpp"

namespace gdpr::workflow {

namespace {

// Batches read ahead and not yet taken: two keep both threads busy, and an import's memory flat.
constexpr std::size_t k_ahead = 2;

}  // namespace

RowFeed::RowFeed(Read read, std::size_t batch_rows)
    : read_(std::move(read)), batch_rows_(batch_rows), thread_([this] { run(); }) {}

RowFeed::~RowFeed() { stop(); }

void RowFeed::stop() noexcept {
  {
    const std::scoped_lock lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RowFeed::run() noexcept {
  try {
    for (;;) {
      RowBatch batch;
      batch.contacts.reserve(batch_rows_);
      batch.lines.reserve(batch_rows_);
      batch.terms.reserve(batch_rows_);
      Contact contact;
      std::size_t line = 0;
      while (batch.contacts.size() < batch_rows_ && read_(contact, line)) {
        batch.terms.push_back(search::terms_of(contact));
        batch.contacts.push_back(std::move(contact));
        batch.lines.push_back(line);
        contact = Contact{};
      }
      const bool last = batch.contacts.size() < batch_rows_;
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return ready_.size() < k_ahead || stopping_; });
      if (stopping_) return;
      if (!batch.contacts.empty()) ready_.push_back(std::move(batch));
      if (last) {
        done_ = true;
        lock.unlock();
        changed_.notify_all();
        return;
      }
      lock.unlock();
      changed_.notify_all();
    }
  } catch (...) {
    {
      const std::scoped_lock lock(mutex_);
      error_ = std::current_exception();
      done_ = true;
    }
    changed_.notify_all();
  }
}

RowBatch RowFeed::next() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !ready_.empty() || done_; });
  if (!ready_.empty()) {
    RowBatch batch = std::move(ready_.front());
    ready_.pop_front();
    lock.unlock();
    changed_.notify_all();
    return batch;
  }
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  return {};
}

}  // namespace gdpr::workflow
