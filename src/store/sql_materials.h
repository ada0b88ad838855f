// Private to the store module: the SQL of application materials (service/material_store.h),
// over the unit of work's statements.
#pragma once

#include "sql_support.h"
#include "zt/service/material_store.h"

namespace zt::store::internal {

class SqlMaterialStore final : public service::MaterialStore {
 public:
  explicit SqlMaterialStore(Statements& sql) : sql_(sql) {}

  Status InsertMaterial(const service::MaterialRecord& m) override;
  Result<std::optional<service::MaterialRecord>> FindMaterial(std::string_view id) override;
  Result<std::vector<service::MaterialRecord>> ListMaterialsOf(const CaseId& case_id) override;

 private:
  Statements& sql_;
};

}  // namespace zt::store::internal
