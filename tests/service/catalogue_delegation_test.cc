// The delegation ledger (赋权清单) on a real store (SQLite or PostgreSQL): a city bureau
// records a document delegating enforcement items to a town, the totals come out of the
// entries, a later 收回 lowers them, and a bad or out-of-scope batch writes nothing.
#include <map>
#include <stdexcept>

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "two_districts.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/account_service.h"
#include "zt/service/delegation_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;
using catalog::DelegationKind;

constexpr const char* kPassword = "correct horse battery";

Date D(std::string_view text) { return *ParseDate(text); }

struct World {
  World() {
    auto seeded = testing::PutTwoDistricts(*store);
    if (!seeded) throw std::runtime_error(seeded.error().ToString());
    auto tx = store->Begin();
    for (const auto& r : {Region{"440802001", "中华街道", "440802", "township"},
                          Region{"440802002", "寸金街道", "440802", "township"}}) {
      if (!(*tx)->PutRegion(r)) throw std::runtime_error("region");
    }
    if (!(*tx)->Commit()) throw std::runtime_error("commit");
    manager = Staff("zj-manager", Role::kBureauManager, "440800", "");
    ck_manager = Staff("ck-manager", Role::kBureauManager, "440802", "");
    xs_manager = Staff("xs-manager", Role::kBureauManager, "440803", "");
    county_admin = Staff("ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj");
  }
  Actor Staff(const std::string& username, Role role, const std::string& region,
              const std::string& department) {
    auto a = accounts.CreateStaff(
        {username, username, role, region, DepartmentId(department), kPassword}, std::nullopt, ctx);
    if (!a) throw std::runtime_error(a.error().ToString());
    return AccountService::ActorOf(*a);
  }
  std::int64_t Events() { return store->VerifyChain()->entries; }
  std::int64_t Entries() {
    auto page = ledger.List("", {.limit = 1});
    return page ? page->total : -1;
  }

  std::unique_ptr<testing::StoreTestDatabase> db =
      testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<Store> store = testing::OpenMigratedOrThrow(*db);
  crypto::OpenSslCrypto crypto;
  SimulatedClock clock{*ParseInstant("2021-06-20T10:00:00+08:00")};
  AccountService accounts{*store, crypto, clock};
  DelegationService ledger{*store, crypto, clock};
  RequestContext ctx{"req-test", "127.0.0.1"};
  Actor manager, ck_manager, xs_manager, county_admin;
};

// The city's enforcement bureau delegates `count` items of `category` to 中华街道.
DelegationBatch ToTown(int count, std::string category, std::string prefix) {
  DelegationBatch b;
  b.kind = DelegationKind::kDelegate;
  b.document_number = "湛府〔2021〕12号";
  b.from_region = "440800";
  b.from_body = "湛江市综合行政执法局";
  b.to_region = "440802001";
  b.to_body = "中华街道办事处";
  b.effective_from = D("2021-07-01");
  for (int i = 0; i < count; ++i) {
    b.items.push_back({prefix + std::to_string(i), "执法事项" + std::to_string(i), category});
  }
  return b;
}

class CatalogueDelegationTest : public ::testing::Test {
 protected:
  World w_;
};

TEST_F(CatalogueDelegationTest, ABatchRecordsEveryEntryWithAnEventEachAndTotalsComeFromThem) {
  std::int64_t events = w_.Events();
  for (auto [count, category, prefix] :
       {std::tuple{12, "06", "ins_"}, std::tuple{30, "02", "pen_"}, std::tuple{5, "03", "coe_"}}) {
    auto recorded = w_.ledger.Record(w_.manager, ToTown(count, category, prefix), w_.ctx);
    ASSERT_TRUE(recorded) << recorded.error().ToString();
    EXPECT_EQ(recorded->size(), static_cast<std::size_t>(count));
  }
  EXPECT_EQ(w_.Events(), events + 47);
  EXPECT_EQ(w_.Entries(), 47);

  auto listed = w_.ledger.List("440802", {.category_code = "03"});
  ASSERT_TRUE(listed) << listed.error().ToString();
  ASSERT_EQ(listed->total, 5);
  const auto& first = listed->items.front();
  EXPECT_EQ(first.item_ref, "coe_0");                 // batch order kept
  EXPECT_EQ(first.to->level, catalog::Level::kTown);  // from the region table
  EXPECT_EQ(first.from.level, catalog::Level::kCity);
  auto history = (*w_.store->Begin())->ListEventsFor("delegation", first.id);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->front().event.action, "delegation.recorded");

  auto before = w_.ledger.Totals("440800", D("2021-06-30"));
  ASSERT_TRUE(before);
  EXPECT_EQ(before->totals.in_force, 0);
  auto totals = w_.ledger.Totals("440800", D("2021-07-01"));
  ASSERT_TRUE(totals) << totals.error().ToString();
  EXPECT_EQ(totals->totals.in_force, 47);
  ASSERT_EQ(totals->totals.grants.size(), 3u);
  EXPECT_EQ(totals->totals.grants[0].category_code, "02");
  EXPECT_EQ(totals->totals.grants[0].count, 30);
  EXPECT_EQ(totals->totals.grants[2].count, 12);
  // Another county's view holds none of them.
  EXPECT_EQ(w_.ledger.Totals("440803", D("2021-07-01"))->totals.in_force, 0);
}

