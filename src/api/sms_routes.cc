// SMS one-time codes for citizens' login (AUTH-06, docs/security.md): ask for a code for a
// registered mobile number, then log in with the number and the code. The gateway adapter
// here is the development one: it appends each message to <ZT_SMS_OUTBOX>/<number>.txt.
// Without it the routes answer 503 sms.unavailable.
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>

#include "account_render.h"
#include "handler_support.h"
#include "routes.h"
#include "zt/api/api.h"
#include "zt/http/cookies.h"
#include "zt/http/json_body.h"
#include "zt/http/problem.h"
#include "zt/service/sms_login_service.h"

namespace zt::api {
namespace json = boost::json;

namespace {

// Writes messages to files instead of a gateway: for development and tests only (`serve
// --production` refuses it), since the codes end up on disk in the clear.
class FileSmsSender final : public service::SmsSender {
 public:
  explicit FileSmsSender(std::filesystem::path dir) : dir_(std::move(dir)) {}

  Status Send(std::string_view phone, std::string_view text) override {
    std::lock_guard lock(mu_);
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    std::ofstream out(dir_ / (std::string(phone) + ".txt"), std::ios::app);
    out << text << "\n";
    out.flush();
    if (!out) {
      return Fail(ErrorCode::kUnavailable, "sms.outbox_unwritable",
                  "the SMS outbox directory cannot be written");
    }
    return Ok();
  }

 private:
  std::filesystem::path dir_;
  std::mutex mu_;
};

void RegisterSmsMessages() {
  struct Message {
    const char* key;
    const char* zh;
    const char* en;
  };
  static constexpr Message kMessages[] = {
      {"sms.unavailable", "短信验证码登录暂不可用，请使用密码登录。",
       "SMS login is not available; please log in with your password."},
      {"sms.rate_limited", "获取验证码过于频繁，请稍后再试。",
       "Too many code requests; please wait before asking again."},
      {"sms.code_invalid", "验证码错误、已使用或已过期，请重新获取。",
       "The code is wrong, used or expired; please ask for a new one."},
      {"sms.code_format", "验证码为6位数字。", "The code is 6 digits."},
  };
  for (const auto& m : kMessages) http::RegisterMessages(m.key, m.zh, m.en);
}

struct SmsRoutes {
  std::unique_ptr<FileSmsSender> sender;
  service::SmsLoginService sms;
  bool secure_cookies;

  SmsRoutes(const ApiDeps& deps, const std::string& outbox_dir, bool secure)
      : sender(outbox_dir.empty() ? nullptr : std::make_unique<FileSmsSender>(outbox_dir)),
        sms(deps.store, deps.crypto, deps.clock, sender.get()),
        secure_cookies(secure) {}

  // POST /api/v1/session/sms-code {phone}: 202 whether or not the number is registered.
  Result<http::Response> RequestCode(http::Request& req) {
    http::JsonObjectReader r(req.body());
    std::string phone = r.RequireString("phone", 1, 32);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto answer, sms.RequestCode(phone, ContextOf(req)));
    if (answer.retry_after) {
      http::Response out = http::Problem(
          Error(ErrorCode::kResourceExhausted, "sms.rate_limited", "too many code requests"), req);
      out.SetHeader("Retry-After", std::to_string(answer.retry_after->count()));
      return out;
    }
    return http::Response::Json(202, json::object{{"resend_after", answer.resend_after.count()},
                                                  {"expires_in", answer.expires_in.count()}});
  }

  // POST /api/v1/session/sms {phone, code}: the session, as POST /api/v1/session answers it.
  Result<http::Response> Login(http::Request& req) {
    http::JsonObjectReader r(req.body());
    std::string phone = r.RequireString("phone", 1, 32);
    std::string code = r.RequireString("code", 1, 16);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto session, sms.Login(phone, code, ContextOf(req)));
    http::Response out =
        http::Response::Json(200, json::object{{"account", RenderSessionAccount(session)},
                                               {"csrf_token", session.csrf_token}});
    http::CookieOptions cookie;
    cookie.secure = secure_cookies;
    cookie.max_age = std::chrono::duration_cast<std::chrono::seconds>(service::kAbsoluteTimeout);
    out.AddHeader("Set-Cookie", http::BuildSetCookie(kSessionCookie, session.token, cookie));
    return out;
  }
};

}  // namespace

void RegisterSmsRoutes(http::Router& router, const ApiDeps& deps, const std::string& outbox_dir,
                       bool secure_cookies) {
  RegisterSmsMessages();
  auto routes = std::make_shared<SmsRoutes>(deps, outbox_dir, secure_cookies);
  router.Post("/api/v1/session/sms-code",
              [routes](http::Request& req) { return routes->RequestCode(req); });
  router.Post("/api/v1/session/sms", [routes](http::Request& req) { return routes->Login(req); });
}

}  // namespace zt::api
