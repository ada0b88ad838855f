// Account administration (docs/security.md "Account administration"): the staff accounts an
// administrator manages, created with a one-time initial password, changed, disabled and
// re-enabled, and their lost second factor reset. Who may do what is
// service::AccountAdminService's one rule (accounts::CheckGrant).
#include <boost/json.hpp>
#include <charconv>

#include "handler_support.h"
#include "render.h"
#include "routes.h"
#include "zt/core/phone.h"
#include "zt/http/json_body.h"
#include "zt/http/problem.h"
#include "zt/service/account_admin_service.h"

namespace zt::api {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

void RegisterAccountAdminMessages() {
  struct Message {
    const char* key;
    const char* zh;
    const char* en;
  };
  static constexpr Message kMessages[] = {
      {"account.admin_only", "只有系统管理员、安全管理员和部门管理员可以管理账号",
       "Only system, security and department administrators manage accounts"},
      {"account.grant_not_allowed", "您无权授予或管理该角色（三员分立）",
       "You may not grant or manage this role (separation of the three administrators)"},
      {"account.grant_out_of_scope", "该账号的区划或部门不在您的管辖范围内",
       "The account's region or department lies outside your scope"},
      {"account.self", "不能管理自己的账号", "Nobody administers their own account"},
      {"account.not_found", "账号不存在", "No such account"},
      {"account.reason_required", "请填写 2 至 200 字的理由",
       "Give a reason of 2 to 200 characters"},
      {"account.staff_role", "公众账号由本人注册", "Citizens register themselves"},
      {"account.username_length", "用户名应为 1 至 64 个字符", "A username has 1 to 64 characters"},
      {"account.username_taken", "该用户名已被使用", "This username is taken"},
      {"account.department_required", "该角色须属于一个部门",
       "This role belongs to one department"},
      {"account.role_filter", "角色无效", "Not a role"},
      {"department.unknown", "部门不存在", "No such department"},
      {"inactivity.days", "天数应为 1 至 3650", "Days must be 1 to 3650"},
  };
  for (const auto& m : kMessages) http::RegisterMessages(m.key, m.zh, m.en);
}

json::object RenderStaffAccount(const service::AccountRecord& a,
                                const std::optional<Instant>& last_login) {
  json::object o = RenderAccount(a);
  o["disabled"] = a.disabled;
  o["totp_enabled"] = a.totp_enabled;
  // Staff phones are personal data: administrators see them masked (docs/security.md).
  o["phone"] = a.phone.empty() ? std::string() : MaskPhone(a.phone);
  o["created_at"] = FormatInstant(a.created_at);
  o["last_login_at"] = last_login ? json::value(FormatInstant(*last_login)) : json::value(nullptr);
  o["version"] = a.version;
  return o;
}

class AccountAdminRoutes {
 public:
  explicit AccountAdminRoutes(const ApiDeps& deps) : admin_(deps.store, deps.crypto, deps.clock) {}

  Result<Response> List(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_RETURN_IF_ERROR(admin_.RequireAdministrator(p->session.actor, ContextOf(req)));
    service::StaffListRequest in;
    if (std::string role = QueryOr(req, "role"); !role.empty()) {
      auto parsed = accounts::ParseRole(role);
      if (!parsed) return FieldFail("/role", "account.role_filter", "not a role");
      in.role = *parsed;
    }
    in.after = QueryOr(req, "after");
    if (std::string limit = QueryOr(req, "limit"); !limit.empty()) {
      int value = 0;
      auto [end, ec] = std::from_chars(limit.data(), limit.data() + limit.size(), value);
      if (ec != std::errc() || end != limit.data() + limit.size()) {
        return FieldFail("/limit", "query.page_size", "1 to 100");
      }
      in.limit = value;
    }
    ZT_ASSIGN_OR_RETURN(auto page, admin_.List(p->session.actor, in, ContextOf(req)));
    json::array items;
    for (const auto& s : page.items)
      items.push_back(RenderStaffAccount(s.account, s.last_login_at));
    json::object body{{"items", std::move(items)}};
    if (!page.next_after.empty()) body["next_after"] = page.next_after;
    return Response::Json(200, std::move(body));
  }

  Result<Response> Get(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_RETURN_IF_ERROR(admin_.RequireAdministrator(p->session.actor, ContextOf(req)));
    ZT_ASSIGN_OR_RETURN(
        auto s,
        admin_.Get(p->session.actor, AccountId(std::string(req.path_param("id"))), ContextOf(req)));
    return JsonWithETag(200, RenderStaffAccount(s.account, s.last_login_at), s.account.version);
  }

