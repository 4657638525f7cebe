#include "gdpr/crypto.hpp"

#include <array>
#include <string_view>
#include <vector>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"

namespace gdpr::crypto {

namespace {

std::string to_hex(const unsigned char* data, std::size_t len) {
  static constexpr std::string_view k_digits = "0123456789abcdef";
  std::string out(len * 2, '0');
  for (std::size_t i = 0; i < len; ++i) {
    out[2 * i] = k_digits[data[i] >> 4U];
    out[2 * i + 1] = k_digits[data[i] & 0x0FU];
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
  return to_hex(digest.data(), digest.size());
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
           data.size(), digest.data(), &len) == nullptr) {
    throw Error(ErrorKind::internal, tr("HMAC-SHA256 failed in OpenSSL"));
  }
  return to_hex(digest.data(), len);
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) {
    throw Error(ErrorKind::internal, tr("the OS random number generator failed (OpenSSL RAND_bytes)"));
  }
  return to_hex(buf.data(), buf.size());
}

}  // namespace gdpr::crypto
