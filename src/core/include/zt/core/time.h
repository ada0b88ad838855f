// File: time.h
//
// Dates and instants as plain values. Domain code never reads the clock: the current
// instant is passed in (see Clock below, implemented at the edge). Civil dates are in
// China Standard Time (UTC+8, no daylight saving since 1991), the only zone the
// platform's legal deadlines use.
//
//   zt::Result<zt::Date> d = zt::ParseDate("2025-09-30");
//   std::string s = zt::FormatInstant(now);   // "2026-11-22T20:03:21+08:00"
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "zt/core/error.h"

namespace zt {

// A civil date (no time of day). Ordered and hashable through days_since_epoch().
class Date {
 public:
  constexpr Date() = default;
  constexpr explicit Date(std::chrono::sys_days days) : days_(days) {}
  static Result<Date> FromYmd(int year, unsigned month, unsigned day);

  std::chrono::year_month_day ymd() const { return std::chrono::year_month_day(days_); }
  int year() const { return static_cast<int>(ymd().year()); }
  unsigned month() const { return static_cast<unsigned>(ymd().month()); }
  unsigned day() const { return static_cast<unsigned>(ymd().day()); }
  std::chrono::sys_days sys_days() const { return days_; }
  std::int64_t days_since_epoch() const { return days_.time_since_epoch().count(); }
  // ISO weekday: 1 = Monday ... 7 = Sunday.
  unsigned iso_weekday() const { return std::chrono::weekday(days_).iso_encoding(); }

  Date AddDays(std::int64_t n) const { return Date(days_ + std::chrono::days(n)); }
  std::string ToString() const;  // "YYYY-MM-DD"

  friend constexpr auto operator<=>(const Date&, const Date&) = default;

 private:
  std::chrono::sys_days days_{};
};

// Parses exactly "YYYY-MM-DD" and rejects dates that do not exist (2023-02-29).
// Returns kInvalidArgument with key "date.format" or "date.nonexistent".
Result<Date> ParseDate(std::string_view text);

// An instant in time, millisecond precision, UTC-based.
using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

// The civil date of `t` in China Standard Time (UTC+8).
Date CivilDateCst(Instant t);

// RFC 3339 with the +08:00 offset: "2026-11-22T20:03:21+08:00" (milliseconds dropped).
std::string FormatInstant(Instant t);

// Parses RFC 3339 with any offset ("Z", "+08:00"); fractional seconds are accepted.
Result<Instant> ParseInstant(std::string_view text);

// The port through which the edge supplies "now". Thread-safe implementations only.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
};

// A clock that tests move by hand.
class SimulatedClock final : public Clock {
 public:
  explicit SimulatedClock(Instant start) : now_(start) {}
  Instant Now() const override { return now_; }
  void Set(Instant t) { now_ = t; }
  void Advance(std::chrono::milliseconds d) { now_ += d; }

 private:
  Instant now_;
};

}  // namespace zt
