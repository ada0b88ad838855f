// File: case_type.h
//
// The case engine's core: a case type is data (states, transitions, who may take each, which
// fields each needs), and Decide() is a pure function that says whether a command may move
// a case on. The service layer loads the case, calls Decide with the current instant as a
// value, and writes the decision (event + new state) in one transaction.
//
//   const CaseType& t = ApplicationCaseType();
//   Result<Decision> d = Decide(t, snapshot, Command{"accept", {}}, clerk);
//   if (!d) return d.error();   // kFailedPrecondition / kPermissionDenied / kInvalidArgument
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/core/ids.h"

namespace zt::caseflow {

struct Transition {
  std::string name;                          // "accept"
  std::vector<std::string> from;             // states it may start from
  std::string to;                            // state it leads to
  std::vector<accounts::Role> roles;         // staff roles that may take it (scope-checked)
  bool applicant_may = false;                // the case's own applicant may take it (withdraw)
  std::vector<std::string> required_fields;  // command fields that must be non-empty
  std::string event;                         // event name written to the log
  // What a staff role's scope must cover (accounts.h): "department" (the default: the case's
  // region and department, CanSeeDepartmentRecord) or "region" (the case's region only: the
  // 一窗 front desk accepts for any department of its region).
  std::string scope = "department";
  // Effects, all optional; the service applies them in the transition's transaction
  // (docs/case-engine.md "Case types as data").
  std::string opens_pause;                    // pause kind opened ("correction", "suspension")
  bool closes_pause = false;                  // closes the open pause
  std::string starts_clock;                   // clock started ("handling")
  std::string extends_clock;                  // clock extended by fields["days"], 1..max_days
  int max_days = 0;                           // limit of that extension
  bool once = false;                          // may be taken once in a case's life
  std::string opens_task;                     // follow-up task opened ("certificate", ...)
  int task_days = 0;                          // its deadline, working days from today
  std::string closes_task;                    // task this transition completes
  std::vector<std::string> blocked_by_tasks;  // refused while one of these tasks is open
  std::string outcome;                        // outcome recorded on the case ("approved", ...)
  std::string guard;                          // named condition the service checks
                                              // ("instant_item", "secondary_materials_only")
  // Segregation of duties (AZ-05): the case's handler (who accepted it) may not take this
  // transition, whatever role the account holds now.
  bool not_by_handler = false;
};

// A legal clock of a case type: how long, counted how, in which states it runs, which pause
// kinds stop it, and when it warns.
struct ClockSpec {
  std::string name;                    // "acceptance", "handling"
  bool working_days = true;            // false: calendar days, the last day rolled to a working day
  int limit = 0;                       // fixed limit in days; 0 with limit_from_item
  bool limit_from_item = false;        // the item's promised (and statutory) limit
  std::vector<std::string> runs_in;    // states in which the clock runs
  std::vector<std::string> paused_by;  // pause kinds that stop it
  int yellow_days = 2;                 // yellow when 0 < remaining <= yellow_days
  int red_days = 0;                    // red when 0 <= remaining <= red_days
};

struct CaseType {
  std::string name;  // "application"
  std::string initial_state;
  std::vector<std::string> states;
  std::vector<std::string> terminal_states;
  std::vector<Transition> transitions;
  std::string title;              // "办件"
  std::vector<ClockSpec> clocks;  // empty for case types without legal clocks

  const Transition* FindTransition(const std::string& name) const;
  bool IsTerminal(const std::string& state) const;
  const ClockSpec* FindClock(const std::string& name) const;
  // The clock that runs in `state`, or nullptr.
  const ClockSpec* ClockIn(const std::string& state) const;
};

// Checks a case type's own consistency: every transition's states exist, names are unique,
// each has an event, scopes are known, clocks and pause kinds referenced exist, warning
// thresholds are ordered. kInvalidArgument "case_type.invalid" naming the first problem.
Status ValidateCaseType(const CaseType& type);

// What Decide needs to know about the case as it stands.
struct CaseSnapshot {
  CaseId id;
  std::string state;
  std::int64_t version = 0;
  std::string region_code;
  DepartmentId department_id;
  AccountId applicant_account;
  AccountId handler_account;  // who accepted the case (empty before acceptance)
};

struct Command {
  std::string transition;
  std::map<std::string, std::string> fields;  // e.g. {"reason": "..."}
};

struct Decision {
  std::string transition;
  std::string from;
  std::string to;
  std::string event;
  std::map<std::string, std::string> fields;
};

// Pure. Errors:
//   kInvalidArgument ("case.unknown_transition")   the type has no such transition
//   kFailedPrecondition ("case.transition_not_allowed") not allowed from the current state
//   kPermissionDenied ("case.role_not_allowed")    the actor's role may not take it, or the
//                                                  case lies outside the actor's scope
//   kPermissionDenied ("case.handler_cannot_decide") the transition is not_by_handler and
//                                                  the actor accepted (handles) this case
//   kInvalidArgument ("case.field_required")       a required field is missing (one
//                                                  FieldError per field, pointer "/<field>")
Result<Decision> Decide(const CaseType& type, const CaseSnapshot& current, const Command& command,
                        const accounts::Actor& actor);

}  // namespace zt::caseflow
