#include "gdpr/crypto.hpp"

#include <algorithm>
#include <array>
#include <memory>
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
  decltype(&::EVP_MD_fetch) md_fetch = nullptr;
  decltype(&::EVP_MD_CTX_new) md_ctx_new = nullptr;
  decltype(&::EVP_MD_CTX_free) md_ctx_free = nullptr;
  decltype(&::EVP_DigestInit_ex2) digest_init = nullptr;
  decltype(&::EVP_DigestUpdate) digest_update = nullptr;
  decltype(&::EVP_DigestFinal_ex) digest_final = nullptr;
  // The low-level SHA-256 (deprecated for new code in OpenSSL 3, kept in its ABI): a context is a
  // plain struct that HmacSha256 copies by value.
  int (*sha256_init)(SHA256_CTX*) = nullptr;
  int (*sha256_update)(SHA256_CTX*, const void*, std::size_t) = nullptr;
  int (*sha256_final)(unsigned char*, SHA256_CTX*) = nullptr;
  decltype(&::HMAC) hmac = nullptr;
  decltype(&::EVP_sha256) evp_sha256 = nullptr;
  decltype(&::RAND_bytes) rand_bytes = nullptr;
};

const Libcrypto& libcrypto() {
  static const Libcrypto lib = [] {
    const DynamicLibrary so("libcrypto.so.3", "libssl3", tr("Hashing (audit trail, e-mail fingerprints)"));
    Libcrypto l;
    so.load(l.md_fetch, "EVP_MD_fetch");
    so.load(l.md_ctx_new, "EVP_MD_CTX_new");
    so.load(l.md_ctx_free, "EVP_MD_CTX_free");
    so.load(l.digest_init, "EVP_DigestInit_ex2");
    so.load(l.digest_update, "EVP_DigestUpdate");
    so.load(l.digest_final, "EVP_DigestFinal_ex");
    so.load(l.sha256_init, "SHA256_Init");
    so.load(l.sha256_update, "SHA256_Update");
    so.load(l.sha256_final, "SHA256_Final");
    so.load(l.hmac, "HMAC");
    so.load(l.evp_sha256, "EVP_sha256");
    so.load(l.rand_bytes, "RAND_bytes");
    return l;
  }();
  return lib;
}

// SHA-256 fetched once and one digest context per thread, reused: OpenSSL 3's one-shot SHA256()
// looks the algorithm up in its provider tables and allocates a context on every call, a quarter
// of `audit --verify`'s instructions. Both live as long as the process.
struct Sha256 {
  EVP_MD* md = nullptr;
  EVP_MD_CTX* ctx = nullptr;
};

Sha256& sha256_state() {
  thread_local Sha256 state = [] {
    const Libcrypto& c = libcrypto();
    Sha256 s;
    s.md = c.md_fetch(nullptr, "SHA256", nullptr);
    s.ctx = c.md_ctx_new();
    if (s.md == nullptr || s.ctx == nullptr) throw Error(ErrorKind::internal, tr("SHA-256 is not available in OpenSSL"));
    return s;
  }();
  return state;
}

std::string to_hex(const unsigned char* data, std::size_t len) {
  static constexpr std::string_view k_digits = "0123456789abcdef";
  std::string out(len * 2, '0');
  for (std::size_t i = 0; i < len; ++i) {
    out[2 * i] = k_digits[data[i] >> 4U];
    out[(2 * i) + 1] = k_digits[data[i] & 0x0FU];
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  const Libcrypto& c = libcrypto();
  Sha256 const& s = sha256_state();
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  if (c.digest_init(s.ctx, s.md, nullptr) != 1 || c.digest_update(s.ctx, data.data(), data.size()) != 1 ||
      c.digest_final(s.ctx, digest.data(), &len) != 1) {
    throw Error(ErrorKind::internal, tr("SHA-256 failed in OpenSSL"));
  }
  return to_hex(digest.data(), len);
}

Sha256Stream::Sha256Stream() {
  const Libcrypto& c = libcrypto();
  ctx_ = c.md_ctx_new();
  if (ctx_ == nullptr || c.digest_init(ctx_, sha256_state().md, nullptr) != 1) {
    throw Error(ErrorKind::internal, tr("SHA-256 failed in OpenSSL"));
  }
}

Sha256Stream::~Sha256Stream() { libcrypto().md_ctx_free(ctx_); }

void Sha256Stream::update(std::string_view data) {
  if (libcrypto().digest_update(ctx_, data.data(), data.size()) != 1) {
    throw Error(ErrorKind::internal, tr("SHA-256 failed in OpenSSL"));
  }
}

std::string Sha256Stream::hex() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  if (libcrypto().digest_final(ctx_, digest.data(), &len) != 1) throw Error(ErrorKind::internal, tr("SHA-256 failed in OpenSSL"));
  return to_hex(digest.data(), len);
}

