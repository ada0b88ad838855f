#include "zt/service/totp.h"

#include <array>

namespace zt::service {
namespace {

constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : text) {
    bool unreserved = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                      (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' || ch == '~';
    if (unreserved) {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

}  // namespace

std::int64_t TotpStep(Instant t) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  // Floor division: instants before 1970 are not expected but must not round towards zero.
  std::int64_t step = seconds / kTotpStep.count();
  if (seconds < 0 && seconds % kTotpStep.count() != 0) --step;
  return step;
}

std::uint32_t HotpTruncate(std::string_view mac, int digits) {
  if (mac.size() < 20) return 0;
  auto byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(mac[i]));
  };
  std::size_t offset = byte(mac.size() - 1) & 0x0f;
  std::uint32_t binary = ((byte(offset) & 0x7f) << 24) | (byte(offset + 1) << 16) |
                         (byte(offset + 2) << 8) | byte(offset + 3);
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  return binary % modulus;
}

Result<std::string> TotpCode(Crypto& crypto, std::string_view secret, std::int64_t step,
                             int digits) {
  if (digits < 6 || digits > 8) {
    return Fail(ErrorCode::kInvalidArgument, "totp.digits", "a TOTP code has 6 to 8 digits");
  }
  std::array<char, 8> counter{};
  auto value = static_cast<std::uint64_t>(step);
  for (int i = 7; i >= 0; --i) {
    counter[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  ZT_ASSIGN_OR_RETURN(
      std::string mac,
      crypto.Hmac("SHA1", secret, std::string_view(counter.data(), counter.size())));
  std::string code = std::to_string(HotpTruncate(mac, digits));
  if (code.size() < static_cast<std::size_t>(digits)) {
    code.insert(0, static_cast<std::size_t>(digits) - code.size(), '0');
  }
  return code;
}

Result<std::optional<std::int64_t>> MatchTotp(Crypto& crypto, std::string_view secret,
                                              std::string_view code, Instant now,
                                              std::int64_t last_used_step) {
  std::int64_t current = TotpStep(now);
  std::optional<std::int64_t> matched;
  // Every candidate is computed, matching or not, so the time taken does not depend on
  // which step matched.
  for (std::int64_t step = current - kTotpWindowSteps; step <= current + kTotpWindowSteps; ++step) {
    ZT_ASSIGN_OR_RETURN(std::string expected, TotpCode(crypto, secret, step, kTotpDigits));
    if (ConstantTimeEqual(expected, code) && step > last_used_step && !matched) matched = step;
  }
  return matched;
}

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char ch : bytes) {
    buffer = (buffer << 8) | ch;
    bits += 8;
    while (bits >= 5) {
      out += kBase32Alphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32Alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

Result<std::string> Base32Decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char ch : text) {
    if (ch == '=' || ch == ' ') continue;
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    int value = -1;
    if (ch >= 'A' && ch <= 'Z') value = ch - 'A';
    if (ch >= '2' && ch <= '7') value = ch - '2' + 26;
    if (value < 0) {
      return Fail(ErrorCode::kInvalidArgument, "totp.secret_format", "not a base32 secret");
    }
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

std::string OtpAuthUri(std::string_view issuer, std::string_view account,
                       std::string_view base32_secret) {
  return "otpauth://totp/" + PercentEncode(issuer) + ":" + PercentEncode(account) +
         "?secret=" + std::string(base32_secret) + "&issuer=" + PercentEncode(issuer) +
         "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpStep.count());
}

}  // namespace zt::service
