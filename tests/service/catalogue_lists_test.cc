// The catalogue's published lists on a real store (SQLite or PostgreSQL): the power and
// responsibility list (权责清单) with counts computed per category, life events (一件事) with
// one combined material list, and the ranked public search with its filters. Bad or
// out-of-scope input writes nothing.
#include <stdexcept>

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "two_districts.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/service/account_service.h"
#include "zt/service/catalog_service.h"
#include "zt/service/catalogue_lists_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

constexpr const char* kPassword = "correct horse battery";

struct World {
  World() {
    auto seeded = testing::PutTwoDistricts(*store);
    if (!seeded) throw std::runtime_error(seeded.error().ToString());
    admin = Staff("ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj");
    xs_admin = Staff("xs-admin", Role::kDepartmentAdmin, "440803", "440803-scj");
    manager = Staff("zj-manager", Role::kBureauManager, "440800", "");
    xs_manager = Staff("xs-manager", Role::kBureauManager, "440803", "");
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
  PowerListService powers{*store, crypto, clock};
  LifeEventService events{*store, crypto, clock};
  CatalogSearchService search{*store, clock};
  RequestContext ctx{"req-test", "127.0.0.1"};
  Actor admin, xs_admin, manager, xs_manager;
};

catalog::PowerItem Power(std::string code, std::string name, std::string category,
                         std::string department = "440802-scj") {
  catalog::PowerItem p;
  p.code = std::move(code);
  p.name = std::move(name);
  p.category_code = std::move(category);
  p.department_id = DepartmentId(std::move(department));
  p.legal_basis = "《中华人民共和国食品安全法》第三十五条";
  p.steps = {{catalog::DutyStage::kAccept, "依法受理或不予受理，并一次性告知"},
             {catalog::DutyStage::kDecide, "作出准予或不予许可的决定"},
             {catalog::DutyStage::kSupervise, "对被许可人开展事后监督检查"}};
  p.accountability = {"对符合法定条件的申请不予受理的", "违反法定程序实施的"};
  return p;
}

class CatalogueListsTest : public ::testing::Test {
 protected:
  ItemView Item(const Actor& admin, std::string code, std::string name,
                std::vector<catalog::Material> materials, bool online = true) {
    catalog::ServiceItem item;
    item.code = std::move(code);
    item.name = std::move(name);
    item.department_id = admin.department_id;
    item.region_code = admin.region_code;
    item.statutory_limit_wd = 20;
    item.promised_limit_wd = 5;
    item.online = online;
    item.materials = std::move(materials);
    auto created = w_.catalog.Create(admin, item, w_.ctx);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    auto published =
        w_.catalog.PublishInitialLoad(admin, created->item.id, 1, "test fixture", w_.ctx);
    EXPECT_TRUE(published.has_value()) << published.error().ToString();
    return *published;
  }
  std::vector<std::string> Names(std::string_view region, catalog::RankedQuery q) {
    w_.search.Invalidate();
    auto page = w_.search.Search(region, std::move(q));
    EXPECT_TRUE(page.has_value()) << page.error().ToString();
    std::vector<std::string> out;
    if (page) {
      for (const auto& h : page->result.hits) out.push_back(h.document->item.name);
    }
    return out;
  }
  World w_;
};

TEST_F(CatalogueListsTest, PowerItemsAreRecordedWithAnEventAndCountedPerCategory) {
  std::int64_t events = w_.Events();
  for (auto [code, name, category] : {std::tuple{"XK-440802-001", "食品经营许可", "01"},
                                      std::tuple{"XK-440802-002", "药品零售许可", "01"},
                                      std::tuple{"CF-440802-001", "对无证经营的处罚", "02"}}) {
    auto created = w_.powers.Create(w_.admin, Power(code, name, category), w_.ctx);
    ASSERT_TRUE(created.has_value()) << created.error().ToString();
    EXPECT_EQ(created->region_code, "440802") << "the region is the department's";
    EXPECT_EQ(created->version, 1);
  }
  ASSERT_TRUE(w_.powers.Create(w_.xs_admin,
                               Power("JC-440803-001", "食品安全检查", "06", "440803-scj"), w_.ctx));
  EXPECT_EQ(w_.Events(), events + 4);

  auto city = w_.powers.Counts("440800", DepartmentId(), "2015");
  ASSERT_TRUE(city.has_value()) << city.error().ToString();
  EXPECT_EQ(city->total, 4);
  ASSERT_EQ(city->categories.size(), 10u) << "every category appears, zero or not";
  EXPECT_EQ(city->categories[0].count, 2);  // 01 行政许可
  EXPECT_EQ(city->categories[1].count, 1);  // 02 行政处罚
  EXPECT_EQ(city->categories[5].count, 1);  // 06 行政检查
  EXPECT_EQ(city->categories[2].count, 0);
  auto chikan = w_.powers.Counts("440802", DepartmentId(), "2015");
  ASSERT_TRUE(chikan);
  EXPECT_EQ(chikan->total, 3);
  auto by_department = w_.powers.Counts("", DepartmentId("440803-scj"), "2015");
  ASSERT_TRUE(by_department);
  EXPECT_EQ(by_department->total, 1);

  PowerItemQuery q;
  q.category_code = "01";
  auto page = w_.powers.List("440802", q);
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->total, 2);
  EXPECT_EQ(page->items[0].code, "XK-440802-001");
  auto read = w_.powers.Get(page->items[0].id);
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->steps.size(), 3u);
  EXPECT_EQ(read->steps[2].stage, catalog::DutyStage::kSupervise);
  EXPECT_EQ(read->accountability.size(), 2u);
}

