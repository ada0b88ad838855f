#include "sql_catalogue_lists.h"

#include <boost/json.hpp>

namespace zt::store::internal {
namespace {

namespace json = boost::json;

#define ZT_POWER_COLUMNS                                                                    \
  "id, code, name, category_list, category_code, department_id, region_code, legal_basis, " \
  "steps, accountability, version, created_at, updated_at, revision, effective_from, "      \
  "effective_to, withdrawn "
#define ZT_EVENT_COLUMNS                                                              \
  "id, code, name, audience, description, region_code, item_ids, keywords, version, " \
  "created_at, updated_at, revision, effective_from, effective_to, withdrawn "
#define ZT_POWER_VALUES \
  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
#define ZT_EVENT_VALUES "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
// $1/$2 region prefix range, $3 department, $4 list, $5 category, $6 text; '' disables.
#define ZT_POWER_FILTER                                                      \
  "WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) "             \
  "AND ($3 = '' OR department_id = $3) AND ($4 = '' OR category_list = $4) " \
  "AND ($5 = '' OR category_code = $5) "                                     \
  "AND ($6 = '' OR strpos(name, $6) > 0 OR strpos(lower(code), lower($6)) > 0) "
// Today's list: the current revision of every power not withdrawn.
#define ZT_POWER_CURRENT "FROM power_items " ZT_POWER_FILTER "AND withdrawn = 0 "
// The list at date $7: the revisions in force then.
#define ZT_POWER_AS_OF                        \
  "FROM power_item_versions " ZT_POWER_FILTER \
  "AND effective_from <= $7 AND (effective_to IS NULL OR effective_to >= $7) "
// $1/$2 region prefix range; '' disables. $3 the date for the lists at a date.
#define ZT_EVENT_CURRENT                                                          \
  "FROM life_events WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) " \
  "AND withdrawn = 0 "
#define ZT_EVENT_AS_OF                                                                    \
  "FROM life_event_versions WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) " \
  "AND effective_from <= $3 AND (effective_to IS NULL OR effective_to >= $3) "

constexpr std::string_view kInsertPowerItem =
    "INSERT INTO power_items (" ZT_POWER_COLUMNS ") " ZT_POWER_VALUES;
constexpr std::string_view kInsertPowerRevision =
    "INSERT INTO power_item_versions (" ZT_POWER_COLUMNS ") " ZT_POWER_VALUES;
constexpr std::string_view kUpdatePowerItem =
    "UPDATE power_items SET code = $2, name = $3, category_list = $4, category_code = $5, "
    "department_id = $6, region_code = $7, legal_basis = $8, steps = $9, accountability = $10, "
    "version = $11, created_at = $12, updated_at = $13, revision = $14, effective_from = $15, "
    "effective_to = $16, withdrawn = $17 WHERE id = $1 AND version = $18";
constexpr std::string_view kPowerItemExists = "SELECT 1 FROM power_items WHERE id = $1";
constexpr std::string_view kEndPowerRevisions =
    "UPDATE power_item_versions SET effective_to = $2 "
    "WHERE id = $1 AND (effective_to IS NULL OR effective_to > $2)";
constexpr std::string_view kPowerRevisions =
    "SELECT " ZT_POWER_COLUMNS "FROM power_item_versions WHERE id = $1 ORDER BY revision";
constexpr std::string_view kFindPowerItem =
    "SELECT " ZT_POWER_COLUMNS "FROM power_items WHERE id = $1";
constexpr std::string_view kCountPowerItems = "SELECT COUNT(*) " ZT_POWER_CURRENT;
constexpr std::string_view kListPowerItems =
    "SELECT " ZT_POWER_COLUMNS ZT_POWER_CURRENT "ORDER BY code, id LIMIT $7 OFFSET $8";
constexpr std::string_view kPowerItemsPerCategory =
    "SELECT category_code, COUNT(*) " ZT_POWER_CURRENT
    "GROUP BY category_code ORDER BY category_code";
constexpr std::string_view kCountPowerItemsAsOf = "SELECT COUNT(*) " ZT_POWER_AS_OF;
constexpr std::string_view kListPowerItemsAsOf =
    "SELECT " ZT_POWER_COLUMNS ZT_POWER_AS_OF "ORDER BY code, id LIMIT $8 OFFSET $9";
constexpr std::string_view kPowerItemsPerCategoryAsOf =
    "SELECT category_code, COUNT(*) " ZT_POWER_AS_OF
    "GROUP BY category_code ORDER BY category_code";

constexpr std::string_view kInsertLifeEvent =
    "INSERT INTO life_events (" ZT_EVENT_COLUMNS ") " ZT_EVENT_VALUES;
constexpr std::string_view kInsertEventRevision =
    "INSERT INTO life_event_versions (" ZT_EVENT_COLUMNS ") " ZT_EVENT_VALUES;
constexpr std::string_view kUpdateLifeEvent =
    "UPDATE life_events SET code = $2, name = $3, audience = $4, description = $5, "
    "region_code = $6, item_ids = $7, keywords = $8, version = $9, created_at = $10, "
    "updated_at = $11, revision = $12, effective_from = $13, effective_to = $14, withdrawn = $15 "
    "WHERE id = $1 AND version = $16";
constexpr std::string_view kLifeEventExists = "SELECT 1 FROM life_events WHERE id = $1";
constexpr std::string_view kEndEventRevisions =
    "UPDATE life_event_versions SET effective_to = $2 "
    "WHERE id = $1 AND (effective_to IS NULL OR effective_to > $2)";
constexpr std::string_view kEventRevisions =
    "SELECT " ZT_EVENT_COLUMNS "FROM life_event_versions WHERE id = $1 ORDER BY revision";
constexpr std::string_view kFindLifeEvent =
    "SELECT " ZT_EVENT_COLUMNS "FROM life_events WHERE id = $1";
constexpr std::string_view kCountLifeEvents = "SELECT COUNT(*) " ZT_EVENT_CURRENT;
constexpr std::string_view kListLifeEvents =
    "SELECT " ZT_EVENT_COLUMNS ZT_EVENT_CURRENT "ORDER BY code, id LIMIT $3 OFFSET $4";
constexpr std::string_view kCountLifeEventsAsOf = "SELECT COUNT(*) " ZT_EVENT_AS_OF;
constexpr std::string_view kListLifeEventsAsOf =
    "SELECT " ZT_EVENT_COLUMNS ZT_EVENT_AS_OF "ORDER BY code, id LIMIT $4 OFFSET $5";

#undef ZT_POWER_COLUMNS
#undef ZT_EVENT_COLUMNS
#undef ZT_POWER_VALUES
#undef ZT_EVENT_VALUES
#undef ZT_POWER_FILTER
#undef ZT_POWER_CURRENT
#undef ZT_POWER_AS_OF
#undef ZT_EVENT_CURRENT
#undef ZT_EVENT_AS_OF
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
          Millis(p.updated_at),
          p.revision,
          p.effective_from.ToString(),
          OptDate(p.effective_to),
          std::int64_t{p.withdrawn ? 1 : 0}};
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
  p.revision = r.Int();
  auto from = ParseDate(r.Text());
  p.effective_to = r.OptDate();
  p.withdrawn = r.Bool();
  if (!r.ok() || !steps || !accountability || !from) return Corrupt("PowerItem");
  p.effective_from = *from;
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
          Millis(e.updated_at),
          e.revision,
          e.effective_from.ToString(),
          OptDate(e.effective_to),
          std::int64_t{e.withdrawn ? 1 : 0}};
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
  e.revision = r.Int();
  auto from = ParseDate(r.Text());
  e.effective_to = r.OptDate();
  e.withdrawn = r.Bool();
  if (!r.ok() || !audience || !ids || !keywords || !from) return Corrupt("LifeEvent");
  e.effective_from = *from;
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
    if (q.as_of) params.emplace_back(q.as_of->ToString());
    ZT_ASSIGN_OR_RETURN(
        QueryResult c,
        sql_.Read("ListPowerItems", q.as_of ? kCountPowerItemsAsOf : kCountPowerItems, params));
    ZT_ASSIGN_OR_RETURN(std::int64_t total, SingleInt("ListPowerItems", c));
    params.emplace_back(ClampLimit(q.limit));
    params.emplace_back(ClampOffset(q.offset));
    ZT_ASSIGN_OR_RETURN(
        QueryResult r,
        sql_.Read("ListPowerItems", q.as_of ? kListPowerItemsAsOf : kListPowerItems, params));
    ZT_ASSIGN_OR_RETURN(auto items, Decode<catalog::PowerItem>(r, PowerFromRow));
    return service::Page<catalog::PowerItem>{std::move(items), total};
  });
}

