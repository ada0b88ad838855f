// Private to the seed module: the demo city's basic catalogue (docs/catalogue.md).
#pragma once

#include <string>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::seed {

// A body that implements the city's standard items: its administrator and department.
struct ImplementingBody {
  accounts::Actor admin;
  std::string department_id;
  std::string region_code;
};

// Defines a few city-level standard items as `manager`, has each body implement and publish
// them, then revises one standard so the drift report has something to show. Returns the
// number of implementations made.
Result<int> SeedCatalogue(service::Store& store, service::Crypto& crypto, const Clock& clock,
                          const accounts::Actor& manager,
                          const std::vector<ImplementingBody>& bodies,
                          const service::RequestContext& ctx);

}  // namespace zt::seed
