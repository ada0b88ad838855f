// File: crypto.h
//
// The cryptographic primitives the platform needs today, behind plain functions so that a
// certified module (GM/T 0018 SDF, RELIABILITY.md D7) can replace OpenSSL later without
// touching callers: SM3 digests and HMAC-SM3, random tokens, and Argon2id password hashes.
//
//   std::string h = zt::crypto::Sm3Hex("abc");   // "66c7f0f4...8f4ba8e0"
//   ZT_ASSIGN_OR_RETURN(std::string phc, zt::crypto::HashPassword(password));
//   ZT_ASSIGN_OR_RETURN(bool ok, zt::crypto::VerifyPassword(attempt, phc));
//
// All functions are thread-safe. None throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "zt/core/error.h"

namespace zt::crypto {

// Lowercase hex (64 characters) of the SM3 digest (GB/T 32905-2016) of `data`.
// Aborts the process if the OpenSSL provider lacks SM3: the platform cannot run without it.
std::string Sm3Hex(std::string_view data);

// Lowercase hex (64 characters) of HMAC-SM3 (RFC 2104 over SM3) of `data` under `key`.
// Used for keyed blind indexes and MACs. Aborts like Sm3Hex if SM3 is unavailable.
std::string HmacSm3Hex(std::string_view key, std::string_view data);

// `bytes` bytes from the OpenSSL CSPRNG, encoded as base64url without padding
// (ceil(bytes * 4 / 3) characters: 32 bytes give 43 characters). Session tokens, CSRF
// tokens and salts. Aborts the process if the CSPRNG fails: handing out a predictable
// token is worse than stopping.
std::string RandomToken(std::size_t bytes);

// `bytes` raw bytes from the OpenSSL CSPRNG (TOTP secrets). Aborts like RandomToken.
std::string RandomBytes(std::size_t bytes);

// The raw HMAC (RFC 2104) of `data` under `key` with the digest `algorithm`: "SHA1" (for
// TOTP, RFC 6238, where SHA-1 inside HMAC is still sound), "SHA256" or "SM3".
// Errors: kInvalidArgument ("crypto.algorithm") for any other name.
Result<std::string> Hmac(std::string_view algorithm, std::string_view key, std::string_view data);

// Argon2id parameters (OWASP Password Storage Cheat Sheet, first option): 2 passes over
// 19 MiB with one lane, a 16-byte random salt and a 32-byte tag.
inline constexpr unsigned kArgon2TimeCost = 2;
inline constexpr unsigned kArgon2MemoryKiB = 19456;
inline constexpr unsigned kArgon2Parallelism = 1;

// Hashes `password` with Argon2id and returns the PHC string
// ("$argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>"), which carries its own parameters.
// Errors: kInvalidArgument (key "password.too_long") for passwords over 4096 bytes,
// kInternal if libargon2 fails (out of memory).
Result<std::string> HashPassword(std::string_view password);

// True when `password` matches the PHC string `phc` (compared in constant time), false when
// it does not. Errors: kInvalidArgument (key "password.hash_format") when `phc` is not an
// Argon2id PHC string or asks for more than 256 MiB / 10 passes (a tampered row must not
// exhaust memory); kInternal if libargon2 fails otherwise.
Result<bool> VerifyPassword(std::string_view password, std::string_view phc);

}  // namespace zt::crypto
