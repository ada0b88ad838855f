#include "sql_licences.h"

#include <boost/json.hpp>

#include "personal_data.h"

namespace zt::store::internal {
namespace {

namespace json = boost::json;
using licence::LicenceStatus;
using licence::LicenceType;
using service::LicenceKeyRecord;
using service::LicenceRecord;
using service::LicenceStatusChange;
using service::LicenceUse;
using service::OrganisationRepresentative;

constexpr std::string_view kTypeColumns =
    "SELECT code, name, department_id, holder_kind, fields, validity_years, opened, "
    "historical_declared, version, item_codes FROM licence_types ";
constexpr std::string_view kInsertType =
    "INSERT INTO licence_types (code, name, department_id, holder_kind, fields, validity_years, "
    "opened, historical_declared, version, created_at, updated_at, item_codes) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)";
constexpr std::string_view kUpdateType =
    "UPDATE licence_types SET name = $2, department_id = $3, holder_kind = $4, fields = $5, "
    "validity_years = $6, opened = $7, historical_declared = $8, version = $9, updated_at = $10, "
    "item_codes = $11 WHERE code = $1 AND version = $12";
constexpr std::string_view kTypeExists = "SELECT 1 FROM licence_types WHERE code = $1";

constexpr std::string_view kKeyColumns =
    "SELECT key_id, algorithm, public_key_pem, sealed_private_key, valid_from, valid_until, "
    "created_at FROM licence_keys ";
constexpr std::string_view kInsertKey =
    "INSERT INTO licence_keys (key_id, algorithm, public_key_pem, sealed_private_key, valid_from, "
    "valid_until, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr std::string_view kRetireKeys =
    "UPDATE licence_keys SET valid_until = $2 WHERE algorithm = $1 AND valid_until IS NULL";

constexpr std::string_view kLicenceColumns =
    "SELECT id, type_code, type_name, number, holder_kind, holder_name, holder_id, issuer_name, "
    "issuer_code, region_code, issue_date, valid_from, valid_until, issued_at, fields, "
    "department_id, status, status_index, key_id, algorithm, content_digest, signature, source, "
    "case_id, version, updated_at FROM licences ";
constexpr std::string_view kInsertLicence =
    "INSERT INTO licences (id, type_code, type_name, number, holder_kind, holder_name, holder_id, "
    "issuer_name, issuer_code, region_code, issue_date, valid_from, valid_until, issued_at, "
    "fields, department_id, status, status_index, key_id, algorithm, content_digest, signature, "
    "source, case_id, version, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
    "$12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)";
constexpr std::string_view kUpdateLicenceStatus =
    "UPDATE licences SET status = $2, version = $3, updated_at = $4 WHERE id = $1 AND version = $5";
constexpr std::string_view kLicenceExists = "SELECT 1 FROM licences WHERE id = $1";
// '' disables a filter: $1 holder, $2 type, $3 department, $4 status.
constexpr std::string_view kLicenceFilter =
    "WHERE ($1 = '' OR substr(holder_id, 1, 70) = $1) AND ($2 = '' OR type_code = $2) "
    "AND ($3 = '' OR department_id = $3) AND ($4 = '' OR status = $4) ";
constexpr std::string_view kLicenceOrder = "ORDER BY issued_at DESC, id LIMIT $5 OFFSET $6";
constexpr std::string_view kStatusIndices =
    "SELECT status_index FROM licences WHERE status = $1 ORDER BY status_index";

constexpr std::string_view kInsertStatusChange =
    "INSERT INTO licence_status_changes (licence_id, at, action, from_status, to_status, reason, "
    "reference, actor_id, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr std::string_view kListStatusChanges =
    "SELECT licence_id, at, action, from_status, to_status, reason, reference, actor_id, "
    "version FROM licence_status_changes WHERE licence_id = $1 ORDER BY version";

constexpr std::string_view kRepresentativeColumns =
    "SELECT id, credit_code, organisation_name, id_number, person_name, capacity, evidence, "
    "valid_until, region_code, department_id, recorded_by, recorded_at, ended_at, ended_by, "
    "end_reason, version FROM organisation_representatives ";
constexpr std::string_view kInsertRepresentative =
    "INSERT INTO organisation_representatives (id, credit_code, organisation_name, id_number, "
    "person_name, capacity, evidence, valid_until, region_code, department_id, recorded_by, "
    "recorded_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
constexpr std::string_view kEndRepresentative =
    "UPDATE organisation_representatives SET ended_at = $2, ended_by = $3, end_reason = $4, "
    "version = $5 WHERE id = $1 AND version = $6 AND ended_at IS NULL";
constexpr std::string_view kRepresentativeExists =
    "SELECT 1 FROM organisation_representatives WHERE id = $1";

constexpr std::string_view kUseColumns =
    "SELECT id, licence_id, case_id, receipt_no, material_name, holder_id, type_code, "
    "department_id, item_id, agreed_by, at FROM licence_uses ";
constexpr std::string_view kInsertUse =
    "INSERT INTO licence_uses (id, licence_id, case_id, receipt_no, material_name, holder_id, "
    "type_code, department_id, item_id, agreed_by, at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

constexpr std::string_view kCountByType =
    "SELECT type_code, COUNT(*), "
    "SUM(CASE WHEN source = 'historical' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN issued_at >= $1 AND issued_at < $2 THEN 1 ELSE 0 END) "
    "FROM licences GROUP BY type_code ORDER BY type_code";

std::string FieldSpecsToJson(const std::vector<licence::FieldSpec>& fields) {
  json::array a;
  for (const auto& f : fields) {
    a.push_back(json::object{{"name", f.name},
                             {"label", f.label},
                             {"kind", licence::FieldKindName(f.kind)},
                             {"required", f.required},
                             {"max_length", f.max_length}});
  }
  return json::serialize(a);
}

bool FieldSpecsFromJson(std::string_view text, std::vector<licence::FieldSpec>& out) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return false;
  for (const auto& e : v.as_array()) {
    const json::object* o = e.if_object();
    if (o == nullptr) return false;
    licence::FieldSpec f;
    const auto* name = o->if_contains("name");
    const auto* label = o->if_contains("label");
    const auto* kind = o->if_contains("kind");
    const auto* required = o->if_contains("required");
    const auto* max = o->if_contains("max_length");
    if (!name || !name->is_string() || !label || !label->is_string() || !kind ||
        !kind->is_string() || !required || !required->is_bool() || !max || !max->is_int64()) {
      return false;
    }
    auto k = licence::ParseFieldKind(kind->as_string());
    if (!k) return false;
    f.name = name->as_string();
    f.label = label->as_string();
    f.kind = *k;
    f.required = required->as_bool();
    f.max_length = static_cast<int>(max->as_int64());
    out.push_back(std::move(f));
  }
  return true;
}

std::string FieldsToJson(const std::map<std::string, std::string>& fields) {
  json::object o;
  for (const auto& [k, v] : fields) o[k] = v;
  return json::serialize(o);
}

bool FieldsFromJson(std::string_view text, std::map<std::string, std::string>& out) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return false;
  for (const auto& [k, val] : v.as_object()) {
    if (!val.is_string()) return false;
    out[std::string(k)] = std::string(val.as_string());
  }
  return true;
}

