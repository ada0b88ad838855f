#include "zt/caseflow/application.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "zt/caseflow/case_type_file.h"

namespace zt::caseflow {
namespace {

// The application type is data/case_types/application.toml; a broken file is a programmer
// error caught by the first test run (and by the server's start, LoadBuiltInCaseTypes).
const CaseType& LoadApplicationType() {
  const CaseType* t = FindCaseType("application");
  if (t == nullptr) {
    auto status = LoadBuiltInCaseTypes();
    std::fprintf(stderr, "case types: %s\n",
                 status ? "application.toml is missing" : status.error().ToString().c_str());
    std::abort();
  }
  return *t;
}

}  // namespace

const CaseType& ApplicationCaseType() {
  static const CaseType& type = LoadApplicationType();
  return type;
}

bool IsKnownChannel(const std::string& channel) {
  for (const char* c : kChannels) {
    if (channel == c) return true;
  }
  return false;
}

CaseSnapshot SnapshotOf(const ApplicationCase& c) {
  return CaseSnapshot{
      c.id, c.state, c.version, c.region_code, c.department_id, c.applicant_account, c.handler_id};
}

namespace {

std::vector<ClockPause> PausesOf(const ApplicationCase& c, const ClockSpec& clock) {
  std::vector<ClockPause> out;
  for (const auto& p : c.pauses) {
    if (std::find(clock.paused_by.begin(), clock.paused_by.end(), p.kind) != clock.paused_by.end())
      out.push_back(p);
  }
  return out;
}

const ClockSpec& ClockNamed(const char* name) {
  const ClockSpec* spec = ApplicationCaseType().FindClock(name);
  if (spec == nullptr) {
    std::fprintf(stderr, "case types: application.toml has no %s clock\n", name);
    std::abort();
  }
  return *spec;
}

void ClosePause(ApplicationCase& c, Instant now) {
  for (auto& p : c.pauses) {
    if (!p.to) p.to = now;
  }
}

Status RecomputeAcceptance(ApplicationCase& c, const calendar::WorkingCalendar& cal) {
  ZT_ASSIGN_OR_RETURN(c.acceptance_due, Deadline(cal, AcceptanceClock(c)));
  return Ok();
}

Status RecomputeHandling(ApplicationCase& c, const calendar::WorkingCalendar& cal) {
  if (!c.clock_start && !c.accepted_at) return Ok();
  ZT_ASSIGN_OR_RETURN(auto promised, Deadline(cal, HandlingClock(c, false)));
  std::optional<Date> statutory;
  if (c.statutory_limit_wd > 0) {
    ZT_ASSIGN_OR_RETURN(statutory, Deadline(cal, HandlingClock(c, true)));
  }
  c.promised_deadline = promised;
  c.statutory_deadline = statutory;
  return Ok();
}

// Parses the extension's "days" field: digits only, 1..max_days.
std::optional<int> ExtensionDays(const std::string& text, int max_days) {
  if (text.empty() || text.size() > 4) return std::nullopt;
  int n = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return std::nullopt;
    n = n * 10 + (ch - '0');
  }
  if (n < 1 || n > max_days) return std::nullopt;
  return n;
}

}  // namespace

bool CorrectionRequested(const ApplicationCase& c) {
  for (const auto& p : c.pauses) {
    if (p.kind == "correction") return true;
  }
  return false;
}

bool ClockAllows(const ApplicationCase& c, const std::string& transition) {
  const Transition* t = ApplicationCaseType().FindTransition(transition);
  if (t == nullptr || !t->once) return true;
  if (!t->opens_pause.empty()) {
    return std::none_of(c.pauses.begin(), c.pauses.end(),
                        [t](const ClockPause& p) { return p.kind == t->opens_pause; });
  }
  if (!t->extends_clock.empty()) return c.extension_wd == 0;
  return true;
}

bool DeemedAccepted(const ApplicationCase& c, Date today) {
  return c.state == "submitted" && !CorrectionRequested(c) && c.acceptance_due &&
         today > *c.acceptance_due;
}

ClockInput AcceptanceClock(const ApplicationCase& c) {
  const ClockSpec& spec = ClockNamed("acceptance");
  return ClockInput{CivilDateCst(c.submitted_at), spec.limit, spec.working_days, PausesOf(c, spec)};
}

