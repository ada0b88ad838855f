// Private to the api module: the general API rate limit (docs/security.md "Rate limits",
// RELIABILITY.md RATE-01). A token bucket per client answers 429 problem+json
// `api.rate_limited` with Retry-After before any other middleware or handler runs, so a
// refused request reaches neither the store nor the audit trail.
#pragma once

#include "zt/api/rate_limiter.h"
#include "zt/core/time.h"
#include "zt/http/router.h"
#include "zt/service/ports.h"

namespace zt::api {

// Adds the limit as the outermost middleware (register it before everything else). The client
// is the account whose session cookie the request carries, once that session has been seen to
// resolve (remembered in memory, at most 100,000 sessions), else the TCP peer address: a made-up
// cookie never buys a fresh bucket, and headers such as X-Forwarded-For are ignored.
// /healthz, /readyz and /metrics are exempt.
void UseApiRateLimit(http::Router& router, const Clock& clock, service::Crypto& crypto,
                     RateLimit limit);

}  // namespace zt::api
