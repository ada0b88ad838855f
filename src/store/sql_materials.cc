#include "sql_materials.h"

namespace zt::store::internal {
namespace {

using service::MaterialRecord;

constexpr std::string_view kInsertMaterial =
    "INSERT INTO application_materials (id, case_id, material_name, provenance, source_ref, "
    "source_case, file_name, kind, content_type, size, hash_algorithm, content_hash, "
    "trust_grade, uploaded_by, uploader_role, uploaded_at, region_code, department_id) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)";
constexpr std::string_view kMaterialColumns =
    "SELECT id, case_id, material_name, provenance, source_ref, source_case, file_name, kind, "
    "content_type, size, hash_algorithm, content_hash, trust_grade, uploaded_by, uploader_role, "
    "uploaded_at, region_code, department_id FROM application_materials ";
constexpr std::string_view kFindMaterial = "WHERE id = $1";
constexpr std::string_view kListMaterialsOf = "WHERE case_id = $1 ORDER BY uploaded_at, id";

Result<MaterialRecord> DecodeMaterial(const Row& row) {
  RowReader r(row);
  MaterialRecord m;
  m.id = r.Text();
  m.case_id = CaseId(r.Text());
  m.material_name = r.Text();
  m.provenance = r.Text();
  m.source_ref = r.Text();
  m.source_case = r.Text();
  m.file_name = r.Text();
  m.kind = r.Text();
  m.content_type = r.Text();
  m.size = r.Int();
  m.hash_algorithm = r.Text();
  m.content_hash = r.Text();
  m.trust_grade = r.Text();
  m.uploaded_by = AccountId(r.Text());
  m.uploader_role = r.Text();
  m.uploaded_at = r.At();
  m.region_code = r.Text();
  m.department_id = DepartmentId(r.Text());
  if (!r.ok()) return Corrupt("DecodeMaterial");
  return m;
}

}  // namespace

Status SqlMaterialStore::InsertMaterial(const MaterialRecord& m) {
  return Guard("InsertMaterial", [&]() -> Status {
    ZT_RETURN_IF_ERROR(
        sql_.Write("InsertMaterial", kInsertMaterial,
                   {m.id, m.case_id.value(), m.material_name, m.provenance, m.source_ref,
                    m.source_case, m.file_name, m.kind, m.content_type, m.size, m.hash_algorithm,
                    m.content_hash, m.trust_grade, m.uploaded_by.value(), m.uploader_role,
                    Millis(m.uploaded_at), m.region_code, m.department_id.value()}));
    return Ok();
  });
}

Result<std::optional<MaterialRecord>> SqlMaterialStore::FindMaterial(std::string_view id) {
  return Guard("FindMaterial", [&]() -> Result<std::optional<MaterialRecord>> {
    ZT_ASSIGN_OR_RETURN(
        QueryResult r,
        sql_.Read("FindMaterial", std::string(kMaterialColumns) + std::string(kFindMaterial),
                  {std::string(id)}));
    return DecodeOne<MaterialRecord>(r, DecodeMaterial);
  });
}

Result<std::vector<MaterialRecord>> SqlMaterialStore::ListMaterialsOf(const CaseId& case_id) {
  return Guard("ListMaterialsOf", [&]() -> Result<std::vector<MaterialRecord>> {
    ZT_ASSIGN_OR_RETURN(
        QueryResult r,
        sql_.Read("ListMaterialsOf", std::string(kMaterialColumns) + std::string(kListMaterialsOf),
                  {case_id.value()}));
    return Decode<MaterialRecord>(r, DecodeMaterial);
  });
}

}  // namespace zt::store::internal
