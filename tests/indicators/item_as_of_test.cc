// The catalogue (事项口径) indicators on a real store (SQLite or PostgreSQL, chosen at build
// time) count the catalogue as it stood on the period's last day: items published through
// review, then revised, withdrawn and added after that day leave the values for the period
// unchanged, while a later period sees the changes. The level narrows the items counted.
#include <stdexcept>

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "two_districts.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/service/account_service.h"
#include "zt/service/catalog_service.h"
#include "zt/service/indicator_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

constexpr const char* kPassword = "correct horse battery";

Date Day(const char* text) { return *ParseDate(text); }

const indicators::Value& Find(const IndicatorValues& all, std::string_view id) {
  for (const auto& v : all.values) {
    if (v.id == id) return v;
  }
  throw std::runtime_error("missing " + std::string(id));
}

catalog::Material PlainMaterial(std::string name) { return {std::move(name), true, ""}; }

catalog::Material LicenceMaterial(std::string name) {
  catalog::Material m{std::move(name), true, ""};
  m.licence_type_code = "yyzz";
  return m;
}

class ItemIndicatorsAsOfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto seeded = testing::PutTwoDistricts(*store_);
    ASSERT_TRUE(seeded.has_value()) << seeded.error().ToString();
    ck_admin_ = Staff("ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj");
    xs_admin_ = Staff("xs-admin", Role::kDepartmentAdmin, "440803", "440803-scj");
    manager_ = Staff("zj-manager", Role::kBureauManager, "440800", "");
  }

  Actor Staff(const std::string& username, Role role, const std::string& region,
              const std::string& department) {
    auto a = accounts_.CreateStaff(
        {username, username, role, region, DepartmentId(department), kPassword}, std::nullopt,
        ctx_);
    EXPECT_TRUE(a.has_value()) << a.error().ToString();
    return AccountService::ActorOf(*a);
  }

  static catalog::ServiceItem Item(const std::string& region, const std::string& code) {
    catalog::ServiceItem item;
    item.code = region + "-scj-" + code;
    item.name = "食品经营许可";
    item.department_id = DepartmentId(region + "-scj");
    item.region_code = region;
    item.statutory_limit_wd = 20;
    item.promised_limit_wd = 10;
    item.online = true;
    item.materials = {PlainMaterial("申请表")};
    item.elements.online_depth = catalog::OnlineDepth::kPreReview;
    item.elements.onsite_visits = 1;
    return item;
  }

  // Fully online, no visit, at the one window, 容缺; a licence replaces one of its three
  // materials (one of them in a situation).
  static catalog::ServiceItem FullyOnline(const std::string& region) {
    catalog::ServiceItem item = Item(region, "qcwb");
    auto& e = item.elements;
    e.online_depth = catalog::OnlineDepth::kFullyOnline;
    e.onsite_visits = 0;
    e.one_window = true;
    e.tolerance = true;
    catalog::Material plan = PlainMaterial("经营场所平面图");
    plan.secondary = true;
    item.materials.push_back(LicenceMaterial("营业执照"));
    e.situations = {{"企业申请", "", {plan}}};
    return item;
  }

  // Two visits, 告知承诺.
  static catalog::ServiceItem TwoVisits(const std::string& region) {
    catalog::ServiceItem item = Item(region, "lcpd");
    item.elements.onsite_visits = 2;
    item.elements.online_depth = catalog::OnlineDepth::kInformation;
    item.elements.notification_commitment = true;
    return item;
  }

  // Created by its department's administrator, published through review by the manager
  // (effective today).
  ItemView Publish(const Actor& admin, const catalog::ServiceItem& item) {
    auto created = catalog_.Create(admin, item, ctx_);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    if (!created) return {};
    auto submitted = catalog_.SubmitForReview(admin, created->item.id, created->item.version, ctx_);
    EXPECT_TRUE(submitted.has_value()) << submitted.error().ToString();
    auto approved = catalog_.Review(manager_, created->item.id, submitted->item.item.version,
                                    {.approve = true}, ctx_);
    EXPECT_TRUE(approved.has_value()) << approved.error().ToString();
    return approved ? approved->item : ItemView{};
  }

  // A new version of a published item with `content`, approved by the manager.
  void Revise(const Actor& admin, const ItemId& id, catalog::ServiceItem content) {
    auto current = catalog_.Get(admin, id);
    ASSERT_TRUE(current.has_value()) << current.error().ToString();
    auto opened = catalog_.StartRevision(admin, id, current->item.version, ctx_);
    ASSERT_TRUE(opened.has_value()) << opened.error().ToString();
    content.id = id;
    auto edited = catalog_.UpdateDraft(admin, id, opened->item.item.version, content, ctx_);
    ASSERT_TRUE(edited.has_value()) << edited.error().ToString();
    auto submitted = catalog_.SubmitForReview(admin, id, edited->item.item.version, ctx_);
    ASSERT_TRUE(submitted.has_value()) << submitted.error().ToString();
    auto approved =
        catalog_.Review(manager_, id, submitted->item.item.version, {.approve = true}, ctx_);
    ASSERT_TRUE(approved.has_value()) << approved.error().ToString();
  }

  IndicatorValues Values(const char* from, const char* to, std::string level = "") {
    ValueQuery q{"440800", "", Day(from), Day(to)};
    q.level = std::move(level);
    auto v = indicators_.Values(manager_, q);
    EXPECT_TRUE(v.has_value()) << v.error().ToString();
    return v ? *v : IndicatorValues{};
  }

  std::unique_ptr<testing::StoreTestDatabase> db_ =
      testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<Store> store_ = testing::OpenMigratedOrThrow(*db_);
  crypto::OpenSslCrypto crypto_;
  SimulatedClock clock_{*ParseInstant("2025-06-02T10:00:00+08:00")};
  AccountService accounts_{*store_, crypto_, clock_};
  CatalogService catalog_{*store_, crypto_, clock_};
  IndicatorService indicators_{*store_, clock_};
  RequestContext ctx_{"req-test", "127.0.0.1"};
  Actor ck_admin_, xs_admin_, manager_;
};

