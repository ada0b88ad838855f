#include "sql_ratings.h"

#include <boost/json.hpp>

namespace zt::store::internal {
namespace {

using service::RatingQuery;
using service::RatingRecord;
using service::RectificationQuery;
using service::RectificationRecord;

constexpr std::string_view kInsertRating =
    "INSERT INTO ratings (id, case_id, kind, receipt_no, item_id, item_name, department_id, "
    "region_code, window_id, clerk_id, rater_account, level, tags, comment, channel, is_default, "
    "concluded_at, rated_at, rectification_id) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)";
constexpr std::string_view kRatingColumns =
    "SELECT id, case_id, kind, receipt_no, item_id, item_name, department_id, region_code, "
    "window_id, clerk_id, rater_account, level, tags, comment, channel, is_default, concluded_at, "
    "rated_at, rectification_id FROM ratings ";
// '' or NULL disables a filter: $1/$2 region range, $3 department, $4 item, $5 window,
// $6 case, $7 kind, $8/$9 rated_at range.
constexpr std::string_view kRatingFilter =
    "WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) "
    "AND ($3 = '' OR department_id = $3) AND ($4 = '' OR item_id = $4) "
    "AND ($5 = '' OR window_id = $5) AND ($6 = '' OR case_id = $6) AND ($7 = '' OR kind = $7) "
    "AND ($8 < 0 OR rated_at >= $8) AND ($9 < 0 OR rated_at < $9) ";
constexpr std::string_view kCountRatingsPrefix = "SELECT COUNT(*) FROM ratings ";
constexpr std::string_view kRatingOrder = "ORDER BY rated_at DESC, id LIMIT $10 OFFSET $11";

constexpr std::string_view kListUnratedConcluded =
    "SELECT a.id FROM applications a WHERE a.state = 'concluded' AND a.concluded_at <= $1 "
    "AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.case_id = a.id AND r.kind = 'initial') "
    "ORDER BY a.concluded_at, a.id LIMIT $2";

constexpr std::string_view kInsertRectification =
    "INSERT INTO rectifications (id, rating_id, case_id, receipt_no, item_id, item_name, "
    "department_id, region_code, applicant_account, state, version, level, opened_at, due, "
    "verified_at, verification, rectified_at, replied_at, called_back_at, finished_at, finding, "
    "measures, reply, call_back_note, rerating_id) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
    "$20, $21, $22, $23, $24, $25)";
constexpr std::string_view kUpdateRectification =
    "UPDATE rectifications SET rating_id = $2, case_id = $3, receipt_no = $4, item_id = $5, "
    "item_name = $6, department_id = $7, region_code = $8, applicant_account = $9, state = $10, "
    "version = $11, level = $12, opened_at = $13, due = $14, verified_at = $15, "
    "verification = $16, rectified_at = $17, replied_at = $18, called_back_at = $19, "
    "finished_at = $20, finding = $21, measures = $22, reply = $23, call_back_note = $24, "
    "rerating_id = $25 WHERE id = $1 AND version = $26";
constexpr std::string_view kRectificationExists = "SELECT 1 FROM rectifications WHERE id = $1";
constexpr std::string_view kRectificationColumns =
    "SELECT id, rating_id, case_id, receipt_no, item_id, item_name, department_id, region_code, "
    "applicant_account, state, version, level, opened_at, due, verified_at, verification, "
    "rectified_at, replied_at, called_back_at, finished_at, finding, measures, reply, "
    "call_back_note, rerating_id FROM rectifications ";
// $1/$2 region range, $3 department, $4 item, $5 applicant, $6 states as ',a,b,' ('' = all),
// $7/$8 opened_at range.
constexpr std::string_view kRectificationFilter =
    "WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) "
    "AND ($3 = '' OR department_id = $3) AND ($4 = '' OR item_id = $4) "
    "AND ($5 = '' OR applicant_account = $5) "
    "AND ($6 = '' OR strpos($6, ',' || state || ',') > 0) "
    "AND ($7 < 0 OR opened_at >= $7) AND ($8 < 0 OR opened_at < $8) ";
constexpr std::string_view kCountRectificationsPrefix = "SELECT COUNT(*) FROM rectifications ";
constexpr std::string_view kRectificationOrder = "ORDER BY due, opened_at, id LIMIT $9 OFFSET $10";

std::string TagsToJson(const std::vector<std::string>& tags) {
  boost::json::array a;
  for (const auto& t : tags) a.emplace_back(t);
  return boost::json::serialize(a);
}

bool TagsFromJson(std::string_view text, std::vector<std::string>& out) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return false;
  for (const auto& t : v.as_array()) {
    if (!t.is_string()) return false;
    out.emplace_back(t.as_string());
  }
  return true;
}

std::int64_t OptMillis(const std::optional<Instant>& t) { return t ? Millis(*t) : -1; }

Result<RatingRecord> RatingFromRow(const Row& row) {
  RowReader r(row);
  RatingRecord x;
  x.id = r.Text();
  x.case_id = CaseId(r.Text());
  x.kind = r.Text();
  x.receipt_no = r.Text();
  x.item_id = ItemId(r.Text());
  x.item_name = r.Text();
  x.department_id = DepartmentId(r.Text());
  x.region_code = r.Text();
  x.window_id = r.Text();
  x.clerk_id = AccountId(r.Text());
  x.rater_account = AccountId(r.Text());
  x.level = static_cast<int>(r.Int());
  std::string tags = r.Text();
  x.comment = r.Text();
  x.channel = r.Text();
  x.is_default = r.Bool();
  x.concluded_at = r.At();
  x.rated_at = r.At();
  x.rectification_id = r.Text();
  if (!r.ok() || !TagsFromJson(tags, x.tags)) return Corrupt("RatingFromRow");
  return x;
}

std::vector<Param> RectificationParams(const RectificationRecord& x) {
  return {x.id,
          x.rating_id,
          x.case_id.value(),
          x.receipt_no,
          x.item_id.value(),
          x.item_name,
          x.department_id.value(),
          x.region_code,
          x.applicant_account.value(),
          x.state,
          x.version,
          x.level,
          Millis(x.opened_at),
          x.due.ToString(),
          OptInstant(x.verified_at),
          x.verification,
          OptInstant(x.rectified_at),
          OptInstant(x.replied_at),
          OptInstant(x.called_back_at),
          OptInstant(x.finished_at),
          x.finding,
          x.measures,
          x.reply,
          x.call_back_note,
          x.rerating_id};
}

Result<RectificationRecord> RectificationFromRow(const Row& row) {
  RowReader r(row);
  RectificationRecord x;
  x.id = r.Text();
  x.rating_id = r.Text();
  x.case_id = CaseId(r.Text());
  x.receipt_no = r.Text();
  x.item_id = ItemId(r.Text());
  x.item_name = r.Text();
  x.department_id = DepartmentId(r.Text());
  x.region_code = r.Text();
  x.applicant_account = AccountId(r.Text());
  x.state = r.Text();
  x.version = r.Int();
  x.level = static_cast<int>(r.Int());
  x.opened_at = r.At();
  std::optional<Date> due = r.OptDate();
  x.verified_at = r.OptAt();
  x.verification = r.Text();
  x.rectified_at = r.OptAt();
  x.replied_at = r.OptAt();
  x.called_back_at = r.OptAt();
  x.finished_at = r.OptAt();
  x.finding = r.Text();
  x.measures = r.Text();
  x.reply = r.Text();
  x.call_back_note = r.Text();
  x.rerating_id = r.Text();
  if (!r.ok() || !due) return Corrupt("RectificationFromRow");
  x.due = *due;
  return x;
}

}  // namespace

