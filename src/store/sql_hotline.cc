#include "sql_hotline.h"

#include <limits>
#include <set>

#include "personal_data.h"

namespace zt::store::internal {
namespace {

using hotline::WorkOrder;

#define ZT_ORDER_COLUMNS                                                                         \
  "id, number, source, external_id, caller_name, caller_phone, confidential, matter_type, "      \
  "category_code, region_code, address, title, content, urgent, disposition, article_id, "       \
  "answer, department_id, state, version, agent_id, received_at, dispatched_at, sign_due_at, "   \
  "accepted_at, replied_at, called_back_at, closed_at, limit_days, extension_days, "             \
  "requested_extension_days, due_date, reply, satisfaction, outcome, merged_into, returned_by, " \
  "escalation_level, last_note"

constexpr std::string_view kInsertOrder =
    "INSERT INTO hotline_orders (" ZT_ORDER_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
    "$19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, "
    "$37, $38, $39)";
constexpr std::string_view kUpdateOrder =
    "UPDATE hotline_orders SET number = $2, source = $3, external_id = $4, caller_name = $5, "
    "caller_phone = $6, confidential = $7, matter_type = $8, category_code = $9, "
    "region_code = $10, address = $11, title = $12, content = $13, urgent = $14, "
    "disposition = $15, article_id = $16, answer = $17, department_id = $18, state = $19, "
    "version = $20, agent_id = $21, received_at = $22, dispatched_at = $23, sign_due_at = $24, "
    "accepted_at = $25, replied_at = $26, called_back_at = $27, closed_at = $28, "
    "limit_days = $29, extension_days = $30, requested_extension_days = $31, due_date = $32, "
    "reply = $33, satisfaction = $34, outcome = $35, merged_into = $36, returned_by = $37, "
    "escalation_level = $38, last_note = $39 WHERE id = $1 AND version = $40";
constexpr std::string_view kOrderExists = "SELECT 1 FROM hotline_orders WHERE id = $1";
constexpr std::string_view kNumberTaken = "SELECT 1 FROM hotline_orders WHERE number = $1";
constexpr std::string_view kFindOrder =
    "SELECT " ZT_ORDER_COLUMNS " FROM hotline_orders WHERE id = $1";
constexpr std::string_view kFindOrderByNumber =
    "SELECT " ZT_ORDER_COLUMNS " FROM hotline_orders WHERE number = $1";
// '' disables a filter: $1/$2 region range, $3 department, $4 states as ',a,b,', $5 caller,
// $6 urgent only (0/1), $7 due_date before, $8 category, $9/$10 received_at range.
#define ZT_ORDER_FILTER                                                                       \
  "WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) "                              \
  "AND ($3 = '' OR department_id = $3) AND ($4 = '' OR strpos($4, ',' || state || ',') > 0) " \
  "AND ($5 = '' OR substr(caller_phone, 1, 70) = $5) AND ($6 = 0 OR urgent = 1) "             \
  "AND ($7 = '' OR due_date < $7) AND ($8 = '' OR category_code = $8) "                       \
  "AND received_at >= $9 AND received_at < $10 "
constexpr std::string_view kListOrders =
    "SELECT " ZT_ORDER_COLUMNS " FROM hotline_orders " ZT_ORDER_FILTER
    "ORDER BY received_at DESC, id LIMIT $11 OFFSET $12";
constexpr std::string_view kCountOrders = "SELECT COUNT(*) FROM hotline_orders " ZT_ORDER_FILTER;
constexpr std::string_view kListDuplicateKeys =
    "SELECT id, number, caller_phone, region_code, address, category_code, received_at "
    "FROM hotline_orders WHERE region_code = $1 AND category_code = $2 "
    "AND received_at >= $3 AND received_at < $4 AND state <> 'merged' "
    "ORDER BY received_at DESC, id LIMIT 200";
constexpr std::string_view kListOrderFacts =
    "SELECT department_id, disposition, state, accepted_at, sign_due_at, replied_at, closed_at, "
    "due_date, outcome, satisfaction FROM hotline_orders "
    "WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) "
    "AND received_at >= $3 AND received_at < $4";
constexpr std::string_view kPutRoutingRule =
    "INSERT INTO hotline_routing (category_prefix, region_prefix, department_id) "
    "VALUES ($1, $2, $3) ON CONFLICT (category_prefix, region_prefix) "
    "DO UPDATE SET department_id = excluded.department_id";
constexpr std::string_view kListRoutingRules =
    "SELECT category_prefix, region_prefix, department_id FROM hotline_routing "
    "ORDER BY category_prefix, region_prefix";
constexpr std::string_view kInsertArticle =
    "INSERT INTO hotline_articles (id, version, title, body, keywords, category_code, "
    "author_id, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
constexpr std::string_view kListCurrentArticles =
    "SELECT a.id, a.version, a.title, a.body, a.keywords, a.category_code, a.author_id, "
    "a.updated_at FROM hotline_articles a WHERE a.version = "
    "(SELECT MAX(b.version) FROM hotline_articles b WHERE b.id = a.id) ORDER BY a.id";
constexpr std::string_view kListArticleVersions =
    "SELECT id, version, title, body, keywords, category_code, author_id, updated_at "
    "FROM hotline_articles WHERE id = $1 ORDER BY version";
constexpr std::string_view kAddCallCounts =
    "INSERT INTO hotline_calls (day, line, calls_in, calls_answered) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (day, line) DO UPDATE SET calls_in = hotline_calls.calls_in + excluded.calls_in, "
    "calls_answered = hotline_calls.calls_answered + excluded.calls_answered";
constexpr std::string_view kSumCallCounts =
    "SELECT COALESCE(SUM(calls_in), 0), COALESCE(SUM(calls_answered), 0) FROM hotline_calls "
    "WHERE day >= $1 AND day <= $2";

constexpr std::size_t kOrderColumns = 39;
// 256 rows × 39 columns stays below SQLite's 32766 and PostgreSQL's 65535 bound parameters.
constexpr std::size_t kMaxOrdersPerInsert = service::kMaxOrdersPerBulkInsert;

std::vector<Param> OrderParams(const WorkOrder& o) {
  return {o.id.value(),
          o.number,
          o.source,
          o.external_id,
          o.caller_name,
          SealIndexedField(o.caller_phone),
          o.confidential,
          o.matter_type,
          o.category_code,
          o.region_code,
          o.address,
          o.title,
          o.content,
          o.urgent,
          o.disposition,
          o.article_id,
          o.answer,
          o.department_id.value(),
          o.state,
          o.version,
          o.agent_id.value(),
          Millis(o.received_at),
          OptInstant(o.dispatched_at),
          OptInstant(o.sign_due_at),
          OptInstant(o.accepted_at),
          OptInstant(o.replied_at),
          OptInstant(o.called_back_at),
          OptInstant(o.closed_at),
          o.limit_days,
          o.extension_days,
          o.requested_extension_days,
          OptDate(o.due_date),
          o.reply,
          o.satisfaction,
          o.outcome,
          o.merged_into,
          o.returned_by,
          o.escalation_level,
          o.last_note};
}

Result<WorkOrder> OrderFromRow(const Row& row) {
  RowReader r(row);
  WorkOrder o;
  o.id = CaseId(r.Text());
  o.number = r.Text();
  o.source = r.Text();
  o.external_id = r.Text();
  o.caller_name = r.Text();
  ZT_ASSIGN_OR_RETURN(o.caller_phone, OpenField(r.Text()));
  o.confidential = r.Bool();
  o.matter_type = r.Text();
  o.category_code = r.Text();
  o.region_code = r.Text();
  o.address = r.Text();
  o.title = r.Text();
  o.content = r.Text();
  o.urgent = r.Bool();
  o.disposition = r.Text();
  o.article_id = r.Text();
  o.answer = r.Text();
  o.department_id = DepartmentId(r.Text());
  o.state = r.Text();
  o.version = r.Int();
  o.agent_id = AccountId(r.Text());
  o.received_at = r.At();
  o.dispatched_at = r.OptAt();
  o.sign_due_at = r.OptAt();
  o.accepted_at = r.OptAt();
  o.replied_at = r.OptAt();
  o.called_back_at = r.OptAt();
  o.closed_at = r.OptAt();
  o.limit_days = static_cast<int>(r.Int());
  o.extension_days = static_cast<int>(r.Int());
  o.requested_extension_days = static_cast<int>(r.Int());
  o.due_date = r.OptDate();
  o.reply = r.Text();
  o.satisfaction = r.Text();
  o.outcome = r.Text();
  o.merged_into = r.Text();
  o.returned_by = r.Text();
  o.escalation_level = static_cast<int>(r.Int());
  o.last_note = r.Text();
  if (!r.ok()) return Corrupt("hotline_orders");
  return o;
}

Result<hotline::Article> ArticleFromRow(const Row& row) {
  RowReader r(row);
  hotline::Article a;
  a.id = r.Text();
  a.version = r.Int();
  a.title = r.Text();
  a.body = r.Text();
  a.keywords = r.Text();
  a.category_code = r.Text();
  a.author_id = AccountId(r.Text());
  a.updated_at = r.At();
  if (!r.ok()) return Corrupt("hotline_articles");
  return a;
}

}  // namespace

Status SqlHotlineStore::InsertOrder(const WorkOrder& order) {
  return Guard("InsertOrder", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertOrder"));
    std::vector<Param> params = OrderParams(order);
    ZT_RETURN_IF_ERROR(sql_.Write("InsertOrder", kInsertOrder, params));
    return Ok();
  });
}

