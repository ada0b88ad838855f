// Private to the store module: the SQL reading the audit trail (service/audit_store.h), over
// the unit of work's statements.
#pragma once

#include "sql_support.h"
#include "zt/service/audit_store.h"

namespace zt::store::internal {

class SqlAuditStore final : public service::AuditStore {
 public:
  explicit SqlAuditStore(Statements& sql) : sql_(sql) {}

  Result<std::vector<service::EventRecord>> EventsOfRequest(std::string_view request_id) override;
  Result<service::ChainAnchor> Head() override;
  Result<std::vector<std::string>> EntryHashes(std::int64_t after_seq, std::int64_t limit) override;

 private:
  Statements& sql_;
};

}  // namespace zt::store::internal
