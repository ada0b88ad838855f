#include "zt/licence/licence.h"

#include <gtest/gtest.h>

#include "expect_error.h"
#include "zt/licence/identifier.h"

namespace zt::licence {
namespace {

using zt::testing::FailsWith;

LicenceType FoodType() {
  LicenceType t;
  t.code = "11100000000013338W050";
  t.name = "食品经营许可证";
  t.department_id = "d-sj";
  t.holder_kind = HolderKind::kOrganisation;
  t.fields = {{"scope", "经营范围", FieldKind::kText, true, 20},
              {"premises", "经营场所", FieldKind::kText, true, 200},
              {"capital", "注册资本", FieldKind::kNumber, false, 20},
              {"approved_on", "核准日期", FieldKind::kDate, false, 10}};
  t.validity_years = 5;
  t.opened = true;
  return t;
}

LicenceContent FoodLicence() {
  LicenceContent c;
  c.id =
      LicenceId::Make("11100000000013338W050", "11440800007000000X", "2026000001", "001")->text();
  c.type_code = "11100000000013338W050";
  c.type_name = "食品经营许可证";
  c.number = "JY14408020000001";
  c.holder_kind = HolderKind::kOrganisation;
  c.holder_name = "湛江市霞山区海鲜酒楼有限公司";
  c.holder_id = "91350100M000100Y43";
  c.issuer_name = "湛江市市场监督管理局";
  c.issuer_code = "11440800007000000X";
  c.region_code = "440800";
  c.issue_date = *ParseDate("2026-03-01");
  c.valid_from = c.issue_date;
  c.valid_until = ParseDate("2031-02-28").value();
  c.issued_at = *ParseInstant("2026-03-01T09:30:00+08:00");
  c.status_index = 42;
  c.fields = {{"scope", "预包装食品销售"}, {"premises", "霞山区人民大道南 1 号"}};
  return c;
}

bool HasField(const Status& s, std::string_view pointer, std::string_view key) {
  if (s) return false;
  for (const auto& f : s.error().fields()) {
    if (f.pointer == pointer && f.key == key) return true;
  }
  return false;
}

TEST(LicenceTypeTest, ValidTypePasses) { EXPECT_TRUE(ValidateLicenceType(FoodType())); }

TEST(LicenceTypeTest, NamesEveryBadField) {
  LicenceType t = FoodType();
  t.code = "abc";
  t.name = "";
  t.fields.push_back({"scope", "重复", FieldKind::kText, true, 10});
  t.fields.push_back({"Bad-Name", "x", FieldKind::kText, true, 0});
  t.validity_years = -1;
  Status s = ValidateLicenceType(t);
  EXPECT_TRUE(HasField(s, "/code", "licence_type.code"));
  EXPECT_TRUE(HasField(s, "/name", "licence_type.name"));
  EXPECT_TRUE(HasField(s, "/fields/4/name", "licence_type.field_duplicate"));
  EXPECT_TRUE(HasField(s, "/fields/5/name", "licence_type.field_name"));
  EXPECT_TRUE(HasField(s, "/fields/5/max_length", "licence_type.field_length"));
  EXPECT_TRUE(HasField(s, "/validity_years", "licence_type.validity"));
}

TEST(LicenceContentTest, ValidContentPasses) {
  Status s = ValidateContent(FoodType(), FoodLicence());
  EXPECT_TRUE(s) << s.error().ToString();
}

TEST(LicenceContentTest, FieldRulesOfTheType) {
  LicenceContent c = FoodLicence();
  c.fields.erase("premises");
  c.fields["scope"] = std::string(21, 'x');
  c.fields["capital"] = "12,000";
  c.fields["approved_on"] = "2026-02-30";
  c.fields["colour"] = "red";
  Status s = ValidateContent(FoodType(), c);
  EXPECT_TRUE(HasField(s, "/fields/premises", "licence.field_required"));
  EXPECT_TRUE(HasField(s, "/fields/scope", "licence.field_length"));
  EXPECT_TRUE(HasField(s, "/fields/capital", "licence.field_number"));
  EXPECT_TRUE(HasField(s, "/fields/approved_on", "licence.field_date"));
  EXPECT_TRUE(HasField(s, "/fields/colour", "licence.field_unknown"));
}

TEST(LicenceContentTest, HolderIdMustMatchHolderKind) {
  LicenceContent c = FoodLicence();
  c.holder_id = "440802199001011238";  // an ID number where a credit code belongs
  EXPECT_TRUE(HasField(ValidateContent(FoodType(), c), "/holder_id", "licence.holder_id"));
  c = FoodLicence();
  c.holder_kind = HolderKind::kPerson;
  EXPECT_TRUE(HasField(ValidateContent(FoodType(), c), "/holder_kind", "licence.holder_kind"));
}

TEST(LicenceContentTest, LineBreaksAreRefusedSoTheCanonicalFormStaysUnambiguous) {
  LicenceContent c = FoodLicence();
  c.fields["scope"] = "食品\nfield.premises=伪造";
  EXPECT_TRUE(HasField(ValidateContent(FoodType(), c), "/fields/scope", "licence.field_control"));
  c = FoodLicence();
  c.holder_name = "甲\r乙";
  EXPECT_TRUE(HasField(ValidateContent(FoodType(), c), "/holder_name", "licence.holder_name"));
}

TEST(LicenceContentTest, WrongCheckCharacterInContent) {
  LicenceContent c = FoodLicence();
  c.id.back() = c.id.back() == 'A' ? 'B' : 'A';
  EXPECT_TRUE(HasField(ValidateContent(FoodType(), c), "/id", "licence_id.check_character"));
}

TEST(CanonicalContentTest, ExactBytes) {
  LicenceContent c = FoodLicence();
  std::string expected =
      "zt-licence-v1\n"
      "id=" +
      c.id +
      "\n"
      "type_code=11100000000013338W050\n"
      "type_name=食品经营许可证\n"
      "number=JY14408020000001\n"
      "holder_kind=organisation\n"
      "holder_id_kind=001\n"
      "holder_id=91350100M000100Y43\n"
      "holder_name=湛江市霞山区海鲜酒楼有限公司\n"
      "issuer_code=11440800007000000X\n"
      "issuer_name=湛江市市场监督管理局\n"
      "region_code=440800\n"
      "issue_date=2026-03-01\n"
      "valid_from=2026-03-01\n"
      "valid_until=2031-02-28\n"
      "issued_at=1772328600000\n"
      "status_index=42\n"
      "field.premises=霞山区人民大道南 1 号\n"
      "field.scope=预包装食品销售\n";
  EXPECT_EQ(CanonicalContent(c), expected);
  c.valid_until.reset();
  EXPECT_NE(CanonicalContent(c).find("\nvalid_until=\n"), std::string::npos);
}

TEST(ValidityTest, YearsFromIssueDate) {
  LicenceType t = FoodType();
  EXPECT_EQ(ValidUntil(t, *ParseDate("2026-03-01"))->ToString(), "2031-02-28");
  EXPECT_EQ(ValidUntil(t, *ParseDate("2024-02-29"))->ToString(), "2029-02-28");
  t.validity_years = 4;
  EXPECT_EQ(ValidUntil(t, *ParseDate("2024-02-29"))->ToString(), "2028-02-28");
  t.validity_years = 0;
  EXPECT_FALSE(ValidUntil(t, *ParseDate("2026-03-01")));
}

TEST(StatusTest, Transitions) {
  EXPECT_EQ(NextStatus(LicenceStatus::kValid, StatusAction::kSuspend), LicenceStatus::kSuspended);
  EXPECT_EQ(NextStatus(LicenceStatus::kSuspended, StatusAction::kReinstate), LicenceStatus::kValid);
  EXPECT_EQ(NextStatus(LicenceStatus::kSuspended, StatusAction::kRevoke), LicenceStatus::kRevoked);
  EXPECT_EQ(NextStatus(LicenceStatus::kValid, StatusAction::kExpire), LicenceStatus::kExpired);
  for (auto final_status : {LicenceStatus::kRevoked, LicenceStatus::kExpired}) {
    for (auto a : {StatusAction::kSuspend, StatusAction::kReinstate, StatusAction::kRevoke,
                   StatusAction::kExpire}) {
      EXPECT_TRUE(FailsWith(NextStatus(final_status, a), ErrorCode::kFailedPrecondition,
                            "licence.status_transition"));
    }
  }
  EXPECT_TRUE(FailsWith(NextStatus(LicenceStatus::kValid, StatusAction::kReinstate),
                        ErrorCode::kFailedPrecondition, "licence.status_transition"));
}

TEST(StatusTest, ReasonAndReferenceRequired) {
  EXPECT_TRUE(ValidateStatusChange("吊销: 无证经营", "湛市监罚〔2026〕12号"));
  Status s = ValidateStatusChange("", "");
  EXPECT_TRUE(HasField(s, "/reason", "licence.reason"));
  EXPECT_TRUE(HasField(s, "/reference", "licence.reference"));
}

}  // namespace
}  // namespace zt::licence
