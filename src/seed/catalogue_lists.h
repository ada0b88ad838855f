// Private to the seed module: the demo city's power and responsibility list (权责清单) and
// life events (一件事), and the city-scale catalogue generator (docs/catalogue.md).
#pragma once

#include <functional>
#include <string_view>

#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::seed {

// For every city department: a power item for each of its licensing and confirmation items,
// one inspection and one penalty power, each with its steps and accountability cases,
// recorded by the department's administrator; and two life events (新生儿出生, 开办餐饮店)
// bundling published city items, recorded by the city's bureau manager. Returns the number
// of power items.
Result<int> SeedCatalogueLists(service::Store& store, service::Crypto& crypto, Instant now);

// Adds a city-scale catalogue to a seeded demo city: `city_items` published items spread over
// the city's departments, and for each city item implementations in counties, towns and
// villages until `total_items` exist, written in batches of one unit of work with one
// item.created event per item. Deterministic. Returns the number of items written.
Result<int> GenerateCityCatalogue(service::Store& store, Instant now, int city_items,
                                  int total_items,
                                  const std::function<void(int done, int total)>& progress);

}  // namespace zt::seed
