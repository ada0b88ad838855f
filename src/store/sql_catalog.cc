#include "sql_catalog.h"

#include <boost/json.hpp>

#include "json_fields.h"
#include "names.h"
#include "zt/catalog_json/catalog_json.h"

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

// ---- Item elements, versions and claims (migration 15) ----

constexpr std::string_view kPutElementsSqlite =
    "INSERT OR REPLACE INTO catalog_item_elements (item_id, elements) VALUES ($1, $2)";
constexpr std::string_view kPutElementsPostgres =
    "INSERT INTO catalog_item_elements (item_id, elements) VALUES ($1, $2) "
    "ON CONFLICT (item_id) DO UPDATE SET elements = EXCLUDED.elements";
constexpr std::string_view kFindElements =
    "SELECT elements FROM catalog_item_elements WHERE item_id = $1";

constexpr std::string_view kVersionColumns =
    "item_id, number, state, effective_from, effective_to, author_id, submitted_by, "
    "reviewed_by, review_note, content, created_at, updated_at";
constexpr std::string_view kInsertVersion =
    "INSERT INTO catalog_item_versions (item_id, number, state, effective_from, effective_to, "
    "author_id, submitted_by, reviewed_by, review_note, content, created_at, updated_at, code, "
    "region_code, department_id) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
constexpr std::string_view kUpdateVersion =
    "UPDATE catalog_item_versions SET state = $3, effective_from = $4, effective_to = $5, "
    "author_id = $6, submitted_by = $7, reviewed_by = $8, review_note = $9, content = $10, "
    "created_at = $11, updated_at = $12, code = $13, region_code = $14, department_id = $15 "
    "WHERE item_id = $1 AND number = $2";
// $1 date, $2/$3 region prefix range, $4 department; '' disables a filter.
constexpr std::string_view kVersionsInForceFilter =
    "WHERE state IN ('published', 'superseded', 'withdrawn') AND effective_from IS NOT NULL "
    "AND effective_from <= $1 AND (effective_to IS NULL OR effective_to >= $1) "
    "AND ($2 = '' OR (region_code >= $2 AND region_code < $3)) "
    "AND ($4 = '' OR department_id = $4) ORDER BY code, item_id, number";

constexpr std::string_view kClaimColumns =
    "standard_id, department_id, region_code, assigned_by, assigned_at, claimed_by, claimed_at";
constexpr std::string_view kPutClaimSqlite =
    "INSERT OR REPLACE INTO catalog_claims (standard_id, department_id, region_code, "
    "assigned_by, assigned_at, claimed_by, claimed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr std::string_view kPutClaimPostgres =
    "INSERT INTO catalog_claims (standard_id, department_id, region_code, assigned_by, "
    "assigned_at, claimed_by, claimed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
    "ON CONFLICT (standard_id, department_id) DO UPDATE SET region_code = EXCLUDED.region_code, "
    "assigned_by = EXCLUDED.assigned_by, assigned_at = EXCLUDED.assigned_at, "
    "claimed_by = EXCLUDED.claimed_by, claimed_at = EXCLUDED.claimed_at";
// $1 standard, $2/$3 region prefix range, $4 department; '' disables a filter.
constexpr std::string_view kClaimFilter =
    "WHERE ($1 = '' OR standard_id = $1) AND ($2 = '' OR (region_code >= $2 AND region_code < $3)) "
    "AND ($4 = '' OR department_id = $4) ORDER BY region_code, department_id, standard_id";

namespace json = boost::json;

// The stored form leaves a material's unset optional members out (catalog_json.h).
json::object ElementsJson(const catalog::ItemElements& e) {
  return catalog_json::ElementsJson(e, catalog_json::MaterialMembers::kSetOnly);
}

