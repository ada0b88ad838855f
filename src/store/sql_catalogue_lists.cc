#include "sql_catalogue_lists.h"

#include <boost/json.hpp>

namespace zt::store::internal {
namespace {

namespace json = boost::json;

constexpr std::string_view kInsertPowerItem =
    "INSERT INTO power_items (id, code, name, category_list, category_code, department_id, "
    "region_code, legal_basis, steps, accountability, version, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
constexpr std::string_view kInsertLifeEvent =
    "INSERT INTO life_events (id, code, name, audience, description, region_code, item_ids, "
    "keywords, version, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
constexpr std::string_view kFindPowerItem =
    "SELECT id, code, name, category_list, category_code, department_id, region_code, legal_basis, "
    "steps, accountability, version, created_at, updated_at FROM power_items "
    "WHERE id = $1";
// $1/$2 region prefix range, $3 department, $4 list, $5 category, $6 text; '' disables.
constexpr std::string_view kCountPowerItemsFiltered =
    "SELECT COUNT(*) FROM power_items "
    "WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) "
    "AND ($3 = '' OR department_id = $3) AND ($4 = '' OR category_list = $4) "
    "AND ($5 = '' OR category_code = $5) "
    "AND ($6 = '' OR strpos(name, $6) > 0 OR strpos(lower(code), lower($6)) > 0) ";
constexpr std::string_view kListPowerItems =
    "SELECT id, code, name, category_list, category_code, department_id, region_code, legal_basis, "
    "steps, accountability, version, created_at, updated_at FROM power_items "
    "WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) "
    "AND ($3 = '' OR department_id = $3) AND ($4 = '' OR category_list = $4) "
    "AND ($5 = '' OR category_code = $5) "
    "AND ($6 = '' OR strpos(name, $6) > 0 OR strpos(lower(code), lower($6)) > 0) "
    "ORDER BY code, id LIMIT $7 OFFSET $8";
constexpr std::string_view kPowerItemsPerCategory =
    "SELECT category_code, COUNT(*) FROM power_items "
    "WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) "
    "AND ($3 = '' OR department_id = $3) AND ($4 = '' OR category_list = $4) "
    "AND ($5 = '' OR category_code = $5) "
    "AND ($6 = '' OR strpos(name, $6) > 0 OR strpos(lower(code), lower($6)) > 0) "
    "GROUP BY category_code ORDER BY category_code";
constexpr std::string_view kFindLifeEvent =
    "SELECT id, code, name, audience, description, region_code, item_ids, keywords, version, "
    "created_at, updated_at FROM life_events "
    "WHERE id = $1";
// $1/$2 region prefix range; '' disables.
constexpr std::string_view kCountLifeEvents =
    "SELECT COUNT(*) FROM life_events "
    "WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) ";
constexpr std::string_view kListLifeEvents =
    "SELECT id, code, name, audience, description, region_code, item_ids, keywords, version, "
    "created_at, updated_at FROM life_events "
    "WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) "
    "ORDER BY code, id LIMIT $3 OFFSET $4";
constexpr std::string_view kApplicationsPerItem =
    "SELECT item_id, COUNT(*) FROM applications WHERE item_id <> '' GROUP BY item_id";

std::string StringsToJson(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return json::serialize(out);
}

std::optional<std::vector<std::string>> StringsFromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& e : v.as_array()) {
    if (!e.is_string()) return std::nullopt;
    out.emplace_back(e.as_string());
  }
  return out;
}

std::string StepsToJson(const std::vector<catalog::ResponsibilityStep>& steps) {
  json::array out;
  for (const auto& s : steps) {
    out.push_back(json::object{{"stage", catalog::DutyStageName(s.stage)}, {"duty", s.duty}});
  }
  return json::serialize(out);
}