TEST_F(CatalogueListsTest, BadPowerItemsWriteNothing) {
  std::int64_t events = w_.Events();
  auto bad = Power("x", "", "11");
  bad.steps = {{catalog::DutyStage::kAccept, "受理"}, {catalog::DutyStage::kAccept, ""}};
  bad.accountability.clear();
  auto refused = w_.powers.Create(w_.admin, bad, w_.ctx);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().key(), "power_item.invalid");
  std::vector<std::string> pointers;
  for (const auto& f : refused.error().fields()) pointers.push_back(f.pointer);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/code", "/name", "/category_code", "/steps/1/duty",
                                                "/steps/1/stage", "/accountability"}));

  auto other =
      w_.powers.Create(w_.admin, Power("XK-440803-001", "许可", "01", "440803-scj"), w_.ctx);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().key(), "power_item.not_allowed");

  ASSERT_TRUE(w_.powers.Create(w_.admin, Power("XK-440802-001", "食品经营许可", "01"), w_.ctx));
  std::int64_t after_one = w_.Events();
  auto twice = w_.powers.Create(w_.admin, Power("XK-440802-001", "又一个", "01"), w_.ctx);
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().key(), "power_item.code_taken");
  EXPECT_EQ(w_.Events(), after_one);
  EXPECT_GT(after_one, events);
  EXPECT_EQ(w_.powers.Counts("", DepartmentId(), "2015")->total, 1);
}

