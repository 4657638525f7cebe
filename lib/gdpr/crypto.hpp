// Hashing through OpenSSL's libcrypto: the audit chain and the tombstone
// fingerprints must be re-computable with standard tools.
#pragma once

#include <array>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace gdpr::crypto {

// Lower-case hex SHA-256 of `data`.
[[nodiscard]] std::string sha256_hex(std::string_view data);

// SHA-256 of data that arrives in pieces (an imported file as it is read).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  // Adds the next piece.
  void update(std::string_view data);
  // Lower-case hex digest of everything added; call once.
  [[nodiscard]] std::string hex();

 private:
  ::evp_md_ctx_st* ctx_ = nullptr;
};

// Lower-case hex MD5 of `data`: not for security, only where an API names a record by it
// (Mailchimp's subscriber hash of the lower-case e-mail).
[[nodiscard]] std::string md5_hex(std::string_view data);

// Lower-case hex HMAC-SHA256 of `data` under `key`.
[[nodiscard]] std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// HMAC-SHA256 under one key, many times (the watch fingerprints every e-mail a system lists): the
// key's inner and outer pads are hashed once, and each message continues copies of them (plain
// structs, copied by value). The same digests as hmac_sha256_hex, at a sixth of the instructions
// of OpenSSL's one-shot HMAC.
class HmacSha256 {
 public:
  explicit HmacSha256(std::string_view key);
  // Lower-case hex HMAC of `data`.
  [[nodiscard]] std::string hex(std::string_view data) const;

 private:
  // OpenSSL's SHA256_CTX, by size (the header is kept out of ours).
  struct State {
    std::array<unsigned int, 8> h;
    unsigned int nl, nh;
    std::array<unsigned int, 16> data;
    unsigned int num, md_len;
  };
  State inner_{};  // after key XOR ipad
  State outer_{};  // after key XOR opad
};

// `bytes` random bytes from the OS CSPRNG, hex encoded.
[[nodiscard]] std::string random_hex(std::size_t bytes);

}  // namespace gdpr::crypto
