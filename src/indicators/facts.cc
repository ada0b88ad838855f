#include "zt/indicators/facts.h"

#include <cstdio>

namespace zt::indicators {

bool IsCountedAction(std::string_view object_type, std::string_view action) {
  return object_type == "application" && action.starts_with("application.");
}

CounterKey DeriveCounterKey(const CaseEventInput& in, const calendar::WorkingCalendar& cal) {
  CounterKey key;
  key.action = in.action;
  Date day = CivilDateCst(in.at);
  key.day = day.ToString();
  key.region_code = in.region_code;
  key.department_id = in.department_id;
  key.channel = in.channel;
  // A 即办件 promises 0 working days (catalog::Validate); the case keeps its own copy of
  // the limit from submission, so a later edit of the item does not change old counts.
  key.case_kind = in.promised_limit_wd == 0 ? "instant" : "promised";
  // 办结 after a decision, or 即办 on the spot: on time against the promised deadline.
  if (in.action == "application.concluded" || in.action == "application.handled_instantly") {
    key.on_time = in.promised_deadline && day <= *in.promised_deadline ? "yes" : "no";
    if (in.accepted_at) {
      // Outside the calendar's years the days taken are unknown: counted as 0 rather than
      // guessed (the calendar covers 2019–2026).
      auto days = cal.WorkingDaysBetween(CivilDateCst(*in.accepted_at), day);
      key.working_days = days ? *days : 0;
    }
  }
  return key;
}

PeriodSplit SplitPeriod(Date from, Date to) {
  PeriodSplit out;
  if (to < from) return out;
  auto month_of = [](Date d) {
    char buf[16];  // room for any int year, so nothing is ever truncated
    std::snprintf(buf, sizeof buf, "%04d-%02u", d.year(), d.month());
    return std::string(buf);
  };
  auto first_of_month = [](Date d) { return d.AddDays(1 - static_cast<int>(d.day())); };
  auto next_month_start = [&](Date d) { return first_of_month(first_of_month(d).AddDays(40)); };
  // Whole months start at the first month beginning on or after `from` and end at the last
  // month ending on or before `to`.
  Date first_whole = from.day() == 1 ? from : next_month_start(from);
  Date after_to = to.AddDays(1);
  Date end_whole = after_to.day() == 1 ? after_to : first_of_month(after_to);
  if (first_whole < end_whole) {
    out.month_range = std::pair{month_of(first_whole), month_of(end_whole.AddDays(-1))};
    if (from < first_whole)
      out.day_ranges.emplace_back(from.ToString(), first_whole.AddDays(-1).ToString());
    if (end_whole <= to) out.day_ranges.emplace_back(end_whole.ToString(), to.ToString());
  } else {
    out.day_ranges.emplace_back(from.ToString(), to.ToString());
  }
  return out;
}

}  // namespace zt::indicators
