// Private to the api module: the JSON shapes of the hotline, shared by hotline_routes.cc and
// open311_routes.cc.
#pragma once

#include <boost/json.hpp>
#include <vector>

#include "zt/core/indicator.h"
#include "zt/service/hotline_service.h"

namespace zt::api {

boost::json::object RenderOrder(const service::OrderView& view, bool with_steps);
boost::json::array RenderDuplicates(const std::vector<hotline::DuplicateHit>& hits);
boost::json::array RenderHotlineIndicators(const std::vector<Indicator>& rates);

}  // namespace zt::api
