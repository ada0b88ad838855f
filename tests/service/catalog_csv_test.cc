// The catalogue's first slice through the services on a real store (SQLite or PostgreSQL):
// CSV export and all-or-nothing import, the public search index and its invalidation, and
// the 事项口径 figures.
#include <algorithm>
#include <stdexcept>

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "two_districts.h"
#include "zt/core/csv.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/service/account_service.h"
#include "zt/service/catalog_service.h"
#include "zt/service/catalogue_lists_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

constexpr const char* kPassword = "correct horse battery";
// The older core layout, still accepted on import.
constexpr const char* kHeader =
    "code,name,type,department_id,region_code,statutory_limit_wd,promised_limit_wd,case_kind,"
    "online,materials\r\n";
// The full layout every export writes.
constexpr const char* kFullHeader =
    "code,name,type,department_id,region_code,statutory_limit_wd,promised_limit_wd,case_kind,"
    "online,materials,tier,parent_code,implementing_body,implementing_body_credit_code,"
    "legal_basis,conditions,situations,situation_materials,online_depth,onsite_visits,fees,"
    "channels,windows,one_window,tolerance,notification_commitment\r\n";

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
    auto published =
        w_.catalog.PublishInitialLoad(w_.admin, created->item.id, 1, "test fixture", w_.ctx);
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
  EXPECT_TRUE(csv->starts_with("\xEF\xBB\xBF" + std::string(kFullHeader)));
  EXPECT_NE(csv->find("\"'@小餐饮登记, \"\"备案\"\"\""), std::string::npos) << *csv;
  EXPECT_NE(csv->find(",\"申请表|required;=营业执照, 副本|optional\","), std::string::npos);

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
  EXPECT_EQ(*no_bom, kFullHeader);
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
  catalog::ServiceItem other;
  other.code = "440803-scj-1";
  other.name = "霞山区的事项";
  other.department_id = DepartmentId("440803-scj");
  other.region_code = "440803";
  other.statutory_limit_wd = 20;
  other.promised_limit_wd = 5;
  ASSERT_TRUE(w_.catalog.Create(w_.xs_admin, other, w_.ctx).has_value());
  // Another department's code is taken; the file names a code twice.
  ExpectRefused(
      "440803-scj-1,已存在,licensing,440802-scj,440802,20,5,promised,true,\r\n"
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
  ASSERT_TRUE(w_.catalog.PublishInitialLoad(w_.admin, draft.item.id, 1, "test fixture", w_.ctx)
                  .has_value());
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

namespace zt::service {
namespace {

// A full record of 440802-scj: every element set, so the round trip exercises each column.
catalog::ServiceItem FullRecord(std::string code, std::string name) {
  catalog::ServiceItem item;
  item.code = std::move(code);
  item.name = std::move(name);
  item.type = catalog::ItemType::kLicensing;
  item.department_id = DepartmentId("440802-scj");
  item.region_code = "440802";
  item.statutory_limit_wd = 20;
  item.promised_limit_wd = 10;
  item.materials = {{"申请书", true, ""}};
  auto& e = item.elements;
  e.tier = catalog::ItemTier::kMain;
  e.implementing_body = "赤坎区市场监督管理局";
  e.legal_basis = {{"《中华人民共和国食品安全法》", "第三十五条", "国家对食品经营实行许可制度"}};
  e.conditions = "有与经营的食品品种相适应的经营场所";
  catalog::Material plan{"经营场所平面图", true, ""};
  plan.secondary = true;
  plan.trust_grade = "C";
  catalog::Material licence{"营业执照", true, ""};
  licence.licence_type_code = "yyzz";
  licence.shared_data = "市场主体登记信息";
  e.situations = {{"企业申请", "以企业名义申请", {licence, plan}}, {"个体户申请", "", {plan}}};
  e.online_depth = catalog::OnlineDepth::kPreReview;
  e.onsite_visits = 1;
  e.fees = {{"工本费", "每件 10 元", "粤价〔2020〕1 号"}};
  e.channels = {"窗口办理", "网上办理"};
  e.windows = {"3号综合窗口"};
  e.one_window = true;
  e.tolerance = true;
  return item;
}

// The data rows of an export, as cells (the header checked and dropped).
std::vector<std::vector<std::string>> Rows(const std::string& csv) {
  auto rows = ParseCsv(csv);
  EXPECT_TRUE(rows.has_value());
  EXPECT_EQ((*rows)[0], catalog::ItemCsvColumns());
  std::vector<std::vector<std::string>> out(rows->begin() + 1, rows->end());
  for (auto& r : out) {
    for (auto& c : r) c = CsvUnguard(c);
  }
  return out;
}

std::string File(const std::vector<std::vector<std::string>>& rows) {
  std::string out = std::string(CsvBom()) + CsvLine(catalog::ItemCsvColumns());
  for (const auto& r : rows) out += CsvLine(r);
  return out;
}

std::size_t Column(std::string_view name) {
  const auto& c = catalog::ItemCsvColumns();
  return static_cast<std::size_t>(std::find(c.begin(), c.end(), name) - c.begin());
}

// The public search filters by the record's 网上办理深度 (online_depth=).
TEST_F(CatalogCsvTest, SearchFiltersByOnlineDepth) {
  catalog::ServiceItem pre = FullRecord("440802-scj-a", "食品经营许可（预审）");
  catalog::ServiceItem full = FullRecord("440802-scj-b", "食品经营许可（全程网办）");
  full.online = true;
  full.elements.online_depth = catalog::OnlineDepth::kFullyOnline;
  full.elements.onsite_visits = 0;
  for (const auto& item : {pre, full}) {
    auto created = w_.catalog.Create(w_.admin, item, w_.ctx);
    ASSERT_TRUE(created.has_value()) << created.error().ToString();
    ASSERT_TRUE(
        w_.catalog.PublishInitialLoad(w_.admin, created->item.id, 1, "test fixture", w_.ctx));
  }
  CatalogSearchService search{*w_.store, w_.clock};
  auto names = [&](std::optional<catalog::OnlineDepth> depth) {
    auto page = search.Search("", {.text = "食品经营", .online_depth = depth});
    EXPECT_TRUE(page.has_value()) << page.error().ToString();
    std::vector<std::string> out;
    for (const auto& h : page->result.hits) out.push_back(h.document->item.name);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(names(catalog::OnlineDepth::kFullyOnline),
            (std::vector<std::string>{"食品经营许可（全程网办）"}));
  EXPECT_EQ(names(catalog::OnlineDepth::kPreReview),
            (std::vector<std::string>{"食品经营许可（预审）"}));
  EXPECT_TRUE(names(catalog::OnlineDepth::kDownload).empty());
  EXPECT_EQ(names(std::nullopt).size(), 2u);
}

// Export → edit cells as a clerk would in Excel → import → the records read back are the
// edited ones, and a second export is the edited file itself.
TEST_F(CatalogCsvTest, FullRecordRoundTripThroughASpreadsheet) {
  auto draft =
      w_.catalog.Create(w_.admin, FullRecord("440802-scj-a", "食品经营许可（新办）"), w_.ctx);
  ASSERT_TRUE(draft.has_value()) << draft.error().ToString();
  auto published =
      w_.catalog.Create(w_.admin, FullRecord("440802-scj-b", "食品经营许可（变更）"), w_.ctx);
  ASSERT_TRUE(published.has_value()) << published.error().ToString();
  ASSERT_TRUE(w_.catalog.PublishInitialLoad(w_.admin, published->item.id, 1, "test fixture", w_.ctx)
                  .has_value());
  auto csv = w_.catalog.ExportCsv(w_.admin, DepartmentId("440802-scj"), true, w_.ctx);
  ASSERT_TRUE(csv.has_value()) << csv.error().ToString();
  auto rows = Rows(*csv);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][Column("situation_materials")],
            "企业申请|营业执照|required|main||yyzz|市场主体登记信息;"
            "企业申请|经营场所平面图|required|secondary|C;个体户申请|经营场所平面图|required|"
            "secondary|C");

  // The edits: conditions, a fee, a situation material of the draft; the promised limit,
  // windows and 告知承诺 of the published item; and a new 子项 under the draft.
  rows[0][Column("conditions")] = "经营场所面积不少于 10 平方米";
  rows[0][Column("fees")] = "";
  rows[0][Column("situation_materials")] += ";个体户申请|身份证|required|main|A|sfz";
  rows[1][Column("promised_limit_wd")] = "3";
  rows[1][Column("windows")] = "1号窗口;2号窗口";
  rows[1][Column("notification_commitment")] = "true";
  std::vector<std::string> child = rows[0];
  child[Column("code")] = "440802-scj-c";
  child[Column("name")] = "食品经营许可（新办，连锁）";
  child[Column("tier")] = "sub";
  child[Column("parent_code")] = "440802-scj-a";
  rows.push_back(child);
  const std::string edited = File(rows);

  std::int64_t events = w_.Events();
  auto outcome = w_.catalog.ImportCsv(w_.admin, edited, w_.ctx);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  ASSERT_TRUE(outcome->errors.empty())
      << outcome->errors[0].row << outcome->errors[0].field << outcome->errors[0].key;
  EXPECT_EQ(outcome->created.size(), 1u);
  EXPECT_EQ(outcome->updated.size(), 2u);
  EXPECT_EQ(w_.Events(), events + 3);

  auto again = w_.catalog.ExportCsv(w_.admin, DepartmentId("440802-scj"), true, w_.ctx);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, edited);

  // The draft's record is the edited one.
  auto a = w_.catalog.GetRecord(w_.admin, draft->item.id);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->item.item.elements.conditions, "经营场所面积不少于 10 平方米");
  EXPECT_TRUE(a->item.item.elements.fees.empty());
  ASSERT_EQ(a->item.item.elements.situations[1].materials.size(), 2u);
  EXPECT_EQ(a->item.item.elements.situations[1].materials[1].licence_type_code, "sfz");
  // The published item stays in force as it was; the edit is a new draft version.
  auto b = w_.catalog.GetRecord(w_.admin, published->item.id);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->item.item.status, catalog::ItemStatus::kPublished);
  EXPECT_EQ(b->item.item.promised_limit_wd, 10);
  ASSERT_TRUE(b->open_version.has_value());
  EXPECT_EQ(b->open_version->state, catalog::VersionState::kDraft);
  EXPECT_EQ(b->open_version->content.promised_limit_wd, 3);
  EXPECT_EQ(b->open_version->content.elements.windows,
            (std::vector<std::string>{"1号窗口", "2号窗口"}));
  EXPECT_TRUE(b->open_version->content.elements.notification_commitment);
  // The new 子项 hangs under the draft.
  auto tx = w_.store->Begin();
  ASSERT_TRUE(tx.has_value());
  auto c = FindItemByCode(**tx, "440802-scj-c");
  ASSERT_TRUE(c.has_value() && c->has_value());
  auto c_elements = (*tx)->catalog().FindItemElements((*c)->id);
  ASSERT_TRUE(c_elements.has_value() && c_elements->has_value());
  EXPECT_EQ((*c_elements)->tier, catalog::ItemTier::kSub);
  EXPECT_EQ((*c_elements)->parent_id, draft->item.id);
}

