#include "sql_catalog.h"

#include <boost/json.hpp>

#include "names.h"

namespace zt::store::internal {
namespace {

constexpr std::string_view kStandardColumns =
    "id, basic_code, name, type, competent_department, legal_basis, statutory_limit_wd, level, "
    "region_code, version, created_at, updated_at";

constexpr std::string_view kInsertStandard =
    "INSERT INTO standard_items (id, basic_code, name, type, competent_department, legal_basis, "
    "statutory_limit_wd, level, region_code, version, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
constexpr std::string_view kUpdateStandard =
    "UPDATE standard_items SET basic_code = $2, name = $3, type = $4, competent_department = $5, "
    "legal_basis = $6, statutory_limit_wd = $7, level = $8, region_code = $9, version = $10, "
    "created_at = $11, updated_at = $12 WHERE id = $1 AND version = $13";
constexpr std::string_view kStandardExists = "SELECT 1 FROM standard_items WHERE id = $1";
constexpr std::string_view kFindStandard =
    "SELECT id, basic_code, name, type, competent_department, legal_basis, statutory_limit_wd, "
    "level, region_code, version, created_at, updated_at FROM standard_items WHERE id = $1";
// $1 text (name or basic code), $2/$3 region prefix range; '' disables a filter.
constexpr std::string_view kStandardFilter =
    "WHERE ($1 = '' OR strpos(name, $1) > 0 OR strpos(lower(basic_code), lower($1)) > 0) "
    "AND ($2 = '' OR (region_code >= $2 AND region_code < $3)) ";
constexpr std::string_view kOrderStandards = "ORDER BY basic_code, id LIMIT $4 OFFSET $5";

constexpr std::string_view kPutImplementationSqlite =
    "INSERT OR REPLACE INTO item_implementations (item_id, standard_id, standard_version, "
    "region_code, level, basic_code, competent_department, legal_basis, address, office_hours, "
    "windows) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
constexpr std::string_view kPutImplementationPostgres =
    "INSERT INTO item_implementations (item_id, standard_id, standard_version, region_code, "
    "level, basic_code, competent_department, legal_basis, address, office_hours, windows) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (item_id) DO UPDATE SET "
    "standard_id = EXCLUDED.standard_id, standard_version = EXCLUDED.standard_version, "
    "region_code = EXCLUDED.region_code, level = EXCLUDED.level, "
    "basic_code = EXCLUDED.basic_code, competent_department = EXCLUDED.competent_department, "
    "legal_basis = EXCLUDED.legal_basis, address = EXCLUDED.address, "
    "office_hours = EXCLUDED.office_hours, windows = EXCLUDED.windows";
constexpr std::string_view kFindImplementation =
    "SELECT item_id, standard_id, standard_version, region_code, level, basic_code, "
    "competent_department, legal_basis, address, office_hours, windows "
    "FROM item_implementations WHERE item_id = $1";
constexpr std::string_view kListImplementations =
    "SELECT item_id, standard_id, standard_version, region_code, level, basic_code, "
    "competent_department, legal_basis, address, office_hours, windows "
    "FROM item_implementations WHERE ($1 = '' OR standard_id = $1) "
    "AND ($2 = '' OR (region_code >= $2 AND region_code < $3)) ORDER BY region_code, item_id";

std::optional<catalog::Level> ParseStoredLevel(std::string_view name) {
  auto level = catalog::ParseLevel(name);
  return level ? std::optional<catalog::Level>(*level) : std::nullopt;
}

std::string WindowsToJson(const std::vector<std::string>& windows) {
  boost::json::array out;
  for (const auto& w : windows) out.emplace_back(w);
  return boost::json::serialize(out);
}

std::optional<std::vector<std::string>> WindowsFromJson(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& e : v.as_array()) {
    if (!e.is_string()) return std::nullopt;
    out.emplace_back(e.as_string());
  }
  return out;
}

std::vector<Param> StandardParams(const catalog::StandardItem& s) {
  return {s.id,
          s.basic_code,
          s.name,
          StoredName(s.type),
          s.competent_department,
          s.legal_basis,
          s.statutory_limit_wd,
          catalog::LevelName(s.level),
          s.region_code,
          s.version,
          Millis(s.created_at),
          Millis(s.updated_at)};
}

Result<catalog::StandardItem> StandardFromRow(const Row& row) {
  RowReader r(row);
  catalog::StandardItem s;
  s.id = r.Text();
  s.basic_code = r.Text();
  s.name = r.Text();
  std::optional<catalog::ItemType> type = ParseStoredItemType(r.Text());
  s.competent_department = r.Text();
  s.legal_basis = r.Text();
  s.statutory_limit_wd = static_cast<int>(r.Int());
  std::optional<catalog::Level> level = ParseStoredLevel(r.Text());
  s.region_code = r.Text();
  s.version = r.Int();
  s.created_at = r.At();
  s.updated_at = r.At();
  if (!r.ok() || !type || !level) return Corrupt("StandardItem");
  s.type = *type;
  s.level = *level;
  return s;
}

Result<catalog::Implementation> ImplementationFromRow(const Row& row) {
  RowReader r(row);
  catalog::Implementation impl;
  impl.item_id = ItemId(r.Text());
  impl.standard_id = r.Text();
  impl.standard_version = r.Int();
  impl.region_code = r.Text();
  std::optional<catalog::Level> level = ParseStoredLevel(r.Text());
  impl.basic_code = r.Text();
  impl.competent_department = r.Text();
  impl.legal_basis = r.Text();
  impl.address = r.Text();
  impl.office_hours = r.Text();
  std::optional<std::vector<std::string>> windows = WindowsFromJson(r.Text());
  if (!r.ok() || !level || !windows) return Corrupt("Implementation");
  impl.level = *level;
  impl.windows = std::move(*windows);
  return impl;
}

}  // namespace

