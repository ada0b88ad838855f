// Indicators (docs/indicators.md): the registry, values for a scope and period with their
// numerators, denominators and formulas, breakdowns by month, department and region for the
// dashboards, the records behind a number, CSV and XLSX exports, freezing a period, and the
// counter check.
#include <boost/json.hpp>

#include "handler_support.h"
#include "routes.h"
#include "zt/core/csv.h"
#include "zt/crypto/signer_openssl.h"
#include "zt/document/xlsx.h"
#include "zt/http/json_body.h"
#include "zt/http/problem.h"
#include "zt/service/indicator_areas.h"
#include "zt/service/indicator_service.h"

namespace zt::api {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

void RegisterIndicatorMessages() {
  struct Message {
    const char* key;
    const char* zh;
    const char* en;
  };
  static constexpr Message kMessages[] = {
      {"indicator.not_allowed", "指标仅供政务服务数据管理局和部门工作人员查看",
       "Indicators are for bureau managers and departmental staff"},
      {"indicator.out_of_scope", "所选地区或部门不在您的权限范围内",
       "The region or department lies outside your scope"},
      {"indicator.period", "统计期不正确（结束日期不能早于开始日期，且不超过十年）",
       "The period is wrong (it ends before it starts, or spans more than ten years)"},
      {"indicator.period_open", "统计期尚未结束，结束后方可冻结",
       "A period is frozen after it has ended"},
      {"indicator.already_frozen", "该统计期已冻结", "This period was frozen before"},
      {"indicator.not_found", "指标不存在", "No such indicator"},
      {"indicator.part", "请选择分子或分母", "Choose numerator or denominator"},
      {"indicator.group_by", "分组方式应为按月、按部门或按地区",
       "Group by month, department or region"},
      {"indicator.format", "导出格式应为 json、csv 或 xlsx", "The format is json, csv or xlsx"},
      {"indicator.level", "层级应为省级、市级、县级、乡镇级或村级（冻结时不分层级）",
       "The level is province, city, county, town or village (a freeze covers every level)"},
      {"indicator.item_frozen", "冻结的是全部事项的数值，不能只冻结一个事项",
       "A period is frozen for every item at once"},
      {"indicator.unknown_action", "指标公式引用了不存在的事件",
       "The formula names an unknown event"},
      {"indicator.unknown_field", "指标公式引用了不存在的字段",
       "The formula names an unknown field"},
      {"indicator.formula_syntax", "指标公式格式不正确", "The formula is malformed"},
  };
  for (const auto& m : kMessages) http::RegisterMessages(m.key, m.zh, m.en);
}

json::value OptionalNumber(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object RenderValue(const indicators::Value& v) {
  return {{"id", v.id},
          {"name_zh", v.name_zh},
          {"name_en", v.name_en},
          {"basis", indicators::BasisName(v.basis)},
          {"value", OptionalNumber(v.value)},
          {"numerator", v.numerator},
          {"denominator", v.has_denominator ? json::value(v.denominator) : json::value(nullptr)},
          {"formula", v.formula},
          {"rounding", indicators::RoundingName(v.rounding)},
          {"version", v.version},
          {"area", v.area}};
}

json::array RenderValues(const std::vector<indicators::Value>& values) {
  json::array out;
  for (const auto& v : values) out.push_back(RenderValue(v));
  return out;
}

std::string NumberText(const std::optional<double>& v) {
  if (!v) return "";
  json::value j(*v);
  return json::serialize(j);
}

const std::vector<std::string> kValueHeader = {"group",   "id",     "name_zh",   "name_en",
                                               "basis",   "value",  "numerator", "denominator",
                                               "formula", "version"};

std::vector<std::string> ValueRow(const std::string& group, const indicators::Value& v) {
  return {group,
          v.id,
          v.name_zh,
          v.name_en,
          std::string(indicators::BasisName(v.basis)),
          NumberText(v.value),
          NumberText(v.numerator),
          v.has_denominator ? std::to_string(v.denominator) : "",
          v.formula,
          std::to_string(v.version)};
}

// Values (with a group column) as CSV (UTF-8 with BOM, formula-guarded) or XLSX.
Result<Response> Export(std::string_view format, const std::string& name,
                        const std::vector<std::pair<std::string, const indicators::Value*>>& rows) {
  if (format == "csv") {
    std::string out(CsvBom());
    out += CsvLine(kValueHeader);
    for (const auto& [group, v] : rows) out += CsvLine(ValueRow(group, *v));
    Response r(200, std::move(out), "text/csv; charset=utf-8");
    r.SetHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
    return r;
  }
  document::Sheet sheet;
  sheet.name = "指标";
  sheet.rows.push_back({});
  for (const auto& h : kValueHeader) sheet.rows.back().push_back(h);
  for (const auto& [group, v] : rows) {
    auto text = ValueRow(group, *v);
    std::vector<document::Cell> cells;
    for (std::size_t i = 0; i < text.size(); ++i) {
      bool numeric = (i == 5 && v->value) || i == 6 || (i == 7 && v->has_denominator);
      if (numeric) {
        cells.emplace_back(i == 5   ? *v->value
                           : i == 6 ? v->numerator
                                    : static_cast<double>(v->denominator));
      } else {
        cells.emplace_back(text[i]);
      }
    }
    sheet.rows.push_back(std::move(cells));
  }
  ZT_ASSIGN_OR_RETURN(std::string bytes, document::WriteXlsx(sheet));
  Response r(200, std::move(bytes), document::kXlsxContentType);
  r.SetHeader("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
  return r;
}

// ?region=&department_id=&level=&item_id=&from=&to=; the period defaults to this year up to
// today (CST).
Result<service::ValueQuery> ReadQuery(const Request& req, const Clock& clock) {
  service::ValueQuery q;
  q.region_code = QueryOr(req, "region");
  q.department_id = QueryOr(req, "department_id");
  q.level = QueryOr(req, "level");
  q.item_id = QueryOr(req, "item_id");
  Date today = CivilDateCst(clock.Now());
  std::string from = QueryOr(req, "from");
  std::string to = QueryOr(req, "to");
  if (from.empty()) {
    ZT_ASSIGN_OR_RETURN(q.from, Date::FromYmd(today.year(), 1, 1));
  } else {
    auto d = ParseDate(from);
    if (!d) return FieldFail("from", "date.format", "from is YYYY-MM-DD");
    q.from = *d;
  }
  if (to.empty()) {
    q.to = today;
  } else {
    auto d = ParseDate(to);
    if (!d) return FieldFail("to", "date.format", "to is YYYY-MM-DD");
    q.to = *d;
  }
  return q;
}

Result<std::string> ReadFormat(const Request& req) {
  std::string format = QueryOr(req, "format");
  if (format.empty()) return std::string("json");
  if (format != "json" && format != "csv" && format != "xlsx") {
    return FieldFail("format", "indicator.format", "json, csv or xlsx");
  }
  return format;
}

class IndicatorRoutes {
 public:
  explicit IndicatorRoutes(const ApiDeps& deps)
      : clock_(deps.clock), signer_(std::string()), indicators_(deps.store, deps.clock) {
    service::RegisterAreaIndicators(indicators_,
                                    {deps.store, deps.crypto, signer_, deps.clock, deps.calendar});
  }

  Result<Response> Registry(Request& req) {
    ZT_RETURN_IF_ERROR(RequireLogin(req));
    json::array items;
    for (const auto& d : indicators_.registry().definitions()) {
      json::array scope;
      for (const auto& s : d.scope) scope.emplace_back(s);
      items.push_back(json::object{
          {"id", d.id},
          {"name_zh", d.name_zh},
          {"name_en", d.name_en},
          {"description", d.description},
          {"basis", indicators::BasisName(d.basis)},
          {"numerator", d.numerator.ToString()},
          {"denominator", d.denominator ? json::value(d.denominator->ToString()) : nullptr},
          {"formula", d.FormulaText()},
          {"rounding", indicators::RoundingName(d.rounding)},
          {"scope", std::move(scope)},
          {"version", d.version}});
    }
    json::array areas;
    for (const auto& a : indicators_.areas()) areas.emplace_back(a);
    return Response::Json(200,
                          json::object{{"items", std::move(items)}, {"areas", std::move(areas)}});
  }

  Result<Response> Values(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto format, ReadFormat(req));
    ZT_ASSIGN_OR_RETURN(auto q, ReadQuery(req, clock_));
    ZT_ASSIGN_OR_RETURN(auto v, indicators_.Values(p->session.actor, q));
    if (format != "json") {
      std::vector<std::pair<std::string, const indicators::Value*>> rows;
      for (const auto& value : v.values) rows.emplace_back(v.region_code, &value);
      return Export(format,
                    "indicators-" + v.region_code + "-" + v.from.ToString() + "-" + v.to.ToString(),
                    rows);
    }
    return Response::Json(200, RenderValuesBody(v));
  }

  Result<Response> Breakdown(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto format, ReadFormat(req));
    ZT_ASSIGN_OR_RETURN(auto q, ReadQuery(req, clock_));
    std::string group = QueryOr(req, "group");
    ZT_ASSIGN_OR_RETURN(auto groups, indicators_.Breakdown(p->session.actor, q, group));
    if (format != "json") {
      std::vector<std::pair<std::string, const indicators::Value*>> rows;
      for (const auto& g : groups) {
        for (const auto& value : g.values) rows.emplace_back(g.label, &value);
      }
      return Export(format, "indicators-by-" + group, rows);
    }
    json::array out;
    for (const auto& g : groups) {
      out.push_back(
          json::object{{"key", g.key}, {"label", g.label}, {"values", RenderValues(g.values)}});
    }
    return Response::Json(200, json::object{{"group", group},
                                            {"from", q.from.ToString()},
                                            {"to", q.to.ToString()},
                                            {"groups", std::move(out)}});
  }

  Result<Response> Records(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto q, ReadQuery(req, clock_));
    std::string part = QueryOr(req, "part");
    if (part.empty()) part = "numerator";
    ZT_ASSIGN_OR_RETURN(auto records,
                        indicators_.Records(p->session.actor, req.path_param("id"), part, q, 200));
    json::array items;
    for (const auto& r : records) {
      items.push_back(
          json::object{{"kind", r.kind},
                       {"id", r.id},
                       {"label", r.label},
                       {"name", r.name},
                       {"department_id", r.department_id},
                       {"region_code", r.region_code},
                       {"at", r.at ? json::value(FormatInstant(*r.at)) : json::value(nullptr)},
                       {"term", r.term}});
    }
    return Response::Json(200, json::object{{"indicator", std::string(req.path_param("id"))},
                                            {"part", part},
                                            {"limit", 200},
                                            {"items", std::move(items)}});
  }

