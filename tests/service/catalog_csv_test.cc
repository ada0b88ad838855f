// The catalogue's first slice through the services on a real store (SQLite or PostgreSQL):
// CSV export and all-or-nothing import, the public search index and its invalidation, and
// the 事项口径 figures.
#include <stdexcept>

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "two_districts.h"
#include "zt/core/csv.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/service/account_service.h"
#include "zt/service/catalog_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

constexpr const char* kPassword = "correct horse battery";
constexpr const char* kHeader =
    "code,name,type,department_id,region_code,statutory_limit_wd,promised_limit_wd,case_kind,"
    "online,materials\r\n";

// One store with the two districts, its services and staff.
struct World {
  World() {
    auto seeded = testing::PutTwoDistricts(*store);
    if (!seeded) throw std::runtime_error(seeded.error().ToString());
    admin = Staff("ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj");
    xs_admin = Staff("xs-admin", Role::kDepartmentAdmin, "440803", "440803-scj");
    clerk = Staff("ck-clerk", Role::kWindowClerk, "440802", "440802-scj");
    manager = Staff("zj-manager", Role::kBureauManager, "440800", "");
    ck_manager = Staff("ck-manager", Role::kBureauManager, "440802", "");
  }
  Actor Staff(const std::string& username, Role role, const std::string& region,
              const std::string& department) {
    auto a = accounts.CreateStaff(
        {username, username, role, region, DepartmentId(department), kPassword}, std::nullopt, ctx);
    if (!a) throw std::runtime_error(a.error().ToString());
    return AccountService::ActorOf(*a);
  }
  std::int64_t Events() { return store->VerifyChain()->entries; }
  std::int64_t Items() {
    auto tx = store->Begin();
    return (*tx)->ListItems({.limit = 1})->total;
  }

  std::unique_ptr<testing::StoreTestDatabase> db =
      testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<Store> store = testing::OpenMigratedOrThrow(*db);
  crypto::OpenSslCrypto crypto;
  SimulatedClock clock{*ParseInstant("2025-09-30T10:00:00+08:00")};
  AccountService accounts{*store, crypto, clock};
  CatalogService catalog{*store, crypto, clock};
  RequestContext ctx{"req-test", "127.0.0.1"};
  Actor admin, xs_admin, clerk, manager, ck_manager;
};

class CatalogCsvTest : public ::testing::Test {
 protected:
  ItemView Create(std::string code, std::string name, int statutory, int promised,
                  bool online = true, catalog::CaseKind kind = catalog::CaseKind::kPromised,
                  bool publish = true) {
    catalog::ServiceItem item;
    item.code = std::move(code);
    item.name = std::move(name);
    item.department_id = DepartmentId("440802-scj");
    item.region_code = "440802";
    item.statutory_limit_wd = statutory;
    item.promised_limit_wd = promised;
    item.online = online;
    item.case_kind = kind;
    item.materials = {{"申请表", true, ""}, {"=营业执照, 副本", false, ""}};
    auto created = w_.catalog.Create(w_.admin, item, w_.ctx);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    if (!publish) return *created;
    auto published = w_.catalog.Publish(w_.admin, created->item.id, 1, w_.ctx);
    EXPECT_TRUE(published.has_value()) << published.error().ToString();
    return *published;
  }

  // Imports `rows` (after the header) as the Chikan admin and expects a refusal listing
  // exactly `want` as (row, field, key), with nothing written.
  void ExpectRefused(const std::string& rows,
                     const std::vector<std::tuple<int, std::string, std::string>>& want) {
    std::int64_t items = w_.Items(), events = w_.Events();
    auto outcome = w_.catalog.ImportCsv(w_.admin, std::string(kHeader) + rows, w_.ctx);
    ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
    std::vector<std::tuple<int, std::string, std::string>> got;
    for (const auto& e : outcome->errors) got.emplace_back(e.row, e.field, e.key);
    EXPECT_EQ(got, want);
    EXPECT_TRUE(outcome->created.empty());
    EXPECT_EQ(w_.Items(), items) << "nothing of the file may be imported";
    EXPECT_EQ(w_.Events(), events);
  }