Status SqlHotlineStore::InsertOrders(std::span<const WorkOrder> orders) {
  return Guard("InsertOrders", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertOrders"));
    if (orders.empty()) return Ok();
    if (orders.size() > kMaxOrdersPerInsert) {
      return Fail(ErrorCode::kInvalidArgument, "hotline.bulk_too_large",
                  "InsertOrders: at most " + std::to_string(kMaxOrdersPerInsert) + " orders");
    }
    if (sql_.dialect() == Dialect::kSqlite) {
      // SQLite runs the cached one-row statement fastest (a 10,000-parameter statement costs
      // more to bind than it saves); the unit of work holds the write lock, so checking the
      // numbers first keeps the call all or nothing.
      std::set<std::string> numbers;
      for (const WorkOrder& o : orders) {
        ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("InsertOrders", kNumberTaken, {o.number}));
        if (!r.rows.empty() || !numbers.insert(o.number).second) {
          return Fail(ErrorCode::kAlreadyExists, "store.duplicate",
                      "InsertOrders: number " + o.number + " is taken");
        }
      }
      for (const WorkOrder& o : orders) {
        std::vector<Param> params = OrderParams(o);
        ZT_RETURN_IF_ERROR(sql_.Write("InsertOrders", kInsertOrder, params));
      }
      return Ok();
    }
    // PostgreSQL: one multi-row INSERT (one savepoint and one round trip instead of one per
    // row); the statement text depends only on the row count, and every value is bound.
    std::string sql = "INSERT INTO hotline_orders (" ZT_ORDER_COLUMNS ") VALUES ";
    std::vector<Param> params;
    params.reserve(orders.size() * kOrderColumns);
    int n = 0;
    for (std::size_t i = 0; i < orders.size(); ++i) {
      sql += i == 0 ? "(" : ", (";
      for (std::size_t c = 0; c < kOrderColumns; ++c) {
        sql += (c == 0 ? "$" : ", $") + std::to_string(++n);
      }
      sql += ")";
      for (Param& p : OrderParams(orders[i])) params.push_back(std::move(p));
    }
    ZT_RETURN_IF_ERROR(sql_.Write("InsertOrders", sql, params));
    return Ok();
  });
}

