#include "zt/service/account_admin_service.h"

#include <algorithm>
#include <array>

#include "zt/core/region_code.h"
#include "zt/core/text.h"
#include "zt/service/account_admin_store.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"

namespace zt::service {
namespace {

using accounts::Role;

constexpr std::array<Role, 10> kStaffRoles{
    Role::kWindowClerk,       Role::kReviewer,      Role::kDepartmentAdmin, Role::kBureauManager,
    Role::kSystemAdmin,       Role::kSecurityAdmin, Role::kAuditAdmin,      Role::kHotlineAgent,
    Role::kHotlineSupervisor, Role::kFrontDeskClerk};
constexpr int kMaxReason = 200;
constexpr int kMaxPageSize = 100;
constexpr int kMaxInactivityDays = 3650;
// The sweep disables at most this many accounts per transaction.
constexpr int kSweepBatch = 200;

// The roles `by` could grant (and so manages), in their own region and department.
std::vector<Role> ManagedRoles(const accounts::Actor& by) {
  std::vector<Role> roles;
  for (Role r : kStaffRoles) {
    if (accounts::CheckGrant(by, r, by.region_code, by.department_id)) roles.push_back(r);
  }
  return roles;
}

EventDraft AdminEvent(Instant at, std::string action, const AccountRecord& account,
                      const AdminActor& actor, const RequestContext& ctx) {
  EventDraft e;
  e.at = at;
  e.action = std::move(action);
  e.object_type = "account";
  e.object_id = account.id.value();
  if (actor.by) {
    e.actor_id = actor.by->account_id;
    e.actor_role = std::string(accounts::RoleName(actor.by->role));
    e.actor_region = actor.by->region_code;
  } else {
    e.actor_role = "system";  // as for installation (AccountService::CreateStaff)
    e.details.push_back(
        {"operator", actor.operator_name.empty() ? "unknown" : actor.operator_name});
  }
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  return e;
}

auto NotFound() { return Fail(ErrorCode::kNotFound, "account.not_found", "no such account"); }

Status CheckReason(std::string_view reason, bool required) {
  std::size_t length = Utf8Length(reason);
  if ((required && length < 2) || length > kMaxReason) {
    return FieldFail("/reason", "account.reason_required", "give a reason of 2 to 200 characters");
  }
  return Ok();
}

}  // namespace

Result<AccountRecord> AccountAdminService::Managed(const accounts::Actor& by, const AccountId& id,
                                                   const RequestContext& ctx,
                                                   std::unique_ptr<UnitOfWork>& tx) {
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindAccount(id));
  if (!found || found->role == Role::kCitizen) {
    return AuditDenied(store_, clock_, by, "account", id.value(), ctx, NotFound(), tx);
  }
  if (found->id == by.account_id) {
    return AuditDenied(
        store_, clock_, by, "account", id.value(), ctx,
        Fail(ErrorCode::kPermissionDenied, "account.self", "nobody administers their own account"),
        tx);
  }
  auto granted = accounts::CheckGrant(by, found->role, found->region_code, found->department_id);
  if (!granted) {
    // An account outside the caller's region or department does not exist for them.
    auto error = granted.error().key() == "account.grant_out_of_scope"
                     ? NotFound()
                     : std::unexpected(granted.error());
    return AuditDenied(store_, clock_, by, "account", id.value(), ctx, std::move(error), tx);
  }
  return *found;
}

Result<StaffAccountPage> AccountAdminService::Page(const StaffAccountQuery& query, int limit) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  StaffAccountQuery q = query;
  q.limit = limit + 1;  // one more tells whether another page follows
  ZT_ASSIGN_OR_RETURN(auto ids, tx->account_admin().ListStaff(q));
  StaffAccountPage page;
  for (std::size_t i = 0; i < ids.size() && static_cast<int>(i) < limit; ++i) {
    ZT_ASSIGN_OR_RETURN(auto found, tx->FindAccount(ids[i]));
    if (!found) continue;
    ZT_ASSIGN_OR_RETURN(auto last, tx->account_admin().LastLogin(ids[i]));
    page.items.push_back({std::move(*found), last});
  }
  if (static_cast<int>(ids.size()) > limit && !page.items.empty()) {
    page.next_after = page.items.back().account.username;
  }
  return page;
}

Status AccountAdminService::RequireAdministrator(const accounts::Actor& by,
                                                 const RequestContext& ctx) {
  if (!ManagedRoles(by).empty()) return Ok();
  return AuditDenied(store_, clock_, by, "account", "", ctx,
                     Fail(ErrorCode::kPermissionDenied, "account.admin_only",
                          "only administrators manage accounts"));
}

