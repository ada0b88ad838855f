// File: openssl_crypto.h
//
// The OpenSSL + libargon2 implementation of the service layer's Crypto port: the free
// functions of crypto.h behind the interface the services take, so that a certified
// cryptographic module can replace it in a 密评 deployment (RELIABILITY.md D7).
//
//   zt::crypto::OpenSslCrypto crypto;
//   zt::service::AccountService accounts(store, crypto, clock);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "zt/core/error.h"
#include "zt/service/ports.h"

namespace zt::crypto {

// Stateless and thread-safe; one instance may serve the whole process.
class OpenSslCrypto final : public service::Crypto {
 public:
  // Argon2id (t=2, m=19456 KiB, p=1) PHC string; see crypto::HashPassword for errors.
  Result<std::string> HashPassword(std::string_view password) override;
  // See crypto::VerifyPassword: kInvalidArgument for a malformed or out-of-range `phc`.
  Result<bool> VerifyPassword(std::string_view password, std::string_view phc) override;
  // Base64url (no padding) of `bytes` CSPRNG bytes.
  std::string RandomToken(std::size_t bytes) override;
  // Lowercase hex SM3 of `data`.
  std::string Digest(std::string_view data) override;
  // `bytes` bytes from RAND_bytes; aborts like RandomToken if the CSPRNG fails.
  std::string RandomBytes(std::size_t bytes) override;
  // See crypto::Hmac: raw HMAC bytes; kInvalidArgument for a digest other than SHA1, SHA256
  // or SM3.
  Result<std::string> Hmac(std::string_view algorithm, std::string_view key,
                           std::string_view data) override;
};

}  // namespace zt::crypto
