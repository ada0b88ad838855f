#include "zt/service/sms_login_service.h"

#include <cstdint>
#include <cstdio>

#include "zt/core/phone.h"
#include "zt/service/catalog_service.h"
#include "zt/service/sms_store.h"

namespace zt::service {
namespace {

constexpr std::size_t kSessionTokenBytes = 32;
constexpr std::chrono::hours kDay{24};
constexpr std::chrono::hours kHour{1};

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

// Six uniform digits: 32 random bits, redrawn above the largest multiple of 10^6 (4,294 x 10^6)
// so that no code is likelier than another.
std::string RandomCode(Crypto& crypto) {
  for (;;) {
    std::string bytes = crypto.RandomBytes(4);
    std::uint32_t value = 0;
    for (char c : bytes) value = (value << 8) | static_cast<unsigned char>(c);
    if (value >= 4'294'000'000U) continue;
    char text[8];
    std::snprintf(text, sizeof text, "%06u", static_cast<unsigned>(value % 1'000'000U));
    return text;
  }
}

std::string PhoneKey(SmsStore& sms, std::string_view phone) {
  return sms.KeyedDigest("sms.phone:" + std::string(phone));
}
std::string CodeHash(SmsStore& sms, std::string_view id, std::string_view code) {
  return sms.KeyedDigest("sms.code:" + std::string(id) + ":" + std::string(code));
}

EventDraft SmsEvent(Instant at, std::string action, std::string_view code_id,
                    std::string_view phone, const RequestContext& ctx, std::string result = "ok") {
  EventDraft e;
  e.at = at;
  e.action = std::move(action);
  e.object_type = "sms_code";
  e.object_id = std::string(code_id);
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  e.result = std::move(result);
  e.details.push_back({"phone", MaskPhone(phone)});
  return e;
}

std::chrono::seconds CeilSeconds(std::chrono::milliseconds wait) {
  auto seconds = std::chrono::ceil<std::chrono::seconds>(wait);
  return seconds < std::chrono::seconds(1) ? std::chrono::seconds(1) : seconds;
}

Result<MobileNumber> ParsePhone(std::string_view phone) {
  auto parsed = MobileNumber::Parse(phone);
  if (!parsed) return FieldFail("/phone", parsed.error().key(), parsed.error().detail());
  return parsed;
}

auto CodeInvalid() {
  return Fail(ErrorCode::kUnauthenticated, "sms.code_invalid",
              "the code is wrong, used or expired; ask for a new one");
}

}  // namespace

std::string SmsCodeText(std::string_view code) {
  return "【政通】您的登录验证码是 " + std::string(code) + "，5分钟内有效，请勿告诉他人。";
}

Status SmsLoginService::RequireSender() const {
  if (sender_ == nullptr) {
    return Fail(ErrorCode::kUnavailable, "sms.unavailable",
                "SMS login is not available: no SMS gateway is configured");
  }
  return Ok();
}

Result<SmsCodeAnswer> SmsLoginService::RequestCode(std::string_view phone_text,
                                                   const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(RequireSender());
  ZT_ASSIGN_OR_RETURN(MobileNumber number, ParsePhone(phone_text));
  const std::string& phone = number.value();
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  SmsStore& sms = tx->sms();
  std::string phone_key = PhoneKey(sms, phone);

  // The limits, longest wait first; a refused request is recorded but not counted.
  std::optional<std::chrono::milliseconds> wait;
  std::string reason;
  auto wait_at_least = [&](std::chrono::milliseconds w, const char* why) {
    if (!wait || w > *wait) {
      wait = w;
      reason = why;
    }
  };
  ZT_ASSIGN_OR_RETURN(auto from_address, sms.RequestsFromAddressSince(ctx.source_ip, now - kHour));
  if (static_cast<int>(from_address.size()) >= kSmsMaxPerAddressPerHour) {
    wait_at_least(std::chrono::duration_cast<std::chrono::milliseconds>(
                      from_address[from_address.size() - kSmsMaxPerAddressPerHour] + kHour - now),
                  "address_hourly_limit");
  }
  ZT_ASSIGN_OR_RETURN(auto for_number, sms.RequestsForNumberSince(phone_key, now - kDay));
  if (static_cast<int>(for_number.size()) >= kSmsMaxPerDay) {
    wait_at_least(std::chrono::duration_cast<std::chrono::milliseconds>(
                      for_number[for_number.size() - kSmsMaxPerDay] + kDay - now),
                  "daily_limit");
  }
  if (!for_number.empty() && now - for_number.back() < kSmsResendInterval) {
    wait_at_least(std::chrono::duration_cast<std::chrono::milliseconds>(for_number.back() +
                                                                        kSmsResendInterval - now),
                  "resend_interval");
  }
  if (wait) {
    auto refused = SmsEvent(now, "sms.code_refused", "", phone, ctx, "denied");
    refused.details.push_back({"reason", reason});
    ZT_RETURN_IF_ERROR(tx->AppendEvent(refused));
    ZT_RETURN_IF_ERROR(tx->Commit());
    SmsCodeAnswer answer;
    answer.retry_after = CeilSeconds(*wait);
    return answer;
  }

  ZT_ASSIGN_OR_RETURN(auto citizens, sms.CitizensWithPhone(phone));
  SmsCodeRecord record;
  record.id = NewId(crypto_, "sms_");
  record.phone_key = phone_key;
  record.source_ip = ctx.source_ip;
  record.created_at = now;
  record.expires_at = now + std::chrono::duration_cast<std::chrono::milliseconds>(kSmsCodeValidity);
  std::string code;
  // A number shared by several citizens opens none of them: the code would not say whose.
  if (citizens.size() == 1) {
    code = RandomCode(crypto_);
    record.account_id = citizens.front();
    record.code_hash = CodeHash(sms, record.id, code);
    record.state = "pending";
  } else {
    record.state = "unsent";
  }
  ZT_RETURN_IF_ERROR(sms.InsertCode(record));
  auto requested = SmsEvent(now, "sms.code_requested", record.id, phone, ctx);
  requested.details.push_back({"sent", code.empty() ? "no" : "yes"});
  if (citizens.size() > 1) requested.details.push_back({"reason", "number_shared"});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(requested));
  ZT_RETURN_IF_ERROR(tx->Commit());