ClockInput HandlingClock(const ApplicationCase& c, bool statutory) {
  const ClockSpec& spec = ClockNamed("handling");
  // Rows from before schema v3 have no clock_start: their clock started on acceptance.
  Date start = c.clock_start   ? *c.clock_start
               : c.accepted_at ? CivilDateCst(*c.accepted_at)
                               : CivilDateCst(c.submitted_at);
  int limit = spec.limit_from_item
                  ? (statutory ? c.statutory_limit_wd : c.promised_limit_wd) + c.extension_wd
                  : spec.limit + c.extension_wd;
  return ClockInput{start, limit, spec.working_days, PausesOf(c, spec)};
}

Status ApplyClockEffects(ApplicationCase& c, const Decision& decision, Instant now,
                         const calendar::WorkingCalendar& cal) {
  const CaseType& type = ApplicationCaseType();
  const Transition* t = type.FindTransition(decision.transition);
  if (t == nullptr) return Ok();
  auto field = [&decision](const char* name) {
    auto it = decision.fields.find(name);
    return it == decision.fields.end() ? std::string() : it->second;
  };
  // Recomputes the deadlines of the clock that runs in the state the case moves to.
  auto recompute_clock_of = [&](const std::string& clock_name) -> Status {
    if (clock_name == "acceptance") return RecomputeAcceptance(c, cal);
    if (clock_name == "handling") return RecomputeHandling(c, cal);
    return Ok();
  };
  Date today = CivilDateCst(now);
  if (!t->starts_clock.empty()) {
    // 第三十二条: a case deemed accepted was accepted on the day it was received.
    ApplicationCase before = c;  // the caller may already have moved c.state on
    before.state = decision.from;
    c.clock_start = DeemedAccepted(before, today) ? CivilDateCst(c.submitted_at) : today;
    ZT_RETURN_IF_ERROR(recompute_clock_of(t->starts_clock));
  }
  if (!t->opens_pause.empty()) {
    if (!ClockAllows(c, t->name)) {
      return Fail(
          ErrorCode::kFailedPrecondition,
          t->opens_pause == "correction" ? "case.correction_already_requested" : "case.once_only",
          t->opens_pause == "correction"
              ? "a 补正 notice lists everything missing at once: only one is issued"
              : t->name + " may be taken once");
    }
    c.pauses.push_back({now, std::nullopt, t->opens_pause, field("note")});
    for (const auto& clock : type.clocks) {
      if (std::find(clock.paused_by.begin(), clock.paused_by.end(), t->opens_pause) !=
          clock.paused_by.end()) {
        ZT_RETURN_IF_ERROR(recompute_clock_of(clock.name));
      }
    }
  }
  if (t->closes_pause) {
    ClosePause(c, now);
    // Only a clock that runs on is recomputed: a withdrawal never fails for the calendar.
    if (const ClockSpec* running = type.ClockIn(decision.to)) {
      ZT_RETURN_IF_ERROR(recompute_clock_of(running->name));
    }
  }
  if (!t->extends_clock.empty()) {
    if (!ClockAllows(c, t->name)) {
      return Fail(ErrorCode::kFailedPrecondition, "case.extension_already_granted",
                  "the decision period may be extended only once");
    }
    std::optional<int> days = ExtensionDays(field("days"), t->max_days);
    if (!days) {
      return FieldFail("/days", "case.extension_days",
                       "an extension is 1 to " + std::to_string(t->max_days) + " working days");
    }
    c.extension_wd = *days;
    c.extension_reason = field("note");
    ZT_RETURN_IF_ERROR(recompute_clock_of(t->extends_clock));
  }
  return Ok();
}

Status RecomputeDeadlines(ApplicationCase& c, const calendar::WorkingCalendar& cal) {
  const ClockSpec* running = ApplicationCaseType().ClockIn(c.state);
  if (running == nullptr) return Ok();
  if (running->name == "acceptance") return RecomputeAcceptance(c, cal);
  if (running->name == "handling") return RecomputeHandling(c, cal);
  return Ok();
}

}  // namespace zt::caseflow
