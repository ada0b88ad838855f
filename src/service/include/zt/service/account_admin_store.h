// File: account_admin_store.h
//
// What account administration reads beyond UnitOfWork's account methods: the staff
// accounts of a scope, page by page, and the accounts nobody has used for a while
// (RELIABILITY.md AUTH-09). Writes stay UnitOfWork::UpdateAccount and AppendEvent.
//
//   StaffAccountQuery q{.roles = {Role::kWindowClerk}, .region_prefix = "4408"};
//   ZT_ASSIGN_OR_RETURN(auto ids, uow.account_admin().ListStaff(q));
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"

namespace zt::service {

struct StaffAccountQuery {
  std::vector<accounts::Role> roles;  // accounts holding one of these roles (none: nothing)
  std::string region_prefix;          // region codes starting with it; "" for all
  DepartmentId department_id;         // empty for any department
  std::string after_username;         // keyset paging: usernames after this one
  int limit = 50;
};

class AccountAdminStore {
 public:
  virtual ~AccountAdminStore() = default;
  // The ids of the matching accounts, ordered by username.
  virtual Result<std::vector<AccountId>> ListStaff(const StaffAccountQuery& query) = 0;
  // Staff accounts (every role but citizen) that are not disabled, were created before
  // `cutoff` and have neither logged in (account.login) nor been re-enabled
  // (account.enabled) at or after it; at most `limit`, ordered by id.
  virtual Result<std::vector<AccountId>> ListInactiveStaff(Instant cutoff, int limit) = 0;
  // The instant of the account's last successful login, if any.
  virtual Result<std::optional<Instant>> LastLogin(const AccountId& id) = 0;
};

}  // namespace zt::service
