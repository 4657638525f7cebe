#include "gdpr/crypto.hpp"

#include <array>
#include <string_view>
#include <vector>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "gdpr/dynlib.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"

namespace gdpr::crypto {

namespace {

// OpenSSL's libcrypto, loaded by the first command that hashes (the headers give the types).
// Linked normally, every command - `gdpr --version`, a read-only `review` - paid for mapping and
// relocating it: a third of the dynamic loader's instructions, ~2.5 ms of start-up.
struct Libcrypto {
  decltype(&::SHA256) sha256 = nullptr;
  decltype(&::HMAC) hmac = nullptr;
  decltype(&::EVP_sha256) evp_sha256 = nullptr;
  decltype(&::RAND_bytes) rand_bytes = nullptr;
};

const Libcrypto& libcrypto() {
  static const Libcrypto lib = [] {
    const DynamicLibrary so("libcrypto.so.3", "libssl3", tr("Hashing (audit trail, e-mail fingerprints)"));
    Libcrypto l;
    so.load(l.sha256, "SHA256");
    so.load(l.hmac, "HMAC");
    so.load(l.evp_sha256, "EVP_sha256");
    so.load(l.rand_bytes, "RAND_bytes");
    return l;
  }();
  return lib;
}

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
  libcrypto().sha256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
  return to_hex(digest.data(), digest.size());
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  const Libcrypto& c = libcrypto();
  if (c.hmac(c.evp_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
           data.size(), digest.data(), &len) == nullptr) {
    throw Error(ErrorKind::internal, tr("HMAC-SHA256 failed in OpenSSL"));
  }
  return to_hex(digest.data(), len);
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (libcrypto().rand_bytes(buf.data(), static_cast<int>(buf.size())) != 1) {
    throw Error(ErrorKind::internal, tr("the OS random number generator failed (OpenSSL RAND_bytes)"));
  }
  return to_hex(buf.data(), buf.size());
}

}  // namespace gdpr::crypto
