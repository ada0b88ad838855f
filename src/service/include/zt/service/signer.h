// File: signer.h
//
// The signer port: licence signatures without the service layer ever holding a private key in
// the clear. The OpenSSL adapter (crypto/signer_openssl.h) keeps private keys as encrypted
// PKCS#8 ("sealed") under an operator-supplied key-encryption key; a certified cryptographic
// device (GM/T 0018 SDF) can implement the same port, its "sealed key" then being a handle.
//
//   ZT_ASSIGN_OR_RETURN(NewSigningKey key, signer.GenerateKey(kSm2Sm3));  // store key as is
//   ZT_ASSIGN_OR_RETURN(std::string sig, signer.Sign(ref, bytes));
//   ZT_ASSIGN_OR_RETURN(std::vector<std::string> sigs, signer.SignMany(ref, batch));
//   ZT_ASSIGN_OR_RETURN(bool ok, signer.Verify(kSm2Sm3, key.public_key_pem, bytes, sig));
//
// Algorithms: "SM2-SM3" (GB/T 32918 SM2 signature over SM3 with the default distinguishing
// ID "1234567812345678", DER-encoded (r, s)) and "Ed25519" (RFC 8032, 64 raw bytes).
// Thread-safe implementations only.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"

namespace zt::service {

inline constexpr std::string_view kSm2Sm3 = "SM2-SM3";
inline constexpr std::string_view kEd25519 = "Ed25519";
inline constexpr std::string_view kSm2DistinguishingId = "1234567812345678";

struct NewSigningKey {
  std::string key_id;              // 32 lower-case hex: the first 16 bytes of SM3(DER SPKI)
  std::string algorithm;           // kSm2Sm3 | kEd25519
  std::string public_key_pem;      // SubjectPublicKeyInfo PEM, published as is
  std::string sealed_private_key;  // encrypted PKCS#8 PEM (or a device handle); never plain
};

// What Sign needs to find or unseal a key.
struct SigningKeyRef {
  std::string key_id;
  std::string algorithm;
  std::string sealed_private_key;
};

class Signer {
 public:
  virtual ~Signer() = default;
  // False when no key-encryption key is configured: verification still works, signing and
  // key generation fail with kFailedPrecondition "licence.signing_unavailable".
  virtual bool can_sign() const = 0;
  // A fresh key pair. kInvalidArgument "licence.algorithm" for an unknown algorithm.
  virtual Result<NewSigningKey> GenerateKey(std::string_view algorithm) = 0;
  // The raw signature of `data`. kFailedPrecondition "licence.key_unsealable" when the sealed
  // key cannot be opened with the configured key-encryption key.
  virtual Result<std::string> Sign(const SigningKeyRef& key, std::string_view data) = 0;
  // The raw signatures of every input, in input order, with one key (入库 signs a batch at a
  // time). Implementations may sign on several threads or a device's parallel sessions; the
  // result is as if Sign were called on each input. Errors as Sign; on error none is returned.
  virtual Result<std::vector<std::string>> SignMany(const SigningKeyRef& key,
                                                    std::span<const std::string> data) = 0;
  // Whether `signature` is a valid signature of `data` under the PEM public key. A malformed
  // key or signature is false, not an error; an unknown algorithm is kInvalidArgument.
  virtual Result<bool> Verify(std::string_view algorithm, std::string_view public_key_pem,
                              std::string_view data, std::string_view signature) = 0;
};

}  // namespace zt::service
