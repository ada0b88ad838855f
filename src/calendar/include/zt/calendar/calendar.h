// File: calendar.h
//
// The working-day calendar under the State Council's yearly holiday notices (放假安排),
// including make-up working days (调休) on weekends. Deadline arithmetic follows
// STANDARDS.md §1: the start day is never counted; a calendar-day period whose last day is
// not a working day ends on the next working day (民事诉讼法 期间 rule).
//
// The calendar knows only the years it has data for. Asking about any other year returns
// kFailedPrecondition ("calendar.year_not_covered") rather than guessing from weekdays.
//
//   const auto& cal = zt::calendar::WorkingCalendar::China();
//   cal.AddWorkingDays(*zt::ParseDate("2025-09-30"), 1);   // 2025-10-09 (National Day)
//
// Thread-safety: a WorkingCalendar is immutable after Create(); share it freely.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/time.h"

namespace zt::calendar {

// One year's exceptions to the Monday–Friday week, as one notice published them.
struct HolidayYear {
  int year = 0;
  // Days off: weekdays that are holidays, plus any weekend days the notice lists inside a
  // holiday (listing those changes nothing).
  std::vector<Date> off_days;
  // Make-up working days (调休), normally weekend days. A listed weekday is simply a working
  // day (the 2020 data lists Monday 2020-02-03 after the COVID-19 extension).
  std::vector<Date> working_days;
  std::string source;  // the notice's address(es), kept as provenance
};

// One day of an explained deadline computation.
struct ExplainedDay {
  Date date;
  bool working = false;
  bool counted = false;   // counted towards the period
  std::string reason;     // "weekend", "holiday", "make-up working day", "working day", "start day
                          // (not counted)", "rolled forward: ..."
  int running_count = 0;  // the count after this day
};

class WorkingCalendar {
 public:
  // Builds a calendar from yearly data; the calendar covers exactly the `year`s given.
  // A notice may list days of the adjacent December or January (the 2019 notice lists
  // 2018-12-29..31, the 2023 notice 2022-12-31); those are accepted, and whichever notice
  // lists a day decides it. Listed days in years that are not covered are kept out of every
  // computation, since those years are refused anyway.
  // kInvalidArgument with key:
  //   "calendar.no_data"            `years` is empty;
  //   "calendar.duplicate_year"     a year repeats;
  //   "calendar.date_outside_year"  a date is neither in its year nor in the adjacent
  //                                 December/January;
  //   "calendar.conflicting_day"    a day is listed both off and working (by one notice or
  //                                 by two).
  static Result<WorkingCalendar> Create(std::vector<HolidayYear> years);

  // The built-in calendar for mainland China with the data in the repository (2019–2026,
  // generated from data/holidays/ by scripts/gen_holidays.py).
  static const WorkingCalendar& China();

  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }
  bool Covers(int year) const;
  // The source recorded for a covered year (the notice URLs, "; "-separated).
  // kFailedPrecondition "calendar.year_not_covered" otherwise.
  Result<std::string> SourceOf(int year) const;

  // Every function below refuses with kFailedPrecondition, key "calendar.year_not_covered"
  // (the year in the detail), as soon as it would need a day of a year that is not covered;
  // the start day always counts as needed. Negative periods are kInvalidArgument,
  // "calendar.negative_period".

  // Whether `d` is a working day: a listed day as its notice says, otherwise Monday–Friday.
  Result<bool> IsWorkingDay(Date d) const;
  // The n-th working day after `start` (start excluded). n >= 0; n == 0 returns start.
  Result<Date> AddWorkingDays(Date start, int n) const;
  // `start` + n calendar days (start excluded), rolled forward to the next working day when
  // that day is not one (民事诉讼法 期间 rule). n >= 0; n == 0 rolls `start` itself forward.
  Result<Date> AddCalendarDays(Date start, int n) const;
  // Working days in (from, to]: how many working days were taken between two dates.
  // Zero when to <= from (both dates must still be in covered years).
  Result<int> WorkingDaysBetween(Date from, Date to) const;
  // The day-by-day account of AddWorkingDays (working == true) or AddCalendarDays: the start
  // day first, then every day walked; the last entry's date is the result. Same errors.
  Result<std::vector<ExplainedDay>> Explain(Date start, int n, bool working) const;

 private:
  enum class DayKind : signed char { kWeekday, kWeekend, kHoliday, kListedWorkingDay };

  WorkingCalendar() = default;
  Result<DayKind> KindOf(Date d) const;
  // AddWorkingDays / AddCalendarDays, recording each day in `trace` when it is not null.
  Result<Date> Walk(Date start, int n, bool working, std::vector<ExplainedDay>* trace) const;

  int first_year_ = 0;
  int last_year_ = -1;
  std::vector<bool> covered_;  // indexed by year - first_year_
  // Indexed by days since epoch - base_ (base_ = first_year_-01-01); +1 listed working,
  // -1 listed off, 0 not listed (the weekday decides). Built once in Create().
  std::int64_t base_ = 0;
  std::vector<signed char> day_kind_;
  std::vector<std::string> sources_;  // indexed by year - first_year_
};

}  // namespace zt::calendar