TEST_F(CatalogueListsTest, ALifeEventAsksForEachMaterialOnce) {
  auto name = Item(w_.admin, "440802-scj-001", "企业名称自主申报",
                   {{"申请书", true, ""}, {"《身份证明》", true, ""}});
  auto license =
      Item(w_.admin, "440802-scj-002", "企业设立登记",
           {{"申请书 ", true, ""}, {"身份证明", true, ""}, {"住所证明（复印件）", true, ""}});
  auto seal = Item(w_.admin, "440802-scj-003", "印章刻制备案",
                   {{"营业执照", true, ""}, {"住所证明(复印件)", false, ""}});
  std::int64_t events = w_.Events();
  catalog::LifeEvent e;
  e.code = "KBQY-440802";
  e.name = "开办企业";
  e.audience = catalog::Audience::kEnterprise;
  e.region_code = "440802";
  e.item_ids = {name.item.id, license.item.id, seal.item.id};
  e.keywords = {"开公司"};
  auto created = w_.events.Create(w_.manager, e, w_.ctx);
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  EXPECT_EQ(w_.Events(), events + 1);

  auto read = w_.events.Get(created->event.id);
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->items.size(), 3u);
  std::vector<std::string> materials;
  for (const auto& m : read->materials) materials.push_back(m.name);
  EXPECT_EQ(materials,
            (std::vector<std::string>{"申请书", "《身份证明》", "住所证明（复印件）", "营业执照"}));
  EXPECT_EQ(read->materials[0].item_ids.size(), 2u);
  EXPECT_EQ(read->materials[2].item_ids.size(), 2u);
  EXPECT_TRUE(read->materials[2].required) << "required when any item requires it";

  auto list = w_.events.List("440800", {});
  ASSERT_TRUE(list);
  EXPECT_EQ(list->total, 1);

  // The bundle shows in search as a life-event match, below title matches.
  auto names = Names("", {.text = "开办企业"});
  EXPECT_EQ(names.size(), 3u);
  auto keyword = Names("", {.text = "开公司"});
  EXPECT_FALSE(keyword.empty());
}

TEST_F(CatalogueListsTest, BadOrOutOfScopeLifeEventsWriteNothing) {
  auto a = Item(w_.admin, "440802-scj-001", "企业设立登记", {{"申请书", true, ""}});
  auto b = Item(w_.xs_admin, "440803-scj-001", "食品经营许可", {{"申请书", true, ""}});
  std::int64_t events = w_.Events();
  catalog::LifeEvent e;
  e.code = "KBQY-440803";
  e.name = "开办企业";
  e.region_code = "440803";
  e.item_ids = {a.item.id, b.item.id, ItemId("i_missing")};
  auto refused = w_.events.Create(w_.xs_manager, e, w_.ctx);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().key(), "life_event.invalid");
  std::vector<std::string> pointers;
  for (const auto& f : refused.error().fields()) pointers.push_back(f.pointer);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/item_ids/0", "/item_ids/2"}))
      << "an item of another district and an unknown item";

  e.region_code = "440802";
  auto outside = w_.events.Create(w_.xs_manager, e, w_.ctx);
  ASSERT_FALSE(outside.has_value());
  EXPECT_EQ(outside.error().key(), "life_event.not_allowed");
  auto clerk_like = w_.events.Create(w_.admin, e, w_.ctx);
  ASSERT_FALSE(clerk_like.has_value());
  EXPECT_EQ(clerk_like.error().key(), "life_event.not_allowed");
  EXPECT_EQ(w_.events.List("", {})->total, 0);
  // Refusals of access are audited (one event each); nothing else was written.
  EXPECT_EQ(w_.Events(), events + 2);
}

