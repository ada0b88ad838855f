// The catalogue across levels on a real store (SQLite or PostgreSQL): a city bureau defines
// a basic-catalogue item, a county and a town body implement it, the standard is revised,
// and the drift report lists exactly the implementations that no longer match it.
#include <stdexcept>

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "two_districts.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/account_service.h"
#include "zt/service/catalog_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

constexpr const char* kPassword = "correct horse battery";

struct World {
  World() {
    auto seeded = testing::PutTwoDistricts(*store);
    if (!seeded) throw std::runtime_error(seeded.error().ToString());
    auto tx = store->Begin();
    for (const auto& r : {Region{"440000", "广东省", "", "province"},
                          Region{"440802001", "中华街道", "440802", "township"},
                          Region{"440802001001", "某社区", "440802001", "village"}}) {
      if (!(*tx)->PutRegion(r)) throw std::runtime_error("region");
    }
    for (const auto& d :
         {Department{DepartmentId("440802001-zf"), "中华街道办事处", "街道办", "440802001",
                     seed::GovernmentCreditCode("440802", 11)},
          Department{DepartmentId("440000-scj"), "广东省市场监督管理局", "省市场监管局", "440000",
                     seed::GovernmentCreditCode("440000", 3)}}) {
      if (!(*tx)->PutDepartment(d)) throw std::runtime_error("department");
    }
    if (!(*tx)->Commit()) throw std::runtime_error("commit");
    manager = Staff("zj-manager", Role::kBureauManager, "440800", "");
    ck_manager = Staff("ck-manager", Role::kBureauManager, "440802", "");
    county_admin = Staff("ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj");
    xs_admin = Staff("xs-admin", Role::kDepartmentAdmin, "440803", "440803-scj");
    town_admin = Staff("zh-admin", Role::kDepartmentAdmin, "440802001", "440802001-zf");
    province_admin = Staff("gd-admin", Role::kDepartmentAdmin, "440000", "440000-scj");
  }
  Actor Staff(const std::string& username, Role role, const std::string& region,
              const std::string& department) {
    auto a = accounts.CreateStaff(
        {username, username, role, region, DepartmentId(department), kPassword}, std::nullopt, ctx);
    if (!a) throw std::runtime_error(a.error().ToString());
    return AccountService::ActorOf(*a);
  }
  std::int64_t Events() { return store->VerifyChain()->entries; }

  std::unique_ptr<testing::StoreTestDatabase> db =
      testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<Store> store = testing::OpenMigratedOrThrow(*db);
  crypto::OpenSslCrypto crypto;
  SimulatedClock clock{*ParseInstant("2025-09-30T10:00:00+08:00")};
  AccountService accounts{*store, crypto, clock};
  CatalogService catalog{*store, crypto, clock};
  RequestContext ctx{"req-test", "127.0.0.1"};
  Actor manager, ck_manager, county_admin, xs_admin, town_admin, province_admin;
};

catalog::StandardItem FoodLicence() {
  catalog::StandardItem s;
  s.basic_code = "XK00123001";
  s.name = "食品经营许可";
  s.type = catalog::ItemType::kLicensing;
  s.competent_department = "市场监督管理局";
  s.legal_basis = "《中华人民共和国食品安全法》第三十五条";
  s.statutory_limit_wd = 20;
  s.region_code = "440800";
  return s;
}

class CatalogueLevelsTest : public ::testing::Test {
 protected:
  catalog::StandardItem Standard() {
    auto s = w_.catalog.CreateStandard(w_.manager, FoodLicence(), w_.ctx);
    EXPECT_TRUE(s.has_value()) << s.error().ToString();
    return s.value_or(catalog::StandardItem{});
  }
  ImplementRequest Request(std::string code, std::string department, std::string region) {
    ImplementRequest r;
    r.item.code = std::move(code);
    r.item.department_id = DepartmentId(std::move(department));
    r.item.region_code = std::move(region);
    r.item.promised_limit_wd = 5;
    r.item.name = "a name the standard overrides";
    r.item.statutory_limit_wd = 99;
    r.item.materials = {{"申请书", true, ""}};
    r.local.address = "赤坎区政务服务中心";
    r.local.office_hours = "周一至周五 9:00-17:00";
    r.local.windows = {"3号综合窗口"};
    return r;
  }
  World w_;
};

