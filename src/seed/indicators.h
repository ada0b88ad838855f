// Private to the seed module: the demo city's indicator history — last month frozen at its
// reporting date, and this year's annual report draft generated — so that `make run` shows a
// frozen period and a report whose figures later change as staff work.
#pragma once

#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::seed {

// As the city's bureau manager (zj-manager, 440800) at `now`: freezes the previous calendar
// month's values of the city and generates the annual report draft of now's year.
Status SeedIndicators(service::Store& store, service::Crypto& crypto, Instant now);

}  // namespace zt::seed
