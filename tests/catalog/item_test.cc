#include "zt/catalog/item.h"

#include <gtest/gtest.h>

namespace zt::catalog {
namespace {

ServiceItem GoodItem() {
  ServiceItem item;
  item.code = "440800-scj-001";
  item.name = "食品经营许可";
  item.department_id = DepartmentId("440800-scj");
  item.region_code = "440800";
  item.statutory_limit_wd = 20;
  item.promised_limit_wd = 5;
  item.materials = {{"申请表", true, ""}};
  return item;
}

bool HasField(const Error& e, const std::string& pointer, const std::string& key) {
  for (const auto& f : e.fields()) {
    if (f.pointer == pointer && f.key == key) return true;
  }
  return false;
}

TEST(ServiceItemTest, AcceptsAWellFormedItem) { EXPECT_TRUE(Validate(GoodItem()).has_value()); }

TEST(ServiceItemTest, PromisedLimitMayNotExceedStatutory) {
  auto item = GoodItem();
  item.promised_limit_wd = 21;
  auto s = Validate(item);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(s.error(), "/promised_limit_wd", "item.promised_exceeds_statutory"));
}

TEST(ServiceItemTest, InstantItemPromisesZeroDays) {
  auto item = GoodItem();
  item.case_kind = CaseKind::kInstant;
  auto s = Validate(item);
  ASSERT_FALSE(s.has_value());
  EXPECT_TRUE(HasField(s.error(), "/promised_limit_wd", "item.instant_promises_zero"));
  item.promised_limit_wd = 0;
  EXPECT_TRUE(Validate(item).has_value());
}

TEST(ServiceItemTest, ReportsEveryBadFieldAtOnce) {
  auto item = GoodItem();
  item.name = "";
  item.code = "x";
  item.statutory_limit_wd = 400;
  item.materials.push_back({"", true, ""});
  auto s = Validate(item);
  ASSERT_FALSE(s.has_value());
  EXPECT_TRUE(HasField(s.error(), "/name", "item.name_length"));
  EXPECT_TRUE(HasField(s.error(), "/code", "item.code_format"));
  EXPECT_TRUE(HasField(s.error(), "/statutory_limit_wd", "item.limit_range"));
  EXPECT_TRUE(HasField(s.error(), "/materials/1/name", "item.material_name_length"));
}

TEST(ServiceItemTest, MaterialTrustGradeAndLicenceTypeAreChecked) {
  auto item = GoodItem();
  item.materials[0].trust_grade = "E";
  item.materials[0].licence_type_code = "营业执照";
  auto s = Validate(item);
  ASSERT_FALSE(s.has_value());
  EXPECT_TRUE(HasField(s.error(), "/materials/0/trust_grade", "item.material_trust_grade"));
  EXPECT_TRUE(HasField(s.error(), "/materials/0/licence_type_code", "item.material_licence_type"));
  item.materials[0].trust_grade = "A";
  item.materials[0].licence_type_code = "business-licence";
  item.materials[0].secondary = true;
  EXPECT_TRUE(Validate(item).has_value());
}

TEST(ServiceItemTest, CodeRejectsSpacesAndSlashes) {
  auto item = GoodItem();
  item.code = "4408 00/abc";
  auto s = Validate(item);
  ASSERT_FALSE(s.has_value());
  EXPECT_TRUE(HasField(s.error(), "/code", "item.code_format"));
}

TEST(ItemEnumsTest, NamesRoundTrip) {
  for (auto t :
       {ItemType::kLicensing, ItemType::kConfirmation, ItemType::kPayment, ItemType::kAward,
        ItemType::kAdjudication, ItemType::kOtherPower, ItemType::kPublicService}) {
    auto parsed = ParseItemType(ItemTypeName(t));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, t);
  }
  EXPECT_EQ(ItemTypeNameZh(ItemType::kLicensing), "行政许可");
  EXPECT_EQ(ParseItemType("permit").error().key(), "item.type_unknown");
  EXPECT_EQ(*ParseItemStatus("published"), ItemStatus::kPublished);
  EXPECT_EQ(ParseCaseKind("soon").error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace zt::catalog
