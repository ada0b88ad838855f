// Private to the service module: what CatalogService's files (catalog_service.cc,
// catalog_levels.cc, catalog_lifecycle.cc) share — who administers an item, who manages a
// region's catalogue, the item's event and its not-found error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "zt/accounts/roles.h"
#include "zt/catalog/item.h"
#include "zt/core/error.h"
#include "zt/core/region_code.h"
#include "zt/service/audit.h"

namespace zt::service::catalog_internal {

// A department administrator of `department` whose scope holds `region`.
inline bool IsDepartmentAdminOf(const accounts::Actor& actor, const DepartmentId& department,
                                std::string_view region) {
  return actor.role == accounts::Role::kDepartmentAdmin &&
         accounts::CanSeeDepartmentRecord(actor, region, department);
}

// A bureau manager whose region contains `region` (a valid region code).
inline bool ManagesRegion(const accounts::Actor& actor, std::string_view region) {
  if (actor.role != accounts::Role::kBureauManager) return false;
  auto scope = RegionCode::Parse(actor.region_code);
  auto asked = RegionCode::Parse(region);
  return scope && asked && scope->Contains(*asked);
}

// An item's event: its code and version as details.
inline EventDraft ItemEvent(Instant at, std::string action, const catalog::ServiceItem& item,
                            const accounts::Actor& actor, const RequestContext& ctx) {
  EventDraft e = ActorEvent(at, std::move(action), "item", item.id.value(), actor, ctx);
  e.details.push_back({"code", item.code});
  e.details.push_back({"version", std::to_string(item.version)});
  return e;
}

inline std::unexpected<Error> ItemNotFound() {
  return Fail(ErrorCode::kNotFound, "item.not_found", "no such item");
}

}  // namespace zt::service::catalog_internal
