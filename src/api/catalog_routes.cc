// The catalogue across levels: basic-catalogue (基本目录) items, their implementations, the
// drift report and the delegation ledger (赋权清单) (docs/catalogue.md). The item endpoints
// themselves stay in api.cc.
#include <boost/json.hpp>

#include "handler_support.h"
#include "render.h"
#include "routes.h"
#include "zt/catalog_json/catalog_json.h"
#include "zt/core/region_code.h"
#include "zt/http/json_body.h"
#include "zt/http/problem.h"
#include "zt/service/catalog_service.h"
#include "zt/service/delegation_service.h"

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
      {"item.in_review", "该版本正在审核中，退回后才能修改或发布",
       "The version is in review; it changes only after it is returned"},
      {"item.not_in_review", "该事项没有待审核的版本", "No version of this item is in review"},
      {"search.online_depth_unknown",
       "网上办理深度须为 information、download、pre_review 或 fully_online",
       "The online depth is information, download, pre_review or fully_online"},
      {"item.csv_list", "列表单元格的条目字段数不对：条目以 ; 分隔，字段以 | 分隔",
       "A list cell has an entry with the wrong number of fields (entries by ;, fields by |)"},
      {"item.csv_situation_unknown", "情形材料所写的情形不在“situations”列中",
       "A situation material names no situation of the situations column"},
      {"item.csv_situation_repeated", "同一事项的情形名称重复", "A situation is listed twice"},
      {"item.region_locked", "事项的实施地区不能通过导入修改",
       "An item keeps its region; an import cannot move it"},
      {"item.initial_load_reason", "初始数据导入须说明原因",
       "An initial data load states why it is published without review"},
      {"item.review_by_author", "审核人不能是该版本的编写人或提交人",
       "A version is reviewed by someone other than its author"},
      {"item.review_not_allowed", "事项由本部门管理员或政务服务数据管理局审核",
       "Items are reviewed by the department's administrator or the bureau"},
      {"item.revision_open", "该事项已有正在编写的新版本",
       "A new version of this item is already being prepared"},
      {"item.effective_from_past", "生效日期不能早于今天", "A version takes effect today or later"},
      {"item.not_in_force", "该日期没有生效的版本", "No version was in force on that date"},
      {"item.credit_code_invalid", "统一社会信用代码不正确",
       "Not a valid unified social credit code"},
      {"item.main_has_parent", "主项没有上级事项", "A main item has no parent"},
      {"item.parent_required", "子项须指明所属主项", "A sub-item names its main item"},
      {"item.parent_self", "事项不能以自身为上级", "An item is not its own parent"},
      {"item.parent_unknown", "上级事项不是本部门的事项",
       "The parent is not one of this department's items"},
      {"item.tier_unknown", "事项层级须为主项、子项或业务办理项",
       "The tier is main, sub or handling"},
      {"item.online_depth_unknown", "网上办理深度不正确", "Unknown online depth"},
      {"item.legal_basis_law", "请填写法律法规名称", "Name the law or regulation"},
      {"item.situation_name", "请填写办理情形名称", "Name the situation"},
      {"item.fee_name", "请填写收费项目名称", "Name the fee"},
      {"item.visits_range", "到现场次数须在 0 至 10 次之间", "Between 0 and 10 visits"},
      {"item.fully_online_not_online", "全程网办的事项须可网上申请",
       "A fully online item must accept online applications"},
      {"item.fully_online_visits", "全程网办的事项到现场次数须为 0",
       "A fully online item needs no visit"},
      {"item.tolerance_needs_secondary", "容缺受理须至少有一项次要材料",
       "容缺受理 needs at least one secondary material"},
      {"item.text_length", "内容过长", "Too long"},
      {"item.list_too_long", "最多 20 项", "At most 20 entries"},
      {"item.version_state_unknown", "版本状态不正确", "Unknown version state"},
      {"item.as_of_required", "请给出日期 as_of", "Give the date as_of"},
      {"item.review_decision", "审核结论须为 approve 或 return",
       "The decision is approve or return"},
      {"claim.not_allowed", "无权办理认领", "Not allowed to assign or claim items"},
      {"claim.not_assigned", "该基本目录事项未分配给本部门认领",
       "This basic-catalogue item is not assigned to your department"},
      {"claim.already_claimed", "本部门已认领该事项", "Your department has already claimed it"},
      {"claim.department_repeated", "部门重复列出", "The department is listed twice"},
      {"claim.departments_count", "请列出 1 至 1000 个部门", "Name 1 to 1000 departments"},
      {"item.not_an_implementation", "该事项不是基本目录事项的实施清单",
       "The item does not implement a basic-catalogue item"},
      {"item.local_length", "内容过长（最多 500 字）", "Too long (at most 500 characters)"},
      {"item.too_many_windows", "办理窗口最多 50 个", "At most 50 windows"},
      {"item.window_length", "窗口名称须为 1 至 100 字", "A window needs 1 to 100 characters"},
      {"catalogue.drift_not_allowed", "偏差报告仅供政务服务数据管理局和部门管理员查看",
       "The drift report is for bureau managers and department administrators"},
      {"delegation.invalid", "赋权清单条目有误，请逐项修改",
       "The delegation entries have problems"},
      {"delegation.not_allowed", "赋权清单由两个主体共同的上级政务服务数据管理局登记",
       "The delegation ledger is kept by the bureau above both bodies"},
      {"delegation.items_empty", "一个文件至少列出一个事项", "A document lists at least one item"},
      {"delegation.items_too_many", "一次最多登记 10000 个事项",
       "At most 10,000 items per request"},
      {"delegation.kind_unknown", "赋权方式须为下放、委托、重心下移、收回或取消",
       "The kind is delegate, entrust, shift_down, take_back or cancel"},
      {"delegation.item_ref_invalid", "请填写事项编码（1 至 64 字）",
       "The item reference (1 to 64 characters) is required"},
      {"delegation.item_name_invalid", "请填写事项名称（1 至 200 字）",
       "The item name (1 to 200 characters) is required"},
      {"delegation.document_number_invalid", "请填写文号（1 至 100 字）",
       "The document number (1 to 100 characters) is required"},
      {"delegation.body_invalid", "请填写主体名称（1 至 200 字）",
       "The body's name (1 to 200 characters) is required"},
      {"delegation.category_unknown", "职权类型不在所选版本的分类中",
       "Not a power category of the chosen list"},
      {"delegation.category_list_unknown", "职权类型分类版本不存在",
       "Unknown power category list version"},
      {"delegation.receiver_missing", "请填写承接主体", "The receiving body is required"},
      {"delegation.cancel_has_receiver", "取消的事项没有承接主体",
       "A cancelled power goes to no body"},
      {"delegation.level_direction", "下放、重心下移须向下级，收回须向上级或同级",
       "Delegating goes to a lower level, taking back to the same or a higher level"},
      {"delegation.same_body", "不能赋权给本主体", "A body cannot grant a power to itself"},
      {"delegation.until_before_from", "截止日期早于生效日期",
       "The end date lies before the effective date"},
      {"delegation.duplicate_item", "同一事项对同一承接主体重复列出",
       "The item is listed twice for the same body"},
      {"delegation.nothing_to_take_back", "该主体在生效日期并未承接此事项，无可收回",
       "The body holds no grant of this item on the effective date"},
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
                                 {"windows", catalog_json::StringsJson(impl.windows)},
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

