// Hashing through OpenSSL's libcrypto: the audit chain and the tombstone
// fingerprints must be re-computable with standard tools.
#pragma once

#include <string>
#include <string_view>

namespace gdpr::crypto {

// Lower-case hex SHA-256 of `data`.
[[nodiscard]] std::string sha256_hex(std::string_view data);

// Lower-case hex HMAC-SHA256 of `data` under `key`.
[[nodiscard]] std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// `bytes` random bytes from the OS CSPRNG, hex encoded.
[[nodiscard]] std::string random_hex(std::size_t bytes);

}  // namespace gdpr::crypto
