// File: work_order.h
//
// One 12345 matter and, when it is dispatched, its work order (工单), on the case engine.
// A matter answered at first contact (直接办结) is recorded in state "answered" and never
// moves; a dispatched one runs the work-order case type (STANDARDS.md §7.2):
//
//   dispatched ─accept→ accepted ─reply→ replied ─call_back→ called_back ─close_resolved→
//        │                │  ↑                                   │  └─close_unresolved→
//        │                │  └─approve/refuse_extension─ extension_requested
//        └──return (退单, reason)→ returned ─redispatch (改派) / uphold (dispute decided)→
//        dispatched
//   called_back ─redo (重办)→ accepted;  open orders ─merge (并单)→ merged;  escalate (督办)
//
// Department roles act only on orders their department holds (CanSeeDepartmentRecord in
// caseflow::Decide); the centre (hotline_supervisor) decides disputes, extensions, calls back
// and closes. "closed_resolved" and "closed_unresolved" are two different outcomes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zt/calendar/calendar.h"
#include "zt/caseflow/case_type.h"
#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"
#include "zt/hotline/matters.h"

namespace zt::hotline {

const caseflow::CaseType& WorkOrderCaseType();

// States in which the department still owes the citizen something: the handling clock runs.
bool IsOpenState(const std::string& state);

// Call-back results (回访); "unreachable" carries no rating.
inline constexpr const char* kSatisfactions[] = {"satisfied", "basically_satisfied", "unsatisfied",
                                                 "unreachable"};
bool IsKnownSatisfaction(const std::string& s);

// Extensions: at most kMaxExtensionDays working days, asked once per order (Shandong's rule of
// at most 10 working days, STANDARDS.md §7.1; INFERRED as the default here).
inline constexpr int kMaxExtensionDays = 10;

struct WorkOrder {
  CaseId id;
  std::string number;  // "12345-20261122-000001"
  std::string source = "phone";
  std::string external_id;  // Open311 or historical-import reference, "" when none
  std::string caller_name;
  std::string caller_phone;
  bool confidential = false;
  std::string matter_type;
  std::string category_code;
  std::string region_code;
  std::string address;
  std::string title;
  std::string content;
  bool urgent = false;
  std::string disposition;  // "answered" (直接办结) | "dispatched"
  std::string article_id;   // the knowledge-base article an answer relied on
  std::string answer;       // what the agent answered directly
  DepartmentId department_id;
  std::string state;  // "answered" or a state of WorkOrderCaseType()
  std::int64_t version = 1;
  AccountId agent_id;
  Instant received_at{};
  std::optional<Instant> dispatched_at;
  std::optional<Instant> sign_due_at;  // 签收 deadline
  std::optional<Instant> accepted_at;  // first 签收
  std::optional<Instant> replied_at;
  std::optional<Instant> called_back_at;
  std::optional<Instant> closed_at;
  int limit_days = 0;      // from the type rule at intake
  int extension_days = 0;  // approved
  int requested_extension_days = 0;
  std::optional<Date> due_date;  // handling deadline, computed by the calendar
  std::string reply;
  std::string satisfaction;  // one of kSatisfactions after the call-back
  std::string outcome;       // "resolved" | "unresolved" | "merged" | "" while open
  std::string merged_into;   // the order a merged one was folded into
  std::string returned_by;   // department of the last 退单
  int escalation_level = 0;  // 督办 count
  std::string last_note;
};

caseflow::CaseSnapshot SnapshotOf(const WorkOrder& order);

// 签收 deadline (INFERRED: no national rule found): urgent orders within 2 hours of dispatch;
// others by the end (24:00 CST) of the next working day. calendar.year_not_covered when the
// calendar lacks the year.
inline constexpr std::chrono::hours kUrgentSignHours{2};
Result<Instant> SignDeadline(const calendar::WorkingCalendar& cal, Instant dispatched_at,
                             bool urgent);

// The handling deadline: the type's limit plus approved extension, counted from the day of
// receipt (the receipt day not counted) by caseflow::Deadline.
Result<Date> HandlingDeadline(const calendar::WorkingCalendar& cal, const WorkOrder& order,
                              const TypeRule& rule);

// Past its deadline and still open, as of `today`.
bool IsOverdue(const WorkOrder& order, Date today);
// An urgent order still waiting to be signed for after its sign deadline: the centre
// escalates it (督办).
bool NeedsEscalation(const WorkOrder& order, Instant now);

// Applies a decided transition's data effects on `order` at `now` (state is set to
// decision.to by the caller first). Fields used: "note" (reason or reply), "days"
// (request_extension, 1..kMaxExtensionDays), "satisfaction" (call_back), "department_id"
// (redispatch; checked against the store by the service), "into" (merge).
// Errors: kInvalidArgument "hotline.extension_days", "hotline.satisfaction_unknown";
// kFailedPrecondition "hotline.extension_already_granted" and
// "hotline.unresolved_needs_rating" (close_resolved after an "unsatisfied" call-back).
Status ApplyOrderEffects(WorkOrder& order, const caseflow::Decision& decision, Instant now,
                         const calendar::WorkingCalendar& cal, const TypeRule& rule);

}  // namespace zt::hotline