Status SqlHotlineStore::UpdateOrder(const WorkOrder& order, std::int64_t expected_version) {
  return Guard("UpdateOrder", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("UpdateOrder"));
    std::vector<Param> params = OrderParams(order);
    params.emplace_back(expected_version);
    return sql_.CheckedUpdate("UpdateOrder", kUpdateOrder, params, kOrderExists, order.id.value());
  });
}

Result<std::optional<WorkOrder>> SqlHotlineStore::FindOrder(const CaseId& id) {
  return Guard("FindOrder", [&]() -> Result<std::optional<WorkOrder>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindOrder", kFindOrder, {id.value()}));
    return DecodeOne<WorkOrder>(r, OrderFromRow);
  });
}

Result<std::optional<WorkOrder>> SqlHotlineStore::FindOrderByNumber(std::string_view number) {
  return Guard("FindOrderByNumber", [&]() -> Result<std::optional<WorkOrder>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("FindOrderByNumber", kFindOrderByNumber, {number}));
    return DecodeOne<WorkOrder>(r, OrderFromRow);
  });
}

Result<service::Page<WorkOrder>> SqlHotlineStore::ListOrders(const service::OrderQuery& q) {
  return Guard("ListOrders", [&]() -> Result<service::Page<WorkOrder>> {
    std::string states;
    if (!q.states.empty()) {
      states = ",";
      for (const std::string& s : q.states) {
        if (s.empty() || s.find(',') != std::string::npos) {
          return Fail(ErrorCode::kInvalidArgument, "hotline.state_filter",
                      "ListOrders: a state name is empty or contains ','");
        }
        states += s + ",";
      }
    }
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    std::vector<Param> params = {
        q.region_prefix,
        upper,
        q.department_id.value(),
        states,
        FieldIndexPrefix(q.caller_phone),
        q.urgent_only ? 1 : 0,
        q.due_before ? q.due_before->ToString() : std::string(),
        q.category_code,
        q.received_from ? Millis(*q.received_from) : std::numeric_limits<std::int64_t>::min(),
        q.received_before ? Millis(*q.received_before) : std::numeric_limits<std::int64_t>::max()};
    ZT_ASSIGN_OR_RETURN(QueryResult count, sql_.Read("ListOrders", kCountOrders, params));
    service::Page<WorkOrder> page;
    ZT_ASSIGN_OR_RETURN(page.total, SingleInt("ListOrders", count));
    params.emplace_back(ClampLimit(q.limit));
    params.emplace_back(ClampOffset(q.offset));
    ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("ListOrders", kListOrders, params));
    ZT_ASSIGN_OR_RETURN(page.items, Decode<WorkOrder>(rows, OrderFromRow));
    return page;
  });
}

