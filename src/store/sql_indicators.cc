#include "sql_indicators.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <tuple>

namespace zt::store::internal {
namespace {

using indicators::CounterKey;
using service::StoredCounter;

// The case columns DeriveCounterKey reads, in ReadCaseFields' order: the case's fixed fields,
// its acceptance (一窗, 通办) and its trips (跑动: visits on distinct days) up to the event's
// instant. `EVENT_AT` is the event's instant; trips are read for conclusions only.
#define ZT_CASE_COLUMNS(EVENT_AT, ACTION)                                                   \
  "a.region_code, a.department_id, a.channel, a.promised_limit_wd, a.accepted_at, "         \
  "a.promised_deadline, a.item_id, COALESCE(ca.front_desk, 0), COALESCE(ca.tongban, ''), "  \
  "COALESCE(ca.accepting_region, ''), CASE WHEN " ACTION                                    \
  " IN ('application.concluded', "                                                          \
  "'application.handled_instantly') THEN (SELECT COUNT(DISTINCT v.day) FROM case_visits v " \
  "WHERE v.case_id = a.id AND v.at <= " EVENT_AT ") ELSE 0 END"

constexpr std::string_view kCaseOfEvent =
    "SELECT " ZT_CASE_COLUMNS("$2", "$3") " FROM applications a LEFT JOIN case_acceptances ca "
    "ON ca.case_id = a.id WHERE a.id = $1";

// Adds one event (or a recomputed batch) to a counter row, creating it at zero.
constexpr std::string_view kAddToCounter =
    "INSERT INTO indicator_counters (grain, item_id, period, action, region_code, department_id, "
    "channel, case_kind, on_time, front_desk, tongban, filed_region, in_person, days_taken, "
    "level, n, working_days, visits) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
    "$13, $14, $15, $16, $17, $18) ON CONFLICT (grain, item_id, period, action, region_code, "
    "department_id, channel, case_kind, on_time, front_desk, tongban, filed_region, in_person, "
    "days_taken) DO UPDATE SET n = indicator_counters.n + excluded.n, "
    "working_days = indicator_counters.working_days + excluded.working_days, "
    "visits = indicator_counters.visits + excluded.visits";

constexpr std::string_view kListCounters =
    "SELECT grain, item_id, period, action, region_code, department_id, channel, case_kind, "
    "on_time, front_desk, tongban, filed_region, in_person, days_taken, level, n, working_days, "
    "visits FROM indicator_counters";
constexpr std::string_view kDeleteCounters = "DELETE FROM indicator_counters";

// The application events with the case fields DeriveCounterKey needs (all fixed by the time
// the event was written; see indicators/facts.h).
constexpr std::string_view kCaseEvents =
    "SELECT e.action, e.at, " ZT_CASE_COLUMNS("e.at", "e.action") " FROM events e JOIN "
    "applications a ON a.id = e.object_id LEFT JOIN case_acceptances ca ON ca.case_id = a.id "
    "WHERE e.object_type = 'application' AND e.result = 'ok' ORDER BY e.seq";

// The region scope takes the cases of the region's items and the 通办 cases filed there, as
// the counters' filed_region does.
constexpr std::string_view kListFacts =
    "SELECT e.seq, e.at, e.object_id, a.receipt_no, a.item_name, e.action, "
    ZT_CASE_COLUMNS("e.at", "e.action") " FROM events e JOIN applications a ON "
    "a.id = e.object_id LEFT JOIN case_acceptances ca ON ca.case_id = a.id "
    "WHERE e.action = $1 AND e.at >= $2 AND e.at < $3 AND e.object_type = 'application' "
    "AND e.result = 'ok' AND ($4 = '' OR (a.region_code >= $4 AND a.region_code < $5) OR "
    "(ca.tongban <> '' AND ca.accepting_region >= $4 AND ca.accepting_region < $5)) "
    "AND ($6 = '' OR a.department_id = $6) AND ($8 = '' OR a.item_id = $8) ORDER BY e.seq "
    "LIMIT $7";
#undef ZT_CASE_COLUMNS

constexpr std::string_view kInsertSnapshot =
    "INSERT INTO indicator_snapshots (region_code, department_id, period_from, period_to, "
    "frozen_at, frozen_by) VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kInsertSnapshotValue =
    "INSERT INTO indicator_snapshot_values (region_code, department_id, period_from, period_to, "
    "indicator_id, version, value, numerator, denominator, formula) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
constexpr std::string_view kFindSnapshot =
    "SELECT frozen_at, frozen_by FROM indicator_snapshots WHERE region_code = $1 AND "
    "department_id = $2 AND period_from = $3 AND period_to = $4";
constexpr std::string_view kSnapshotValues =
    "SELECT indicator_id, version, value, numerator, denominator, formula FROM "
    "indicator_snapshot_values WHERE region_code = $1 AND department_id = $2 AND "
    "period_from = $3 AND period_to = $4 ORDER BY indicator_id";

constexpr std::string_view kListItemFacts =
    "SELECT id, code, name, type, department_id, region_code, statutory_limit_wd, "
    "promised_limit_wd, case_kind, online FROM items WHERE status = 'published' AND "
    "($1 = '' OR (region_code >= $1 AND region_code < $2)) AND ($3 = '' OR department_id = $3) "
    "ORDER BY id";

constexpr std::string_view kFindReportDraft =
    "SELECT generated_at, generated_by, figures, prose, version FROM report_drafts WHERE "
    "region_code = $1 AND year = $2";
constexpr std::string_view kInsertReportDraft =
    "INSERT INTO report_drafts (region_code, year, generated_at, generated_by, figures, prose, "
    "version) VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr std::string_view kUpdateReportDraft =
    "UPDATE report_drafts SET generated_at = $3, generated_by = $4, figures = $5, prose = $6, "
    "version = $7 WHERE region_code = $1 AND year = $2 AND version = $8";

// Doubles travel as shortest round-trip text (the SQL layer binds integers and text).
std::string DoubleText(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : "0";
}
std::optional<double> ParseDouble(const std::string& s) {
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string MonthOf(const std::string& day) { return day.substr(0, 7); }

// Reads the case columns of kCaseOfEvent (from `reader`'s position) into `in`.
void ReadCaseFields(RowReader& reader, indicators::CaseEventInput& in) {
  in.region_code = reader.Text();
  in.department_id = reader.Text();
  in.channel = reader.Text();
  in.promised_limit_wd = static_cast<int>(reader.Int());
  in.accepted_at = reader.OptAt();
  in.promised_deadline = reader.OptDate();
  in.item_id = reader.Text();
  in.front_desk = reader.Bool();
  in.tongban = reader.Text();
  in.filed_region = reader.Text();
  in.trips = static_cast<int>(reader.Int());
}

auto SortKey(const StoredCounter& c) {
  return std::tie(c.grain, c.key.item_id, c.period, c.key.action, c.key.region_code,
                  c.key.department_id, c.key.channel, c.key.case_kind, c.key.on_time,
                  c.key.front_desk, c.key.tongban, c.key.filed_region, c.key.in_person,
                  c.key.days_taken);
}

// The counter rows one event adds to: its day and month, for all items and for its item.
std::vector<StoredCounter> RowsOf(const CounterKey& key) {
  std::vector<StoredCounter> out;
  for (const std::string& item : {std::string(), key.item_id}) {
    for (auto [grain, period] :
         {std::pair<std::string, std::string>{"day", key.day}, {"month", MonthOf(key.day)}}) {
      StoredCounter c{grain, period, key, 1};
      c.key.day.clear();
      c.key.item_id = item;
      out.push_back(std::move(c));
    }
    if (key.item_id.empty()) break;  // a case without an item has only the all-items rows
  }
  return out;
}

std::vector<Param> CounterParams(const StoredCounter& c) {
  const CounterKey& k = c.key;
  return {c.grain,     k.item_id,    c.period,  k.action,     k.region_code,  k.department_id,
          k.channel,   k.case_kind,  k.on_time, k.front_desk, k.tongban,      k.filed_region,
          k.in_person, k.days_taken, k.level,   c.count,      k.working_days, k.visits};
}

}  // namespace

Status SqlIndicatorStore::AddToCounters(const CounterKey& key) {
  for (const StoredCounter& c : RowsOf(key)) {
    ZT_RETURN_IF_ERROR(sql_.Read("CountEvent", kAddToCounter, CounterParams(c)));
  }
  return Ok();
}

Status SqlIndicatorStore::CountEvent(const service::EventRecord& record) {
  const service::EventDraft& e = record.event;
  if (e.result != "ok" || !indicators::IsCountedAction(e.object_type, e.action)) return Ok();
  ZT_ASSIGN_OR_RETURN(QueryResult r,
                      sql_.Read("CountEvent", kCaseOfEvent, {e.object_id, Millis(e.at), e.action}));
  // An event about a case that is not stored is not counted, as the recomputation's join
  // leaves it out too.
  if (r.rows.empty()) return Ok();
  indicators::CaseEventInput in;
  in.action = e.action;
  in.at = e.at;
  RowReader reader(r.rows[0]);
  ReadCaseFields(reader, in);
  if (!reader.ok()) return Corrupt("CountEvent");
  return AddToCounters(indicators::DeriveCounterKey(in, calendar_));
}

Result<std::vector<indicators::CounterRow>> SqlIndicatorStore::SumCounters(
    const service::CounterQuery& q) {
  return Guard("SumCounters", [&]() -> Result<std::vector<indicators::CounterRow>> {
    std::string_view group = "''";
    if (q.group_by == "month")
      group = "substr(period, 1, 7)";
    else if (q.group_by == "department")
      group = "department_id";
    else if (q.group_by == "region")
      group = "region_code";
    else if (!q.group_by.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "indicator.group_by", "unknown grouping");
    }
    // The grouping column comes from the fixed list above; values are bound.
    // A region takes the cases of its items and the 通办 cases filed in it, each row once.
    constexpr std::string_view kAttributes =
        "action, channel, case_kind, on_time, front_desk, tongban, in_person, days_taken";
    std::string sql =
        "SELECT " + std::string(kAttributes) + ", " + std::string(group) +
        ", SUM(n), SUM(working_days), SUM(visits) FROM indicator_counters WHERE grain = $1 AND "
        "item_id = $7 AND period >= $2 AND period <= $3 AND ($4 = '' OR (region_code >= $4 AND "
        "region_code < $5) OR (filed_region >= $4 AND filed_region < $5)) AND "
        "($6 = '' OR department_id = $6) AND ($8 = '' OR level = $8) GROUP BY " +
        std::string(kAttributes);
    if (q.group_by.empty()) {
      sql += " ORDER BY action";
    } else {
      sql += ", " + std::string(group) + " ORDER BY " + std::string(group) + ", action";
    }
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    std::string_view grain = q.grain == service::CounterQuery::Grain::kDay ? "day" : "month";
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("SumCounters", sql,
                                                 {grain, q.from, q.to, q.region_prefix, upper,
                                                  q.department_id, q.item_id, q.level}));
    return Decode<indicators::CounterRow>(r, [](const Row& row) -> Result<indicators::CounterRow> {
      RowReader reader(row);
      indicators::CounterRow out;
      out.action = reader.Text();
      out.channel = reader.Text();
      out.case_kind = reader.Text();
      out.on_time = reader.Text();
      out.front_desk = reader.Text();
      out.tongban = reader.Text();
      out.in_person = reader.Text();
      out.days_taken = reader.Int();
      out.group = reader.Text();
      out.count = reader.Int();
      out.working_days = reader.Int();
      out.visits = reader.Int();
      if (!reader.ok()) return Corrupt("SumCounters");
      return out;
    });
  });
}