TEST_F(CatalogueListsTest, SearchRanksTitleAboveAliasAndFilters) {
  Item(w_.admin, "440802-scj-001", "社会保障卡申领", {{"申请表", true, ""}});
  Item(w_.admin, "440802-scj-002", "社保", {{"申请表", true, ""}});
  Item(w_.admin, "440802-scj-003", "社会保障卡挂失", {{"申请表", true, ""}}, false);
  Item(w_.xs_admin, "440803-scj-001", "社会保障卡补办", {{"申请表", true, ""}});
  Item(w_.xs_admin, "440803-scj-002", "户籍迁移", {{"申请表", true, ""}});

  EXPECT_EQ(
      Names("", {.text = "社保"}),
      (std::vector<std::string>{"社保", "社会保障卡申领", "社会保障卡挂失", "社会保障卡补办"}))
      << "the title match first, then the alias hits by popularity, shorter title, code";
  EXPECT_EQ(Names("440803", {.text = "社保"}), (std::vector<std::string>{"社会保障卡补办"}));
  EXPECT_EQ(Names("", {.text = "社保", .online = false}),
            (std::vector<std::string>{"社会保障卡挂失"}));
  EXPECT_EQ(Names("", {.text = "社保卡补办"}), (std::vector<std::string>{"社会保障卡补办"}));
  EXPECT_EQ(Names("", {.text = "户口"}), (std::vector<std::string>{"户籍迁移"}));
  EXPECT_EQ(Names("", {.text = "社会保障卡申领"}), (std::vector<std::string>{"社会保障卡申领"}));
  EXPECT_EQ(Names("", {.text = "社保", .level = catalog::Level::kCity}),
            std::vector<std::string>{});
  EXPECT_EQ(Names("", {.text = "社保", .department_id = DepartmentId("440803-scj")}),
            (std::vector<std::string>{"社会保障卡补办"}));
  auto paged = w_.search.Search("", {.text = "社保", .offset = 1, .limit = 2});
  ASSERT_TRUE(paged);
  EXPECT_EQ(paged->result.total, 4);
  ASSERT_EQ(paged->result.hits.size(), 2u);
  EXPECT_EQ(paged->result.hits[0].document->item.name, "社会保障卡申领");
  EXPECT_EQ(paged->result.hits[0].field, catalog::MatchField::kAlias);
  auto bad = w_.search.Search("44x", {.text = "社保"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().key(), "region.format");
}

Date D(std::string_view text) { return *ParseDate(text); }

void SetDay(World& w, std::string_view day) {
  w.clock.Set(*ParseInstant(std::string(day) + "T10:00:00+08:00"));
}

TEST_F(CatalogueListsTest, APowerItemChangeMakesARevisionAndThePastListStaysReadable) {
  auto created = w_.powers.Create(w_.admin, Power("XK-440802-001", "食品经营许可", "01"), w_.ctx);
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  EXPECT_EQ(created->revision, 1);
  EXPECT_EQ(created->effective_from, D("2025-09-30"));

  SetDay(w_, "2025-10-10");
  std::int64_t events = w_.Events();
  catalog::PowerItem content = *created;
  content.name = "食品经营许可（含仅销售预包装食品备案）";
  content.steps.push_back({catalog::DutyStage::kDeliver, "依法送达许可决定"});
  auto revised = w_.powers.Revise(w_.admin, created->id, 1, content, std::nullopt, w_.ctx);
  ASSERT_TRUE(revised.has_value()) << revised.error().ToString();
  EXPECT_EQ(revised->revision, 2);
  EXPECT_EQ(revised->version, 2);
  EXPECT_EQ(revised->effective_from, D("2025-10-10")) << "today by default";
  EXPECT_EQ(revised->code, "XK-440802-001");
  EXPECT_EQ(w_.Events(), events + 1) << "one power_item.revised event";

  // Read back at a past date: the first revision, ended the day before the second began.
  auto then = w_.powers.Get(created->id, D("2025-10-01"));
  ASSERT_TRUE(then.has_value()) << then.error().ToString();
  EXPECT_EQ(then->name, "食品经营许可");
  EXPECT_EQ(then->revision, 1);
  EXPECT_EQ(then->effective_to, D("2025-10-09"));
  EXPECT_EQ(then->steps.size(), 3u);
  EXPECT_EQ(w_.powers.Get(created->id)->name, "食品经营许可（含仅销售预包装食品备案）");
  auto before = w_.powers.Get(created->id, D("2025-09-29"));
  ASSERT_FALSE(before.has_value());
  EXPECT_EQ(before.error().key(), "power_item.not_in_force");

  PowerItemQuery past;
  past.as_of = D("2025-10-05");
  auto list_then = w_.powers.List("440802", past);
  ASSERT_TRUE(list_then.has_value()) << list_then.error().ToString();
  ASSERT_EQ(list_then->total, 1);
  EXPECT_EQ(list_then->items[0].name, "食品经营许可");

  // A revision from a later date: today's count keeps 行政许可, that date's has 行政处罚.
  content = *revised;
  content.category_code = "02";
  auto later = w_.powers.Revise(w_.admin, created->id, 2, content, D("2025-11-01"), w_.ctx);
  ASSERT_TRUE(later.has_value()) << later.error().ToString();
  EXPECT_EQ(
      w_.powers.Counts("440802", DepartmentId(), "2015", D("2025-10-20"))->categories[0].count, 1);
  auto november = w_.powers.Counts("440802", DepartmentId(), "2015", D("2025-11-02"));
  ASSERT_TRUE(november.has_value());
  EXPECT_EQ(november->categories[0].count, 0);
  EXPECT_EQ(november->categories[1].count, 1);
  auto revisions = w_.powers.Revisions(created->id);
  ASSERT_TRUE(revisions.has_value());
  ASSERT_EQ(revisions->size(), 3u);
  EXPECT_EQ((*revisions)[1].effective_to, D("2025-10-31"));

  // Withdrawn on 10-20: in force until 10-19, off today's list, and the November revision
  // never takes effect.
  SetDay(w_, "2025-10-20");
  auto withdrawn = w_.powers.Withdraw(w_.admin, created->id, 3, w_.ctx);
  ASSERT_TRUE(withdrawn.has_value()) << withdrawn.error().ToString();
  EXPECT_TRUE(withdrawn->withdrawn);
  EXPECT_EQ(w_.powers.List("440802", {})->total, 0);
  EXPECT_EQ(w_.powers.Counts("440802", DepartmentId(), "2015")->total, 0);
  past.as_of = D("2025-10-19");
  EXPECT_EQ(w_.powers.List("440802", past)->total, 1);
  past.as_of = D("2025-11-05");
  EXPECT_EQ(w_.powers.List("440802", past)->total, 0);
  auto again = w_.powers.Revise(w_.admin, created->id, 4, content, std::nullopt, w_.ctx);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().key(), "power_item.withdrawn");
}

