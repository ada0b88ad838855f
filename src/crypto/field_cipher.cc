#include "zt/crypto/field_cipher.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "zt/crypto/crypto.h"

namespace zt::crypto {
namespace {

constexpr std::size_t kMinDataKeyLength = 16;
constexpr std::size_t kIvBytes = 16;
constexpr std::size_t kMacBytes = 32;
constexpr std::string_view kPlainTag = "zt1:";
constexpr std::string_view kIndexedTag = "zt1i:";
// Public by design: dev and demo databases stay readable across restarts without setup, and
// `serve --production` refuses to run on it.
constexpr std::string_view kDemoDataKey = "zhengtong-demo-data-key-public-never-production";

[[noreturn]] void Die(const char* what) {
  // A missing SM4 cipher or a failing CSPRNG leaves no safe way to store personal data.
  std::fprintf(stderr, "zt::crypto: fatal: %s\n", what);
  std::abort();
}

const EVP_CIPHER* Sm4Cbc() {
  static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "SM4-CBC", nullptr);
  if (cipher == nullptr) Die("OpenSSL has no SM4-CBC cipher");
  return cipher;
}

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// One SM4-CBC pass with PKCS#7 padding; false when OpenSSL refuses (bad padding on decrypt).
bool Sm4(bool encrypt, std::string_view key, std::string_view iv, std::string_view in,
         std::string& out) {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) Die("cipher context allocation failed");
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  const auto* v = reinterpret_cast<const unsigned char*>(iv.data());
  if (EVP_CipherInit_ex2(ctx.get(), Sm4Cbc(), k, v, encrypt ? 1 : 0, nullptr) != 1) return false;
  out.assign(in.size() + 16, '\0');
  int n = 0, tail = 0;
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_CipherUpdate(ctx.get(), o, &n, reinterpret_cast<const unsigned char*>(in.data()),
                       static_cast<int>(in.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), o + n, &tail) != 1) {
    return false;
  }
  out.resize(static_cast<std::size_t>(n + tail));
  return true;
}

std::string Mac(std::string_view key, std::string_view data) {
  Result<std::string> mac = Hmac("SM3", key, data);
  if (!mac) Die("HMAC-SM3 failed");
  return *mac;
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < in.size(); i += 3) {
    std::uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) v |= static_cast<unsigned char>(in[i + 2]);
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += i + 1 < in.size() ? kBase64[(v >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kBase64[v & 63] : '=';
  }
  return out;
}

bool FromBase64(std::string_view in, std::string& out) {
  if (in.size() % 4 != 0) return false;
  out.clear();
  for (std::size_t i = 0; i < in.size(); i += 4) {
    std::uint32_t v = 0;
    int pad = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      char c = in[i + j];
      int d = 0;
      if (c == '=' && i + 4 == in.size() && j >= 2) {
        ++pad;
      } else if (pad > 0) {
        return false;
      } else if (const char* p = std::strchr(kBase64, c); p != nullptr && c != '\0') {
        d = static_cast<int>(p - kBase64);
      } else {
        return false;
      }
      v = (v << 6) | static_cast<std::uint32_t>(d);
    }
    // Canonical only: the bits a padded group does not use must be zero, so that no two
    // stored texts open to the same value.
    if ((pad == 1 && (v & 0xff) != 0) || (pad == 2 && (v & 0xffff) != 0)) return false;
    out += static_cast<char>((v >> 16) & 0xff);
    if (pad < 2) out += static_cast<char>((v >> 8) & 0xff);
    if (pad < 1) out += static_cast<char>(v & 0xff);
  }
  return true;
}

std::string Normalise(std::string_view plain) {
  std::string out;
  out.reserve(plain.size());
  for (char c : plain) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    out += c == 'x' ? 'X' : c;
  }
  return out;
}

std::string HexOf(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xf];
  }
  return out;
}

Error Tampered(std::string_view why) {
  return Error(ErrorCode::kInternal, "store.field_tampered",
               "a stored personal-data field does not verify: " + std::string(why));
}

}  // namespace

