// The stored form of the domain's enumerations is the stable name their own modules define
// (accounts::RoleName, catalog::ItemTypeName, ...): one table per enumeration, kept there.
#include "names.h"

namespace zt::store::internal {
namespace {

template <class E>
std::optional<E> ToOptional(Result<E> parsed) {
  if (!parsed) return std::nullopt;
  return *parsed;
}

}  // namespace

std::string_view StoredName(accounts::Role r) { return accounts::RoleName(r); }
std::string_view StoredName(catalog::ItemType t) { return catalog::ItemTypeName(t); }
std::string_view StoredName(catalog::CaseKind k) { return catalog::CaseKindName(k); }
std::string_view StoredName(catalog::ItemStatus s) { return catalog::ItemStatusName(s); }

std::optional<accounts::Role> ParseStoredRole(std::string_view name) {
  return ToOptional(accounts::ParseRole(name));
}
std::optional<catalog::ItemType> ParseStoredItemType(std::string_view name) {
  return ToOptional(catalog::ParseItemType(name));
}
std::optional<catalog::CaseKind> ParseStoredCaseKind(std::string_view name) {
  return ToOptional(catalog::ParseCaseKind(name));
}
std::optional<catalog::ItemStatus> ParseStoredItemStatus(std::string_view name) {
  return ToOptional(catalog::ParseItemStatus(name));
}

}  // namespace zt::store::internal
