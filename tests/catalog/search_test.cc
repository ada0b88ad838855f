#include "zt/catalog/search.h"

#include <gtest/gtest.h>

namespace zt::catalog {
namespace {

ServiceItem Item(std::string code, std::string name, std::string region = "440802",
                 std::string department = "440802-scj", ItemType type = ItemType::kLicensing,
                 ItemStatus status = ItemStatus::kPublished) {
  ServiceItem item;
  item.code = std::move(code);
  item.name = std::move(name);
  item.region_code = std::move(region);
  item.department_id = DepartmentId(std::move(department));
  item.type = type;
  item.status = status;
  return item;
}

std::vector<std::string> Codes(const std::vector<SearchHit>& hits) {
  std::vector<std::string> out;
  for (const auto& h : hits) out.push_back(h.item->code);
  return out;
}

class SearchTest : public ::testing::Test {
 protected:
  CatalogIndex index_{{
      Item("SP-001", "食品经营许可"),
      Item("SP-002", "食品经营许可变更"),
      Item("SP-003", "小餐饮食品经营登记"),
      Item("SP-004", "食品生产许可", "440803", "440803-scj"),
      Item("SB-001", "社会保障卡申领", "440802", "440802-rsj", ItemType::kPublicService),
      Item("SB-002", "社会保障卡挂失", "440802", "440802-rsj", ItemType::kPublicService),
      Item("HJ-001", "户籍迁入登记", "440802", "440802-gaj", ItemType::kConfirmation),
      Item("HJ-002", "户口迁移证明开具", "440802", "440802-gaj", ItemType::kConfirmation),
      Item("QY-001", "企业设立登记", "440802", "440802-scj"),
      Item("GT-001", "个体工商户登记", "440802", "440802-scj"),
      Item("GJJ-01", "住房公积金提取", "440802", "440802-gjj", ItemType::kPayment),
      Item("JZ-001", "机动车驾驶证换证", "440802", "440802-gaj"),
      Item("SP-DRAFT", "食品经营许可注销", "440802", "440802-scj", ItemType::kLicensing,
           ItemStatus::kDraft),
  }};
};

TEST_F(SearchTest, KeepsPublishedItemsOnly) {
  EXPECT_EQ(index_.size(), 12u);
  for (const auto& h : index_.Search({.text = "注销"})) EXPECT_NE(h.item->code, "SP-DRAFT");
}

TEST_F(SearchTest, RanksExactThenPrefixThenSubstringThenShorterName) {
  auto hits = index_.Search({.text = "食品经营许可"});
  ASSERT_EQ(Codes(hits), (std::vector<std::string>{"SP-001", "SP-002"}));
  EXPECT_EQ(hits[0].kind, MatchKind::kExactName);
  EXPECT_EQ(hits[1].kind, MatchKind::kNamePrefix);

  hits = index_.Search({.text = "食品"});
  // Prefix hits (shorter name first), then the substring hit.
  EXPECT_EQ(Codes(hits), (std::vector<std::string>{"SP-001", "SP-004", "SP-002", "SP-003"}));
  EXPECT_EQ(hits[3].kind, MatchKind::kNameSubstring);
}

TEST_F(SearchTest, TwoCharacterQueriesMatchAsSubstrings) {
  EXPECT_EQ(Codes(index_.Search({.text = "登记"})),
            (std::vector<std::string>{"HJ-001", "QY-001", "GT-001", "SP-003"}));
  EXPECT_EQ(Codes(index_.Search({.text = "挂失"})), (std::vector<std::string>{"SB-002"}));
}

TEST_F(SearchTest, OneCharacterQueryMatches) {
  EXPECT_EQ(Codes(index_.Search({.text = "证"})), (std::vector<std::string>{"HJ-002", "JZ-001"}));
}

TEST_F(SearchTest, SheBaoFindsSocialSecurityCardBySynonym) {
  auto hits = index_.Search({.text = "社保"});
  ASSERT_EQ(Codes(hits), (std::vector<std::string>{"SB-001", "SB-002"}));
  EXPECT_EQ(hits[0].kind, MatchKind::kSynonym);
  // The rest of the query must still match: 社保挂失 → 社会保障卡挂失 only.
  EXPECT_EQ(Codes(index_.Search({.text = "社保挂失"})), (std::vector<std::string>{"SB-002"}));
}

TEST_F(SearchTest, HuKouFindsNameSubstringBeforeSynonym) {
  auto hits = index_.Search({.text = "户口"});
  ASSERT_EQ(Codes(hits), (std::vector<std::string>{"HJ-002", "HJ-001"}));
  EXPECT_EQ(hits[0].kind, MatchKind::kNamePrefix);
  EXPECT_EQ(hits[1].kind, MatchKind::kSynonym);  // 户口 → 户籍
}

TEST_F(SearchTest, EverydayNamesForLicencesFundAndDrivingLicence) {
  EXPECT_EQ(Codes(index_.Search({.text = "营业执照"})),
            (std::vector<std::string>{"QY-001", "GT-001"}));
  EXPECT_EQ(Codes(index_.Search({.text = "公积金"})), (std::vector<std::string>{"GJJ-01"}));
  auto driving = index_.Search({.text = "驾照"});
  ASSERT_EQ(Codes(driving), (std::vector<std::string>{"JZ-001"}));
  EXPECT_EQ(driving[0].kind, MatchKind::kSynonym);
}

TEST_F(SearchTest, CodeMatchesLastAndIgnoresCase) {
  auto hits = index_.Search({.text = "gjj-01"});
  ASSERT_EQ(Codes(hits), (std::vector<std::string>{"GJJ-01"}));
  EXPECT_EQ(hits[0].kind, MatchKind::kCode);
}

TEST_F(SearchTest, FiltersByRegionDepartmentAndType) {
  EXPECT_EQ(Codes(index_.Search({.text = "食品", .region_prefix = "440803"})),
            (std::vector<std::string>{"SP-004"}));
  EXPECT_EQ(Codes(index_.Search({.text = "登记", .department_id = DepartmentId("440802-gaj")})),
            (std::vector<std::string>{"HJ-001"}));
  EXPECT_EQ(Codes(index_.Search({.text = "登记", .type = ItemType::kConfirmation})),
            (std::vector<std::string>{"HJ-001"}));
}

TEST_F(SearchTest, TrimsSpacesIncludingIdeographicSpace) {
  EXPECT_EQ(Codes(index_.Search({.text = "\xE3\x80\x80挂失 "})),
            (std::vector<std::string>{"SB-002"}));
  EXPECT_TRUE(index_.Search({.text = "不存在的事项"}).empty());
}

TEST(SynonymTableTest, HasTheCommonEverydayNames) {
  auto has = [](std::string_view everyday, std::string_view formal) {
    for (const auto& s : EverydaySynonyms()) {
      if (s.everyday == everyday && s.formal == formal) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("社保", "社会保障卡"));
  EXPECT_TRUE(has("户口", "户籍"));
  EXPECT_TRUE(has("户口", "户口迁移"));
  EXPECT_TRUE(has("营业执照", "企业设立登记"));
  EXPECT_TRUE(has("营业执照", "个体工商户登记"));
  EXPECT_TRUE(has("公积金", "住房公积金"));
  EXPECT_TRUE(has("驾照", "机动车驾驶证"));
}

}  // namespace
}  // namespace zt::catalog
