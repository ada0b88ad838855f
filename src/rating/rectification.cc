#include "zt/rating/rectification.h"

#include <cstdlib>

namespace zt::rating {
namespace {

using accounts::Role;

caseflow::CaseType BuildRectificationType() {
  const std::vector<Role> department = {Role::kDepartmentAdmin, Role::kReviewer};
  // The call-back may be made by the department or by the bureau (12345 centre practice,
  // STANDARDS.md §5.2: 回访 of every real-name 差评).
  const std::vector<Role> call_back = {Role::kDepartmentAdmin, Role::kReviewer,
                                       Role::kBureauManager};
  caseflow::CaseType t;
  t.name = "rectification";
  t.initial_state = "opened";
  t.states = {"opened",  "verified_real", "verified_not_real", "rectified",
              "replied", "called_back",   "rerated",           "closed"};
  t.terminal_states = {"rerated", "closed"};
  // 调查核实: the finding is stated either way.
  t.transitions.push_back({"verify_real",
                           {"opened"},
                           "verified_real",
                           department,
                           false,
                           {"note"},
                           "rectification.verified_real"});
  t.transitions.push_back({"verify_not_real",
                           {"opened"},
                           "verified_not_real",
                           department,
                           false,
                           {"note"},
                           "rectification.verified_not_real"});
  // 督促整改: what was changed.
  t.transitions.push_back({"rectify",
                           {"verified_real"},
                           "rectified",
                           department,
                           false,
                           {"note"},
                           "rectification.rectified"});
  // 反馈: the answer to the citizen, after rectification or explaining the finding.
  t.transitions.push_back({"reply",
                           {"rectified", "verified_not_real"},
                           "replied",
                           department,
                           false,
                           {"note"},
                           "rectification.replied"});
  t.transitions.push_back({"call_back",
                           {"replied"},
                           "called_back",
                           call_back,
                           false,
                           {"note"},
                           "rectification.called_back"});
  t.transitions.push_back({"rerate",
                           {"called_back"},
                           "rerated",
                           {},
                           /*applicant_may=*/true,
                           {},
                           "rectification.rerated"});
  // The citizen declined to rate again (or the period passed): closed on the call-back.
  t.transitions.push_back(
      {"close", {"called_back"}, "closed", call_back, false, {"note"}, "rectification.closed"});
  return t;
}

}  // namespace

const caseflow::CaseType& RectificationCaseType() {
  static const caseflow::CaseType type = [] {
    caseflow::CaseType t = BuildRectificationType();
    // A broken built-in definition is a programmer error, caught by the first test run.
    if (!caseflow::ValidateCaseType(t)) std::abort();
    return t;
  }();
  return type;
}

Result<Date> RectificationDue(const calendar::WorkingCalendar& calendar, Instant opened_at,
                              const RatingPolicy& policy) {
  return calendar.AddWorkingDays(CivilDateCst(opened_at), policy.rectification_limit_wd);
}

bool IsReplied(std::string_view state) {
  return state == "replied" || state == "called_back" || state == "rerated" || state == "closed";
}

bool IsCalledBack(std::string_view state) {
  return state == "called_back" || state == "rerated" || state == "closed";
}

}  // namespace zt::rating
