// The catalogue's published lists and the public search (docs/catalogue.md): the power and
// responsibility list (权责清单), life events (一件事), ranked search with filters, and the
// exports: XLSX (with its import) and CPSV-AP-style JSON-LD.
#include <algorithm>
#include <boost/json.hpp>
#include <climits>

#include "handler_support.h"
#include "routes.h"
#include "zt/core/csv.h"
#include "zt/document/xlsx.h"
#include "zt/http/json_body.h"
#include "zt/http/problem.h"
#include "zt/service/catalog_service.h"
#include "zt/service/catalogue_lists_service.h"

namespace zt::api {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

void RegisterCatalogueListMessages() {
  struct Message {
    const char* key;
    const char* zh;
    const char* en;
  };
  static constexpr Message kMessages[] = {
      {"power_item.invalid", "权责事项有误，请逐项修改", "The power item has problems"},
      {"power_item.not_allowed", "部门的权责事项由本部门管理员登记",
       "A department's powers are recorded by its administrator"},
      {"power_item.not_found", "权责事项不存在", "No such power item"},
      {"power_item.code_taken", "该权力编码已被使用", "This power code is already in use"},
      {"power_item.code_format", "权力编码须为 6 至 64 位字母、数字、“-”或“_”",
       "A power code is 6 to 64 letters, digits, '-' or '_'"},
      {"power_item.name_invalid", "请填写权力名称（1 至 200 字）",
       "The name (1 to 200 characters) is required"},
      {"power_item.department_required", "请填写实施部门", "The department is required"},
      {"power_item.legal_basis_invalid", "请填写设定依据（1 至 4000 字）",
       "The legal basis (1 to 4000 characters) is required"},
      {"power_item.steps_count", "请填写 1 至 20 个责任环节", "Give 1 to 20 responsibility steps"},
      {"power_item.duty_invalid", "请填写该环节的责任事项（1 至 2000 字）",
       "Describe the duty of the step (1 to 2000 characters)"},
      {"power_item.stage_repeated", "同一环节只能填写一次", "Each step is given once"},
      {"power_item.stage_unknown", "责任环节须为受理、审查、决定、送达、执行、事后监管或其他",
       "A step is accept, review, decide, deliver, execute, supervise or other"},
      {"power_item.accountability_count", "请填写 1 至 50 个追责情形",
       "Give 1 to 50 accountability cases"},
      {"power_item.accountability_invalid", "追责情形须为 1 至 2000 字",
       "An accountability case is 1 to 2000 characters"},
      {"power_item.withdrawn", "该权责事项已取消", "The power item is withdrawn"},
      {"power_item.unchanged", "修订未改变任何内容", "The revision changes nothing"},
      {"power_item.not_in_force", "该日期没有生效的版本", "No revision was in force on that date"},
      {"power_item.effective_from_past", "生效日期不能早于今天",
       "A revision takes effect today or later"},
      {"power_item.effective_from_before_current", "生效日期不能早于现行版本的生效日期",
       "A revision takes effect on or after the revision it replaces"},
      {"life_event.withdrawn", "该“一件事”已停用", "The life event is withdrawn"},
      {"life_event.unchanged", "修订未改变任何内容", "The revision changes nothing"},
      {"life_event.not_in_force", "该日期没有生效的版本", "No revision was in force on that date"},
      {"life_event.effective_from_past", "生效日期不能早于今天",
       "A revision takes effect today or later"},
      {"life_event.effective_from_before_current", "生效日期不能早于现行版本的生效日期",
       "A revision takes effect on or after the revision it replaces"},
      {"life_event.invalid", "“一件事”有误，请逐项修改", "The life event has problems"},
      {"life_event.not_allowed", "“一件事”由本地区政务服务数据管理局维护",
       "Life events are kept by the bureau of the region"},
      {"life_event.not_found", "该“一件事”不存在", "No such life event"},
      {"life_event.code_taken", "该编码已被使用", "This code is already in use"},
      {"life_event.code_format", "编码须为 4 至 64 位字母、数字、“-”或“_”",
       "A code is 4 to 64 letters, digits, '-' or '_'"},
      {"life_event.name_invalid", "请填写名称（1 至 100 字）",
       "The name (1 to 100 characters) is required"},
      {"life_event.description_too_long", "说明不超过 2000 字",
       "The description is at most 2000 characters"},
      {"life_event.items_count", "一件事包含 2 至 50 个事项", "A life event bundles 2 to 50 items"},
      {"life_event.item_repeated", "同一事项只能列出一次", "An item is listed once"},
      {"life_event.item_unknown", "事项不存在、未发布或不在本地区",
       "Not a published item of the region"},
      {"life_event.keywords_count", "关键词不超过 20 个", "At most 20 keywords"},
      {"life_event.keyword_invalid", "关键词须为 1 至 20 字", "A keyword is 1 to 20 characters"},
      {"life_event.audience_unknown", "服务对象须为个人或企业",
       "The audience is person or enterprise"},
      {"search.level_unknown", "层级须为省级、市级、县级、乡镇级或村级", "Unknown level"},
      {"search.type_unknown", "事项类型不正确", "Unknown item type"},
      {"search.online_invalid", "online 须为 true 或 false", "online is true or false"},
      {"xlsx.content_type", "请以 XLSX 文件上传", "Send the file as XLSX"},
  };
  for (const auto& m : kMessages) http::RegisterMessages(m.key, m.zh, m.en);
}

json::value OptionalDate(const std::optional<Date>& d) {
  return d ? json::value(d->ToString()) : json::value(nullptr);
}

// ?as_of=YYYY-MM-DD, if given.
Result<std::optional<Date>> AsOf(const Request& req) {
  std::string text = QueryOr(req, "as_of");
  if (text.empty()) return std::optional<Date>();
  auto date = ParseDate(text);
  if (!date) return FieldFail("as_of", date.error().key(), "a date YYYY-MM-DD");
  return std::optional<Date>(*date);
}

// "effective_from" of a revision body, if given.
std::optional<Date> ReadEffectiveFrom(http::JsonObjectReader& r) {
  auto text = r.OptionalString("effective_from", 10, 10);
  if (!text) return std::nullopt;
  auto date = ParseDate(*text);
  if (!date) {
    r.AddFieldError("effective_from", date.error().key(), "a date YYYY-MM-DD");
    return std::nullopt;
  }
  return *date;
}

// The content members of a power item, for creating and revising it.
void ReadPowerContent(http::JsonObjectReader& r, catalog::PowerItem& item) {
  item.name = r.RequireString("name", 1, 800);
  item.category_list = r.OptionalString("category_list", 1, 16)
                           .value_or(std::string(catalog::kPowerCategoryListVersion));
  item.category_code = r.RequireString("category_code", 1, 8);
  item.legal_basis = r.RequireString("legal_basis", 1, 16000);
  auto steps = r.RequireArray("steps", 0, 50);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    auto step = steps.ObjectAt(i);
    std::string stage = step.RequireString("stage", 1, 16);
    catalog::ResponsibilityStep s;
    s.duty = step.RequireString("duty", 0, 8000);
    if (auto parsed = catalog::ParseDutyStage(stage)) {
      s.stage = *parsed;
    } else if (!stage.empty()) {
      step.AddFieldError("stage", "power_item.stage_unknown", parsed.error().detail());
    }
    item.steps.push_back(std::move(s));
  }
  auto cases = r.RequireArray("accountability", 0, 100);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    item.accountability.push_back(cases.StringAt(i, 0, 8000));
  }
}

