// File: material_store.h
//
// The materials area's port (docs/materials.md): the metadata of each material of an
// application — what it is, where it came from (provenance) and how far it is trusted. The
// bytes live outside the database in a BlobStore (blob_store.h), addressed by content hash.
// Reached from a unit of work as uow.materials().
//
//   ZT_RETURN_IF_ERROR(tx->materials().InsertMaterial(record));
//   ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
//   ZT_RETURN_IF_ERROR(tx->Commit());
//
// Errors as the store port (store.h): kAlreadyExists, kUnavailable, kInternal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"

namespace zt::service {

struct MaterialRecord {
  std::string id;  // "mat_..."
  CaseId case_id;
  std::string material_name;  // as the item lists it (catalog::Material::name)
  // "upload" (bytes sent for this case) | "case" (reused from an earlier case's material) |
  // "licence" (an electronic licence used instead, 免提交; listed from the licence uses)
  std::string provenance = "upload";
  std::string source_ref;   // the earlier material's id ("case"), the licence id ("licence")
  std::string source_case;  // the earlier case's id ("case")
  std::string file_name;    // sanitised, as shown in Content-Disposition
  std::string kind;         // "pdf" | "jpeg" | "png" | "ofd" | "docx" | "xlsx" (by content)
  std::string content_type;
  std::int64_t size = 0;
  std::string hash_algorithm = "SM3";
  std::string content_hash;  // lower-case hex: the blob's address
  std::string trust_grade;   // 可信等级 A–D of the catalogue's material; "" unknown
  AccountId uploaded_by;
  std::string uploader_role;
  Instant uploaded_at{};
  // Denormalised from the case, for scope checks without a join.
  std::string region_code;
  DepartmentId department_id;
};

class MaterialStore {
 public:
  virtual ~MaterialStore() = default;
  virtual Status InsertMaterial(const MaterialRecord& m) = 0;  // kAlreadyExists on id
  virtual Result<std::optional<MaterialRecord>> FindMaterial(std::string_view id) = 0;
  // Oldest first.
  virtual Result<std::vector<MaterialRecord>> ListMaterialsOf(const CaseId& case_id) = 0;
};

}  // namespace zt::service
