#include "catalogue_lists.h"

#include <array>
#include <cstdio>
#include <map>

#include "demo_departments.h"
#include "zt/service/account_service.h"
#include "zt/service/catalog_service.h"
#include "zt/service/catalogue_lists_service.h"

namespace zt::seed {
namespace {

const service::RequestContext kCtx{"seed", "127.0.0.1"};

Result<accounts::Actor> ActorNamed(service::Store& store, std::string_view username) {
  ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
  ZT_ASSIGN_OR_RETURN(auto account, tx->FindAccountByUsername(username));
  if (!account) return Fail(ErrorCode::kNotFound, "seed.account", std::string(username));
  return service::AccountService::ActorOf(*account);
}

// The published city item named `name`, if the demo has it.
Result<std::optional<catalog::ServiceItem>> CityItem(service::Store& store, std::string_view name) {
  ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
  service::ItemQuery q;
  q.text = std::string(name);
  q.region_prefix = "440800";
  q.status = catalog::ItemStatus::kPublished;
  q.limit = 50;
  ZT_ASSIGN_OR_RETURN(auto page, tx->ListItems(q));
  for (auto& item : page.items) {
    if (item.name == name && item.region_code == "440800") return std::optional(std::move(item));
  }
  return std::optional<catalog::ServiceItem>();
}

catalog::PowerItem PowerOf(std::string code, std::string name, std::string category,
                           const std::string& department, std::string legal_basis) {
  catalog::PowerItem p;
  p.code = std::move(code);
  p.name = std::move(name);
  p.category_code = std::move(category);
  p.department_id = DepartmentId(department);
  p.legal_basis = std::move(legal_basis);
  using catalog::DutyStage;
  if (p.category_code == "02") {
    p.steps = {
        {DutyStage::kAccept, "立案：对发现的违法线索依法核查，决定是否立案"},
        {DutyStage::kReview, "调查取证：全面、客观、公正地调查，收集证据，告知当事人陈述申辩权利"},
        {DutyStage::kDecide, "审查决定：依法作出处罚或不予处罚决定，重大案件经集体讨论"},
        {DutyStage::kDeliver, "送达：依法送达行政处罚决定书"},
        {DutyStage::kExecute, "执行：督促当事人履行，依法申请强制执行"}};
    p.accountability = {"没有法定依据或不遵守法定程序实施行政处罚的", "擅自改变处罚种类、幅度的",
                        "应当依法移送追究刑事责任而未移送的"};
  } else if (p.category_code == "06") {
    p.steps = {{DutyStage::kAccept, "检查准备：按“双随机、一公开”抽取检查对象和执法人员"},
               {DutyStage::kReview, "实施检查：出示证件，依法检查并制作检查记录"},
               {DutyStage::kDecide, "处理：发现违法行为的依法处理或移送"},
               {DutyStage::kSupervise, "公开：检查结果依法向社会公开"}};
    p.accountability = {"未按规定开展检查或检查中玩忽职守的", "检查中索取、收受财物的"};
  } else {
    p.steps = {{DutyStage::kAccept, "受理：依法受理或不予受理，材料不全的一次性告知补正"},
               {DutyStage::kReview, "审查：对申请材料进行审查，需要核查的组织核查"},
               {DutyStage::kDecide, "决定：在承诺时限内作出准予或不予的决定"},
               {DutyStage::kDeliver, "送达：制作并送达决定文书或证照"},
               {DutyStage::kSupervise, "事后监管：对被许可人（确认对象）开展监督检查"}};
    p.accountability = {"对符合法定条件的申请不予受理或不在法定期限内作出决定的",
                        "对不符合法定条件的申请人准予许可或超越法定职权作出决定的",
                        "办理中索取或者收受他人财物的"};
  }
  return p;
}

}  // namespace

Result<int> SeedCatalogueLists(service::Store& store, service::Crypto& crypto, Instant now) {
  SimulatedClock clock(now - std::chrono::days(1));
  service::PowerListService powers(store, crypto, clock);
  int made = 0;
  for (const auto& d : DemoCityDepartments()) {
    const std::string department = "440800-" + d.key;
    auto admin = ActorNamed(store, department + "-admin");
    if (!admin) continue;  // departments without an administrator have no list to show
    int n = 0;
    for (const auto& name : d.items) {
      bool licensing = name.find("许可") != std::string::npos ||
                       name.find("审批") != std::string::npos ||
                       name.find("核发") != std::string::npos;
      bool confirmation =
          name.find("登记") != std::string::npos || name.find("认定") != std::string::npos;
      if (!licensing && !confirmation) continue;
      char code[64];
      std::snprintf(code, sizeof code, "QZ-%s-%s-%03d", department.c_str(), licensing ? "XK" : "QR",
                    ++n);
      ZT_RETURN_IF_ERROR(powers.Create(*admin,
                                       PowerOf(code, name, licensing ? "01" : "07", department,
                                               "依据" + d.name + "主管领域的法律、法规设定"),
                                       kCtx));
      ++made;
    }
    ZT_RETURN_IF_ERROR(powers.Create(
        *admin,
        PowerOf("QZ-" + department + "-JC-001", d.short_name + "职责范围内的行政检查", "06",
                department,
                "《中华人民共和国行政处罚法》及" + d.short_name + "主管领域的法律、法规"),
        kCtx));
    ZT_RETURN_IF_ERROR(powers.Create(
        *admin,
        PowerOf("QZ-" + department + "-CF-001", "对违反" + d.short_name + "管理规定行为的行政处罚",
                "02", department, "《中华人民共和国行政处罚法》第十八条"),
        kCtx));
    made += 2;
  }

  ZT_ASSIGN_OR_RETURN(auto manager, ActorNamed(store, "zj-manager"));
  service::LifeEventService events(store, crypto, clock);
  struct Bundle {
    const char* code;
    const char* name;
    catalog::Audience audience;
    const char* description;
    std::array<const char*, 4> items;
    std::array<const char*, 2> keywords;
  };
  const std::array<Bundle, 2> bundles{{
      {"YJS-440800-XSE",
       "新生儿出生一件事",
       catalog::Audience::kPerson,
       "出生医学证明、户口登记、医保参保和社保卡申领一次申请、一次办结",
       {"出生医学证明签发", "户口迁移登记", "基本医疗保险参保登记", "社会保障卡申领"},
       {"生孩子", "宝宝出生"}},
      {"YJS-440800-CYD",
       "开办餐饮店一件事",
       catalog::Audience::kEnterprise,
       "营业执照、食品经营许可和公共场所卫生许可一次申请、并联办理",
       {"企业设立登记", "食品经营许可", "公共场所卫生许可", nullptr},
       {"开饭店", "开餐馆"}},
  }};
  for (const Bundle& b : bundles) {
    catalog::LifeEvent e;
    e.code = b.code;
    e.name = b.name;
    e.audience = b.audience;
    e.description = b.description;
    e.region_code = "440800";
    for (const char* name : b.items) {
      if (name == nullptr) continue;
      ZT_ASSIGN_OR_RETURN(auto item, CityItem(store, name));
      if (item) e.item_ids.push_back(item->id);
    }
    for (const char* k : b.keywords) e.keywords.emplace_back(k);
    if (e.item_ids.size() < 2) continue;
    ZT_RETURN_IF_ERROR(events.Create(manager, e, kCtx));
  }
  return made;
}

}  // namespace zt::seed