Result<std::vector<std::pair<std::string, std::int64_t>>> SqlCatalogueLists::CountPowerItems(
    const service::PowerItemQuery& q) {
  using Groups = std::vector<std::pair<std::string, std::int64_t>>;
  return Guard("CountPowerItems", [&]() -> Result<Groups> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    std::vector<Param> params{q.region_prefix, upper,           q.department_id.value(),
                              q.category_list, q.category_code, q.text};
    if (q.as_of) params.emplace_back(q.as_of->ToString());
    ZT_ASSIGN_OR_RETURN(
        QueryResult r,
        sql_.Read("CountPowerItems", q.as_of ? kPowerItemsPerCategoryAsOf : kPowerItemsPerCategory,
                  params));
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
    std::vector<Param> params{q.region_prefix, upper};
    if (q.as_of) params.emplace_back(q.as_of->ToString());
    ZT_ASSIGN_OR_RETURN(
        QueryResult c,
        sql_.Read("ListLifeEvents", q.as_of ? kCountLifeEventsAsOf : kCountLifeEvents, params));
    ZT_ASSIGN_OR_RETURN(std::int64_t total, SingleInt("ListLifeEvents", c));
    params.emplace_back(ClampLimit(q.limit));
    params.emplace_back(ClampOffset(q.offset));
    ZT_ASSIGN_OR_RETURN(
        QueryResult r,
        sql_.Read("ListLifeEvents", q.as_of ? kListLifeEventsAsOf : kListLifeEvents, params));
    ZT_ASSIGN_OR_RETURN(auto events, Decode<catalog::LifeEvent>(r, EventFromRow));
    return service::Page<catalog::LifeEvent>{std::move(events), total};
  });
}

