// The pure parts of the 权责清单, life events and the ranked search index.
#include <gtest/gtest.h>

#include "zt/catalog/life_event.h"
#include "zt/catalog/power_list.h"
#include "zt/catalog/search_index.h"

namespace zt::catalog {
namespace {

TEST(PowerListTest, CountsComeFromTheItemsAndListEveryCategory) {
  std::vector<PowerItem> items(5);
  items[0].category_code = "02";
  items[1].category_code = "02";
  items[2].category_code = "06";
  items[3].category_code = "03";
  items[4].category_code = "02";
  items[4].category_list = "other-list";
  PowerListCounts counts = CountByCategory(items, "2015");
  EXPECT_EQ(counts.total, 4);
  ASSERT_EQ(counts.categories.size(), 10u);
  EXPECT_EQ(counts.categories[1].code, "02");
  EXPECT_EQ(counts.categories[1].name_zh, "行政处罚");
  EXPECT_EQ(counts.categories[1].count, 2);
  EXPECT_EQ(counts.categories[2].count, 1);
  EXPECT_EQ(counts.categories[5].count, 1);
  EXPECT_EQ(counts.categories[9].name_zh, "其他行政权力");
}

TEST(PowerListTest, StagesParseByNameOrChineseName) {
  EXPECT_EQ(*ParseDutyStage("事后监管"), DutyStage::kSupervise);
  EXPECT_EQ(*ParseDutyStage("deliver"), DutyStage::kDeliver);
  EXPECT_FALSE(ParseDutyStage("监督").has_value());
  EXPECT_EQ(DutyStageNameZh(DutyStage::kAccept), "受理");
}

TEST(LifeEventTest, MaterialsMergeAcrossPunctuationAndWhitespace) {
  EXPECT_EQ(MaterialKey("《营业执照》（副本）"), MaterialKey("营业执照 (副本)"));
  EXPECT_NE(MaterialKey("营业执照（正本）"), MaterialKey("营业执照（副本）"));
  ServiceItem a, b;
  a.id = ItemId("a");
  b.id = ItemId("b");
  a.materials = {{"申请书", false, "", true}, {"身份证明", true, ""}};
  b.materials = {{"申请书", true, "", true}, {"住所证明", true, "", false, "", "LIC01"}};
  auto combined = CombineMaterials({a, b});
  ASSERT_EQ(combined.size(), 3u);
  EXPECT_TRUE(combined[0].required);
  EXPECT_TRUE(combined[0].secondary) << "secondary in both items";
  EXPECT_EQ(combined[0].item_ids, (std::vector<ItemId>{ItemId("a"), ItemId("b")}));
  EXPECT_EQ(combined[2].licence_type_code, "LIC01");
}

TEST(LifeEventTest, ValidationReportsEveryProblem) {
  LifeEvent e;
  e.code = "x";
  e.item_ids = {ItemId("a"), ItemId("a")};
  auto status = Validate(e);
  ASSERT_FALSE(status);
  std::vector<std::string> pointers;
  for (const auto& f : status.error().fields()) pointers.push_back(f.pointer);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/code", "/name", "/item_ids/1"}));
}

SearchDocument Doc(std::string code, std::string name, std::int64_t popularity = 0) {
  SearchDocument d;
  d.item.code = std::move(code);
  d.item.name = std::move(name);
  d.item.region_code = "440802";
  d.item.status = ItemStatus::kPublished;
  d.popularity = popularity;
  return d;
}

std::vector<std::string> Names(const SearchIndex& index, RankedQuery q) {
  std::vector<std::string> out;
  for (const auto& h : index.Search(q).hits) out.push_back(h.document->item.name);
  return out;
}

TEST(PowerListTest, ARevisionNamesWhatChangedAndIsInForceWithinItsDates) {
  PowerItem before;
  before.name = "食品经营许可";
  before.category_code = "01";
  before.steps = {{DutyStage::kAccept, "受理"}};
  before.accountability = {"不予受理的"};
  PowerItem after = before;
  EXPECT_TRUE(ChangedFields(before, after).empty());
  after.steps[0].duty = "依法受理";
  after.category_code = "02";
  EXPECT_EQ(ChangedFields(before, after), (std::vector<std::string>{"category_code", "steps"}));

  before.effective_from = *ParseDate("2025-10-01");
  EXPECT_FALSE(InForceAt(before, *ParseDate("2025-09-30")));
  EXPECT_TRUE(InForceAt(before, *ParseDate("2030-01-01"))) << "open-ended";
  before.effective_to = *ParseDate("2025-10-09");
  EXPECT_TRUE(InForceAt(before, *ParseDate("2025-10-09")));
  EXPECT_FALSE(InForceAt(before, *ParseDate("2025-10-10")));
  before.effective_to = *ParseDate("2025-09-30");  // ended before it began: never in force
  EXPECT_FALSE(InForceAt(before, *ParseDate("2025-10-01")));
}

TEST(LifeEventTest, ARevisionNamesWhatChanged) {
  LifeEvent before;
  before.name = "开办企业";
  before.item_ids = {ItemId("i_1"), ItemId("i_2")};
  LifeEvent after = before;
  after.item_ids.push_back(ItemId("i_3"));
  after.keywords = {"开公司"};
  EXPECT_EQ(ChangedFields(before, after), (std::vector<std::string>{"item_ids", "keywords"}));
}

TEST(SearchIndexTest, RanksTitleAliasLifeEventKeywordThenPopularity) {
  std::vector<SearchDocument> docs{Doc("A-000001", "户籍迁移"), Doc("A-000002", "户口本补领"),
                                   Doc("A-000003", "出生医学证明办理", 5),
                                   Doc("A-000004", "新生儿预防接种", 9),
                                   Doc("A-000005", "户口登记", 3)};
  docs[2].life_events = {"新生儿出生"};
  docs[3].keywords = {"新生儿出生"};
  SearchIndex index(std::move(docs));
  EXPECT_EQ(Names(index, {.text = "户口"}),
            (std::vector<std::string>{"户口登记", "户口本补领", "户籍迁移"}))
      << "prefix titles by popularity, then the alias (户口 → 户籍)";
  EXPECT_EQ(Names(index, {.text = "新生儿出生"}),
            (std::vector<std::string>{"出生医学证明办理", "新生儿预防接种"}))
      << "the life event outranks the keyword";
  EXPECT_EQ(Names(index, {.text = "a-000004"}), (std::vector<std::string>{"新生儿预防接种"}));
  EXPECT_EQ(Names(index, {.text = "迁"}), (std::vector<std::string>{"户籍迁移"}));
  EXPECT_TRUE(Names(index, {.text = "户籍补领"}).empty()) << "bigrams must be contiguous";
  EXPECT_EQ(index.Search({.text = "", .limit = 2}).total, 5);
}

}  // namespace
}  // namespace zt::catalog