std::optional<std::vector<catalog::ResponsibilityStep>> StepsFromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return std::nullopt;
  std::vector<catalog::ResponsibilityStep> out;
  for (const auto& e : v.as_array()) {
    const json::object* o = e.if_object();
    if (o == nullptr || !o->contains("stage") || !o->contains("duty") ||
        !o->at("stage").is_string() || !o->at("duty").is_string()) {
      return std::nullopt;
    }
    auto stage = catalog::ParseDutyStage(o->at("stage").as_string());
    if (!stage) return std::nullopt;
    out.push_back({*stage, std::string(o->at("duty").as_string())});
  }
  return out;
}

std::vector<Param> PowerParams(const catalog::PowerItem& p) {
  return {p.id,
          p.code,
          p.name,
          p.category_list,
          p.category_code,
          p.department_id.value(),
          p.region_code,
          p.legal_basis,
          StepsToJson(p.steps),
          StringsToJson(p.accountability),
          p.version,
          Millis(p.created_at),
          Millis(p.updated_at)};
}

Result<catalog::PowerItem> PowerFromRow(const Row& row) {
  RowReader r(row);
  catalog::PowerItem p;
  p.id = r.Text();
  p.code = r.Text();
  p.name = r.Text();
  p.category_list = r.Text();
  p.category_code = r.Text();
  p.department_id = DepartmentId(r.Text());
  p.region_code = r.Text();
  p.legal_basis = r.Text();
  auto steps = StepsFromJson(r.Text());
  auto accountability = StringsFromJson(r.Text());
  p.version = r.Int();
  p.created_at = r.At();
  p.updated_at = r.At();
  if (!r.ok() || !steps || !accountability) return Corrupt("PowerItem");
  p.steps = std::move(*steps);
  p.accountability = std::move(*accountability);
  return p;
}

std::vector<Param> EventParams(const catalog::LifeEvent& e) {
  std::vector<std::string> ids;
  for (const auto& id : e.item_ids) ids.push_back(id.value());
  return {e.id,
          e.code,
          e.name,
          catalog::AudienceName(e.audience),
          e.description,
          e.region_code,
          StringsToJson(ids),
          StringsToJson(e.keywords),
          e.version,
          Millis(e.created_at),
          Millis(e.updated_at)};
}

Result<catalog::LifeEvent> EventFromRow(const Row& row) {
  RowReader r(row);
  catalog::LifeEvent e;
  e.id = r.Text();
  e.code = r.Text();
  e.name = r.Text();
  auto audience = catalog::ParseAudience(r.Text());
  e.description = r.Text();
  e.region_code = r.Text();
  auto ids = StringsFromJson(r.Text());
  auto keywords = StringsFromJson(r.Text());
  e.version = r.Int();
  e.created_at = r.At();
  e.updated_at = r.At();
  if (!r.ok() || !audience || !ids || !keywords) return Corrupt("LifeEvent");
  e.audience = *audience;
  for (auto& id : *ids) e.item_ids.emplace_back(std::move(id));
  e.keywords = std::move(*keywords);
  return e;
}

}  // namespace

Status SqlCatalogueLists::InsertPowerItem(const catalog::PowerItem& item) {
  return Guard("InsertPowerItem", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertPowerItem"));
    ZT_RETURN_IF_ERROR(sql_.Write("InsertPowerItem", kInsertPowerItem, PowerParams(item)));
    return Ok();
  });
}

Result<std::optional<catalog::PowerItem>> SqlCatalogueLists::FindPowerItem(std::string_view id) {
  return Guard("FindPowerItem", [&]() -> Result<std::optional<catalog::PowerItem>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("FindPowerItem", kFindPowerItem, {std::string(id)}));
    return DecodeOne<catalog::PowerItem>(r, PowerFromRow);
  });
}