TEST_F(CatalogueLevelsTest, BureauDefinesACityLevelStandardAndRecordsTheEvent) {
  std::int64_t before = w_.Events();
  auto s = Standard();
  EXPECT_EQ(s.level, catalog::Level::kCity);
  EXPECT_EQ(s.version, 1);
  EXPECT_TRUE(s.id.starts_with("s_"));
  auto found = w_.catalog.GetStandard(s.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->legal_basis, FoodLicence().legal_basis);
  EXPECT_EQ(w_.Events(), before + 1);
  {
    auto tx = w_.store->Begin();  // closed before the service begins its own
    auto events = (*tx)->ListEventsFor("standard", s.id);
    ASSERT_EQ(events->size(), 1u);
    EXPECT_EQ((*events)[0].event.action, "standard.created");
  }

  auto page = w_.catalog.ListStandards({.text = "食品"});
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->total, 1);
  EXPECT_EQ(w_.catalog.ListStandards({.text = "户口"})->total, 0);
  EXPECT_EQ(w_.catalog.ListStandards({.region_prefix = "4409"})->total, 0);
}

TEST_F(CatalogueLevelsTest, OnlyTheBureauOfTheRegionDefinesStandardsAndCodesAreUnique) {
  auto denied = w_.catalog.CreateStandard(w_.county_admin, FoodLicence(), w_.ctx);
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().key(), "standard.not_allowed");
  auto below = w_.catalog.CreateStandard(w_.ck_manager, FoodLicence(), w_.ctx);  // 440800
  ASSERT_FALSE(below.has_value());
  EXPECT_EQ(below.error().key(), "standard.not_allowed");
  auto county = FoodLicence();
  county.region_code = "440802";  // a county bureau may not define basic-catalogue items
  auto at_county = w_.catalog.CreateStandard(w_.ck_manager, county, w_.ctx);
  ASSERT_FALSE(at_county.has_value());
  EXPECT_EQ(at_county.error().key(), "standard.level_not_defining");
  EXPECT_EQ(w_.catalog.ListStandards({})->total, 0);

  Standard();
  auto again = w_.catalog.CreateStandard(w_.manager, FoodLicence(), w_.ctx);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().key(), "standard.code_taken");
  EXPECT_EQ(w_.catalog.ListStandards({})->total, 1);
}

TEST_F(CatalogueLevelsTest, ImplementationsTakeTheLockedElementsAndTheLevelOfTheirRegion) {
  auto s = Standard();
  auto county = w_.catalog.Implement(w_.county_admin, s.id,
                                     Request("440802-XK001", "440802-scj", "440802"), w_.ctx);
  ASSERT_TRUE(county.has_value()) << county.error().ToString();
  EXPECT_EQ(county->item.item.name, "食品经营许可");
  EXPECT_EQ(county->item.item.statutory_limit_wd, 20);
  EXPECT_EQ(county->item.item.promised_limit_wd, 5);
  EXPECT_EQ(county->item.item.status, catalog::ItemStatus::kDraft);
  EXPECT_EQ(county->implementation.level, catalog::Level::kCounty);
  EXPECT_EQ(county->implementation.legal_basis, s.legal_basis);
  EXPECT_EQ(county->implementation.windows, std::vector<std::string>{"3号综合窗口"});
  EXPECT_TRUE(county->drift.empty());

  auto town = w_.catalog.Implement(w_.town_admin, s.id,
                                   Request("440802001-XK001", "440802001-zf", "440802001"), w_.ctx);
  ASSERT_TRUE(town.has_value()) << town.error().ToString();
  EXPECT_EQ(town->implementation.level, catalog::Level::kTown);

  // Read back through the store: the link and the local elements survived.
  auto read = w_.catalog.GetImplementation(w_.county_admin, county->item.item.id);
  ASSERT_TRUE(read.has_value()) << read.error().ToString();
  EXPECT_EQ(read->standard.id, s.id);
  EXPECT_EQ(read->implementation.office_hours, "周一至周五 9:00-17:00");
  // A draft is invisible to the public; a published implementation is not.
  auto hidden = w_.catalog.GetImplementation(std::nullopt, county->item.item.id);
  ASSERT_FALSE(hidden.has_value());
  EXPECT_EQ(hidden.error().key(), "item.not_found");
  ASSERT_TRUE(
      w_.catalog
          .PublishInitialLoad(w_.county_admin, county->item.item.id, 1, "test fixture", w_.ctx)
          .has_value());
  EXPECT_TRUE(w_.catalog.GetImplementation(std::nullopt, county->item.item.id).has_value());

  auto tx = w_.store->Begin();
  auto events = (*tx)->ListEventsFor("item", county->item.item.id.value());
  ASSERT_GE(events->size(), 1u);
  bool linked = false;
  for (const auto& [k, v] : (*events)[0].event.details) linked |= k == "standard_id" && v == s.id;
  EXPECT_TRUE(linked);
}

