// Bulk exports of personal data with a second person's approval (docs/exports.md): ask,
// list, approve or refuse, and download the watermarked file (CSV, XLSX or PDF) once.
#include <boost/json.hpp>
#include <tuple>

#include "handler_support.h"
#include "routes.h"
#include "zt/core/csv.h"
#include "zt/document/model.h"
#include "zt/document/render.h"
#include "zt/document/xlsx.h"
#include "zt/http/json_body.h"
#include "zt/http/problem.h"
#include "zt/service/export_service.h"

namespace zt::api {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

void RegisterExportMessages() {
  struct Message {
    const char* key;
    const char* zh;
    const char* en;
  };
  static constexpr Message kMessages[] = {
      {"export.role", "该角色不能申请或审批此类个人信息批量导出",
       "This role may not ask for or decide this kind of bulk export"},
      {"export.kind", "导出类型应为 applications（办件）或 hotline_orders（12345 工单）",
       "The kind must be applications or hotline_orders"},
      {"export.filters_orders_only", "时段、分类和状态筛选只适用于 12345 工单导出",
       "Period, category and state filters apply to work-order exports only"},
      {"export.period", "结束日期早于开始日期", "The period ends before it starts"},
      {"export.date", "日期格式应为 YYYY-MM-DD", "A date as YYYY-MM-DD"},
      {"export.order_state", "不是工单的状态", "Not a state of a work order"},
      {"export.category", "分类代码无效", "Not a valid category code"},
      {"export.state", "状态应为 pending、approved、refused、downloaded 或 expired",
       "The state must be pending, approved, refused, downloaded or expired"},
      {"export.unmasked_not_requested", "申请人未申请完整号码，不能批准不打码导出",
       "The requester did not ask for full numbers"},
      {"export.downloaded", "该导出已下载过，每次批准只能下载一次，请重新申请",
       "This export has been downloaded; each approval gives one download"},
      {"export.format", "导出格式应为 csv、xlsx 或 pdf", "The format must be csv, xlsx or pdf"},
      {"export.reason", "请填写 2 至 200 字的理由", "Give a reason of 2 to 200 characters"},
      {"export.region", "区划代码无效", "Not a valid region code"},
      {"export.scope", "该区划或部门不在您的管辖范围内",
       "The region or department lies outside your scope"},
      {"export.not_found", "导出申请不存在", "No such export request"},
      {"export.same_person", "导出须由另一人审批：您不能审批自己的申请",
       "A second person must decide: you cannot approve your own export"},
      {"export.not_pending", "该导出申请已审批", "The export request has been decided already"},
      {"export.not_approved", "该导出申请尚未获批", "The export request is not approved"},
      {"export.expired", "批准已超过 24 小时，请重新申请",
       "The approval is older than 24 hours; ask again"},
      {"export.too_large", "导出超过 10 万条，请按部门导出",
       "More than 100,000 rows; export per department"},
  };
  for (const auto& m : kMessages) http::RegisterMessages(m.key, m.zh, m.en);
}

json::object RenderExport(const service::ExportRequest& r) {
  json::object o{{"id", r.id},
                 {"kind", r.kind},
                 {"format", r.format},
                 {"region_code", r.region_code},
                 {"department_id", r.department_id.value()},
                 {"reason", r.reason},
                 {"unmasked_requested", r.unmasked_requested},
                 {"unmasked", r.unmasked},
                 {"state", r.state},
                 {"requested_by", r.requested_by.value()},
                 {"requested_by_name", r.requested_by_name},
                 {"requested_at", FormatInstant(r.requested_at)},
                 {"downloads", r.downloads}};
  if (r.decided_at) {
    o["decided_by"] = r.decided_by.value();
    o["decided_by_name"] = r.decided_by_name;
    o["decided_at"] = FormatInstant(*r.decided_at);
  }
  if (!r.refusal_reason.empty()) o["refusal_reason"] = r.refusal_reason;
  if (r.from) o["from"] = r.from->ToString();
  if (r.to) o["to"] = r.to->ToString();
  if (!r.category_code.empty()) o["category_code"] = r.category_code;
  if (!r.order_state.empty()) o["order_state"] = r.order_state;
  return o;
}

// The watermark goes first and last, so that neither cutting the top nor the bottom off a
// copy removes it.
Result<Response> RenderFile(const service::ExportFile& f) {
  std::string name = "export-" + f.request.id;
  if (f.request.format == "csv") {
    std::string csv(CsvBom());
    csv += CsvLine({f.watermark});
    csv += CsvLine(f.header);
    for (const auto& row : f.rows) csv += CsvLine(row);
    csv += CsvLine({f.watermark});
    Response out(200, std::move(csv), "text/csv; charset=utf-8");
    out.SetHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
    return out;
  }
  if (f.request.format == "xlsx") {
    document::Sheet sheet;
    sheet.name = "导出";
    sheet.header_rows = 2;
    sheet.rows.push_back({document::Cell(f.watermark)});
    std::vector<document::Cell> header;
    for (const auto& h : f.header) header.emplace_back(h);
    sheet.rows.push_back(std::move(header));
    for (const auto& row : f.rows) {
      std::vector<document::Cell> cells;
      for (const auto& v : row) cells.emplace_back(v);
      sheet.rows.push_back(std::move(cells));
    }
    sheet.rows.push_back({document::Cell(f.watermark)});
    ZT_ASSIGN_OR_RETURN(std::string bytes, document::WriteXlsx(sheet));
    Response out(200, std::move(bytes), std::string(document::kXlsxContentType));
    out.SetHeader("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
    return out;
  }
  document::Document doc;
  doc.title = f.request.kind == "hotline_orders" ? "12345 工单导出" : "办件个人信息导出";
  doc.footer = f.watermark;
  doc.blocks.push_back(document::Paragraph::Of(f.watermark));
  document::Table table;
  table.header = f.header;
  table.rows = f.rows;
  doc.blocks.push_back(std::move(table));
  ZT_ASSIGN_OR_RETURN(std::string bytes, document::RenderPdf(doc));
  Response out(200, std::move(bytes), "application/pdf");
  out.SetHeader("Content-Disposition", "attachment; filename=\"" + name + ".pdf\"");
  return out;
}

class ExportRoutes {
 public:
  explicit ExportRoutes(const ApiDeps& deps) : exports_(deps.store, deps.crypto, deps.clock) {}

  Result<Response> Ask(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    service::NewExport in;
    in.kind = r.RequireString("kind", 1, 32);
    in.format = r.RequireString("format", 1, 8);
    in.region_code = r.RequireString("region_code", 1, 12);
    in.department_id = DepartmentId(r.OptionalString("department_id", 0, 64).value_or(""));
    in.reason = r.RequireString("reason", 0, 400);
    in.unmasked = r.OptionalBool("unmasked").value_or(false);
    auto from = r.OptionalString("from", 0, 10);
    auto to = r.OptionalString("to", 0, 10);
    in.category_code = r.OptionalString("category_code", 0, 64).value_or("");
    in.order_state = r.OptionalString("state", 0, 32).value_or("");
    ZT_RETURN_IF_ERROR(r.Finish());
    std::vector<FieldError> dates;
    for (auto [text, field, out] : {std::tuple{&from, "/from", &in.from}, {&to, "/to", &in.to}}) {
      if (!*text || (*text)->empty()) continue;
      if (auto d = ParseDate(**text)) {
        *out = *d;
      } else {
        dates.push_back({field, "export.date", "a date YYYY-MM-DD"});
      }
    }
    if (!dates.empty()) {
      return std::unexpected(Error(ErrorCode::kInvalidArgument, "request.invalid",
                                   "the export request is invalid", std::move(dates)));
    }
    ZT_ASSIGN_OR_RETURN(auto out, exports_.Request(p->session.actor, in, ContextOf(req)));
    Response response = Response::Json(201, RenderExport(out));
    response.SetHeader("Location", "/api/v1/exports/" + out.id);
    return response;
  }

  Result<Response> Get(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto out, exports_.Get(p->session.actor, std::string(req.path_param("id")),
                                               ContextOf(req)));
    return Response::Json(200, RenderExport(out));
  }

  Result<Response> List(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto paging, Paging(req));
    service::ExportListQuery q{QueryOr(req, "state"), paging.first, paging.second};
    ZT_ASSIGN_OR_RETURN(auto page, exports_.List(p->session.actor, q));
    json::array items;
    for (const auto& r : page.items) items.push_back(RenderExport(r));
    return Response::Json(200, json::object{{"items", std::move(items)}, {"total", page.total}});
  }

