// The letters to the data subject (SPEC §10): composed from the request, the policy (sender,
// authority) and — while they exist — the contact's name and address; written by `gdpr letter`
// or, for the confirmation, by `approve --letter` just before the contact's data is erased.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "gdpr/letter.hpp"
#include "gdpr/model.hpp"
#include "gdpr/workflow/context.hpp"

namespace gdpr {

// Receives a composed letter to render and write; the letter counts as issued (`letter.issued`)
// only when it returns without throwing.
using LetterSink = std::function<void(const Letter&)>;

}  // namespace gdpr

namespace gdpr::workflow {

// The `kind` letter for `request` and its `contact` (a tombstone gives no address). A
// confirmation names `systems`, the linked systems the contact was erased from, and the local
// date of request.erased_at.
[[nodiscard]] Letter compose_letter(const Context& ctx, LetterKind kind, const Request& request, const Contact& contact,
                                    const std::vector<std::string>& systems);

// The linked systems whose erase step of `request` is done, in the request's order.
[[nodiscard]] std::vector<std::string> erased_systems(const Request& request);

// Hands the letter to `deliver` and records `letter.issued` in the caller's write transaction.
void issue_letter(const Context& ctx, const Letter& letter, const LetterSink& deliver);

}  // namespace gdpr::workflow
