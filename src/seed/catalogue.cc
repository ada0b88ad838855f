#include "catalogue.h"

#include "zt/service/catalog_service.h"

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
      ZT_RETURN_IF_ERROR(
          catalog.Publish(body.admin, view.item.item.id, view.item.item.version, ctx));
      ++made;
    }
  }
  // The city revises the food licence's legal basis after the districts implemented it:
  // until they publish new versions, every district shows in the drift report.
  catalog::StandardItem revised = standards[0];
  revised.legal_basis =
      "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》第二条、第十条。";
  ZT_RETURN_IF_ERROR(catalog.ReviseStandard(manager, revised.id, revised.version, revised, ctx));
  return made;
}

}  // namespace zt::seed