// The item values of a year, with their numerators and denominators.
struct ItemFigures {
  std::map<std::string, std::tuple<std::optional<double>, double, std::int64_t>> by_id;
  friend bool operator==(const ItemFigures&, const ItemFigures&) = default;
};
ItemFigures ItemsOf(const IndicatorValues& all) {
  ItemFigures out;
  for (const auto& v : all.values) {
    if (v.basis == indicators::Basis::kItems) {
      out.by_id[v.id] = {v.value, v.numerator, v.denominator};
    }
  }
  return out;
}

TEST_F(ItemIndicatorsAsOfTest, APastPeriodKeepsItsCatalogueWhenItemsChangeLater) {
  ItemView online = Publish(ck_admin_, FullyOnline("440802"));
  ItemView visits = Publish(ck_admin_, TwoVisits("440802"));
  Publish(xs_admin_, Item("440803", "plain"));

  clock_.Set(*ParseInstant("2026-01-05T09:00:00+08:00"));
  IndicatorValues before = Values("2025-01-01", "2025-12-31");
  EXPECT_EQ(Find(before, "item.published").value, 3.0);
  EXPECT_EQ(Find(before, "item.fully_online_rate").value, 33.3);       // 1 ÷ 3
  EXPECT_EQ(Find(before, "item.zero_visit_rate").value, 33.3);         // 1 ÷ 3
  EXPECT_EQ(Find(before, "item.at_most_one_visit_rate").value, 66.7);  // 2 ÷ 3
  EXPECT_EQ(Find(before, "item.one_window_rate").value, 33.3);
  EXPECT_EQ(Find(before, "item.tolerance_items").value, 1.0);
  EXPECT_EQ(Find(before, "item.commitment_items").value, 1.0);
  const auto& exempt = Find(before, "item.exempt_material_rate");  // 1 ÷ (3 + 1 + 1)
  EXPECT_EQ(exempt.numerator, 1);
  EXPECT_EQ(exempt.denominator, 5);
  EXPECT_EQ(exempt.value, 20.0);

  // In 2026: the fully online item is revised to need a visit at the window, the
  // two-visit item is withdrawn, a new item is published.
  clock_.Set(*ParseInstant("2026-02-10T09:00:00+08:00"));
  catalog::ServiceItem revised = FullyOnline("440802");
  revised.elements.online_depth = catalog::OnlineDepth::kPreReview;
  revised.elements.onsite_visits = 1;
  revised.elements.one_window = false;
  revised.materials.pop_back();  // the licence no longer replaces a material
  Revise(ck_admin_, online.item.id, revised);
  auto current = catalog_.Get(ck_admin_, visits.item.id);
  ASSERT_TRUE(current.has_value());
  auto withdrawn = catalog_.Withdraw(ck_admin_, visits.item.id, current->item.version, ctx_);
  ASSERT_TRUE(withdrawn.has_value()) << withdrawn.error().ToString();
  Publish(xs_admin_, Item("440803", "newer"));

  IndicatorValues again = Values("2025-01-01", "2025-12-31");
  EXPECT_EQ(ItemsOf(again), ItemsOf(before));
  EXPECT_EQ(Find(again, "item.fully_online_rate").value, 33.3);

  // The records behind 2025's count still name the withdrawn item.
  auto records = indicators_.Records(manager_, "item.published", "numerator",
                                     {"440800", "", Day("2025-01-01"), Day("2025-12-31")});
  ASSERT_TRUE(records.has_value()) << records.error().ToString();
  ASSERT_EQ(records->size(), 3u);
  bool names_withdrawn = false;
  for (const auto& r : *records) names_withdrawn |= r.id == visits.item.id.value();
  EXPECT_TRUE(names_withdrawn);

  // 2026 so far counts the catalogue of today: the revision, without the withdrawn item,
  // with the new one.
  IndicatorValues now = Values("2026-01-01", "2026-12-31");
  EXPECT_NE(ItemsOf(now), ItemsOf(before));
  EXPECT_EQ(Find(now, "item.published").value, 3.0);
  EXPECT_EQ(Find(now, "item.fully_online_rate").value, 0.0);
  EXPECT_EQ(Find(now, "item.zero_visit_rate").value, 0.0);
  EXPECT_EQ(Find(now, "item.at_most_one_visit_rate").value, 100.0);
  EXPECT_EQ(Find(now, "item.commitment_items").value, 0.0);
  EXPECT_EQ(Find(now, "item.exempt_material_rate").value, 0.0);  // 0 ÷ (2 + 1 + 1)
  EXPECT_EQ(Find(now, "item.exempt_material_rate").denominator, 4);
}

