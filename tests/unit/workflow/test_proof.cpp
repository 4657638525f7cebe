// The proof of an erasure (SPEC §13): proof_of() pairs each linked system's erase step with its
// probe; the JSON of an erased request carries it as `proof`, the printed erasure record in words.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "gdpr/json.hpp"
#include "gdpr/local_time.hpp"
#include "gdpr/model.hpp"
#include "gdpr/sheet.hpp"
#include "../helpers.hpp"

using namespace gdpr;

namespace {

Step step(const std::string& system, StepAction action, StepState state, const std::string& at) {
  Step s;
  s.system = system;
  s.action = action;
  s.state = state;
  s.attempts = 1;
  s.updated_at = at;
  return s;
}

// Request 3 for K-1, erased: crm erased and proven gone, shop erased without a probe, and the
// hold steps that do not belong to the proof.
Request erased_request() {
  Request r;
  r.id = 3;
  r.contact_id = "K-1";
  r.state = RequestState::erased;
  r.reason = "Customer asked by letter";
  r.requested_by = "alice";
  r.requested_at = "2026-11-29T12:00:00Z";
  r.received_on = Date{2026, 11, 20};
  r.due_on = Date{2026, 12, 20};
  r.decided_by = "bob";
  r.decided_at = "2026-11-30T09:00:00Z";
  r.erased_at = "2026-11-30T09:05:00Z";
  r.steps = {step("crm", StepAction::hold, StepState::done, "2026-11-29T12:00:01Z"),
             step("crm", StepAction::erase, StepState::done, "2026-11-30T09:01:00Z"),
             step("crm", StepAction::verify, StepState::done, "2026-11-30T09:02:00Z"),
             step("shop", StepAction::erase, StepState::done, "2026-11-30T09:03:00Z")};
  return r;
}

}  // namespace

TEST_SUITE("proof") {
  TEST_CASE("proof_of") {
    Request r = erased_request();
    SUBCASE("one line per erase step, in the order of the steps, verified where the probe is done") {
      const auto proof = proof_of(r);
      REQUIRE(proof.size() == 2);
      CHECK(proof[0].system == "crm");
      CHECK(proof[0].erased_at == "2026-11-30T09:01:00Z");
      CHECK(proof[0].verified);
      CHECK(proof[0].verified_at == "2026-11-30T09:02:00Z");
      CHECK(proof[1].system == "shop");
      CHECK(proof[1].erased_at == "2026-11-30T09:03:00Z");
      CHECK_FALSE(proof[1].verified);
      CHECK(proof[1].verified_at.empty());
    }
    SUBCASE("a probe that failed or is still pending proves nothing") {
      r.steps[2].state = StepState::failed;
      CHECK_FALSE(proof_of(r).at(0).verified);
      CHECK(proof_of(r).at(0).verified_at.empty());
      r.steps[2].state = StepState::pending;
      CHECK_FALSE(proof_of(r).at(0).verified);
    }
    SUBCASE("an erase step not done has no erased_at") {
      r.steps[3].state = StepState::failed;
      CHECK(proof_of(r).at(1).erased_at.empty());
    }
    SUBCASE("another system's probe does not count") {
      r.steps[2].system = "shop";
      const auto proof = proof_of(r);
      CHECK_FALSE(proof.at(0).verified);
      CHECK(proof.at(1).verified);
    }
    SUBCASE("no linked system: no line") {
      r.steps.clear();
      CHECK(proof_of(r).empty());
    }
  }

  TEST_CASE("json::request: proof of an erased request") {
    Request r = erased_request();
    const auto j = json::request(r);
    REQUIRE(j.contains("proof"));
    const nlohmann::json expected = nlohmann::json::parse(R"([
      {"system": "crm", "erased_at": "2026-11-30T09:01:00Z", "verified": "gone", "verified_at": "2026-11-30T09:02:00Z"},
      {"system": "shop", "erased_at": "2026-11-30T09:03:00Z", "verified": "unchecked", "verified_at": null}])");
    CHECK(nlohmann::json(j.at("proof")) == expected);
    SUBCASE("an erased request without linked systems has an empty proof") {
      r.steps.clear();
      const auto proof = json::request(r).at("proof");
      CHECK(proof.is_array());
      CHECK(proof.empty());
    }
    SUBCASE("a request that is not erased has none") {
      r.state = RequestState::approved;
      CHECK_FALSE(json::request(r).contains("proof"));
    }
  }

  TEST_CASE("render_sheet: the erasure record shows the proof per system") {
    ErasureRecord e;
    e.organization = "Muster GmbH";
    e.contact_id = "K-1";
    e.request = erased_request();
    e.deadline_met = true;
    e.printed_by = "bob";
    e.printed_at = "2026-12-01T08:00:00Z";
    const std::string out = render_sheet(e, SheetFormat::text);
    CAPTURE(out);
    CHECK(out.find("crm: erased " + local_time("2026-11-30T09:01:00Z") + "; verified: gone " +
                   local_time("2026-11-30T09:02:00Z")) != std::string::npos);
    CHECK(out.find("shop: erased " + local_time("2026-11-30T09:03:00Z") + "; not verified") != std::string::npos);
    CHECK(out.find("hold") == std::string::npos);  // the hold steps are no part of the proof
    SUBCASE("an erase step not done shows its state") {
      e.request.steps[3].state = StepState::failed;
      const std::string failed = render_sheet(e, SheetFormat::text);
      CAPTURE(failed);
      CHECK(failed.find("shop: failed on " + local_time("2026-11-30T09:03:00Z")) != std::string::npos);
      CHECK(failed.find("shop: erased") == std::string::npos);
    }
    SUBCASE("the other formats carry it too") {
      CHECK(render_sheet(e, SheetFormat::markdown).find("; verified: gone ") != std::string::npos);
      CHECK(render_sheet(e, SheetFormat::html).find("; not verified") != std::string::npos);
      const auto j = nlohmann::json::parse(render_sheet(e, SheetFormat::json));
      CHECK(j.at("request").at("proof").at(0).at("verified") == "gone");
      CHECK(j.at("request").at("proof").at(1).at("verified") == "unchecked");
    }
  }
}
