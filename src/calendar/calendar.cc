#include "zt/calendar/calendar.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>

#include "holidays_cn.h"

namespace zt::calendar {
namespace {

constexpr signed char kListedOff = -1;
constexpr signed char kNotListed = 0;
constexpr signed char kListedWorking = 1;

Date FirstDayOf(int year) {
  return Date(std::chrono::sys_days(std::chrono::year_month_day{
      std::chrono::year(year), std::chrono::January, std::chrono::day(1)}));
}

bool IsAdjacentMonth(const Date& d, int year) {
  return (d.year() == year - 1 && d.month() == 12) || (d.year() == year + 1 && d.month() == 1);
}

std::unexpected<Error> NegativePeriod(int n) {
  return FieldFail("", "calendar.negative_period",
                   "a period must be zero or more days, got " + std::to_string(n));
}

}  // namespace

Result<WorkingCalendar> WorkingCalendar::Create(std::vector<HolidayYear> years) {
  if (years.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "calendar.no_data", "no holiday years given");
  }
  std::sort(years.begin(), years.end(),
            [](const HolidayYear& a, const HolidayYear& b) { return a.year < b.year; });
  for (std::size_t i = 1; i < years.size(); ++i) {
    if (years[i].year == years[i - 1].year) {
      return Fail(ErrorCode::kInvalidArgument, "calendar.duplicate_year",
                  "year " + std::to_string(years[i].year) + " is given twice");
    }
  }

  // Every listed day, whichever notice lists it; a day listed twice must agree.
  std::map<Date, signed char> listed;
  for (const HolidayYear& notice : years) {
    auto add = [&](const Date& d, signed char kind) -> Status {
      if (d.year() != notice.year && !IsAdjacentMonth(d, notice.year)) {
        return Fail(ErrorCode::kInvalidArgument, "calendar.date_outside_year",
                    d.ToString() + " is listed by the " + std::to_string(notice.year) +
                        " notice but lies outside that year");
      }
      auto [it, inserted] = listed.emplace(d, kind);
      if (!inserted && it->second != kind) {
        return Fail(ErrorCode::kInvalidArgument, "calendar.conflicting_day",
                    d.ToString() + " is listed both as a day off and as a working day");
      }
      return Ok();
    };
    for (const Date& d : notice.off_days) ZT_RETURN_IF_ERROR(add(d, kListedOff));
    for (const Date& d : notice.working_days) ZT_RETURN_IF_ERROR(add(d, kListedWorking));
  }

  WorkingCalendar cal;
  cal.first_year_ = years.front().year;
  cal.last_year_ = years.back().year;
  const auto span_years = static_cast<std::size_t>(cal.last_year_ - cal.first_year_ + 1);
  cal.covered_.assign(span_years, false);
  cal.sources_.assign(span_years, std::string());
  for (HolidayYear& notice : years) {
    const auto index = static_cast<std::size_t>(notice.year - cal.first_year_);
    cal.covered_[index] = true;
    cal.sources_[index] = std::move(notice.source);
  }
  cal.base_ = FirstDayOf(cal.first_year_).days_since_epoch();
  const std::int64_t end = FirstDayOf(cal.last_year_ + 1).days_since_epoch();
  cal.day_kind_.assign(static_cast<std::size_t>(end - cal.base_), kNotListed);
  for (const auto& [date, kind] : listed) {
    const std::int64_t offset = date.days_since_epoch() - cal.base_;
    // Days outside the covered span (2018-12-29..31 in the 2019 notice) are never consulted.
    if (offset < 0 || offset >= end - cal.base_) continue;
    cal.day_kind_[static_cast<std::size_t>(offset)] = kind;
  }
  return cal;
}

const WorkingCalendar& WorkingCalendar::China() {
  static const WorkingCalendar kChina = [] {
    std::vector<HolidayYear> years;
    for (const internal::NoticeSource& notice : internal::ChinaNotices()) {
      HolidayYear year;
      year.year = notice.year;
      year.source = std::string(notice.source);
      for (const internal::ListedDay& day : internal::ChinaListedDays()) {
        if (day.notice_year != notice.year) continue;
        auto date = Date::FromYmd(day.year, day.month, day.day);
        if (!date) std::abort();  // The generator validated every date; this cannot happen.
        (day.off ? year.off_days : year.working_days).push_back(*date);
      }
      years.push_back(std::move(year));
    }
    auto cal = Create(std::move(years));
    // The generated data is checked by scripts/gen_holidays.py and the calendar tests; a
    // failure here is a build defect, not a user error.
    if (!cal) std::abort();
    return std::move(*cal);
  }();
  return kChina;
}