Result<std::vector<StoredCounter>> SqlIndicatorStore::ListCounters() {
  return Guard("ListCounters", [&]() -> Result<std::vector<StoredCounter>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ListCounters", kListCounters, {}));
    ZT_ASSIGN_OR_RETURN(auto out,
                        Decode<StoredCounter>(r, [](const Row& row) -> Result<StoredCounter> {
                          RowReader reader(row);
                          StoredCounter c;
                          c.grain = reader.Text();
                          c.key.item_id = reader.Text();
                          c.period = reader.Text();
                          c.key.action = reader.Text();
                          c.key.region_code = reader.Text();
                          c.key.department_id = reader.Text();
                          c.key.channel = reader.Text();
                          c.key.case_kind = reader.Text();
                          c.key.on_time = reader.Text();
                          c.key.front_desk = reader.Text();
                          c.key.tongban = reader.Text();
                          c.key.filed_region = reader.Text();
                          c.key.in_person = reader.Text();
                          c.key.days_taken = reader.Int();
                          c.key.level = reader.Text();
                          c.count = reader.Int();
                          c.key.working_days = reader.Int();
                          c.key.visits = reader.Int();
                          if (!reader.ok()) return Corrupt("ListCounters");
                          return c;
                        }));
    // Sorted here rather than in SQL so that both databases give one bytewise order.
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return SortKey(a) < SortKey(b); });
    return out;
  });
}