std::string ItemCodesToJson(const std::vector<std::string>& codes) {
  json::array a;
  for (const auto& c : codes) a.emplace_back(c);
  return json::serialize(a);
}

bool ItemCodesFromJson(std::string_view text, std::vector<std::string>& out) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return false;
  for (const auto& e : v.as_array()) {
    if (!e.is_string()) return false;
    out.emplace_back(e.as_string());
  }
  return true;
}

std::vector<Param> TypeParams(const LicenceType& t, Instant now) {
  return {t.code,
          t.name,
          t.department_id,
          licence::HolderKindName(t.holder_kind),
          FieldSpecsToJson(t.fields),
          t.validity_years,
          t.opened,
          t.historical_declared,
          t.version,
          Millis(now),
          ItemCodesToJson(t.item_codes)};
}

Result<LicenceType> TypeFromRow(const Row& row) {
  RowReader r(row);
  LicenceType t;
  t.code = r.Text();
  t.name = r.Text();
  t.department_id = r.Text();
  auto kind = licence::ParseHolderKind(r.Text());
  std::string fields = r.Text();
  t.validity_years = static_cast<int>(r.Int());
  t.opened = r.Bool();
  t.historical_declared = r.Int();
  t.version = r.Int();
  std::string items = r.Text();
  if (!r.ok() || !kind || !FieldSpecsFromJson(fields, t.fields) ||
      !ItemCodesFromJson(items, t.item_codes)) {
    return Corrupt("licence type");
  }
  t.holder_kind = *kind;
  return t;
}

