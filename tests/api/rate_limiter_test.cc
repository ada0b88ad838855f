// The login rate limiter (zt/api/rate_limiter.h): a token bucket per source address, driven
// by a SimulatedClock.
#include "zt/api/rate_limiter.h"

#include <gtest/gtest.h>

namespace zt::api {
namespace {

using std::chrono::seconds;

class RateLimiterTest : public ::testing::Test {
 protected:
  SimulatedClock clock_{*ParseInstant("2025-09-30T10:00:00+08:00")};
  RateLimiter limiter_{clock_, {10, std::chrono::minutes(1)}};
};

TEST_F(RateLimiterTest, TenAttemptsPassTheEleventhWaitsSixSeconds) {
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(limiter_.Take("10.0.0.1").has_value()) << i;
  auto wait = limiter_.Take("10.0.0.1");
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, seconds(6));  // one token per 6 s
}

TEST_F(RateLimiterTest, RefillsWithTheClock) {
  for (int i = 0; i < 10; ++i) limiter_.Take("10.0.0.1");
  clock_.Advance(std::chrono::milliseconds(5999));
  auto wait = limiter_.Take("10.0.0.1");
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, seconds(1));  // rounded up
  clock_.Advance(std::chrono::milliseconds(1));
  EXPECT_FALSE(limiter_.Take("10.0.0.1").has_value());
  EXPECT_TRUE(limiter_.Take("10.0.0.1").has_value());
  clock_.Advance(std::chrono::minutes(10));  // never more than the capacity
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(limiter_.Take("10.0.0.1").has_value()) << i;
  EXPECT_TRUE(limiter_.Take("10.0.0.1").has_value());
}

TEST_F(RateLimiterTest, AddressesHaveTheirOwnBuckets) {
  for (int i = 0; i < 10; ++i) limiter_.Take("10.0.0.1");
  EXPECT_TRUE(limiter_.Check("10.0.0.1").has_value());
  EXPECT_FALSE(limiter_.Check("10.0.0.2").has_value());
  EXPECT_FALSE(limiter_.Take("10.0.0.2").has_value());
}

TEST_F(RateLimiterTest, RefundedAttemptsDoNotCount) {
  for (int i = 0; i < 50; ++i) {
    ASSERT_FALSE(limiter_.Take("10.0.0.1").has_value()) << i;
    limiter_.Refund("10.0.0.1");  // a successful login
  }
  limiter_.Refund("10.0.0.1");  // never above capacity
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(limiter_.Take("10.0.0.1").has_value()) << i;
  EXPECT_TRUE(limiter_.Take("10.0.0.1").has_value());
}

TEST_F(RateLimiterTest, CheckTakesNothing) {
  for (int i = 0; i < 20; ++i) EXPECT_FALSE(limiter_.Check("10.0.0.1").has_value());
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(limiter_.Take("10.0.0.1").has_value()) << i;
}

// `serve --api-rate` / ZT_API_RATE (docs/security.md "Rate limits").
TEST(ParseRateLimitTest, ReadsCountsAndPeriodsAndRefusesTheRest) {
  auto full = ParseRateLimit("600/1m");
  ASSERT_TRUE(full.has_value() && full->has_value());
  EXPECT_EQ((*full)->capacity, 600);
  EXPECT_EQ((*full)->period, std::chrono::minutes(1));
  auto unit = ParseRateLimit("600/m");
  ASSERT_TRUE(unit.has_value() && unit->has_value());
  EXPECT_EQ((*unit)->period, std::chrono::minutes(1));
  EXPECT_EQ((**ParseRateLimit("5/2s")).period, std::chrono::seconds(2));
  EXPECT_EQ((**ParseRateLimit("100/1h")).period, std::chrono::hours(1));
  EXPECT_EQ((**ParseRateLimit("3/500ms")).period, std::chrono::milliseconds(500));
  auto off = ParseRateLimit("off");
  ASSERT_TRUE(off.has_value());
  EXPECT_FALSE(off->has_value());
  for (const char* bad : {"", "600", "/1m", "0/1m", "-1/1m", "600/", "600/1", "600/1d", "600/0s",
                          "6x/1m", "600/1m ", "2000000/1m", "off "}) {
    auto parsed = ParseRateLimit(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().key(), "rate_limit.format") << bad;
  }
}

}  // namespace
}  // namespace zt::api
