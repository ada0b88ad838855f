// The case engine's routes beyond the core application API in api.cc (docs/case-engine.md):
// a deadline explained day by day, the work queues of clerks, reviewers and managers, the
// case-level indicators (办件口径) and the printable notices (受理通知书, 不予受理通知书,
// 补正告知书) with a QR code to the public progress page.
#include <boost/json.hpp>
#include <charconv>

#include "handler_support.h"
#include "render.h"
#include "routes.h"
#include "zt/document/model.h"
#include "zt/document/render.h"
#include "zt/http/json_body.h"
#include "zt/http/problem.h"
#include "zt/service/application_service.h"
#include "zt/service/indicator_service.h"

namespace zt::api {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

void RegisterCaseEngineMessages() {
  struct Message {
    const char* key;
    const char* zh;
    const char* en;
  };
  static constexpr Message kMessages[] = {
      {"clock.none", "该办件当前没有计时", "No clock runs on this case now"},
      {"clock.paused", "计时已暂停（补正或中止），恢复后才有期限",
       "The clock is paused (补正 or suspension): there is no deadline until it resumes"},
      {"case.task_open", "尚有未完成的后续事项（如容缺材料未补交），暂不能执行此操作",
       "A follow-up task (such as 容缺 materials to supply) must be completed first"},
      {"case.task_not_open", "该办件没有待完成的此项任务", "This case has no such open task"},
      {"case.once_only", "该操作只能执行一次", "This action may be taken once"},
      {"case.task_kind", "只有告知承诺事后核查可单独办结，其他事项随办理操作完成",
       "Only the post-check is completed on its own; other tasks close through their actions"},
      {"application.not_instant_item", "该事项不是即办件，须受理后审批",
       "Only items concluded on the spot are handled instantly"},
      {"application.material_unknown", "事项材料清单中没有该材料",
       "The item lists no such material"},
      {"application.material_not_secondary", "容缺受理只能容缺次要材料，主要材料不能容缺",
       "容缺 waives secondary materials only, never main ones"},
      {"application.queue_not_allowed", "当前角色没有办件工作台", "This role has no work queue"},
      {"queue.limit_format", "limit 须为 1 至 500 的整数", "limit is an integer from 1 to 500"},
      {"application.document_unknown", "没有这种文书",
       "No such document (acceptance-notice.pdf, rejection-notice.pdf, correction-notice.pdf)"},
      {"application.document_not_available", "办件当前状态没有这份文书",
       "The application has no such document in its current state"},
  };
  for (const auto& m : kMessages) http::RegisterMessages(m.key, m.zh, m.en);
}

std::string DateOf(Instant t) { return CivilDateCst(t).ToString(); }
std::string DateOr(const std::optional<Date>& d, const char* none) {
  return d ? d->ToString() : none;
}

std::string ChannelZh(const std::string& channel) {
  if (channel == "online") return "网上申请";
  if (channel == "window") return "窗口申请";
  if (channel == "kiosk") return "自助终端";
  if (channel == "mobile") return "移动端";
  return channel;
}

// The notices of 行政许可法 第三十二条 for one case, or kFailedPrecondition when the case has
// not reached the state the notice records. `progress_url` goes into the QR code.
Result<document::Document> NoticeOf(const service::ApplicationView& view, std::string_view kind,
                                    const std::string& progress_url) {
  using document::KeyValueTable;
  using document::Paragraph;
  const auto& c = view.record;
  document::Document doc;
  doc.metadata.author = view.department_name;
  doc.footer = view.department_name + "  受理编号 " + c.receipt_no;
  auto not_available = [] {
    return Fail(ErrorCode::kFailedPrecondition, "application.document_not_available",
                "the application has no such document in its current state");
  };
  KeyValueTable facts{{{"受理编号", c.receipt_no},
                       {"申请事项", c.item_name},
                       {"事项编码", c.item_code},
                       {"申请人", c.applicant_name},
                       {"申请日期", DateOf(c.submitted_at)},
                       {"申请渠道", ChannelZh(c.channel)}}};
  std::string salutation = c.applicant_name + "：";
  if (kind == "acceptance-notice") {
    if (!c.accepted_at) return not_available();
    doc.title = "受理通知书";
    doc.metadata.subject = "行政许可受理通知书";
    doc.metadata.created = DateOf(*c.accepted_at);
    doc.blocks.push_back(Paragraph::Of(salutation));
    doc.blocks.push_back(Paragraph::Of("你（单位）于" + DateOf(c.submitted_at) + "提出的" +
                                       c.item_name +
                                       "申请，经审查，申请事项属于本机关职权范围，申请材料符合法定"
                                       "形式，根据《中华人民共和国行政许可法》"
                                       "第三十二条的规定，决定予以受理。"));
    facts.rows.push_back({"受理日期", DateOf(*c.accepted_at)});
    facts.rows.push_back({"承诺办结期限", DateOr(c.promised_deadline, "计时暂停中")});
    facts.rows.push_back({"法定办结期限", DateOr(c.statutory_deadline, "—")});
    doc.blocks.push_back(facts);
    for (const auto& t : view.tasks) {
      if (t.kind != "supply_materials") continue;
      doc.blocks.push_back(Paragraph::Of("本申请按容缺受理办理。根据你（单位）的书面承诺，请于" +
                                         t.due.ToString() + "前补交以下材料：" + t.note +
                                         "。逾期未补交的，依照有关规定处理。"));
    }
  } else if (kind == "rejection-notice") {
    if (c.state != "not_accepted") return not_available();
    doc.title = "不予受理通知书";
    doc.metadata.subject = "行政许可不予受理通知书";
    doc.metadata.created = DateOf(c.concluded_at.value_or(c.submitted_at));
    doc.blocks.push_back(Paragraph::Of(salutation));
    doc.blocks.push_back(Paragraph::Of(
        "你（单位）于" + DateOf(c.submitted_at) + "提出的" + c.item_name +
        "申请，经审查，根据《中华人民共和国行政许可法》第三十二条的规定，决定不予受理。"));
    doc.blocks.push_back(Paragraph::Of("理由：" + c.last_note));
    doc.blocks.push_back(facts);
    doc.blocks.push_back(Paragraph::Of(
        "如不服本决定，可以自收到本通知书之日起六十日内依法申请行政复议，或者六个月内依法向人民法院"
        "提起行政诉讼。"));
  } else if (kind == "correction-notice") {
    const caseflow::ClockPause* notice = nullptr;
    for (const auto& p : c.pauses) {
      if (p.kind == "correction") notice = &p;
    }
    if (notice == nullptr) return not_available();
    doc.title = "补正材料告知书";
    doc.metadata.subject = "行政许可申请材料补正告知书";
    doc.metadata.created = DateOf(notice->from);
    doc.blocks.push_back(Paragraph::Of(salutation));
    doc.blocks.push_back(Paragraph::Of(
        "你（单位）于" + DateOf(c.submitted_at) + "提出的" + c.item_name +
        "申请，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，"
        "现一次性告知你（单位）需要补正的全部内容："));
    doc.blocks.push_back(Paragraph::Of(notice->reason));
    doc.blocks.push_back(facts);
    doc.blocks.push_back(Paragraph::Of(
        "补正期间不计入受理期限。请补正后通过原申请渠道提交，或携带材料到窗口办理。"));
  } else {
    return Fail(ErrorCode::kNotFound, "application.document_unknown", "no such document");
  }
  doc.blocks.push_back(document::Spacer{});
  doc.blocks.push_back(
      document::QrCode{progress_url, 30, "扫码查询办理进度（需输入申请人身份证号）"});
  doc.blocks.push_back(Paragraph::Of(view.department_name, document::Align::kRight));
  return doc;
}

class ApplicationRoutes {
 public:
  explicit ApplicationRoutes(const ApiDeps& deps)
      : applications_(deps.store, deps.crypto, deps.clock, deps.calendar),
        indicators_(deps.store, deps.clock),
        clock_(deps.clock) {}

