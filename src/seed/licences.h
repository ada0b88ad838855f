// Private to the seed module: demo electronic licences (docs/licences.md).
#pragma once

#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::seed {

// Lists three licence types of 湛江市市场监督管理局 (two opened), issues food licences to
// businesses and individual-business licences to two demo citizens, enters a historical
// stock and suspends one licence. Signing needs the operator's key-encryption key
// (ZT_LICENCE_KEK or ZT_LICENCE_KEK_FILE); without one the types are listed and no licence is
// issued. Returns the number of licences written.
Result<int> SeedLicences(service::Store& store, service::Crypto& crypto, Instant now);

}  // namespace zt::seed
