#include "zt/api/rate_limiter.h"

#include <charconv>
#include <cmath>

namespace zt::api {

Result<std::optional<RateLimit>> ParseRateLimit(std::string_view text) {
  if (text == "off") return std::optional<RateLimit>();
  auto bad = [&] {
    return Fail(ErrorCode::kInvalidArgument, "rate_limit.format",
                "a rate limit is N/PERIOD such as 600/1m or 5/2s, or off");
  };
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return bad();
  auto whole = [](std::string_view digits, std::int64_t& out) {
    if (digits.empty()) return true;  // "600/m": one unit
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return ec == std::errc{} && end == digits.data() + digits.size();
  };
  std::int64_t capacity = 0;
  std::string_view count = text.substr(0, slash);
  if (count.empty() || !whole(count, capacity) || capacity < 1 || capacity > 1'000'000) {
    return bad();
  }
  std::string_view period = text.substr(slash + 1);
  std::size_t unit_at = period.find_first_not_of("0123456789");
  if (unit_at == std::string_view::npos) return bad();
  std::string_view unit = period.substr(unit_at);
  std::int64_t amount = 1;
  if (!whole(period.substr(0, unit_at), amount) || amount < 1 || amount > 1'000'000) return bad();
  std::int64_t unit_ms = unit == "ms"  ? 1
                         : unit == "s" ? 1000
                         : unit == "m" ? 60'000
                         : unit == "h" ? 3'600'000
                                       : 0;
  if (unit_ms == 0) return bad();
  return std::optional<RateLimit>(
      RateLimit{static_cast<int>(capacity), std::chrono::milliseconds(amount * unit_ms)});
}

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
