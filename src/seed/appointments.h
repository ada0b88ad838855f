// Private to the seed module: demo halls, windows and slots (预约办) and the 一窗 front desks.
#pragma once

#include "zt/core/error.h"
#include "zt/seed/seed.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::seed {

// The city's service centre (湛江市政务服务中心) and 赤坎区's, each with a 综合窗口 (一窗) and a
// window of its market-regulation office, slots of 30 minutes (3 seats) on the working days of
// the week from `options.now`, a front-desk clerk per hall (logins added to `result`), and a
// few bookings of the demo citizens. Returns the number of slots opened.
Result<int> SeedAppointments(service::Store& store, service::Crypto& crypto,
                             const SeedOptions& options, SeedResult& result);

}  // namespace zt::seed
