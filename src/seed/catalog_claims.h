// Private to the seed module: the demo city's 认领 records (docs/catalogue.md "Claiming").
#pragma once

#include <vector>

#include "catalogue.h"

namespace zt::seed {

// Assigns every city-level basic-catalogue item to the bodies (应认领) as `manager` and has
// the first body claim them (已认领), so the 事项管理 page shows both counts.
Status SeedCatalogClaims(service::Store& store, service::Crypto& crypto, const Clock& clock,
                         const accounts::Actor& manager,
                         const std::vector<ImplementingBody>& bodies,
                         const service::RequestContext& ctx);

}  // namespace zt::seed
