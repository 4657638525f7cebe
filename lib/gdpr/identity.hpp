// Who is acting. The actor is the OS login; naming another actor is an
// explicit, configured privilege (identity.allow_override).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdpr {

// An actor name as compared everywhere: trimmed and case-folded ("  Alice " is "alice",
// "JÜRGEN" is "jürgen"), the same rule on both backends.
[[nodiscard]] std::string normalize_actor(std::string_view name);

// True if `name` can be an actor: non-empty after trimming, valid UTF-8, no control characters
// (C0, DEL, C1) and no bidirectional controls.
[[nodiscard]] bool is_valid_actor_name(std::string_view name);

// The login name of the effective user of this process (from the password database).
[[nodiscard]] std::string os_login_name();

// The actor: `login`, or `override_name` (from --as or $GDPR_ACTOR, `source` names which) when
// `allow_override` is true. Throws Error(forbidden) naming identity.allow_override otherwise.
[[nodiscard]] std::string resolve_actor(const std::string& login, const std::optional<std::string>& override_name,
                                        std::string_view source, bool allow_override);

// True if the normalized `actor` is in the normalized `names`.
[[nodiscard]] bool is_one_of(const std::string& actor, const std::vector<std::string>& names);

}  // namespace gdpr
