// Unmasking personal data (docs/security.md, "Personal data"): the plain ID and mobile numbers
// of an application's applicant, or a work order's caller, once, for a stated reason, audited.
#include <boost/json.hpp>

#include "handler_support.h"
#include "routes.h"
#include "zt/http/json_body.h"
#include "zt/http/problem.h"
#include "zt/service/personal_data_service.h"

namespace zt::api {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

void RegisterPersonalDataMessages() {
  http::RegisterMessages("personal_data.reason_required", "查看完整号码须填写理由",
                         "State why the full numbers are needed");
  http::RegisterMessages("personal_data.reason_too_long", "理由过长（最多 500 字）",
                         "The reason is too long (at most 500 characters)");
  http::RegisterMessages("personal_data.unmask_not_allowed", "该角色无权查看完整证件号码和手机号码",
                         "This role may not see full ID or mobile numbers");
  http::RegisterMessages("personal_data.confidential_caller",
                         "来电人要求保密，承办部门不能查看其身份",
                         "The caller asked to stay anonymous to the department");
}

class PersonalDataRoutes {
 public:
  explicit PersonalDataRoutes(const ApiDeps& deps) : personal_data_(deps.store, deps.clock) {}

  Result<Response> UnmaskApplicant(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    std::string reason = r.RequireString("reason", 0, 2000);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(
        auto numbers,
        personal_data_.UnmaskApplicant(p->session.actor, CaseId(std::string(req.path_param("id"))),
                                       reason, ContextOf(req)));
    return Response::Json(200,
                          json::object{{"id_number", numbers.id_number}, {"phone", numbers.phone}});
  }

  Result<Response> UnmaskCaller(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    std::string reason = r.RequireString("reason", 0, 2000);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(
        auto caller,
        personal_data_.UnmaskCaller(p->session.actor, CaseId(std::string(req.path_param("id"))),
                                    reason, ContextOf(req)));
    return Response::Json(
        200, json::object{{"caller_name", caller.name}, {"caller_phone", caller.phone}});
  }

 private:
  service::PersonalDataService personal_data_;
};

}  // namespace

void RegisterPersonalDataRoutes(http::Router& router, const ApiDeps& deps) {
  RegisterPersonalDataMessages();
  auto routes = std::make_shared<PersonalDataRoutes>(deps);
  router.Post("/api/v1/applications/{id}/unmask",
              [routes](Request& req) { return routes->UnmaskApplicant(req); });
  router.Post("/api/v1/hotline/orders/{id}/unmask",
              [routes](Request& req) { return routes->UnmaskCaller(req); });
}

}  // namespace zt::api
