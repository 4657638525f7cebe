// The step protocol (lib/gdpr/workflow/steps.hpp) is handed the request its caller loaded: an
// approval with N linked systems loads the request a fixed number of times, not once or twice
// per system, and the claims read only the steps again.
#include <doctest/doctest.h>

#include "../helpers.hpp"

using namespace gdpr;
using test::World;

namespace {

// A store that passes every call on to another and counts the reads of whole requests and of
// their steps.
class CountingStore final : public Store {
 public:
  explicit CountingStore(Store& inner) : inner_(inner) {}
  int request_loads = 0;
  int step_reads = 0;

  std::unique_ptr<Transaction> begin_write() override { return inner_.begin_write(); }
  std::unique_ptr<Transaction> begin_read() override { return inner_.begin_read(); }
  std::string secret() override { return inner_.secret(); }
  std::string email_fingerprint(std::string_view e) override { return inner_.email_fingerprint(e); }
  std::optional<std::string> policy_text() override { return inner_.policy_text(); }
  void put_policy(std::string_view text) override { inner_.put_policy(text); }
  std::optional<Contact> find_contact(std::string_view id) override { return inner_.find_contact(id); }
  std::optional<std::string> find_erased_by_fingerprint(std::string_view fp) override {
    return inner_.find_erased_by_fingerprint(fp);
  }
  void insert_contact(const Contact& c) override { inner_.insert_contact(c); }
  std::vector<std::optional<Contact>> find_contacts(const std::vector<std::string>& ids) override {
    return inner_.find_contacts(ids);
  }
  std::vector<std::optional<std::string>> tombstones_of(const std::vector<std::string>& emails) override {
    return inner_.tombstones_of(emails);
  }
  std::vector<std::int64_t> insert_contacts_if_absent(const std::vector<Contact>& c,
                                                      const std::vector<std::vector<std::string>>& terms) override {
    return inner_.insert_contacts_if_absent(c, terms);
  }
  bool has_fingerprints() override { return inner_.has_fingerprints(); }
  void update_contact(const Contact& c) override { inner_.update_contact(c); }
  std::vector<std::string> contact_ids_with_prefix(std::string_view prefix, std::int64_t limit) override {
    return inner_.contact_ids_with_prefix(prefix, limit);
  }
  void for_each_contact(const ContactFilter& f, const std::function<void(const Contact&)>& visit) override {
    inner_.for_each_contact(f, visit);
  }
  std::vector<std::string> property_names(const ContactFilter& f) override { return inner_.property_names(f); }
  std::vector<std::int64_t> term_matches(const std::vector<std::string>& prefixes, std::int64_t cap) override {
    return inner_.term_matches(prefixes, cap);
  }
  std::optional<Contact> find_contact_at(std::int64_t position) override { return inner_.find_contact_at(position); }
  void defer_terms() override { inner_.defer_terms(); }
  void finish_terms() override { inner_.finish_terms(); }
  void discard_terms() noexcept override { inner_.discard_terms(); }
  std::int64_t insert_request(const Request& r) override { return inner_.insert_request(r); }
  std::optional<Request> find_request(std::int64_t id) override {
    ++request_loads;
    return inner_.find_request(id);
  }
  std::optional<std::int64_t> open_request_for(std::string_view id) override { return inner_.open_request_for(id); }
  void update_request(const Request& r) override { inner_.update_request(r); }
  void add_approval(std::int64_t id, const Approval& a) override { inner_.add_approval(id, a); }
  void add_comment(std::int64_t id, const Comment& c) override { inner_.add_comment(id, c); }
  void put_step(std::int64_t id, const Step& s) override { inner_.put_step(id, s); }
  std::vector<Step> steps_of(std::int64_t id) override {
    ++step_reads;
    return inner_.steps_of(id);
  }
  std::vector<Request> list_requests(const RequestFilter& f) override { return inner_.list_requests(f); }
  void blank_out_texts(std::string_view id, const std::function<std::string(const std::string&)>& scrub) override {
    inner_.blank_out_texts(id, scrub);
  }
  std::vector<std::int64_t> requests_with_unfinished_steps() override { return inner_.requests_with_unfinished_steps(); }
  std::optional<AuditEvent> audit_head() override { return inner_.audit_head(); }
  void append_audit(const AuditEvent& e) override { inner_.append_audit(e); }
  void for_each_audit(const AuditFilter& f, const std::function<void(const AuditEvent&)>& visit) override {
    inner_.for_each_audit(f, visit);
  }
  std::vector<std::string> audit_protection_warnings() override { return inner_.audit_protection_warnings(); }
  std::int64_t runner_id() override { return inner_.runner_id(); }
  bool runner_alive(std::int64_t runner) override { return inner_.runner_alive(runner); }
  bool scrub() override { return inner_.scrub(); }
  std::string scrub_note() const override { return inner_.scrub_note(); }
  std::string location() const override { return inner_.location(); }

 private:
  Store& inner_;
};

SystemConfig linked(const std::string& name) {
  SystemConfig s;
  s.name = name;
  s.hold = "hold " + name;
  s.erase = "erase " + name;
  return s;
}

// Approves request `id` of `w` as bob through a counting store; returns {request loads, step reads}.
std::pair<int, int> counted_approval(World& w, std::int64_t id) {
  CountingStore counting(*w.store);
  Service bob(counting, w.config, w.clock, "bob", w.hooks);
  const DecisionResult result = bob.approve(id, "", test::yes());
  REQUIRE(result.erased);
  REQUIRE(result.failed.empty());
  return {counting.request_loads, counting.step_reads};
}

}  // namespace

TEST_SUITE("workflow.steps") {
  TEST_CASE("an approval loads its request as often with 1 linked system as with 8") {
    std::vector<std::pair<int, int>> counts;
    for (const int n : {1, 8}) {
      World w{test::Where::memory};
      for (int i = 0; i < n; ++i) w.config.systems.push_back(linked("system-" + std::to_string(i)));
      w.contact("c-1");
      const auto id = w.request("c-1");
      counts.push_back(counted_approval(w, id));
      CHECK(w.hooks.calls.size() == static_cast<std::size_t>(2 * n));  // each system: hold, then erase
    }
    CAPTURE(counts[0].first);
    CAPTURE(counts[1].first);
    CHECK(counts[0].first == counts[1].first);
    CHECK(counts[1].first <= 4);  // checked, then decided under the lock, finished, shown
    CHECK(counts[0].second == 1);  // the claim of each step reads the steps again, nothing more
    CHECK(counts[1].second == 8);
  }

  TEST_CASE("without linked systems approval and erasure load the request three times") {
    World w{test::Where::memory};
    w.contact("c-1");
    const auto id = w.request("c-1");
    CHECK(counted_approval(w, id) == std::pair(3, 0));
  }
}
