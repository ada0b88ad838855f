// File: case_engine_store.h
//
// The case engine's own records, reached from the unit of work: uow.case_engine().
// - The follow-up tasks of cases (caseflow::CaseTask): what a transition opened with its own
//   deadline (容缺 materials to supply, a 告知承诺 post-check, the certificate within ten
//   working days).
// - The fingerprint of the holiday calendar the open cases' deadlines were computed with, so
//   that a changed calendar is noticed and the deadlines recomputed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "zt/caseflow/application.h"
#include "zt/core/error.h"

namespace zt::service {

class CaseEngineStore {
 public:
  virtual ~CaseEngineStore() = default;
  virtual Status InsertTask(const caseflow::CaseTask& task) = 0;
  // Marks the open task of that kind done. kNotFound when none is open.
  virtual Status CompleteTask(const CaseId& case_id, std::string_view kind, Instant done_at) = 0;
  // Every task of the case, oldest first.
  virtual Result<std::vector<caseflow::CaseTask>> ListTasksFor(const CaseId& case_id) = 0;
  // Open tasks in a region prefix (and department, unless empty), earliest due first.
  virtual Result<std::vector<caseflow::CaseTask>> ListOpenTasks(std::string_view region_prefix,
                                                                const DepartmentId& department,
                                                                int limit) = 0;

  // The calendar fingerprint last applied to open cases; "" before the first.
  virtual Result<std::string> CalendarFingerprint() = 0;
  virtual Status PutCalendarFingerprint(std::string_view fingerprint, Instant at) = 0;
};

}  // namespace zt::service