  World w_;
};

TEST_F(CatalogCsvTest, ExportThenImportIntoAFreshStoreReproducesTheItems) {
  Create("440802-scj-1", "食品经营许可", 20, 5, true);
  Create("440802-scj-2", "@小餐饮登记, \"备案\"", 10, 0, false, catalog::CaseKind::kInstant, false);
  auto csv = w_.catalog.ExportCsv(w_.admin, DepartmentId("440802-scj"), true, w_.ctx);
  ASSERT_TRUE(csv.has_value()) << csv.error().ToString();
  EXPECT_TRUE(csv->starts_with("\xEF\xBB\xBF" + std::string(kHeader)));
  EXPECT_NE(csv->find("\"'@小餐饮登记, \"\"备案\"\"\""), std::string::npos) << *csv;
  EXPECT_NE(csv->find(",\"申请表|required;=营业执照, 副本|optional\"\r\n"), std::string::npos);

  World fresh;
  auto outcome = fresh.catalog.ImportCsv(fresh.admin, *csv, fresh.ctx);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  ASSERT_TRUE(outcome->errors.empty()) << outcome->errors[0].key << outcome->errors[0].message;
  ASSERT_EQ(outcome->created.size(), 2u);
  EXPECT_EQ(outcome->created[0].department_name, "赤坎区市场监督管理局");
  auto back = fresh.catalog.ExportCsv(fresh.admin, DepartmentId("440802-scj"), true, fresh.ctx);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, *csv);
  auto tx = fresh.store->Begin();
  auto page = (*tx)->ListItems({.department_id = DepartmentId("440802-scj")});
  ASSERT_EQ(page->items.size(), 2u);
  const auto& second = page->items[1];
  EXPECT_EQ(second.name, "@小餐饮登记, \"备案\"");
  EXPECT_EQ(second.status, catalog::ItemStatus::kDraft);
  EXPECT_EQ(second.case_kind, catalog::CaseKind::kInstant);
  EXPECT_FALSE(second.online);
  ASSERT_EQ(second.materials.size(), 2u);
  EXPECT_EQ(second.materials[1].name, "=营业执照, 副本");
  EXPECT_FALSE(second.materials[1].required);
}

TEST_F(CatalogCsvTest, ExportIsForTheDepartmentsOwnAdministrator) {
  for (const Actor& who : {w_.xs_admin, w_.clerk, w_.manager}) {
    auto csv = w_.catalog.ExportCsv(who, DepartmentId("440802-scj"), true, w_.ctx);
    ASSERT_FALSE(csv.has_value());
    EXPECT_EQ(csv.error().key(), "item.not_your_department");
  }
  auto unknown = w_.catalog.ExportCsv(w_.admin, DepartmentId("nope"), true, w_.ctx);
  EXPECT_EQ(unknown.error().code(), ErrorCode::kPermissionDenied);
  auto no_bom = w_.catalog.ExportCsv(w_.admin, DepartmentId("440802-scj"), false, w_.ctx);
  EXPECT_EQ(*no_bom, kHeader);
}

TEST_F(CatalogCsvTest, ImportIsForDepartmentAdministrators) {
  auto outcome = w_.catalog.ImportCsv(w_.clerk, kHeader, w_.ctx);
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().code(), ErrorCode::kPermissionDenied);
}

TEST_F(CatalogCsvTest, RefusesAWrongColumnSet) {
  ExpectRefused("440802-scj-9,名称,licensing,440802-scj,440802,20,5,promised,true\r\n",
                {{2, "", "csv.column_count"}});
}