Result<std::vector<StoredCounter>> SqlIndicatorStore::RecomputeCounters() {
  return Guard("RecomputeCounters", [&]() -> Result<std::vector<StoredCounter>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("RecomputeCounters", kCaseEvents, {}));
    std::vector<StoredCounter> out;
    // Rows are merged on their sort key, which is the table's primary key.
    std::map<std::string, std::size_t> index;
    auto key_text = [](const StoredCounter& c) {
      std::string k;
      for (const std::string* part :
           {&c.grain, &c.key.item_id, &c.period, &c.key.action, &c.key.region_code,
            &c.key.department_id, &c.key.channel, &c.key.case_kind, &c.key.on_time,
            &c.key.front_desk, &c.key.tongban, &c.key.filed_region, &c.key.in_person}) {
        k += *part;
        k += '\x1f';
      }
      return k + std::to_string(c.key.days_taken);
    };
    for (const Row& row : r.rows) {
      RowReader reader(row);
      indicators::CaseEventInput in;
      in.action = reader.Text();
      in.at = reader.At();
      ReadCaseFields(reader, in);
      if (!reader.ok()) return Corrupt("RecomputeCounters");
      if (!indicators::IsCountedAction("application", in.action)) continue;
      CounterKey key = indicators::DeriveCounterKey(in, calendar_);
      for (StoredCounter& c : RowsOf(key)) {
        auto [it, fresh] = index.emplace(key_text(c), out.size());
        if (fresh) {
          out.push_back(std::move(c));
          continue;
        }
        out[it->second].count += c.count;
        out[it->second].key.working_days += c.key.working_days;
        out[it->second].key.visits += c.key.visits;
      }
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return SortKey(a) < SortKey(b); });
    return out;
  });
}

