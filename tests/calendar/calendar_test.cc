#include "zt/calendar/calendar.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace zt::calendar {
namespace {

::testing::AssertionResult FailsWith(const auto& result, ErrorCode code, std::string_view key) {
  if (result) return ::testing::AssertionFailure() << "succeeded; expected " << key;
  if (result.error().code() != code || result.error().key() != key) {
    return ::testing::AssertionFailure() << "failed with " << result.error().ToString();
  }
  return ::testing::AssertionSuccess();
}

// Refused for want of data about `year` (the year must be named in the detail).
::testing::AssertionResult NotCovered(const auto& result, int year) {
  auto basic = FailsWith(result, ErrorCode::kFailedPrecondition, "calendar.year_not_covered");
  if (!basic) return basic;
  if (result.error().detail().find(std::to_string(year)) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "detail lacks " << year << ": " << result.error().detail();
  }
  return ::testing::AssertionSuccess();
}

Date D(std::string_view text) {
  auto d = ParseDate(text);
  EXPECT_TRUE(d) << text;
  return d.value_or(Date());
}

const WorkingCalendar& China() { return WorkingCalendar::China(); }

bool Working(std::string_view date) {
  auto working = China().IsWorkingDay(D(date));
  EXPECT_TRUE(working) << date << ": " << working.error().ToString();
  return working.value_or(false);
}

TEST(WorkingCalendarTest, CoversExactly2019Through2026) {
  EXPECT_EQ(China().first_year(), 2019);
  EXPECT_EQ(China().last_year(), 2026);
  for (int year = 2019; year <= 2026; ++year) EXPECT_TRUE(China().Covers(year)) << year;
  EXPECT_FALSE(China().Covers(2018));
  EXPECT_FALSE(China().Covers(2027));
}

TEST(WorkingCalendarTest, RecordsTheNoticeAsSource) {
  EXPECT_NE(China().SourceOf(2025)->find("https://www.gov.cn/zhengce/zhengceku/202411/"
                                         "content_6986383.htm"),
            std::string::npos);
  // 2020 has two notices: the original and the COVID-19 extension of 2020-01-27.
  EXPECT_NE(China().SourceOf(2020)->find("content_5454164.htm"), std::string::npos);
  EXPECT_NE(China().SourceOf(2020)->find("2020-01/27/content_5472352.htm"), std::string::npos);
  EXPECT_TRUE(NotCovered(China().SourceOf(2027), 2027));
}

TEST(WorkingCalendarTest, NationalDay2025) {
  EXPECT_TRUE(Working("2025-09-30"));
  for (int day = 1; day <= 8; ++day) {
    EXPECT_FALSE(Working("2025-10-0" + std::to_string(day))) << day;
  }
  EXPECT_TRUE(Working("2025-10-09"));
  EXPECT_FALSE(Working("2025-10-12"));  // an ordinary Sunday
}

TEST(WorkingCalendarTest, MakeUpWorkingDays2025) {
  EXPECT_EQ(D("2025-09-28").iso_weekday(), 7u);
  EXPECT_TRUE(Working("2025-09-28"));  // a working Sunday
  EXPECT_EQ(D("2025-10-11").iso_weekday(), 6u);
  EXPECT_TRUE(Working("2025-10-11"));  // a working Saturday

  std::vector<std::string> weekend_working_days;
  for (Date d = D("2025-01-01"); d <= D("2025-12-31"); d = d.AddDays(1)) {
    if (d.iso_weekday() >= 6 && China().IsWorkingDay(d).value()) {
      weekend_working_days.push_back(d.ToString());
    }
  }
  EXPECT_EQ(weekend_working_days,
            (std::vector<std::string>{"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28",
                                      "2025-10-11"}));
}

TEST(WorkingCalendarTest, SpringFestival2020CovidExtension) {
  // The 2020-01-27 notice extended the holiday to Sunday 2020-02-02.
  EXPECT_TRUE(Working("2020-01-19"));   // Sunday, make-up day of the original notice
  EXPECT_FALSE(Working("2020-01-30"));  // Thursday, extension
  EXPECT_FALSE(Working("2020-01-31"));  // Friday, extension
  EXPECT_FALSE(Working("2020-02-01"));  // Saturday: was a make-up day, cancelled
  EXPECT_FALSE(Working("2020-02-02"));
  // The data lists Monday 2020-02-03 with isOffDay false: a working day.
  EXPECT_EQ(D("2020-02-03").iso_weekday(), 1u);
  EXPECT_TRUE(Working("2020-02-03"));
  EXPECT_EQ(China().AddWorkingDays(D("2020-01-23"), 1).value().ToString(), "2020-02-03");
}

TEST(WorkingCalendarTest, OneWorkingDayAfterSeptember30IsOctober9) {
  EXPECT_EQ(China().AddWorkingDays(D("2025-09-30"), 1).value().ToString(), "2025-10-09");
  EXPECT_EQ(China().AddWorkingDays(D("2025-09-30"), 3).value().ToString(), "2025-10-11");
  EXPECT_EQ(China().AddWorkingDays(D("2025-09-30"), 4).value().ToString(), "2025-10-13");
}

TEST(WorkingCalendarTest, StartDayIsNotCounted) {
  EXPECT_EQ(China().AddWorkingDays(D("2025-09-29"), 1).value().ToString(), "2025-09-30");
  EXPECT_EQ(China().AddCalendarDays(D("2025-09-29"), 1).value().ToString(), "2025-09-30");
  EXPECT_EQ(China().AddWorkingDays(D("2025-09-29"), 0).value().ToString(), "2025-09-29");
  // Starting on a holiday: the first working day after it.
  EXPECT_EQ(China().AddWorkingDays(D("2025-10-01"), 1).value().ToString(), "2025-10-09");
  // 20 working days from Friday 2025-06-06 (端午 2025-06-02 already past).
  EXPECT_EQ(China().AddWorkingDays(D("2025-06-06"), 20).value().ToString(), "2025-07-04");
}

TEST(WorkingCalendarTest, CalendarDayDeadlineOnHolidayRollsForward) {
  // 2025-09-26 + 5 days = 2025-10-01 (National Day) -> first working day after the holiday.
  EXPECT_EQ(China().AddCalendarDays(D("2025-09-26"), 5).value().ToString(), "2025-10-09");
  // Landing on an ordinary Saturday rolls to Monday.
  EXPECT_EQ(China().AddCalendarDays(D("2025-06-06"), 1).value().ToString(), "2025-06-09");
  // Landing on a make-up working Saturday stays there.
  EXPECT_EQ(China().AddCalendarDays(D("2025-10-10"), 1).value().ToString(), "2025-10-11");
  // 60 calendar days (行政复议 decision period) from 2025-08-01: 2025-09-30, a Tuesday.
  EXPECT_EQ(China().AddCalendarDays(D("2025-08-01"), 60).value().ToString(), "2025-09-30");
  // n == 0 on a holiday rolls the start itself forward.
  EXPECT_EQ(China().AddCalendarDays(D("2025-10-03"), 0).value().ToString(), "2025-10-09");
}

TEST(WorkingCalendarTest, PeriodsAcrossYearEnd) {
  // 2023's notice lists Saturday 2022-12-31 as off; 元旦 2023 is Monday 2023-01-02.
  EXPECT_FALSE(Working("2022-12-31"));
  EXPECT_EQ(China().AddWorkingDays(D("2022-12-30"), 1).value().ToString(), "2023-01-03");
  EXPECT_EQ(China().AddCalendarDays(D("2024-12-30"), 2).value().ToString(), "2025-01-02");
}

TEST(WorkingCalendarTest, RefusesYearsWithoutData) {
  EXPECT_TRUE(NotCovered(China().IsWorkingDay(D("2018-12-31")), 2018));
  EXPECT_TRUE(NotCovered(China().IsWorkingDay(D("2027-01-04")), 2027));
  EXPECT_TRUE(NotCovered(China().AddWorkingDays(D("2018-12-28"), 3), 2018));
  EXPECT_TRUE(NotCovered(China().AddCalendarDays(D("2018-06-01"), 0), 2018));
  // Crossing into 2027 while counting.
  EXPECT_TRUE(NotCovered(China().AddWorkingDays(D("2026-12-30"), 5), 2027));
  EXPECT_TRUE(NotCovered(China().AddCalendarDays(D("2026-12-30"), 2), 2027));
  EXPECT_TRUE(NotCovered(China().WorkingDaysBetween(D("2026-12-01"), D("2027-01-10")), 2027));
  EXPECT_TRUE(NotCovered(China().WorkingDaysBetween(D("2018-12-01"), D("2019-01-10")), 2018));
  EXPECT_TRUE(NotCovered(China().Explain(D("2027-01-04"), 1, true), 2027));
  // Inside the data the last days still work.
  EXPECT_EQ(China().AddWorkingDays(D("2026-12-30"), 1).value().ToString(), "2026-12-31");
}

TEST(WorkingCalendarTest, NegativePeriodsAreInvalid) {
  EXPECT_TRUE(FailsWith(China().AddWorkingDays(D("2025-01-02"), -1), ErrorCode::kInvalidArgument,
                        "calendar.negative_period"));
  EXPECT_TRUE(FailsWith(China().AddCalendarDays(D("2025-01-02"), -1), ErrorCode::kInvalidArgument,
                        "calendar.negative_period"));
  EXPECT_TRUE(FailsWith(China().Explain(D("2025-01-02"), -1, false), ErrorCode::kInvalidArgument,
                        "calendar.negative_period"));
}

TEST(WorkingCalendarTest, WorkingDaysBetween) {
  EXPECT_EQ(China().WorkingDaysBetween(D("2025-09-30"), D("2025-10-09")).value(), 1);
  EXPECT_EQ(China().WorkingDaysBetween(D("2025-09-30"), D("2025-10-11")).value(), 3);
  EXPECT_EQ(China().WorkingDaysBetween(D("2025-09-30"), D("2025-10-08")).value(), 0);
  EXPECT_EQ(China().WorkingDaysBetween(D("2025-09-30"), D("2025-09-30")).value(), 0);
  EXPECT_EQ(China().WorkingDaysBetween(D("2025-10-09"), D("2025-09-30")).value(), 0);
}

TEST(WorkingCalendarTest, WorkingDaysBetweenInvertsAddWorkingDays) {
  // Up to 60 working days (about three months) must stay inside 2026.
  for (Date start = D("2019-01-01"); start < D("2026-09-01"); start = start.AddDays(13)) {
    for (int n : {0, 1, 5, 20, 60}) {
      auto end = China().AddWorkingDays(start, n);
      ASSERT_TRUE(end) << start.ToString() << " + " << n;
      EXPECT_EQ(China().WorkingDaysBetween(start, *end).value(), n) << start.ToString();
      if (n > 0) {
        EXPECT_TRUE(China().IsWorkingDay(*end).value()) << end->ToString();
      }
    }
  }
}

TEST(WorkingCalendarTest, ExplainWorkingDays) {
  auto days = China().Explain(D("2025-09-30"), 1, /*working=*/true);
  ASSERT_TRUE(days) << days.error().ToString();
  ASSERT_EQ(days->size(), 10u);  // start, 10-01..10-08, 10-09
  const ExplainedDay& start = days->front();
  EXPECT_EQ(start.date.ToString(), "2025-09-30");
  EXPECT_FALSE(start.counted);
  EXPECT_TRUE(start.working);
  EXPECT_EQ(start.reason, "start day (not counted)");
  EXPECT_EQ(start.running_count, 0);
  for (std::size_t i = 1; i <= 8; ++i) {
    const ExplainedDay& day = (*days)[i];
    EXPECT_FALSE(day.working) << day.date.ToString();
    EXPECT_FALSE(day.counted);
    EXPECT_EQ(day.reason, "holiday") << day.date.ToString();  // 10-04/05 are listed off
    EXPECT_EQ(day.running_count, 0);
  }
  const ExplainedDay& last = days->back();
  EXPECT_EQ(last.date.ToString(), "2025-10-09");
  EXPECT_TRUE(last.working);
  EXPECT_TRUE(last.counted);
  EXPECT_EQ(last.reason, "working day");
  EXPECT_EQ(last.running_count, 1);
}

TEST(WorkingCalendarTest, ExplainNamesWeekendsAndMakeUpDays) {
  auto days = China().Explain(D("2025-09-26"), 2, /*working=*/true);
  ASSERT_TRUE(days);
  std::vector<std::string> reasons;
  for (const auto& day : *days) reasons.push_back(day.date.ToString() + " " + day.reason);
  EXPECT_EQ(reasons,
            (std::vector<std::string>{"2025-09-26 start day (not counted)", "2025-09-27 weekend",
                                      "2025-09-28 make-up working day", "2025-09-29 working day"}));
}

TEST(WorkingCalendarTest, ExplainCalendarDaysWithRollForward) {
  auto days = China().Explain(D("2025-09-26"), 5, /*working=*/false);
  ASSERT_TRUE(days) << days.error().ToString();
  ASSERT_EQ(days->size(), 14u);  // start, 5 counted days, 10-02..10-09 rolled
  EXPECT_EQ((*days)[5].date.ToString(), "2025-10-01");
  EXPECT_TRUE((*days)[5].counted);
  EXPECT_EQ((*days)[5].reason, "holiday");
  EXPECT_EQ((*days)[5].running_count, 5);
  EXPECT_EQ((*days)[1].reason, "weekend");  // counted all the same
  EXPECT_TRUE((*days)[1].counted);
  EXPECT_EQ((*days)[6].reason, "rolled forward: holiday");
  EXPECT_FALSE((*days)[6].counted);
  EXPECT_EQ(days->back().date.ToString(), "2025-10-09");
  EXPECT_EQ(days->back().reason, "rolled forward: working day");
  EXPECT_EQ(days->back().running_count, 5);
}

TEST(WorkingCalendarTest, ExplainEndsOnTheComputedDate) {
  for (Date start = D("2019-01-05"); start < D("2026-11-01"); start = start.AddDays(37)) {
    for (bool working : {true, false}) {
      for (int n : {0, 3, 15}) {
        auto days = China().Explain(start, n, working);
        auto end = working ? China().AddWorkingDays(start, n) : China().AddCalendarDays(start, n);
        ASSERT_TRUE(days && end);
        EXPECT_EQ(days->back().date, *end) << start.ToString() << " " << n << " " << working;
        EXPECT_EQ(days->front().date, start);
      }
    }
  }
}

// --- Create() with hand-made data ----------------------------------------------------------

HolidayYear Year(int year, std::vector<std::string_view> off, std::vector<std::string_view> on) {
  HolidayYear y;
  y.year = year;
  for (auto text : off) y.off_days.push_back(D(text));
  for (auto text : on) y.working_days.push_back(D(text));
  y.source = "test notice " + std::to_string(year);
  return y;
}

TEST(WorkingCalendarCreateTest, ValidatesInput) {
  EXPECT_TRUE(
      FailsWith(WorkingCalendar::Create({}), ErrorCode::kInvalidArgument, "calendar.no_data"));
  EXPECT_TRUE(FailsWith(WorkingCalendar::Create({Year(2030, {}, {}), Year(2030, {}, {})}),
                        ErrorCode::kInvalidArgument, "calendar.duplicate_year"));
  EXPECT_TRUE(FailsWith(WorkingCalendar::Create({Year(2030, {"2031-02-01"}, {})}),
                        ErrorCode::kInvalidArgument, "calendar.date_outside_year"));
  EXPECT_TRUE(FailsWith(WorkingCalendar::Create({Year(2030, {"2029-11-30"}, {})}),
                        ErrorCode::kInvalidArgument, "calendar.date_outside_year"));
  EXPECT_TRUE(FailsWith(WorkingCalendar::Create({Year(2030, {"2030-05-01"}, {"2030-05-01"})}),
                        ErrorCode::kInvalidArgument, "calendar.conflicting_day"));
  EXPECT_TRUE(FailsWith(
      WorkingCalendar::Create({Year(2030, {"2030-12-31"}, {}), Year(2031, {}, {"2030-12-31"})}),
      ErrorCode::kInvalidArgument, "calendar.conflicting_day"));
}

TEST(WorkingCalendarCreateTest, NextYearsNoticeDecidesLateDecemberDays) {
  // Tuesday 2030-12-31 is listed off by the 2031 notice, as 2019's listed 2018-12-31.
  auto cal = WorkingCalendar::Create({Year(2030, {}, {}), Year(2031, {"2030-12-31"}, {})});
  ASSERT_TRUE(cal) << cal.error().ToString();
  EXPECT_FALSE(cal->IsWorkingDay(D("2030-12-31")).value());
  EXPECT_TRUE(cal->IsWorkingDay(D("2030-12-30")).value());
}

TEST(WorkingCalendarCreateTest, RollForwardMustStayInCoveredYears) {
  // Only 2030 is known; its notice makes Tuesday 2030-12-31 a holiday. A calendar-day
  // period ending that day would roll into 2031, which is not covered.
  auto cal = WorkingCalendar::Create({Year(2030, {"2030-12-31"}, {})});
  ASSERT_TRUE(cal);
  EXPECT_TRUE(NotCovered(cal->AddCalendarDays(D("2030-12-30"), 1), 2031));
  EXPECT_EQ(cal->AddCalendarDays(D("2030-12-29"), 1).value().ToString(), "2030-12-30");
}

TEST(WorkingCalendarCreateTest, GapsBetweenYearsAreNotCovered) {
  auto cal = WorkingCalendar::Create({Year(2030, {}, {}), Year(2032, {}, {})});
  ASSERT_TRUE(cal);
  EXPECT_TRUE(cal->Covers(2030));
  EXPECT_FALSE(cal->Covers(2031));
  EXPECT_TRUE(cal->Covers(2032));
  EXPECT_TRUE(NotCovered(cal->IsWorkingDay(D("2031-06-02")), 2031));
  EXPECT_TRUE(NotCovered(cal->AddWorkingDays(D("2030-12-30"), 5), 2031));
  EXPECT_EQ(cal->SourceOf(2032).value(), "test notice 2032");
}

TEST(WorkingCalendarCreateTest, WithoutListedDaysTheWeekDecides) {
  auto cal = WorkingCalendar::Create({Year(2030, {}, {})});
  ASSERT_TRUE(cal);
  // 2030-01-04 is a Friday.
  EXPECT_EQ(cal->AddWorkingDays(D("2030-01-04"), 1).value().ToString(), "2030-01-07");
  EXPECT_EQ(cal->WorkingDaysBetween(D("2029-12-31"), D("2030-12-31")).value_or(-1), -1);
  EXPECT_EQ(cal->WorkingDaysBetween(D("2030-01-01"), D("2030-12-31")).value(), 260);
}

}  // namespace
}  // namespace zt::calendar