Result<std::vector<hotline::DuplicateKey>> SqlHotlineStore::ListDuplicateKeys(
    std::string_view region_code, std::string_view category, Instant from, Instant to) {
  return Guard("ListDuplicateKeys", [&]() -> Result<std::vector<hotline::DuplicateKey>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("ListDuplicateKeys", kListDuplicateKeys,
                                  {region_code, category, Millis(from), Millis(to)}));
    return Decode<hotline::DuplicateKey>(r, [](const Row& row) -> Result<hotline::DuplicateKey> {
      RowReader rd(row);
      hotline::DuplicateKey k;
      k.id = CaseId(rd.Text());
      k.number = rd.Text();
      ZT_ASSIGN_OR_RETURN(k.caller_phone, OpenField(rd.Text()));
      k.region_code = rd.Text();
      k.address = rd.Text();
      k.category_code = rd.Text();
      k.received_at = rd.At();
      if (!rd.ok()) return Corrupt("ListDuplicateKeys");
      return k;
    });
  });
}

Result<std::vector<hotline::OrderFacts>> SqlHotlineStore::ListOrderFacts(
    std::string_view region_prefix, Instant from, Instant to) {
  return Guard("ListOrderFacts", [&]() -> Result<std::vector<hotline::OrderFacts>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(region_prefix));
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ListOrderFacts", kListOrderFacts,
                                                 {region_prefix, upper, Millis(from), Millis(to)}));
    return Decode<hotline::OrderFacts>(r, [](const Row& row) -> Result<hotline::OrderFacts> {
      RowReader rd(row);
      hotline::OrderFacts f;
      f.department_id = DepartmentId(rd.Text());
      f.disposition = rd.Text();
      f.state = rd.Text();
      f.accepted_at = rd.OptAt();
      f.sign_due_at = rd.OptAt();
      f.replied_at = rd.OptAt();
      f.closed_at = rd.OptAt();
      f.due_date = rd.OptDate();
      f.outcome = rd.Text();
      f.satisfaction = rd.Text();
      if (!rd.ok()) return Corrupt("ListOrderFacts");
      return f;
    });
  });
}

