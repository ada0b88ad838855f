#include "zt/indicators/facts.h"

#include <algorithm>
#include <cstdio>

#include "zt/catalog/standard.h"
#include "zt/core/region_code.h"

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
  key.item_id = in.item_id;
  // The level of the case's region in the catalogue's words (province, city, county, ...), as
  // the level scope of item figures uses them.
  if (auto region = RegionCode::Parse(in.region_code)) {
    if (auto level = catalog::LevelOfRegion(RegionLevelName(region->level()))) {
      key.level = std::string(catalog::LevelName(*level));
    }
  }
  // 通办 is fixed when a front desk files the case, so every event of the case carries it.
  if (!in.tongban.empty()) {
    key.tongban = in.tongban;
    key.filed_region = in.filed_region;
  }
  // 一窗: whether a front desk filed or accepted the case is settled by its acceptance.
  if (IsAcceptance(in.action)) key.front_desk = in.front_desk ? "yes" : "no";
  // A 即办件 promises 0 working days (catalog::Validate); the case keeps its own copy of
  // the limit from submission, so a later edit of the item does not change old counts.
  key.case_kind = in.promised_limit_wd == 0 ? "instant" : "promised";
  // 办结 after a decision, or 即办 on the spot: on time against the promised deadline.
  if (IsConclusion(in.action)) {
    key.visits = in.trips;
    key.in_person = in.trips > 0 ? "yes" : "no";
    key.on_time = in.promised_deadline && day <= *in.promised_deadline ? "yes" : "no";
    if (in.accepted_at) {
      // Outside the calendar's years the days taken are unknown: counted as 0 rather than
      // guessed (the calendar covers 2019–2026).
      auto days = cal.WorkingDaysBetween(CivilDateCst(*in.accepted_at), day);
      key.working_days = days ? *days : 0;
    }
    key.days_taken = key.working_days;
  }
  return key;
}

bool IsConclusion(std::string_view action) {
  return action == "application.concluded" || action == "application.handled_instantly";
}

bool IsAcceptance(std::string_view action) {
  return action == "application.accepted" || action == "application.accepted_with_tolerance" ||
         action == "application.handled_instantly";
}

std::optional<std::int64_t> NearestRankPercentile(
    std::vector<std::pair<std::int64_t, std::int64_t>> buckets, int p) {
  std::int64_t total = 0;
  for (const auto& [days, count] : buckets) total += count;
  if (total <= 0 || p <= 0 || p > 100) return std::nullopt;
  std::sort(buckets.begin(), buckets.end());
  // The smallest value with at least p% of the cases at or below it: rank ⌈p·N/100⌉.
  std::int64_t rank = (total * p + 99) / 100;
  std::int64_t seen = 0;
  for (const auto& [days, count] : buckets) {
    seen += count;
    if (seen >= rank) return days;
  }
  return buckets.back().first;
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