  // The body is optional: {"unmasked": true} approves the plain numbers asked for.
  Result<Response> Approve(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    bool unmasked = false;
    if (!req.body().empty()) {
      http::JsonObjectReader r(req.body());
      unmasked = r.OptionalBool("unmasked").value_or(false);
      ZT_RETURN_IF_ERROR(r.Finish());
    }
    ZT_ASSIGN_OR_RETURN(
        auto out, exports_.Approve(p->session.actor, std::string(req.path_param("id")), unmasked,
                                   ContextOf(req)));
    return Response::Json(200, RenderExport(out));
  }

  Result<Response> Refuse(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    std::string reason = r.RequireString("reason", 0, 400);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto out,
                        exports_.Refuse(p->session.actor, std::string(req.path_param("id")), reason,
                                        ContextOf(req)));
    return Response::Json(200, RenderExport(out));
  }

  Result<Response> Download(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(
        auto file,
        exports_.Download(p->session.actor, std::string(req.path_param("id")), ContextOf(req)));
    return RenderFile(file);
  }

 private:
  service::ExportService exports_;
};

}  // namespace

void RegisterExportRoutes(http::Router& router, const ApiDeps& deps) {
  RegisterExportMessages();
  auto routes = std::make_shared<ExportRoutes>(deps);
  auto bind = [routes](Result<Response> (ExportRoutes::*method)(Request&)) {
    return [routes, method](Request& req) { return ((*routes).*method)(req); };
  };
  router.Post("/api/v1/exports", bind(&ExportRoutes::Ask));
  router.Get("/api/v1/exports", bind(&ExportRoutes::List));
  router.Get("/api/v1/exports/{id}", bind(&ExportRoutes::Get));
  router.Post("/api/v1/exports/{id}/approve", bind(&ExportRoutes::Approve));
  router.Post("/api/v1/exports/{id}/refuse", bind(&ExportRoutes::Refuse));
  router.Get("/api/v1/exports/{id}/file", bind(&ExportRoutes::Download));
}

}  // namespace zt::api
