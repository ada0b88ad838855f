// File: sms_login_service.h
//
// Citizens' login with a one-time code sent by SMS to their registered mobile number
// (RELIABILITY.md AUTH-06, docs/security.md). A code is 6 digits from the CSPRNG, valid
// kSmsCodeValidity, used at most once, kept only as a keyed digest; kSmsMaxWrongTries wrong
// codes kill it; only the number's newest code counts. Asking for a code answers the same
// whether or not the number belongs to a citizen (the SMS goes only to a registered number),
// and the limits count every request: per number one per kSmsResendInterval and
// kSmsMaxPerDay per rolling 24 hours, per source address kSmsMaxPerAddressPerHour.
// Every request, refusal, login and failure is an event; events carry the masked number
// (138****5678), never the number or the code.
//
//   SmsLoginService sms(store, crypto, clock, &sender);
//   auto asked = sms.RequestCode("13812345678", ctx);   // asked->retry_after when limited
//   auto session = sms.Login("13812345678", "123456", ctx);
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/account_service.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

inline constexpr std::chrono::minutes kSmsCodeValidity{5};  // ASVS 2.7.2 allows 10
inline constexpr int kSmsMaxWrongTries = 5;
inline constexpr std::chrono::seconds kSmsResendInterval{60};
inline constexpr int kSmsMaxPerDay = 10;
// A service hall or a carrier NAT shares one address, so this is far above one person's need.
inline constexpr int kSmsMaxPerAddressPerHour = 30;

// The SMS gateway port: delivers one text to one mobile number (11 digits). An error means
// the message was not handed over.
class SmsSender {
 public:
  virtual ~SmsSender() = default;
  virtual Status Send(std::string_view phone, std::string_view text) = 0;
};

// What a code request answers (the same for every number).
struct SmsCodeAnswer {
  // Set when a limit refused the request: how long until another request can succeed.
  std::optional<std::chrono::seconds> retry_after;
  std::chrono::seconds resend_after = kSmsResendInterval;
  std::chrono::seconds expires_in = kSmsCodeValidity;
};

class SmsLoginService {
 public:
  // `sender` null: no gateway is configured and every call answers kUnavailable
  // "sms.unavailable".
  SmsLoginService(Store& store, Crypto& crypto, const Clock& clock, SmsSender* sender)
      : store_(store), crypto_(crypto), clock_(clock), sender_(sender) {}

  // Records the request and, when `phone` belongs to exactly one enabled citizen, sends a new
  // code. kInvalidArgument "phone.format" (field /phone) for a malformed number (nothing
  // recorded). A refused request is recorded too (event sms.code_refused) and answered with
  // retry_after.
  Result<SmsCodeAnswer> RequestCode(std::string_view phone, const RequestContext& ctx);

  // Opens a citizen session when `code` is the number's newest code, unexpired, unused and not
  // dead. Every failure is kUnauthenticated "sms.code_invalid" (no reason is told);
  // kInvalidArgument for a malformed number or a code that is not 6 digits.
  Result<Session> Login(std::string_view phone, std::string_view code, const RequestContext& ctx);

 private:
  Status RequireSender() const;
  Store& store_;
  Crypto& crypto_;
  const Clock& clock_;
  SmsSender* sender_;
};

// The SMS text carrying `code` (zh-CN, with the validity).
std::string SmsCodeText(std::string_view code);

}  // namespace zt::service