Status SqlHotlineStore::PutRoutingRule(const hotline::RoutingRule& rule) {
  return Guard("PutRoutingRule", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("PutRoutingRule"));
    ZT_RETURN_IF_ERROR(
        sql_.Write("PutRoutingRule", kPutRoutingRule,
                   {rule.category_prefix, rule.region_prefix, rule.department_id.value()}));
    return Ok();
  });
}

Result<std::vector<hotline::RoutingRule>> SqlHotlineStore::ListRoutingRules() {
  return Guard("ListRoutingRules", [&]() -> Result<std::vector<hotline::RoutingRule>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ListRoutingRules", kListRoutingRules, {}));
    return Decode<hotline::RoutingRule>(r, [](const Row& row) -> Result<hotline::RoutingRule> {
      RowReader rd(row);
      hotline::RoutingRule rule;
      rule.category_prefix = rd.Text();
      rule.region_prefix = rd.Text();
      rule.department_id = DepartmentId(rd.Text());
      if (!rd.ok()) return Corrupt("ListRoutingRules");
      return rule;
    });
  });
}

Status SqlHotlineStore::InsertArticleVersion(const hotline::Article& a) {
  return Guard("InsertArticleVersion", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertArticleVersion"));
    ZT_RETURN_IF_ERROR(sql_.Write("InsertArticleVersion", kInsertArticle,
                                  {a.id, a.version, a.title, a.body, a.keywords, a.category_code,
                                   a.author_id.value(), Millis(a.updated_at)}));
    return Ok();
  });
}

Result<std::vector<hotline::Article>> SqlHotlineStore::ListCurrentArticles() {
  return Guard("ListCurrentArticles", [&]() -> Result<std::vector<hotline::Article>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ListCurrentArticles", kListCurrentArticles, {}));
    return Decode<hotline::Article>(r, ArticleFromRow);
  });
}

Result<std::vector<hotline::Article>> SqlHotlineStore::ListArticleVersions(std::string_view id) {
  return Guard("ListArticleVersions", [&]() -> Result<std::vector<hotline::Article>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("ListArticleVersions", kListArticleVersions, {id}));
    return Decode<hotline::Article>(r, ArticleFromRow);
  });
}

Status SqlHotlineStore::AddCallCounts(const service::CallCountRow& row) {
  return Guard("AddCallCounts", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("AddCallCounts"));
    ZT_RETURN_IF_ERROR(
        sql_.Write("AddCallCounts", kAddCallCounts,
                   {row.day.ToString(), row.line, row.calls_in, row.calls_answered}));
    return Ok();
  });
}

Result<hotline::CallCounts> SqlHotlineStore::SumCallCounts(Date from, Date to) {
  return Guard("SumCallCounts", [&]() -> Result<hotline::CallCounts> {
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("SumCallCounts", kSumCallCounts,
                                                 {from.ToString(), to.ToString()}));
    if (r.rows.size() != 1) return Corrupt("SumCallCounts");
    RowReader rd(r.rows[0]);
    hotline::CallCounts c;
    c.calls_in = rd.Int();
    c.calls_answered = rd.Int();
    if (!rd.ok()) return Corrupt("SumCallCounts");
    return c;
  });
}

#undef ZT_ORDER_COLUMNS
#undef ZT_ORDER_FILTER

}  // namespace zt::store::internal
