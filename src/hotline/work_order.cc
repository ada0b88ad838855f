#include "zt/hotline/work_order.h"

#include <algorithm>
#include <charconv>

#include "zt/caseflow/clock.h"

namespace zt::hotline {
namespace {

using accounts::Role;

// Department staff who handle orders (承办): any departmental role of the holding department.
const std::vector<Role> kDepartment = {Role::kWindowClerk, Role::kReviewer, Role::kDepartmentAdmin};
const std::vector<Role> kCentre = {Role::kHotlineSupervisor};

caseflow::CaseType BuildWorkOrderType() {
  caseflow::CaseType t;
  t.name = "work_order";
  t.initial_state = "dispatched";
  t.states = {
      "answered", "dispatched",  "accepted",        "returned",          "extension_requested",
      "replied",  "called_back", "closed_resolved", "closed_unresolved", "merged"};
  t.terminal_states = {"answered", "closed_resolved", "closed_unresolved", "merged"};
  auto add = [&t](std::string name, std::vector<std::string> from, std::string to,
                  std::vector<Role> roles, std::vector<std::string> fields, std::string event) {
    t.transitions.push_back({std::move(name), std::move(from), std::move(to), std::move(roles),
                             false, std::move(fields), std::move(event)});
  };
  add("accept", {"dispatched"}, "accepted", kDepartment, {}, "hotline.accepted");
  // 退单: a matter outside the department's duties goes back with its reason; the centre
  // decides the dispute (派单异议审核).
  add("return", {"dispatched", "accepted"}, "returned", kDepartment, {"note"}, "hotline.returned");
  add("redispatch", {"returned"}, "dispatched", kCentre, {"department_id", "note"},
      "hotline.redispatched");
  add("uphold", {"returned"}, "dispatched", kCentre, {"note"}, "hotline.return_refused");
  add("request_extension", {"accepted"}, "extension_requested", kDepartment, {"days", "note"},
      "hotline.extension_requested");
  add("approve_extension", {"extension_requested"}, "accepted", kCentre, {},
      "hotline.extension_approved");
  add("refuse_extension", {"extension_requested"}, "accepted", kCentre, {"note"},
      "hotline.extension_refused");
  add("reply", {"accepted"}, "replied", kDepartment, {"note"}, "hotline.replied");
  add("call_back", {"replied"}, "called_back", kCentre, {"satisfaction"}, "hotline.called_back");
  add("redo", {"called_back"}, "accepted", kCentre, {"note"}, "hotline.redo");
  add("close_resolved", {"called_back"}, "closed_resolved", kCentre, {}, "hotline.closed");
  add("close_unresolved", {"replied", "called_back"}, "closed_unresolved", kCentre, {"note"},
      "hotline.closed");
  // 督办: the order stays where it is (the table needs one target; ApplyOrderEffects puts the
  // order back in the state it came from); the escalation is counted and logged.
  add("escalate", {"dispatched", "accepted", "returned", "extension_requested"}, "dispatched",
      kCentre, {"note"}, "hotline.escalated");
  add("merge", {"dispatched", "accepted", "returned"}, "merged",
      {Role::kHotlineSupervisor, Role::kHotlineAgent}, {"into"}, "hotline.merged");
  return t;
}

std::optional<int> ParseDays(const std::string& s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string Field(const caseflow::Decision& d, const std::string& name) {
  auto it = d.fields.find(name);
  return it == d.fields.end() ? "" : it->second;
}

}  // namespace

const caseflow::CaseType& WorkOrderCaseType() {
  static const caseflow::CaseType type = BuildWorkOrderType();
  return type;
}

bool IsOpenState(const std::string& state) {
  return state == "dispatched" || state == "accepted" || state == "returned" ||
         state == "extension_requested";
}

bool IsKnownSatisfaction(const std::string& s) {
  return std::find(std::begin(kSatisfactions), std::end(kSatisfactions), s) !=
         std::end(kSatisfactions);
}

caseflow::CaseSnapshot SnapshotOf(const WorkOrder& order) {
  caseflow::CaseSnapshot s;
  s.id = order.id;
  s.state = order.state;
  s.version = order.version;
  s.region_code = order.region_code;
  s.department_id = order.department_id;
  return s;
}

Result<Instant> SignDeadline(const calendar::WorkingCalendar& cal, Instant dispatched_at,
                             bool urgent) {
  if (urgent)
    return dispatched_at + std::chrono::duration_cast<std::chrono::milliseconds>(kUrgentSignHours);
  ZT_ASSIGN_OR_RETURN(Date day, cal.AddWorkingDays(CivilDateCst(dispatched_at), 1));
  // 24:00 CST of `day` is 16:00 UTC of that day.
  return Instant(std::chrono::sys_days(day.sys_days()) + std::chrono::hours(16));
}

Result<Date> HandlingDeadline(const calendar::WorkingCalendar& cal, const WorkOrder& order,
                              const TypeRule& rule) {
  caseflow::ClockInput in;
  in.start = CivilDateCst(order.received_at);
  in.limit = rule.limit_days + order.extension_days;
  in.working_days = rule.working_days;
  ZT_ASSIGN_OR_RETURN(std::optional<Date> due, caseflow::Deadline(cal, in));
  if (!due) return Fail(ErrorCode::kInternal, "hotline.no_deadline", "no deadline without pauses");
  return *due;
}

bool IsOverdue(const WorkOrder& order, Date today) {
  return IsOpenState(order.state) && order.due_date && today > *order.due_date;
}

bool NeedsEscalation(const WorkOrder& order, Instant now) {
  return order.urgent && order.state == "dispatched" && order.sign_due_at &&
         now > *order.sign_due_at;
}

Status ApplyOrderEffects(WorkOrder& o, const caseflow::Decision& d, Instant now,
                         const calendar::WorkingCalendar& cal, const TypeRule& rule) {
  const std::string note = Field(d, "note");
  o.last_note = note;
  const std::string& t = d.transition;
  if (t == "escalate") {
    o.state = d.from;  // 督办 does not move the order
    ++o.escalation_level;
  } else if (t == "accept") {
    if (!o.accepted_at) o.accepted_at = now;
  } else if (t == "return") {
    o.returned_by = o.department_id.value();
  } else if (t == "redispatch" || t == "uphold") {
    if (t == "redispatch") o.department_id = DepartmentId(Field(d, "department_id"));
    o.dispatched_at = now;
    o.accepted_at.reset();
    ZT_ASSIGN_OR_RETURN(Instant sign_due, SignDeadline(cal, now, o.urgent));
    o.sign_due_at = sign_due;
  } else if (t == "request_extension") {
    if (o.extension_days > 0) {
      return Fail(ErrorCode::kFailedPrecondition, "hotline.extension_already_granted",
                  "this order has already been extended once");
    }
    auto days = ParseDays(Field(d, "days"));
    if (!days || *days < 1 || *days > kMaxExtensionDays) {
      return FieldFail(
          "/days", "hotline.extension_days",
          "an extension is 1 to " + std::to_string(kMaxExtensionDays) + " working days");
    }
    o.requested_extension_days = *days;
  } else if (t == "approve_extension") {
    o.extension_days = o.requested_extension_days;
    o.requested_extension_days = 0;
    ZT_ASSIGN_OR_RETURN(Date due, HandlingDeadline(cal, o, rule));
    o.due_date = due;
  } else if (t == "refuse_extension") {
    o.requested_extension_days = 0;
  } else if (t == "reply") {
    o.reply = note;
    o.replied_at = now;
  } else if (t == "call_back") {
    const std::string s = Field(d, "satisfaction");
    if (!IsKnownSatisfaction(s)) {
      return FieldFail("/satisfaction", "hotline.satisfaction_unknown",
                       "satisfaction must be satisfied, basically_satisfied, unsatisfied or "
                       "unreachable");
    }
    o.satisfaction = s;
    o.called_back_at = now;
  } else if (t == "redo") {
    o.replied_at.reset();
    o.reply.clear();
    o.satisfaction.clear();
    o.called_back_at.reset();
  } else if (t == "close_resolved") {
    if (o.satisfaction == "unsatisfied") {
      return Fail(ErrorCode::kFailedPrecondition, "hotline.unresolved_needs_rating",
                  "the citizen was not satisfied: redo the order or close it as unresolved");
    }
    o.outcome = "resolved";
    o.closed_at = now;
  } else if (t == "close_unresolved") {
    o.outcome = "unresolved";
    o.closed_at = now;
  } else if (t == "merge") {
    o.outcome = "merged";
    o.merged_into = Field(d, "into");
    o.closed_at = now;
  }
  return Ok();
}

}  // namespace zt::hotline