json::object RenderParty(const catalog::DelegationParty& p) {
  return {{"region_code", p.region_code},
          {"body", p.body},
          {"level", catalog::LevelName(p.level)},
          {"level_name", catalog::LevelNameZh(p.level)}};
}

std::string_view CategoryName(const std::string& list, const std::string& code) {
  const catalog::PowerCategory* c = catalog::FindPowerCategory(list, code);
  return c != nullptr ? c->name_zh : std::string_view();
}

json::object RenderDelegation(const catalog::DelegationEntry& e) {
  return {{"id", e.id},
          {"kind", catalog::DelegationKindName(e.kind)},
          {"kind_name", catalog::DelegationKindNameZh(e.kind)},
          {"item_ref", e.item_ref},
          {"item_name", e.item_name},
          {"category_list", e.category_list},
          {"category_code", e.category_code},
          {"category_name", CategoryName(e.category_list, e.category_code)},
          {"from", RenderParty(e.from)},
          {"to", e.to ? json::value(RenderParty(*e.to)) : json::value(nullptr)},
          {"document_number", e.document_number},
          {"effective_from", e.effective_from.ToString()},
          {"effective_until",
           e.effective_until ? json::value(e.effective_until->ToString()) : json::value(nullptr)},
          {"recorded_at", FormatInstant(e.recorded_at)}};
}

