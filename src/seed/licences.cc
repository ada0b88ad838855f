#include "licences.h"

#include <cstdio>

#include "demo_data.h"
#include "zt/core/credit_code.h"
#include "zt/crypto/signer_openssl.h"
#include "zt/seed/seed.h"
#include "zt/service/licence_service.h"

namespace zt::seed {
namespace {

constexpr const char* kDepartment = "440800-scj";
constexpr const char* kFood = "11100000MB0150001X050";
constexpr const char* kIndividual = "11100000MB0150001X010";
constexpr const char* kDrug = "11100000MB0150001X020";

// A valid 统一社会信用代码 of a company (登记管理部门 9 工商, 类别 1 企业) in `region6`.
std::string CompanyCreditCode(std::string_view region6, int n) {
  char body[32];
  std::snprintf(body, sizeof body, "MA%06d", n);  // 8 characters of the 主体标识码
  std::string org(body);
  org += *OrganizationCodeCheckChar(org);
  std::string first17 = "91" + std::string(region6) + org;
  return first17 + *CreditCodeCheckChar(first17);
}

}  // namespace

Result<int> SeedLicences(service::Store& store, service::Crypto& crypto, Instant now) {
  SimulatedClock clock(now);
  ZT_ASSIGN_OR_RETURN(std::string kek, crypto::KekFromEnvironment());
  crypto::OpenSslSigner signer(kek);
  service::LicenceService licences(store, crypto, signer, clock);
  service::RequestContext ctx{"seed", "local"};
  accounts::Actor admin;
  admin.account_id = AccountId("seed");
  admin.display_name = "seed";
  admin.role = accounts::Role::kDepartmentAdmin;
  admin.region_code = "440800";
  admin.department_id = DepartmentId(kDepartment);
  accounts::Actor clerk = admin;
  clerk.role = accounts::Role::kWindowClerk;

  // The items whose applications produce the individual-business licence.
  std::vector<std::string> individual_items;
  {
    ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
    service::ItemQuery q;
    q.department_id = DepartmentId(kDepartment);
    q.text = "个体工商户登记";
    q.limit = 100;
    ZT_ASSIGN_OR_RETURN(auto items, tx->ListItems(q));
    for (const auto& i : items.items) individual_items.push_back(i.code);
  }
  licence::LicenceType food;
  food.code = kFood;
  food.name = "食品经营许可证";
  food.holder_kind = licence::HolderKind::kOrganisation;
  food.fields = {{"scope", "经营项目", licence::FieldKind::kText, true, 200},
                 {"premises", "经营场所", licence::FieldKind::kText, true, 200},
                 {"legal_representative", "法定代表人", licence::FieldKind::kText, true, 50}};
  food.validity_years = 5;
  food.opened = true;
  food.historical_declared = 30;
  licence::LicenceType individual;
  individual.code = kIndividual;
  individual.name = "个体工商户营业执照";
  individual.holder_kind = licence::HolderKind::kPerson;
  individual.fields = {{"trade_name", "字号名称", licence::FieldKind::kText, false, 50},
                       {"business_scope", "经营范围", licence::FieldKind::kText, false, 200}};
  individual.opened = true;
  individual.item_codes = individual_items;
  licence::LicenceType drug;
  drug.code = kDrug;
  drug.name = "药品经营许可证";
  drug.holder_kind = licence::HolderKind::kOrganisation;
  drug.fields = {{"scope", "经营范围", licence::FieldKind::kText, true, 200}};
  drug.validity_years = 5;
  drug.historical_declared = 12;
  for (const auto& t : {food, individual, drug}) {
    ZT_RETURN_IF_ERROR(licences.CreateType(admin, t, ctx));
  }
  if (!signer.can_sign()) return 0;

  int written = 0;
  const char* shops[] = {"湛江市赤坎区海鲜酒楼有限公司", "湛江市霞山区渔港食品有限公司",
                         "湛江市麻章区湖光岩餐饮有限公司"};
  std::string first_food;
  for (int i = 0; i < 3; ++i) {
    service::IssueRequest r;
    r.type_code = kFood;
    r.holder_name = shops[i];
    r.holder_id = CompanyCreditCode("440802", 101 + i);
    r.fields = {{"scope", "热食类食品制售、冷食类食品制售"},
                {"premises", "湛江市赤坎区人民大道北 " + std::to_string(10 + i) + " 号"},
                {"legal_representative", i == 0 ? "陈大海" : (i == 1 ? "林小渔" : "黄湖光")}};
    ZT_ASSIGN_OR_RETURN(auto view, licences.Issue(clerk, r, ctx));
    if (first_food.empty()) first_food = view.record.content.id;
    ++written;
  }
  // The first two demo citizens hold an individual-business licence (as seed.cc makes them).
  const char* trades[] = {"晓明海鲜档", "秀英裁缝铺"};
  const char* names[] = {"陈晓明", "林秀英"};
  for (int i = 0; i < 2; ++i) {
    const char* region = DemoRegions()[2 + i % 9].code;
    Date birth =
        Date(std::chrono::sys_days(std::chrono::year(1960 + 5 * i) / static_cast<unsigned>(1 + i) /
                                   static_cast<unsigned>(3 + 2 * i)));
    service::IssueRequest r;
    r.type_code = kIndividual;
    r.holder_name = names[i];
    r.holder_id = DemoIdNumber(region, birth, 101 + 2 * i);
    r.fields = {{"trade_name", trades[i]}, {"business_scope", "零售"}};
    ZT_RETURN_IF_ERROR(licences.Issue(clerk, r, ctx));
    ++written;
  }
  // 陈晓明 is the authorised agent of the second shop: its food licence shows in his wallet.
  {
    const char* region = DemoRegions()[2].code;
    Date birth = Date(std::chrono::sys_days(std::chrono::year(1960) / 1u / 3u));
    service::OrganisationRepresentative agent;
    agent.credit_code = CompanyCreditCode("440802", 102);
    agent.organisation_name = shops[1];
    agent.id_number = DemoIdNumber(region, birth, 101);
    agent.person_name = names[0];
    agent.capacity = "agent";
    agent.evidence = "授权委托书（演示数据）";
    ZT_RETURN_IF_ERROR(licences.RecordRepresentative(clerk, agent, ctx));
  }
  // Part of the paper stock entered (入库): 20 of the 30 declared.
  std::vector<service::HistoricalRow> rows;
  for (int i = 0; i < 20; ++i) {
    char number[32];
    std::snprintf(number, sizeof number, "JY24408%08d", 2000 + i);
    rows.push_back({number,
                    "湛江市历史食品商户" + std::to_string(i + 1) + "号有限公司",
                    CompanyCreditCode("440803", 500 + i),
                    "2022-0" + std::to_string(1 + i % 9) + "-15",
                    "",
                    {{"scope", "预包装食品销售"},
                     {"premises", "湛江市霞山区"},
                     {"legal_representative", "张三"}}});
  }
  ZT_ASSIGN_OR_RETURN(auto report, licences.ImportHistorical(admin, kFood, rows, 100, {}, ctx));
  for (const auto& r : report) written += r.errors.empty() ? 1 : 0;
  // One licence suspended by an enforcement decision.
  ZT_RETURN_IF_ERROR(licences.ChangeStatus(admin, first_food, licence::StatusAction::kSuspend,
                                           "责令停业整改", "湛市监责改〔2026〕15号", 1, ctx));
  return written;
}

}  // namespace zt::seed
