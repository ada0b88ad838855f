// File: facts.h
//
// What one case event contributes to the counters. The store keeps one counter row per
// (grain, period, action, region, department, channel, case_kind, on_time) and adds to it
// in the transaction that appends the event; the recomputation from the event log derives
// the same key with the same function, so both must agree.
//
//   CaseEventInput in{.action = "application.concluded", .at = now, ...};
//   CounterKey key = DeriveCounterKey(in, calendar::WorkingCalendar::China());
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/calendar/calendar.h"
#include "zt/core/time.h"

namespace zt::indicators {

// An application event with the case fields that are fixed by the time it is written
// (region, department, channel and limits from submission; acceptance instant and promised
// deadline once concluded), so that deriving the key later from the event log gives the
// same answer as deriving it when the event was appended.
struct CaseEventInput {
  std::string action;
  Instant at{};
  std::string region_code;
  std::string department_id;
  std::string channel;
  int promised_limit_wd = 0;
  std::optional<Instant> accepted_at;
  std::optional<Date> promised_deadline;
};

struct CounterKey {
  std::string action;
  std::string day;  // CST civil date of the event, "YYYY-MM-DD"
  std::string region_code;
  std::string department_id;
  std::string channel;
  std::string case_kind;          // "instant" (promised 0 working days) | "promised"
  std::string on_time;            // concluded events: "yes" | "no"; otherwise ""
  std::int64_t working_days = 0;  // concluded events: acceptance day → conclusion day
  friend bool operator==(const CounterKey&, const CounterKey&) = default;
};

// Whether the counters follow this event action (application.* events).
bool IsCountedAction(std::string_view object_type, std::string_view action);

CounterKey DeriveCounterKey(const CaseEventInput& in, const calendar::WorkingCalendar& cal);

// One aggregated counter row: the attributes grouped by, the count and the summed
// working days. Which attribute columns are filled depends on the query's grouping.
struct CounterRow {
  std::string action;
  std::string channel;
  std::string case_kind;
  std::string on_time;
  std::string group;  // the group-by value (month, department, region) or ""
  std::int64_t count = 0;
  std::int64_t working_days = 0;
};

// A closed day range [from, to] split into whole calendar months (read from the monthly
// counters) and the leftover days at either end (read from the daily counters).
struct PeriodSplit {
  std::vector<std::pair<std::string, std::string>> day_ranges;     // "YYYY-MM-DD" bounds
  std::optional<std::pair<std::string, std::string>> month_range;  // "YYYY-MM" bounds
};
PeriodSplit SplitPeriod(Date from, Date to);

}  // namespace zt::indicators