// A date member or query value; records a field error and returns a default when bad.
std::optional<Date> ReadDate(http::JsonObjectReader& r, std::string_view name, bool required) {
  std::optional<std::string> text =
      required ? std::optional(r.RequireString(name, 10, 10)) : r.OptionalString(name, 10, 10);
  if (!text || text->empty()) return std::nullopt;
  auto date = ParseDate(*text);
  if (!date) {
    r.AddFieldError(name, date.error().key(), date.error().detail());
    return std::nullopt;
  }
  return *date;
}

// The item as RenderItem shows it, with its elements and the materials' shared-data source.
json::object RenderFullItem(const service::ItemView& view) {
  json::object out = RenderItem(view);
  out["type_code"] = catalog::ItemTypeCode(view.item.type);
  // A response shows every member of a material, set or not.
  constexpr auto kAll = catalog_json::MaterialMembers::kAll;
  out["materials"] = catalog_json::MaterialsJson(view.item.materials, kAll);
  out["elements"] = catalog_json::ElementsJson(view.item.elements, kAll);
  return out;
}

json::value OptionalDate(const std::optional<Date>& d) {
  return d ? json::value(d->ToString()) : json::value(nullptr);
}

json::object RenderVersion(const catalog::ItemVersion& v, std::string_view department_name) {
  service::ItemView content{v.content, std::string(department_name)};
  content.item.version = v.number;
  return {{"number", v.number},
          {"state", catalog::VersionStateName(v.state)},
          {"effective_from", OptionalDate(v.effective_from)},
          {"effective_to", OptionalDate(v.effective_to)},
          {"author_id", v.author_id},
          {"submitted_by", v.submitted_by},
          {"reviewed_by", v.reviewed_by},
          {"review_note", v.review_note},
          {"created_at", FormatInstant(v.created_at)},
          {"updated_at", FormatInstant(v.updated_at)},
          {"content", RenderFullItem(content)}};
}

json::object RenderRecord(const service::ItemRecord& r) {
  json::array versions;
  for (const auto& v : r.versions) versions.push_back(RenderVersion(v, r.item.department_name));
  json::object out = RenderFullItem(r.item);
  out["versions"] = std::move(versions);
  out["open_version"] = r.open_version
                            ? json::value(RenderVersion(*r.open_version, r.item.department_name))
                            : json::value(nullptr);
  return out;
}

std::vector<catalog::Material> ReadMaterials(http::JsonObjectReader& r, std::string_view name) {
  std::vector<catalog::Material> out;
  if (auto materials = r.OptionalArray(name, 0, 100)) {
    for (std::size_t i = 0; i < materials->size(); ++i) {
      auto m = materials->ObjectAt(i);
      catalog::Material material;
      material.name = m.RequireString("name", 1, 800);
      material.required = m.OptionalBool("required").value_or(true);
      material.note = m.OptionalString("note", 0, 2000).value_or("");
      material.secondary = m.OptionalBool("secondary").value_or(false);
      material.trust_grade = m.OptionalString("trust_grade", 0, 1).value_or("");
      material.licence_type_code = m.OptionalString("licence_type_code", 0, 64).value_or("");
      material.shared_data = m.OptionalString("shared_data", 0, 800).value_or("");
      out.push_back(std::move(material));
    }
  }
  return out;
}

std::vector<std::string> ReadStrings(http::JsonObjectReader& r, std::string_view name) {
  std::vector<std::string> out;
  if (auto a = r.OptionalArray(name, 0, 20)) {
    for (std::size_t i = 0; i < a->size(); ++i) out.push_back(a->StringAt(i, 1, 400));
  }
  return out;
}