Result<StaffAccountPage> AccountAdminService::List(const accounts::Actor& by,
                                                   const StaffListRequest& request,
                                                   const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(RequireAdministrator(by, ctx));
  std::vector<Role> roles = ManagedRoles(by);
  if (request.limit < 1 || request.limit > kMaxPageSize) {
    return FieldFail("/limit", "query.page_size", "1 to 100");
  }
  StaffAccountQuery query;
  if (request.role) {
    bool managed = std::find(roles.begin(), roles.end(), *request.role) != roles.end();
    roles = managed ? std::vector<Role>{*request.role} : std::vector<Role>{};
  }
  query.roles = std::move(roles);
  query.region_prefix = RegionScopePrefix(by.region_code);
  if (by.role == Role::kDepartmentAdmin) query.department_id = by.department_id;
  query.after_username = request.after;
  return Page(query, request.limit);
}

Result<StaffAccountPage> AccountAdminService::ListAll(const StaffListRequest& request) {
  StaffAccountQuery query;
  if (request.role) {
    query.roles = {*request.role};
  } else {
    query.roles.assign(kStaffRoles.begin(), kStaffRoles.end());
  }
  query.after_username = request.after;
  return Page(query, std::clamp(request.limit, 1, 1000));
}

Result<StaffAccount> AccountAdminService::Get(const accounts::Actor& by, const AccountId& id,
                                              const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto account, Managed(by, id, ctx, tx));
  ZT_ASSIGN_OR_RETURN(auto last, tx->account_admin().LastLogin(id));
  return StaffAccount{std::move(account), last};
}

Result<CreatedStaffAccount> AccountAdminService::Create(const AdminActor& actor,
                                                        const NewStaffAccount& in,
                                                        const RequestContext& ctx) {
  NewStaff staff;
  staff.username = in.username;
  staff.display_name = in.display_name;
  staff.role = in.role;
  staff.region_code = in.region_code;
  staff.department_id = in.department_id;
  // 24 random bytes, base64url or hex: well above the password policy, typed once.
  staff.password = crypto_.RandomToken(12);
  ZT_ASSIGN_OR_RETURN(auto account,
                      accounts_.CreateStaff(staff, actor.by, ctx, actor.operator_name));
  return CreatedStaffAccount{std::move(account), staff.password};
}

Result<AccountRecord> AccountAdminService::Change(const accounts::Actor& by, const AccountId& id,
                                                  std::int64_t expected_version,
                                                  const StaffAccountChange& change,
                                                  const RequestContext& ctx) {
  if (change.display_name &&
      (change.display_name->empty() || Utf8Length(*change.display_name) > 50)) {
    return FieldFail("/display_name", "name.length", "a name needs 1 to 50 characters");
  }
  if (change.role && *change.role == Role::kCitizen) {
    return FieldFail("/role", "account.staff_role", "citizens register themselves");
  }
  if (change.region_code && !RegionCode::Parse(*change.region_code)) {
    return FieldFail("/region_code", "region.format", "not a region code");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, Managed(by, id, ctx, tx));
  AccountRecord account = found;
  if (change.role) account.role = *change.role;
  if (change.region_code) account.region_code = *change.region_code;
  if (change.department_id) account.department_id = *change.department_id;
  if (change.display_name) account.display_name = *change.display_name;
  if (!accounts::IsDepartmentalRole(account.role)) {
    account.department_id = DepartmentId();
  } else if (account.department_id.empty()) {
    return FieldFail("/department_id", "account.department_required",
                     "this role belongs to one department");
  }
  // The new role, region and department must be the caller's to grant, too.
  if (auto granted =
          accounts::CheckGrant(by, account.role, account.region_code, account.department_id);
      !granted) {
    return AuditDenied(store_, clock_, by, "account", id.value(), ctx,
                       std::unexpected(granted.error()), tx);
  }
  if (!account.department_id.empty()) {
    ZT_ASSIGN_OR_RETURN(auto department, tx->FindDepartment(account.department_id));
    if (!department) return FieldFail("/department_id", "department.unknown", "no such department");
    auto inside = RegionCode::Parse(account.region_code);
    auto where = RegionCode::Parse(department->region_code);
    auto scope = RegionCode::Parse(by.region_code);
    if (!inside || !where || !scope || !scope->Contains(*where)) {
      return AuditDenied(store_, clock_, by, "account", id.value(), ctx,
                         Fail(ErrorCode::kPermissionDenied, "account.grant_out_of_scope",
                              "the department lies outside the grantor's region"),
                         tx);
    }
  }
  bool scope_changed = account.role != found.role || account.region_code != found.region_code ||
                       account.department_id != found.department_id;
  account.version = expected_version + 1;
  ZT_RETURN_IF_ERROR(tx->UpdateAccount(account, expected_version));
  // SES-02: a privilege change ends the sessions opened under the old one.
  if (scope_changed) ZT_RETURN_IF_ERROR(tx->DeleteSessionsOf(id));
  auto event = AdminEvent(clock_.Now(), "account.changed", account, {by, ""}, ctx);
  if (account.role != found.role) {
    event.details.push_back({"role_from", std::string(accounts::RoleName(found.role))});
    event.details.push_back({"role", std::string(accounts::RoleName(account.role))});
  }
  if (account.region_code != found.region_code) {
    event.details.push_back({"region_from", found.region_code});
    event.details.push_back({"region", account.region_code});
  }
  if (account.department_id != found.department_id) {
    event.details.push_back({"department_from", found.department_id.value()});
    event.details.push_back({"department", account.department_id.value()});
  }
  ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return account;
}