Status SqlRatingStore::InsertRating(const RatingRecord& x) {
  return Guard("InsertRating", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertRating"));
    ZT_RETURN_IF_ERROR(
        sql_.Write("InsertRating", kInsertRating,
                   {x.id, x.case_id.value(), x.kind, x.receipt_no, x.item_id.value(), x.item_name,
                    x.department_id.value(), x.region_code, x.window_id, x.clerk_id.value(),
                    x.rater_account.value(), x.level, TagsToJson(x.tags), x.comment, x.channel,
                    x.is_default, Millis(x.concluded_at), Millis(x.rated_at), x.rectification_id}));
    return Ok();
  });
}

Result<std::optional<RatingRecord>> SqlRatingStore::FindRating(std::string_view id) {
  return Guard("FindRating", [&]() -> Result<std::optional<RatingRecord>> {
    std::string sql = std::string(kRatingColumns) + "WHERE id = $1";
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindRating", sql, {id}));
    return DecodeOne<RatingRecord>(r, RatingFromRow);
  });
}

Result<std::vector<RatingRecord>> SqlRatingStore::ListRatings(const RatingQuery& q,
                                                              std::int64_t* total) {
  return Guard("ListRatings", [&]() -> Result<std::vector<RatingRecord>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    std::vector<Param> params = {
        q.region_prefix,   upper,  q.department_id.value(), q.item_id.value(), q.window_id,
        q.case_id.value(), q.kind, OptMillis(q.from),       OptMillis(q.to)};
    if (total != nullptr) {
      std::string count_sql = std::string(kCountRatingsPrefix) + std::string(kRatingFilter);
      ZT_ASSIGN_OR_RETURN(QueryResult count, sql_.Read("ListRatings", count_sql, params));
      ZT_ASSIGN_OR_RETURN(*total, SingleInt("ListRatings", count));
    }
    params.emplace_back(ClampLimit(q.limit));
    params.emplace_back(ClampOffset(q.offset));
    std::string sql =
        std::string(kRatingColumns) + std::string(kRatingFilter) + std::string(kRatingOrder);
    ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("ListRatings", sql, params));
    return Decode<RatingRecord>(rows, RatingFromRow);
  });
}

