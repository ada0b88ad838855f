// Private to the store module: the SQL of account administration
// (service/account_admin_store.h), over the unit of work's statements.
#pragma once

#include "sql_support.h"
#include "zt/service/account_admin_store.h"

namespace zt::store::internal {

class SqlAccountAdminStore final : public service::AccountAdminStore {
 public:
  explicit SqlAccountAdminStore(Statements& sql) : sql_(sql) {}

  Result<std::vector<AccountId>> ListStaff(const service::StaffAccountQuery& query) override;
  Result<std::vector<AccountId>> ListInactiveStaff(Instant cutoff, int limit) override;
  Result<std::optional<Instant>> LastLogin(const AccountId& id) override;

 private:
  Statements& sql_;
};

}  // namespace zt::store::internal