std::string md5_hex(std::string_view data) {
  const Libcrypto& c = libcrypto();
  static const EVP_MD* const md = c.md_fetch(nullptr, "MD5", nullptr);  // kept for the process
  const std::unique_ptr<EVP_MD_CTX, decltype(c.md_ctx_free)> ctx(c.md_ctx_new(), c.md_ctx_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  if (md == nullptr || !ctx || c.digest_init(ctx.get(), md, nullptr) != 1 ||
      c.digest_update(ctx.get(), data.data(), data.size()) != 1 || c.digest_final(ctx.get(), digest.data(), &len) != 1) {
    throw Error(ErrorKind::internal, tr("MD5 is not available in OpenSSL"));
  }
  return to_hex(digest.data(), len);
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

static_assert(sizeof(SHA256_CTX) == 112, "HmacSha256::State must match OpenSSL's SHA256_CTX");

HmacSha256::HmacSha256(std::string_view key) {
  static_assert(sizeof(State) == sizeof(SHA256_CTX));
  const Libcrypto& c = libcrypto();
  constexpr std::size_t k_block = 64;
  std::array<unsigned char, k_block> k{};
  if (key.size() > k_block) {
    SHA256_CTX ctx;
    c.sha256_init(&ctx);
    c.sha256_update(&ctx, key.data(), key.size());
    c.sha256_final(k.data(), &ctx);
  } else {
    std::ranges::copy(key, k.begin());
  }
  std::array<unsigned char, k_block> inner_pad{};
  std::array<unsigned char, k_block> outer_pad{};
  for (std::size_t i = 0; i < k_block; ++i) {
    inner_pad[i] = k[i] ^ 0x36U;
    outer_pad[i] = k[i] ^ 0x5cU;
  }
  auto* inner = reinterpret_cast<SHA256_CTX*>(&inner_);
  auto* outer = reinterpret_cast<SHA256_CTX*>(&outer_);
  if (c.sha256_init(inner) != 1 || c.sha256_update(inner, inner_pad.data(), k_block) != 1 || c.sha256_init(outer) != 1 ||
      c.sha256_update(outer, outer_pad.data(), k_block) != 1) {
    throw Error(ErrorKind::internal, tr("HMAC-SHA256 failed in OpenSSL"));
  }
}

std::string HmacSha256::hex(std::string_view data) const {
  const Libcrypto& c = libcrypto();
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  State work = inner_;
  auto* ctx = reinterpret_cast<SHA256_CTX*>(&work);
  c.sha256_update(ctx, data.data(), data.size());
  c.sha256_final(digest.data(), ctx);
  work = outer_;
  c.sha256_update(ctx, digest.data(), digest.size());
  c.sha256_final(digest.data(), ctx);
  return to_hex(digest.data(), digest.size());
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (libcrypto().rand_bytes(buf.data(), static_cast<int>(buf.size())) != 1) {
    throw Error(ErrorKind::internal, tr("the OS random number generator failed (OpenSSL RAND_bytes)"));
  }
  return to_hex(buf.data(), buf.size());
}

}  // namespace gdpr::crypto