  Result<Response> Freeze(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    service::ValueQuery q;
    q.region_code = r.RequireString("region", 6, 12);
    q.department_id = r.OptionalString("department_id", 0, 64).value_or("");
    std::string from = r.RequireString("from", 10, 10);
    std::string to = r.RequireString("to", 10, 10);
    ZT_RETURN_IF_ERROR(r.Finish());
    auto f = ParseDate(from);
    if (!f) return FieldFail("/from", "date.format", "from is YYYY-MM-DD");
    auto t = ParseDate(to);
    if (!t) return FieldFail("/to", "date.format", "to is YYYY-MM-DD");
    q.from = *f;
    q.to = *t;
    ZT_ASSIGN_OR_RETURN(auto v, indicators_.Freeze(p->session.actor, q, ContextOf(req)));
    return Response::Json(201, RenderValuesBody(v));
  }

  Result<Response> Check(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto c, indicators_.CheckCounters(p->session.actor, false, ContextOf(req)));
    return Response::Json(200, json::object{{"stored_rows", c.stored_rows},
                                            {"recomputed_rows", c.recomputed_rows},
                                            {"equal", c.equal},
                                            {"first_difference", c.first_difference}});
  }

 private:
  static json::object RenderValuesBody(const service::IndicatorValues& v) {
    return {{"region_code", v.region_code},
            {"department_id", v.department_id},
            {"from", v.from.ToString()},
            {"to", v.to.ToString()},
            {"frozen", v.frozen},
            {"frozen_at", v.frozen_at ? json::value(FormatInstant(*v.frozen_at)) : nullptr},
            {"values", RenderValues(v.values)}};
  }

  const Clock& clock_;
  crypto::OpenSslSigner signer_;  // verify-only: figures never sign
  service::IndicatorService indicators_;
};

}  // namespace

void RegisterIndicatorRoutes(http::Router& router, const ApiDeps& deps) {
  RegisterIndicatorMessages();
  auto routes = std::make_shared<IndicatorRoutes>(deps);
  auto bind = [routes](Result<Response> (IndicatorRoutes::*method)(Request&)) {
    return [routes, method](Request& req) { return ((*routes).*method)(req); };
  };
  router.Get("/api/v1/indicators", bind(&IndicatorRoutes::Registry));
  router.Get("/api/v1/indicators/values", bind(&IndicatorRoutes::Values));
  router.Get("/api/v1/indicators/breakdown", bind(&IndicatorRoutes::Breakdown));
  router.Get("/api/v1/indicators/check", bind(&IndicatorRoutes::Check));
  router.Post("/api/v1/indicators/freeze", bind(&IndicatorRoutes::Freeze));
  router.Get("/api/v1/indicators/{id}/records", bind(&IndicatorRoutes::Records));
}

}  // namespace zt::api
