// The catalogue across levels: basic-catalogue (基本目录) items, their implementations and
// the drift report (docs/catalogue.md). The item endpoints themselves stay in api.cc.
#include <boost/json.hpp>

#include "handler_support.h"
#include "render.h"
#include "routes.h"
#include "zt/http/json_body.h"
#include "zt/http/problem.h"
#include "zt/service/catalog_service.h"

namespace zt::api {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

void RegisterCatalogueMessages() {
  struct Message {
    const char* key;
    const char* zh;
    const char* en;
  };
  static constexpr Message kMessages[] = {
      {"standard.not_found", "基本目录事项不存在", "No such basic-catalogue item"},
      {"standard.not_allowed", "仅本地区政务服务数据管理局可维护基本目录",
       "Basic-catalogue items are kept by the bureau of the region"},
      {"standard.code_taken", "该基本编码已被使用", "This basic code is already in use"},
      {"standard.basic_code_format", "基本编码须为 6 至 32 位字母、数字、“-”或“_”",
       "A basic code is 6 to 32 letters, digits, '-' or '_'"},
      {"standard.competent_department_required", "请填写主管部门",
       "The competent department is required"},
      {"standard.legal_basis_required", "请填写设定和实施依据（1 至 4000 字）",
       "The legal basis (1 to 4000 characters) is required"},
      {"standard.level_unknown", "行使层级不正确", "Unknown level"},
      {"standard.level_not_defining", "基本目录事项只能在省级或市级设立",
       "Basic-catalogue items are defined at province or city level"},
      {"standard.level_above", "实施主体的层级不能高于基本目录事项的层级",
       "The implementing body is above the standard item's level"},
      {"standard.region_outside", "实施地区不在基本目录事项所属地区范围内",
       "The item's region lies outside the standard item's region"},
      {"item.element_locked", "该要素由基本目录统一规定，不能在实施清单中修改",
       "This element is set by the basic catalogue and cannot be changed locally"},
      {"item.not_draft", "已发布或已撤销的事项不能直接修改",
       "A published or withdrawn item is not edited in place"},
      {"item.not_an_implementation", "该事项不是基本目录事项的实施清单",
       "The item does not implement a basic-catalogue item"},
      {"item.local_length", "内容过长（最多 500 字）", "Too long (at most 500 characters)"},
      {"item.too_many_windows", "办理窗口最多 50 个", "At most 50 windows"},
      {"item.window_length", "窗口名称须为 1 至 100 字", "A window needs 1 to 100 characters"},
      {"catalogue.drift_not_allowed", "偏差报告仅供政务服务数据管理局和部门管理员查看",
       "The drift report is for bureau managers and department administrators"},
  };
  for (const auto& m : kMessages) http::RegisterMessages(m.key, m.zh, m.en);
}

json::object RenderStandard(const catalog::StandardItem& s) {
  return {{"id", s.id},
          {"basic_code", s.basic_code},
          {"name", s.name},
          {"type", catalog::ItemTypeName(s.type)},
          {"type_name", catalog::ItemTypeNameZh(s.type)},
          {"competent_department", s.competent_department},
          {"legal_basis", s.legal_basis},
          {"statutory_limit_wd", s.statutory_limit_wd},
          {"level", catalog::LevelName(s.level)},
          {"level_name", catalog::LevelNameZh(s.level)},
          {"region_code", s.region_code},
          {"version", s.version},
          {"created_at", FormatInstant(s.created_at)},
          {"updated_at", FormatInstant(s.updated_at)}};
}

json::array RenderStrings(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

json::object RenderImplementation(const service::ImplementationView& v) {
  json::array drift;
  for (const auto& d : v.drift) {
    drift.push_back(json::object{{"element", d.element},
                                 {"standard_value", d.standard_value},
                                 {"implementation_value", d.implementation_value}});
  }
  const auto& impl = v.implementation;
  return {{"item", RenderItem(v.item)},
          {"standard", RenderStandard(v.standard)},
          {"standard_version", impl.standard_version},
          {"level", catalog::LevelName(impl.level)},
          {"level_name", catalog::LevelNameZh(impl.level)},
          {"locked", json::object{{"basic_code", impl.basic_code},
                                  {"competent_department", impl.competent_department},
                                  {"legal_basis", impl.legal_basis}}},
          {"local", json::object{{"address", impl.address},
                                 {"office_hours", impl.office_hours},
                                 {"windows", RenderStrings(impl.windows)},
                                 {"promised_limit_wd", v.item.item.promised_limit_wd}}},
          {"drift", std::move(drift)}};
}

// The standard's locked elements from a body (creation and revision share them).
catalog::StandardItem ReadStandard(http::JsonObjectReader& r) {
  catalog::StandardItem s;
  s.basic_code = r.RequireString("basic_code", 1, 32);
  s.name = r.RequireString("name", 1, 200);
  std::string type = r.RequireString("type", 1, 32);
  s.competent_department = r.RequireString("competent_department", 1, 800);
  s.legal_basis = r.RequireString("legal_basis", 1, 16000);
  s.statutory_limit_wd = static_cast<int>(r.RequireInt("statutory_limit_wd", 0, 365));
  if (auto t = catalog::ParseItemType(type); t) {
    s.type = *t;
  } else {
    r.AddFieldError("type", "item.type_unknown", t.error().detail());
  }
  return s;
}

catalog::LocalElements ReadLocal(http::JsonObjectReader& r) {
  catalog::LocalElements local;
  local.address = r.OptionalString("address", 0, 2000).value_or("");
  local.office_hours = r.OptionalString("office_hours", 0, 2000).value_or("");
  if (auto windows = r.OptionalArray("windows", 0, 50)) {
    for (std::size_t i = 0; i < windows->size(); ++i) {
      local.windows.push_back(windows->StringAt(i, 1, 400));
    }
  }
  return local;
}

// A locked element in a body meant for local elements gets its own clear refusal rather
// than the generic unknown-field one.
void RefuseLocked(http::JsonObjectReader& r) {
  for (std::string_view name : catalog::LockedElementNames()) {
    if (r.Has(name)) {
      r.RawValue(name);  // read, so Finish does not report it a second time
      r.AddFieldError(name, "item.element_locked",
                      std::string(name) + " is set by the basic catalogue");
    }
  }
}

class CatalogueRoutes {
 public:
  explicit CatalogueRoutes(const ApiDeps& deps) : catalog_(deps.store, deps.crypto, deps.clock) {}

  Result<Response> ListStandards(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto paging, Paging(req));
    service::StandardQuery q;
    q.text = QueryOr(req, "q");
    if (q.text.size() > 200) return FieldFail("q", "query.required", "q is at most 200 bytes");
    std::string region = QueryOr(req, "region");
    if (!region.empty()) q.region_prefix = service::RegionScopePrefix(region);
    q.offset = paging.first;
    q.limit = paging.second;
    ZT_ASSIGN_OR_RETURN(auto page, catalog_.ListStandards(q));
    json::array items;
    for (const auto& s : page.items) items.push_back(RenderStandard(s));
    return Response::Json(200,
                          json::object{{"items", std::move(items)}, {"total_size", page.total}});
  }

  Result<Response> GetStandard(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto s, catalog_.GetStandard(std::string(req.path_param("id"))));
    return JsonWithETag(200, RenderStandard(s), s.version);
  }

