// The policy (SPEC §2): the configuration keys that decide who may do what and what an erasure
// covers. It lives in the database, set by `gdpr init` and changed only by an admin through
// `gdpr policy apply` or `gdpr role`; a user's configuration file may repeat a policy key but
// never disagree with the database. This module turns the policy part of a Config into its
// stored form (canonical JSON, hashed into the audit trail) and back, and compares two.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gdpr/config.hpp"

namespace gdpr::policy {

// The dotted policy keys, in the order `policy show` and messages use.
[[nodiscard]] const std::vector<std::string>& keys();

// The policy part of `config` as a JSON object with the configuration's structure
// (`.roles.reviewers`, `.systems[].name`); role lists sorted, as they are sets.
[[nodiscard]] nlohmann::ordered_json to_json(const Config& config);

// The stored form: to_json() with sorted keys and no white space.
[[nodiscard]] std::string to_text(const Config& config);

// Lower-case hex SHA-256 of a stored form, as `policy.set` / `policy.changed` record it.
[[nodiscard]] std::string hash(std::string_view text);

// Sets the policy fields of `into` from a stored form (its preferences stay); `where` names the
// database for messages. Throws Error(config) if the stored form is unreadable.
void load(std::string_view text, Config& into, std::string_view where);

// The policy as TOML, a file `gdpr policy apply` takes back unchanged.
[[nodiscard]] std::string to_toml(const Config& config);

// One policy key whose value differs; values as compact JSON.
struct Difference {
  std::string key;
  std::string from;
  std::string to;
};

// Every policy key whose value differs between `from` and `to`.
[[nodiscard]] std::vector<Difference> differences(const Config& from, const Config& to);

// The policy keys `file` sets (Config::keys_set) to a value other than the database's; `from` is
// the database's value, `to` the file's.
[[nodiscard]] std::vector<Difference> conflicts(const Config& file, const Config& database);

// Error(config) for the first conflict: names the file, the key, both values and the command
// that changes the policy.
[[nodiscard]] std::string conflict_message(const Config& file, const Difference& d, std::string_view where);

}  // namespace gdpr::policy
