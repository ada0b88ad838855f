#include "zt/crypto/crypto.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <argon2.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

namespace zt::crypto {
namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kTagBytes = 32;
constexpr std::size_t kMaxPasswordBytes = 4096;
// Upper bounds accepted from a stored PHC string: generous for future parameter increases,
// small enough that a tampered hash cannot make one login allocate gigabytes.
constexpr std::uint32_t kMaxVerifyMemoryKiB = 256 * 1024;
constexpr std::uint32_t kMaxVerifyTimeCost = 10;
constexpr std::uint32_t kMaxVerifyParallelism = 8;

[[noreturn]] void Die(const char* what) {
  // A missing SM3 provider or a failing CSPRNG is not an error any caller can handle.
  std::fprintf(stderr, "zt::crypto: fatal: %s\n", what);
  std::abort();
}

std::string Hex(const unsigned char* data, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n * 2, '\0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0xf];
  }
  return out;
}

// Fetched once: EVP_MD_fetch is comparatively slow and the result may be shared by threads.
const EVP_MD* Sm3() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SM3", nullptr);
  if (md == nullptr) Die("OpenSSL has no SM3 digest");
  return md;
}

EVP_MAC* HmacAlgorithm() {
  static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) Die("OpenSSL has no HMAC");
  return mac;
}

std::string Base64UrlNoPad(const unsigned char* data, std::size_t n) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((n * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    std::uint32_t v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (n - i == 1) {
    std::uint32_t v = data[i] << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (n - i == 2) {
    std::uint32_t v = (data[i] << 16) | (data[i + 1] << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

// Reads the unsigned number after `key` ("m=") in the parameter section of a PHC string.
bool PhcParam(std::string_view phc, std::string_view key, std::uint32_t& value) {
  std::size_t pos = phc.find(key);
  if (pos == std::string_view::npos) return false;
  const char* first = phc.data() + pos + key.size();
  auto [ptr, ec] = std::from_chars(first, phc.data() + phc.size(), value);
  return ec == std::errc() && ptr != first;
}

}  // namespace

std::string Sm3Hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md.data(), &len, Sm3(), nullptr) != 1) {
    Die("SM3 digest failed");
  }
  return Hex(md.data(), len);
}

std::string HmacSm3Hex(std::string_view key, std::string_view data) {
  auto mac = Hmac("SM3", key, data);
  if (!mac) Die("HMAC-SM3 failed");  // SM3 is always supported: a failure is OpenSSL's
  return Hex(reinterpret_cast<const unsigned char*>(mac->data()), mac->size());
}

std::string RandomBytes(std::size_t bytes) {
  std::string buf(bytes, '\0');
  if (bytes > 0 &&
      RAND_bytes(reinterpret_cast<unsigned char*>(buf.data()), static_cast<int>(bytes)) != 1) {
    Die("RAND_bytes failed");
  }
  return buf;
}

Result<std::string> Hmac(std::string_view algorithm, std::string_view key, std::string_view data) {
  std::string digest_name;
  if (algorithm == "SHA1" || algorithm == "SHA256" || algorithm == "SM3") {
    digest_name = std::string(algorithm);
  } else {
    return std::unexpected(Error(ErrorCode::kInvalidArgument, "crypto.algorithm",
                                 "Hmac: unsupported digest " + std::string(algorithm)));
  }
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(HmacAlgorithm());
  if (ctx == nullptr) Die("HMAC context allocation failed");
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string("digest", digest_name.data(), 0),
      OSSL_PARAM_construct_end(),
  };
  static const unsigned char kEmpty = 0;
  const unsigned char* key_ptr =
      key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  std::size_t out_len = 0;
  bool ok =
      EVP_MAC_init(ctx, key_ptr, key.size(), params) == 1 &&
      EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1 &&
      EVP_MAC_final(ctx, out.data(), &out_len, out.size()) == 1;
  EVP_MAC_CTX_free(ctx);
  if (!ok) {
    return std::unexpected(
        Error(ErrorCode::kInternal, "crypto.internal", "Hmac: OpenSSL HMAC failed"));
  }
  return std::string(reinterpret_cast<const char*>(out.data()), out_len);
}

std::string RandomToken(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (bytes > 0 && RAND_bytes(buf.data(), static_cast<int>(bytes)) != 1) {
    Die("RAND_bytes failed");
  }
  return Base64UrlNoPad(buf.data(), buf.size());
}

Result<std::string> HashPassword(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    return Fail(ErrorCode::kInvalidArgument, "password.too_long",
                "passwords are limited to 4096 bytes");
  }
  std::array<unsigned char, kSaltBytes> salt{};
  if (RAND_bytes(salt.data(), salt.size()) != 1) Die("RAND_bytes failed");
  std::size_t encoded_len = argon2_encodedlen(kArgon2TimeCost, kArgon2MemoryKiB, kArgon2Parallelism,
                                              kSaltBytes, kTagBytes, Argon2_id);
  std::string encoded(encoded_len, '\0');
  int rc = argon2id_hash_encoded(kArgon2TimeCost, kArgon2MemoryKiB, kArgon2Parallelism,
                                 password.data(), password.size(), salt.data(), salt.size(),
                                 kTagBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return Fail(ErrorCode::kInternal, "crypto.argon2", argon2_error_message(rc));
  }
  encoded.resize(encoded.find('\0'));  // encodedlen counts the terminating NUL
  return encoded;
}

Result<bool> VerifyPassword(std::string_view password, std::string_view phc) {
  std::uint32_t m = 0, t = 0, p = 0;
  if (!phc.starts_with("$argon2id$") || !PhcParam(phc, "$m=", m) || !PhcParam(phc, ",t=", t) ||
      !PhcParam(phc, ",p=", p)) {
    return Fail(ErrorCode::kInvalidArgument, "password.hash_format",
                "the stored password hash is not an Argon2id PHC string");
  }
  if (m > kMaxVerifyMemoryKiB || t > kMaxVerifyTimeCost || p > kMaxVerifyParallelism) {
    return Fail(ErrorCode::kInvalidArgument, "password.hash_format",
                "the stored password hash asks for out-of-range Argon2 parameters");
  }
  if (password.size() > kMaxPasswordBytes) return false;  // HashPassword never stored one
  std::string encoded(phc);                               // argon2 wants a NUL-terminated string
  int rc = argon2id_verify(encoded.c_str(), password.data(), password.size());
  switch (rc) {
    case ARGON2_OK:
      return true;
    case ARGON2_VERIFY_MISMATCH:
      return false;
    case ARGON2_DECODING_FAIL:
    case ARGON2_INCORRECT_TYPE:
    case ARGON2_SALT_TOO_SHORT:
    case ARGON2_OUTPUT_TOO_SHORT:
    case ARGON2_DECODING_LENGTH_FAIL:
      return Fail(ErrorCode::kInvalidArgument, "password.hash_format",
                  "the stored password hash cannot be decoded");
    default:
      return Fail(ErrorCode::kInternal, "crypto.argon2", argon2_error_message(rc));
  }
}

}  // namespace zt::crypto