Status SqlIndicatorStore::RebuildCounters() {
  return Guard("RebuildCounters", [&]() -> Status {
    ZT_ASSIGN_OR_RETURN(auto fresh, RecomputeCounters());
    ZT_RETURN_IF_ERROR(sql_.Read("RebuildCounters", kDeleteCounters, {}));
    for (const StoredCounter& c : fresh) {
      ZT_RETURN_IF_ERROR(sql_.Read("RebuildCounters", kAddToCounter, CounterParams(c)));
    }
    return Ok();
  });
}

Result<std::vector<service::CounterFact>> SqlIndicatorStore::ListFacts(
    const service::FactQuery& q) {
  return Guard("ListFacts", [&]() -> Result<std::vector<service::CounterFact>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("ListFacts", kListFacts,
                                  {q.action, Millis(q.from), Millis(q.to), q.region_prefix, upper,
                                   q.department_id, std::int64_t{ClampLimit(q.limit)}, q.item_id}));
    return Decode<service::CounterFact>(r, [&](const Row& row) -> Result<service::CounterFact> {
      RowReader reader(row);
      service::CounterFact f;
      f.seq = reader.Int();
      f.at = reader.At();
      f.object_id = reader.Text();
      f.receipt_no = reader.Text();
      f.item_name = reader.Text();
      indicators::CaseEventInput in;
      in.action = reader.Text();
      in.at = f.at;
      ReadCaseFields(reader, in);
      if (!reader.ok()) return Corrupt("ListFacts");
      f.key = indicators::DeriveCounterKey(in, calendar_);
      return f;
    });
  });
}

Status SqlIndicatorStore::InsertSnapshot(const service::Snapshot& s) {
  return Guard("InsertSnapshot", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Write(
        "InsertSnapshot", kInsertSnapshot,
        {s.region_code, s.department_id, s.from, s.to, Millis(s.frozen_at), s.frozen_by.value()}));
    for (const auto& v : s.values) {
      ZT_RETURN_IF_ERROR(sql_.Read("InsertSnapshot", kInsertSnapshotValue,
                                   {s.region_code, s.department_id, s.from, s.to, v.indicator_id,
                                    v.version, v.value ? DoubleText(*v.value) : std::string(),
                                    DoubleText(v.numerator), v.denominator, v.formula}));
    }
    return Ok();
  });
}