  Result<Response> DeadlineExplanation(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(
        auto e, applications_.ExplainDeadline(
                    p->session.actor, CaseId(std::string(req.path_param("id"))), ContextOf(req)));
    json::array days;
    for (const auto& d : e.days) {
      days.push_back(json::object{{"date", d.date.ToString()},
                                  {"working", d.working},
                                  {"counted", d.counted},
                                  {"reason", d.reason},
                                  {"running_count", d.running_count}});
    }
    return Response::Json(200,
                          json::object{{"case_id", e.case_id.value()},
                                       {"clock", e.clock},
                                       {"limit", e.limit},
                                       {"unit", e.working_days ? "working_days" : "calendar_days"},
                                       {"start", e.start.ToString()},
                                       {"deadline", e.deadline.ToString()},
                                       {"days", std::move(days)}});
  }

  Result<Response> WorkQueue(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto p, RequireLogin(req));
    int limit = 100;
    if (std::string text = QueryOr(req, "limit"); !text.empty()) {
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
      if (ec != std::errc() || end != text.data() + text.size() || limit < 1 || limit > 500) {
        return FieldFail("limit", "queue.limit_format", "limit is 1..500");
      }
    }
    ZT_ASSIGN_OR_RETURN(auto rows, applications_.WorkQueue(p->session.actor, limit));
    json::array items;
    for (const auto& row : rows) {
      items.push_back(json::object{{"urgency", row.urgency},
                                   {"due_kind", row.due_kind},
                                   {"due", row.due ? json::value(row.due->ToString()) : nullptr},
                                   {"application", RenderApplication(row.view, false)}});
    }
    return Response::Json(200, json::object{{"items", std::move(items)}});
  }

