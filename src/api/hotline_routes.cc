// The 12345 hotline (docs/hotline.md): the agent desk's intake with duplicate hints and the
// knowledge base, the work orders' transitions, the department's inbox, the centre's
// supervision view, the telephony counters, the figures and the import of historical orders.
#include <boost/json.hpp>

#include "handler_support.h"
#include "hotline_render.h"
#include "routes.h"
#include "zt/http/json_body.h"
#include "zt/http/problem.h"
#include "zt/service/hotline_service.h"

namespace zt::api {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

void RegisterHotlineMessages() {
  struct Message {
    const char* key;
    const char* zh;
    const char* en;
  };
  static constexpr Message kMessages[] = {
      {"hotline.not_found", "工单不存在", "No such work order"},
      {"hotline.type_required", "请选择诉求类型", "Choose the type of the matter"},
      {"hotline.type_unknown", "诉求类型应为咨询、求助、投诉、举报、建议或表扬",
       "The type must be consult, help, complaint, report, suggestion or praise"},
      {"hotline.region_invalid", "请填写本市有效的行政区划代码",
       "Give a valid region code of this city"},
      {"hotline.region_out_of_scope", "该区域不属于本热线中心受理范围",
       "The region lies outside this hotline centre's area"},
      {"hotline.category_unknown", "请选择诉求分类的末级类别",
       "Choose a category of the tree's last level"},
      {"hotline.source_unknown", "来源渠道应为电话、网站、移动端、短信、邮件或 Open311",
       "The source must be phone, web, app, sms, email or open311"},
      {"hotline.text_length", "内容长度不符合要求：{detail}", "Wrong length: {detail}"},
      {"hotline.disposition_unknown", "处理方式应为直接答复或派单",
       "The disposition must be answer or dispatch"},
      {"hotline.answer_required", "直接办结须记录答复内容",
       "A direct answer records what the caller was told"},
      {"hotline.no_route", "派单目录中没有对应的承办单位，请手动选择",
       "No routing rule names a department: choose one"},
      {"hotline.department_unknown", "承办单位不存在", "No such department"},
      {"hotline.intake_not_allowed", "只有热线话务员可以受理诉求",
       "Only the hotline's agents record matters"},
      {"hotline.list_not_allowed", "该角色不能查看工单", "This role sees no work orders"},
      {"hotline.supervision_not_allowed", "督办视图仅供热线中心和局管理人员使用",
       "Supervision is for the hotline centre and the bureau"},
      {"hotline.knowledge_not_allowed", "该角色不能维护知识库",
       "This role may not edit the knowledge base"},
      {"hotline.article_not_found", "知识库条目不存在", "No such article"},
      {"hotline.routing_not_allowed", "派单目录由热线中心督办人员维护",
       "The routing rules are kept by the hotline centre's supervisors"},
      {"hotline.calls_not_allowed", "话务量由热线中心记录",
       "Call counts are recorded by the hotline centre"},
      {"hotline.calls_invalid", "接通量应在 0 与呼入量之间",
       "Calls answered must lie between 0 and the calls in"},
      {"hotline.figures_not_allowed", "该角色不能查看热线统计",
       "This role sees no hotline figures"},
      {"hotline.period_invalid", "统计期间的结束日期早于开始日期",
       "The period ends before it starts"},
      {"hotline.extension_days", "延期应为 1 至 10 个工作日",
       "An extension is 1 to 10 working days"},
      {"hotline.extension_already_granted", "该工单已延期一次，不能再次延期",
       "This order has already been extended once"},
      {"hotline.satisfaction_unknown", "回访结果应为满意、基本满意、不满意或未联系上",
       "The call-back result must be satisfied, basically_satisfied, unsatisfied or "
       "unreachable"},
      {"hotline.unresolved_needs_rating", "市民不满意：请重办或按未解决办结",
       "The citizen was not satisfied: redo the order or close it as unresolved"},
      {"hotline.merge_target_invalid", "只能并入本中心另一件未办结的工单",
       "Merge into another open work order of this centre"},
      {"hotline.import_not_allowed", "历史工单由热线中心督办人员导入",
       "Historical orders are imported by the hotline centre's supervisors"},
      {"hotline.import_header", "导入文件表头有误：{detail}", "Wrong import header: {detail}"},
      {"hotline.import_time", "时间格式应为 RFC 3339", "Times are RFC 3339"},
      {"hotline.import_state", "状态与处理方式不符", "The state does not fit the disposition"},
      {"hotline.import_duplicate_number", "工单编号已存在", "This number is already recorded"},
      {"hotline.state_filter", "状态筛选有误", "Bad state filter"},
      {"open311.service_code", "service_code 不是可受理的诉求分类",
       "service_code is not a category that takes requests"},
  };
  for (const auto& m : kMessages) http::RegisterMessages(m.key, m.zh, m.en);
}

std::vector<std::string> SplitComma(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    auto comma = s.find(',');
    if (comma != 0) out.emplace_back(s.substr(0, comma));
    s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
  }
  return out;
}

