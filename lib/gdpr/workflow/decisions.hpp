// The decisions on a request (SPEC §4, §5): approve (the last approval erases), reject or
// withdraw, and retry what a decision left unfinished. Each decides, then hands the request it
// loaded to Steps.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gdpr/model.hpp"
#include "gdpr/workflow/context.hpp"
#include "gdpr/workflow/steps.hpp"

namespace gdpr {

// Should a rejection also lift the all-mail block?
enum class LiftBlock { no, yes };

// What the reviewer confirms before the approval that erases.
struct ErasurePreview {
  Contact contact;
  Request request;
  std::vector<std::string> systems;  // linked systems the contact will be erased from
};

// Asked before the erasing approval; returns true to go ahead.
using Confirm = std::function<bool(const ErasurePreview&)>;

}  // namespace gdpr

namespace gdpr::workflow {

class Decisions {
 public:
  Decisions(const Context& context, const Steps& steps) : ctx_(context), steps_(steps) {}

  // Approves; the last needed approval asks `confirm` (null: refuse, --yes is needed) and erases;
  // `letter` (if set) gets the confirmation letter just before the local erasure.
  DecisionResult approve(std::int64_t id, const std::string& comment, const Confirm& confirm,
                         const LetterSink& letter = {}) const;
  // Rejects (reviewer) or withdraws (requester) a pending request; with `retain_until` (a date,
  // --retain-until) the contact stays restricted for a retention duty until then (SPEC §10).
  DecisionResult reject(std::int64_t id, const std::string& reason, LiftBlock lift_block,
                        const std::optional<std::string>& retain_until = std::nullopt) const;
  // Reruns unfinished steps of one request (or of all when nullopt) and finishes erasures.
  std::vector<DecisionResult> retry(std::optional<std::int64_t> id) const;

 private:
  // Before the write lock: the checks, and the confirmation when this approval erases. Returns
  // the result of resuming instead when the request was approved already.
  std::optional<DecisionResult> check_approval(std::int64_t id, const std::string& comment, const Confirm& confirm,
                                               const LetterSink& letter) const;
  // After the commit of the approval that completed it: erase in the linked systems and finish.
  void erase(const Request& request, bool steps_planned, DecisionResult& result, const LetterSink& letter) const;
  // Whether the sheet of request `id` was printed (review.require_sheet).
  [[nodiscard]] bool sheet_printed(std::int64_t id) const;

  const Context& ctx_;
  const Steps& steps_;
};

}  // namespace gdpr::workflow
