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
};

struct CaseType {
  std::string name;  // "application"
  std::string initial_state;
  std::vector<std::string> states;
  std::vector<std::string> terminal_states;
  std::vector<Transition> transitions;

  const Transition* FindTransition(const std::string& name) const;
  bool IsTerminal(const std::string& state) const;
};

// Checks a case type's own consistency: every transition's states exist, names are unique,
// each has an event. kInvalidArgument naming the first problem.
Status ValidateCaseType(const CaseType& type);

// What Decide needs to know about the case as it stands.
struct CaseSnapshot {
  CaseId id;
  std::string state;
  std::int64_t version = 0;
  std::string region_code;
  DepartmentId department_id;
  AccountId applicant_account;
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
//   kInvalidArgument ("case.field_required")       a required field is missing (one
//                                                  FieldError per field, pointer "/<field>")
Result<Decision> Decide(const CaseType& type, const CaseSnapshot& current, const Command& command,
                        const accounts::Actor& actor);

}  // namespace zt::caseflow