  Result<Response> Create(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    service::NewStaffAccount in;
    in.username = r.RequireString("username", 1, 64);
    in.display_name = r.RequireString("display_name", 1, 200);
    std::string role = r.RequireString("role", 1, 32);
    in.region_code = r.RequireString("region_code", 1, 12);
    in.department_id = DepartmentId(r.OptionalString("department_id", 0, 64).value_or(""));
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_RETURN_IF_ERROR(admin_.RequireAdministrator(p->session.actor, ContextOf(req)));
    ZT_ASSIGN_OR_RETURN(in.role, accounts::ParseRole(role));
    ZT_ASSIGN_OR_RETURN(auto created, admin_.Create({p->session.actor, ""}, in, ContextOf(req)));
    json::object body = RenderStaffAccount(created.account, std::nullopt);
    body["initial_password"] = created.initial_password;
    Response out = JsonWithETag(201, std::move(body), created.account.version);
    out.SetHeader("Location", "/api/v1/admin/accounts/" + created.account.id.value());
    out.SetHeader("Cache-Control", "no-store");  // the initial password is shown once
    return out;
  }

  Result<Response> Change(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    ZT_RETURN_IF_ERROR(admin_.RequireAdministrator(p->session.actor, ContextOf(req)));
    http::JsonObjectReader r(req.body());
    service::StaffAccountChange change;
    std::optional<std::string> role = r.OptionalString("role", 1, 32);
    change.region_code = r.OptionalString("region_code", 1, 12);
    if (auto d = r.OptionalString("department_id", 0, 64)) change.department_id = DepartmentId(*d);
    change.display_name = r.OptionalString("display_name", 1, 200);
    ZT_RETURN_IF_ERROR(r.Finish());
    if (role) {
      ZT_ASSIGN_OR_RETURN(change.role, accounts::ParseRole(*role));
    }
    ZT_ASSIGN_OR_RETURN(
        auto account, admin_.Change(p->session.actor, AccountId(std::string(req.path_param("id"))),
                                    version, change, ContextOf(req)));
    return JsonWithETag(200, RenderStaffAccount(account, std::nullopt), account.version);
  }

  Result<Response> Disable(Request& req) { return SetDisabled(req, true); }
  Result<Response> Enable(Request& req) { return SetDisabled(req, false); }

  Result<Response> ResetSecondFactor(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    ZT_RETURN_IF_ERROR(admin_.RequireAdministrator(p->session.actor, ContextOf(req)));
    http::JsonObjectReader r(req.body());
    std::string reason = r.RequireString("reason", 0, 800);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(
        auto account,
        admin_.ResetSecondFactor(p->session.actor, AccountId(std::string(req.path_param("id"))),
                                 version, reason, ContextOf(req)));
    return JsonWithETag(200, RenderStaffAccount(account, std::nullopt), account.version);
  }

 private:
  Result<Response> SetDisabled(Request& req, bool disabled) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    ZT_RETURN_IF_ERROR(admin_.RequireAdministrator(p->session.actor, ContextOf(req)));
    std::string reason;
    if (!req.body().empty()) {
      http::JsonObjectReader r(req.body());
      reason = r.OptionalString("reason", 0, 800).value_or("");
      ZT_RETURN_IF_ERROR(r.Finish());
    }
    ZT_ASSIGN_OR_RETURN(
        auto account,
        admin_.SetDisabled({p->session.actor, ""}, AccountId(std::string(req.path_param("id"))),
                           version, disabled, reason, ContextOf(req)));
    return JsonWithETag(200, RenderStaffAccount(account, std::nullopt), account.version);
  }

  service::AccountAdminService admin_;
};

}  // namespace

void RegisterAccountAdminRoutes(http::Router& router, const ApiDeps& deps) {
  RegisterAccountAdminMessages();
  auto routes = std::make_shared<AccountAdminRoutes>(deps);
  auto bind = [routes](Result<Response> (AccountAdminRoutes::*method)(Request&)) {
    return [routes, method](Request& req) { return ((*routes).*method)(req); };
  };
  router.Get("/api/v1/admin/accounts", bind(&AccountAdminRoutes::List));
  router.Post("/api/v1/admin/accounts", bind(&AccountAdminRoutes::Create));
  router.Get("/api/v1/admin/accounts/{id}", bind(&AccountAdminRoutes::Get));
  router.Patch("/api/v1/admin/accounts/{id}", bind(&AccountAdminRoutes::Change));
  router.Post("/api/v1/admin/accounts/{id}/disable", bind(&AccountAdminRoutes::Disable));
  router.Post("/api/v1/admin/accounts/{id}/enable", bind(&AccountAdminRoutes::Enable));
  router.Post("/api/v1/admin/accounts/{id}/second-factor/reset",
              bind(&AccountAdminRoutes::ResetSecondFactor));
}

}  // namespace zt::api