// The intake form's fields, shared by intake and the duplicate check.
hotline::IntakeDraft ReadDraft(http::JsonObjectReader& r) {
  hotline::IntakeDraft d;
  d.source = r.OptionalString("source", 1, 16).value_or("phone");
  d.caller_name = r.OptionalString("caller_name", 0, 200).value_or("");
  d.caller_phone = r.OptionalString("caller_phone", 0, 32).value_or("");
  d.confidential = r.OptionalBool("confidential").value_or(false);
  d.matter_type = r.OptionalString("matter_type", 0, 32).value_or("");
  d.category_code = r.OptionalString("category_code", 0, 16).value_or("");
  d.region_code = r.OptionalString("region_code", 0, 16).value_or("");
  d.address = r.OptionalString("address", 0, 1000).value_or("");
  d.title = r.OptionalString("title", 0, 1000).value_or("");
  d.content = r.OptionalString("content", 0, 20000).value_or("");
  d.urgent = r.OptionalBool("urgent").value_or(false);
  return d;
}

json::object RenderArticle(const hotline::Article& a) {
  return {{"id", a.id},
          {"version", a.version},
          {"title", a.title},
          {"body", a.body},
          {"keywords", a.keywords},
          {"category_code", a.category_code},
          {"author_id", a.author_id.value()},
          {"updated_at", FormatInstant(a.updated_at)}};
}

json::object RenderHotlineFigures(const hotline::Figures& f) {
  const auto& c = f.counters;
  return {{"counters",
           {{"calls_in", c.calls_in},
            {"calls_answered", c.calls_answered},
            {"valid_matters", c.valid_matters},
            {"answered_directly", c.answered_directly},
            {"dispatched", c.dispatched}}},
          {"indicators", RenderHotlineIndicators(f.rates)}};
}

class HotlineRoutes {
 public:
  explicit HotlineRoutes(const ApiDeps& deps)
      : hotline_(deps.store, deps.crypto, deps.clock, deps.calendar) {}

  Result<Response> Config(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    (void)p;
    json::array types, categories, sources;
    for (const auto& t : hotline_.type_rules()) {
      types.push_back({{"code", t.code},
                       {"name_zh", t.name_zh},
                       {"limit_days", t.limit_days},
                       {"working_days", t.working_days}});
    }
    for (const auto& c : hotline_.categories()) {
      categories.push_back({{"code", c.code},
                            {"name_zh", c.name_zh},
                            {"name_en", c.name_en},
                            {"leaf", hotline::IsLeafCategory(hotline_.categories(), c.code)}});
    }
    for (const char* s : hotline::kSourceLines) sources.emplace_back(s);
    json::array satisfactions;
    for (const char* s : hotline::kSatisfactions) satisfactions.emplace_back(s);
    return Response::Json(200, json::object{{"matter_types", std::move(types)},
                                            {"categories", std::move(categories)},
                                            {"sources", std::move(sources)},
                                            {"satisfactions", std::move(satisfactions)}});
  }

