// Rules for contacts: ids, property names and values, blocks, readmission (SPEC §3, §6). Pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gdpr/config.hpp"
#include "gdpr/model.hpp"

namespace gdpr {

// May an add/import bring back an erased contact?
enum class Readmit { no, yes };
// Set or lift a block (`set_block`).
enum class BlockChange { set, lift };

}  // namespace gdpr

namespace gdpr::rules {

// The longest contact id, in characters (code points).
inline constexpr std::size_t k_max_contact_id = 128;

// A contact id (SPEC §3): non-empty, valid UTF-8, no control characters (C0, DEL, C1) and no
// bidirectional controls, at most k_max_contact_id characters. Throws Error(usage) naming the
// first offending character and its position.
void check_contact_id(std::string_view id);

// A property name: non-empty after trimming, valid UTF-8, no control characters. Returns it trimmed.
[[nodiscard]] std::string check_property_name(std::string_view name);

// A property value: valid UTF-8 without NUL; line breaks are allowed.
void check_property_value(std::string_view name, std::string_view value);

// The normalized e-mail of a contact (trimmed, lower-case) from the property that matches
// contacts.email_property loosely ("E-Mail" matches "email"); empty if there is none.
[[nodiscard]] std::string normalized_email(const Properties& properties, const Config& config);

// Setting or lifting a block of `contact`: Error(conflict) for an erased contact, and for lifting
// the all-mail block of a contact on hold (`open_request` holds it). Returns false when the block
// is already as asked (nothing to change).
[[nodiscard]] bool check_block_change(const Contact& contact, BlockKind kind, BlockChange change,
                                      std::optional<std::int64_t> open_request);

// Readmission (SPEC §6): adding or importing `id` again after its erasure. Returns why it is
// refused (an import skips the row with it, an add fails with it), or nothing when it may go on.
[[nodiscard]] std::optional<std::string> readmission_refused_by_id(const Contact& erased, Readmit readmit);
// The same for a new or existing contact whose e-mail is the fingerprint of erased contact `tombstone`.
[[nodiscard]] std::optional<std::string> readmission_refused_by_email(const std::string& id,
                                                                       const std::string& tombstone, Readmit readmit);

}  // namespace gdpr::rules