Result<service::Page<catalog::PowerItem>> SqlCatalogueLists::ListPowerItems(
    const service::PowerItemQuery& q) {
  return Guard("ListPowerItems", [&]() -> Result<service::Page<catalog::PowerItem>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    std::vector<Param> params{q.region_prefix, upper,           q.department_id.value(),
                              q.category_list, q.category_code, q.text};
    ZT_ASSIGN_OR_RETURN(QueryResult c,
                        sql_.Read("ListPowerItems", kCountPowerItemsFiltered, params));
    ZT_ASSIGN_OR_RETURN(std::int64_t total, SingleInt("ListPowerItems", c));
    params.emplace_back(ClampLimit(q.limit));
    params.emplace_back(ClampOffset(q.offset));
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ListPowerItems", kListPowerItems, params));
    ZT_ASSIGN_OR_RETURN(auto items, Decode<catalog::PowerItem>(r, PowerFromRow));
    return service::Page<catalog::PowerItem>{std::move(items), total};
  });
}

Result<std::vector<std::pair<std::string, std::int64_t>>> SqlCatalogueLists::CountPowerItems(
    const service::PowerItemQuery& q) {
  using Groups = std::vector<std::pair<std::string, std::int64_t>>;
  return Guard("CountPowerItems", [&]() -> Result<Groups> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("CountPowerItems", kPowerItemsPerCategory,
                                                 {q.region_prefix, upper, q.department_id.value(),
                                                  q.category_list, q.category_code, q.text}));
    Groups out;
    for (const Row& row : r.rows) {
      RowReader reader(row);
      std::string code = reader.Text();
      std::int64_t n = reader.Int();
      if (!reader.ok()) return Corrupt("CountPowerItems");
      out.emplace_back(std::move(code), n);
    }
    return out;
  });
}

Status SqlCatalogueLists::InsertLifeEvent(const catalog::LifeEvent& event) {
  return Guard("InsertLifeEvent", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertLifeEvent"));
    ZT_RETURN_IF_ERROR(sql_.Write("InsertLifeEvent", kInsertLifeEvent, EventParams(event)));
    return Ok();
  });
}

Result<std::optional<catalog::LifeEvent>> SqlCatalogueLists::FindLifeEvent(std::string_view id) {
  return Guard("FindLifeEvent", [&]() -> Result<std::optional<catalog::LifeEvent>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("FindLifeEvent", kFindLifeEvent, {std::string(id)}));
    return DecodeOne<catalog::LifeEvent>(r, EventFromRow);
  });
}

Result<service::Page<catalog::LifeEvent>> SqlCatalogueLists::ListLifeEvents(
    const service::LifeEventQuery& q) {
  return Guard("ListLifeEvents", [&]() -> Result<service::Page<catalog::LifeEvent>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    ZT_ASSIGN_OR_RETURN(QueryResult c,
                        sql_.Read("ListLifeEvents", kCountLifeEvents, {q.region_prefix, upper}));
    ZT_ASSIGN_OR_RETURN(std::int64_t total, SingleInt("ListLifeEvents", c));
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ListLifeEvents", kListLifeEvents,
                                                 {q.region_prefix, upper, ClampLimit(q.limit),
                                                  ClampOffset(q.offset)}));
    ZT_ASSIGN_OR_RETURN(auto events, Decode<catalog::LifeEvent>(r, EventFromRow));
    return service::Page<catalog::LifeEvent>{std::move(events), total};
  });
}

Result<std::vector<std::pair<ItemId, std::int64_t>>> SqlCatalogueLists::ApplicationsPerItem() {
  using Counts = std::vector<std::pair<ItemId, std::int64_t>>;
  return Guard("ApplicationsPerItem", [&]() -> Result<Counts> {
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ApplicationsPerItem", kApplicationsPerItem, {}));
    Counts out;
    for (const Row& row : r.rows) {
      RowReader reader(row);
      ItemId id(reader.Text());
      std::int64_t n = reader.Int();
      if (!reader.ok()) return Corrupt("ApplicationsPerItem");
      out.emplace_back(std::move(id), n);
    }
    return out;
  });
}

}  // namespace zt::store::internal
