#include "sql_outbox.h"

#include "personal_data.h"

namespace zt::store::internal {
namespace {

using service::OutboxMessage;
using service::OutboxQuery;

constexpr std::string_view kInsertMessage =
    "INSERT INTO notification_outbox (id, case_id, receipt_no, milestone, channel, recipient, "
    "applicant_account, locale, subject, body, status, attempts, next_attempt_at, last_error, "
    "created_at, sent_at, region_code, department_id, version) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
    "$19)";
constexpr std::string_view kMessageColumns =
    "SELECT id, case_id, receipt_no, milestone, channel, recipient, applicant_account, locale, "
    "subject, body, status, attempts, next_attempt_at, last_error, created_at, sent_at, "
    "region_code, department_id, version FROM notification_outbox ";
constexpr std::string_view kFindMessage = "WHERE id = $1";
constexpr std::string_view kListDue =
    "WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2";
// Only the delivery state changes after the insert.
constexpr std::string_view kUpdateMessage =
    "UPDATE notification_outbox SET status = $2, attempts = $3, next_attempt_at = $4, "
    "last_error = $5, sent_at = $6, version = $7 WHERE id = $1 AND version = $8";
constexpr std::string_view kMessageExists = "SELECT 1 FROM notification_outbox WHERE id = $1";
// '' disables a filter: $1 case, $2/$3 region range, $4 department, $5 status.
constexpr std::string_view kMessageFilter =
    "WHERE ($1 = '' OR case_id = $1) AND ($2 = '' OR (region_code >= $2 AND region_code < $3)) "
    "AND ($4 = '' OR department_id = $4) AND ($5 = '' OR status = $5) ";
constexpr std::string_view kCountMessagesPrefix = "SELECT COUNT(*) FROM notification_outbox ";
constexpr std::string_view kMessageOrder = "ORDER BY created_at DESC, id LIMIT $6 OFFSET $7";

Result<OutboxMessage> DecodeMessage(const Row& row) {
  RowReader r(row);
  OutboxMessage m;
  m.id = r.Text();
  m.case_id = CaseId(r.Text());
  m.receipt_no = r.Text();
  m.milestone = r.Text();
  m.channel = r.Text();
  ZT_ASSIGN_OR_RETURN(m.recipient, OpenField(r.Text()));
  m.applicant_account = AccountId(r.Text());
  m.locale = r.Text();
  m.subject = r.Text();
  m.body = r.Text();
  m.status = r.Text();
  m.attempts = static_cast<int>(r.Int());
  m.next_attempt_at = r.At();
  m.last_error = r.Text();
  m.created_at = r.At();
  m.sent_at = r.OptAt();
  m.region_code = r.Text();
  m.department_id = DepartmentId(r.Text());
  m.version = r.Int();
  if (!r.ok()) return Corrupt("DecodeMessage");
  return m;
}

}  // namespace

Status SqlOutboxStore::InsertMessage(const OutboxMessage& m) {
  return Guard("InsertMessage", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Write(
        "InsertMessage", kInsertMessage,
        {m.id, m.case_id.value(), m.receipt_no, m.milestone, m.channel, SealField(m.recipient),
         m.applicant_account.value(), m.locale, m.subject, m.body, m.status, m.attempts,
         Millis(m.next_attempt_at), m.last_error, Millis(m.created_at), OptInstant(m.sent_at),
         m.region_code, m.department_id.value(), m.version}));
    return Ok();
  });
}

Result<std::optional<OutboxMessage>> SqlOutboxStore::FindMessage(std::string_view id) {
  return Guard("FindMessage", [&]() -> Result<std::optional<OutboxMessage>> {
    std::string sql = std::string(kMessageColumns) + std::string(kFindMessage);
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindMessage", sql, {std::string(id)}));
    return DecodeOne<OutboxMessage>(r, DecodeMessage);
  });
}

Result<std::vector<OutboxMessage>> SqlOutboxStore::ListDue(Instant now, int limit) {
  return Guard("ListDue", [&]() -> Result<std::vector<OutboxMessage>> {
    std::string sql = std::string(kMessageColumns) + std::string(kListDue);
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ListDue", sql, {Millis(now), ClampLimit(limit)}));
    return Decode<OutboxMessage>(r, DecodeMessage);
  });
}

Status SqlOutboxStore::UpdateMessage(const OutboxMessage& m, std::int64_t expected_version) {
  return Guard("UpdateMessage", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("UpdateMessage"));
    std::vector<Param> params{m.id,         m.status,
                              m.attempts,   Millis(m.next_attempt_at),
                              m.last_error, OptInstant(m.sent_at),
                              m.version,    expected_version};
    return sql_.CheckedUpdate("UpdateMessage", kUpdateMessage, params, kMessageExists, m.id);
  });
}

Result<std::vector<OutboxMessage>> SqlOutboxStore::ListMessages(const OutboxQuery& q,
                                                                std::int64_t* total) {
  return Guard("ListMessages", [&]() -> Result<std::vector<OutboxMessage>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    std::vector<Param> params{q.case_id.value(), q.region_prefix, upper, q.department_id.value(),
                              q.status};
    if (total != nullptr) {
      std::string count_sql = std::string(kCountMessagesPrefix) + std::string(kMessageFilter);
      ZT_ASSIGN_OR_RETURN(QueryResult count, sql_.Read("ListMessages", count_sql, params));
      ZT_ASSIGN_OR_RETURN(*total, SingleInt("ListMessages", count));
    }
    params.emplace_back(ClampLimit(q.limit));
    params.emplace_back(ClampOffset(q.offset));
    std::string sql =
        std::string(kMessageColumns) + std::string(kMessageFilter) + std::string(kMessageOrder);
    ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("ListMessages", sql, params));
    return Decode<OutboxMessage>(rows, DecodeMessage);
  });
}

}  // namespace zt::store::internal
