// The annual report drafted from the record (docs/annual-report.md): the draft of a body
// and year as JSON (docs/annual-report.schema.json), print-ready HTML, DOCX or PDF;
// generating it (the figures become the baseline for "changed since generated"); and
// editing a section's prose.
#include <boost/json.hpp>
#include <charconv>

#include "handler_support.h"
#include "routes.h"
#include "zt/crypto/signer_openssl.h"
#include "zt/document/render.h"
#include "zt/http/json_body.h"
#include "zt/http/problem.h"
#include "zt/service/indicator_areas.h"
#include "zt/service/report_service.h"

namespace zt::api {
namespace {

using http::Request;
using http::Response;

void RegisterReportMessages() {
  struct Message {
    const char* key;
    const char* zh;
    const char* en;
  };
  static constexpr Message kMessages[] = {
      {"report.not_allowed", "年度报告由政务服务数据管理局起草",
       "Annual reports are drafted by bureau managers"},
      {"report.out_of_scope", "所选地区不在您的权限范围内", "The region lies outside yours"},
      {"report.year", "年份应在 2000 至 2100 之间", "A year from 2000 to 2100"},
      {"report.region_not_found", "地区不存在", "No such region"},
      {"report.not_generated", "请先生成报告草稿，再编辑文字",
       "Generate the draft before editing its prose"},
      {"report.section_unknown", "报告中没有该节", "No such section"},
      {"report.prose_length", "文字过长（最多 20000 字）", "At most 20000 characters"},
      {"report.format", "格式应为 json、html、docx 或 pdf",
       "The format is json, html, docx or pdf"},
  };
  for (const auto& m : kMessages) http::RegisterMessages(m.key, m.zh, m.en);
}

Result<int> YearParam(const Request& req) {
  std::string_view text = req.path_param("year");
  int year = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return FieldFail("year", "report.year", "a year from 2000 to 2100");
  }
  return year;
}

Response ReportJson(int status, const report::Report& r) {
  Response out(status, report::RenderJson(r), "application/json");
  out.SetHeader("ETag", ETag(r.version));
  return out;
}

class ReportRoutes {
 public:
  explicit ReportRoutes(const ApiDeps& deps)
      : signer_(std::string()),
        indicators_(deps.store, deps.clock),
        reports_(deps.store, deps.clock, indicators_) {
    service::RegisterAreaIndicators(indicators_,
                                    {deps.store, deps.crypto, signer_, deps.clock, deps.calendar});
  }

  // GET ?format=json|html|docx|pdf
  Result<Response> Get(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(int year, YearParam(req));
    std::string format = QueryOr(req, "format");
    if (format.empty()) format = "json";
    if (format != "json" && format != "html" && format != "docx" && format != "pdf") {
      return FieldFail("format", "report.format", "json, html, docx or pdf");
    }
    std::string region(req.path_param("region"));
    ZT_ASSIGN_OR_RETURN(auto r, reports_.Draft(p->session.actor, region, year));
    std::string name = "annual-report-" + region + "-" + std::to_string(year);
    if (format == "json") return ReportJson(200, r);
    if (format == "html") return Response(200, report::RenderHtml(r), "text/html; charset=utf-8");
    Response out;
    if (format == "pdf") {
      ZT_ASSIGN_OR_RETURN(std::string pdf, document::RenderPdf(report::ToDocument(r)));
      out = Response(200, std::move(pdf), "application/pdf");
    } else {
      ZT_ASSIGN_OR_RETURN(std::string docx, document::RenderDocx(report::ToDocument(r)));
      out = Response(200, std::move(docx),
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    }
    out.SetHeader("Content-Disposition", "attachment; filename=\"" + name + "." + format + "\"");
    return out;
  }

  Result<Response> Generate(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(int year, YearParam(req));
    ZT_ASSIGN_OR_RETURN(
        auto r, reports_.Generate(p->session.actor, std::string(req.path_param("region")), year,
                                  ContextOf(req)));
    return ReportJson(200, r);
  }

  // PUT {"prose": "..."} with If-Match: the draft's version.
  Result<Response> SaveProse(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    http::JsonObjectReader body(req.body());
    std::string prose = body.RequireString("prose", 0, 200000);
    ZT_RETURN_IF_ERROR(body.Finish());
    ZT_ASSIGN_OR_RETURN(int year, YearParam(req));
    ZT_ASSIGN_OR_RETURN(
        auto r,
        reports_.SaveProse(p->session.actor, std::string(req.path_param("region")), year,
                           std::string(req.path_param("section")), prose, version, ContextOf(req)));
    return ReportJson(200, r);
  }

 private:
  crypto::OpenSslSigner signer_;  // verify-only: figures never sign
  service::IndicatorService indicators_;
  service::ReportService reports_;
};

}  // namespace

void RegisterReportRoutes(http::Router& router, const ApiDeps& deps) {
  RegisterReportMessages();
  auto routes = std::make_shared<ReportRoutes>(deps);
  auto bind = [routes](Result<Response> (ReportRoutes::*method)(Request&)) {
    return [routes, method](Request& req) { return ((*routes).*method)(req); };
  };
  router.Get("/api/v1/reports/annual/{region}/{year}", bind(&ReportRoutes::Get));
  router.Post("/api/v1/reports/annual/{region}/{year}/generate", bind(&ReportRoutes::Generate));
  router.Put("/api/v1/reports/annual/{region}/{year}/sections/{section}/prose",
             bind(&ReportRoutes::SaveProse));
}

}  // namespace zt::api
