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

constexpr std::string_view kDelegationColumns =
    "id, kind, item_ref, item_name, category_list, category_code, from_region, from_body, "
    "from_level, to_region, to_body, to_level, document_number, effective_from, "
    "effective_until, recorded_at, recorded_by";
constexpr std::string_view kInsertDelegation =
    "INSERT INTO catalog_delegations (id, kind, item_ref, item_name, category_list, "
    "category_code, from_region, from_body, from_level, to_region, to_body, to_level, "
    "document_number, effective_from, effective_until, recorded_at, recorded_by, seq) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)";
// $1/$2 region prefix range (giving or receiving side), $3 kind, $4 category, $5 document,
// $6 item; '' disables a filter.
constexpr std::string_view kDelegationFilter =
    "WHERE ($1 = '' OR (from_region >= $1 AND from_region < $2) "
    "OR (to_region >= $1 AND to_region < $2)) AND ($3 = '' OR kind = $3) "
    "AND ($4 = '' OR category_code = $4) AND ($5 = '' OR document_number = $5) "
    "AND ($6 = '' OR item_ref = $6) ";
constexpr std::string_view kOrderDelegations = "ORDER BY recorded_at, seq, id ";

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

std::vector<Param> DelegationParams(const catalog::DelegationEntry& e, int position) {
  const catalog::DelegationParty none;
  const catalog::DelegationParty& to = e.to ? *e.to : none;
  return {e.id,
          catalog::DelegationKindName(e.kind),
          e.item_ref,
          e.item_name,
          e.category_list,
          e.category_code,
          e.from.region_code,
          e.from.body,
          catalog::LevelName(e.from.level),
          to.region_code,
          to.body,
          e.to ? catalog::LevelName(to.level) : std::string_view(),
          e.document_number,
          e.effective_from.ToString(),
          OptDate(e.effective_until),
          Millis(e.recorded_at),
          e.recorded_by,
          position};
}

Result<catalog::DelegationEntry> DelegationFromRow(const Row& row) {
  RowReader r(row);
  catalog::DelegationEntry e;
  e.id = r.Text();
  auto kind = catalog::ParseDelegationKind(r.Text());
  e.item_ref = r.Text();
  e.item_name = r.Text();
  e.category_list = r.Text();
  e.category_code = r.Text();
  e.from.region_code = r.Text();
  e.from.body = r.Text();
  std::optional<catalog::Level> from_level = ParseStoredLevel(r.Text());
  std::string to_region = r.Text();
  std::string to_body = r.Text();
  std::string to_level_name = r.Text();
  e.document_number = r.Text();
  auto from = ParseDate(r.Text());
  e.effective_until = r.OptDate();
  e.recorded_at = r.At();
  e.recorded_by = r.Text();
  if (!r.ok() || !kind || !from_level || !from) return Corrupt("DelegationEntry");
  e.kind = *kind;
  e.from.level = *from_level;
  e.effective_from = *from;
  if (!to_level_name.empty()) {
    std::optional<catalog::Level> to_level = ParseStoredLevel(to_level_name);
    if (!to_level) return Corrupt("DelegationEntry");
    e.to = catalog::DelegationParty{std::move(to_region), std::move(to_body), *to_level};
  }
  return e;
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

Status SqlCatalogStore::InsertDelegation(const catalog::DelegationEntry& entry, int position) {
  return Guard("InsertDelegation", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertDelegation"));
    ZT_RETURN_IF_ERROR(
        sql_.Write("InsertDelegation", kInsertDelegation, DelegationParams(entry, position)));
    return Ok();
  });
}

Result<service::Page<catalog::DelegationEntry>> SqlCatalogStore::ListDelegations(
    const service::DelegationQuery& q) {
  return Guard("ListDelegations", [&]() -> Result<service::Page<catalog::DelegationEntry>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    std::vector<Param> params = {
        q.region_prefix,
        upper,
        q.kind ? std::string(catalog::DelegationKindName(*q.kind)) : std::string(),
        q.category_code,
        q.document_number,
        q.item_ref};
    std::string count_sql =
        "SELECT COUNT(*) FROM catalog_delegations " + std::string(kDelegationFilter);
    ZT_ASSIGN_OR_RETURN(QueryResult count, sql_.Read("ListDelegations", count_sql, params));
    service::Page<catalog::DelegationEntry> page;
    ZT_ASSIGN_OR_RETURN(page.total, SingleInt("ListDelegations", count));
    params.emplace_back(ClampLimit(q.limit));
    params.emplace_back(ClampOffset(q.offset));
    std::string list_sql = "SELECT " + std::string(kDelegationColumns) +
                           " FROM catalog_delegations " + std::string(kDelegationFilter) +
                           std::string(kOrderDelegations) + "LIMIT $7 OFFSET $8";
    ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("ListDelegations", list_sql, params));
    ZT_ASSIGN_OR_RETURN(page.items, Decode<catalog::DelegationEntry>(rows, DelegationFromRow));
    return page;
  });
}

Result<std::vector<catalog::DelegationEntry>> SqlCatalogStore::DelegationLedger(
    std::string_view region_prefix) {
  return Guard("DelegationLedger", [&]() -> Result<std::vector<catalog::DelegationEntry>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(region_prefix));
    std::string sql = "SELECT " + std::string(kDelegationColumns) + " FROM catalog_delegations " +
                      std::string(kDelegationFilter) + std::string(kOrderDelegations);
    ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("DelegationLedger", sql,
                                                    {region_prefix, upper, std::string(),
                                                     std::string(), std::string(), std::string()}));
    return Decode<catalog::DelegationEntry>(rows, DelegationFromRow);
  });
}

}  // namespace zt::store::internal
