#include "zt/accounts/roles.h"

#include <array>
#include <utility>

#include "zt/core/region_code.h"

namespace zt::accounts {
namespace {

struct RoleNames {
  Role role;
  std::string_view name;
  std::string_view name_zh;
};

constexpr std::array<RoleNames, 11> kRoles{{
    {Role::kCitizen, "citizen", "公众"},
    {Role::kWindowClerk, "window_clerk", "窗口受理人员"},
    {Role::kReviewer, "reviewer", "审批人员"},
    {Role::kDepartmentAdmin, "department_admin", "部门管理员"},
    {Role::kBureauManager, "bureau_manager", "局管理人员"},
    {Role::kSystemAdmin, "system_admin", "系统管理员"},
    {Role::kSecurityAdmin, "security_admin", "安全管理员"},
    {Role::kAuditAdmin, "audit_admin", "审计管理员"},
    {Role::kHotlineAgent, "hotline_agent", "话务员"},
    {Role::kHotlineSupervisor, "hotline_supervisor", "热线督办回访人员"},
    {Role::kFrontDeskClerk, "front_desk_clerk", "综合窗口受理人员"},
}};

}  // namespace

std::string_view RoleName(Role r) {
  for (const auto& entry : kRoles) {
    if (entry.role == r) return entry.name;
  }
  return "citizen";
}

std::string_view RoleNameZh(Role r) {
  for (const auto& entry : kRoles) {
    if (entry.role == r) return entry.name_zh;
  }
  return "公众";
}

Result<Role> ParseRole(std::string_view name) {
  for (const auto& entry : kRoles) {
    if (entry.name == name) return entry.role;
  }
  return FieldFail("/role", "role.unknown", "unknown role: " + std::string(name));
}

bool IsDepartmentalRole(Role r) {
  return r == Role::kWindowClerk || r == Role::kReviewer || r == Role::kDepartmentAdmin;
}

bool IsWindowRole(Role r) { return r == Role::kWindowClerk || r == Role::kFrontDeskClerk; }

bool CanSeeDepartmentRecord(const Actor& actor, std::string_view record_region,
                            const DepartmentId& record_department) {
  if (actor.role == Role::kCitizen || actor.role == Role::kSystemAdmin ||
      actor.role == Role::kSecurityAdmin || actor.role == Role::kAuditAdmin ||
      actor.role == Role::kFrontDeskClerk) {
    return false;
  }
  auto scope = RegionCode::Parse(actor.region_code);
  auto record = RegionCode::Parse(record_region);
  if (!scope || !record || !scope->Contains(*record)) return false;
  if (IsDepartmentalRole(actor.role)) return actor.department_id == record_department;
  return true;  // bureau manager: every department inside the region
}

bool IsSeparatedAdminRole(Role r) {
  return r == Role::kSystemAdmin || r == Role::kSecurityAdmin || r == Role::kAuditAdmin;
}

Status CheckGrant(const Actor& grantor, Role role, std::string_view region,
                  const DepartmentId& department) {
  bool allowed = false;
  switch (grantor.role) {
    case Role::kSecurityAdmin:
      allowed = role == Role::kSystemAdmin || role == Role::kAuditAdmin;
      break;
    case Role::kSystemAdmin:
      allowed = role != Role::kCitizen && !IsSeparatedAdminRole(role);
      break;
    case Role::kDepartmentAdmin:
      allowed = role == Role::kWindowClerk || role == Role::kReviewer;
      break;
    default:
      break;
  }
  if (!allowed) {
    return Fail(
        ErrorCode::kPermissionDenied, "account.grant_not_allowed",
        std::string(RoleName(grantor.role)) + " may not grant " + std::string(RoleName(role)));
  }
  auto scope = RegionCode::Parse(grantor.region_code);
  auto target = RegionCode::Parse(region);
  bool inside = scope && target && scope->Contains(*target);
  if (grantor.role == Role::kDepartmentAdmin) {
    inside = inside && department == grantor.department_id;
  }
  if (!inside) {
    return Fail(ErrorCode::kPermissionDenied, "account.grant_out_of_scope",
                "the account lies outside the grantor's region or department");
  }
  return Ok();
}

}  // namespace zt::accounts