TEST_F(CatalogueListsTest, BadOrOutOfScopePowerRevisionsWriteNothing) {
  auto created = w_.powers.Create(w_.admin, Power("XK-440802-001", "食品经营许可", "01"), w_.ctx);
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  std::int64_t events = w_.Events();
  catalog::PowerItem content = *created;
  content.name = "改名";

  auto other = w_.powers.Revise(w_.xs_admin, created->id, 1, content, std::nullopt, w_.ctx);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().key(), "power_item.not_allowed");
  EXPECT_EQ(other.error().code(), ErrorCode::kPermissionDenied);
  auto manager = w_.powers.Withdraw(w_.manager, created->id, 1, w_.ctx);
  ASSERT_FALSE(manager.has_value());
  EXPECT_EQ(manager.error().key(), "power_item.not_allowed");
  EXPECT_EQ(w_.Events(), events + 2) << "the refusals are audited, nothing else";

  catalog::PowerItem bad = content;
  bad.category_code = "11";
  bad.accountability.clear();
  auto refused = w_.powers.Revise(w_.admin, created->id, 1, bad, D("2025-09-01"), w_.ctx);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().key(), "power_item.invalid");
  std::vector<std::string> pointers;
  for (const auto& f : refused.error().fields()) pointers.push_back(f.pointer);
  EXPECT_EQ(pointers,
            (std::vector<std::string>{"/category_code", "/accountability", "/effective_from"}));

  auto stale = w_.powers.Revise(w_.admin, created->id, 7, content, std::nullopt, w_.ctx);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().key(), "version.stale");
  auto same = w_.powers.Revise(w_.admin, created->id, 1, *created, std::nullopt, w_.ctx);
  ASSERT_FALSE(same.has_value());
  EXPECT_EQ(same.error().key(), "power_item.unchanged");
  auto missing = w_.powers.Revise(w_.admin, "pw_missing", 1, content, std::nullopt, w_.ctx);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);

  EXPECT_EQ(w_.Events(), events + 2);
  EXPECT_EQ(w_.powers.Revisions(created->id)->size(), 1u);
  auto read = w_.powers.Get(created->id);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->name, "食品经营许可");
  EXPECT_EQ(read->version, 1);
}

