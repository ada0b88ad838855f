// Private to the seed module: demo ratings (好差评) of the seeded concluded applications.
#pragma once

#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::seed {

// Rates about 60% of the concluded applications through RatingService as their applicants
// (two in ten of them badly), takes the rectification cases those open through every stage
// (some to the re-rating, some left open or overdue), then gives the unrated cases older
// than seven days their default rating as of `now`. Returns the number of ratings written.
Result<int> SeedRatings(service::Store& store, service::Crypto& crypto, Instant now);

}  // namespace zt::seed