// The content members of a life event, for creating and revising it.
void ReadLifeEventContent(http::JsonObjectReader& r, catalog::LifeEvent& e) {
  e.name = r.RequireString("name", 1, 400);
  std::string audience = r.OptionalString("audience", 1, 16).value_or("person");
  e.description = r.OptionalString("description", 0, 8000).value_or("");
  auto ids = r.RequireArray("item_ids", 0, 100);
  for (std::size_t i = 0; i < ids.size(); ++i) e.item_ids.emplace_back(ids.StringAt(i, 1, 64));
  if (auto keywords = r.OptionalArray("keywords", 0, 40)) {
    for (std::size_t i = 0; i < keywords->size(); ++i) {
      e.keywords.push_back(keywords->StringAt(i, 0, 80));
    }
  }
  if (auto a = catalog::ParseAudience(audience)) {
    e.audience = *a;
  } else {
    r.AddFieldError("audience", "life_event.audience_unknown", a.error().detail());
  }
}

json::object RenderPowerItem(const catalog::PowerItem& p) {
  json::array steps;
  for (const auto& s : p.steps) {
    steps.push_back(json::object{{"stage", catalog::DutyStageName(s.stage)},
                                 {"stage_name", catalog::DutyStageNameZh(s.stage)},
                                 {"duty", s.duty}});
  }
  json::array accountability;
  for (const auto& a : p.accountability) accountability.emplace_back(a);
  const catalog::PowerCategory* category =
      catalog::FindPowerCategory(p.category_list, p.category_code);
  return json::object{{"id", p.id},
                      {"code", p.code},
                      {"name", p.name},
                      {"category_list", p.category_list},
                      {"category_code", p.category_code},
                      {"category_name", category ? category->name_zh : ""},
                      {"department_id", p.department_id.value()},
                      {"region_code", p.region_code},
                      {"legal_basis", p.legal_basis},
                      {"steps", std::move(steps)},
                      {"accountability", std::move(accountability)},
                      {"version", p.version},
                      {"revision", p.revision},
                      {"effective_from", p.effective_from.ToString()},
                      {"effective_to", OptionalDate(p.effective_to)},
                      {"withdrawn", p.withdrawn}};
}

