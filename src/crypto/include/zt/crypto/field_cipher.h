// File: field_cipher.h
//
// Encryption at rest of single personal-data fields (resident ID numbers, mobile numbers, TOTP
// secrets): SM4-CBC (GB/T 32907-2016) with a random IV per value, then HMAC-SM3 over the
// version, the blind index, the IV and the ciphertext (encrypt-then-MAC; Debian's OpenSSL 3.0
// has no SM4-GCM). Lookups by number use a keyed blind index: HMAC-SM3 of the normalised number
// under a third key, so equal numbers can be found without decrypting and without the index
// revealing the number.
//
//   ZT_ASSIGN_OR_RETURN(zt::crypto::DataKey key, zt::crypto::DataKeyFromEnvironment());
//   zt::crypto::FieldCipher cipher(key.secret);
//   std::string stored = cipher.SealIndexed("13800138000");  // "zt1i:<index>:<payload>"
//   std::string prefix = cipher.IndexPrefix("138 0013 8000");  // matches stored's first 70 chars
//   ZT_ASSIGN_OR_RETURN(std::string plain, cipher.Open(stored));
//
// Stored forms (ASCII, so they fit any TEXT column on both databases):
//   "zt1:"  base64(iv[16] ‖ ciphertext ‖ mac[32])                 not indexed
//   "zt1i:" index[64 hex] ":" base64(iv[16] ‖ ciphertext ‖ mac[32]) indexed
// Keys: the three 32-byte subkeys (SM4 uses the first 16 bytes of its own) are HMAC-SM3 of
// fixed labels under the operator's data key, so the index key is separate from the
// encryption and MAC keys. Thread-safe (const methods only); none throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "zt/core/error.h"

namespace zt::crypto {

// The operator's data key and where it came from.
struct DataKey {
  std::string secret;
  bool demo = false;  // no key configured: the fixed, public demo key (never for production)
};

// The data key from ZT_DATA_KEY, else from the file named by ZT_DATA_KEY_FILE (its first
// line; a trailing CR is dropped), else the demo key (demo = true). Errors: kNotFound
// "data_key.file" when the file cannot be read, kInvalidArgument "data_key.short" when the
// key has fewer than 16 characters.
Result<DataKey> DataKeyFromEnvironment();

class FieldCipher {
 public:
  // Length of the "zt1i:<index>:" prefix that IndexPrefix returns.
  static constexpr std::size_t kIndexPrefixLength = 70;

  explicit FieldCipher(std::string_view secret);

  // "" stays "" (an absent number is not a secret); anything else is sealed with a new IV.
  std::string Seal(std::string_view plain) const;
  // Like Seal, with the blind index of `plain` in front, for columns searched by number.
  std::string SealIndexed(std::string_view plain) const;
  // The first kIndexPrefixLength characters of SealIndexed(plain) ("" for ""): compare a
  // column's prefix with it to find every row holding the same (normalised) number.
  std::string IndexPrefix(std::string_view plain) const;
  // Lowercase hex HMAC-SM3 of the normalised value (spaces, '-' dropped, 'x' upper-cased).
  std::string BlindIndex(std::string_view plain) const;

  // The plain value of a sealed one. A value that is not sealed (a row written before
  // migration 12) is returned as it is. Errors: kInternal "store.field_tampered" when the MAC
  // does not verify (tampered or under another key) or the payload is malformed.
  Result<std::string> Open(std::string_view stored) const;

  static bool IsSealed(std::string_view stored);

 private:
  std::string SealWith(std::string_view header, std::string_view plain) const;

  std::string enc_key_;
  std::string mac_key_;
  std::string index_key_;
};

}  // namespace zt::crypto
