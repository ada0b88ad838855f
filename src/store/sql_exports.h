// Private to the store module: the SQL of the export-request index (service/export_store.h),
// over the unit of work's statements.
#pragma once

#include "sql_support.h"
#include "zt/service/export_store.h"

namespace zt::store::internal {

class SqlExportStore final : public service::ExportStore {
 public:
  explicit SqlExportStore(Statements& sql) : sql_(sql) {}

  Status InsertExport(const service::ExportIndexRow& row) override;
  Status SetExportState(const std::string& id, const std::string& state,
                        std::optional<Instant> decided_at) override;
  Result<service::Page<service::ExportIndexRow>> ListExports(
      const service::ExportIndexQuery& query) override;

 private:
  Statements& sql_;
};

}  // namespace zt::store::internal
