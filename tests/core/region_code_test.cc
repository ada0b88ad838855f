#include "zt/core/region_code.h"

#include <gtest/gtest.h>

#include "expect_error.h"

namespace zt {
namespace {

using zt::testing::FailsOnField;

RegionCode Code(std::string_view text) {
  auto code = RegionCode::Parse(text);
  EXPECT_TRUE(code) << text << ": " << code.error().ToString();
  return code.value_or(RegionCode());
}

TEST(RegionCodeTest, LevelsFromShape) {
  EXPECT_EQ(Code("440000").level(), RegionLevel::kProvince);
  EXPECT_EQ(Code("440800").level(), RegionLevel::kPrefecture);
  EXPECT_EQ(Code("440802").level(), RegionLevel::kCounty);
  EXPECT_EQ(Code("445381001").level(), RegionLevel::kTownship);
  EXPECT_EQ(Code("445381001001").level(), RegionLevel::kVillage);
  EXPECT_EQ(Code("429004").level(), RegionLevel::kCounty);  // 仙桃市, 省直辖县级
}

TEST(RegionCodeTest, LevelNames) {
  EXPECT_EQ(RegionLevelName(RegionLevel::kProvince), "province");
  EXPECT_EQ(RegionLevelName(RegionLevel::kPrefecture), "prefecture");
  EXPECT_EQ(RegionLevelName(RegionLevel::kCounty), "county");
  EXPECT_EQ(RegionLevelName(RegionLevel::kTownship), "township");
  EXPECT_EQ(RegionLevelName(RegionLevel::kVillage), "village");
}

TEST(RegionCodeTest, RejectsBadShapes) {
  for (std::string_view text : {"", "44080", "4408021", "44080200", "4408020011", "44080200100",
                                "4408020010011", "000000", "00080200",
                                "440002",  // county part without a prefecture part
                                "44a802", " 440802", "440802 ", "４４０８０２",
                                "440802000001",  // village without a township
                                "000000001"}) {
    EXPECT_TRUE(FailsOnField(RegionCode::Parse(text), "region.format")) << text;
  }
}

TEST(RegionCodeTest, StatisticsBureauPaddingIsDropped) {
  EXPECT_EQ(Code("440802000000").value(), "440802");
  EXPECT_EQ(Code("440802000").value(), "440802");
  EXPECT_EQ(Code("440000000000").value(), "440000");
  EXPECT_EQ(Code("445381001000").value(), "445381001");
  EXPECT_EQ(Code("440802000000"), Code("440802"));
}

TEST(RegionCodeTest, ContainsFollowsTheHierarchy) {
  const RegionCode guangdong = Code("440000");
  const RegionCode zhanjiang = Code("440800");
  const RegionCode chikan = Code("440802");
  const RegionCode luoding = Code("445381");
  const RegionCode luocheng = Code("445381001");
  const RegionCode village = Code("445381001001");

  EXPECT_TRUE(guangdong.Contains(zhanjiang));
  EXPECT_TRUE(guangdong.Contains(chikan));
  EXPECT_TRUE(guangdong.Contains(village));
  EXPECT_TRUE(zhanjiang.Contains(chikan));
  EXPECT_TRUE(zhanjiang.Contains(zhanjiang));  // a region contains itself
  EXPECT_TRUE(luoding.Contains(luocheng));
  EXPECT_TRUE(luoding.Contains(village));
  EXPECT_TRUE(luocheng.Contains(village));

  EXPECT_FALSE(chikan.Contains(zhanjiang));  // never upwards
  EXPECT_FALSE(zhanjiang.Contains(guangdong));
  EXPECT_FALSE(zhanjiang.Contains(luoding));  // 云浮市, not 湛江市
  EXPECT_FALSE(chikan.Contains(Code("440803")));
  EXPECT_FALSE(luocheng.Contains(Code("445381002")));
  EXPECT_FALSE(Code("110000").Contains(chikan));
  EXPECT_FALSE(RegionCode().Contains(chikan));
}

TEST(RegionCodeTest, TownshipDirectlyUnderPrefectureCity) {
  // 东莞市 has no counties: its townships hang off the prefecture code.
  const RegionCode dongguan = Code("441900");
  const RegionCode dongcheng = Code("441900003");
  EXPECT_EQ(dongguan.level(), RegionLevel::kPrefecture);
  EXPECT_TRUE(dongguan.Contains(dongcheng));
  EXPECT_EQ(dongcheng.Parent(), dongguan);
}

TEST(RegionCodeTest, ParentGoesUpOneLevel) {
  EXPECT_EQ(Code("445381001001").Parent().value(), "445381001");
  EXPECT_EQ(Code("445381001").Parent().value(), "445381");
  EXPECT_EQ(Code("445381").Parent().value(), "445300");
  EXPECT_EQ(Code("445300").Parent().value(), "440000");
  EXPECT_EQ(Code("440000").Parent().value(), "440000");  // a province returns itself
}

}  // namespace
}  // namespace zt