TEST_F(CatalogueListsTest, ALifeEventChangeMakesARevisionAndThePastListStaysReadable) {
  auto a = Item(w_.admin, "440802-scj-001", "企业名称自主申报", {{"申请书", true, ""}});
  auto b = Item(w_.admin, "440802-scj-002", "企业设立登记", {{"身份证明", true, ""}});
  auto c = Item(w_.admin, "440802-scj-003", "印章刻制备案", {{"营业执照", true, ""}});
  auto x = Item(w_.xs_admin, "440803-scj-001", "食品经营许可", {{"申请书", true, ""}});
  catalog::LifeEvent e;
  e.code = "KBQY-440802";
  e.name = "开办企业";
  e.audience = catalog::Audience::kEnterprise;
  e.region_code = "440802";
  e.item_ids = {a.item.id, b.item.id};
  auto created = w_.events.Create(w_.manager, e, w_.ctx);
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  const std::string id = created->event.id;

  SetDay(w_, "2025-10-10");
  std::int64_t events = w_.Events();
  catalog::LifeEvent content = created->event;
  content.item_ids.push_back(c.item.id);
  content.keywords = {"开公司"};
  auto out_of_scope = w_.events.Revise(w_.xs_manager, id, 1, content, std::nullopt, w_.ctx);
  ASSERT_FALSE(out_of_scope.has_value());
  EXPECT_EQ(out_of_scope.error().key(), "life_event.not_allowed");
  catalog::LifeEvent bad = content;
  bad.item_ids.push_back(x.item.id);
  auto refused = w_.events.Revise(w_.manager, id, 1, bad, std::nullopt, w_.ctx);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().key(), "life_event.invalid");
  ASSERT_EQ(refused.error().fields().size(), 1u);
  EXPECT_EQ(refused.error().fields()[0].pointer, "/item_ids/3") << "an item of another district";
  EXPECT_EQ(w_.Events(), events + 1) << "only the audited refusal";

  auto revised = w_.events.Revise(w_.manager, id, 1, content, std::nullopt, w_.ctx);
  ASSERT_TRUE(revised.has_value()) << revised.error().ToString();
  EXPECT_EQ(revised->event.revision, 2);
  EXPECT_EQ(revised->items.size(), 3u);
  EXPECT_EQ(revised->materials.size(), 3u) << "the merged list follows the new bundle";
  EXPECT_EQ(w_.Events(), events + 2);

  auto then = w_.events.Get(id, D("2025-10-01"));
  ASSERT_TRUE(then.has_value()) << then.error().ToString();
  EXPECT_EQ(then->event.revision, 1);
  EXPECT_EQ(then->items.size(), 2u);
  EXPECT_EQ(then->event.effective_to, D("2025-10-09"));
  LifeEventQuery past{.as_of = D("2025-10-01")};
  auto list_then = w_.events.List("440802", past);
  ASSERT_TRUE(list_then.has_value()) << list_then.error().ToString();
  ASSERT_EQ(list_then->total, 1);
  EXPECT_EQ(list_then->items[0].item_ids.size(), 2u);

  SetDay(w_, "2025-10-20");
  auto withdrawn = w_.events.Withdraw(w_.manager, id, 2, w_.ctx);
  ASSERT_TRUE(withdrawn.has_value()) << withdrawn.error().ToString();
  EXPECT_EQ(w_.events.List("440802", {})->total, 0) << "off today's list";
  past.as_of = D("2025-10-15");
  EXPECT_EQ(w_.events.List("440802", past)->total, 1) << "still on the list of 10-15";
  EXPECT_EQ(w_.events.Revisions(id)->size(), 2u);
  auto again = w_.events.Withdraw(w_.manager, id, 3, w_.ctx);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().key(), "life_event.withdrawn");
}

}  // namespace
}  // namespace zt::service