  Result<Response> CreateStandard(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    catalog::StandardItem s = ReadStandard(r);
    s.region_code = r.RequireString("region_code", 6, 12);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto created,
                        catalog_.CreateStandard(p->session.actor, std::move(s), ContextOf(req)));
    Response out = JsonWithETag(201, RenderStandard(created), created.version);
    out.SetHeader("Location", "/api/v1/catalogue/standards/" + created.id);
    return out;
  }

  Result<Response> ReviseStandard(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    http::JsonObjectReader r(req.body());
    catalog::StandardItem s = ReadStandard(r);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto revised,
                        catalog_.ReviseStandard(p->session.actor, std::string(req.path_param("id")),
                                                version, std::move(s), ContextOf(req)));
    return JsonWithETag(200, RenderStandard(revised), revised.version);
  }

  Result<Response> Implement(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    RefuseLocked(r);
    service::ImplementRequest request;
    catalog::ServiceItem& item = request.item;
    item.code = r.RequireString("code", 1, 64);
    item.department_id = DepartmentId(r.RequireString("department_id", 1, 64));
    item.region_code = r.RequireString("region_code", 6, 12);
    item.promised_limit_wd = static_cast<int>(r.RequireInt("promised_limit_wd", 0, 365));
    std::string kind = r.OptionalString("case_kind", 1, 16).value_or("promised");
    item.online = r.OptionalBool("online").value_or(true);
    if (auto materials = r.OptionalArray("materials", 0, 100)) {
      for (std::size_t i = 0; i < materials->size(); ++i) {
        auto m = materials->ObjectAt(i);
        catalog::Material material;
        material.name = m.RequireString("name", 1, 200);
        material.required = m.OptionalBool("required").value_or(true);
        material.note = m.OptionalString("note", 0, 500).value_or("");
        material.secondary = m.OptionalBool("secondary").value_or(false);
        material.trust_grade = m.OptionalString("trust_grade", 0, 1).value_or("");
        material.licence_type_code = m.OptionalString("licence_type_code", 0, 64).value_or("");
        item.materials.push_back(std::move(material));
      }
    }
    if (auto k = catalog::ParseCaseKind(kind); k) {
      item.case_kind = *k;
    } else {
      r.AddFieldError("case_kind", "item.case_kind_unknown", k.error().detail());
    }
    request.local = ReadLocal(r);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto view,
                        catalog_.Implement(p->session.actor, std::string(req.path_param("id")),
                                           std::move(request), ContextOf(req)));
    Response out = JsonWithETag(201, RenderImplementation(view), view.item.item.version);
    out.SetHeader("Location", "/api/v1/catalogue/implementations/" + view.item.item.id.value());
    return out;
  }

  Result<Response> GetImplementation(Request& req) {
    ZT_ASSIGN_OR_RETURN(
        auto view,
        catalog_.GetImplementation(OptionalActor(req), ItemId(std::string(req.path_param("id")))));
    return JsonWithETag(200, RenderImplementation(view), view.item.item.version);
  }

  Result<Response> UpdateLocal(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    http::JsonObjectReader r(req.body());
    RefuseLocked(r);
    catalog::LocalElements local = ReadLocal(r);
    local.promised_limit_wd = static_cast<int>(r.RequireInt("promised_limit_wd", 0, 365));
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(
        auto view, catalog_.UpdateLocal(p->session.actor, ItemId(std::string(req.path_param("id"))),
                                        version, std::move(local), ContextOf(req)));
    return JsonWithETag(200, RenderImplementation(view), view.item.item.version);
  }

  Result<Response> FollowStandard(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    ZT_ASSIGN_OR_RETURN(auto view, catalog_.FollowStandard(
                                       p->session.actor, ItemId(std::string(req.path_param("id"))),
                                       version, ContextOf(req)));
    return JsonWithETag(200, RenderImplementation(view), view.item.item.version);
  }

  Result<Response> Drift(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto report, catalog_.Drift(p->session.actor, QueryOr(req, "region"),
                                                    DepartmentId(QueryOr(req, "department_id"))));
    json::array rows;
    for (const auto& v : report.rows) rows.push_back(RenderImplementation(v));
    return Response::Json(200, json::object{{"region_prefix", report.region_prefix},
                                            {"department_id", report.department_id.value()},
                                            {"checked", report.checked},
                                            {"drifting", report.rows.size()},
                                            {"items", std::move(rows)}});
  }

 private:
  service::CatalogService catalog_;
};

}  // namespace

