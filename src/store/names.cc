#include "names.h"

#include <array>
#include <utility>

namespace zt::store::internal {
namespace {

using accounts::Role;
using catalog::CaseKind;
using catalog::ItemStatus;
using catalog::ItemType;

constexpr std::array<std::pair<Role, std::string_view>, 8> kRoles{{
    {Role::kCitizen, "citizen"},
    {Role::kWindowClerk, "window_clerk"},
    {Role::kReviewer, "reviewer"},
    {Role::kDepartmentAdmin, "department_admin"},
    {Role::kBureauManager, "bureau_manager"},
    {Role::kSystemAdmin, "system_admin"},
    {Role::kSecurityAdmin, "security_admin"},
    {Role::kAuditAdmin, "audit_admin"},
}};
constexpr std::array<std::pair<ItemType, std::string_view>, 7> kItemTypes{{
    {ItemType::kLicensing, "licensing"},
    {ItemType::kConfirmation, "confirmation"},
    {ItemType::kPayment, "payment"},
    {ItemType::kAward, "award"},
    {ItemType::kAdjudication, "adjudication"},
    {ItemType::kOtherPower, "other_power"},
    {ItemType::kPublicService, "public_service"},
}};
constexpr std::array<std::pair<CaseKind, std::string_view>, 2> kCaseKinds{{
    {CaseKind::kInstant, "instant"},
    {CaseKind::kPromised, "promised"},
}};
constexpr std::array<std::pair<ItemStatus, std::string_view>, 3> kItemStatuses{{
    {ItemStatus::kDraft, "draft"},
    {ItemStatus::kPublished, "published"},
    {ItemStatus::kWithdrawn, "withdrawn"},
}};

template <class E, std::size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "unknown";  // unreachable for a valid enumerator; ParseStored* rejects it on read
}

template <class E, std::size_t N>
std::optional<E> Parse(const std::array<std::pair<E, std::string_view>, N>& table,
                       std::string_view name) {
  for (const auto& [e, n] : table) {
    if (n == name) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view StoredName(Role r) { return NameOf(kRoles, r); }
std::string_view StoredName(ItemType t) { return NameOf(kItemTypes, t); }
std::string_view StoredName(CaseKind k) { return NameOf(kCaseKinds, k); }
std::string_view StoredName(ItemStatus s) { return NameOf(kItemStatuses, s); }

std::optional<Role> ParseStoredRole(std::string_view name) { return Parse(kRoles, name); }
std::optional<ItemType> ParseStoredItemType(std::string_view name) {
  return Parse(kItemTypes, name);
}
std::optional<CaseKind> ParseStoredCaseKind(std::string_view name) {
  return Parse(kCaseKinds, name);
}
std::optional<ItemStatus> ParseStoredItemStatus(std::string_view name) {
  return Parse(kItemStatuses, name);
}

}  // namespace zt::store::internal