// The whole item record from a body: the core fields and `elements`. Lengths here are
// generous byte bounds; catalog::Validate applies the character limits.
catalog::ServiceItem ReadItemRecord(http::JsonObjectReader& r) {
  catalog::ServiceItem item;
  item.code = r.RequireString("code", 1, 64);
  item.name = r.RequireString("name", 1, 800);
  std::string type = r.RequireString("type", 1, 32);
  item.department_id = DepartmentId(r.RequireString("department_id", 1, 64));
  item.region_code = r.RequireString("region_code", 6, 12);
  item.statutory_limit_wd = static_cast<int>(r.RequireInt("statutory_limit_wd", 0, 365));
  item.promised_limit_wd = static_cast<int>(r.RequireInt("promised_limit_wd", 0, 365));
  std::string kind = r.OptionalString("case_kind", 1, 16).value_or("promised");
  item.online = r.OptionalBool("online").value_or(true);
  item.materials = ReadMaterials(r, "materials");
  if (auto t = catalog::ParseItemType(type); t) {
    item.type = *t;
  } else {
    r.AddFieldError("type", "item.type_unknown", t.error().detail());
  }
  if (auto k = catalog::ParseCaseKind(kind); k) {
    item.case_kind = *k;
  } else {
    r.AddFieldError("case_kind", "item.case_kind_unknown", k.error().detail());
  }
  if (auto er = r.OptionalObject("elements")) {
    catalog::ItemElements& e = item.elements;
    if (auto tier = er->OptionalString("tier", 1, 16)) {
      if (auto t = catalog::ParseItemTier(*tier); t) {
        e.tier = *t;
      } else {
        er->AddFieldError("tier", "item.tier_unknown", t.error().detail());
      }
    }
    e.parent_id = ItemId(er->OptionalString("parent_id", 0, 64).value_or(""));
    e.implementing_body = er->OptionalString("implementing_body", 0, 800).value_or("");
    e.implementing_body_credit_code =
        er->OptionalString("implementing_body_credit_code", 0, 32).value_or("");
    if (auto bases = er->OptionalArray("legal_basis", 0, 20)) {
      for (std::size_t i = 0; i < bases->size(); ++i) {
        auto b = bases->ObjectAt(i);
        e.legal_basis.push_back({b.RequireString("law", 1, 800),
                                 b.OptionalString("article", 0, 400).value_or(""),
                                 b.OptionalString("text", 0, 16000).value_or("")});
      }
    }
    e.conditions = er->OptionalString("conditions", 0, 16000).value_or("");
    if (auto situations = er->OptionalArray("situations", 0, 20)) {
      for (std::size_t i = 0; i < situations->size(); ++i) {
        auto sr = situations->ObjectAt(i);
        catalog::Situation s;
        s.name = sr.RequireString("name", 1, 800);
        s.description = sr.OptionalString("description", 0, 8000).value_or("");
        s.materials = ReadMaterials(sr, "materials");
        e.situations.push_back(std::move(s));
      }
    }
    if (auto depth = er->OptionalString("online_depth", 1, 32)) {
      if (auto d = catalog::ParseOnlineDepth(*depth); d) {
        e.online_depth = *d;
      } else {
        er->AddFieldError("online_depth", "item.online_depth_unknown", d.error().detail());
      }
    }
    e.onsite_visits = static_cast<int>(er->OptionalInt("onsite_visits", 0, 10).value_or(1));
    if (auto fees = er->OptionalArray("fees", 0, 20)) {
      for (std::size_t i = 0; i < fees->size(); ++i) {
        auto f = fees->ObjectAt(i);
        e.fees.push_back({f.RequireString("name", 1, 800),
                          f.OptionalString("standard", 0, 2000).value_or(""),
                          f.OptionalString("basis", 0, 2000).value_or("")});
      }
    }
    e.channels = ReadStrings(*er, "channels");
    e.windows = ReadStrings(*er, "windows");
    e.one_window = er->OptionalBool("one_window").value_or(false);
    e.tolerance = er->OptionalBool("tolerance").value_or(false);
    e.notification_commitment = er->OptionalBool("notification_commitment").value_or(false);
  }
  return item;
}

json::object RenderClaim(const catalog::Claim& c, const service::ClaimReport& report) {
  auto name = report.department_names.find(c.department_id.value());
  auto standard = report.standards.find(c.standard_id);
  return {{"standard_id", c.standard_id},
          {"basic_code", standard != report.standards.end() ? standard->second.basic_code : ""},
          {"standard_name", standard != report.standards.end() ? standard->second.name : ""},
          {"department_id", c.department_id.value()},
          {"department_name", name != report.department_names.end() ? name->second : ""},
          {"region_code", c.region_code},
          {"assigned_at", FormatInstant(c.assigned_at)},
          {"claimed", c.claimed_at.has_value()},
          {"claimed_at",
           c.claimed_at ? json::value(FormatInstant(*c.claimed_at)) : json::value(nullptr)}};
}