TEST_F(ItemIndicatorsAsOfTest, AVersionInForceOnlyAfterTheReportingDateIsNotCounted) {
  Publish(ck_admin_, FullyOnline("440802"));
  clock_.Set(*ParseInstant("2026-03-01T09:00:00+08:00"));
  Publish(xs_admin_, Item("440803", "later"));
  // February ended before the second item was published; March counts both.
  EXPECT_EQ(Find(Values("2026-02-01", "2026-02-28"), "item.published").value, 1.0);
  EXPECT_EQ(Find(Values("2026-03-01", "2026-03-31"), "item.published").value, 2.0);
  // A period before anything was published has no rates, not 0%.
  IndicatorValues empty = Values("2024-01-01", "2024-12-31");
  EXPECT_EQ(Find(empty, "item.published").value, 0.0);
  EXPECT_FALSE(Find(empty, "item.fully_online_rate").value.has_value());
}

TEST_F(ItemIndicatorsAsOfTest, TheLevelNarrowsTheItemsCounted) {
  Publish(ck_admin_, FullyOnline("440802"));
  Publish(xs_admin_, Item("440803", "plain"));
  clock_.Set(*ParseInstant("2026-01-05T09:00:00+08:00"));
  // Both districts are counties: the county level counts both, the town level none.
  EXPECT_EQ(Find(Values("2025-01-01", "2025-12-31", "county"), "item.published").value, 2.0);
  IndicatorValues towns = Values("2025-01-01", "2025-12-31", "town");
  EXPECT_EQ(Find(towns, "item.published").value, 0.0);
  EXPECT_FALSE(Find(towns, "item.zero_visit_rate").value.has_value());

  ValueQuery bad{"440800", "", Day("2025-01-01"), Day("2025-12-31")};
  bad.level = "district";
  auto refused = indicators_.Values(manager_, bad);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().key(), "indicator.level");

  // A freeze covers every level at once.
  auto frozen = indicators_.Freeze(
      manager_, {"440800", "", Day("2025-01-01"), Day("2025-12-31"), "county"}, ctx_);
  ASSERT_FALSE(frozen.has_value());
  EXPECT_EQ(frozen.error().key(), "indicator.level");
}

}  // namespace
}  // namespace zt::service