// Readers that fail (nullopt) on any member of the wrong type: a stored document is ours,
// so anything unexpected is corruption, not input.
struct JsonReader {
  const json::object* o = nullptr;
  bool ok = true;
  std::string Text(std::string_view key) {
    const json::value* v = o ? o->if_contains(key) : nullptr;
    if (v == nullptr || !v->is_string()) {
      ok = false;
      return {};
    }
    return std::string(v->get_string());
  }
  bool Bool(std::string_view key) {
    const json::value* v = o ? o->if_contains(key) : nullptr;
    if (v == nullptr || !v->is_bool()) {
      ok = false;
      return false;
    }
    return v->get_bool();
  }
  std::int64_t Int(std::string_view key) {
    const json::value* v = o ? o->if_contains(key) : nullptr;
    if (v == nullptr || !v->is_int64()) {
      ok = false;
      return 0;
    }
    return v->get_int64();
  }
  const json::array& Array(std::string_view key) {
    static const json::array kEmpty;
    const json::value* v = o ? o->if_contains(key) : nullptr;
    if (v == nullptr || !v->is_array()) {
      ok = false;
      return kEmpty;
    }
    return v->get_array();
  }
  std::vector<std::string> Strings(std::string_view key) {
    std::vector<std::string> out;
    for (const auto& e : Array(key)) {
      if (!e.is_string()) {
        ok = false;
        continue;
      }
      out.emplace_back(e.get_string());
    }
    return out;
  }
  std::vector<catalog::Material> Materials(std::string_view key) {
    const json::value* v = o ? o->if_contains(key) : nullptr;
    if (v == nullptr) {
      ok = false;
      return {};
    }
    auto m = MaterialsFromJson(json::serialize(*v));
    if (!m) {
      ok = false;
      return {};
    }
    return std::move(*m);
  }
};

std::optional<catalog::ItemElements> ElementsFromValue(const json::value& value) {
  if (!value.is_object()) return std::nullopt;
  JsonReader r{&value.get_object()};
  catalog::ItemElements e;
  auto tier = catalog::ParseItemTier(r.Text("tier"));
  e.parent_id = ItemId(r.Text("parent_id"));
  e.implementing_body = r.Text("implementing_body");
  e.implementing_body_credit_code = r.Text("implementing_body_credit_code");
  for (const auto& b : r.Array("legal_basis")) {
    JsonReader br{b.if_object()};
    e.legal_basis.push_back({br.Text("law"), br.Text("article"), br.Text("text")});
    r.ok = r.ok && br.ok;
  }
  e.conditions = r.Text("conditions");
  for (const auto& s : r.Array("situations")) {
    JsonReader sr{s.if_object()};
    e.situations.push_back({sr.Text("name"), sr.Text("description"), sr.Materials("materials")});
    r.ok = r.ok && sr.ok;
  }
  auto depth = catalog::ParseOnlineDepth(r.Text("online_depth"));
  e.onsite_visits = static_cast<int>(r.Int("onsite_visits"));
  for (const auto& f : r.Array("fees")) {
    JsonReader fr{f.if_object()};
    e.fees.push_back({fr.Text("name"), fr.Text("standard"), fr.Text("basis")});
    r.ok = r.ok && fr.ok;
  }
  e.channels = r.Strings("channels");
  e.windows = r.Strings("windows");
  e.one_window = r.Bool("one_window");
  e.tolerance = r.Bool("tolerance");
  e.notification_commitment = r.Bool("notification_commitment");
  if (!r.ok || !tier || !depth) return std::nullopt;
  e.tier = *tier;
  e.online_depth = *depth;
  return e;
}

std::string ContentJson(const catalog::ServiceItem& i) {
  return json::serialize(json::object{
      {"id", i.id.value()},
      {"code", i.code},
      {"name", i.name},
      {"type", StoredName(i.type)},
      {"department_id", i.department_id.value()},
      {"region_code", i.region_code},
      {"statutory_limit_wd", i.statutory_limit_wd},
      {"promised_limit_wd", i.promised_limit_wd},
      {"case_kind", StoredName(i.case_kind)},
      {"online", i.online},
      {"materials",
       catalog_json::MaterialsJson(i.materials, catalog_json::MaterialMembers::kSetOnly)},
      {"elements", ElementsJson(i.elements)}});
}

std::optional<catalog::ServiceItem> ContentFromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  JsonReader r{&v.get_object()};
  catalog::ServiceItem i;
  i.id = ItemId(r.Text("id"));
  i.code = r.Text("code");
  i.name = r.Text("name");
  auto type = ParseStoredItemType(r.Text("type"));
  i.department_id = DepartmentId(r.Text("department_id"));
  i.region_code = r.Text("region_code");
  i.statutory_limit_wd = static_cast<int>(r.Int("statutory_limit_wd"));
  i.promised_limit_wd = static_cast<int>(r.Int("promised_limit_wd"));
  auto kind = ParseStoredCaseKind(r.Text("case_kind"));
  i.online = r.Bool("online");
  i.materials = r.Materials("materials");
  const json::value* elements = v.get_object().if_contains("elements");
  std::optional<catalog::ItemElements> e =
      elements ? ElementsFromValue(*elements) : std::optional<catalog::ItemElements>();
  if (!r.ok || !type || !kind || !e) return std::nullopt;
  i.type = *type;
  i.case_kind = *kind;
  i.elements = std::move(*e);
  return i;
}

