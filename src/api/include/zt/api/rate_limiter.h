// File: rate_limiter.h
//
// A token bucket per key (the source address of login attempts): each key holds up to
// `capacity` tokens and regains them at `capacity` per `period`. Time comes from a Clock,
// so tests drive it with a SimulatedClock.
//
//   RateLimiter limiter(clock, {10, std::chrono::minutes(1)});
//   if (auto wait = limiter.Take(ip); wait) return TooMany(*wait);   // empty bucket
//   ... handle the attempt ...
//   if (succeeded) limiter.Refund(ip);   // only failed attempts end up counted
//
// Thread-safe. Memory is bounded: at most kMaxKeys buckets are kept; full buckets (which
// carry no information) are dropped first when the table is full.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "zt/core/error.h"
#include "zt/core/time.h"

namespace zt::api {

struct RateLimit {
  int capacity = 10;                        // attempts allowed in a burst
  std::chrono::milliseconds period{60000};  // time to refill the whole bucket
};

// "N/PERIOD" as a RateLimit: N requests per PERIOD, PERIOD a whole number followed by ms, s,
// m or h ("600/1m", "600/m", "5/2s"); "off" gives std::nullopt (no limit).
// kInvalidArgument "rate_limit.format" otherwise.
Result<std::optional<RateLimit>> ParseRateLimit(std::string_view text);

class RateLimiter {
 public:
  static constexpr std::size_t kMaxKeys = 100000;

  RateLimiter(const Clock& clock, RateLimit limit) : clock_(clock), limit_(limit) {}

  // std::nullopt when `key` has a token left (nothing is taken); otherwise how long until
  // one is regained, rounded up to whole seconds (at least 1), for Retry-After.
  std::optional<std::chrono::seconds> Check(std::string_view key);
  // Takes one token when `key` has one and returns std::nullopt; otherwise takes nothing
  // and returns the wait as Check does. Taking before the attempt (not after) keeps
  // concurrent attempts from all passing on the same last token.
  std::optional<std::chrono::seconds> Take(std::string_view key);
  // Gives back one token taken by Take (never above capacity).
  void Refund(std::string_view key);

 private:
  struct Bucket {
    double tokens = 0;
    Instant updated{};
  };
  // Refills `b` up to now. Caller holds mu_.
  void Refill(Bucket& b, Instant now) const;
  Bucket& Find(std::string_view key, Instant now);  // caller holds mu_
  std::optional<std::chrono::seconds> WaitFor(const Bucket& b) const;

  const Clock& clock_;
  RateLimit limit_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace zt::api
