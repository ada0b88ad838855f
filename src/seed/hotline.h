// Private to the seed module: the demo 12345 hotline (docs/hotline.md).
#pragma once

#include "zt/core/error.h"
#include "zt/seed/seed.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::seed {

// Hotline agents and a supervisor (demo password, changed at first login), the routing
// rules (派单目录) of the demo city, a few knowledge-base articles, ten days of call counts
// and some forty matters in every state: answered directly, dispatched, accepted, returned,
// extended, replied, called back, closed resolved and not, one urgent, one overdue, one
// merged duplicate. Adds the new logins to `result`. Returns the number of matters.
Result<int> SeedHotline(service::Store& store, service::Crypto& crypto, const SeedOptions& options,
                        SeedResult& result);

}  // namespace zt::seed