json::object RenderClaimCount(const catalog::ClaimCount& n, const service::ClaimReport& report) {
  json::object out{
      {"region_code", n.region_code}, {"expected", n.expected}, {"claimed", n.claimed}};
  if (!n.department_id.empty()) {
    auto name = report.department_names.find(n.department_id.value());
    out["department_id"] = n.department_id.value();
    out["department_name"] = name != report.department_names.end() ? name->second : "";
  }
  return out;
}

class CatalogueRoutes {
 public:
  explicit CatalogueRoutes(const ApiDeps& deps)
      : catalog_(deps.store, deps.crypto, deps.clock),
        ledger_(deps.store, deps.crypto, deps.clock),
        clock_(deps.clock) {}

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

  Result<Response> RecordDelegations(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    service::DelegationBatch batch;
    std::string kind = r.RequireString("kind", 1, 16);
    batch.category_list = r.OptionalString("category_list", 1, 16)
                              .value_or(std::string(catalog::kPowerCategoryListVersion));
    batch.document_number = r.RequireString("document_number", 1, 100);
    batch.from_region = r.RequireString("from_region", 6, 12);
    batch.from_body = r.RequireString("from_body", 1, 200);
    batch.to_region = r.OptionalString("to_region", 0, 12).value_or("");
    batch.to_body = r.OptionalString("to_body", 0, 200).value_or("");
    batch.effective_from = ReadDate(r, "effective_from", true).value_or(Date{});
    batch.effective_until = ReadDate(r, "effective_until", false);
    auto items = r.RequireArray("items", 1, service::kMaxDelegationBatch);
    for (std::size_t i = 0; i < items.size(); ++i) {
      auto item = items.ObjectAt(i);
      service::DelegationItemInput in;
      in.item_ref = item.RequireString("item_ref", 1, 64);
      in.item_name = item.RequireString("item_name", 1, 200);
      in.category_code = item.RequireString("category_code", 1, 8);
      in.to_region = item.OptionalString("to_region", 0, 12).value_or("");
      in.to_body = item.OptionalString("to_body", 0, 200).value_or("");
      batch.items.push_back(std::move(in));
    }
    if (auto k = catalog::ParseDelegationKind(kind); k) {
      batch.kind = *k;
    } else if (!kind.empty()) {
      r.AddFieldError("kind", "delegation.kind_unknown", k.error().detail());
    }
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto entries, ledger_.Record(p->session.actor, batch, ContextOf(req)));
    json::array out;
    for (const auto& e : entries) out.push_back(RenderDelegation(e));
    return Response::Json(201, json::object{{"document_number", batch.document_number},
                                            {"recorded", entries.size()},
                                            {"items", std::move(out)}});
  }

  Result<Response> ListDelegations(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto paging, Paging(req));
    service::DelegationQuery q;
    std::string kind = QueryOr(req, "kind");
    if (!kind.empty()) {
      auto k = catalog::ParseDelegationKind(kind);
      if (!k) return FieldFail("kind", "delegation.kind_unknown", k.error().detail());
      q.kind = *k;
    }
    q.category_code = QueryOr(req, "category_code");
    q.document_number = QueryOr(req, "document_number");
    q.item_ref = QueryOr(req, "item_ref");
    q.offset = paging.first;
    q.limit = paging.second;
    ZT_ASSIGN_OR_RETURN(auto page, ledger_.List(QueryOr(req, "region"), q));
    json::array items;
    for (const auto& e : page.items) items.push_back(RenderDelegation(e));
    return Response::Json(200,
                          json::object{{"items", std::move(items)}, {"total_size", page.total}});
  }

  Result<Response> DelegationTotals(Request& req) {
    Date date = CivilDateCst(clock_.Now());
    if (std::string text = QueryOr(req, "date"); !text.empty()) {
      auto parsed = ParseDate(text);
      if (!parsed) return FieldFail("date", parsed.error().key(), parsed.error().detail());
      date = *parsed;
    }
    ZT_ASSIGN_OR_RETURN(auto view, ledger_.Totals(QueryOr(req, "region"), date));
    const catalog::DelegationTotals& t = view.totals;
    json::array grants;
    for (const auto& g : t.grants) {
      grants.push_back(json::object{
          {"kind", catalog::DelegationKindName(g.kind)},
          {"kind_name", catalog::DelegationKindNameZh(g.kind)},
          {"category_code", g.category_code},
          {"category_name",
           CategoryName(std::string(catalog::kPowerCategoryListVersion), g.category_code)},
          {"count", g.count}});
    }
    return Response::Json(200, json::object{{"region_prefix", view.region_prefix},
                                            {"date", t.date.ToString()},
                                            {"in_force", t.in_force},
                                            {"taken_back", t.taken_back},
                                            {"cancelled", t.cancelled},
                                            {"grants", std::move(grants)}});
  }

  // ---- The item record's life cycle ----

  Result<Response> CatalogueAt(Request& req) {
    std::string as_of = QueryOr(req, "as_of");
    if (as_of.empty()) return FieldFail("as_of", "item.as_of_required", "as_of is required");
    ZT_ASSIGN_OR_RETURN(Date date, ParseDate(as_of));
    std::string region = QueryOr(req, "region");
    if (!region.empty() && !RegionCode::Parse(region)) {
      return FieldFail("region", "region.format", "not a region code");
    }
    ZT_ASSIGN_OR_RETURN(
        auto items,
        catalog_.CatalogueAt(date, region.empty() ? "" : service::RegionScopePrefix(region),
                             DepartmentId(QueryOr(req, "department_id"))));
    json::array out;
    for (const auto& v : items) out.push_back(RenderFullItem(v));
    return Response::Json(200, json::object{{"as_of", date.ToString()},
                                            {"items", std::move(out)},
                                            {"total_size", items.size()}});
  }

  Result<Response> CreateRecord(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    catalog::ServiceItem item = ReadItemRecord(r);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto created,
                        catalog_.Create(p->session.actor, std::move(item), ContextOf(req)));
    ZT_ASSIGN_OR_RETURN(auto record, catalog_.GetRecord(p->session.actor, created.item.id));
    Response out = JsonWithETag(201, RenderRecord(record), record.item.item.version);
    out.SetHeader("Location", "/api/v1/catalogue/items/" + record.item.item.id.value());
    return out;
  }

  Result<Response> GetRecord(Request& req) {
    ItemId id(std::string(req.path_param("id")));
    std::string as_of = QueryOr(req, "as_of");
    if (!as_of.empty()) {
      ZT_ASSIGN_OR_RETURN(Date date, ParseDate(as_of));
      ZT_ASSIGN_OR_RETURN(auto version, catalog_.VersionAt(id, date));
      // A version once in force is public even when the item has since been withdrawn; the
      // department's name is shown when the item is still readable.
      auto current = catalog_.GetRecord(OptionalActor(req), id);
      return Response::Json(200,
                            RenderVersion(version, current ? current->item.department_name : ""));
    }
    ZT_ASSIGN_OR_RETURN(auto record, catalog_.GetRecord(OptionalActor(req), id));
    return JsonWithETag(200, RenderRecord(record), record.item.item.version);
  }

  Result<Response> UpdateDraft(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    http::JsonObjectReader r(req.body());
    catalog::ServiceItem item = ReadItemRecord(r);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(
        auto record,
        catalog_.UpdateDraft(p->session.actor, ItemId(std::string(req.path_param("id"))), version,
                             std::move(item), ContextOf(req)));
    return JsonWithETag(200, RenderRecord(record), record.item.item.version);
  }

  Result<Response> StartRevision(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    ZT_ASSIGN_OR_RETURN(
        auto record,
        catalog_.StartRevision(p->session.actor, ItemId(std::string(req.path_param("id"))), version,
                               ContextOf(req)));
    return JsonWithETag(201, RenderRecord(record), record.item.item.version);
  }

  Result<Response> Submit(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    ZT_ASSIGN_OR_RETURN(
        auto record,
        catalog_.SubmitForReview(p->session.actor, ItemId(std::string(req.path_param("id"))),
                                 version, ContextOf(req)));
    return JsonWithETag(200, RenderRecord(record), record.item.item.version);
  }

  Result<Response> Review(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    http::JsonObjectReader r(req.body());
    std::string decision = r.RequireString("decision", 1, 16);
    service::ReviewDecision d;
    d.approve = decision == "approve";
    if (!d.approve && decision != "return") {
      r.AddFieldError("decision", "item.review_decision", "approve or return");
    }
    d.effective_from = ReadDate(r, "effective_from", false);
    d.note = r.OptionalString("note", 0, 2000).value_or("");
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto record,
                        catalog_.Review(p->session.actor, ItemId(std::string(req.path_param("id"))),
                                        version, std::move(d), ContextOf(req)));
    return JsonWithETag(200, RenderRecord(record), record.item.item.version);
  }

  Result<Response> ReviewQueue(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto versions, catalog_.ReviewQueue(p->session.actor));
    json::array out;
    for (const auto& v : versions) {
      json::object o = RenderVersion(v, "");
      o["item_id"] = v.item_id.value();
      out.push_back(std::move(o));
    }
    return Response::Json(200, json::object{{"items", std::move(out)}});
  }

  Result<Response> AssignClaims(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    std::vector<DepartmentId> departments;
    auto ids = r.RequireArray("department_ids", 1, 1000);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      departments.emplace_back(ids.StringAt(i, 1, 64));
    }
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto claims,
                        catalog_.AssignClaims(p->session.actor, std::string(req.path_param("id")),
                                              departments, ContextOf(req)));
    service::ClaimReport names;
    json::array out;
    for (const auto& c : claims) out.push_back(RenderClaim(c, names));
    return Response::Json(200, json::object{{"items", std::move(out)}});
  }

  Result<Response> Claim(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto claim,
                        catalog_.ClaimStandard(p->session.actor, std::string(req.path_param("id")),
                                               ContextOf(req)));
    service::ClaimReport names;
    return Response::Json(200, RenderClaim(claim, names));
  }

  Result<Response> Claims(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto report, catalog_.Claims(p->session.actor, QueryOr(req, "region")));
    json::array claims, by_department, by_region;
    for (const auto& c : report.claims) claims.push_back(RenderClaim(c, report));
    for (const auto& n : report.by_department) by_department.push_back(RenderClaimCount(n, report));
    for (const auto& n : report.by_region) by_region.push_back(RenderClaimCount(n, report));
    return Response::Json(200, json::object{{"items", std::move(claims)},
                                            {"by_department", std::move(by_department)},
                                            {"by_region", std::move(by_region)}});
  }

  Result<Response> PowerCategories(Request& req) {
    std::string list = QueryOr(req, "list");
    if (list.empty()) list = std::string(catalog::kPowerCategoryListVersion);
    const auto& categories = catalog::PowerCategories(list);
    if (categories.empty()) {
      return FieldFail("list", "delegation.category_list_unknown", "unknown category list");
    }
    json::array items;
    for (const auto& c : categories) {
      items.push_back(json::object{{"code", c.code}, {"name", c.name_zh}, {"name_en", c.name_en}});
    }
    return Response::Json(200, json::object{{"list", list}, {"items", std::move(items)}});
  }

 private:
  service::CatalogService catalog_;
  service::DelegationService ledger_;
  const Clock& clock_;
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
  router.Get("/api/v1/catalogue/delegations", bind(&CatalogueRoutes::ListDelegations));
  router.Post("/api/v1/catalogue/delegations", bind(&CatalogueRoutes::RecordDelegations));
  router.Get("/api/v1/catalogue/delegations/totals", bind(&CatalogueRoutes::DelegationTotals));
  router.Get("/api/v1/catalogue/power-categories", bind(&CatalogueRoutes::PowerCategories));
  router.Get("/api/v1/catalogue/items", bind(&CatalogueRoutes::CatalogueAt));
  router.Post("/api/v1/catalogue/items", bind(&CatalogueRoutes::CreateRecord));
  router.Get("/api/v1/catalogue/items/{id}", bind(&CatalogueRoutes::GetRecord));
  router.Put("/api/v1/catalogue/items/{id}/draft", bind(&CatalogueRoutes::UpdateDraft));
  router.Post("/api/v1/catalogue/items/{id}/revisions", bind(&CatalogueRoutes::StartRevision));
  router.Post("/api/v1/catalogue/items/{id}/submit", bind(&CatalogueRoutes::Submit));
  // The older publish route only submits for review now: no HTTP route publishes without a
  // second person (docs/catalogue.md "Life cycle and versions").
  router.Post("/api/v1/items/{id}/publish", bind(&CatalogueRoutes::Submit));
  router.Post("/api/v1/catalogue/items/{id}/review", bind(&CatalogueRoutes::Review));
  router.Post("/api/v1/catalogue/standards/{id}/assignments", bind(&CatalogueRoutes::AssignClaims));
  router.Post("/api/v1/catalogue/standards/{id}/claim", bind(&CatalogueRoutes::Claim));
  router.Get("/api/v1/catalogue/claims", bind(&CatalogueRoutes::Claims));
  router.Get("/api/v1/catalogue/reviews", bind(&CatalogueRoutes::ReviewQueue));
}

}  // namespace zt::api