  Result<Response> Intake(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    service::IntakeRequest in;
    in.draft = ReadDraft(r);
    in.disposition = r.OptionalString("disposition", 1, 16).value_or("dispatch");
    in.article_id = r.OptionalString("article_id", 0, 64).value_or("");
    in.answer = r.OptionalString("answer", 0, 20000).value_or("");
    in.department_id = DepartmentId(r.OptionalString("department_id", 0, 64).value_or(""));
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto view, hotline_.Intake(p->session.actor, in, ContextOf(req)));
    Response out = JsonWithETag(201, RenderOrder(view, true), view.record.version);
    out.SetHeader("Location", "/api/v1/hotline/orders/" + view.record.id.value());
    return out;
  }

  Result<Response> CheckDuplicates(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    hotline::IntakeDraft d = ReadDraft(r);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto hits, hotline_.Duplicates(p->session.actor, d));
    return Response::Json(200, json::object{{"duplicates", RenderDuplicates(hits)}});
  }

  Result<Response> List(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto paging, Paging(req));
    service::OrderQuery q;
    q.states = SplitComma(QueryOr(req, "state"));
    q.department_id = DepartmentId(QueryOr(req, "department_id"));
    q.region_prefix = QueryOr(req, "region_code");
    q.caller_phone = QueryOr(req, "caller_phone");
    q.urgent_only = QueryOr(req, "urgent") == "true";
    q.offset = paging.first;
    q.limit = paging.second;
    ZT_ASSIGN_OR_RETURN(auto page, hotline_.List(p->session.actor, q));
    json::array items;
    for (const auto& v : page.items) items.push_back(RenderOrder(v, false));
    return Response::Json(200,
                          json::object{{"items", std::move(items)}, {"total_size", page.total}});
  }

  Result<Response> Get(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(
        auto view,
        hotline_.Get(p->session.actor, CaseId(std::string(req.path_param("id"))), ContextOf(req)));
    return JsonWithETag(200, RenderOrder(view, true), view.record.version);
  }

  Result<Response> Act(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    caseflow::Command command;
    command.transition = r.RequireString("transition", 1, 32);
    for (const char* name : {"note", "satisfaction", "department_id", "into"}) {
      if (auto v = r.OptionalString(name, 0, 2000); v && !v->empty()) command.fields[name] = *v;
    }
    if (auto days = r.OptionalInt("days", 1, 365)) command.fields["days"] = std::to_string(*days);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    ZT_ASSIGN_OR_RETURN(auto view,
                        hotline_.Act(p->session.actor, CaseId(std::string(req.path_param("id"))),
                                     command, version, ContextOf(req)));
    return JsonWithETag(200, RenderOrder(view, true), view.record.version);
  }

  Result<Response> Supervision(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto s, hotline_.Supervise(p->session.actor));
    auto list = [](const std::vector<service::OrderView>& views) {
      json::array out;
      for (const auto& v : views) out.push_back(RenderOrder(v, false));
      return out;
    };
    return Response::Json(200, json::object{{"overdue", list(s.overdue)},
                                            {"disputes", list(s.disputes)},
                                            {"extensions", list(s.extensions)},
                                            {"call_backs_due", list(s.call_backs_due)},
                                            {"escalations", list(s.escalations)}});
  }

  Result<Response> SearchKnowledge(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    std::string q = QueryOr(req, "q");
    if (q.size() > 200)
      return FieldFail("q", "hotline.text_length", "a query is at most 200 bytes");
    ZT_ASSIGN_OR_RETURN(auto articles, hotline_.SearchKnowledge(p->session.actor, q));
    json::array items;
    for (const auto& a : articles) items.push_back(RenderArticle(a));
    return Response::Json(200, json::object{{"items", std::move(items)}});
  }

  Result<Response> PublishArticle(Request& req, bool new_version) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    hotline::Article a;
    a.title = r.RequireString("title", 0, 1000);
    a.body = r.RequireString("body", 0, 50000);
    a.keywords = r.OptionalString("keywords", 0, 2000).value_or("");
    a.category_code = r.OptionalString("category_code", 0, 16).value_or("");
    ZT_RETURN_IF_ERROR(r.Finish());
    if (new_version) a.id = std::string(req.path_param("id"));
    ZT_ASSIGN_OR_RETURN(auto saved, hotline_.PublishArticle(p->session.actor, a, ContextOf(req)));
    return Response::Json(201, RenderArticle(saved));
  }

  Result<Response> ArticleVersions(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto versions,
                        hotline_.ArticleHistory(p->session.actor, req.path_param("id")));
    json::array items;
    for (const auto& a : versions) items.push_back(RenderArticle(a));
    return Response::Json(200, json::object{{"items", std::move(items)}});
  }

  Result<Response> Routing(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto rules, hotline_.RoutingRules(p->session.actor));
    json::array items;
    for (const auto& rule : rules) {
      items.push_back({{"category_prefix", rule.category_prefix},
                       {"region_prefix", rule.region_prefix},
                       {"department_id", rule.department_id.value()}});
    }
    return Response::Json(200, json::object{{"items", std::move(items)}});
  }

  Result<Response> PutRouting(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    hotline::RoutingRule rule;
    rule.category_prefix = r.RequireString("category_prefix", 0, 16);
    rule.region_prefix = r.RequireString("region_prefix", 0, 16);
    rule.department_id = DepartmentId(r.RequireString("department_id", 1, 64));
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_RETURN_IF_ERROR(hotline_.PutRoutingRule(p->session.actor, rule, ContextOf(req)));
    return Response::NoContent();
  }

  Result<Response> RecordCalls(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    std::string day = r.RequireString("day", 10, 10);
    service::CallCountRow row;
    row.line = r.OptionalString("line", 1, 16).value_or("phone");
    row.calls_in = r.RequireInt("calls_in", 0, 100000000);
    row.calls_answered = r.RequireInt("calls_answered", 0, 100000000);
    ZT_RETURN_IF_ERROR(r.Finish());
    auto parsed = ParseDate(day);
    if (!parsed) return FieldFail("/day", parsed.error().key(), parsed.error().detail());
    row.day = *parsed;
    ZT_RETURN_IF_ERROR(hotline_.RecordCalls(p->session.actor, row, ContextOf(req)));
    return Response::NoContent();
  }

  Result<Response> Stats(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    service::FiguresQuery q;
    auto from = ParseDate(QueryOr(req, "from"));
    if (!from) return FieldFail("from", "date.format", "from is YYYY-MM-DD");
    auto to = ParseDate(QueryOr(req, "to"));
    if (!to) return FieldFail("to", "date.format", "to is YYYY-MM-DD");
    q.from = *from;
    q.to = *to;
    q.region_code = QueryOr(req, "region_code");
    q.department_id = DepartmentId(QueryOr(req, "department_id"));
    q.basic_counts_as_satisfied = QueryOr(req, "satisfied_only") != "true";
    ZT_ASSIGN_OR_RETURN(auto f, hotline_.Figures(p->session.actor, q));
    json::array departments;
    for (const auto& d : f.departments) {
      json::object row = RenderHotlineFigures(d.figures);
      row["department_id"] = d.department_id.value();
      row["department_name"] = d.department_name;
      departments.push_back(std::move(row));
    }
    json::object out = RenderHotlineFigures(f.total);
    out["from"] = q.from.ToString();
    out["to"] = q.to.ToString();
    out["departments"] = std::move(departments);
    return Response::Json(200, out);
  }

  Result<Response> Import(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    // The CSV as the body (text/csv), or wrapped as {"csv": "..."} for JSON clients.
    std::string csv;
    if (req.header("Content-Type").value_or("").starts_with("text/csv")) {
      csv = req.body();
    } else {
      http::JsonObjectReader r(req.body());
      csv = r.RequireString("csv", 1);
      ZT_RETURN_IF_ERROR(r.Finish());
    }
    ZT_ASSIGN_OR_RETURN(auto rows, service::ParseImportCsv(csv));
    ZT_ASSIGN_OR_RETURN(auto report,
                        hotline_.Import(p->session.actor, rows, 1000, {}, ContextOf(req)));
    json::array errors;
    for (const auto& e : report.errors) {
      errors.push_back(
          {{"row", e.row}, {"pointer", e.pointer}, {"key", e.key}, {"detail", e.detail}});
    }
    return Response::Json(200, json::object{{"rows", report.rows},
                                            {"imported", report.imported},
                                            {"error_count", report.error_count},
                                            {"errors", std::move(errors)}});
  }

 private:
  service::HotlineService hotline_;
};

}  // namespace

