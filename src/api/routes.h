// Private to the api module: the route groups of areas that keep their handlers in their
// own file (<area>_routes.cc). Each adds its routes (and registers its message texts with
// http::RegisterMessages) when Api::Register runs; services are built from ApiDeps.
#pragma once

#include "zt/calendar/calendar.h"
#include "zt/core/time.h"
#include "zt/http/router.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::api {

struct ApiDeps {
  service::Store& store;
  service::Crypto& crypto;
  const Clock& clock;
  const calendar::WorkingCalendar& calendar;
};

}  // namespace zt::api
