// File: facts.h
//
// What one case event contributes to the counters. The store keeps one counter row per
// (grain, period, item, action, region, level, department, channel, case_kind, on_time,
// front_desk, tongban, in_person, days_taken) and adds to it in the transaction that appends
// the event; the recomputation from the event log derives the same key with the same
// function, so both must agree. Each event adds to the all-items rows (item "") and to the
// rows of its item, so an item's figures read its own rows and the dashboards stay small.
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
  std::string item_id;
  // case_acceptances, as it stands when the event is written: a front desk filed or accepted
  // the case (一窗); the 通办 kind and the region it was filed in (fixed at filing).
  bool front_desk = false;
  std::string tongban;
  std::string filed_region;
  // 跑动: the case's visits on distinct days recorded up to the event (read for conclusions).
  int trips = 0;
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
  std::string item_id;
  std::string level;         // the case region's level: "city", "county", ... (catalog::Level)
  std::string front_desk;    // acceptance events: "yes" (一窗) | "no"; otherwise ""
  std::string tongban;       // "" | "city" | "province" | "cross_province" (fixed at filing)
  std::string filed_region;  // 通办 cases: the region that filed it; otherwise ""
  std::string in_person;     // concluded events: "yes" when the case had a visit | "no"
  // Concluded events: the working days taken, as a key too, so that each counter row is one
  // bucket of the histogram a percentile is read from; -1 otherwise.
  std::int64_t days_taken = -1;
  std::int64_t visits = 0;  // concluded events: trips (跑动) of the case; summed in rows
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
  std::string front_desk;
  std::string tongban;
  std::string in_person;
  std::int64_t days_taken = -1;
  std::int64_t visits = 0;
};

// Whether an event action concludes a case (办结 after a decision, or 即办).
bool IsConclusion(std::string_view action);
// Whether an event action accepts a case (受理, 容缺受理, 即办).
bool IsAcceptance(std::string_view action);

// The nearest-rank percentile (0 < p ≤ 100) of days over histogram buckets (days, count);
// nullopt when the buckets are empty.
std::optional<std::int64_t> NearestRankPercentile(
    std::vector<std::pair<std::int64_t, std::int64_t>> buckets, int p);

// A closed day range [from, to] split into whole calendar months (read from the monthly
// counters) and the leftover days at either end (read from the daily counters).
struct PeriodSplit {
  std::vector<std::pair<std::string, std::string>> day_ranges;     // "YYYY-MM-DD" bounds
  std::optional<std::pair<std::string, std::string>> month_range;  // "YYYY-MM" bounds
};
PeriodSplit SplitPeriod(Date from, Date to);

}  // namespace zt::indicators