Result<LicenceKeyRecord> KeyFromRow(const Row& row) {
  RowReader r(row);
  LicenceKeyRecord k;
  k.key_id = r.Text();
  k.algorithm = r.Text();
  k.public_key_pem = r.Text();
  k.sealed_private_key = r.Text();
  k.valid_from = r.At();
  k.valid_until = r.OptAt();
  k.created_at = r.At();
  if (!r.ok()) return Corrupt("licence key");
  return k;
}

Result<LicenceRecord> LicenceFromRow(const Row& row) {
  RowReader r(row);
  LicenceRecord l;
  auto& c = l.content;
  c.id = r.Text();
  c.type_code = r.Text();
  c.type_name = r.Text();
  c.number = r.Text();
  auto kind = licence::ParseHolderKind(r.Text());
  c.holder_name = r.Text();
  ZT_ASSIGN_OR_RETURN(c.holder_id, OpenField(r.Text()));
  c.issuer_name = r.Text();
  c.issuer_code = r.Text();
  c.region_code = r.Text();
  auto issue_date = ParseDate(r.Text());
  auto valid_from = ParseDate(r.Text());
  c.valid_until = r.OptDate();
  c.issued_at = r.At();
  std::string fields = r.Text();
  l.department_id = r.Text();
  auto status = licence::ParseStatus(r.Text());
  l.status_index = r.Int();
  c.status_index = l.status_index;
  l.key_id = r.Text();
  l.algorithm = r.Text();
  l.content_digest = r.Text();
  l.signature = r.Text();
  l.source = r.Text();
  l.case_id = r.Text();
  l.version = r.Int();
  l.updated_at = r.At();
  if (!r.ok() || !kind || !issue_date || !valid_from || !status ||
      !FieldsFromJson(fields, c.fields)) {
    return Corrupt("licence");
  }
  c.holder_kind = *kind;
  c.issue_date = *issue_date;
  c.valid_from = *valid_from;
  l.status = *status;
  return l;
}

Result<LicenceUse> UseFromRow(const Row& row) {
  RowReader r(row);
  LicenceUse u;
  u.id = r.Text();
  u.licence_id = r.Text();
  u.case_id = r.Text();
  u.receipt_no = r.Text();
  u.material_name = r.Text();
  ZT_ASSIGN_OR_RETURN(u.holder_id, OpenField(r.Text()));
  u.type_code = r.Text();
  u.department_id = r.Text();
  u.item_id = r.Text();
  u.agreed_by = r.Text();
  u.at = r.At();
  if (!r.ok()) return Corrupt("licence use");
  return u;
}

Result<OrganisationRepresentative> RepresentativeFromRow(const Row& row) {
  RowReader r(row);
  OrganisationRepresentative o;
  o.id = r.Text();
  o.credit_code = r.Text();
  o.organisation_name = r.Text();
  ZT_ASSIGN_OR_RETURN(o.id_number, OpenField(r.Text()));
  o.person_name = r.Text();
  o.capacity = r.Text();
  o.evidence = r.Text();
  o.valid_until = r.OptDate();
  o.region_code = r.Text();
  o.department_id = r.Text();
  o.recorded_by = r.Text();
  o.recorded_at = r.At();
  o.ended_at = r.OptAt();
  o.ended_by = r.Text();
  o.end_reason = r.Text();
  o.version = r.Int();
  if (!r.ok()) return Corrupt("organisation representative");
  return o;
}

std::string Q(std::string_view a, std::string_view b) {
  std::string s(a);
  s.append(b);
  return s;
}

}  // namespace

Status SqlLicenceStore::InsertType(const LicenceType& type, Instant now) {
  return Guard("InsertLicenceType", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertLicenceType"));
    std::vector<Param> p = TypeParams(type, now);
    ZT_RETURN_IF_ERROR(sql_.Write("InsertLicenceType", kInsertType, p));
    return Ok();
  });
}

Status SqlLicenceStore::UpdateType(const LicenceType& type, std::int64_t expected_version,
                                   Instant now) {
  return Guard("UpdateLicenceType", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("UpdateLicenceType"));
    std::vector<Param> p = TypeParams(type, now);
    p.emplace_back(expected_version);
    return sql_.CheckedUpdate("UpdateLicenceType", kUpdateType, p, kTypeExists, type.code);
  });
}

