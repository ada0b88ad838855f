// The extended catalogue (事项口径) indicators over a hand-made catalogue whose answers are
// counted by hand: 全程网办, 零跑动, 最多跑一次, 一窗, 容缺, 告知承诺, 免提交 materials, each by
// level; half-up rounding; and the item fields a formula may name (an unknown one is refused
// when the registry loads, naming it).
#include <gtest/gtest.h>

#include "zt/indicators/evaluate.h"

namespace zt::indicators {
namespace {

const Value& Find(const std::vector<Value>& all, std::string_view id) {
  for (const auto& v : all) {
    if (v.id == id) return v;
  }
  throw std::runtime_error("missing " + std::string(id));
}

catalog::Material Plain() { return {"申请表", true, ""}; }
catalog::Material ByLicence() {
  catalog::Material m{"营业执照", true, ""};
  m.licence_type_code = "yyzz";
  return m;
}
catalog::Material BySharedData() {
  catalog::Material m{"户口簿", true, ""};
  m.shared_data = "户籍信息";
  return m;
}

catalog::ServiceItem Item(std::string region, catalog::OnlineDepth depth, int visits) {
  catalog::ServiceItem item;
  item.region_code = std::move(region);
  item.elements.online_depth = depth;
  item.elements.onsite_visits = visits;
  return item;
}

// Six items at four levels:
//   1 city    440800        fully online, 0 visits, 一窗, 容缺     materials 3 (2 exempt)
//   2 county  440802        pre-review,   1 visit,  告知承诺        materials 1 (0 exempt)
//   3 town    440802001     information,  2 visits, 一窗            materials 4 (1 exempt)
//   4 village 440802001001  fully online, 0 visits, 容缺, 告知承诺  materials 0
//   5 county  440803        download,     1 visit,  告知承诺        materials 1 (1 exempt)
//   6 county  440803        information,  3 visits, 一窗            materials 7 (0 exempt)
std::vector<catalog::ServiceItem> HandMadeCatalogue() {
  using catalog::OnlineDepth;
  std::vector<catalog::ServiceItem> items;
  auto one = Item("440800", OnlineDepth::kFullyOnline, 0);
  one.elements.one_window = true;
  one.elements.tolerance = true;
  one.materials = {Plain(), ByLicence()};
  one.elements.situations = {{"企业", "", {BySharedData()}}};
  items.push_back(one);
  auto two = Item("440802", OnlineDepth::kPreReview, 1);
  two.elements.notification_commitment = true;
  two.materials = {Plain()};
  items.push_back(two);
  auto three = Item("440802001", OnlineDepth::kInformation, 2);
  three.elements.one_window = true;
  three.materials = {Plain(), Plain(), Plain()};
  three.elements.situations = {{"个人", "", {ByLicence()}}, {"单位", "", {}}};
  items.push_back(three);
  auto four = Item("440802001001", OnlineDepth::kFullyOnline, 0);
  four.elements.tolerance = true;
  four.elements.notification_commitment = true;
  items.push_back(four);
  auto five = Item("440803", OnlineDepth::kDownload, 1);
  five.elements.notification_commitment = true;
  five.materials = {BySharedData()};
  items.push_back(five);
  auto six = Item("440803", OnlineDepth::kInformation, 3);
  six.elements.one_window = true;
  six.materials = std::vector<catalog::Material>(7, Plain());
  items.push_back(six);
  return items;
}

TEST(ItemFormulasTest, EachExtendedIndicatorOverAHandMadeCatalogue) {
  auto items = HandMadeCatalogue();
  auto all = EvaluateAll(DefaultRegistry(), {}, items);

  const Value& fully_online = Find(all, "item.fully_online_rate");  // items 1, 4 of 6
  EXPECT_EQ(fully_online.numerator, 2);
  EXPECT_EQ(fully_online.denominator, 6);
  EXPECT_EQ(fully_online.value, 33.3);
  EXPECT_EQ(fully_online.formula, "count(items where online_depth=fully_online) ÷ count(items)");
  EXPECT_EQ(fully_online.name_zh, "全程网办率");

  const Value& zero = Find(all, "item.zero_visit_rate");  // 1, 4
  EXPECT_EQ(zero.numerator, 2);
  EXPECT_EQ(zero.value, 33.3);
  const Value& at_most_one = Find(all, "item.at_most_one_visit_rate");  // 1, 2, 4, 5
  EXPECT_EQ(at_most_one.numerator, 4);
  EXPECT_EQ(at_most_one.value, 66.7);                           // 66.66… half-up
  const Value& one_window = Find(all, "item.one_window_rate");  // 1, 3, 6
  EXPECT_EQ(one_window.numerator, 3);
  EXPECT_EQ(one_window.value, 50.0);

  const Value& tolerance = Find(all, "item.tolerance_items");  // 1, 4
  EXPECT_EQ(tolerance.value, 2.0);
  EXPECT_FALSE(tolerance.has_denominator);
  const Value& commitment = Find(all, "item.commitment_items");  // 2, 4, 5
  EXPECT_EQ(commitment.value, 3.0);
  EXPECT_FALSE(commitment.has_denominator);

  // 免提交: 2 + 0 + 1 + 0 + 1 + 0 = 4 of 3 + 1 + 4 + 0 + 1 + 7 = 16 materials: 25.0%.
  const Value& exempt = Find(all, "item.exempt_material_rate");
  EXPECT_EQ(exempt.numerator, 4);
  EXPECT_EQ(exempt.denominator, 16);
  EXPECT_EQ(exempt.value, 25.0);
  EXPECT_EQ(exempt.formula, "sum(exempt_material_count of items) ÷ sum(material_count of items)");
}

TEST(ItemFormulasTest, RatesRoundHalfUpAndNothingIsNoValue) {
  // One exempt material of sixteen is 6.25%: half-up gives 6.3, not the truncated 6.2.
  catalog::ServiceItem item = Item("440802", catalog::OnlineDepth::kInformation, 2);
  item.materials = std::vector<catalog::Material>(15, Plain());
  item.materials.push_back(ByLicence());
  std::vector<catalog::ServiceItem> items{item};
  EXPECT_EQ(Find(EvaluateAll(DefaultRegistry(), {}, items), "item.exempt_material_rate").value,
            6.3);
  // Seven items, one of them fully online: 14.285…% → 14.3; five of seven one-window
  // items: 71.428…% → 71.4.
  std::vector<catalog::ServiceItem> seven(7, Item("440802", catalog::OnlineDepth::kDownload, 1));
  seven[0].elements.online_depth = catalog::OnlineDepth::kFullyOnline;
  for (int i = 0; i < 5; ++i) seven[i].elements.one_window = true;
  auto all = EvaluateAll(DefaultRegistry(), {}, seven);
  EXPECT_EQ(Find(all, "item.fully_online_rate").value, 14.3);
  EXPECT_EQ(Find(all, "item.one_window_rate").value, 71.4);
  // An item without materials: no share of materials (0 ÷ 0), not 0%.
  std::vector<catalog::ServiceItem> bare{Item("440802", catalog::OnlineDepth::kDownload, 1)};
  auto none = EvaluateAll(DefaultRegistry(), {}, bare);
  EXPECT_FALSE(Find(none, "item.exempt_material_rate").value.has_value());
  EXPECT_EQ(Find(none, "item.tolerance_items").value, 0.0);
  // No items at all: every rate is no value, every count 0.
  auto empty = EvaluateAll(DefaultRegistry(), {}, {});
  EXPECT_FALSE(Find(empty, "item.zero_visit_rate").value.has_value());
  EXPECT_EQ(Find(empty, "item.commitment_items").value, 0.0);
}

TEST(ItemFormulasTest, TheLevelOfAnItemIsItsRegions) {
  auto items = HandMadeCatalogue();
  EXPECT_EQ(ItemLevel(items[0]), "city");
  EXPECT_EQ(ItemLevel(items[1]), "county");
  EXPECT_EQ(ItemLevel(items[2]), "town");
  EXPECT_EQ(ItemLevel(items[3]), "village");
  EXPECT_EQ(ItemLevel(Item("440000", catalog::OnlineDepth::kDownload, 1)), "province");
  EXPECT_EQ(ItemLevel(Item("44x", catalog::OnlineDepth::kDownload, 1)), "");
  // A formula may filter by level: one town item of six, three county items.
  DefinitionText text{"item.town_share", "乡镇级事项比例",
                      "Town items",      "",
                      "items",           "count(items where level=town)",
                      "count(items)"};
  auto registry = LoadRegistry(std::span(&text, 1));
  ASSERT_TRUE(registry.has_value()) << registry.error().ToString();
  EXPECT_EQ(Evaluate(registry->definitions()[0], {}, items).value, 16.7);
  auto county = *ParseExpression("count(items where level=county and one_window=true)");
  EXPECT_EQ(EvaluateItems(county, items), 1.0);  // item 6
}

TEST(ItemFormulasTest, TheExtendedItemDefinitionsAreScopedByLevel) {
  for (const char* id :
       {"item.fully_online_rate", "item.zero_visit_rate", "item.at_most_one_visit_rate",
        "item.one_window_rate", "item.tolerance_items", "item.commitment_items",
        "item.exempt_material_rate", "item.online_rate", "item.published"}) {
    const Definition* d = DefaultRegistry().Find(id);
    ASSERT_NE(d, nullptr) << id;
    EXPECT_EQ(d->basis, Basis::kItems) << id;
    EXPECT_EQ(d->scope, (std::vector<std::string>{"region", "department", "level"})) << id;
  }
}

TEST(ItemFormulasTest, AnUnknownItemFieldIsRefusedByName) {
  // Each new field is known to items ...
  for (const char* formula :
       {"count(items where online_depth=fully_online)", "count(items where onsite_visits=0)",
        "count(items where at_most_one_visit=true)", "count(items where one_window=true)",
        "count(items where tolerance=true)", "count(items where notification_commitment=true)",
        "count(items where level=village)", "sum(material_count of items)",
        "sum(exempt_material_count of items)"}) {
    EXPECT_TRUE(ParseExpression(formula).has_value()) << formula;
  }
  // ... and a misspelt or case-only one is refused with its name.
  struct Refused {
    const char* formula;
    const char* named;
  };
  for (const Refused& r : {Refused{"count(items where visits=0)", "'visits'"},
                           Refused{"sum(materials of items)", "'materials'"},
                           Refused{"count(items where channel=online)", "'channel'"},
                           Refused{"sum(exempt_material_count of application.concluded)",
                                   "'exempt_material_count'"}}) {
    DefinitionText text{"item.broken", "坏", "Broken", "", "items", r.formula, "count(items)"};
    if (std::string_view(r.formula).find("application.") != std::string_view::npos) {
      text.basis = "cases";
      text.denominator = "count(application.submitted)";
    }
    auto loaded = LoadRegistry(std::span(&text, 1));
    ASSERT_FALSE(loaded.has_value()) << r.formula;
    EXPECT_EQ(loaded.error().key(), "indicator.unknown_field") << r.formula;
    EXPECT_NE(loaded.error().detail().find(r.named), std::string::npos) << loaded.error().detail();
    EXPECT_NE(loaded.error().detail().find("item.broken"), std::string::npos);
  }
}

}  // namespace
}  // namespace zt::indicators