std::vector<Param> VersionParams(const catalog::ItemVersion& v) {
  return {v.item_id.value(),
          v.number,
          catalog::VersionStateName(v.state),
          OptDate(v.effective_from),
          OptDate(v.effective_to),
          v.author_id,
          v.submitted_by,
          v.reviewed_by,
          v.review_note,
          ContentJson(v.content),
          Millis(v.created_at),
          Millis(v.updated_at),
          v.content.code,
          v.content.region_code,
          v.content.department_id.value()};
}

Result<catalog::ItemVersion> VersionFromRow(const Row& row) {
  RowReader r(row);
  catalog::ItemVersion v;
  v.item_id = ItemId(r.Text());
  v.number = r.Int();
  auto state = catalog::ParseVersionState(r.Text());
  v.effective_from = r.OptDate();
  v.effective_to = r.OptDate();
  v.author_id = r.Text();
  v.submitted_by = r.Text();
  v.reviewed_by = r.Text();
  v.review_note = r.Text();
  std::optional<catalog::ServiceItem> content = ContentFromJson(r.Text());
  v.created_at = r.At();
  v.updated_at = r.At();
  if (!r.ok() || !state || !content) return Corrupt("ItemVersion");
  v.state = *state;
  v.content = std::move(*content);
  v.content.id = v.item_id;
  return v;
}

Result<catalog::Claim> ClaimFromRow(const Row& row) {
  RowReader r(row);
  catalog::Claim c;
  c.standard_id = r.Text();
  c.department_id = DepartmentId(r.Text());
  c.region_code = r.Text();
  c.assigned_by = r.Text();
  c.assigned_at = r.At();
  c.claimed_by = r.Text();
  c.claimed_at = r.OptAt();
  if (!r.ok()) return Corrupt("Claim");
  return c;
}

}  // namespace

Status SqlCatalogStore::PutItemElements(const ItemId& item, const catalog::ItemElements& elements) {
  return Guard("PutItemElements", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("PutItemElements"));
    std::string_view sql =
        sql_.dialect() == Dialect::kPostgres ? kPutElementsPostgres : kPutElementsSqlite;
    ZT_RETURN_IF_ERROR(sql_.Write("PutItemElements", sql,
                                  {item.value(), json::serialize(ElementsJson(elements))}));
    return Ok();
  });
}

Result<std::optional<catalog::ItemElements>> SqlCatalogStore::FindItemElements(const ItemId& item) {
  return Guard("FindItemElements", [&]() -> Result<std::optional<catalog::ItemElements>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("FindItemElements", kFindElements, {item.value()}));
    if (r.rows.empty()) return std::optional<catalog::ItemElements>();
    if (!r.rows[0][0]) return Corrupt("ItemElements");
    boost::system::error_code ec;
    json::value v = json::parse(*r.rows[0][0], ec);
    std::optional<catalog::ItemElements> e =
        ec ? std::optional<catalog::ItemElements>() : ElementsFromValue(v);
    if (!e) return Corrupt("ItemElements");
    return e;
  });
}

Result<std::vector<std::pair<ItemId, catalog::OnlineDepth>>> SqlCatalogStore::ItemOnlineDepths() {
  using Out = std::vector<std::pair<ItemId, catalog::OnlineDepth>>;
  return Guard("ItemOnlineDepths", [&]() -> Result<Out> {
    ZT_ASSIGN_OR_RETURN(
        QueryResult r,
        sql_.Read("ItemOnlineDepths", "SELECT item_id, elements FROM catalog_item_elements", {}));
    Out out;
    out.reserve(r.rows.size());
    for (const auto& row : r.rows) {
      if (!row[0] || !row[1]) return Corrupt("ItemElements");
      boost::system::error_code ec;
      json::value v = json::parse(*row[1], ec);
      const json::string* depth = ec || !v.is_object() ? nullptr
                                  : v.get_object().if_contains("online_depth")
                                      ? v.get_object().at("online_depth").if_string()
                                      : nullptr;
      auto parsed = depth ? catalog::ParseOnlineDepth(std::string_view(*depth))
                          : Result<catalog::OnlineDepth>(catalog::OnlineDepth::kInformation);
      if (!parsed) return Corrupt("ItemElements");
      out.emplace_back(ItemId(*row[0]), *parsed);
    }
    return out;
  });
}

