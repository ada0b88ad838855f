// File: totp.h
//
// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) with HMAC-SHA1, the variant
// every authenticator app (FreeOTP, Google Authenticator, 微信/支付宝 小程序 authenticators)
// implements. Pure functions: the secret and the time are values, and the HMAC comes from
// the Crypto port, so no clock or OpenSSL is read here.
//
//   std::int64_t step = TotpStep(clock.Now());                   // 30 s steps since 1970
//   ZT_ASSIGN_OR_RETURN(std::string code, TotpCode(crypto, secret, step, 6));   // "287082"
//   ZT_ASSIGN_OR_RETURN(auto matched, MatchTotp(crypto, secret, "287082", now, last_step));
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/ports.h"

namespace zt::service {

inline constexpr std::chrono::seconds kTotpStep{30};
inline constexpr int kTotpDigits = 6;
inline constexpr int kTotpWindowSteps = 1;           // codes of the previous and next step count
inline constexpr std::size_t kTotpSecretBytes = 20;  // 160 bits, as RFC 4226 recommends

// The RFC 6238 time step T = floor(unix seconds / 30) of `t` (T0 = 0).
std::int64_t TotpStep(Instant t);

// The HOTP value (RFC 4226 §5.3 dynamic truncation) of the raw HMAC-SHA1 `mac` (20 bytes),
// reduced to `digits` digits. Pure; `mac` shorter than 20 bytes gives 0.
std::uint32_t HotpTruncate(std::string_view mac, int digits);

// The `digits`-digit code (zero-padded) for `step` under the raw secret bytes `secret`.
// Errors: kInvalidArgument ("totp.digits") unless 6 <= digits <= 8; whatever Crypto::Hmac
// returns.
Result<std::string> TotpCode(Crypto& crypto, std::string_view secret, std::int64_t step,
                             int digits = kTotpDigits);

// The step whose code equals `code` among now's step ± kTotpWindowSteps, considering only
// steps after `last_used_step` (each code is accepted once); std::nullopt when none matches.
// Compares in constant time. Errors: as TotpCode.
Result<std::optional<std::int64_t>> MatchTotp(Crypto& crypto, std::string_view secret,
                                              std::string_view code, Instant now,
                                              std::int64_t last_used_step);

// RFC 4648 base32 (upper case, no padding), the form authenticator apps take.
std::string Base32Encode(std::string_view bytes);
// Decodes base32 (case-insensitive, padding and spaces ignored); kInvalidArgument
// ("totp.secret_format") for another character.
Result<std::string> Base32Decode(std::string_view text);

// otpauth://totp/<issuer>:<account>?secret=<base32>&issuer=<issuer>&algorithm=SHA1&digits=6
// &period=30, percent-encoding the label and issuer (Key URI Format of Google Authenticator).
std::string OtpAuthUri(std::string_view issuer, std::string_view account,
                       std::string_view base32_secret);

}  // namespace zt::service