// Each revision's dates and what it was called, oldest first.
template <class Revision>
json::array RenderRevisions(const std::vector<Revision>& revisions) {
  json::array out;
  for (const auto& r : revisions) {
    out.push_back(json::object{{"revision", r.revision},
                               {"name", r.name},
                               {"effective_from", r.effective_from.ToString()},
                               {"effective_to", OptionalDate(r.effective_to)},
                               {"withdrawn", r.withdrawn}});
  }
  return out;
}

json::object RenderLifeEvent(const catalog::LifeEvent& e) {
  json::array ids;
  for (const auto& id : e.item_ids) ids.emplace_back(id.value());
  json::array keywords;
  for (const auto& k : e.keywords) keywords.emplace_back(k);
  return json::object{{"id", e.id},
                      {"code", e.code},
                      {"name", e.name},
                      {"audience", catalog::AudienceName(e.audience)},
                      {"description", e.description},
                      {"region_code", e.region_code},
                      {"item_ids", std::move(ids)},
                      {"keywords", std::move(keywords)},
                      {"version", e.version},
                      {"revision", e.revision},
                      {"effective_from", e.effective_from.ToString()},
                      {"effective_to", OptionalDate(e.effective_to)},
                      {"withdrawn", e.withdrawn}};
}

json::object RenderLifeEventView(const service::LifeEventView& v) {
  json::object out = RenderLifeEvent(v.event);
  json::array items;
  for (const auto& i : v.items) {
    items.push_back(json::object{{"id", i.id.value()},
                                 {"code", i.code},
                                 {"name", i.name},
                                 {"promised_limit_wd", i.promised_limit_wd},
                                 {"online", i.online}});
  }
  json::array materials;
  for (const auto& m : v.materials) {
    json::array from;
    for (const auto& id : m.item_ids) from.emplace_back(id.value());
    materials.push_back(json::object{{"name", m.name},
                                     {"required", m.required},
                                     {"secondary", m.secondary},
                                     {"licence_type_code", m.licence_type_code},
                                     {"item_ids", std::move(from)}});
  }
  out["items"] = std::move(items);
  out["materials"] = std::move(materials);
  return out;
}

// Sheet rows from CSV text: every cell is text, so codes and IDs stay text in Excel.
Result<document::Sheet> SheetFromCsv(std::string_view csv) {
  ZT_ASSIGN_OR_RETURN(auto rows, ParseCsv(csv));
  document::Sheet sheet{.name = "事项"};
  for (const auto& row : rows) {
    std::vector<document::Cell> cells;
    for (const auto& field : row) cells.emplace_back(CsvUnguard(field));
    sheet.rows.push_back(std::move(cells));
  }
  return sheet;
}

// The CSV the import rules read, from a sheet (the same columns, the same checks).
std::string CsvFromSheet(const document::Sheet& sheet) {
  std::string csv;
  for (const auto& row : sheet.rows) {
    std::vector<std::string> fields;
    for (const auto& cell : row) fields.push_back(document::CellText(cell));
    csv += CsvLine(fields);
  }
  return csv;
}

// ISO 8601 duration of a limit in working days, as CPSV-AP's processingTime expects; the
// working-day nature is stated in the item's own zt: fields.
std::string Days(int working_days) { return "P" + std::to_string(working_days) + "D"; }

