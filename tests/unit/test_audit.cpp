#include <doctest/doctest.h>

#include "gdpr/audit.hpp"
#include "gdpr/crypto.hpp"
#include "helpers.hpp"

using namespace gdpr;

namespace {

std::vector<AuditEvent> make_chain(int n) {
  std::vector<AuditEvent> events;
  std::optional<AuditEvent> head;
  for (int i = 0; i < n; ++i) {
    AuditEvent e;
    e.at = "2026-11-29T12:00:00Z";
    e.actor = "alice";
    e.action = "request.created";
    e.request_id = i + 1;
    e.contact_id = "c-" + std::to_string(i);
    e.details = {{"due_on", "2026-12-29"}, {"assignee", "bob"}};
    audit::chain(e, head);
    head = e;
    events.push_back(e);
  }
  return events;
}

audit::VerifyResult verify(const std::vector<AuditEvent>& events) {
  audit::Verifier v;
  for (const auto& e : events) v.add(e);
  return v.result();
}

}  // namespace

TEST_SUITE("audit") {
  TEST_CASE("crypto") {
    CHECK(crypto::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // one reused digest context: each call starts afresh
    CHECK(crypto::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(crypto::sha256_hex(std::string(1000, 'a')) ==
          "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
    CHECK(crypto::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(crypto::hmac_sha256_hex("key", "The quick brown fox jumps over the lazy dog") ==
          "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    CHECK(crypto::random_hex(32).size() == 64);
    CHECK(crypto::random_hex(16) != crypto::random_hex(16));
  }

  TEST_CASE("crypto: HmacSha256 gives hmac_sha256_hex's digests, message after message") {
    // RFC 4231 test case 2, then keys of a block (the secret's 64 hex digits) and longer (hashed)
    const crypto::HmacSha256 jefe("Jefe");
    CHECK(jefe.hex("what do ya want for nothing?") == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(jefe.hex("what do ya want for nothing?") == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    for (const std::string key : {std::string(64, 'k'), std::string(65, 'k'), std::string(200, 'x'), std::string()}) {
      const crypto::HmacSha256 mac(key);
      for (const std::string message : {std::string(), std::string("max@example.com"), std::string(55, 'm'),
                                        std::string(56, 'm'), std::string(64, 'm'), std::string(1000, 'm')}) {
        CAPTURE(key.size());
        CAPTURE(message.size());
        CHECK(mac.hex(message) == crypto::hmac_sha256_hex(key, message));
      }
    }
  }

  TEST_CASE("canonical") {
    AuditEvent e;
    e.seq = 3;
    e.at = "2026-11-29T12:00:00Z";
    e.actor = "bob";
    e.action = "request.approved";
    e.request_id = 1;
    e.details = {{"required", 1}, {"approvals", 1}, {"note", "Grüße"}};
    e.prev_hash = "p";
    e.hash = "h";
    CHECK(audit::canonical(e) ==
          R"({"action":"request.approved","actor":"bob","at":"2026-11-29T12:00:00Z","contact_id":null,)"
          R"("details":{"approvals":1,"note":"Grüße","required":1},"request_id":1,"seq":3})");
    CHECK(audit::compute_hash(e) == crypto::sha256_hex("p\n" + audit::canonical(e)));
  }

  TEST_CASE("canonical is what nlohmann::json::dump gives") {
    for (const auto& e : make_chain(3)) {
      nlohmann::json j = {{"seq", e.seq},       {"at", e.at},
                          {"actor", e.actor},   {"action", e.action},
                          {"request_id", *e.request_id}, {"contact_id", *e.contact_id},
                          {"details", e.details}};
      CHECK(audit::canonical(e) == j.dump());
    }
    AuditEvent odd;
    odd.seq = 9;
    odd.at = "2026-11-29T12:00:00Z";
    odd.actor = "bö\"b\n";
    odd.action = "sheet.printed";
    odd.details = {{"x", "\x01"}};
    nlohmann::json j = {{"seq", 9}, {"at", odd.at}, {"actor", odd.actor}, {"action", odd.action},
                        {"request_id", nullptr}, {"contact_id", nullptr}, {"details", odd.details}};
    CHECK(audit::canonical(odd) == j.dump());
  }

  TEST_CASE("chain") {
    const auto events = make_chain(3);
    CHECK(events[0].seq == 1);
    CHECK(events[0].prev_hash == audit::k_genesis_hash);
    CHECK(events[1].prev_hash == events[0].hash);
    CHECK(events[2].seq == 3);
    const auto v = verify(events);
    CHECK(v.ok);
    CHECK(v.events == 3);
    CHECK(v.head == events[2].hash);
    CHECK(!v.first_bad_seq);
  }

  TEST_CASE("Verifier detects tampering") {
    auto events = make_chain(5);
    SUBCASE("a changed field") {
      events[2].actor = "mallory";
      const auto v = verify(events);
      CHECK(!v.ok);
      CHECK(v.first_bad_seq == 3);
      CHECK(v.problem == "hash does not match the event's content (the event was changed)");
      CHECK(v.events == 5);
    }
    SUBCASE("changed details, as stored") {
      events[1].details_text = R"({"assignee":"mallory","due_on":"2026-12-29"})";
      CHECK(verify(events).first_bad_seq == 2);
    }
    SUBCASE("details that are no longer JSON") {
      events[3].details_text = "{broken";
      CHECK(verify(events).first_bad_seq == 4);
      CHECK(audit::details_of(events[3]) == "{broken");
    }
    SUBCASE("a removed event") {
      events.erase(events.begin() + 3);
      const auto v = verify(events);
      CHECK(v.first_bad_seq == 5);
      CHECK(v.problem == "sequence number 5 where 4 was expected (an event was removed or inserted)");
    }
    SUBCASE("a recomputed hash still breaks the link") {
      events[1].actor = "mallory";
      events[1].hash = audit::compute_hash(events[1]);
      const auto v = verify(events);
      CHECK(v.first_bad_seq == 3);
      CHECK(v.problem == "prev_hash does not match the hash of the event before it");
    }
    SUBCASE("the last event removed is not detectable by the chain alone") {
      events.pop_back();
      CHECK(verify(events).ok);  // documented: compare the head with a recorded one
    }
  }
}