Result<DataKey> DataKeyFromEnvironment() {
  DataKey key;
  if (const char* v = std::getenv("ZT_DATA_KEY"); v != nullptr && *v != '\0') {
    key.secret = v;
  } else if (const char* f = std::getenv("ZT_DATA_KEY_FILE"); f != nullptr && *f != '\0') {
    std::ifstream in(f);
    if (!in) return Fail(ErrorCode::kNotFound, "data_key.file", "cannot read ZT_DATA_KEY_FILE");
    std::getline(in, key.secret);
    if (!key.secret.empty() && key.secret.back() == '\r') key.secret.pop_back();
  } else {
    key.secret = std::string(kDemoDataKey);
    key.demo = true;
    return key;
  }
  if (key.secret.size() < kMinDataKeyLength) {
    return Fail(ErrorCode::kInvalidArgument, "data_key.short",
                "the personal-data key (ZT_DATA_KEY) needs at least 16 characters");
  }
  return key;
}

FieldCipher::FieldCipher(std::string_view secret)
    : enc_key_(Mac(secret, "zt-field-sm4-v1").substr(0, 16)),
      mac_key_(Mac(secret, "zt-field-mac-v1")),
      index_key_(Mac(secret, "zt-field-index-v1")) {}

std::string FieldCipher::BlindIndex(std::string_view plain) const {
  return HexOf(Mac(index_key_, Normalise(plain)));
}

std::string FieldCipher::IndexPrefix(std::string_view plain) const {
  if (plain.empty()) return {};
  return std::string(kIndexedTag) + BlindIndex(plain) + ":";
}

std::string FieldCipher::Seal(std::string_view plain) const {
  if (plain.empty()) return {};
  return SealWith(kPlainTag, plain);
}

std::string FieldCipher::SealIndexed(std::string_view plain) const {
  if (plain.empty()) return {};
  return SealWith(IndexPrefix(plain), plain);
}

std::string FieldCipher::SealWith(std::string_view header, std::string_view plain) const {
  std::string iv = RandomBytes(kIvBytes);
  std::string ciphertext;
  if (!Sm4(true, enc_key_, iv, plain, ciphertext)) Die("SM4-CBC encryption failed");
  std::string body = iv + ciphertext;
  std::string mac = Mac(mac_key_, std::string(header) + body);
  return std::string(header) + Base64(body + mac);
}

bool FieldCipher::IsSealed(std::string_view stored) {
  return stored.starts_with(kPlainTag) || stored.starts_with(kIndexedTag);
}

Result<std::string> FieldCipher::Open(std::string_view stored) const {
  std::size_t header_length = 0;
  if (stored.starts_with(kPlainTag)) {
    header_length = kPlainTag.size();
  } else if (stored.starts_with(kIndexedTag)) {
    header_length = kIndexPrefixLength;
    if (stored.size() < header_length || stored[header_length - 1] != ':') {
      return std::unexpected(Tampered("malformed index"));
    }
  } else {
    return std::string(stored);  // written before migration 12 sealed the column
  }
  std::string raw;
  if (!FromBase64(stored.substr(header_length), raw) || raw.size() < kIvBytes + 16 + kMacBytes) {
    return std::unexpected(Tampered("malformed payload"));
  }
  std::string_view body = std::string_view(raw).substr(0, raw.size() - kMacBytes);
  std::string_view mac = std::string_view(raw).substr(raw.size() - kMacBytes);
  std::string expected =
      Mac(mac_key_, std::string(stored.substr(0, header_length)) + std::string(body));
  if (CRYPTO_memcmp(expected.data(), mac.data(), kMacBytes) != 0) {
    return std::unexpected(Tampered("MAC mismatch"));
  }
  std::string plain;
  if (!Sm4(false, enc_key_, body.substr(0, kIvBytes), body.substr(kIvBytes), plain)) {
    return std::unexpected(Tampered("padding"));
  }
  return plain;
}

}  // namespace zt::crypto
