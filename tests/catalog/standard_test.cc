// The standard item → implementation rules of catalog/standard.h: validation, the locked
// elements and the drift comparison.
#include "zt/catalog/standard.h"

#include <gtest/gtest.h>

namespace zt::catalog {
namespace {

StandardItem GoodStandard() {
  StandardItem s;
  s.id = "s_1";
  s.basic_code = "XK00123001";
  s.name = "食品经营许可";
  s.type = ItemType::kLicensing;
  s.competent_department = "市场监督管理局";
  s.legal_basis = "《中华人民共和国食品安全法》第三十五条：国家对食品生产经营实行许可制度。";
  s.statutory_limit_wd = 20;
  s.level = Level::kCity;
  s.region_code = "440800";
  s.version = 3;
  return s;
}

bool HasField(const Error& e, const std::string& pointer, const std::string& key) {
  for (const auto& f : e.fields()) {
    if (f.pointer == pointer && f.key == key) return true;
  }
  return false;
}

TEST(StandardItemTest, AcceptsAWellFormedStandard) {
  EXPECT_TRUE(Validate(GoodStandard()).has_value());
}

TEST(StandardItemTest, ReportsEveryMissingLockedElement) {
  StandardItem s = GoodStandard();
  s.basic_code = "X1";
  s.competent_department.clear();
  s.legal_basis.clear();
  s.statutory_limit_wd = 400;
  auto st = Validate(s);
  ASSERT_FALSE(st.has_value());
  EXPECT_TRUE(HasField(st.error(), "/basic_code", "standard.basic_code_format"));
  EXPECT_TRUE(
      HasField(st.error(), "/competent_department", "standard.competent_department_required"));
  EXPECT_TRUE(HasField(st.error(), "/legal_basis", "standard.legal_basis_required"));
  EXPECT_TRUE(HasField(st.error(), "/statutory_limit_wd", "item.limit_range"));
}

TEST(StandardItemTest, IsDefinedAtProvinceOrCityOnly) {
  StandardItem s = GoodStandard();
  s.level = Level::kProvince;
  EXPECT_TRUE(Validate(s).has_value());
  s.level = Level::kCounty;
  auto st = Validate(s);
  ASSERT_FALSE(st.has_value());
  EXPECT_TRUE(HasField(st.error(), "/level", "standard.level_not_defining"));
}

TEST(LevelTest, MapsRegionLevelsAndNames) {
  EXPECT_EQ(LevelOfRegion("prefecture"), Level::kCity);
  EXPECT_EQ(LevelOfRegion("township"), Level::kTown);
  EXPECT_EQ(LevelOfRegion("village"), Level::kVillage);
  EXPECT_FALSE(LevelOfRegion("district").has_value());
  for (Level l : {Level::kProvince, Level::kCity, Level::kCounty, Level::kTown, Level::kVillage}) {
    EXPECT_EQ(ParseLevel(LevelName(l)).value(), l);
  }
  EXPECT_FALSE(ParseLevel("state").has_value());
}

TEST(LevelTest, AnImplementationIsNeverAboveItsStandard) {
  StandardItem city = GoodStandard();
  EXPECT_TRUE(CheckImplementingLevel(city, Level::kCity).has_value());
  EXPECT_TRUE(CheckImplementingLevel(city, Level::kVillage).has_value());
  auto above = CheckImplementingLevel(city, Level::kProvince);
  ASSERT_FALSE(above.has_value());
  EXPECT_EQ(above.error().key(), "standard.level_above");
}

TEST(ImplementationTest, ApplyingTheStandardCopiesEveryLockedElement) {
  StandardItem s = GoodStandard();
  ServiceItem item;
  item.name = "a local name";
  item.type = ItemType::kPublicService;
  item.statutory_limit_wd = 60;
  item.promised_limit_wd = 5;
  Implementation impl;
  impl.address = "赤坎区政务服务中心";
  ApplyLockedElements(s, item, impl);
  EXPECT_EQ(item.name, s.name);
  EXPECT_EQ(item.type, s.type);
  EXPECT_EQ(item.statutory_limit_wd, 20);
  EXPECT_EQ(item.promised_limit_wd, 5);  // local: untouched
  EXPECT_EQ(impl.address, "赤坎区政务服务中心");
  EXPECT_EQ(impl.standard_id, "s_1");
  EXPECT_EQ(impl.standard_version, 3);
  EXPECT_EQ(impl.legal_basis, s.legal_basis);
  EXPECT_TRUE(CompareWithStandard(s, item, impl).empty());
}

TEST(ImplementationTest, DriftNamesEachDifferingLockedElementButNoLocalOne) {
  StandardItem s = GoodStandard();
  ServiceItem item;
  Implementation impl;
  ApplyLockedElements(s, item, impl);
  impl.address = "anywhere";
  impl.windows = {"1号窗口"};
  item.promised_limit_wd = 1;
  EXPECT_TRUE(CompareWithStandard(s, item, impl).empty());

  item.name = "食品经营许可（变更）";
  impl.legal_basis = "old basis";
  item.statutory_limit_wd = 30;
  auto drift = CompareWithStandard(s, item, impl);
  ASSERT_EQ(drift.size(), 3u);
  EXPECT_EQ(drift[0].element, "name");
  EXPECT_EQ(drift[0].standard_value, "食品经营许可");
  EXPECT_EQ(drift[0].implementation_value, "食品经营许可（变更）");
  EXPECT_EQ(drift[1].element, "legal_basis");
  EXPECT_EQ(drift[2].element, "statutory_limit_wd");
  EXPECT_EQ(drift[2].standard_value, "20");
  EXPECT_EQ(drift[2].implementation_value, "30");
  for (const auto& d : drift) EXPECT_TRUE(IsLockedElement(d.element));
  EXPECT_FALSE(IsLockedElement("address"));
  EXPECT_FALSE(IsLockedElement("promised_limit_wd"));
}

TEST(LocalElementsTest, LimitsWindowsAndLengths) {
  LocalElements local;
  local.windows = {"1号窗口", ""};
  local.address = std::string(501, 'a');
  auto st = ValidateLocal(local);
  ASSERT_FALSE(st.has_value());
  EXPECT_TRUE(HasField(st.error(), "/windows/1", "item.window_length"));
  EXPECT_TRUE(HasField(st.error(), "/address", "item.local_length"));
  local.windows = {"1号窗口"};
  local.address = "人民大道 1 号";
  EXPECT_TRUE(ValidateLocal(local).has_value());
}

TEST(ClaimCountTest, CountsExpectedAndClaimedPerDepartmentAndRegion) {
  Instant t{};
  std::vector<Claim> claims = {
      {"s1", DepartmentId("440803-scj"), "440803", "m", t, "", std::nullopt},
      {"s1", DepartmentId("440802-scj"), "440802", "m", t, "a", t},
      {"s2", DepartmentId("440802-scj"), "440802", "m", t, "", std::nullopt},
      {"s2", DepartmentId("440802-gaj"), "440802", "m", t, "b", t},
  };
  auto by_department = CountClaimsByDepartment(claims);
  ASSERT_EQ(by_department.size(), 3u);
  EXPECT_EQ(by_department[0].department_id, DepartmentId("440802-gaj"));
  EXPECT_EQ(by_department[0].expected, 1);
  EXPECT_EQ(by_department[0].claimed, 1);
  EXPECT_EQ(by_department[1].department_id, DepartmentId("440802-scj"));
  EXPECT_EQ(by_department[1].expected, 2);
  EXPECT_EQ(by_department[1].claimed, 1);
  EXPECT_EQ(by_department[2].claimed, 0);
  auto by_region = CountClaimsByRegion(claims);
  ASSERT_EQ(by_region.size(), 2u);
  EXPECT_EQ(by_region[0].region_code, "440802");
  EXPECT_EQ(by_region[0].expected, 3);
  EXPECT_EQ(by_region[0].claimed, 2);
  EXPECT_EQ(by_region[1].expected, 1);
  EXPECT_EQ(by_region[1].claimed, 0);
  EXPECT_TRUE(by_region[0].department_id.empty());
}

}  // namespace
}  // namespace zt::catalog
