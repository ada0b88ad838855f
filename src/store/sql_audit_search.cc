#include "sql_audit_search.h"

#include <limits>

#include "json_fields.h"

namespace zt::store::internal {
namespace {

using service::EventRecord;

// Every filter is bound; an empty one matches everything. The prefix is compared with
// substr rather than LIKE, whose case folding and wildcards differ between the dialects.
// Newest first by seq (the primary key); the time range is [from, until).
constexpr std::string_view kSearchEvents =
    "SELECT seq, at, action, object_type, object_id, actor_id, actor_role, actor_region, "
    "request_id, source_ip, result, details, prev_hash, hash FROM events "
    "WHERE seq < $1 AND ($2 = '' OR actor_id = $2) "
    "AND ($3 = '' OR substr(action, 1, length($3)) = $3) "
    "AND ($4 = '' OR object_type = $4) AND ($5 = '' OR object_id = $5) "
    "AND ($6 = '' OR result = $6) AND ($7 = '' OR request_id = $7) "
    "AND at >= $8 AND at < $9 ORDER BY seq DESC LIMIT $10";

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
  if (!r.ok()) return Corrupt("SearchEvents");
  ZT_ASSIGN_OR_RETURN(e.event.details, DetailsFromJson(details));
  return e;
}

}  // namespace

Result<std::vector<EventRecord>> SqlAuditSearchStore::Search(const service::AuditQuery& q) {
  return Guard("SearchEvents", [&]() -> Result<std::vector<EventRecord>> {
    constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::max();
    std::int64_t before = q.before_seq > 0 ? q.before_seq : kNone;
    std::int64_t from = q.from ? Millis(*q.from) : std::numeric_limits<std::int64_t>::min();
    std::int64_t until = q.until ? Millis(*q.until) : kNone;
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("SearchEvents", kSearchEvents,
                                  {before, q.actor_id, q.action_prefix, q.object_type, q.object_id,
                                   q.result, q.request_id, from, until, ClampLimit(q.limit)}));
    return Decode<EventRecord>(r, DecodeEvent);
  });
}

}  // namespace zt::store::internal
