// File: account_admin_service.h
//
// Account administration (issue 8, RELIABILITY.md AZ-04 and AUTH-09; docs/security.md
// "Account administration"): list the staff accounts one administers, create them with a
// one-time initial password, change role, region or department, disable and re-enable, and
// reset a lost second factor. One rule decides who may do what, accounts::CheckGrant:
//
//   an administrator manages exactly the accounts they could have created —
//   CheckGrant(by, account.role, account.region, account.department) — and a change must
//   also pass CheckGrant for the new role, region and department; nobody manages their own
//   account.
//
// So the security administrator manages the system and audit administrators, the system
// administrator every operational staff role (never one of the three administrators), a
// department administrator the clerks and reviewers of their department. A refusal is
// kPermissionDenied (account.grant_not_allowed, account.self, account.admin_only) or, for an
// account outside the caller's region or department, kNotFound account.not_found; both are
// audited as access.denied. The operator's command line passes no actor (`by` empty): no
// grant check, and the event names the operator.
//
// Pure: store, crypto and clock come through ports.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/account_admin_store.h"
#include "zt/service/account_service.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

// AUTH-09: staff accounts unused for this many days are disabled by the sweep.
inline constexpr int kDefaultInactivityDays = 90;

// A staff account as administrators see it.
struct StaffAccount {
  AccountRecord account;
  std::optional<Instant> last_login_at;
};

struct StaffAccountPage {
  std::vector<StaffAccount> items;
  std::string next_after;  // the username to pass as `after` for the next page; "" at the end
};

struct StaffListRequest {
  std::optional<accounts::Role> role;  // only this role
  std::string after;                   // usernames after this one
  int limit = 50;                      // 1..100
};

struct NewStaffAccount {
  std::string username;
  std::string display_name;
  accounts::Role role = accounts::Role::kWindowClerk;
  std::string region_code;
  DepartmentId department_id;
};

// The created account and its initial password, shown once; the holder must change it at
// the first login.
struct CreatedStaffAccount {
  AccountRecord account;
  std::string initial_password;
};

// What a change sets; absent members stay as they are.
struct StaffAccountChange {
  std::optional<accounts::Role> role;
  std::optional<std::string> region_code;
  std::optional<DepartmentId> department_id;
  std::optional<std::string> display_name;
};

// Who acts: an administrator (grant-checked) or the operator at the command line, named by
// `operator_name` (the OS user) in the event.
struct AdminActor {
  std::optional<accounts::Actor> by;
  std::string operator_name;
};

class AccountAdminService {
 public:
  AccountAdminService(Store& store, Crypto& crypto, const Clock& clock)
      : store_(store), crypto_(crypto), clock_(clock), accounts_(store, crypto, clock) {}

  // Ok when `by` manages some role (system, security or department administrator);
  // kPermissionDenied account.admin_only otherwise, audited. The routes check it before
  // reading a request, so other roles learn nothing about the input expected.
  Status RequireAdministrator(const accounts::Actor& by, const RequestContext& ctx);
  // The accounts `by` manages, ordered by username. kPermissionDenied account.admin_only
  // for roles that manage nobody (audited).
  Result<StaffAccountPage> List(const accounts::Actor& by, const StaffListRequest& request,
                                const RequestContext& ctx);
  // Every staff account (the operator's list); `after` / `limit` page it.
  Result<StaffAccountPage> ListAll(const StaffListRequest& request);
  Result<StaffAccount> Get(const accounts::Actor& by, const AccountId& id,
                           const RequestContext& ctx);
  // Creates the account with a random initial password (must be changed at first login).
  // Field errors as AccountService::CreateStaff; grant refusals as above.
  Result<CreatedStaffAccount> Create(const AdminActor& actor, const NewStaffAccount& in,
                                     const RequestContext& ctx);
  // Role, region, department, display name. Every session of the account ends when its role,
  // region or department changes. kAborted on a stale version. Event account.changed.
  Result<AccountRecord> Change(const accounts::Actor& by, const AccountId& id,
                               std::int64_t expected_version, const StaffAccountChange& change,
                               const RequestContext& ctx);
  // Disables (every session ends at once, logins refused) or re-enables the account.
  // `expected_version` nullopt only for the operator. Events account.disabled /
  // account.enabled with the reason (optional, at most 200 characters).
  Result<AccountRecord> SetDisabled(const AdminActor& actor, const AccountId& id,
                                    std::optional<std::int64_t> expected_version, bool disabled,
                                    std::string_view reason, const RequestContext& ctx);
  // Removes the account's authenticator (a lost phone): the account must enrol again at
  // its next login, and every session ends. The reason (2..200 characters, field /reason,
  // account.reason_required) is kept in the event account.second_factor_reset.
  Result<AccountRecord> ResetSecondFactor(const accounts::Actor& by, const AccountId& id,
                                          std::int64_t expected_version, std::string_view reason,
                                          const RequestContext& ctx);
  // AUTH-09: disables every staff account unused for `days` days (see
  // AccountAdminStore::ListInactiveStaff) with event account.disabled, reason "inactive".
  // kInvalidArgument inactivity.days unless 1..3650. Returns the accounts disabled.
  Result<std::vector<AccountRecord>> DisableInactive(int days, const std::string& operator_name,
                                                     const RequestContext& ctx);
  // Looks an account up by username (the operator's CLI names accounts that way).
  Result<AccountRecord> FindByUsername(std::string_view username);

 private:
  // The account, when `by` may manage it; the audited refusal otherwise.
  Result<AccountRecord> Managed(const accounts::Actor& by, const AccountId& id,
                                const RequestContext& ctx, std::unique_ptr<UnitOfWork>& tx);
  Result<StaffAccountPage> Page(const StaffAccountQuery& query, int limit);
  Store& store_;
  Crypto& crypto_;
  const Clock& clock_;
  AccountService accounts_;
};

}  // namespace zt::service