TEST_F(CatalogueDelegationTest, ATakeBackLowersTheTotalsFromItsDate) {
  ASSERT_TRUE(w_.ledger.Record(w_.manager, ToTown(10, "02", "pen_"), w_.ctx));
  DelegationBatch back;
  back.kind = DelegationKind::kTakeBack;
  back.document_number = "湛府〔2023〕3号";
  back.from_region = "440802001";
  back.from_body = "中华街道办事处";
  back.to_region = "440800";
  back.to_body = "湛江市综合行政执法局";
  back.effective_from = D("2023-01-01");
  back.items = {{"pen_3", "执法事项3", "02"}, {"pen_7", "执法事项7", "02"}};
  // The county bureau is not above the city body the power returns to.
  auto taken = w_.ledger.Record(w_.ck_manager, back, w_.ctx);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code(), ErrorCode::kPermissionDenied);
  taken = w_.ledger.Record(w_.manager, back, w_.ctx);
  ASSERT_TRUE(taken) << taken.error().ToString();
  EXPECT_EQ(w_.ledger.Totals("440800", D("2022-12-31"))->totals.in_force, 10);
  auto after = w_.ledger.Totals("440800", D("2023-01-01"));
  EXPECT_EQ(after->totals.in_force, 8);
  EXPECT_EQ(after->totals.taken_back, 2);

  // Taking back again what is no longer held is refused, and nothing is written.
  std::int64_t entries = w_.Entries();
  back.effective_from = D("2023-02-01");
  auto again = w_.ledger.Record(w_.manager, back, w_.ctx);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().key(), "delegation.invalid");
  EXPECT_EQ(again.error().fields().size(), 2u);
  EXPECT_EQ(again.error().fields()[0].key, "delegation.nothing_to_take_back");
  EXPECT_EQ(w_.Entries(), entries);
}

TEST_F(CatalogueDelegationTest, OneBadItemRefusesTheWholeBatchWithEveryProblem) {
  DelegationBatch batch = ToTown(5, "02", "pen_");
  batch.items[1].category_code = "99";
  batch.items[3].item_name = "";
  batch.items[4].item_ref = "pen_0";  // the same item twice for the same body
  batch.items.push_back({"x_1", "到不存在的镇", "02", "440802099", "某镇"});
  std::int64_t events = w_.Events();
  auto recorded = w_.ledger.Record(w_.manager, batch, w_.ctx);
  ASSERT_FALSE(recorded);
  EXPECT_EQ(recorded.error().code(), ErrorCode::kInvalidArgument);
  std::vector<std::string> pointers;
  for (const auto& f : recorded.error().fields()) pointers.push_back(f.pointer + " " + f.key);
  EXPECT_EQ(pointers,
            (std::vector<std::string>{"/items/1/category_code delegation.category_unknown",
                                      "/items/3/item_name delegation.item_name_invalid",
                                      "/items/4/item_ref delegation.duplicate_item",
                                      "/items/5/to/region_code region.unknown"}));
  EXPECT_EQ(w_.Entries(), 0);
  EXPECT_EQ(w_.Events(), events);

  DelegationBatch upward = ToTown(1, "02", "pen_");
  upward.to_region = "440800";  // 下放 to the same level
  upward.to_body = "湛江市农业农村局";
  auto refused = w_.ledger.Record(w_.manager, upward, w_.ctx);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields().at(0).key, "delegation.level_direction");
  EXPECT_EQ(w_.Entries(), 0);
}

TEST_F(CatalogueDelegationTest, OnlyTheBureauAboveBothBodiesRecords) {
  std::int64_t events = w_.Events();
  // 霞山区's bureau is not above 赤坎区's town; a department admin keeps no ledger.
  auto other = w_.ledger.Record(w_.xs_manager, ToTown(2, "02", "pen_"), w_.ctx);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().key(), "delegation.not_allowed");
  auto admin = w_.ledger.Record(w_.county_admin, ToTown(2, "02", "pen_"), w_.ctx);
  ASSERT_FALSE(admin);
  EXPECT_EQ(admin.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(w_.Entries(), 0);
  EXPECT_EQ(w_.Events(), events + 2);  // the two refusals are audited, nothing else

  // 赤坎区's bureau may entrust a county power to its own town.
  DelegationBatch county = ToTown(1, "06", "ins_");
  county.kind = DelegationKind::kEntrust;
  county.from_region = "440802";
  county.from_body = "赤坎区市场监督管理局";
  auto ok = w_.ledger.Record(w_.ck_manager, county, w_.ctx);
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->front().from.level, catalog::Level::kCounty);
}

TEST(DelegationSeedTest, TheDemoCityShowsALedgerWhoseTotalsComeFromItsEntries) {
  auto db = testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  auto store = testing::OpenMigratedOrThrow(*db);
  crypto::OpenSslCrypto crypto;
  seed::SeedOptions options;
  options.applications = 0;
  options.demo_password = "demo-password-123";
  options.now = *ParseInstant("2025-11-20T10:00:00+08:00");
  auto seeded = seed::SeedDemoCity(*store, crypto, options);
  ASSERT_TRUE(seeded) << seeded.error().ToString();
  SimulatedClock clock{options.now};
  DelegationService ledger{*store, crypto, clock};
  // 7 powers to each of two streets (2 inspection, 4 penalty, 1 coercion), then 寸金街道's
  // coercion power taken back in 2023: 14 in force in 2022, 13 after.
  auto y2022 = ledger.Totals("440800", D("2022-06-01"));
  ASSERT_TRUE(y2022) << y2022.error().ToString();
  EXPECT_EQ(y2022->totals.in_force, 14);
  auto now = ledger.Totals("440800", D("2025-11-20"));
  ASSERT_TRUE(now);
  EXPECT_EQ(now->totals.in_force, 13);
  std::map<std::string, std::int64_t> by_category;
  for (const auto& g : now->totals.grants) by_category[g.category_code] += g.count;
  EXPECT_EQ(by_category, (std::map<std::string, std::int64_t>{{"02", 8}, {"03", 1}, {"06", 4}}));
  EXPECT_EQ(now->totals.taken_back, 1);
}

}  // namespace
}  // namespace zt::service