Result<std::optional<LicenceType>> SqlLicenceStore::FindType(std::string_view code) {
  return Guard("FindLicenceType", [&]() -> Result<std::optional<LicenceType>> {
    static const std::string sql = Q(kTypeColumns, "WHERE code = $1");
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindLicenceType", sql, {code}));
    return DecodeOne<LicenceType>(r, TypeFromRow);
  });
}

Result<std::vector<LicenceType>> SqlLicenceStore::ListTypes(std::string_view department_id) {
  return Guard("ListLicenceTypes", [&]() -> Result<std::vector<LicenceType>> {
    static const std::string sql =
        Q(kTypeColumns, "WHERE ($1 = '' OR department_id = $1) ORDER BY code");
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ListLicenceTypes", sql, {department_id}));
    return Decode<LicenceType>(r, TypeFromRow);
  });
}

Status SqlLicenceStore::InsertKey(const LicenceKeyRecord& k) {
  return Guard("InsertLicenceKey", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertLicenceKey"));
    ZT_RETURN_IF_ERROR(
        sql_.Write("InsertLicenceKey", kInsertKey,
                   {k.key_id, k.algorithm, k.public_key_pem, k.sealed_private_key,
                    Millis(k.valid_from), OptInstant(k.valid_until), Millis(k.created_at)}));
    return Ok();
  });
}

Status SqlLicenceStore::RetireKeys(std::string_view algorithm, Instant until) {
  return Guard("RetireLicenceKeys", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("RetireLicenceKeys"));
    ZT_RETURN_IF_ERROR(sql_.Write("RetireLicenceKeys", kRetireKeys, {algorithm, Millis(until)}));
    return Ok();
  });
}

Result<std::vector<LicenceKeyRecord>> SqlLicenceStore::ListKeys() {
  return Guard("ListLicenceKeys", [&]() -> Result<std::vector<LicenceKeyRecord>> {
    static const std::string sql = Q(kKeyColumns, "ORDER BY valid_from, key_id");
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ListLicenceKeys", sql, {}));
    return Decode<LicenceKeyRecord>(r, KeyFromRow);
  });
}

Result<std::optional<LicenceKeyRecord>> SqlLicenceStore::FindKey(std::string_view key_id) {
  return Guard("FindLicenceKey", [&]() -> Result<std::optional<LicenceKeyRecord>> {
    static const std::string sql = Q(kKeyColumns, "WHERE key_id = $1");
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindLicenceKey", sql, {key_id}));
    return DecodeOne<LicenceKeyRecord>(r, KeyFromRow);
  });
}

Status SqlLicenceStore::InsertLicence(const LicenceRecord& l) {
  return Guard("InsertLicence", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertLicence"));
    const auto& c = l.content;
    std::vector<Param> p{c.id,
                         c.type_code,
                         c.type_name,
                         c.number,
                         licence::HolderKindName(c.holder_kind),
                         c.holder_name,
                         SealIndexedField(c.holder_id),
                         c.issuer_name,
                         c.issuer_code,
                         c.region_code,
                         c.issue_date.ToString(),
                         c.valid_from.ToString(),
                         OptDate(c.valid_until),
                         Millis(c.issued_at),
                         FieldsToJson(c.fields),
                         l.department_id,
                         licence::StatusName(l.status),
                         l.status_index,
                         l.key_id,
                         l.algorithm,
                         l.content_digest,
                         l.signature,
                         l.source,
                         l.case_id.empty() ? Param::Null() : Param(l.case_id),
                         l.version,
                         Millis(l.updated_at)};
    ZT_RETURN_IF_ERROR(sql_.Write("InsertLicence", kInsertLicence, p));
    return Ok();
  });
}

Status SqlLicenceStore::UpdateLicenceStatus(std::string_view id, LicenceStatus status,
                                            std::int64_t expected_version, Instant now) {
  return Guard("UpdateLicenceStatus", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("UpdateLicenceStatus"));
    std::vector<Param> p{id, licence::StatusName(status), expected_version + 1, Millis(now),
                         expected_version};
    return sql_.CheckedUpdate("UpdateLicenceStatus", kUpdateLicenceStatus, p, kLicenceExists,
                              std::string(id));
  });
}

