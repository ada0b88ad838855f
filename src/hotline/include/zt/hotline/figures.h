// File: figures.h
//
// The hotline's counters and rates (STANDARDS.md §7.3; formulas in docs/hotline.md). The
// counters are kept apart as the standards require: calls in, calls answered, valid matters
// accepted, answered directly, dispatched. The rates are zt::Indicator values carrying their
// numerator and denominator, so 0 ÷ 0 is "no value", never 0 %.
//
//   auto figures = ComputeFigures(facts, {.calls_in = 120, .calls_answered = 114}, options);
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "zt/core/ids.h"
#include "zt/core/indicator.h"
#include "zt/core/time.h"

namespace zt::hotline {

// What the figures need of one matter.
struct OrderFacts {
  DepartmentId department_id;
  std::string disposition;  // "answered" | "dispatched"
  std::string state;
  std::optional<Instant> accepted_at;
  std::optional<Instant> sign_due_at;
  std::optional<Instant> replied_at;
  std::optional<Instant> closed_at;
  std::optional<Date> due_date;
  std::string outcome;       // "resolved" | "unresolved" | "merged" | ""
  std::string satisfaction;  // "" until called back
};

struct CallCounts {
  std::int64_t calls_in = 0;        // calls that asked for an agent
  std::int64_t calls_answered = 0;  // calls an agent answered
};

struct FigureOptions {
  Instant as_of{};  // 按时签收率 counts orders whose sign deadline has passed by then
  // 满意率: some cities count 满意 only (STANDARDS.md §7.3); the default counts 基本满意 too.
  bool basic_counts_as_satisfied = true;
};

struct Counters {
  std::int64_t calls_in = 0;
  std::int64_t calls_answered = 0;
  std::int64_t valid_matters = 0;      // matters recorded (answered + dispatched)
  std::int64_t answered_directly = 0;  // 直接办结
  std::int64_t dispatched = 0;         // 工单 sent to a department (merged ones included)
};

struct Figures {
  Counters counters;
  // connection_rate 接通率, direct_resolution_rate 直接办结率, on_time_sign_rate 按时签收率,
  // reply_rate 回复率, closure_rate 办结率, on_time_closure_rate 按时办结率,
  // satisfaction_rate 满意率, in that order.
  std::vector<Indicator> rates;
};

Figures ComputeFigures(std::span<const OrderFacts> facts, const CallCounts& calls,
                       const FigureOptions& options);

}  // namespace zt::hotline
