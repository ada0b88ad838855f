#include "sql_audit.h"

#include "json_fields.h"

namespace zt::store::internal {
namespace {

using service::ChainAnchor;
using service::EventRecord;

// events_request (migration 22) serves this lookup.
constexpr std::string_view kEventsOfRequest =
    "SELECT seq, at, action, object_type, object_id, actor_id, actor_role, actor_region, "
    "request_id, source_ip, result, details, prev_hash, hash FROM events "
    "WHERE request_id = $1 AND request_id <> '' ORDER BY seq";
constexpr std::string_view kLastEvent = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1";
constexpr std::string_view kEntryHashes =
    "SELECT hash FROM events WHERE seq > $1 ORDER BY seq LIMIT $2";

Result<EventRecord> DecodeEvent(const Row& row) {
  RowReader r(row);
  EventRecord e;
  e.seq = r.Int();
  e.event.at = r.At();
  e.event.action = r.Text();
  e.event.object_type = r.Text();
  e.event.object_id = r.Text();
  e.event.actor_id = AccountId(r.Text());
  e.event.actor_role = r.Text();
  e.event.actor_region = r.Text();
  e.event.request_id = r.Text();
  e.event.source_ip = r.Text();
  e.event.result = r.Text();
  std::string details = r.Text();
  e.prev_hash = r.Text();
  e.hash = r.Text();
  if (!r.ok()) return Corrupt("EventsOfRequest");
  ZT_ASSIGN_OR_RETURN(e.event.details, DetailsFromJson(details));
  return e;
}

}  // namespace

Result<std::vector<EventRecord>> SqlAuditStore::EventsOfRequest(std::string_view request_id) {
  ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("EventsOfRequest", kEventsOfRequest, {request_id}));
  std::vector<EventRecord> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) {
    ZT_ASSIGN_OR_RETURN(EventRecord e, DecodeEvent(row));
    out.push_back(std::move(e));
  }
  return out;
}

Result<ChainAnchor> SqlAuditStore::Head() {
  ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("AuditHead", kLastEvent, {}));
  if (r.rows.empty()) return ChainAnchor{};
  RowReader reader(r.rows[0]);
  ChainAnchor head;
  head.seq = reader.Int();
  head.hash = reader.Text();
  if (!reader.ok()) return Corrupt("AuditHead");
  return head;
}

Result<std::vector<std::string>> SqlAuditStore::EntryHashes(std::int64_t after_seq,
                                                            std::int64_t limit) {
  ZT_ASSIGN_OR_RETURN(QueryResult r,
                      sql_.Read("AuditEntryHashes", kEntryHashes, {after_seq, limit}));
  std::vector<std::string> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) {
    RowReader reader(row);
    out.push_back(reader.Text());
    if (!reader.ok()) return Corrupt("AuditEntryHashes");
  }
  return out;
}

}  // namespace zt::store::internal