TEST_F(CatalogCsvTest, RefusesABadCode) {
  ExpectRefused(
      "440802-scj-9,好,licensing,440802-scj,440802,20,5,promised,true,\r\n"
      "坏编码,名称,licensing,440802-scj,440802,20,5,promised,true,\r\n",
      {{3, "code", "item.code_format"}});
}

TEST_F(CatalogCsvTest, RefusesPromisedOverStatutory) {
  ExpectRefused("440802-scj-9,名称,licensing,440802-scj,440802,5,20,promised,true,\r\n",
                {{2, "promised_limit_wd", "item.promised_exceeds_statutory"}});
}

TEST_F(CatalogCsvTest, RefusesUnknownRegionOrDepartmentOrAnotherDepartment) {
  ExpectRefused(
      "440802-scj-9,名称,licensing,440802-scj,440899,20,5,promised,true,\r\n"
      "440802-scj-8,名称,licensing,440802-xxx,440802,20,5,promised,true,\r\n"
      "440803-scj-7,名称,licensing,440803-scj,440803,20,5,promised,true,\r\n",
      {{2, "region_code", "region.unknown"},
       {3, "department_id", "department.unknown"},
       {4, "department_id", "item.not_your_department"}});
}

TEST_F(CatalogCsvTest, RefusesDuplicateCodesInTheFileAndInTheStore) {
  Create("440802-scj-1", "食品经营许可", 20, 5);
  ExpectRefused(
      "440802-scj-1,已存在,licensing,440802-scj,440802,20,5,promised,true,\r\n"
      "440802-scj-2,名称,licensing,440802-scj,440802,20,5,promised,true,\r\n"
      "440802-scj-2,重复,licensing,440802-scj,440802,20,5,promised,true,\r\n",
      {{2, "code", "item.code_taken"}, {4, "code", "item.code_duplicate_in_file"}});
}

TEST_F(CatalogCsvTest, OneBadRowKeepsTheGoodOnesOut) {
  ExpectRefused(
      "440802-scj-5,好一,licensing,440802-scj,440802,20,5,promised,true,\r\n"
      "440802-scj-6,好二,licensing,440802-scj,440802,20,5,promised,true,\r\n"
      "440802-scj-7,坏,licensing,440802-scj,440802,20,5,promised,yes,\r\n",
      {{4, "online", "csv.boolean"}});
}

TEST_F(CatalogCsvTest, ImportWritesOneEventPerItemInOneTransaction) {
  std::int64_t events = w_.Events();
  auto outcome = w_.catalog.ImportCsv(
      w_.admin,
      std::string(kHeader) +
          "440802-scj-5,一,licensing,440802-scj,440802,20,5,promised,true,申请表|required\r\n"
          "440802-scj-6,二,licensing,440802-scj,440802,0,0,instant,false,\r\n",
      w_.ctx);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  EXPECT_TRUE(outcome->errors.empty());
  EXPECT_EQ(outcome->created.size(), 2u);
  EXPECT_EQ(w_.Events(), events + 2);
  EXPECT_EQ(w_.Items(), 2);
}