Result<std::optional<LicenceRecord>> SqlLicenceStore::FindLicence(std::string_view id) {
  return Guard("FindLicence", [&]() -> Result<std::optional<LicenceRecord>> {
    static const std::string sql = Q(kLicenceColumns, "WHERE id = $1");
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindLicence", sql, {id}));
    return DecodeOne<LicenceRecord>(r, LicenceFromRow);
  });
}

Result<std::optional<LicenceRecord>> SqlLicenceStore::FindLicenceByCase(std::string_view case_id) {
  return Guard("FindLicenceByCase", [&]() -> Result<std::optional<LicenceRecord>> {
    static const std::string sql = Q(kLicenceColumns, "WHERE case_id = $1");
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindLicenceByCase", sql, {case_id}));
    return DecodeOne<LicenceRecord>(r, LicenceFromRow);
  });
}

Result<service::Page<LicenceRecord>> SqlLicenceStore::ListLicences(const service::LicenceQuery& q) {
  return Guard("ListLicences", [&]() -> Result<service::Page<LicenceRecord>> {
    static const std::string count_sql = Q("SELECT COUNT(*) FROM licences ", kLicenceFilter);
    static const std::string list_sql = Q(Q(kLicenceColumns, kLicenceFilter), kLicenceOrder);
    std::vector<Param> p{FieldIndexPrefix(q.holder_id), q.type_code, q.department_id, q.status};
    ZT_ASSIGN_OR_RETURN(QueryResult count, sql_.Read("ListLicences", count_sql, p));
    service::Page<LicenceRecord> page;
    ZT_ASSIGN_OR_RETURN(page.total, SingleInt("ListLicences", count));
    p.emplace_back(ClampLimit(q.limit));
    p.emplace_back(ClampOffset(q.offset));
    ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("ListLicences", list_sql, p));
    ZT_ASSIGN_OR_RETURN(page.items, Decode<LicenceRecord>(rows, LicenceFromRow));
    return page;
  });
}

Result<std::vector<std::int64_t>> SqlLicenceStore::StatusIndices(LicenceStatus status) {
  return Guard("LicenceStatusIndices", [&]() -> Result<std::vector<std::int64_t>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("LicenceStatusIndices", kStatusIndices,
                                                 {licence::StatusName(status)}));
    std::vector<std::int64_t> out;
    out.reserve(r.rows.size());
    for (const Row& row : r.rows) {
      RowReader reader(row);
      out.push_back(reader.Int());
      if (!reader.ok()) return Corrupt("LicenceStatusIndices");
    }
    return out;
  });
}

Status SqlLicenceStore::InsertStatusChange(const LicenceStatusChange& c) {
  return Guard("InsertLicenceStatusChange", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertLicenceStatusChange"));
    ZT_RETURN_IF_ERROR(sql_.Write("InsertLicenceStatusChange", kInsertStatusChange,
                                  {c.licence_id, Millis(c.at), c.action, c.from_status, c.to_status,
                                   c.reason, c.reference, c.actor_id, c.version}));
    return Ok();
  });
}

Result<std::vector<LicenceStatusChange>> SqlLicenceStore::ListStatusChanges(
    std::string_view licence_id) {
  return Guard("ListLicenceStatusChanges", [&]() -> Result<std::vector<LicenceStatusChange>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("ListLicenceStatusChanges", kListStatusChanges, {licence_id}));
    return Decode<LicenceStatusChange>(r, [](const Row& row) -> Result<LicenceStatusChange> {
      RowReader reader(row);
      LicenceStatusChange c;
      c.licence_id = reader.Text();
      c.at = reader.At();
      c.action = reader.Text();
      c.from_status = reader.Text();
      c.to_status = reader.Text();
      c.reason = reader.Text();
      c.reference = reader.Text();
      c.actor_id = reader.Text();
      c.version = reader.Int();
      if (!reader.ok()) return Corrupt("licence status change");
      return c;
    });
  });
}

Status SqlLicenceStore::InsertUse(const LicenceUse& u) {
  return Guard("InsertLicenceUse", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertLicenceUse"));
    ZT_RETURN_IF_ERROR(sql_.Write("InsertLicenceUse", kInsertUse,
                                  {u.id, u.licence_id, u.case_id, u.receipt_no, u.material_name,
                                   SealIndexedField(u.holder_id), u.type_code, u.department_id,
                                   u.item_id, u.agreed_by, Millis(u.at)}));
    return Ok();
  });
}