  Result<Response> Document(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto p, RequireLogin(req));
    std::string name(req.path_param("name"));
    if (!name.ends_with(".pdf")) {
      return Fail(ErrorCode::kNotFound, "application.document_unknown", "no such document");
    }
    ZT_ASSIGN_OR_RETURN(
        auto view, applications_.Get(p->session.actor, CaseId(std::string(req.path_param("id"))),
                                     ContextOf(req)));
    // The QR code leads to the public progress page; the ID number is never in it.
    std::string host(req.header("Host").value_or("127.0.0.1"));
    std::string url = "http://" + host + "/#/track?receipt_no=" + view.record.receipt_no;
    ZT_ASSIGN_OR_RETURN(auto doc, NoticeOf(view, name.substr(0, name.size() - 4), url));
    ZT_ASSIGN_OR_RETURN(std::string pdf, document::RenderPdf(doc));
    Response out(200, std::move(pdf), document::kPdfContentType);
    out.SetHeader("Content-Disposition",
                  "attachment; filename=\"" + view.record.receipt_no + "-" + name + "\"");
    out.SetHeader("Cache-Control", "no-store");
    return out;
  }

  Result<Response> CompleteTask(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    std::string note = r.OptionalString("note", 0, 2000).value_or("");
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto view, applications_.CompleteTask(
                                       p->session.actor, CaseId(std::string(req.path_param("id"))),
                                       req.path_param("kind"), note, ContextOf(req)));
    return JsonWithETag(200, RenderApplication(view, true), view.record.version);
  }

  // The registry's case values (办件口径, from the counters) of a region for a period,
  // ?region=&from=&to=; the period defaults to the ten years up to today (CST).
  Result<Response> CaseIndicators(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto p, RequireLogin(req));
    if (p->session.actor.role != accounts::Role::kBureauManager) {
      return Fail(ErrorCode::kPermissionDenied, "stats.not_allowed",
                  "case indicators are for bureau managers");
    }
    service::ValueQuery q;
    q.region_code = QueryOr(req, "region");
    q.to = CivilDateCst(clock_.Now());
    q.from = q.to.AddDays(-3650);
    for (auto [name, date] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}}) {
      std::string text = QueryOr(req, name);
      if (text.empty()) continue;
      auto d = ParseDate(text);
      if (!d) return FieldFail(name, "date.format", std::string(name) + " is YYYY-MM-DD");
      *date = *d;
    }
    ZT_ASSIGN_OR_RETURN(auto values, indicators_.Values(p->session.actor, q));
    json::array items;
    for (const auto& v : values.values) {
      if (v.basis != indicators::Basis::kCases) continue;
      items.push_back(json::object{{"key", v.id},
                                   {"name", v.name_zh},
                                   {"value", v.value ? json::value(*v.value) : nullptr},
                                   {"numerator", v.numerator},
                                   {"denominator", v.denominator},
                                   {"formula", v.formula}});
    }
    return Response::Json(200, json::object{{"items", std::move(items)},
                                            {"from", values.from.ToString()},
                                            {"to", values.to.ToString()}});
  }

 private:
  service::ApplicationService applications_;
  service::IndicatorService indicators_;
  const Clock& clock_;
};

}  // namespace

void RegisterApplicationRoutes(http::Router& router, const ApiDeps& deps) {
  RegisterCaseEngineMessages();
  auto routes = std::make_shared<ApplicationRoutes>(deps);
  auto bind = [routes](Result<Response> (ApplicationRoutes::*method)(Request&)) {
    return [routes, method](Request& req) { return ((*routes).*method)(req); };
  };
  router.Get("/api/v1/applications/{id}/deadline-explanation",
             bind(&ApplicationRoutes::DeadlineExplanation));
  router.Get("/api/v1/work-queue", bind(&ApplicationRoutes::WorkQueue));
  router.Get("/api/v1/applications/{id}/documents/{name}", bind(&ApplicationRoutes::Document));
  router.Get("/api/v1/stats/cases", bind(&ApplicationRoutes::CaseIndicators));
  router.Post("/api/v1/applications/{id}/tasks/{kind}/complete",
              bind(&ApplicationRoutes::CompleteTask));
}

}  // namespace zt::api