Result<std::vector<CaseId>> SqlRatingStore::ListUnratedConcluded(Instant cutoff, int limit) {
  return Guard("ListUnratedConcluded", [&]() -> Result<std::vector<CaseId>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ListUnratedConcluded", kListUnratedConcluded,
                                                 {Millis(cutoff), ClampLimit(limit)}));
    std::vector<CaseId> out;
    for (const Row& row : r.rows) {
      if (row.empty() || !row[0]) return Corrupt("ListUnratedConcluded");
      out.emplace_back(*row[0]);
    }
    return out;
  });
}

Status SqlRatingStore::InsertRectification(const RectificationRecord& x) {
  return Guard("InsertRectification", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertRectification"));
    ZT_RETURN_IF_ERROR(
        sql_.Write("InsertRectification", kInsertRectification, RectificationParams(x)));
    return Ok();
  });
}

Status SqlRatingStore::UpdateRectification(const RectificationRecord& x,
                                           std::int64_t expected_version) {
  return Guard("UpdateRectification", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("UpdateRectification"));
    std::vector<Param> params = RectificationParams(x);
    params.emplace_back(expected_version);
    return sql_.CheckedUpdate("UpdateRectification", kUpdateRectification, params,
                              kRectificationExists, x.id);
  });
}

Result<std::optional<RectificationRecord>> SqlRatingStore::FindRectification(std::string_view id) {
  return Guard("FindRectification", [&]() -> Result<std::optional<RectificationRecord>> {
    std::string sql = std::string(kRectificationColumns) + "WHERE id = $1";
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindRectification", sql, {id}));
    return DecodeOne<RectificationRecord>(r, RectificationFromRow);
  });
}

Result<std::vector<RectificationRecord>> SqlRatingStore::ListRectifications(
    const RectificationQuery& q, std::int64_t* total) {
  return Guard("ListRectifications", [&]() -> Result<std::vector<RectificationRecord>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    std::string states;
    for (const auto& s : q.states) states += "," + s;
    if (!states.empty()) states += ",";
    std::vector<Param> params = {q.region_prefix,
                                 upper,
                                 q.department_id.value(),
                                 q.item_id.value(),
                                 q.applicant_account.value(),
                                 states,
                                 OptMillis(q.from),
                                 OptMillis(q.to)};
    if (total != nullptr) {
      std::string count_sql =
          std::string(kCountRectificationsPrefix) + std::string(kRectificationFilter);
      ZT_ASSIGN_OR_RETURN(QueryResult count, sql_.Read("ListRectifications", count_sql, params));
      ZT_ASSIGN_OR_RETURN(*total, SingleInt("ListRectifications", count));
    }
    params.emplace_back(ClampLimit(q.limit));
    params.emplace_back(ClampOffset(q.offset));
    std::string sql = std::string(kRectificationColumns) + std::string(kRectificationFilter) +
                      std::string(kRectificationOrder);
    ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("ListRectifications", sql, params));
    return Decode<RectificationRecord>(rows, RectificationFromRow);
  });
}

}  // namespace zt::store::internal