class CatalogueListRoutes {
 public:
  explicit CatalogueListRoutes(const ApiDeps& deps)
      : powers_(deps.store, deps.crypto, deps.clock),
        events_(deps.store, deps.crypto, deps.clock),
        search_(deps.store, deps.clock),
        catalog_(deps.store, deps.crypto, deps.clock) {}

  Result<Response> ListPowerItems(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto paging, Paging(req));
    service::PowerItemQuery q;
    q.department_id = DepartmentId(QueryOr(req, "department_id"));
    q.category_list = QueryOr(req, "list");
    q.category_code = QueryOr(req, "category_code");
    q.text = QueryOr(req, "q");
    ZT_ASSIGN_OR_RETURN(q.as_of, AsOf(req));
    q.offset = paging.first;
    q.limit = paging.second;
    ZT_ASSIGN_OR_RETURN(auto page, powers_.List(QueryOr(req, "region"), q));
    json::array items;
    for (const auto& p : page.items) items.push_back(RenderPowerItem(p));
    return Response::Json(200,
                          json::object{{"items", std::move(items)}, {"total_size", page.total}});
  }

  Result<Response> CreatePowerItem(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    catalog::PowerItem item;
    item.code = r.RequireString("code", 1, 64);
    item.department_id = DepartmentId(r.RequireString("department_id", 1, 64));
    ReadPowerContent(r, item);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto created, powers_.Create(p->session.actor, item, ContextOf(req)));
    return JsonWithETag(201, RenderPowerItem(created), created.version);
  }

  // PUT /api/v1/catalogue/power-items/{id} (If-Match): revision n+1, never in place.
  Result<Response> RevisePowerItem(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t if_match, IfMatchVersion(req));
    http::JsonObjectReader r(req.body());
    catalog::PowerItem content;
    ReadPowerContent(r, content);
    std::optional<Date> from = ReadEffectiveFrom(r);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(
        auto revised, powers_.Revise(p->session.actor, std::string(req.path_param("id")), if_match,
                                     std::move(content), from, ContextOf(req)));
    return JsonWithETag(200, RenderPowerItem(revised), revised.version);
  }

  Result<Response> WithdrawPowerItem(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t if_match, IfMatchVersion(req));
    ZT_ASSIGN_OR_RETURN(auto withdrawn,
                        powers_.Withdraw(p->session.actor, std::string(req.path_param("id")),
                                         if_match, ContextOf(req)));
    return JsonWithETag(200, RenderPowerItem(withdrawn), withdrawn.version);
  }

  // GET /api/v1/catalogue/power-items/{id}?as_of= — the power (or the revision in force on
  // as_of) with the dates of every revision.
  Result<Response> GetPowerItem(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto as_of, AsOf(req));
    std::string id(req.path_param("id"));
    ZT_ASSIGN_OR_RETURN(auto item, powers_.Get(id, as_of));
    ZT_ASSIGN_OR_RETURN(auto revisions, powers_.Revisions(id));
    json::object body = RenderPowerItem(item);
    body["revisions"] = RenderRevisions(revisions);
    if (as_of) return Response::Json(200, std::move(body));
    return JsonWithETag(200, std::move(body), item.version);
  }

  Result<Response> PowerCounts(Request& req) {
    std::string list = QueryOr(req, "list");
    if (list.empty()) list = std::string(catalog::kPowerCategoryListVersion);
    ZT_ASSIGN_OR_RETURN(auto as_of, AsOf(req));
    ZT_ASSIGN_OR_RETURN(auto counts,
                        powers_.Counts(QueryOr(req, "region"),
                                       DepartmentId(QueryOr(req, "department_id")), list, as_of));
    json::array categories;
    for (const auto& c : counts.categories) {
      categories.push_back(json::object{{"code", c.code}, {"name", c.name_zh}, {"count", c.count}});
    }
    return Response::Json(200, json::object{{"list", counts.category_list},
                                            {"region", QueryOr(req, "region")},
                                            {"department_id", QueryOr(req, "department_id")},
                                            {"total", counts.total},
                                            {"categories", std::move(categories)}});
  }

  Result<Response> ListLifeEvents(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto paging, Paging(req));
    service::LifeEventQuery q{.offset = paging.first, .limit = paging.second};
    ZT_ASSIGN_OR_RETURN(q.as_of, AsOf(req));
    ZT_ASSIGN_OR_RETURN(auto page, events_.List(QueryOr(req, "region"), q));
    json::array items;
    for (const auto& e : page.items) items.push_back(RenderLifeEvent(e));
    return Response::Json(200,
                          json::object{{"items", std::move(items)}, {"total_size", page.total}});
  }

  Result<Response> CreateLifeEvent(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    catalog::LifeEvent e;
    e.code = r.RequireString("code", 1, 64);
    e.region_code = r.RequireString("region_code", 6, 12);
    ReadLifeEventContent(r, e);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto view, events_.Create(p->session.actor, e, ContextOf(req)));
    search_.Invalidate();
    return JsonWithETag(201, RenderLifeEventView(view), view.event.version);
  }

  // PUT /api/v1/catalogue/life-events/{id} (If-Match): revision n+1, never in place.
  Result<Response> ReviseLifeEvent(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t if_match, IfMatchVersion(req));
    http::JsonObjectReader r(req.body());
    catalog::LifeEvent content;
    ReadLifeEventContent(r, content);
    std::optional<Date> from = ReadEffectiveFrom(r);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(
        auto view, events_.Revise(p->session.actor, std::string(req.path_param("id")), if_match,
                                  std::move(content), from, ContextOf(req)));
    search_.Invalidate();
    return JsonWithETag(200, RenderLifeEventView(view), view.event.version);
  }

  Result<Response> WithdrawLifeEvent(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t if_match, IfMatchVersion(req));
    ZT_ASSIGN_OR_RETURN(
        auto view, events_.Withdraw(p->session.actor, std::string(req.path_param("id")), if_match,
                                    ContextOf(req)));
    search_.Invalidate();
    return JsonWithETag(200, RenderLifeEventView(view), view.event.version);
  }

  Result<Response> GetLifeEvent(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto as_of, AsOf(req));
    std::string id(req.path_param("id"));
    ZT_ASSIGN_OR_RETURN(auto view, events_.Get(id, as_of));
    ZT_ASSIGN_OR_RETURN(auto revisions, events_.Revisions(id));
    json::object body = RenderLifeEventView(view);
    body["revisions"] = RenderRevisions(revisions);
    if (as_of) return Response::Json(200, std::move(body));
    return JsonWithETag(200, std::move(body), view.event.version);
  }

  // GET /api/v1/catalogue/search?q=&region=&department_id=&level=&type=&online=&page=
  Result<Response> Search(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto paging, Paging(req));
    catalog::RankedQuery q;
    q.text = QueryOr(req, "q");
    q.department_id = DepartmentId(QueryOr(req, "department_id"));
    q.offset = paging.first;
    q.limit = paging.second;
    if (std::string level = QueryOr(req, "level"); !level.empty()) {
      auto parsed = catalog::ParseLevel(level);
      if (!parsed) return FieldFail("level", "search.level_unknown", "unknown level");
      q.level = *parsed;
    }
    if (std::string type = QueryOr(req, "type"); !type.empty()) {
      auto parsed = catalog::ParseItemType(type);
      if (!parsed) return FieldFail("type", "search.type_unknown", "unknown item type");
      q.type = *parsed;
    }
    if (std::string online = QueryOr(req, "online"); !online.empty()) {
      if (online != "true" && online != "false") {
        return FieldFail("online", "search.online_invalid", "true or false");
      }
      q.online = online == "true";
    }
    if (std::string depth = QueryOr(req, "online_depth"); !depth.empty()) {
      auto parsed = catalog::ParseOnlineDepth(depth);
      if (!parsed) {
        return FieldFail("online_depth", "search.online_depth_unknown",
                         "information, download, pre_review or fully_online");
      }
      q.online_depth = *parsed;
    }
    ZT_ASSIGN_OR_RETURN(auto page, search_.Search(QueryOr(req, "region"), q));
    json::array items;
    for (const auto& h : page.result.hits) {
      const catalog::SearchDocument& d = *h.document;
      json::array events;
      for (const auto& e : d.life_events) events.emplace_back(e);
      items.push_back(
          json::object{{"id", d.item.id.value()},
                       {"code", d.item.code},
                       {"name", d.item.name},
                       {"type", catalog::ItemTypeName(d.item.type)},
                       {"type_name", catalog::ItemTypeNameZh(d.item.type)},
                       {"department_id", d.item.department_id.value()},
                       {"department_name", d.department_name},
                       {"region_code", d.item.region_code},
                       {"level", catalog::LevelName(d.level)},
                       {"online", d.item.online},
                       {"online_depth", catalog::OnlineDepthName(d.item.elements.online_depth)},
                       {"promised_limit_wd", d.item.promised_limit_wd},
                       {"life_events", std::move(events)},
                       {"popularity", d.popularity},
                       {"matched", catalog::MatchFieldName(h.field)}});
    }
    return Response::Json(
        200, json::object{{"items", std::move(items)}, {"total_size", page.result.total}});
  }

  // GET /api/v1/catalogue/export.jsonld?region= — the public catalogue, CPSV-AP style.
  Result<Response> ExportJsonLd(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto page, search_.Search(QueryOr(req, "region"), {.limit = INT_MAX}));
    std::vector<const catalog::SearchDocument*> docs;
    for (const auto& h : page.result.hits) docs.push_back(h.document);
    std::ranges::sort(docs, {}, [](const auto* d) { return d->item.code; });
    json::array graph;
    for (const auto* d : docs) {
      const auto& item = d->item;
      json::array inputs;
      for (const auto& m : item.materials) {
        json::object evidence{{"@type", "cv:Evidence"},
                              {"dct:title", json::object{{"@language", "zh"}, {"@value", m.name}}},
                              {"zt:required", m.required}};
        if (!m.licence_type_code.empty()) evidence["zt:licenceTypeCode"] = m.licence_type_code;
        inputs.push_back(std::move(evidence));
      }
      json::array events;
      for (const auto& e : d->life_events) {
        events.push_back(
            json::object{{"@type", "cv:LifeEvent"},
                         {"dct:title", json::object{{"@language", "zh"}, {"@value", e}}}});
      }
      graph.push_back(json::object{
          {"@id", "urn:zhengtong:service:" + item.code},
          {"@type", "cpsv:PublicService"},
          {"dct:identifier", item.code},
          {"dct:title", json::object{{"@language", "zh"}, {"@value", item.name}}},
          {"dct:type", catalog::ItemTypeName(item.type)},
          {"dct:spatial", "urn:zhengtong:region:" + item.region_code},
          {"cv:hasCompetentAuthority",
           json::object{{"@id", "urn:zhengtong:department:" + item.department_id.value()},
                        {"@type", "cv:PublicOrganisation"},
                        {"skos:prefLabel", d->department_name}}},
          {"cv:processingTime", Days(item.promised_limit_wd)},
          {"cv:hasChannel",
           json::array{json::object{{"@type", "cv:Channel"},
                                    {"dct:type", item.online ? "online" : "assistant"}}}},
          {"cpsv:hasInput", std::move(inputs)},
          {"cv:isGroupedBy", std::move(events)},
          {"zt:statutoryLimitWorkingDays", item.statutory_limit_wd},
          {"zt:promisedLimitWorkingDays", item.promised_limit_wd},
          {"zt:level", catalog::LevelName(d->level)}});
    }
    json::object context{{"cpsv", "http://purl.org/vocab/cpsv#"},
                         {"cv", "http://data.europa.eu/m8g/"},
                         {"dct", "http://purl.org/dc/terms/"},
                         {"skos", "http://www.w3.org/2004/02/skos/core#"},
                         {"zt", "urn:zhengtong:vocab#"}};
    Response out(200,
                 json::serialize(
                     json::object{{"@context", std::move(context)}, {"@graph", std::move(graph)}}),
                 "application/ld+json");
    return out;
  }

  // GET /api/v1/catalogue/export.xlsx?department_id= — the department's items, the CSV
  // export's columns, every cell text.
  Result<Response> ExportXlsx(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    std::string department = QueryOr(req, "department_id");
    if (department.empty()) department = p->session.actor.department_id.value();
    ZT_ASSIGN_OR_RETURN(auto csv, catalog_.ExportCsv(p->session.actor, DepartmentId(department),
                                                     false, ContextOf(req)));
    ZT_ASSIGN_OR_RETURN(auto sheet, SheetFromCsv(csv));
    ZT_ASSIGN_OR_RETURN(auto bytes, document::WriteXlsx(sheet));
    Response out(200, std::move(bytes), document::kXlsxContentType);
    out.SetHeader("Content-Disposition", "attachment; filename=\"items-" + department + ".xlsx\"");
    return out;
  }

  // POST /api/v1/catalogue/import.xlsx — the CSV import's rules, row by row, all or nothing.
  Result<Response> ImportXlsx(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    std::string_view type = req.header("Content-Type").value_or("");
    if (!type.starts_with(document::kXlsxContentType)) {
      return FieldFail("Content-Type", "xlsx.content_type", "send the file as XLSX");
    }
    ZT_ASSIGN_OR_RETURN(auto sheet, document::ReadXlsx(req.body()));
    ZT_ASSIGN_OR_RETURN(auto outcome,
                        catalog_.ImportCsv(p->session.actor, CsvFromSheet(sheet), ContextOf(req)));
    if (!outcome.errors.empty()) {
      std::vector<FieldError> fields;
      json::array rows;
      for (const auto& e : outcome.errors) {
        fields.push_back({"/rows/" + std::to_string(e.row) + (e.field.empty() ? "" : "/" + e.field),
                          e.key, e.message});
        rows.push_back(json::object{
            {"row", e.row},
            {"field", e.field},
            {"key", e.key},
            {"message",
             http::LocalizeMessage(e.key, req.locale(), e.message).value_or(e.message)}});
      }
      Error error(ErrorCode::kInvalidArgument, "item.import_rejected",
                  "the file was refused; nothing was imported", std::move(fields));
      Response out = http::Problem(error, req);
      json::value body = json::parse(out.body());
      body.as_object()["rows"] = std::move(rows);
      out.set_body(json::serialize(body));
      return out;
    }
    json::array items;
    for (const auto& v : outcome.created) {
      items.push_back(
          json::object{{"id", v.item.id.value()}, {"code", v.item.code}, {"name", v.item.name}});
    }
    json::array updated;
    for (const auto& v : outcome.updated) {
      updated.push_back(
          json::object{{"id", v.item.id.value()}, {"code", v.item.code}, {"name", v.item.name}});
    }
    return Response::Json(201, json::object{{"created", outcome.created.size()},
                                            {"items", std::move(items)},
                                            {"updated", std::move(updated)},
                                            {"unchanged", outcome.unchanged}});
  }

 private:
  service::PowerListService powers_;
  service::LifeEventService events_;
  service::CatalogSearchService search_;
  service::CatalogService catalog_;
};

}  // namespace