Status SqlCatalogueLists::UpdatePowerItem(const catalog::PowerItem& item,
                                          std::int64_t expected_version) {
  return Guard("UpdatePowerItem", [&]() -> Status {
    std::vector<Param> params = PowerParams(item);
    params.emplace_back(expected_version);
    return sql_.CheckedUpdate("UpdatePowerItem", kUpdatePowerItem, params, kPowerItemExists,
                              item.id);
  });
}

Status SqlCatalogueLists::InsertPowerItemRevision(const catalog::PowerItem& item) {
  return Guard("InsertPowerItemRevision", [&]() -> Status {
    ZT_RETURN_IF_ERROR(
        sql_.Write("InsertPowerItemRevision", kInsertPowerRevision, PowerParams(item)));
    return Ok();
  });
}

Status SqlCatalogueLists::EndPowerItemRevisions(std::string_view id, Date last_day) {
  return Guard("EndPowerItemRevisions", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Write("EndPowerItemRevisions", kEndPowerRevisions,
                                  {std::string(id), last_day.ToString()}));
    return Ok();
  });
}

Result<std::vector<catalog::PowerItem>> SqlCatalogueLists::ListPowerItemRevisions(
    std::string_view id) {
  return Guard("ListPowerItemRevisions", [&]() -> Result<std::vector<catalog::PowerItem>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("ListPowerItemRevisions", kPowerRevisions, {std::string(id)}));
    return Decode<catalog::PowerItem>(r, PowerFromRow);
  });
}

Status SqlCatalogueLists::UpdateLifeEvent(const catalog::LifeEvent& event,
                                          std::int64_t expected_version) {
  return Guard("UpdateLifeEvent", [&]() -> Status {
    std::vector<Param> params = EventParams(event);
    params.emplace_back(expected_version);
    return sql_.CheckedUpdate("UpdateLifeEvent", kUpdateLifeEvent, params, kLifeEventExists,
                              event.id);
  });
}

Status SqlCatalogueLists::InsertLifeEventRevision(const catalog::LifeEvent& event) {
  return Guard("InsertLifeEventRevision", [&]() -> Status {
    ZT_RETURN_IF_ERROR(
        sql_.Write("InsertLifeEventRevision", kInsertEventRevision, EventParams(event)));
    return Ok();
  });
}

Status SqlCatalogueLists::EndLifeEventRevisions(std::string_view id, Date last_day) {
  return Guard("EndLifeEventRevisions", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Write("EndLifeEventRevisions", kEndEventRevisions,
                                  {std::string(id), last_day.ToString()}));
    return Ok();
  });
}

Result<std::vector<catalog::LifeEvent>> SqlCatalogueLists::ListLifeEventRevisions(
    std::string_view id) {
  return Guard("ListLifeEventRevisions", [&]() -> Result<std::vector<catalog::LifeEvent>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("ListLifeEventRevisions", kEventRevisions, {std::string(id)}));
    return Decode<catalog::LifeEvent>(r, EventFromRow);
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
