#include "zt/caseflow/application.h"

#include <cstdlib>

namespace zt::caseflow {
namespace {

using accounts::Role;

CaseType BuildApplicationType() {
  CaseType t;
  t.name = "application";
  t.initial_state = "submitted";
  t.states = {"submitted", "correction_pending", "accepted",
              "suspended", "not_accepted",       "approved",
              "denied",    "concluded",          "withdrawn"};
  t.terminal_states = {"not_accepted", "concluded", "withdrawn"};
  // 行政许可法 第三十二条: accept or refuse; a refusal states its reason.
  t.transitions.push_back({"accept",
                           {"submitted"},
                           "accepted",
                           {Role::kWindowClerk},
                           false,
                           {},
                           "application.accepted"});
  t.transitions.push_back({"not_accept",
                           {"submitted", "correction_pending"},
                           "not_accepted",
                           {Role::kWindowClerk},
                           false,
                           {"note"},
                           "application.not_accepted"});
  // 第三十二条: incomplete materials: one notice listing everything missing (the note).
  t.transitions.push_back({"request_correction",
                           {"submitted"},
                           "correction_pending",
                           {Role::kWindowClerk},
                           false,
                           {"note"},
                           "application.correction_requested"});
  t.transitions.push_back({"supply_correction",
                           {"correction_pending"},
                           "submitted",
                           {Role::kWindowClerk},
                           /*applicant_may=*/true,
                           {},
                           "application.correction_supplied"});
  // 中止 (expert review, hearing, inspection): the handling clock stops, with a reason.
  t.transitions.push_back({"suspend",
                           {"accepted"},
                           "suspended",
                           {Role::kReviewer},
                           false,
                           {"note"},
                           "application.suspended"});
  t.transitions.push_back(
      {"resume", {"suspended"}, "accepted", {Role::kReviewer}, false, {}, "application.resumed"});
  // 第四十二条第一款: +10 days once, with approval and reasons.
  t.transitions.push_back({"extend",
                           {"accepted"},
                           "accepted",
                           {Role::kReviewer},
                           false,
                           {"note", "days"},
                           "application.extended"});
  // 第四十二条: the decision, by a reviewer; a denial states its reason (第三十八条).
  t.transitions.push_back(
      {"approve", {"accepted"}, "approved", {Role::kReviewer}, false, {}, "application.approved"});
  t.transitions.push_back(
      {"deny", {"accepted"}, "denied", {Role::kReviewer}, false, {"note"}, "application.denied"});
  t.transitions.push_back({"conclude",
                           {"approved", "denied"},
                           "concluded",
                           {Role::kWindowClerk, Role::kReviewer},
                           false,
                           {},
                           "application.concluded"});
  t.transitions.push_back({"withdraw",
                           {"submitted", "correction_pending", "accepted", "suspended"},
                           "withdrawn",
                           {},
                           /*applicant_may=*/true,
                           {},
                           "application.withdrawn"});
  return t;
}

}  // namespace

const CaseType& ApplicationCaseType() {
  static const CaseType type = [] {
    CaseType t = BuildApplicationType();
    // A broken built-in definition is a programmer error, caught by the first test run.
    if (!ValidateCaseType(t)) std::abort();
    return t;
  }();
  return type;
}

bool IsKnownChannel(const std::string& channel) {
  for (const char* c : kChannels) {
    if (channel == c) return true;
  }
  return false;
}

CaseSnapshot SnapshotOf(const ApplicationCase& c) {
  return CaseSnapshot{c.id,          c.state,         c.version,
                      c.region_code, c.department_id, c.applicant_account};
}

namespace {

std::vector<ClockPause> PausesOfKind(const ApplicationCase& c, const char* kind) {
  std::vector<ClockPause> out;
  for (const auto& p : c.pauses) {
    if (p.kind == kind) out.push_back(p);
  }
  return out;
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

// Parses the extension's "days" field: digits only, 1..kMaxExtensionWd.
std::optional<int> ExtensionDays(const std::string& text) {
  if (text.empty() || text.size() > 2) return std::nullopt;
  int n = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return std::nullopt;
    n = n * 10 + (ch - '0');
  }
  if (n < 1 || n > kMaxExtensionWd) return std::nullopt;
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
  if (transition == "request_correction") return !CorrectionRequested(c);
  if (transition == "extend") return c.extension_wd == 0;
  return true;
}

bool DeemedAccepted(const ApplicationCase& c, Date today) {
  return c.state == "submitted" && !CorrectionRequested(c) && c.acceptance_due &&
         today > *c.acceptance_due;
}

ClockInput AcceptanceClock(const ApplicationCase& c) {
  return ClockInput{CivilDateCst(c.submitted_at), kAcceptanceLimitWd, true,
                    PausesOfKind(c, "correction")};
}

ClockInput HandlingClock(const ApplicationCase& c, bool statutory) {
  // Rows from before schema v3 have no clock_start: their clock started on acceptance.
  Date start = c.clock_start   ? *c.clock_start
               : c.accepted_at ? CivilDateCst(*c.accepted_at)
                               : CivilDateCst(c.submitted_at);
  int limit = (statutory ? c.statutory_limit_wd : c.promised_limit_wd) + c.extension_wd;
  return ClockInput{start, limit, true, PausesOfKind(c, "suspension")};
}

Status ApplyClockEffects(ApplicationCase& c, const Decision& decision, Instant now,
                         const calendar::WorkingCalendar& cal) {
  const std::string& t = decision.transition;
  auto field = [&decision](const char* name) {
    auto it = decision.fields.find(name);
    return it == decision.fields.end() ? std::string() : it->second;
  };
  Date today = CivilDateCst(now);
  if (t == "accept") {
    // 第三十二条: a case deemed accepted was accepted on the day it was received.
    ApplicationCase before = c;  // the caller may already have moved c.state on
    before.state = decision.from;
    c.clock_start = DeemedAccepted(before, today) ? CivilDateCst(c.submitted_at) : today;
    return RecomputeHandling(c, cal);
  }
  if (t == "request_correction") {
    if (!ClockAllows(c, t)) {
      return Fail(ErrorCode::kFailedPrecondition, "case.correction_already_requested",
                  "a 补正 notice lists everything missing at once: only one is issued");
    }
    c.pauses.push_back({now, std::nullopt, "correction", field("note")});
    return RecomputeAcceptance(c, cal);
  }
  if (t == "supply_correction") {
    ClosePause(c, now);
    return RecomputeAcceptance(c, cal);
  }
  if (t == "suspend") {
    c.pauses.push_back({now, std::nullopt, "suspension", field("note")});
    return RecomputeHandling(c, cal);
  }
  if (t == "resume") {
    ClosePause(c, now);
    return RecomputeHandling(c, cal);
  }
  if (t == "extend") {
    if (!ClockAllows(c, t)) {
      return Fail(ErrorCode::kFailedPrecondition, "case.extension_already_granted",
                  "the decision period may be extended only once");
    }
    std::optional<int> days = ExtensionDays(field("days"));
    if (!days) {
      return FieldFail("/days", "case.extension_days",
                       "an extension is 1 to " + std::to_string(kMaxExtensionWd) + " working days");
    }
    c.extension_wd = *days;
    c.extension_reason = field("note");
    return RecomputeHandling(c, cal);
  }
  if (t == "withdraw" || t == "not_accept") ClosePause(c, now);
  return Ok();
}

}  // namespace zt::caseflow