Status SqlCatalogStore::InsertStandard(const catalog::StandardItem& s) {
  return Guard("InsertStandard", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertStandard"));
    ZT_RETURN_IF_ERROR(sql_.Write("InsertStandard", kInsertStandard, StandardParams(s)));
    return Ok();
  });
}

Status SqlCatalogStore::UpdateStandard(const catalog::StandardItem& s,
                                       std::int64_t expected_version) {
  return Guard("UpdateStandard", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("UpdateStandard"));
    std::vector<Param> params = StandardParams(s);
    params.emplace_back(expected_version);
    return sql_.CheckedUpdate("UpdateStandard", kUpdateStandard, params, kStandardExists, s.id);
  });
}

Result<std::optional<catalog::StandardItem>> SqlCatalogStore::FindStandard(std::string_view id) {
  return Guard("FindStandard", [&]() -> Result<std::optional<catalog::StandardItem>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindStandard", kFindStandard, {id}));
    return DecodeOne<catalog::StandardItem>(r, StandardFromRow);
  });
}

Result<service::Page<catalog::StandardItem>> SqlCatalogStore::ListStandards(
    const service::StandardQuery& q) {
  return Guard("ListStandards", [&]() -> Result<service::Page<catalog::StandardItem>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    std::vector<Param> params = {q.text, q.region_prefix, upper};
    std::string count_sql = "SELECT COUNT(*) FROM standard_items " + std::string(kStandardFilter);
    ZT_ASSIGN_OR_RETURN(QueryResult count, sql_.Read("ListStandards", count_sql, params));
    service::Page<catalog::StandardItem> page;
    ZT_ASSIGN_OR_RETURN(page.total, SingleInt("ListStandards", count));
    params.emplace_back(ClampLimit(q.limit));
    params.emplace_back(ClampOffset(q.offset));
    std::string list_sql = "SELECT " + std::string(kStandardColumns) + " FROM standard_items " +
                           std::string(kStandardFilter) + std::string(kOrderStandards);
    ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("ListStandards", list_sql, params));
    ZT_ASSIGN_OR_RETURN(page.items, Decode<catalog::StandardItem>(rows, StandardFromRow));
    return page;
  });
}

Status SqlCatalogStore::PutImplementation(const catalog::Implementation& impl) {
  return Guard("PutImplementation", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("PutImplementation"));
    std::string_view sql = sql_.dialect() == Dialect::kPostgres ? kPutImplementationPostgres
                                                                : kPutImplementationSqlite;
    ZT_RETURN_IF_ERROR(sql_.Write(
        "PutImplementation", sql,
        {impl.item_id.value(), impl.standard_id, impl.standard_version, impl.region_code,
         catalog::LevelName(impl.level), impl.basic_code, impl.competent_department,
         impl.legal_basis, impl.address, impl.office_hours, WindowsToJson(impl.windows)}));
    return Ok();
  });
}

Result<std::optional<catalog::Implementation>> SqlCatalogStore::FindImplementation(
    const ItemId& item) {
  return Guard("FindImplementation", [&]() -> Result<std::optional<catalog::Implementation>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("FindImplementation", kFindImplementation, {item.value()}));
    return DecodeOne<catalog::Implementation>(r, ImplementationFromRow);
  });
}

Result<std::vector<catalog::Implementation>> SqlCatalogStore::ListImplementations(
    const service::ImplementationQuery& q) {
  return Guard("ListImplementations", [&]() -> Result<std::vector<catalog::Implementation>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("ListImplementations", kListImplementations,
                                                    {q.standard_id, q.region_prefix, upper}));
    return Decode<catalog::Implementation>(rows, ImplementationFromRow);
  });
}

}  // namespace zt::store::internal
