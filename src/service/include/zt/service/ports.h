// File: ports.h
//
// Ports other than the store that services need from the edges. Each is a small abstract
// class; the OpenSSL/libargon2 adapter in module `crypto` implements Crypto.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "zt/core/error.h"

namespace zt::service {

// Password hashing, digests and random tokens. Thread-safe implementations only.
class Crypto {
 public:
  virtual ~Crypto() = default;
  // An Argon2id PHC string for `password`; kInternal if the library fails.
  virtual Result<std::string> HashPassword(std::string_view password) = 0;
  // Whether `password` matches `phc`; kInvalidArgument for a malformed `phc`.
  virtual Result<bool> VerifyPassword(std::string_view password, std::string_view phc) = 0;
  // A URL-safe random token carrying `bytes` bytes of entropy.
  virtual std::string RandomToken(std::size_t bytes) = 0;
  // SM3 digest of `data`, lower-case hex.
  virtual std::string Digest(std::string_view data) = 0;
  // `bytes` raw bytes from the CSPRNG (TOTP secrets).
  virtual std::string RandomBytes(std::size_t bytes) = 0;
  // The raw HMAC (RFC 2104) of `data` under `key` with the named digest: "SHA1" (TOTP,
  // RFC 6238), "SHA256" or "SM3". kInvalidArgument ("crypto.algorithm") for another name.
  virtual Result<std::string> Hmac(std::string_view algorithm, std::string_view key,
                                   std::string_view data) = 0;
};

// Who asks, from where: recorded with every event.
struct RequestContext {
  std::string request_id;
  std::string source_ip;
};

}  // namespace zt::service