Status SqlCatalogStore::InsertItemVersion(const catalog::ItemVersion& version) {
  return Guard("InsertItemVersion", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertItemVersion"));
    ZT_RETURN_IF_ERROR(sql_.Write("InsertItemVersion", kInsertVersion, VersionParams(version)));
    return Ok();
  });
}

Status SqlCatalogStore::UpdateItemVersion(const catalog::ItemVersion& version) {
  return Guard("UpdateItemVersion", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("UpdateItemVersion"));
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Write("UpdateItemVersion", kUpdateVersion, VersionParams(version)));
    if (r.affected == 0) {
      return Fail(ErrorCode::kNotFound, "item.version_not_found", "no such item version");
    }
    return Ok();
  });
}

Result<std::vector<catalog::ItemVersion>> SqlCatalogStore::ListItemVersions(const ItemId& item) {
  return Guard("ListItemVersions", [&]() -> Result<std::vector<catalog::ItemVersion>> {
    std::string sql = "SELECT " + std::string(kVersionColumns) +
                      " FROM catalog_item_versions WHERE item_id = $1 ORDER BY number";
    ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("ListItemVersions", sql, {item.value()}));
    return Decode<catalog::ItemVersion>(rows, VersionFromRow);
  });
}

Result<std::vector<catalog::ItemVersion>> SqlCatalogStore::VersionsInForce(
    const service::VersionsInForceQuery& q) {
  return Guard("VersionsInForce", [&]() -> Result<std::vector<catalog::ItemVersion>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    std::string sql = "SELECT " + std::string(kVersionColumns) + " FROM catalog_item_versions " +
                      std::string(kVersionsInForceFilter);
    ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("VersionsInForce", sql,
                                                    {q.date.ToString(), q.region_prefix, upper,
                                                     q.department_id.value()}));
    return Decode<catalog::ItemVersion>(rows, VersionFromRow);
  });
}

Result<std::vector<catalog::ItemVersion>> SqlCatalogStore::VersionsInState(
    catalog::VersionState state, std::string_view region_prefix, const DepartmentId& department) {
  return Guard("VersionsInState", [&]() -> Result<std::vector<catalog::ItemVersion>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(region_prefix));
    std::string sql = "SELECT " + std::string(kVersionColumns) +
                      " FROM catalog_item_versions WHERE state = $1 "
                      "AND ($2 = '' OR (region_code >= $2 AND region_code < $3)) "
                      "AND ($4 = '' OR department_id = $4) ORDER BY code, item_id, number";
    ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("VersionsInState", sql,
                                                    {catalog::VersionStateName(state),
                                                     region_prefix, upper, department.value()}));
    return Decode<catalog::ItemVersion>(rows, VersionFromRow);
  });
}

Status SqlCatalogStore::PutClaim(const catalog::Claim& c) {
  return Guard("PutClaim", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("PutClaim"));
    std::string_view sql =
        sql_.dialect() == Dialect::kPostgres ? kPutClaimPostgres : kPutClaimSqlite;
    ZT_RETURN_IF_ERROR(
        sql_.Write("PutClaim", sql,
                   {c.standard_id, c.department_id.value(), c.region_code, c.assigned_by,
                    Millis(c.assigned_at), c.claimed_by, OptInstant(c.claimed_at)}));
    return Ok();
  });
}

Result<std::optional<catalog::Claim>> SqlCatalogStore::FindClaim(std::string_view standard_id,
                                                                 const DepartmentId& department) {
  return Guard("FindClaim", [&]() -> Result<std::optional<catalog::Claim>> {
    std::string sql = "SELECT " + std::string(kClaimColumns) +
                      " FROM catalog_claims WHERE standard_id = $1 AND department_id = $2";
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("FindClaim", sql, {standard_id, department.value()}));
    return DecodeOne<catalog::Claim>(r, ClaimFromRow);
  });
}

Result<std::vector<catalog::Claim>> SqlCatalogStore::ListClaims(const service::ClaimQuery& q) {
  return Guard("ListClaims", [&]() -> Result<std::vector<catalog::Claim>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
    std::string sql = "SELECT " + std::string(kClaimColumns) + " FROM catalog_claims " +
                      std::string(kClaimFilter);
    ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("ListClaims", sql,
                                                    {q.standard_id, q.region_prefix, upper,
                                                     q.department_id.value()}));
    return Decode<catalog::Claim>(rows, ClaimFromRow);
  });
}

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
