// File: api.h
//
// The JSON API under /api/v1 plus /healthz, /readyz and /metrics: translators between HTTP
// and the services. Each handler parses and validates its input (zt::http::JsonObjectReader),
// calls one service method, and renders the result; errors become problem+json in
// zt::http::Problem. Authentication (session cookie), CSRF and the must-change-password
// gate run once, as router middleware, before any handler.
//
//   zt::api::Api api(deps);
//   http::Router router;
//   api.Register(router);
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "zt/api/rate_limiter.h"
#include "zt/calendar/calendar.h"
#include "zt/core/time.h"
#include "zt/http/router.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::api {

inline constexpr const char* kSessionCookie = "zt_session";

struct ApiOptions {
  bool secure_cookies = false;  // set Secure on cookies (behind TLS)
  // Failed logins (POST /api/v1/session) allowed per source address: a token bucket of
  // this capacity refilled over this period; further attempts get 429 auth.rate_limited.
  RateLimit login_rate{10, std::chrono::minutes(1)};
  // Every API request per client (the session's account, else the source address): a token
  // bucket of this capacity refilled over this period, then 429 api.rate_limited; nullopt
  // turns it off. Off here for in-process users (tests, fuzzing); the binary turns it on with
  // 600 per minute (`serve --api-rate`, ZT_API_RATE; docs/security.md "Rate limits").
  std::optional<RateLimit> api_rate;
  // AUTH-06: where the development SMS adapter writes one-time codes (ZT_SMS_OUTBOX); empty
  // means no SMS gateway, and SMS login answers 503 sms.unavailable (docs/security.md).
  std::string sms_outbox_dir;
  // Where application materials' bytes are kept: <data_dir>/blobs (docs/materials.md).
  std::string data_dir = "var";
  // Largest material upload accepted (the server's body limit for upload routes matches).
  std::int64_t max_upload_bytes = 10 * 1024 * 1024;
  // AUTH-05/AZ-06: staff without TOTP may only enrol it until they have. False only outside
  // production (`serve --staff-second-factor optional`; `--production` refuses it).
  bool staff_second_factor_required = true;
  // AUD-04: while this answers false (automatic audit checkpoints have failed beyond their
  // grace period), state-changing requests get 503 audit.checkpoint_unavailable; reads go on.
  std::function<bool()> writes_allowed;
};

class Api {
 public:
  Api(service::Store& store, service::Crypto& crypto, const Clock& clock,
      const calendar::WorkingCalendar& calendar, ApiOptions options = {});
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Adds every route and the authentication middleware to `router`.
  void Register(http::Router& router);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The OpenAPI 3.1 document (docs/openapi.json, embedded at build time).
const std::string& OpenApiDocument();

}  // namespace zt::api
