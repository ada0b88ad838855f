#include "zt/caseflow/case_type.h"

#include <algorithm>
#include <set>

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
  if (!allowed && std::find(t->roles.begin(), t->roles.end(), actor.role) != t->roles.end() &&
      accounts::CanSeeDepartmentRecord(actor, current.region_code, current.department_id)) {
    allowed = true;
  }
  if (!allowed) {
    return Fail(ErrorCode::kPermissionDenied, "case.role_not_allowed",
                "this account may not " + t->name + " this case");
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
