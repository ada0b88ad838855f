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

TEST(ItemEnumsTest, TheTenPowerCategoriesAndPublicServiceHaveTheirCodes) {
  ASSERT_EQ(AllItemTypes().size(), 11u);
  std::vector<std::string> codes;
  for (ItemType t : AllItemTypes()) {
    codes.emplace_back(ItemTypeCode(t));
    EXPECT_EQ(*ParseItemType(ItemTypeName(t)), t);
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"01", "02", "03", "04", "05", "06", "07", "08", "09",
                                             "10", "20"}));
  EXPECT_EQ(ItemTypeNameZh(ItemType::kPenalty), "行政处罚");
  EXPECT_EQ(ItemTypeNameZh(ItemType::kInspection), "行政检查");
  EXPECT_EQ(*ParseCaseKind("reported"), CaseKind::kReported);
  EXPECT_EQ(*ParseOnlineDepth("fully_online"), OnlineDepth::kFullyOnline);
  EXPECT_EQ(ParseItemTier("leaf").error().key(), "item.tier_unknown");
  EXPECT_EQ(*ParseVersionState("superseded"), VersionState::kSuperseded);
}

TEST(ServiceItemTest, AReportedItemPromisesAtLeastOneDay) {
  auto item = GoodItem();
  item.case_kind = CaseKind::kReported;
  item.promised_limit_wd = 0;
  auto s = Validate(item);
  ASSERT_FALSE(s.has_value());
  EXPECT_TRUE(HasField(s.error(), "/promised_limit_wd", "item.promised_needs_days"));
  item.promised_limit_wd = 15;
  EXPECT_TRUE(Validate(item).has_value());
}

TEST(ItemElementsTest, TheImplementingBodysCreditCodeIsChecked) {
  auto item = GoodItem();
  item.elements.implementing_body_credit_code = "91350100M000100Y43";  // GB 32100's example
  EXPECT_TRUE(Validate(item).has_value());
  item.elements.implementing_body_credit_code = "91350100M000100Y44";  // wrong check character
  auto s = Validate(item);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().key(), "item.credit_code_invalid");
  EXPECT_TRUE(
      HasField(s.error(), "/elements/implementing_body_credit_code", "item.credit_code_invalid"));
}

TEST(ItemElementsTest, TheHierarchyNeedsParentsWhereTheyBelong) {
  auto item = GoodItem();
  item.id = ItemId("i_self");
  item.elements.tier = ItemTier::kMain;
  item.elements.parent_id = ItemId("i_other");
  EXPECT_TRUE(HasField(Validate(item).error(), "/elements/parent_id", "item.main_has_parent"));
  item.elements.tier = ItemTier::kSub;
  item.elements.parent_id = ItemId();
  EXPECT_TRUE(HasField(Validate(item).error(), "/elements/parent_id", "item.parent_required"));
  item.elements.parent_id = ItemId("i_self");
  EXPECT_TRUE(HasField(Validate(item).error(), "/elements/parent_id", "item.parent_self"));
  item.elements.parent_id = ItemId("i_other");
  EXPECT_TRUE(Validate(item).has_value());
}

TEST(ItemElementsTest, FullyOnlineMeansOnlineAndNoVisitAndToleranceNeedsASecondaryMaterial) {
  auto item = GoodItem();
  item.elements.online_depth = OnlineDepth::kFullyOnline;
  item.elements.onsite_visits = 1;
  item.online = false;
  auto s = Validate(item);
  ASSERT_FALSE(s.has_value());
  EXPECT_TRUE(HasField(s.error(), "/elements/onsite_visits", "item.fully_online_visits"));
  EXPECT_TRUE(HasField(s.error(), "/elements/online_depth", "item.fully_online_not_online"));
  item.online = true;
  item.elements.onsite_visits = 0;
  EXPECT_TRUE(Validate(item).has_value());

  item.elements.tolerance = true;
  EXPECT_TRUE(
      HasField(Validate(item).error(), "/elements/tolerance", "item.tolerance_needs_secondary"));
  Material plan{"平面图", true, ""};
  plan.secondary = true;
  item.elements.situations = {{"企业申请", "", {plan}}};
  EXPECT_TRUE(Validate(item).has_value());
}

TEST(ItemElementsTest, SituationMaterialsAndListsAreCheckedWithTheirPointers) {
  auto item = GoodItem();
  Material bad{"", true, ""};
  bad.trust_grade = "E";
  item.elements.situations = {{"", "", {bad}}};
  item.elements.legal_basis = {{"", "第一条", ""}};
  item.elements.fees = {{"", "10 元", ""}};
  item.elements.onsite_visits = 11;
  item.elements.windows = std::vector<std::string>(21, "窗口");
  auto s = Validate(item);
  ASSERT_FALSE(s.has_value());
  EXPECT_TRUE(HasField(s.error(), "/elements/situations/0/name", "item.situation_name"));
  EXPECT_TRUE(
      HasField(s.error(), "/elements/situations/0/materials/0/name", "item.material_name_length"));
  EXPECT_TRUE(HasField(s.error(), "/elements/situations/0/materials/0/trust_grade",
                       "item.material_trust_grade"));
  EXPECT_TRUE(HasField(s.error(), "/elements/legal_basis/0/law", "item.legal_basis_law"));
  EXPECT_TRUE(HasField(s.error(), "/elements/fees/0/name", "item.fee_name"));
  EXPECT_TRUE(HasField(s.error(), "/elements/onsite_visits", "item.visits_range"));
  EXPECT_TRUE(HasField(s.error(), "/elements/windows", "item.list_too_long"));
}

TEST(ItemVersionTest, InForceOnlyOncePublishedAndWithinItsDates) {
  ItemVersion v;
  v.state = VersionState::kReview;
  v.effective_from = *ParseDate("2025-10-01");
  EXPECT_FALSE(InForceAt(v, *ParseDate("2025-10-05")));  // never published
  v.state = VersionState::kPublished;
  EXPECT_FALSE(InForceAt(v, *ParseDate("2025-09-30")));
  EXPECT_TRUE(InForceAt(v, *ParseDate("2025-10-01")));
  EXPECT_TRUE(InForceAt(v, *ParseDate("2030-01-01")));  // open-ended
  v.state = VersionState::kSuperseded;
  v.effective_to = *ParseDate("2025-10-31");
  EXPECT_TRUE(InForceAt(v, *ParseDate("2025-10-31")));  // both ends inclusive
  EXPECT_FALSE(InForceAt(v, *ParseDate("2025-11-01")));
  v.effective_to = *ParseDate("2025-09-30");  // withdrawn on the day it took effect
  EXPECT_FALSE(InForceAt(v, *ParseDate("2025-10-01")));
}

}  // namespace
}  // namespace zt::catalog