bool WorkingCalendar::Covers(int year) const {
  if (year < first_year_ || year > last_year_) return false;
  return covered_[static_cast<std::size_t>(year - first_year_)];
}

Result<std::string> WorkingCalendar::SourceOf(int year) const {
  if (!Covers(year)) {
    return Fail(ErrorCode::kFailedPrecondition, "calendar.year_not_covered",
                "no holiday data for year " + std::to_string(year));
  }
  return sources_[static_cast<std::size_t>(year - first_year_)];
}

Result<WorkingCalendar::DayKind> WorkingCalendar::KindOf(Date d) const {
  const int year = d.year();
  if (!Covers(year)) {
    return Fail(ErrorCode::kFailedPrecondition, "calendar.year_not_covered",
                "no holiday data for year " + std::to_string(year) + " (needed for " +
                    d.ToString() + "; covered: " + std::to_string(first_year_) + "-" +
                    std::to_string(last_year_) + ")");
  }
  switch (day_kind_[static_cast<std::size_t>(d.days_since_epoch() - base_)]) {
    case kListedOff:
      return DayKind::kHoliday;
    case kListedWorking:
      return DayKind::kListedWorkingDay;
    default:
      return d.iso_weekday() >= 6 ? DayKind::kWeekend : DayKind::kWeekday;
  }
}

Result<bool> WorkingCalendar::IsWorkingDay(Date d) const {
  ZT_ASSIGN_OR_RETURN(DayKind kind, KindOf(d));
  return kind == DayKind::kWeekday || kind == DayKind::kListedWorkingDay;
}

Result<Date> WorkingCalendar::Walk(Date start, int n, bool working,
                                   std::vector<ExplainedDay>* trace) const {
  if (n < 0) return NegativePeriod(n);
  auto is_working = [](DayKind kind) {
    return kind == DayKind::kWeekday || kind == DayKind::kListedWorkingDay;
  };
  auto reason_for = [](DayKind kind, const Date& d) -> std::string {
    switch (kind) {
      case DayKind::kWeekend:
        return "weekend";
      case DayKind::kHoliday:
        return "holiday";
      case DayKind::kListedWorkingDay:
        return d.iso_weekday() >= 6 ? "make-up working day" : "working day";
      case DayKind::kWeekday:
        break;
    }
    return "working day";
  };

  ZT_ASSIGN_OR_RETURN(DayKind start_kind, KindOf(start));
  if (trace != nullptr) {
    trace->push_back({start, is_working(start_kind), false, "start day (not counted)", 0});
  }

  Date day = start;
  int count = 0;
  if (working) {
    while (count < n) {
      day = day.AddDays(1);
      ZT_ASSIGN_OR_RETURN(DayKind kind, KindOf(day));
      const bool counted = is_working(kind);
      if (counted) ++count;
      if (trace != nullptr) trace->push_back({day, counted, counted, reason_for(kind, day), count});
    }
    return day;
  }

  // Calendar days: every day counts; then the 民事诉讼法 rule moves a last day that is not a
  // working day on to the next working day.
  DayKind kind = start_kind;
  while (count < n) {
    day = day.AddDays(1);
    ++count;
    ZT_ASSIGN_OR_RETURN(kind, KindOf(day));
    if (trace != nullptr) {
      trace->push_back({day, is_working(kind), true, reason_for(kind, day), count});
    }
  }
  while (!is_working(kind)) {
    day = day.AddDays(1);
    ZT_ASSIGN_OR_RETURN(kind, KindOf(day));
    if (trace != nullptr) {
      trace->push_back(
          {day, is_working(kind), false, "rolled forward: " + reason_for(kind, day), count});
    }
  }
  return day;
}

Result<Date> WorkingCalendar::AddWorkingDays(Date start, int n) const {
  return Walk(start, n, /*working=*/true, nullptr);
}

Result<Date> WorkingCalendar::AddCalendarDays(Date start, int n) const {
  return Walk(start, n, /*working=*/false, nullptr);
}

Result<int> WorkingCalendar::WorkingDaysBetween(Date from, Date to) const {
  ZT_RETURN_IF_ERROR(KindOf(from));
  ZT_RETURN_IF_ERROR(KindOf(to));
  int count = 0;
  for (Date day = from.AddDays(1); day <= to; day = day.AddDays(1)) {
    ZT_ASSIGN_OR_RETURN(bool working, IsWorkingDay(day));
    if (working) ++count;
  }
  return count;
}

Result<std::vector<ExplainedDay>> WorkingCalendar::Explain(Date start, int n, bool working) const {
  std::vector<ExplainedDay> trace;
  ZT_RETURN_IF_ERROR(Walk(start, n, working, &trace));
  return trace;
}

}  // namespace zt::calendar