TEST_F(CatalogCsvTest, PublicSearchUsesTheIndexAndSeesPublishAndWithdraw) {
  auto card = Create("440802-scj-1", "社会保障卡申领", 20, 5);
  Create("440802-scj-2", "食品经营许可", 20, 5);
  Create("440802-scj-3", "小餐饮食品经营登记", 20, 5);
  auto draft =
      Create("440802-scj-4", "食品生产许可", 20, 5, true, catalog::CaseKind::kPromised, false);
  auto names = [&](std::optional<Actor> who, std::string text) {
    auto page = w_.catalog.List(who, {.text = std::move(text)});
    EXPECT_TRUE(page.has_value());
    std::vector<std::string> out;
    for (const auto& v : page->items) out.push_back(v.item.name);
    return out;
  };
  EXPECT_EQ(names(std::nullopt, "社保"), (std::vector<std::string>{"社会保障卡申领"}));
  EXPECT_EQ(names(std::nullopt, "食品"),
            (std::vector<std::string>{"食品经营许可", "小餐饮食品经营登记"}));
  auto page = w_.catalog.List(std::nullopt, {.text = "社保"});
  EXPECT_EQ(page->items[0].department_name, "赤坎区市场监督管理局");
  // Publishing and withdrawing invalidate the index.
  ASSERT_TRUE(w_.catalog.Publish(w_.admin, draft.item.id, 1, w_.ctx).has_value());
  EXPECT_EQ(names(std::nullopt, "食品"),
            (std::vector<std::string>{"食品经营许可", "食品生产许可", "小餐饮食品经营登记"}));
  ASSERT_TRUE(w_.catalog.Withdraw(w_.admin, card.item.id, card.item.version, w_.ctx).has_value());
  EXPECT_TRUE(names(std::nullopt, "社保").empty());
  // Staff keep the store's list (substring, any status in scope, by code).
  EXPECT_EQ(names(w_.admin, "社会保障"), (std::vector<std::string>{"社会保障卡申领"}));
  // Paging over the ranked hits.
  auto second = w_.catalog.List(std::nullopt, {.text = "食品", .offset = 1, .limit = 1});
  EXPECT_EQ(second->total, 3);
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].item.name, "食品生产许可");  // same length: by code
}

TEST_F(CatalogCsvTest, CatalogFiguresHandComputed) {
  Create("440802-scj-1", "一", 20, 5, true);
  Create("440802-scj-2", "二", 10, 10, false);
  Create("440802-scj-3", "三", 8, 0, true, catalog::CaseKind::kInstant);
  Create("440802-scj-4", "四（草稿）", 20, 1, true, catalog::CaseKind::kPromised, false);
  auto figures = w_.catalog.Figures(w_.admin, "", DepartmentId());
  ASSERT_TRUE(figures.has_value()) << figures.error().ToString();
  EXPECT_EQ(figures->items, 3);  // published only
  EXPECT_EQ(figures->department_id.value(), "440802-scj");
  const auto& f = figures->indicators;
  EXPECT_EQ(f[0].key, "online_rate");
  EXPECT_EQ(f[0].value, 66.7);    // 2 ÷ 3
  EXPECT_EQ(f[1].value, 33.3);    // 1 ÷ 3
  EXPECT_EQ(f[2].numerator, 23);  // (15 + 0 + 8) ÷ 38 = 60.5%
  EXPECT_EQ(f[2].denominator, 38);
  EXPECT_EQ(f[2].value, 60.5);
  EXPECT_EQ(f[3].value, 58.3);  // (0.75 + 0 + 1) ÷ 3
  auto city = w_.catalog.Figures(w_.manager, "", DepartmentId());
  ASSERT_TRUE(city.has_value());
  EXPECT_EQ(city->region_prefix, "4408");
  EXPECT_EQ(city->items, 3);
  auto xiashan = w_.catalog.Figures(w_.manager, "440803", DepartmentId());
  EXPECT_EQ(xiashan->items, 0);
  EXPECT_FALSE(xiashan->indicators[0].value.has_value());
}

TEST_F(CatalogCsvTest, CatalogFiguresScope) {
  EXPECT_EQ(w_.catalog.Figures(w_.ck_manager, "440803", DepartmentId()).error().key(),
            "stats.out_of_scope");
  EXPECT_EQ(w_.catalog.Figures(w_.admin, "", DepartmentId("440803-scj")).error().key(),
            "stats.out_of_scope");
  EXPECT_EQ(w_.catalog.Figures(w_.clerk, "", DepartmentId()).error().key(),
            "stats.catalog_not_allowed");
  EXPECT_EQ(w_.catalog.Figures(w_.manager, "44x", DepartmentId()).error().key(), "region.format");
}

}  // namespace
}  // namespace zt::service
