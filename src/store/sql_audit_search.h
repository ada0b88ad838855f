// Private to the store module: the SQL of the audit search (service/audit_search_store.h),
// over the unit of work's statements.
#pragma once

#include "sql_support.h"
#include "zt/service/audit_search_store.h"

namespace zt::store::internal {

class SqlAuditSearchStore final : public service::AuditSearchStore {
 public:
  explicit SqlAuditSearchStore(Statements& sql) : sql_(sql) {}

  Result<std::vector<service::EventRecord>> Search(const service::AuditQuery& query) override;

 private:
  Statements& sql_;
};

}  // namespace zt::store::internal
