// File: clock.h
//
// Legal clocks (docs/case-engine.md): a period of N working days (or calendar days) that
// starts on a day (the start day is never counted, STANDARDS.md §1), pauses while a case
// waits for 补正 or is suspended (中止), and resumes with the days already used carried over.
// Everything here is pure: "today" and the pause ledger are values, the calendar is data.
//
// Pause semantics: a pause from day a to day b (inclusive of b) excludes the days (a, b]:
// the day the pause starts still counts (the clock ran that day), the day it ends is a new
// start day and is not counted. An open pause (no end) excludes every day after a.
//
//   ClockInput in{.start = accepted, .limit = 20, .pauses = c.pauses};
//   Result<std::optional<Date>> due = Deadline(cal, in);   // nullopt while paused
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "zt/calendar/calendar.h"
#include "zt/core/error.h"
#include "zt/core/time.h"

namespace zt::caseflow {

// One entry of a case's pause ledger. `kind` is "correction" (补正, 行政许可法 第三十二条) or
// "suspension" (中止); `reason` is the note given when the pause began.
struct ClockPause {
  Instant from{};
  std::optional<Instant> to;  // empty while the pause lasts
  std::string kind;
  std::string reason;
};

struct ClockInput {
  Date start;                      // the day the clock starts (not counted)
  int limit = 0;                   // days allowed, extension included
  bool working_days = true;        // false: calendar days, the last day rolled to a working day
  std::vector<ClockPause> pauses;  // only entries of the clock's own kind are passed
};

enum class ClockStatus { kNormal, kYellow, kRed, kOverdue, kPaused, kStopped };
// "normal" | "yellow" | "red" | "overdue" | "paused" | "stopped"
const char* ClockStatusName(ClockStatus s);

struct ClockReading {
  std::optional<Date> deadline;  // empty while paused
  int used = 0;                  // counted days in (start, as_of]
  int remaining = 0;             // limit - used; negative when overdue
  ClockStatus status = ClockStatus::kNormal;
};

// The day on which the counted days reach `in.limit`, or nullopt when an open pause stops
// the clock before that. Errors: kFailedPrecondition "calendar.year_not_covered" when the
// walk needs a year without holiday data; kInvalidArgument "calendar.negative_period".
Result<std::optional<Date>> Deadline(const calendar::WorkingCalendar& cal, const ClockInput& in);

// The deadline's day-by-day account: the start day, then every day walked, each with why it
// counted or not ("working day", "holiday", "weekend", "paused: 补正 …"); the last entry is
// the deadline. Same errors as Deadline; kFailedPrecondition "clock.paused" while an open
// pause leaves no deadline to explain.
Result<std::vector<calendar::ExplainedDay>> ExplainDeadline(const calendar::WorkingCalendar& cal,
                                                            const ClockInput& in);

// The clock as of `as_of`. `running` is false once the case no longer runs on this clock
// (decided, withdrawn): the status is then kStopped. Yellow when 0 < remaining <=
// `yellow_days`, red when remaining <= `red_days` (0: the last day), overdue after the
// deadline, paused during an open pause. Same errors as Deadline (as_of's year must be
// covered too).
Result<ClockReading> ReadClock(const calendar::WorkingCalendar& cal, const ClockInput& in,
                               Date as_of, bool running, int yellow_days, int red_days = 0);

}  // namespace zt::caseflow
