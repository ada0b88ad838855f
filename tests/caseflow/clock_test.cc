// The legal clocks: deadlines from the pause ledger, explained day by day, and readings.
#include "zt/caseflow/clock.h"

#include <gtest/gtest.h>

#include "zt/caseflow/application.h"

namespace zt::caseflow {
namespace {

const calendar::WorkingCalendar& Cal() { return calendar::WorkingCalendar::China(); }
Date D(const char* s) { return *ParseDate(s); }
Instant At(const char* s) { return *ParseInstant(s); }

TEST(ClockTest, DeadlineWithoutPausesIsAddWorkingDays) {
  auto due = Deadline(Cal(), {D("2025-09-30"), 20, true, {}});
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ((*due)->ToString(), "2025-11-04");
}

TEST(ClockTest, ClosedPauseCarriesUsedDaysOver) {
  // Used 11-04, 11-05; paused 11-06..11-12; 8 more from 11-13.
  ClockPause p{At("2025-11-05T10:00:00+08:00"), At("2025-11-12T10:00:00+08:00"), "suspension",
               "专家评审"};
  auto due = Deadline(Cal(), {D("2025-11-03"), 10, true, {p}});
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ((*due)->ToString(), "2025-11-24");
}

TEST(ClockTest, OpenPauseLeavesNoDeadlineAndReadsPaused) {
  ClockPause p{At("2025-11-05T10:00:00+08:00"), std::nullopt, "suspension", "听证"};
  ClockInput in{D("2025-11-03"), 10, true, {p}};
  auto due = Deadline(Cal(), in);
  ASSERT_TRUE(due.has_value());
  EXPECT_FALSE(due->has_value());
  auto reading = ReadClock(Cal(), in, D("2025-11-20"), true, 2);
  ASSERT_TRUE(reading.has_value());
  EXPECT_EQ(reading->status, ClockStatus::kPaused);
  EXPECT_EQ(reading->used, 2);
  auto explained = ExplainDeadline(Cal(), in);
  ASSERT_FALSE(explained.has_value());
  EXPECT_EQ(explained.error().key(), "clock.paused");
}

TEST(ClockTest, ExplainsHolidaysMakeUpDaysAndPauses) {
  ClockPause p{At("2025-09-29T10:00:00+08:00"), At("2025-10-09T15:00:00+08:00"), "correction",
               "缺材料"};
  auto days = ExplainDeadline(Cal(), {D("2025-09-26"), 5, true, {p}});
  ASSERT_TRUE(days.has_value()) << days.error().ToString();
  ASSERT_FALSE(days->empty());
  EXPECT_EQ(days->front().reason, "start day (not counted)");
  EXPECT_EQ(days->back().date.ToString(), "2025-10-13");
  EXPECT_EQ(days->back().running_count, 5);
  for (const auto& d : *days) {
    if (d.date == D("2025-09-28")) {
      EXPECT_EQ(d.reason, "make-up working day");
    }
    if (d.date == D("2025-09-30")) {
      EXPECT_EQ(d.reason, "paused: 补正 (缺材料)");
    }
    if (d.date == D("2025-09-27")) {
      EXPECT_EQ(d.reason, "weekend");
    }
    if (d.date == D("2025-10-10")) {
      EXPECT_TRUE(d.counted);
    }
  }
}

TEST(ClockTest, CalendarDaysRollToAWorkingDay) {
  // 2025-09-30 + 1 calendar day is 10-01, a holiday: rolled to 10-09.
  auto due = Deadline(Cal(), {D("2025-09-30"), 1, false, {}});
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ((*due)->ToString(), "2025-10-09");
}

TEST(ClockTest, WarningsFollowRemainingDays) {
  ClockInput in{D("2025-11-03"), 5, true, {}};  // due 11-10
  auto status = [&](const char* day) { return ReadClock(Cal(), in, D(day), true, 2)->status; };
  EXPECT_EQ(status("2025-11-04"), ClockStatus::kNormal);
  EXPECT_EQ(status("2025-11-06"), ClockStatus::kYellow);
  EXPECT_EQ(status("2025-11-10"), ClockStatus::kRed);
  EXPECT_EQ(status("2025-11-11"), ClockStatus::kOverdue);
  EXPECT_EQ(ReadClock(Cal(), in, D("2025-11-11"), false, 2)->status, ClockStatus::kStopped);
}

TEST(ClockTest, YearWithoutDataIsRefused) {
  auto due = Deadline(Cal(), {D("2026-12-28"), 5, true, {}});
  ASSERT_FALSE(due.has_value());
  EXPECT_EQ(due.error().key(), "calendar.year_not_covered");
}

TEST(ApplicationClockTest, OneCorrectionNoticeAndOneExtension) {
  ApplicationCase c;
  c.state = "submitted";
  c.submitted_at = At("2025-11-03T09:00:00+08:00");
  c.promised_limit_wd = 5;
  c.statutory_limit_wd = 20;
  Instant now = At("2025-11-04T09:00:00+08:00");
  Decision notice{"request_correction", "submitted", "correction_pending", "", {{"note", "缺"}}};
  ASSERT_TRUE(ApplyClockEffects(c, notice, now, Cal()).has_value());
  EXPECT_FALSE(c.acceptance_due.has_value());
  auto again = ApplyClockEffects(c, notice, now, Cal());
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().key(), "case.correction_already_requested");
  ASSERT_TRUE(ApplyClockEffects(c, {"supply_correction", "correction_pending", "submitted", "", {}},
                                now, Cal())
                  .has_value());
  ASSERT_TRUE(
      ApplyClockEffects(c, {"accept", "submitted", "accepted", "", {}}, now, Cal()).has_value());
  EXPECT_EQ(c.promised_deadline->ToString(), "2025-11-11");
  Decision extend{"extend", "accepted", "accepted", "", {{"note", "核查"}, {"days", "10"}}};
  ASSERT_TRUE(ApplyClockEffects(c, extend, now, Cal()).has_value());
  EXPECT_EQ(c.extension_wd, 10);
  EXPECT_EQ(c.promised_deadline->ToString(), "2025-11-25");
  EXPECT_EQ(ApplyClockEffects(c, extend, now, Cal()).error().key(),
            "case.extension_already_granted");
}

TEST(ClockAllowsTest, OneCorrectionNoticeAndOneExtension) {
  ApplicationCase c;
  c.state = "submitted";
  EXPECT_TRUE(ClockAllows(c, "request_correction"));
  c.pauses.push_back(
      {*ParseInstant("2025-09-30T10:00:00+08:00"), std::nullopt, "correction", "缺材料"});
  EXPECT_FALSE(ClockAllows(c, "request_correction"));
  EXPECT_TRUE(ClockAllows(c, "extend"));
  c.extension_wd = 3;
  EXPECT_FALSE(ClockAllows(c, "extend"));
  EXPECT_TRUE(ClockAllows(c, "approve"));
}

}  // namespace
}  // namespace zt::caseflow
