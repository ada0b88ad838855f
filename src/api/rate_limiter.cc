#include "zt/api/rate_limiter.h"

#include <cmath>

namespace zt::api {

void RateLimiter::Refill(Bucket& b, Instant now) const {
  if (now <= b.updated) return;
  double elapsed = static_cast<double>((now - b.updated).count());
  double rate = static_cast<double>(limit_.capacity) / static_cast<double>(limit_.period.count());
  b.tokens = std::min(static_cast<double>(limit_.capacity), b.tokens + elapsed * rate);
  b.updated = now;
}

RateLimiter::Bucket& RateLimiter::Find(std::string_view key, Instant now) {
  auto it = buckets_.find(std::string(key));
  if (it != buckets_.end()) {
    Refill(it->second, now);
    return it->second;
  }
  if (buckets_.size() >= kMaxKeys) {
    for (auto i = buckets_.begin(); i != buckets_.end();) {
      Refill(i->second, now);
      i = i->second.tokens >= limit_.capacity ? buckets_.erase(i) : std::next(i);
    }
    // Still full: every bucket is in use, so forget all rather than grow without bound.
    if (buckets_.size() >= kMaxKeys) buckets_.clear();
  }
  return buckets_[std::string(key)] = Bucket{static_cast<double>(limit_.capacity), now};
}

std::optional<std::chrono::seconds> RateLimiter::WaitFor(const Bucket& b) const {
  if (b.tokens >= 1.0) return std::nullopt;
  double per_token_ms =
      static_cast<double>(limit_.period.count()) / static_cast<double>(limit_.capacity);
  double wait_ms = (1.0 - b.tokens) * per_token_ms;
  auto seconds = static_cast<std::int64_t>(std::ceil(wait_ms / 1000.0));
  return std::chrono::seconds(std::max<std::int64_t>(seconds, 1));
}

std::optional<std::chrono::seconds> RateLimiter::Check(std::string_view key) {
  std::lock_guard lock(mu_);
  return WaitFor(Find(key, clock_.Now()));
}

void RateLimiter::Refund(std::string_view key) {
  std::lock_guard lock(mu_);
  Bucket& b = Find(key, clock_.Now());
  b.tokens = std::min(static_cast<double>(limit_.capacity), b.tokens + 1.0);
}

std::optional<std::chrono::seconds> RateLimiter::Take(std::string_view key) {
  std::lock_guard lock(mu_);
  Bucket& b = Find(key, clock_.Now());
  auto wait = WaitFor(b);
  if (!wait) b.tokens -= 1.0;
  return wait;
}

}  // namespace zt::api
