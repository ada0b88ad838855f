#include "sql_support.h"

namespace zt::store::internal {
namespace {

constexpr std::string_view kSavepoint = "SAVEPOINT zt_statement";
constexpr std::string_view kReleaseSavepoint = "RELEASE SAVEPOINT zt_statement";
constexpr std::string_view kRollbackToSavepoint = "ROLLBACK TO SAVEPOINT zt_statement";

}  // namespace

Result<std::string> PrefixUpperBound(std::string_view prefix) {
  if (prefix.empty()) return std::string();
  for (char c : prefix) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
      return Fail(ErrorCode::kInvalidArgument, "store.region_prefix",
                  "a region prefix is made of ASCII digits");
    }
  }
  std::string upper(prefix);
  upper.back() = static_cast<char>(upper.back() + 1);
  return upper;
}

std::unexpected<Error> Corrupt(std::string_view op) {
  return Fail(ErrorCode::kInternal, "store.corrupt_row",
              std::string(op) + ": a stored row does not decode");
}

std::optional<std::int64_t> RowReader::OptInt() {
  const std::optional<std::string>* v = Next();
  if (v == nullptr || !*v) return std::nullopt;
  std::int64_t out = 0;
  const std::string& s = **v;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    ok_ = false;
    return std::nullopt;
  }
  return out;
}

std::optional<Date> RowReader::OptDate() {
  const std::optional<std::string>* v = Next();
  if (v == nullptr || !*v) return std::nullopt;
  Result<Date> d = ParseDate(**v);
  if (!d) {
    ok_ = false;
    return std::nullopt;
  }
  return *d;
}

Result<std::int64_t> SingleInt(std::string_view op, const QueryResult& r) {
  if (r.rows.size() != 1 || r.rows[0].empty()) return Corrupt(op);
  RowReader reader(r.rows[0]);
  std::int64_t v = reader.Int();
  if (!reader.ok()) return Corrupt(op);
  return v;
}

Status Statements::Live(std::string_view op) const {
  if (conn_ == nullptr) {
    return Fail(ErrorCode::kFailedPrecondition, "store.finished",
                std::string(op) + ": the unit of work has already committed");
  }
  return Ok();
}

Result<QueryResult> Statements::Read(std::string_view op, std::string_view sql,
                                     std::span<const Param> params) {
  ZT_RETURN_IF_ERROR(Live(op));
  return conn_->Run(op, sql, params);
}

Result<QueryResult> Statements::Write(std::string_view op, std::string_view sql,
                                      std::span<const Param> params) {
  ZT_RETURN_IF_ERROR(Live(op));
  if (!conn_->NeedsStatementSavepoints()) return conn_->Run(op, sql, params);
  ZT_RETURN_IF_ERROR(conn_->Run(op, kSavepoint));
  Result<QueryResult> r = conn_->Run(op, sql, params);
  if (!r) {
    (void)conn_->Run(op, kRollbackToSavepoint);  // the original error is what matters
    return r;
  }
  ZT_RETURN_IF_ERROR(conn_->Run(op, kReleaseSavepoint));
  return r;
}

Status Statements::CheckedUpdate(std::string_view op, std::string_view sql,
                                 const std::vector<Param>& params, std::string_view exists_sql,
                                 const std::string& id) {
  ZT_ASSIGN_OR_RETURN(QueryResult r, Write(op, sql, params));
  if (r.affected > 0) return Ok();
  ZT_ASSIGN_OR_RETURN(QueryResult exists, Read(op, exists_sql, {id}));
  if (exists.rows.empty()) {
    return Fail(ErrorCode::kNotFound, "store.not_found", std::string(op) + ": no such record");
  }
  return Fail(ErrorCode::kAborted, "store.stale_version",
              std::string(op) + ": the record was changed by someone else; re-read and retry");
}

}  // namespace zt::store::internal