  // Sent after the commit: a code that was sent is always on record. A failed hand-over is
  // recorded and the answer stays the same, so it tells nothing about the number.
  if (!code.empty()) {
    if (auto sent = sender_->Send(phone, SmsCodeText(code)); !sent) {
      auto failed = SmsEvent(clock_.Now(), "sms.delivery_failed", record.id, phone, ctx, "failed");
      failed.details.push_back({"error", sent.error().key()});
      ZT_ASSIGN_OR_RETURN(auto note, store_.Begin());
      ZT_RETURN_IF_ERROR(note->AppendEvent(failed));
      ZT_RETURN_IF_ERROR(note->Commit());
    }
  }
  return SmsCodeAnswer{};
}

Result<Session> SmsLoginService::Login(std::string_view phone_text, std::string_view code,
                                       const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(RequireSender());
  ZT_ASSIGN_OR_RETURN(MobileNumber number, ParsePhone(phone_text));
  if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string_view::npos) {
    return FieldFail("/code", "sms.code_format", "the code is 6 digits");
  }
  const std::string& phone = number.value();
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  SmsStore& sms = tx->sms();
  ZT_ASSIGN_OR_RETURN(auto latest, sms.LatestCode(PhoneKey(sms, phone)));
  auto refuse = [&](std::string reason) -> Result<Session> {
    auto failed = SmsEvent(now, "sms.login_failed", latest ? latest->id : "", phone, ctx, "denied");
    failed.details.push_back({"reason", std::move(reason)});
    ZT_RETURN_IF_ERROR(tx->AppendEvent(failed));
    ZT_RETURN_IF_ERROR(tx->Commit());
    return CodeInvalid();
  };
  if (!latest) return refuse("no_code");
  if (latest->state != "pending") return refuse(latest->state);
  if (now >= latest->expires_at) return refuse("expired");
  SmsCodeRecord record = *latest;
  record.version = latest->version + 1;
  if (!ConstantTimeEqual(CodeHash(sms, record.id, code), latest->code_hash)) {
    record.failed_attempts += 1;
    bool dead = record.failed_attempts >= kSmsMaxWrongTries;
    if (dead) record.state = "dead";
    ZT_RETURN_IF_ERROR(sms.UpdateCode(record, latest->version));
    if (dead) {
      auto killed = SmsEvent(now, "sms.code_dead", record.id, phone, ctx, "denied");
      killed.details.push_back({"failures", std::to_string(kSmsMaxWrongTries)});
      ZT_RETURN_IF_ERROR(tx->AppendEvent(killed));
    }
    return refuse("wrong_code");
  }
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindAccount(record.account_id));
  if (!found || found->disabled || found->role != accounts::Role::kCitizen) {
    return refuse("account");
  }
  record.state = "used";
  // A concurrent login with the same code loses here (kAborted): the code is used once.
  if (auto used = sms.UpdateCode(record, latest->version); !used) {
    if (used.error().code() == ErrorCode::kAborted) return CodeInvalid();
    return std::unexpected(used.error());
  }
  Session session;
  session.token = crypto_.RandomToken(kSessionTokenBytes);
  session.csrf_token = crypto_.RandomToken(kSessionTokenBytes);
  session.expires_at =
      now + std::chrono::duration_cast<std::chrono::milliseconds>(kAbsoluteTimeout);
  ZT_RETURN_IF_ERROR(tx->InsertSession(SessionRecord{crypto_.Digest(session.token), found->id, now,
                                                     now, session.expires_at, session.csrf_token}));
  EventDraft login;
  login.at = now;
  login.action = "account.login";
  login.object_type = "account";
  login.object_id = found->id.value();
  login.actor_id = found->id;
  login.actor_role = std::string(accounts::RoleName(found->role));
  login.actor_region = found->region_code;
  login.request_id = ctx.request_id;
  login.source_ip = ctx.source_ip;
  login.details.push_back({"method", "sms"});
  login.details.push_back({"sms_code", record.id});
  login.details.push_back({"phone", MaskPhone(phone)});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(login));
  ZT_RETURN_IF_ERROR(tx->Commit());
  session.account = *found;
  session.actor = AccountService::ActorOf(*found);
  return session;
}

}  // namespace zt::service
