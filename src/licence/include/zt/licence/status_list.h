// File: status_list.h
//
// The W3C Bitstring Status List (Recommendation, May 2025) in its pure parts: the bitstring
// (index 0 is the most significant bit of the first byte; at least 131,072 bits so a list
// gives away little about how many licences exist), reading one bit, the multibase base64url
// text of the compressed list, and the exact bytes the issuer signs over a list. Compression
// (GZIP) is done by an adapter; see docs/licences.md.
//
//   std::string bits = BuildBitstring({3, 17}, 0);  // 16 KiB, bits 3 and 17 set
//   BitAt(bits, 17) == true;
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"

namespace zt::licence {

inline constexpr std::int64_t kStatusListMinBits = 131072;

// A bitstring of max(kStatusListMinBits, min_bits) rounded up to whole bytes (and to the
// highest set index), with the given indices set. Negative indices are ignored.
std::string BuildBitstring(const std::vector<std::int64_t>& set_indices, std::int64_t min_bits);

// The bit at `index`; false beyond the end.
bool BitAt(std::string_view bitstring, std::int64_t index);

// base64url without padding (RFC 4648 §5), and back (kInvalidArgument "base64.format").
std::string Base64UrlEncode(std::string_view bytes);
Result<std::string> Base64UrlDecode(std::string_view text);
// Standard base64 with padding (RFC 4648 §4), for signatures in licence documents.
std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

// The bytes the issuer signs for one published list (the digest is the lower-case hex SM3 of
// the uncompressed bitstring, so the signature does not depend on the compressor):
//   "zt-status-list-v1\npurpose=<p>\nvalid_from=<ms>\nbitstring_sm3=<hex>\n"
std::string StatusListSigningInput(std::string_view purpose, std::int64_t valid_from_ms,
                                   std::string_view bitstring_sm3);

}  // namespace zt::licence
