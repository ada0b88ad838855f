// Private to the store module: the SQL of the case engine's own records (cases' follow-up
// tasks, the applied calendar; service/case_engine_store.h), over the unit of work's statements.
#pragma once

#include "sql_support.h"
#include "zt/service/case_engine_store.h"

namespace zt::store::internal {

class SqlCaseEngineStore final : public service::CaseEngineStore {
 public:
  explicit SqlCaseEngineStore(Statements& sql) : sql_(sql) {}

  Status InsertTask(const caseflow::CaseTask& task) override;
  Status CompleteTask(const CaseId& case_id, std::string_view kind, Instant done_at) override;
  Result<std::vector<caseflow::CaseTask>> ListTasksFor(const CaseId& case_id) override;
  Result<std::vector<caseflow::CaseTask>> ListOpenTasks(std::string_view region_prefix,
                                                        const DepartmentId& department,
                                                        int limit) override;
  Result<std::string> CalendarFingerprint() override;
  Status PutCalendarFingerprint(std::string_view fingerprint, Instant at) override;

 private:
  Statements& sql_;
};

}  // namespace zt::store::internal
