#include "zt/caseflow/application.h"

#include <cstdlib>

namespace zt::caseflow {
namespace {

using accounts::Role;

CaseType BuildApplicationType() {
  CaseType t;
  t.name = "application";
  t.initial_state = "submitted";
  t.states = {"submitted", "accepted",  "not_accepted", "approved",
              "denied",    "concluded", "withdrawn"};
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
                           {"submitted"},
                           "not_accepted",
                           {Role::kWindowClerk},
                           false,
                           {"note"},
                           "application.not_accepted"});
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
                           {"submitted", "accepted"},
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

}  // namespace zt::caseflow
