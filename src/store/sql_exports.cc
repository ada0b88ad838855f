#include "sql_exports.h"

#include <limits>

namespace zt::store::internal {
namespace {

using service::ExportIndexQuery;
using service::ExportIndexRow;

constexpr std::string_view kInsertExport =
    "INSERT INTO export_requests (id, kind, requested_by, region_code, department_id, state, "
    "requested_at, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
constexpr std::string_view kSetExportState =
    "UPDATE export_requests SET state = $2, decided_at = $3 WHERE id = $1";
// $1 viewer; $2 decidable kinds as ',a,b,' ('' for none), $3/$4 region range, $5 department
// ('' for any); $6 state ('' for all); $7/$8 decided_at range.
#define ZT_EXPORT_FILTER                                                            \
  "WHERE (requested_by = $1 OR ($2 <> '' AND strpos($2, ',' || kind || ',') > 0 "   \
  "AND region_code >= $3 AND region_code < $4 AND ($5 = '' OR department_id = $5) " \
  "AND requested_by <> $1)) AND ($6 = '' OR state = $6) "                           \
  "AND COALESCE(decided_at, 0) >= $7 AND COALESCE(decided_at, 0) < $8 "
constexpr std::string_view kCountExports = "SELECT COUNT(*) FROM export_requests " ZT_EXPORT_FILTER;
constexpr std::string_view kListExports =
    "SELECT id, kind, requested_by, region_code, department_id, state, requested_at, decided_at "
    "FROM export_requests " ZT_EXPORT_FILTER "ORDER BY requested_at DESC, id LIMIT $9 OFFSET $10";
#undef ZT_EXPORT_FILTER

Result<ExportIndexRow> DecodeExport(const Row& row) {
  RowReader r(row);
  ExportIndexRow e;
  e.id = r.Text();
  e.kind = r.Text();
  e.requested_by = AccountId(r.Text());
  e.region_code = r.Text();
  e.department_id = DepartmentId(r.Text());
  e.state = r.Text();
  e.requested_at = r.At();
  e.decided_at = r.OptAt();
  if (!r.ok()) return Corrupt("ListExports");
  return e;
}

}  // namespace

Status SqlExportStore::InsertExport(const ExportIndexRow& e) {
  return Guard("InsertExport", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertExport"));
    ZT_RETURN_IF_ERROR(
        sql_.Write("InsertExport", kInsertExport,
                   {e.id, e.kind, e.requested_by.value(), e.region_code, e.department_id.value(),
                    e.state, Millis(e.requested_at), OptInstant(e.decided_at)}));
    return Ok();
  });
}

Status SqlExportStore::SetExportState(const std::string& id, const std::string& state,
                                      std::optional<Instant> decided_at) {
  return Guard("SetExportState", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("SetExportState"));
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Write("SetExportState", kSetExportState,
                                                  {id, state, OptInstant(decided_at)}));
    if (r.affected == 0) {
      return Fail(ErrorCode::kNotFound, "export.not_indexed", "SetExportState: no such request");
    }
    return Ok();
  });
}

Result<service::Page<ExportIndexRow>> SqlExportStore::ListExports(const ExportIndexQuery& q) {
  return Guard("ListExports", [&]() -> Result<service::Page<ExportIndexRow>> {
    std::string kinds;
    for (const std::string& k : q.decidable_kinds) {
      if (k.empty() || k.find(',') != std::string::npos) {
        return Fail(ErrorCode::kInvalidArgument, "export.kind_filter",
                    "ListExports: a kind is empty or contains ','");
      }
      kinds += "," + k;
    }
    if (!kinds.empty()) kinds += ",";
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    if (q.region_prefix.empty()) upper = "\x7f";  // every region code sorts below it
    std::int64_t from = std::numeric_limits<std::int64_t>::min();
    std::int64_t to = std::numeric_limits<std::int64_t>::max();
    if (q.expiry == ExportIndexQuery::Expiry::kOnlyLive) from = Millis(q.cutoff);
    if (q.expiry == ExportIndexQuery::Expiry::kOnlyExpired) to = Millis(q.cutoff);
    std::vector<Param> params{q.viewer.value(),
                              kinds,
                              q.region_prefix,
                              upper,
                              q.department_id.value(),
                              q.state,
                              from,
                              to};
    ZT_ASSIGN_OR_RETURN(QueryResult count, sql_.Read("ListExports", kCountExports, params));
    service::Page<ExportIndexRow> page;
    ZT_ASSIGN_OR_RETURN(page.total, SingleInt("ListExports", count));
    params.emplace_back(ClampLimit(q.limit));
    params.emplace_back(ClampOffset(q.offset));
    ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("ListExports", kListExports, params));
    ZT_ASSIGN_OR_RETURN(page.items, Decode<ExportIndexRow>(rows, DecodeExport));
    return page;
  });
}

}  // namespace zt::store::internal
