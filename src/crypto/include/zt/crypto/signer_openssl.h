// File: signer_openssl.h
//
// The OpenSSL 3 implementation of the service layer's Signer port: SM2 with SM3 (GB/T 32918,
// distinguishing ID 1234567812345678) and Ed25519. Private keys leave it only as PKCS#8
// encrypted (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC) under the key-encryption key (KEK) the
// operator supplies; opened keys are cached in memory by key id.
//
//   ZT_ASSIGN_OR_RETURN(std::string kek, zt::crypto::KekFromEnvironment());
//   zt::crypto::OpenSslSigner signer(kek);      // kek "" = verify only
//
// SignMany signs on `threads` worker threads (default: one per hardware thread), each with its
// own OpenSSL context; the opened key is shared (OpenSSL keys are safe to share for signing).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/service/signer.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace zt::crypto {

inline constexpr std::size_t kMinKekLength = 16;

// The KEK from ZT_LICENCE_KEK, or else from the file named by ZT_LICENCE_KEK_FILE (one line;
// a trailing newline is dropped); "" when neither is set. kInvalidArgument "licence.kek_short"
// when it has fewer than 16 characters, kNotFound "licence.kek_file" when the file cannot be
// read.
Result<std::string> KekFromEnvironment();

class OpenSslSigner final : public service::Signer {
 public:
  // threads 0 = std::thread::hardware_concurrency().
  explicit OpenSslSigner(std::string kek, unsigned threads = 0);
  ~OpenSslSigner() override;

  bool can_sign() const override { return !kek_.empty(); }
  Result<service::NewSigningKey> GenerateKey(std::string_view algorithm) override;
  Result<std::string> Sign(const service::SigningKeyRef& key, std::string_view data) override;
  Result<std::vector<std::string>> SignMany(const service::SigningKeyRef& key,
                                            std::span<const std::string> data) override;
  Result<bool> Verify(std::string_view algorithm, std::string_view public_key_pem,
                      std::string_view data, std::string_view signature) override;

  // The key id of a PEM public key (as GenerateKey assigns it); kInvalidArgument when the PEM
  // is not a public key.
  static Result<std::string> KeyIdOf(std::string_view public_key_pem);

 private:
  struct Cache;
  // The opened private key (unsealed once, then cached by key id).
  Result<std::shared_ptr<EVP_PKEY>> OpenKey(const service::SigningKeyRef& ref);

  std::string kek_;
  unsigned threads_;
  std::unique_ptr<Cache> cache_;
};

}  // namespace zt::crypto
