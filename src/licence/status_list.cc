#include "zt/licence/status_list.h"

#include <array>

namespace zt::licence {
namespace {

constexpr std::string_view kStd =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrl =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Encode(std::string_view bytes, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                      (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                      static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    if (rest == 2) out += alphabet[(n >> 6) & 63];
    if (pad) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

Result<std::string> Decode(std::string_view text, std::string_view alphabet, bool padded) {
  std::array<int, 256> value;
  value.fill(-1);
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    value[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  }
  if (padded) {
    if (text.size() % 4 != 0) return FieldFail("", "base64.format", "not base64");
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  }
  if (text.size() % 4 == 1) return FieldFail("", "base64.format", "not base64");
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = value[static_cast<unsigned char>(c)];
    if (v < 0) return FieldFail("", "base64.format", "not base64");
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

std::string BuildBitstring(const std::vector<std::int64_t>& set_indices, std::int64_t min_bits) {
  std::int64_t bits = std::max(kStatusListMinBits, min_bits);
  for (std::int64_t i : set_indices) bits = std::max(bits, i + 1);
  std::string out(static_cast<std::size_t>((bits + 7) / 8), '\0');
  for (std::int64_t i : set_indices) {
    if (i < 0) continue;
    out[static_cast<std::size_t>(i / 8)] |= static_cast<char>(0x80 >> (i % 8));
  }
  return out;
}

bool BitAt(std::string_view bitstring, std::int64_t index) {
  if (index < 0 || static_cast<std::size_t>(index / 8) >= bitstring.size()) return false;
  return (static_cast<unsigned char>(bitstring[static_cast<std::size_t>(index / 8)]) &
          (0x80 >> (index % 8))) != 0;
}

std::string Base64UrlEncode(std::string_view bytes) { return Encode(bytes, kUrl, false); }
Result<std::string> Base64UrlDecode(std::string_view text) { return Decode(text, kUrl, false); }
std::string Base64Encode(std::string_view bytes) { return Encode(bytes, kStd, true); }
Result<std::string> Base64Decode(std::string_view text) { return Decode(text, kStd, true); }

std::string StatusListSigningInput(std::string_view purpose, std::int64_t valid_from_ms,
                                   std::string_view bitstring_sm3) {
  std::string out = "zt-status-list-v1\n";
  out.append("purpose=").append(purpose).append("\n");
  out.append("valid_from=").append(std::to_string(valid_from_ms)).append("\n");
  out.append("bitstring_sm3=").append(bitstring_sm3).append("\n");
  return out;
}

}  // namespace zt::licence