void RegisterCatalogueListRoutes(http::Router& router, const ApiDeps& deps) {
  RegisterCatalogueListMessages();
  auto routes = std::make_shared<CatalogueListRoutes>(deps);
  auto bind = [routes](Result<Response> (CatalogueListRoutes::*method)(Request&)) {
    return [routes, method](Request& req) { return ((*routes).*method)(req); };
  };
  router.Get("/api/v1/catalogue/power-items", bind(&CatalogueListRoutes::ListPowerItems));
  router.Post("/api/v1/catalogue/power-items", bind(&CatalogueListRoutes::CreatePowerItem));
  router.Get("/api/v1/catalogue/power-items/{id}", bind(&CatalogueListRoutes::GetPowerItem));
  router.Put("/api/v1/catalogue/power-items/{id}", bind(&CatalogueListRoutes::RevisePowerItem));
  router.Post("/api/v1/catalogue/power-items/{id}/withdraw",
              bind(&CatalogueListRoutes::WithdrawPowerItem));
  router.Get("/api/v1/catalogue/power-counts", bind(&CatalogueListRoutes::PowerCounts));
  router.Get("/api/v1/catalogue/life-events", bind(&CatalogueListRoutes::ListLifeEvents));
  router.Post("/api/v1/catalogue/life-events", bind(&CatalogueListRoutes::CreateLifeEvent));
  router.Get("/api/v1/catalogue/life-events/{id}", bind(&CatalogueListRoutes::GetLifeEvent));
  router.Put("/api/v1/catalogue/life-events/{id}", bind(&CatalogueListRoutes::ReviseLifeEvent));
  router.Post("/api/v1/catalogue/life-events/{id}/withdraw",
              bind(&CatalogueListRoutes::WithdrawLifeEvent));
  router.Get("/api/v1/catalogue/search", bind(&CatalogueListRoutes::Search));
  router.Get("/api/v1/catalogue/export.jsonld", bind(&CatalogueListRoutes::ExportJsonLd));
  router.Get("/api/v1/catalogue/export.xlsx", bind(&CatalogueListRoutes::ExportXlsx));
  router.Post("/api/v1/catalogue/import.xlsx", bind(&CatalogueListRoutes::ImportXlsx));
}

}  // namespace zt::api