Result<AccountRecord> AccountAdminService::SetDisabled(const AdminActor& actor, const AccountId& id,
                                                       std::optional<std::int64_t> expected_version,
                                                       bool disabled, std::string_view reason,
                                                       const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(CheckReason(reason, false));
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  AccountRecord found;
  if (actor.by) {
    ZT_ASSIGN_OR_RETURN(found, Managed(*actor.by, id, ctx, tx));
  } else {
    ZT_ASSIGN_OR_RETURN(auto any, tx->FindAccount(id));
    if (!any) return NotFound();
    found = *any;
  }
  std::int64_t expected = expected_version.value_or(found.version);
  AccountRecord account = found;
  account.disabled = disabled;
  if (!disabled) {
    account.failed_logins = 0;
    account.locked_until = Instant{};
  }
  account.version = expected + 1;
  ZT_RETURN_IF_ERROR(tx->UpdateAccount(account, expected));
  // AUTH-09: a disabled account's sessions end with this transaction.
  if (disabled) ZT_RETURN_IF_ERROR(tx->DeleteSessionsOf(id));
  auto event = AdminEvent(clock_.Now(), disabled ? "account.disabled" : "account.enabled", account,
                          actor, ctx);
  if (!reason.empty()) event.details.push_back({"reason", std::string(reason)});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return account;
}

Result<AccountRecord> AccountAdminService::ResetSecondFactor(const accounts::Actor& by,
                                                             const AccountId& id,
                                                             std::int64_t expected_version,
                                                             std::string_view reason,
                                                             const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(CheckReason(reason, true));
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, Managed(by, id, ctx, tx));
  AccountRecord account = found;
  account.totp_enabled = false;
  account.totp_secret.clear();
  account.totp_last_step = 0;
  account.version = expected_version + 1;
  ZT_RETURN_IF_ERROR(tx->UpdateAccount(account, expected_version));
  ZT_RETURN_IF_ERROR(tx->DeleteSessionsOf(id));
  auto event = AdminEvent(clock_.Now(), "account.second_factor_reset", account, {by, ""}, ctx);
  event.details.push_back({"reason", std::string(reason)});
  event.details.push_back({"had_second_factor", found.totp_enabled ? "true" : "false"});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return account;
}

Result<std::vector<AccountRecord>> AccountAdminService::DisableInactive(
    int days, const std::string& operator_name, const RequestContext& ctx) {
  if (days < 1 || days > kMaxInactivityDays) {
    return FieldFail("/days", "inactivity.days", "1 to 3650 days");
  }
  Instant now = clock_.Now();
  Instant cutoff =
      now - std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::days(days));
  std::vector<AccountRecord> disabled;
  AdminActor actor{std::nullopt, operator_name};
  for (;;) {
    ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    ZT_ASSIGN_OR_RETURN(auto ids, tx->account_admin().ListInactiveStaff(cutoff, kSweepBatch));
    if (ids.empty()) break;
    for (const auto& id : ids) {
      ZT_ASSIGN_OR_RETURN(auto found, tx->FindAccount(id));
      if (!found) continue;
      AccountRecord account = *found;
      account.disabled = true;
      account.version = found->version + 1;
      ZT_RETURN_IF_ERROR(tx->UpdateAccount(account, found->version));
      ZT_RETURN_IF_ERROR(tx->DeleteSessionsOf(id));
      auto event = AdminEvent(now, "account.disabled", account, actor, ctx);
      event.details.push_back({"reason", "inactive"});
      event.details.push_back({"inactive_days", std::to_string(days)});
      ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
      disabled.push_back(std::move(account));
    }
    ZT_RETURN_IF_ERROR(tx->Commit());
    if (static_cast<int>(ids.size()) < kSweepBatch) break;
  }
  return disabled;
}

Result<AccountRecord> AccountAdminService::FindByUsername(std::string_view username) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindAccountByUsername(username));
  if (!found) return NotFound();
  return *found;
}

}  // namespace zt::service