void RegisterHotlineRoutes(http::Router& router, const ApiDeps& deps) {
  RegisterHotlineMessages();
  auto routes = std::make_shared<HotlineRoutes>(deps);
  auto bind = [routes](Result<Response> (HotlineRoutes::*method)(Request&)) {
    return [routes, method](Request& req) { return ((*routes).*method)(req); };
  };
  router.Get("/api/v1/hotline/config", bind(&HotlineRoutes::Config));
  router.Post("/api/v1/hotline/orders", bind(&HotlineRoutes::Intake));
  router.Get("/api/v1/hotline/orders", bind(&HotlineRoutes::List));
  router.Get("/api/v1/hotline/orders/{id}", bind(&HotlineRoutes::Get));
  router.Post("/api/v1/hotline/orders/{id}/transitions", bind(&HotlineRoutes::Act));
  router.Post("/api/v1/hotline/duplicate-check", bind(&HotlineRoutes::CheckDuplicates));
  router.Get("/api/v1/hotline/supervision", bind(&HotlineRoutes::Supervision));
  router.Get("/api/v1/hotline/knowledge", bind(&HotlineRoutes::SearchKnowledge));
  router.Post("/api/v1/hotline/knowledge", [routes](Request& req) {
    return routes->PublishArticle(req, /*new_version=*/false);
  });
  router.Get("/api/v1/hotline/knowledge/{id}/versions", bind(&HotlineRoutes::ArticleVersions));
  router.Post("/api/v1/hotline/knowledge/{id}/versions",
              [routes](Request& req) { return routes->PublishArticle(req, /*new_version=*/true); });
  router.Get("/api/v1/hotline/routing", bind(&HotlineRoutes::Routing));
  router.Post("/api/v1/hotline/routing", bind(&HotlineRoutes::PutRouting));
  router.Post("/api/v1/hotline/calls", bind(&HotlineRoutes::RecordCalls));
  router.Post("/api/v1/hotline/import", bind(&HotlineRoutes::Import));
  router.Get("/api/v1/stats/hotline", bind(&HotlineRoutes::Stats));
}

}  // namespace zt::api
