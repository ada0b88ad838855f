#include "api_rate_limit.h"

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "handler_support.h"
#include "zt/api/api.h"
#include "zt/http/cookies.h"
#include "zt/http/problem.h"

namespace zt::api {
namespace {

constexpr std::size_t kMaxRememberedSessions = 100000;

class ApiRateLimit {
 public:
  ApiRateLimit(const Clock& clock, service::Crypto& crypto, RateLimit limit)
      : crypto_(crypto), limiter_(clock, limit) {}

  Result<http::Response> operator()(http::Request& req, const http::Next& next) {
    std::string_view route = req.route_pattern();
    if (route == "/healthz" || route == "/readyz" || route == "/metrics") return next(req);
    std::string session_digest;
    std::string client = "address:" + req.remote_address();
    if (auto token = http::GetCookie(req, kSessionCookie); token && !token->empty()) {
      session_digest = crypto_.Digest(*token);
      std::lock_guard lock(mu_);
      if (auto it = account_of_session_.find(session_digest); it != account_of_session_.end()) {
        client = "account:" + it->second;
      }
    }
    if (auto wait = limiter_.Take(client)) {
      http::Response out = http::Problem(
          Error(ErrorCode::kResourceExhausted, "api.rate_limited", "too many requests"), req);
      out.SetHeader("Retry-After", std::to_string(wait->count()));
      return out;
    }
    http::Response out = next(req);
    // The authentication middleware (inside) resolved the cookie: later requests with it are
    // counted against the account, wherever they come from.
    if (const Principal* p = req.principal<Principal>(); p != nullptr && !session_digest.empty()) {
      std::lock_guard lock(mu_);
      if (account_of_session_.size() >= kMaxRememberedSessions) account_of_session_.clear();
      account_of_session_[session_digest] = p->session.account.id.value();
    }
    return out;
  }

 private:
  service::Crypto& crypto_;
  RateLimiter limiter_;
  std::mutex mu_;
  std::unordered_map<std::string, std::string> account_of_session_;
};

}  // namespace

void UseApiRateLimit(http::Router& router, const Clock& clock, service::Crypto& crypto,
                     RateLimit limit) {
  http::RegisterMessages("api.rate_limited", "请求过于频繁，请稍后再试。",
                         "Too many requests; please wait a moment and try again.");
  auto shared = std::make_shared<ApiRateLimit>(clock, crypto, limit);
  router.Use([shared](http::Request& req, const http::Next& next) { return (*shared)(req, next); });
}

}  // namespace zt::api
