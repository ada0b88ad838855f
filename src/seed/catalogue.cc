#include "catalogue.h"

#include "zt/service/catalog_service.h"
#include "zt/service/delegation_service.h"

namespace zt::seed {
namespace {

struct DemoStandard {
  const char* basic_code;
  const char* name;
  catalog::ItemType type;
  const char* competent_department;
  const char* legal_basis;
  int statutory_limit_wd;
  int promised_limit_wd;
};

// Legal bases as the acts word them; the limits are the statutory ones of 行政许可法 第四十二条
// and the registration regulation.
const DemoStandard kStandards[] = {
    {"JB-XK-SP-001", "食品经营许可", catalog::ItemType::kLicensing, "市场监督管理局",
     "《中华人民共和国食品安全法》第三十五条：国家对食品生产经营实行许可制度。从事食品生产、"
     "食品销售、餐饮服务，应当依法取得许可。",
     20, 5},
    {"JB-QR-GT-001", "个体工商户登记", catalog::ItemType::kConfirmation, "市场监督管理局",
     "《促进个体工商户发展条例》第八条：国家持续深化商事制度改革，优化个体工商户登记经营场所使用、"
     "名称管理等制度。",
     15, 3},
};

struct DemoPower {
  const char* code;
  const char* name;
  const char* category;  // 2015 list: 02 处罚, 03 强制, 06 检查
};

// A small 赋权清单 in the shape of the city's 2021 enforcement batch: the city's enforcement
// bureau delegates inspection, penalty and coercion powers to two 赤坎区 streets, and later
// takes one back. The ledger page's totals come out of these entries.
const DemoPower kPowers[] = {
    {"ZF-JC-001", "对城市道路范围内设置广告设施的检查", "06"},
    {"ZF-JC-002", "对建筑垃圾处置活动的检查", "06"},
    {"ZF-CF-001", "对擅自占用城市道路行为的处罚", "02"},
    {"ZF-CF-002", "对在城市人行道上违法停放非机动车的处罚", "02"},
    {"ZF-CF-003", "对随意倾倒、抛撒生活垃圾的处罚", "02"},
    {"ZF-CF-004", "对未经批准设置大型户外广告的处罚", "02"},
    {"ZF-QZ-001", "查封、扣押违法占道经营的物品", "03"},
};

Status SeedDelegations(service::Store& store, service::Crypto& crypto, const Clock& clock,
                       const accounts::Actor& manager, const service::RequestContext& ctx) {
  service::DelegationService ledger(store, crypto, clock);
  service::DelegationBatch batch;
  batch.kind = catalog::DelegationKind::kDelegate;
  batch.document_number = "湛府〔2021〕12号（演示）";
  batch.from_region = "440800";
  batch.from_body = "湛江市城市管理和综合执法局";
  batch.effective_from = *ParseDate("2021-07-01");
  for (const auto& [region, body] :
       {std::pair{"440802001", "中华街道办事处"}, std::pair{"440802002", "寸金街道办事处"}}) {
    for (const auto& p : kPowers) {
      batch.items.push_back({p.code, p.name, p.category, region, body});
    }
  }
  ZT_RETURN_IF_ERROR(ledger.Record(manager, batch, ctx));
  service::DelegationBatch back;
  back.kind = catalog::DelegationKind::kTakeBack;
  back.document_number = "湛府〔2023〕3号（演示）";
  back.from_region = "440802002";
  back.from_body = "寸金街道办事处";
  back.to_region = "440800";
  back.to_body = batch.from_body;
  back.effective_from = *ParseDate("2023-01-01");
  back.items.push_back({kPowers[6].code, kPowers[6].name, kPowers[6].category});
  ZT_RETURN_IF_ERROR(ledger.Record(manager, back, ctx));
  return Ok();
}

}  // namespace

Result<int> SeedCatalogue(service::Store& store, service::Crypto& crypto, const Clock& clock,
                          const accounts::Actor& manager,
                          const std::vector<ImplementingBody>& bodies,
                          const service::RequestContext& ctx) {
  service::CatalogService catalog(store, crypto, clock);
  int made = 0;
  std::vector<catalog::StandardItem> standards;
  for (const auto& d : kStandards) {
    catalog::StandardItem s;
    s.basic_code = d.basic_code;
    s.name = d.name;
    s.type = d.type;
    s.competent_department = d.competent_department;
    s.legal_basis = d.legal_basis;
    s.statutory_limit_wd = d.statutory_limit_wd;
    s.region_code = "440800";
    ZT_ASSIGN_OR_RETURN(auto created, catalog.CreateStandard(manager, std::move(s), ctx));
    standards.push_back(std::move(created));
  }
  for (const auto& body : bodies) {
    for (std::size_t i = 0; i < standards.size(); ++i) {
      service::ImplementRequest request;
      request.item.code = body.region_code + "-" + standards[i].basic_code;
      request.item.department_id = DepartmentId(body.department_id);
      request.item.region_code = body.region_code;
      request.item.promised_limit_wd = kStandards[i].promised_limit_wd;
      request.item.materials = {{"申请书", true, ""},
                                {"经营场所使用证明", true, "", /*secondary=*/true, "C", ""},
                                {"身份证明", true, "", false, "A", "ID-CARD"}};
      request.local.address = "政务服务中心一楼";
      request.local.office_hours = "周一至周五 8:30-12:00，14:30-17:30（法定节假日除外）";
      request.local.windows = {"综合受理窗口"};
      ZT_ASSIGN_OR_RETURN(auto view,
                          catalog.Implement(body.admin, standards[i].id, std::move(request), ctx));
      ZT_RETURN_IF_ERROR(catalog.PublishInitialLoad(body.admin, view.item.item.id,
                                                    view.item.item.version, "demo seed", ctx));
      ++made;
    }
  }
  // The city revises the food licence's legal basis after the districts implemented it:
  // until they publish new versions, every district shows in the drift report.
  catalog::StandardItem revised = standards[0];
  revised.legal_basis =
      "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》第二条、第十条。";
  ZT_RETURN_IF_ERROR(catalog.ReviseStandard(manager, revised.id, revised.version, revised, ctx));
  ZT_RETURN_IF_ERROR(SeedDelegations(store, crypto, clock, manager, ctx));
  return made;
}

}  // namespace zt::seed
