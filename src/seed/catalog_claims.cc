#include "catalog_claims.h"

#include "zt/service/catalog_service.h"

namespace zt::seed {

Status SeedCatalogClaims(service::Store& store, service::Crypto& crypto, const Clock& clock,
                         const accounts::Actor& manager,
                         const std::vector<ImplementingBody>& bodies,
                         const service::RequestContext& ctx) {
  if (bodies.empty()) return Ok();
  service::CatalogService catalog(store, crypto, clock);
  service::StandardQuery query;
  query.region_prefix = service::RegionScopePrefix(manager.region_code);
  query.limit = 100;
  ZT_ASSIGN_OR_RETURN(auto standards, catalog.ListStandards(query));
  std::vector<DepartmentId> departments;
  for (const auto& b : bodies) departments.emplace_back(b.department_id);
  for (const auto& s : standards.items) {
    ZT_RETURN_IF_ERROR(catalog.AssignClaims(manager, s.id, departments, ctx));
    ZT_RETURN_IF_ERROR(catalog.ClaimStandard(bodies.front().admin, s.id, ctx));
  }
  return Ok();
}

}  // namespace zt::seed
