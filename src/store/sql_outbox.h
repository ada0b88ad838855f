// Private to the store module: the SQL of the notification outbox (service/outbox_store.h),
// over the unit of work's statements.
#pragma once

#include "sql_support.h"
#include "zt/service/outbox_store.h"

namespace zt::store::internal {

class SqlOutboxStore final : public service::OutboxStore {
 public:
  explicit SqlOutboxStore(Statements& sql) : sql_(sql) {}

  Status InsertMessage(const service::OutboxMessage& m) override;
  Result<std::optional<service::OutboxMessage>> FindMessage(std::string_view id) override;
  Result<std::vector<service::OutboxMessage>> ListDue(Instant now, int limit) override;
  Status UpdateMessage(const service::OutboxMessage& m, std::int64_t expected_version) override;
  Result<std::vector<service::OutboxMessage>> ListMessages(const service::OutboxQuery& query,
                                                           std::int64_t* total) override;

 private:
  Statements& sql_;
};

}  // namespace zt::store::internal
