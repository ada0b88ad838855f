// JSON forms of the services' views (shapes documented in docs/api.md and docs/openapi.json).
#pragma once

#include <boost/json.hpp>

#include "zt/service/account_service.h"
#include "zt/service/application_service.h"
#include "zt/service/catalog_service.h"

namespace zt::api {

boost::json::object RenderAccount(const service::AccountRecord& account);
boost::json::object RenderRegion(const service::Region& region);
boost::json::object RenderDepartment(const service::Department& department);
boost::json::object RenderItem(const service::ItemView& view);
boost::json::object RenderApplication(const service::ApplicationView& view, bool with_steps);
boost::json::object RenderFigures(const service::DepartmentFigures& figures);

std::string_view StateNameZh(std::string_view state);
std::string_view ActionNameZh(std::string_view action);

}  // namespace zt::api
