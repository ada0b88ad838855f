#include "sql_case_engine.h"

namespace zt::store::internal {
namespace {

constexpr std::string_view kInsertTask =
    "INSERT INTO case_tasks (id, case_id, kind, due, opened_at, done_at, note, region_code, "
    "department_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr std::string_view kCompleteTask =
    "UPDATE case_tasks SET done_at = $3 WHERE case_id = $1 AND kind = $2 AND done_at IS NULL";
constexpr std::string_view kTaskColumns =
    "SELECT id, case_id, kind, due, opened_at, done_at, note, region_code, department_id "
    "FROM case_tasks ";
constexpr std::string_view kTasksForCase = "WHERE case_id = $1 ORDER BY opened_at, id";
// $1/$2 region range ('' = all), $3 department ('' = all), $4 limit.
constexpr std::string_view kOpenTasks =
    "WHERE done_at IS NULL AND ($1 = '' OR (region_code >= $1 AND region_code < $2)) "
    "AND ($3 = '' OR department_id = $3) ORDER BY due, opened_at, id LIMIT $4";

constexpr std::string_view kSelectFingerprint =
    "SELECT fingerprint FROM case_calendar_applied WHERE id = 1";
constexpr std::string_view kDeleteFingerprint = "DELETE FROM case_calendar_applied WHERE id = 1";
constexpr std::string_view kInsertFingerprint =
    "INSERT INTO case_calendar_applied (id, fingerprint, applied_at) VALUES (1, $1, $2)";

Result<caseflow::CaseTask> DecodeTask(const Row& row) {
  RowReader r(row);
  caseflow::CaseTask t;
  t.id = r.Text();
  t.case_id = CaseId(r.Text());
  t.kind = r.Text();
  std::optional<Date> due = r.OptDate();
  t.opened_at = r.At();
  t.done_at = r.OptAt();
  t.note = r.Text();
  t.region_code = r.Text();
  t.department_id = DepartmentId(r.Text());
  if (!r.ok() || !due) return Corrupt("case_tasks");
  t.due = *due;
  return t;
}

}  // namespace

Status SqlCaseEngineStore::InsertTask(const caseflow::CaseTask& t) {
  ZT_ASSIGN_OR_RETURN(
      auto r, sql_.Write("InsertTask", kInsertTask,
                         {t.id, t.case_id.value(), t.kind, t.due.ToString(), Millis(t.opened_at),
                          OptInstant(t.done_at), t.note, t.region_code, t.department_id.value()}));
  (void)r;
  return Ok();
}

Status SqlCaseEngineStore::CompleteTask(const CaseId& case_id, std::string_view kind,
                                        Instant done_at) {
  ZT_ASSIGN_OR_RETURN(
      auto r, sql_.Write("CompleteTask", kCompleteTask, {case_id.value(), kind, Millis(done_at)}));
  if (r.affected == 0) {
    return Fail(ErrorCode::kNotFound, "case.task_not_open",
                "no open " + std::string(kind) + " task on this case");
  }
  return Ok();
}

Result<std::vector<caseflow::CaseTask>> SqlCaseEngineStore::ListTasksFor(const CaseId& case_id) {
  std::string sql = std::string(kTaskColumns) + std::string(kTasksForCase);
  ZT_ASSIGN_OR_RETURN(auto r, sql_.Read("ListTasksFor", sql, {case_id.value()}));
  return Decode<caseflow::CaseTask>(r, DecodeTask);
}

Result<std::vector<caseflow::CaseTask>> SqlCaseEngineStore::ListOpenTasks(
    std::string_view region_prefix, const DepartmentId& department, int limit) {
  ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(region_prefix));
  std::string sql = std::string(kTaskColumns) + std::string(kOpenTasks);
  ZT_ASSIGN_OR_RETURN(auto r,
                      sql_.Read("ListOpenTasks", sql,
                                {region_prefix, upper, department.value(), ClampLimit(limit)}));
  return Decode<caseflow::CaseTask>(r, DecodeTask);
}

Result<std::string> SqlCaseEngineStore::CalendarFingerprint() {
  ZT_ASSIGN_OR_RETURN(auto r, sql_.Read("CalendarFingerprint", kSelectFingerprint, {}));
  if (r.rows.empty() || r.rows[0].empty() || !r.rows[0][0]) return std::string();
  return *r.rows[0][0];
}

Status SqlCaseEngineStore::PutCalendarFingerprint(std::string_view fingerprint, Instant at) {
  ZT_ASSIGN_OR_RETURN(auto gone, sql_.Write("PutCalendarFingerprint", kDeleteFingerprint, {}));
  (void)gone;
  ZT_ASSIGN_OR_RETURN(auto put, sql_.Write("PutCalendarFingerprint", kInsertFingerprint,
                                           {fingerprint, Millis(at)}));
  (void)put;
  return Ok();
}

}  // namespace zt::store::internal