Result<std::optional<service::Snapshot>> SqlIndicatorStore::FindSnapshot(
    std::string_view region_code, std::string_view department_id, std::string_view from,
    std::string_view to) {
  return Guard("FindSnapshot", [&]() -> Result<std::optional<service::Snapshot>> {
    ZT_ASSIGN_OR_RETURN(QueryResult head, sql_.Read("FindSnapshot", kFindSnapshot,
                                                    {region_code, department_id, from, to}));
    if (head.rows.empty()) return std::nullopt;
    service::Snapshot s;
    s.region_code = std::string(region_code);
    s.department_id = std::string(department_id);
    s.from = std::string(from);
    s.to = std::string(to);
    RowReader reader(head.rows[0]);
    s.frozen_at = reader.At();
    s.frozen_by = AccountId(reader.Text());
    if (!reader.ok()) return Corrupt("FindSnapshot");
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindSnapshot", kSnapshotValues,
                                                 {region_code, department_id, from, to}));
    for (const Row& row : r.rows) {
      RowReader v(row);
      service::SnapshotValue value;
      value.indicator_id = v.Text();
      value.version = static_cast<int>(v.Int());
      value.value = ParseDouble(v.Text());
      value.numerator = ParseDouble(v.Text()).value_or(0);
      value.denominator = v.Int();
      value.formula = v.Text();
      if (!v.ok()) return Corrupt("FindSnapshot");
      s.values.push_back(std::move(value));
    }
    return s;
  });
}

Result<std::optional<service::ReportDraftRecord>> SqlIndicatorStore::FindReportDraft(
    std::string_view region_code, int year) {
  return Guard("FindReportDraft", [&]() -> Result<std::optional<service::ReportDraftRecord>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("FindReportDraft", kFindReportDraft, {region_code, year}));
    if (r.rows.empty()) return std::nullopt;
    RowReader reader(r.rows[0]);
    service::ReportDraftRecord d;
    d.region_code = std::string(region_code);
    d.year = year;
    d.generated_at = reader.At();
    d.generated_by = AccountId(reader.Text());
    d.figures = reader.Text();
    d.prose = reader.Text();
    d.version = reader.Int();
    if (!reader.ok()) return Corrupt("FindReportDraft");
    return d;
  });
}

Status SqlIndicatorStore::SaveReportDraft(const service::ReportDraftRecord& d,
                                          std::int64_t expected_version) {
  return Guard("SaveReportDraft", [&]() -> Status {
    if (expected_version == 0) {
      ZT_RETURN_IF_ERROR(sql_.Write("SaveReportDraft", kInsertReportDraft,
                                    {d.region_code, d.year, Millis(d.generated_at),
                                     d.generated_by.value(), d.figures, d.prose, d.version}));
      return Ok();
    }
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Write("SaveReportDraft", kUpdateReportDraft,
                                                  {d.region_code, d.year, Millis(d.generated_at),
                                                   d.generated_by.value(), d.figures, d.prose,
                                                   d.version, expected_version}));
    if (r.affected == 0) {
      return Fail(ErrorCode::kAborted, "version.stale", "the report draft has changed since read");
    }
    return Ok();
  });
}

Result<std::vector<catalog::ServiceItem>> SqlIndicatorStore::ListItemFacts(
    std::string_view region_prefix, std::string_view department_id) {
  return Guard("ListItemFacts", [&]() -> Result<std::vector<catalog::ServiceItem>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(region_prefix));
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ListItemFacts", kListItemFacts,
                                                 {region_prefix, upper, department_id}));
    return Decode<catalog::ServiceItem>(r, [](const Row& row) -> Result<catalog::ServiceItem> {
      RowReader reader(row);
      catalog::ServiceItem item;
      item.id = ItemId(reader.Text());
      item.code = reader.Text();
      item.name = reader.Text();
      auto type = catalog::ParseItemType(reader.Text());
      item.department_id = DepartmentId(reader.Text());
      item.region_code = reader.Text();
      item.statutory_limit_wd = static_cast<int>(reader.Int());
      item.promised_limit_wd = static_cast<int>(reader.Int());
      auto kind = catalog::ParseCaseKind(reader.Text());
      item.online = reader.Bool();
      item.status = catalog::ItemStatus::kPublished;
      if (!reader.ok() || !type || !kind) return Corrupt("ListItemFacts");
      item.type = *type;
      item.case_kind = *kind;
      return item;
    });
  });
}

}  // namespace zt::store::internal