namespace zt::seed {
namespace {

// 办理情形 and subjects that multiply a department's base names the way real catalogues
// split an item into 业务办理项.
constexpr std::array<const char*, 6> kSituations = {"新办", "变更", "延续", "注销", "补办", "迁移"};
constexpr std::array<const char*, 8> kSubjects = {"企业",           "个体工商户",   "个人",
                                                  "社会组织",       "外商投资企业", "分支机构",
                                                  "农民专业合作社", "事业单位"};
constexpr int kVillagesPerTown = 5;
constexpr int kBatch = 2000;  // items per unit of work

service::EventDraft GeneratedEvent(Instant at, const catalog::ServiceItem& item) {
  service::EventDraft event;
  event.at = at;
  event.action = "item.created";
  event.object_type = "item";
  event.object_id = item.id.value();
  event.actor_id = AccountId("system:seed");
  event.actor_role = "system";
  event.actor_region = "440800";
  event.request_id = "seed-city-scale";
  event.source_ip = "127.0.0.1";
  // Published without review as an initial data load: who loaded it and why (docs/catalogue.md).
  event.details = {{"code", item.code},
                   {"status", "published"},
                   {"generated", "city-scale"},
                   {"initial_load", "true"},
                   {"loaded_by", "system:seed"},
                   {"reason", "city-scale generator (zhengtong seed --city-scale)"}};
  return event;
}

}  // namespace

Result<int> GenerateCityCatalogue(service::Store& store, Instant now, int city_items,
                                  int total_items,
                                  const std::function<void(int done, int total)>& progress) {
  // Counties and towns from the region table, plus generated villages (社区/村) under towns.
  std::vector<service::Region> lower;
  {
    ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
    ZT_ASSIGN_OR_RETURN(auto regions, tx->ListRegions());
    std::vector<service::Region> villages;
    for (const auto& r : regions) {
      if (!r.code.starts_with("4408") || (r.level != "county" && r.level != "township")) continue;
      lower.push_back(r);
      if (r.level != "township") continue;
      for (int v = 1; v <= kVillagesPerTown; ++v) {
        char code[16];
        std::snprintf(code, sizeof code, "%s%03d", r.code.c_str(), v);
        villages.push_back({code, r.name + "第" + std::to_string(v) + "社区", r.code, "village"});
      }
    }
    for (const auto& v : villages) ZT_RETURN_IF_ERROR(tx->PutRegion(v));
    ZT_RETURN_IF_ERROR(tx->Commit());
    lower.insert(lower.end(), villages.begin(), villages.end());
  }
  if (lower.empty()) return Fail(ErrorCode::kFailedPrecondition, "seed.no_regions", "seed first");

  const auto& departments = DemoCityDepartments();
  std::vector<catalog::ServiceItem> city;
  city.reserve(static_cast<std::size_t>(city_items));
  for (int i = 0; i < city_items; ++i) {
    const auto& d = departments[static_cast<std::size_t>(i) % departments.size()];
    int k = i / static_cast<int>(departments.size());
    const std::string& base = d.items[static_cast<std::size_t>(k) % d.items.size()];
    int variant = k / static_cast<int>(d.items.size());
    catalog::ServiceItem item;
    char code[64];
    std::snprintf(code, sizeof code, "440800-%s-G%05d", d.key.c_str(), i + 1);
    item.id = ItemId("i_gen_" + std::to_string(i + 1));
    item.code = code;
    item.name = base + "（" + kSituations[static_cast<std::size_t>(variant) % kSituations.size()] +
                "，" + kSubjects[static_cast<std::size_t>(variant / 6) % kSubjects.size()] + "）";
    item.type = base.find("许可") != std::string::npos   ? catalog::ItemType::kLicensing
                : base.find("登记") != std::string::npos ? catalog::ItemType::kConfirmation
                                                         : catalog::ItemType::kPublicService;
    item.department_id = DepartmentId("440800-" + d.key);
    item.region_code = "440800";
    item.statutory_limit_wd = 20;
    item.case_kind = i % 5 == 0 ? catalog::CaseKind::kInstant : catalog::CaseKind::kPromised;
    item.promised_limit_wd = item.case_kind == catalog::CaseKind::kInstant ? 0 : 1 + i % 10;
    item.online = i % 9 != 4;
    item.materials = {{"申请表", true, ""}, {"申请人身份证明", true, ""}};
    item.status = catalog::ItemStatus::kPublished;
    item.version = 1;
    item.created_at = now;
    item.updated_at = now;
    city.push_back(std::move(item));
  }

  int written = 0;
  const int implementations = std::max(0, total_items - city_items);
  auto next = [&](int k) -> catalog::ServiceItem {
    if (k < city_items) return city[static_cast<std::size_t>(k)];
    int j = k - city_items;
    const service::Region& region = lower[static_cast<std::size_t>(j) % lower.size()];
    // 7919 is coprime with any city size used here, so (region, item) pairs never repeat.
    const catalog::ServiceItem& of =
        city[static_cast<std::size_t>((static_cast<std::int64_t>(j) * 7919) % city_items)];
    catalog::ServiceItem item = of;
    item.id = ItemId("i_gen_" + std::to_string(k + 1));
    item.code = region.code + of.code.substr(6);
    item.region_code = region.code;
    return item;
  };
  const int total = city_items + implementations;
  for (int start = 0; start < total; start += kBatch) {
    ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
    for (int k = start; k < std::min(total, start + kBatch); ++k) {
      catalog::ServiceItem item = next(k);
      ZT_RETURN_IF_ERROR(catalog::Validate(item));
      ZT_RETURN_IF_ERROR(tx->InsertItem(item));
      ZT_RETURN_IF_ERROR(tx->AppendEvent(GeneratedEvent(now, item)));
      ++written;
    }
    ZT_RETURN_IF_ERROR(tx->Commit());
    if (progress) progress(written, total);
  }
  return written;
}

}  // namespace zt::seed
