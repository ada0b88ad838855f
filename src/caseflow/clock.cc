#include "zt/caseflow/clock.h"

namespace zt::caseflow {
namespace {

// Days after this many are not walked: no legal period here is that long, and a walk that
// long would have met an uncovered year anyway.
constexpr int kMaxWalk = 3 * 366;

const ClockPause* PauseCovering(const std::vector<ClockPause>& pauses, Date d) {
  for (const auto& p : pauses) {
    if (CivilDateCst(p.from) < d && (!p.to || d <= CivilDateCst(*p.to))) return &p;
  }
  return nullptr;
}

std::optional<Date> OpenPauseStart(const std::vector<ClockPause>& pauses) {
  for (const auto& p : pauses) {
    if (!p.to) return CivilDateCst(p.from);
  }
  return std::nullopt;
}

std::string PauseReason(const ClockPause& p) {
  std::string kind = p.kind == "correction" ? "补正" : p.kind == "suspension" ? "中止" : p.kind;
  return "paused: " + kind + (p.reason.empty() ? "" : " (" + p.reason + ")");
}

// The walk shared by Deadline and ExplainDeadline. nullopt when an open pause stops it.
Result<std::optional<Date>> Walk(const calendar::WorkingCalendar& cal, const ClockInput& in,
                                 std::vector<calendar::ExplainedDay>* trace) {
  if (in.limit < 0) {
    return Fail(ErrorCode::kInvalidArgument, "calendar.negative_period",
                "a clock limit cannot be negative");
  }
  ZT_ASSIGN_OR_RETURN(bool start_working, cal.IsWorkingDay(in.start));
  if (trace != nullptr) {
    trace->push_back({in.start, start_working, false, "start day (not counted)", 0});
  }
  std::optional<Date> open = OpenPauseStart(in.pauses);
  Date d = in.start;
  int count = 0;
  for (int walked = 0; count < in.limit; ++walked) {
    if (walked > kMaxWalk) {
      return Fail(ErrorCode::kFailedPrecondition, "clock.too_long", "the period is too long");
    }
    d = d.AddDays(1);
    if (open && d > *open) return std::optional<Date>();
    ZT_ASSIGN_OR_RETURN(bool working, cal.IsWorkingDay(d));
    const ClockPause* pause = PauseCovering(in.pauses, d);
    bool counts = pause == nullptr && (working || !in.working_days);
    if (counts) ++count;
    if (trace != nullptr) {
      std::string reason;
      if (pause != nullptr) {
        reason = PauseReason(*pause);
      } else if (working) {
        bool weekend = d.iso_weekday() >= 6;
        reason = weekend ? "make-up working day" : "working day";
      } else {
        reason = d.iso_weekday() >= 6 ? "weekend" : "holiday";
        if (!in.working_days) reason = "calendar day (" + reason + ")";
      }
      trace->push_back({d, working, counts, reason, count});
    }
  }
  if (!in.working_days) {
    // 民事诉讼法 期间: a last day that is not a working day rolls to the next working day.
    for (int walked = 0;; ++walked) {
      ZT_ASSIGN_OR_RETURN(bool working, cal.IsWorkingDay(d));
      if (working && PauseCovering(in.pauses, d) == nullptr) break;
      if (walked > kMaxWalk) {
        return Fail(ErrorCode::kFailedPrecondition, "clock.too_long", "the period is too long");
      }
      d = d.AddDays(1);
      if (open && d > *open) return std::optional<Date>();
      if (trace != nullptr) {
        ZT_ASSIGN_OR_RETURN(bool w, cal.IsWorkingDay(d));
        trace->push_back(
            {d, w, false, "rolled forward: the last day was not a working day", count});
      }
    }
  }
  return std::optional<Date>(d);
}

}  // namespace

const char* ClockStatusName(ClockStatus s) {
  switch (s) {
    case ClockStatus::kNormal:
      return "normal";
    case ClockStatus::kYellow:
      return "yellow";
    case ClockStatus::kRed:
      return "red";
    case ClockStatus::kOverdue:
      return "overdue";
    case ClockStatus::kPaused:
      return "paused";
    case ClockStatus::kStopped:
      return "stopped";
  }
  return "normal";
}

Result<std::optional<Date>> Deadline(const calendar::WorkingCalendar& cal, const ClockInput& in) {
  return Walk(cal, in, nullptr);
}

Result<std::vector<calendar::ExplainedDay>> ExplainDeadline(const calendar::WorkingCalendar& cal,
                                                            const ClockInput& in) {
  std::vector<calendar::ExplainedDay> trace;
  ZT_ASSIGN_OR_RETURN(std::optional<Date> due, Walk(cal, in, &trace));
  if (!due) {
    return Fail(ErrorCode::kFailedPrecondition, "clock.paused",
                "the clock is paused: there is no deadline until it resumes");
  }
  return trace;
}

Result<ClockReading> ReadClock(const calendar::WorkingCalendar& cal, const ClockInput& in,
                               Date as_of, bool running, int yellow_days, int red_days) {
  ClockReading out;
  ZT_ASSIGN_OR_RETURN(out.deadline, Deadline(cal, in));
  for (Date d = in.start.AddDays(1); d <= as_of; d = d.AddDays(1)) {
    if (d.days_since_epoch() - in.start.days_since_epoch() > kMaxWalk) break;
    ZT_ASSIGN_OR_RETURN(bool working, cal.IsWorkingDay(d));
    if (PauseCovering(in.pauses, d) == nullptr && (working || !in.working_days)) ++out.used;
  }
  out.remaining = in.limit - out.used;
  if (!running) {
    out.status = ClockStatus::kStopped;
  } else if (OpenPauseStart(in.pauses)) {
    out.status = ClockStatus::kPaused;
  } else if (out.deadline && as_of > *out.deadline) {
    out.status = ClockStatus::kOverdue;
  } else if (out.remaining <= red_days) {
    out.status = ClockStatus::kRed;
  } else if (out.remaining <= yellow_days) {
    out.status = ClockStatus::kYellow;
  } else {
    out.status = ClockStatus::kNormal;
  }
  return out;
}

}  // namespace zt::caseflow
