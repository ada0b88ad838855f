// Private to the store module: the stable names under which enums are stored. They are
// the names the domain modules' *Name() functions return ("draft", "window_clerk", ...);
// the store keeps its own copy so that a stored row means the same thing whatever the
// domain code's enum order, and so a renamed enumerator fails loudly in the contract tests.
#pragma once

#include <optional>
#include <string_view>

#include "zt/accounts/roles.h"
#include "zt/catalog/item.h"

namespace zt::store::internal {

std::string_view StoredName(accounts::Role r);
std::string_view StoredName(catalog::ItemType t);
std::string_view StoredName(catalog::CaseKind k);
std::string_view StoredName(catalog::ItemStatus s);

std::optional<accounts::Role> ParseStoredRole(std::string_view name);
std::optional<catalog::ItemType> ParseStoredItemType(std::string_view name);
std::optional<catalog::CaseKind> ParseStoredCaseKind(std::string_view name);
std::optional<catalog::ItemStatus> ParseStoredItemStatus(std::string_view name);

}  // namespace zt::store::internal
