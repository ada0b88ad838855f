#include "zt/core/time.h"

#include <gtest/gtest.h>

#include "expect_error.h"

namespace zt {
namespace {

using namespace std::chrono_literals;
using zt::testing::FailsOnField;

Instant At(std::string_view rfc3339) {
  auto t = ParseInstant(rfc3339);
  EXPECT_TRUE(t) << rfc3339 << ": " << t.error().ToString();
  return t.value_or(Instant{});
}

TEST(ParseDateTest, AcceptsRealDates) {
  auto d = ParseDate("2025-09-30");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year(), 2025);
  EXPECT_EQ(d->month(), 9u);
  EXPECT_EQ(d->day(), 30u);
  EXPECT_EQ(d->iso_weekday(), 2u);  // Tuesday
  EXPECT_EQ(d->ToString(), "2025-09-30");
  EXPECT_TRUE(ParseDate("2024-02-29"));  // leap year
  EXPECT_TRUE(ParseDate("2000-02-29"));  // divisible by 400
  EXPECT_EQ(ParseDate("1970-01-01")->days_since_epoch(), 0);
}

TEST(ParseDateTest, RejectsNonexistentDates) {
  EXPECT_TRUE(FailsOnField(ParseDate("2023-02-29"), "date.nonexistent"));
  EXPECT_TRUE(FailsOnField(ParseDate("1900-02-29"), "date.nonexistent"));
  EXPECT_TRUE(FailsOnField(ParseDate("2025-04-31"), "date.nonexistent"));
  EXPECT_TRUE(FailsOnField(ParseDate("2025-13-01"), "date.nonexistent"));
  EXPECT_TRUE(FailsOnField(ParseDate("2025-00-10"), "date.nonexistent"));
  EXPECT_TRUE(FailsOnField(ParseDate("2025-01-00"), "date.nonexistent"));
}

TEST(ParseDateTest, RejectsOtherShapes) {
  for (std::string_view text :
       {"", "2025-9-30", "2025/09/30", "20250930", "2025-09-30 ", " 2025-09-30", "2025-09-3a",
        "2025-09-30T00:00:00Z", "+025-09-30", "２０２５-09-30"}) {
    EXPECT_TRUE(FailsOnField(ParseDate(text), "date.format")) << text;
  }
}

TEST(DateTest, AddDaysCrossesMonthsAndYears) {
  EXPECT_EQ(ParseDate("2024-12-31")->AddDays(1).ToString(), "2025-01-01");
  EXPECT_EQ(ParseDate("2024-02-28")->AddDays(1).ToString(), "2024-02-29");
  EXPECT_EQ(ParseDate("2025-03-01")->AddDays(-1).ToString(), "2025-02-28");
  EXPECT_LT(*ParseDate("2025-01-01"), *ParseDate("2025-01-02"));
}

TEST(InstantTest, FormatsInChinaStandardTime) {
  EXPECT_EQ(FormatInstant(At("2025-09-30T16:00:00Z")), "2025-10-01T00:00:00+08:00");
  EXPECT_EQ(FormatInstant(At("2025-09-30T15:59:59Z")), "2025-09-30T23:59:59+08:00");
  EXPECT_EQ(FormatInstant(Instant{}), "1970-01-01T08:00:00+08:00");
  EXPECT_EQ(FormatInstant(Instant{} - 1ms), "1970-01-01T07:59:59+08:00");  // before epoch
}

TEST(InstantTest, FormatDropsMilliseconds) {
  EXPECT_EQ(FormatInstant(At("2026-11-22T12:03:21.999Z")), "2026-11-22T20:03:21+08:00");
}

TEST(InstantTest, ParsesOffsetsAndFractions) {
  const Instant utc = At("2025-09-30T04:00:00Z");
  EXPECT_EQ(At("2025-09-30T12:00:00+08:00"), utc);
  EXPECT_EQ(At("2025-09-29T23:00:00-05:00"), utc);
  EXPECT_EQ(At("2025-09-30t04:00:00z"), utc);
  EXPECT_EQ(At("2025-09-30 04:00:00Z"), utc);
  EXPECT_EQ(At("2025-09-30T04:00:00.5Z"), utc + 500ms);
  EXPECT_EQ(At("2025-09-30T04:00:00.123456789Z"), utc + 123ms);  // truncated to ms
  // Round trip through the +08:00 form.
  EXPECT_EQ(At(FormatInstant(utc)), utc);
}

TEST(InstantTest, RejectsMalformedInstants) {
  for (std::string_view text : {
           "",
           "2025-09-30",                  // date only
           "2025-09-30T12:00:00",         // no offset
           "2025-09-30T12:00:00+0800",    // offset without colon
           "2025-09-30T12:00:00+08",      // short offset
           "2025-09-30T24:00:00Z",        // hour 24
           "2025-09-30T12:60:00Z",        // minute 60
           "2025-09-30T12:00:61Z",        // second 61
           "2025-09-30T12:00:00.Z",       // empty fraction
           "2025-09-30T12:00:00ZZ",       // trailing garbage
           "2023-02-29T12:00:00Z",        // no such date
           "2025-09-30X12:00:00Z",        // bad separator
           "2025-09-30T12:00:00+08:00 ",  // trailing space
       }) {
    EXPECT_TRUE(FailsOnField(ParseInstant(text), "instant.format")) << text;
  }
}

TEST(InstantTest, CivilDateUsesUtcPlusEight) {
  EXPECT_EQ(CivilDateCst(At("2025-09-30T15:59:59.999Z")).ToString(), "2025-09-30");
  EXPECT_EQ(CivilDateCst(At("2025-09-30T16:00:00Z")).ToString(), "2025-10-01");
  EXPECT_EQ(CivilDateCst(At("2025-10-01T00:00:00+08:00")).ToString(), "2025-10-01");
}

TEST(SimulatedClockTest, MovesOnlyWhenTold) {
  SimulatedClock clock(At("2025-09-30T00:00:00+08:00"));
  const Instant start = clock.Now();
  EXPECT_EQ(clock.Now(), start);
  clock.Advance(24h);
  EXPECT_EQ(FormatInstant(clock.Now()), "2025-10-01T00:00:00+08:00");
  clock.Set(start);
  EXPECT_EQ(clock.Now(), start);
}

}  // namespace
}  // namespace zt