void RegisterCatalogueRoutes(http::Router& router, const ApiDeps& deps) {
  RegisterCatalogueMessages();
  auto routes = std::make_shared<CatalogueRoutes>(deps);
  auto bind = [routes](Result<Response> (CatalogueRoutes::*method)(Request&)) {
    return [routes, method](Request& req) { return ((*routes).*method)(req); };
  };
  router.Get("/api/v1/catalogue/standards", bind(&CatalogueRoutes::ListStandards));
  router.Post("/api/v1/catalogue/standards", bind(&CatalogueRoutes::CreateStandard));
  router.Get("/api/v1/catalogue/standards/{id}", bind(&CatalogueRoutes::GetStandard));
  router.Put("/api/v1/catalogue/standards/{id}", bind(&CatalogueRoutes::ReviseStandard));
  router.Post("/api/v1/catalogue/standards/{id}/implementations",
              bind(&CatalogueRoutes::Implement));
  router.Get("/api/v1/catalogue/implementations/{id}", bind(&CatalogueRoutes::GetImplementation));
  router.Put("/api/v1/catalogue/implementations/{id}/local", bind(&CatalogueRoutes::UpdateLocal));
  router.Post("/api/v1/catalogue/implementations/{id}/follow",
              bind(&CatalogueRoutes::FollowStandard));
  router.Get("/api/v1/catalogue/drift", bind(&CatalogueRoutes::Drift));
}

}  // namespace zt::api
