// Shared fixtures for the unit tests: a temporary folder, a fixed clock, a
// scripted hook runner, and a service on a fresh database.
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "gdpr/config.hpp"
#include "gdpr/dates.hpp"
#include "gdpr/error.hpp"
#include "gdpr/hooks.hpp"
#include "gdpr/service.hpp"
#include "gdpr/store/sqlite_store.hpp"

namespace gdpr::test {

// A folder removed when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "gdpr-unit-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Records every invocation; fails the systems named in `failing`.
class FakeHooks final : public HookRunner {
 public:
  std::vector<HookInvocation> calls;
  std::vector<std::string> failing;
  HookOutcome run(const HookInvocation& inv) override {
    calls.push_back(inv);
    std::string system;
    for (const auto& [k, v] : inv.env) {
      if (k == "GDPR_SYSTEM") system = v;
    }
    HookOutcome out;
    out.ok = std::find(failing.begin(), failing.end(), system) == failing.end();
    out.exit_code = out.ok ? 0 : 1;
    return out;
  }
};

// 2026-11-29 12:00 UTC, local date 2026-11-29.
inline FixedClock fixed_clock() {
  return FixedClock(std::chrono::system_clock::time_point(std::chrono::seconds(1795953600)), Date{2026, 11, 29});
}

// A configuration with reviewers bob, carol and dave.
inline Config reviewer_config() {
  Config c;
  c.reviewers = {"bob", "carol", "dave"};
  c.assignee = "bob";
  return c;
}

// Where a World keeps its database: a file in a temporary folder, or in memory (SQLite's
// ":memory:", for tests that look at no file).
enum class Where { file, memory };

// A fresh database with one service per actor.
struct World {
  TempDir dir;
  Config config = reviewer_config();
  FixedClock clock = fixed_clock();
  FakeHooks hooks;
  std::unique_ptr<SqliteStore> store;

  explicit World(Where where = Where::file) {
    if (where == Where::memory) {
      store = SqliteStore::in_memory();
      return;
    }
    InitOutcome outcome{};
    store = SqliteStore::init(dir.file("test.db"), 0600, 5, outcome);
  }
  Service as(const std::string& actor) { return Service(*store, config, clock, actor, hooks); }

  // Adds contact `id` with a name and an e-mail (as alice).
  void contact(const std::string& id, const std::string& email = "max@example.com") {
    as("alice").add_contact(id, {{"name", "Max Müller"}, {"email", email}}, Readmit::no);
  }
  // Files a request for `id` as `requester`; returns its id.
  std::int64_t request(const std::string& id, const std::string& requester = "alice") {
    NewRequest r;
    r.contact_id = id;
    r.reason = "Customer asked in writing to erase all data";
    r.clarified = Clarified::yes;
    return as(requester).file_request(r).request.id;
  }
};

// Request 7 for contact c-1, pending, filed by `requester` (for the rules' tests).
inline Request pending_by(const std::string& requester) {
  Request r;
  r.id = 7;
  r.contact_id = "c-1";
  r.state = RequestState::pending;
  r.requested_by = requester;
  return r;
}

// A confirmation that always says yes.
inline Confirm yes() {
  return [](const ErasurePreview&) { return true; };
}

}  // namespace gdpr::test

// Checks that `expr` throws gdpr::Error of `kind` with exactly `message`.
#define CHECK_GDPR_ERROR(expr, kind_, message_)                           \
  do {                                                                    \
    try {                                                                 \
      (void)(expr);                                                       \
      FAIL("no error thrown by " #expr);                                  \
    } catch (const ::gdpr::Error& e_) {                                   \
      CHECK(e_.kind() == (kind_));                                        \
      CHECK(std::string(e_.what()) == std::string(message_));             \
    }                                                                     \
  } while (false)

// Checks that `expr` throws gdpr::Error of `kind`.
#define CHECK_GDPR_KIND(expr, kind_)                                      \
  do {                                                                    \
    try {                                                                 \
      (void)(expr);                                                       \
      FAIL("no error thrown by " #expr);                                  \
    } catch (const ::gdpr::Error& e_) {                                   \
      CHECK(e_.kind() == (kind_));                                        \
    }                                                                     \
  } while (false)