TEST_F(CatalogCsvTest, AnUnchangedExportImportsAsNothing) {
  ASSERT_TRUE(w_.catalog.Create(w_.admin, FullRecord("440802-scj-a", "食品经营许可"), w_.ctx));
  auto csv = w_.catalog.ExportCsv(w_.admin, DepartmentId("440802-scj"), true, w_.ctx);
  ASSERT_TRUE(csv.has_value());
  std::int64_t events = w_.Events();
  auto outcome = w_.catalog.ImportCsv(w_.admin, *csv, w_.ctx);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  EXPECT_TRUE(outcome->errors.empty());
  EXPECT_TRUE(outcome->created.empty());
  EXPECT_TRUE(outcome->updated.empty());
  EXPECT_EQ(outcome->unchanged, 1);
  EXPECT_EQ(w_.Events(), events);
}

// Every row's problem at once, and nothing of the file written: a bad code, a promised limit
// above the statutory one, an unknown region, a duplicate, a bad element cell, a parent that
// does not exist, an item in review.
TEST_F(CatalogCsvTest, AFullLayoutFileWithBadRowsImportsNothing) {
  auto draft = w_.catalog.Create(w_.admin, FullRecord("440802-scj-a", "食品经营许可"), w_.ctx);
  ASSERT_TRUE(draft.has_value());
  auto csv = w_.catalog.ExportCsv(w_.admin, DepartmentId("440802-scj"), true, w_.ctx);
  ASSERT_TRUE(csv.has_value());
  ASSERT_TRUE(w_.catalog.SubmitForReview(w_.admin, draft->item.id, draft->item.version, w_.ctx));
  const std::vector<std::string> good = Rows(*csv)[0];
  auto row = [&](std::string code, std::size_t column, std::string value) {
    std::vector<std::string> r = good;
    r[Column("code")] = std::move(code);
    r[column] = std::move(value);
    return r;
  };
  std::vector<std::vector<std::string>> rows = {
      row("440802-scj-a", Column("conditions"), "改了"),            // 2: in review
      row("坏编码", Column("name"), "名称"),                        // 3
      row("440802-scj-d", Column("promised_limit_wd"), "30"),       // 4
      row("440802-scj-e", Column("region_code"), "440899"),         // 5
      row("440802-scj-f", Column("name"), "新事项"),                // 6
      row("440802-scj-f", Column("name"), "重复"),                  // 7
      row("440802-scj-g", Column("online_depth"), "level-4"),       // 8
      row("440802-scj-h", Column("parent_code"), "440802-scj-zz"),  // 9
      row("440802-scj-i", Column("name"), "好的一行"),              // 10
  };
  rows[7][Column("tier")] = "sub";
  std::int64_t items = w_.Items(), events = w_.Events();
  auto outcome = w_.catalog.ImportCsv(w_.admin, File(rows), w_.ctx);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  std::vector<std::tuple<int, std::string, std::string>> got;
  for (const auto& e : outcome->errors) got.emplace_back(e.row, e.field, e.key);
  std::vector<std::tuple<int, std::string, std::string>> want = {
      {2, "code", "item.in_review"},
      {3, "code", "item.code_format"},
      {4, "promised_limit_wd", "item.promised_exceeds_statutory"},
      {5, "region_code", "region.unknown"},
      {7, "code", "item.code_duplicate_in_file"},
      {8, "online_depth", "item.online_depth_unknown"},
      {9, "parent_code", "item.parent_unknown"},
  };
  EXPECT_EQ(got, want);
  EXPECT_TRUE(outcome->created.empty());
  EXPECT_TRUE(outcome->updated.empty());
  EXPECT_EQ(w_.Items(), items);
  EXPECT_EQ(w_.Events(), events);

  // A header with one column renamed is refused as a whole.
  std::string wrong = File({good});
  wrong.replace(wrong.find("situation_materials"), 19, "situation_material");
  auto refused = w_.catalog.ImportCsv(w_.admin, wrong, w_.ctx);
  ASSERT_TRUE(refused.has_value());
  ASSERT_EQ(refused->errors.size(), 1u);
  EXPECT_EQ(refused->errors[0].key, "csv.header");
}

}  // namespace
}  // namespace zt::service
