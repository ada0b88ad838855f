// File: roles.h
//
// Who may do what, where. Every account holds exactly one role, scoped to a region and,
// for departmental roles, to one department. One role per account makes 三员分立 (system,
// security and audit administrators are different people) hold by construction.
//
//   zt::accounts::Actor clerk{...Role::kWindowClerk, region "440803", department "d-xs-sj"};
//   CanSeeCase(clerk, "440802", "d-ck-sj") == false;   // Xiashan clerk, Chikan case
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "zt/core/error.h"
#include "zt/core/ids.h"

namespace zt::accounts {

enum class Role {
  kCitizen,          // 公众: applies and follows own cases
  kWindowClerk,      // 窗口受理人员
  kReviewer,         // 审批人员
  kDepartmentAdmin,  // 部门管理员: the department's catalogue and staff
  kBureauManager,    // 局领导/管理人员: sees every department in the region
  kSystemAdmin,      // 系统管理员
  kSecurityAdmin,    // 安全管理员
  kAuditAdmin,       // 审计管理员
  kHotlineAgent,     // 12345 话务员: takes calls, answers or dispatches, in the centre's region
  kHotlineSupervisor,  // 12345 热线中心 督办/回访: disputes, extensions, call-backs, closing
  // 综合窗口受理人员 (一窗): the front desk of a hall accepts applications for every department of
  // its region (and 通办 ones for other regions); the item's department reviews and decides.
  // Not departmental; CanSeeDepartmentRecord grants it nothing: the application service and
  // the case type give it exactly the front-desk steps (docs/appointments.md).
  kFrontDeskClerk,
};

std::string_view RoleName(Role r);    // "citizen", "window_clerk", ...
std::string_view RoleNameZh(Role r);  // "公众", "窗口受理人员", ...
Result<Role> ParseRole(std::string_view name);
// True for roles bound to one department (clerk, reviewer, department admin).
bool IsDepartmentalRole(Role r);
// True for the roles that work at a window with the applicant in front of them (departmental
// window clerks and the 一窗 front desk): their in-person steps count as visits (跑动).
bool IsWindowRole(Role r);

// The authenticated caller, as the edge hands it to services.
struct Actor {
  AccountId account_id;
  std::string display_name;
  Role role = Role::kCitizen;
  std::string region_code;     // scope; empty for citizens
  DepartmentId department_id;  // scope for departmental roles
  std::string id_number;       // citizens: their validated 身份证号
};

// Case/item visibility: departmental roles see their department's records inside their
// region; bureau managers every department inside their region; administrators of the
// system see no casework. Citizens are checked by ownership, not here.
bool CanSeeDepartmentRecord(const Actor& actor, std::string_view record_region,
                            const DepartmentId& record_department);

// True for the three administrators of 三员分立 (等保 8.1.5): system, security, audit.
bool IsSeparatedAdminRole(Role r);

// Who may create an account with `role` in `region` (and `department`), RELIABILITY.md AZ-04
// after 等保 8.1.5: the security administrator manages authorisations, so only they grant the
// system and audit administrator roles (never their own: a new security administrator comes
// from installation, `zhengtong seed` or the operator's CLI); the system administrator manages
// accounts, so they create the operational staff roles; a department administrator creates
// window clerks and reviewers of their own department; the audit administrator, everyone else
// and citizens create nothing. The account's region must lie inside the grantor's.
// kPermissionDenied "account.grant_not_allowed" for the role, "account.grant_out_of_scope" for
// the region or department.
Status CheckGrant(const Actor& grantor, Role role, std::string_view region,
                  const DepartmentId& department);

}  // namespace zt::accounts