TEST_F(CatalogueLevelsTest, RefusesBodiesOutsideTheStandardAndOtherDepartments) {
  auto s = Standard();
  std::int64_t events = w_.Events();
  auto outside = w_.catalog.Implement(w_.province_admin, s.id,
                                      Request("440000-XK001", "440000-scj", "440000"), w_.ctx);
  ASSERT_FALSE(outside.has_value());
  EXPECT_EQ(outside.error().key(), "standard.region_outside");
  auto other = w_.catalog.Implement(w_.xs_admin, s.id,
                                    Request("440802-XK009", "440802-scj", "440802"), w_.ctx);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code(), ErrorCode::kPermissionDenied);
  auto bad = Request("440802-XK001", "440802-scj", "440802");
  bad.item.promised_limit_wd = 25;  // above the standard's statutory 20
  auto too_long = w_.catalog.Implement(w_.county_admin, s.id, bad, w_.ctx);
  ASSERT_FALSE(too_long.has_value());
  EXPECT_EQ(too_long.error().key(), "item.promised_exceeds_statutory");
  auto missing = w_.catalog.Implement(w_.county_admin, "s_nope",
                                      Request("440802-XK001", "440802-scj", "440802"), w_.ctx);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().key(), "standard.not_found");
  // Nothing written but the audit of the refused department (one event).
  EXPECT_EQ(w_.Events(), events + 1);
  auto tx = w_.store->Begin();
  EXPECT_TRUE((*tx)->catalog().ListImplementations({})->empty());
  EXPECT_EQ((*tx)->ListItems({})->total, 0);
}

TEST_F(CatalogueLevelsTest, ARevisedStandardShowsEveryImplementationThatDiffersInTheDriftReport) {
  auto s = Standard();
  auto county = *w_.catalog.Implement(w_.county_admin, s.id,
                                      Request("440802-XK001", "440802-scj", "440802"), w_.ctx);
  auto town = *w_.catalog.Implement(
      w_.town_admin, s.id, Request("440802001-XK001", "440802001-zf", "440802001"), w_.ctx);
  auto clean = w_.catalog.Drift(w_.manager, "", DepartmentId());
  ASSERT_TRUE(clean.has_value()) << clean.error().ToString();
  EXPECT_EQ(clean->checked, 2);
  EXPECT_TRUE(clean->rows.empty());

  auto revised = FoodLicence();
  revised.name = "食品经营许可证核发";
  revised.legal_basis = "《食品经营许可和备案管理办法》第十条";
  auto stale = w_.catalog.ReviseStandard(w_.manager, s.id, 7, revised, w_.ctx);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code(), ErrorCode::kAborted);
  auto v2 = w_.catalog.ReviseStandard(w_.manager, s.id, 1, revised, w_.ctx);
  ASSERT_TRUE(v2.has_value()) << v2.error().ToString();
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->level, catalog::Level::kCity);

  auto drift = w_.catalog.Drift(w_.manager, "", DepartmentId());
  ASSERT_TRUE(drift.has_value());
  EXPECT_EQ(drift->checked, 2);
  ASSERT_EQ(drift->rows.size(), 2u);
  for (const auto& row : drift->rows) {
    ASSERT_EQ(row.drift.size(), 2u);
    EXPECT_EQ(row.drift[0].element, "name");
    EXPECT_EQ(row.drift[0].standard_value, "食品经营许可证核发");
    EXPECT_EQ(row.drift[0].implementation_value, "食品经营许可");
    EXPECT_EQ(row.drift[1].element, "legal_basis");
    EXPECT_EQ(row.implementation.standard_version, 1);
  }
  // The county department sees its own row only; a district bureau its district.
  auto own = w_.catalog.Drift(w_.county_admin, "", DepartmentId());
  ASSERT_TRUE(own.has_value());
  ASSERT_EQ(own->rows.size(), 1u);
  EXPECT_EQ(own->rows[0].item.item.id, county.item.item.id);
  auto other_district = w_.catalog.Drift(w_.manager, "440803", DepartmentId());
  ASSERT_TRUE(other_district.has_value());
  EXPECT_TRUE(other_district->rows.empty());
  auto refused = w_.catalog.Drift(w_.ck_manager, "440800", DepartmentId());
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().key(), "stats.out_of_scope");
  auto clerk = w_.Staff("ck-clerk", Role::kWindowClerk, "440802", "440802-scj");
  EXPECT_EQ(w_.catalog.Drift(clerk, "", DepartmentId()).error().key(),
            "catalogue.drift_not_allowed");

  // Following the standard cures the county's drift; the town still drifts.
  auto followed = w_.catalog.FollowStandard(w_.county_admin, county.item.item.id, 1, w_.ctx);
  ASSERT_TRUE(followed.has_value()) << followed.error().ToString();
  EXPECT_TRUE(followed->drift.empty());
  EXPECT_EQ(followed->item.item.name, "食品经营许可证核发");
  EXPECT_EQ(followed->implementation.standard_version, 2);
  EXPECT_EQ(followed->item.item.version, 2);
  auto after = w_.catalog.Drift(w_.manager, "", DepartmentId());
  ASSERT_EQ(after->rows.size(), 1u);
  EXPECT_EQ(after->rows[0].item.item.id, town.item.item.id);

  // The operator's view (the CLI) computes the same report without an actor.
  auto tx = w_.store->Begin();
  auto unscoped = ComputeDrift(**tx, "4408", DepartmentId());
  ASSERT_TRUE(unscoped.has_value());
  EXPECT_EQ(unscoped->rows.size(), 1u);
}

