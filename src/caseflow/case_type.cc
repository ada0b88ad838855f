#include "zt/caseflow/case_type.h"

#include <algorithm>
#include <set>

#include "zt/core/region_code.h"

namespace zt::caseflow {
namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

const Transition* CaseType::FindTransition(const std::string& transition_name) const {
  for (const auto& t : transitions) {
    if (t.name == transition_name) return &t;
  }
  return nullptr;
}

bool CaseType::IsTerminal(const std::string& state) const {
  return Contains(terminal_states, state);
}

const ClockSpec* CaseType::FindClock(const std::string& clock_name) const {
  for (const auto& c : clocks) {
    if (c.name == clock_name) return &c;
  }
  return nullptr;
}

const ClockSpec* CaseType::ClockIn(const std::string& state) const {
  for (const auto& c : clocks) {
    if (Contains(c.runs_in, state)) return &c;
  }
  return nullptr;
}

Status ValidateCaseType(const CaseType& type) {
  auto bad = [&type](const std::string& what) {
    return Fail(ErrorCode::kInvalidArgument, "case_type.invalid", type.name + ": " + what);
  };
  if (type.name.empty()) return bad("a case type needs a name");
  if (!Contains(type.states, type.initial_state)) return bad("unknown initial state");
  for (const auto& s : type.terminal_states) {
    if (!Contains(type.states, s)) return bad("unknown terminal state " + s);
  }
  std::set<std::string> names;
  for (const auto& t : type.transitions) {
    if (!names.insert(t.name).second) return bad("duplicate transition " + t.name);
    if (t.event.empty()) return bad("transition " + t.name + " has no event");
    if (!Contains(type.states, t.to))
      return bad("transition " + t.name + " leads to unknown state");
    if (t.from.empty()) return bad("transition " + t.name + " starts from no state");
    for (const auto& f : t.from) {
      if (!Contains(type.states, f)) return bad("transition " + t.name + " from unknown " + f);
      if (type.IsTerminal(f)) return bad("transition " + t.name + " leaves terminal state " + f);
    }
    if (t.roles.empty() && !t.applicant_may) return bad("nobody may take " + t.name);
    if (t.scope != "department" && t.scope != "region")
      return bad("transition " + t.name + " has unknown scope " + t.scope);
    if (!t.starts_clock.empty() && type.FindClock(t.starts_clock) == nullptr)
      return bad("transition " + t.name + " starts unknown clock " + t.starts_clock);
    if (!t.extends_clock.empty()) {
      if (type.FindClock(t.extends_clock) == nullptr)
        return bad("transition " + t.name + " extends unknown clock " + t.extends_clock);
      if (t.max_days <= 0) return bad("transition " + t.name + " extends by no days");
    }
    if (!t.opens_pause.empty() &&
        std::none_of(type.clocks.begin(), type.clocks.end(),
                     [&t](const ClockSpec& c) { return Contains(c.paused_by, t.opens_pause); }))
      return bad("transition " + t.name + " opens pause " + t.opens_pause + " no clock knows");
    if (!t.opens_task.empty() && t.task_days <= 0)
      return bad("transition " + t.name + " opens a task without a deadline");
    if (t.opens_task.empty() && t.task_days != 0)
      return bad("transition " + t.name + " gives task_days without a task");
  }
  std::set<std::string> clock_names;
  std::set<std::string> clocked_states;
  for (const auto& c : type.clocks) {
    if (c.name.empty() || !clock_names.insert(c.name).second)
      return bad("clock names must be present and unique");
    if (c.limit_from_item == (c.limit > 0))
      return bad("clock " + c.name + " needs either a limit or limit_from = \"item\"");
    if (c.runs_in.empty()) return bad("clock " + c.name + " runs in no state");
    for (const auto& s : c.runs_in) {
      if (!Contains(type.states, s)) return bad("clock " + c.name + " runs in unknown " + s);
      if (!clocked_states.insert(s).second) return bad("two clocks run in state " + s);
    }
    if (c.red_days < 0 || c.yellow_days < c.red_days)
      return bad("clock " + c.name + " needs 0 <= red_days <= yellow_days");
  }
  return Ok();
}

Result<Decision> Decide(const CaseType& type, const CaseSnapshot& current, const Command& command,
                        const accounts::Actor& actor) {
  const Transition* t = type.FindTransition(command.transition);
  if (t == nullptr) {
    return FieldFail("/transition", "case.unknown_transition",
                     "no transition named '" + command.transition + "' in " + type.name);
  }
  if (!Contains(t->from, current.state)) {
    return Fail(ErrorCode::kFailedPrecondition, "case.transition_not_allowed",
                "cannot " + t->name + " a case that is " + current.state);
  }
  bool allowed = false;
  if (t->applicant_may && actor.role == accounts::Role::kCitizen &&
      !current.applicant_account.empty() && actor.account_id == current.applicant_account) {
    allowed = true;
  }
  if (!allowed && std::find(t->roles.begin(), t->roles.end(), actor.role) != t->roles.end()) {
    if (t->scope == "region" || actor.role == accounts::Role::kFrontDeskClerk) {
      // 一窗: the front desk of a region acts for every department in it, whatever scope the
      // transition names for departmental clerks.
      auto mine = RegionCode::Parse(actor.region_code);
      auto theirs = RegionCode::Parse(current.region_code);
      allowed = mine && theirs && mine->Contains(*theirs);
    } else {
      allowed = accounts::CanSeeDepartmentRecord(actor, current.region_code, current.department_id);
    }
  }
  if (!allowed) {
    return Fail(ErrorCode::kPermissionDenied, "case.role_not_allowed",
                "this account may not " + t->name + " this case");
  }
  if (t->not_by_handler && !current.handler_account.empty() &&
      actor.account_id == current.handler_account) {
    return Fail(ErrorCode::kPermissionDenied, "case.handler_cannot_decide",
                "the handler who accepted this case may not also " + t->name + " it");
  }
  std::vector<FieldError> missing;
  for (const auto& field : t->required_fields) {
    auto it = command.fields.find(field);
    if (it == command.fields.end() || it->second.empty()) {
      missing.push_back({"/" + field, "case.field_required", field + " is required to " + t->name});
    }
  }
  if (!missing.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "case.field_required",
                "fields required to " + t->name + " are missing", std::move(missing));
  }
  return Decision{t->name, current.state, t->to, t->event, command.fields};
}

}  // namespace zt::caseflow