Result<std::vector<LicenceUse>> SqlLicenceStore::ListUsesByCase(std::string_view case_id) {
  return Guard("ListLicenceUsesByCase", [&]() -> Result<std::vector<LicenceUse>> {
    static const std::string sql = Q(kUseColumns, "WHERE case_id = $1 ORDER BY at, id");
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ListLicenceUsesByCase", sql, {case_id}));
    return Decode<LicenceUse>(r, UseFromRow);
  });
}

Result<std::vector<LicenceUse>> SqlLicenceStore::ListUsesByHolder(std::string_view holder_id) {
  return Guard("ListLicenceUsesByHolder", [&]() -> Result<std::vector<LicenceUse>> {
    static const std::string sql =
        Q(kUseColumns, "WHERE substr(holder_id, 1, 70) = $1 ORDER BY at DESC, id");
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("ListLicenceUsesByHolder", sql, {FieldIndexPrefix(holder_id)}));
    return Decode<LicenceUse>(r, UseFromRow);
  });
}

Result<std::vector<LicenceUse>> SqlLicenceStore::ListAllUses() {
  return Guard("ListLicenceUses", [&]() -> Result<std::vector<LicenceUse>> {
    static const std::string sql = Q(kUseColumns, "ORDER BY at, id");
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ListLicenceUses", sql, {}));
    return Decode<LicenceUse>(r, UseFromRow);
  });
}

Result<std::vector<service::LicenceTypeCounts>> SqlLicenceStore::CountByType(Instant from,
                                                                             Instant to) {
  return Guard("CountLicencesByType", [&]() -> Result<std::vector<service::LicenceTypeCounts>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("CountLicencesByType", kCountByType, {Millis(from), Millis(to)}));
    return Decode<service::LicenceTypeCounts>(
        r, [](const Row& row) -> Result<service::LicenceTypeCounts> {
          RowReader reader(row);
          service::LicenceTypeCounts c;
          c.type_code = reader.Text();
          c.issued = reader.Int();
          c.historical = reader.Int();
          c.issued_in_period = reader.Int();
          if (!reader.ok()) return Corrupt("licence counts");
          return c;
        });
  });
}

Status SqlLicenceStore::InsertRepresentative(const OrganisationRepresentative& o) {
  return Guard("InsertRepresentative", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("InsertRepresentative"));
    std::vector<Param> p{
        o.id,          o.credit_code,   o.organisation_name, SealIndexedField(o.id_number),
        o.person_name, o.capacity,      o.evidence,          OptDate(o.valid_until),
        o.region_code, o.department_id, o.recorded_by,       Millis(o.recorded_at),
        o.version};
    ZT_RETURN_IF_ERROR(sql_.Write("InsertRepresentative", kInsertRepresentative, p));
    return Ok();
  });
}

Status SqlLicenceStore::EndRepresentative(const OrganisationRepresentative& o,
                                          std::int64_t expected_version) {
  return Guard("EndRepresentative", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Live("EndRepresentative"));
    std::vector<Param> p{o.id,      OptInstant(o.ended_at), o.ended_by, o.end_reason,
                         o.version, expected_version};
    return sql_.CheckedUpdate("EndRepresentative", kEndRepresentative, p, kRepresentativeExists,
                              o.id);
  });
}

Result<std::optional<OrganisationRepresentative>> SqlLicenceStore::FindRepresentative(
    std::string_view id) {
  return Guard("FindRepresentative", [&]() -> Result<std::optional<OrganisationRepresentative>> {
    static const std::string sql = Q(kRepresentativeColumns, "WHERE id = $1");
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindRepresentative", sql, {id}));
    return DecodeOne<OrganisationRepresentative>(r, RepresentativeFromRow);
  });
}

Result<std::vector<OrganisationRepresentative>> SqlLicenceStore::ListRepresentatives(
    std::string_view id_number, std::string_view credit_code) {
  return Guard("ListRepresentatives", [&]() -> Result<std::vector<OrganisationRepresentative>> {
    static const std::string sql =
        Q(kRepresentativeColumns,
          "WHERE ($1 = '' OR substr(id_number, 1, 70) = $1) AND ($2 = '' OR credit_code = $2) "
          "ORDER BY recorded_at DESC, id");
    std::string person = id_number.empty() ? std::string() : FieldIndexPrefix(id_number);
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("ListRepresentatives", sql, {person, credit_code}));
    return Decode<OrganisationRepresentative>(r, RepresentativeFromRow);
  });
}

}  // namespace zt::store::internal