TEST_F(CatalogueLevelsTest, LocalElementsChangeOnDraftsOnlyAndPromisesStayWithinTheLaw) {
  auto s = Standard();
  auto county = *w_.catalog.Implement(w_.county_admin, s.id,
                                      Request("440802-XK001", "440802-scj", "440802"), w_.ctx);
  const ItemId id = county.item.item.id;
  catalog::LocalElements local{"赤坎区民主路 1 号", "工作日 8:30-17:30", {"1号窗口", "2号窗口"}, 3};
  auto updated = w_.catalog.UpdateLocal(w_.county_admin, id, 1, local, w_.ctx);
  ASSERT_TRUE(updated.has_value()) << updated.error().ToString();
  EXPECT_EQ(updated->item.item.version, 2);
  EXPECT_EQ(updated->item.item.promised_limit_wd, 3);
  EXPECT_EQ(updated->implementation.windows.size(), 2u);
  EXPECT_TRUE(updated->drift.empty());

  local.promised_limit_wd = 21;
  auto over = w_.catalog.UpdateLocal(w_.county_admin, id, 2, local, w_.ctx);
  ASSERT_FALSE(over.has_value());
  EXPECT_EQ(over.error().key(), "item.promised_exceeds_statutory");
  local.promised_limit_wd = 4;
  auto stale = w_.catalog.UpdateLocal(w_.county_admin, id, 1, local, w_.ctx);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code(), ErrorCode::kAborted);
  auto hidden = w_.catalog.UpdateLocal(w_.xs_admin, id, 2, local, w_.ctx);
  ASSERT_FALSE(hidden.has_value());
  EXPECT_EQ(hidden.error().code(), ErrorCode::kNotFound);
  auto read = w_.catalog.GetImplementation(w_.county_admin, id);
  EXPECT_EQ(read->item.item.promised_limit_wd, 3);
  EXPECT_EQ(read->implementation.address, "赤坎区民主路 1 号");

  ASSERT_TRUE(
      w_.catalog.PublishInitialLoad(w_.county_admin, id, 2, "test fixture", w_.ctx).has_value());
  auto published = w_.catalog.UpdateLocal(w_.county_admin, id, 3, local, w_.ctx);
  ASSERT_FALSE(published.has_value());
  EXPECT_EQ(published.error().key(), "item.not_draft");
  EXPECT_EQ(w_.catalog.FollowStandard(w_.county_admin, id, 3, w_.ctx).error().key(),
            "item.not_draft");
}

TEST(CatalogueSeedTest, TheDemoCityShowsImplementationsAtCountyLevelAndTheirDrift) {
  auto db = testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  auto store = testing::OpenMigratedOrThrow(*db);
  crypto::OpenSslCrypto crypto;
  seed::SeedOptions options;
  options.applications = 0;
  options.demo_password = "demo-password-123";
  options.now = *ParseInstant("2025-11-20T10:00:00+08:00");
  auto result = seed::SeedDemoCity(*store, crypto, options);
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  auto tx = (*store).Begin();
  ASSERT_TRUE(tx.has_value());
  auto standards = (*tx)->catalog().ListStandards({});
  ASSERT_TRUE(standards.has_value());
  EXPECT_EQ(standards->total, 2);
  auto report = ComputeDrift(**tx, "4408", DepartmentId());
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  // Every district's market regulator implements both standards; the city then revised the
  // food licence's legal basis, so each district's food licence (and nothing else) drifts.
  ASSERT_GT(report->rows.size(), 0u);
  EXPECT_EQ(report->checked, 2 * static_cast<std::int64_t>(report->rows.size()));
  for (const auto& row : report->rows) {
    EXPECT_EQ(row.standard.basic_code, "JB-XK-SP-001");
    EXPECT_EQ(row.implementation.level, catalog::Level::kCounty);
    ASSERT_EQ(row.drift.size(), 1u);
    EXPECT_EQ(row.drift[0].element, "legal_basis");
  }
}

}  // namespace
}  // namespace zt::service
