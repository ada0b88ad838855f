#include "zt/core/credit_code.h"

#include <string>

#include <gtest/gtest.h>

#include "expect_error.h"

namespace zt {
namespace {

using zt::testing::FailsOnField;

constexpr std::string_view kValid = "91350100M000100Y43";  // STANDARDS.md §14.3 test vector
constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

TEST(CreditCodeTest, ParsesStandardTestVector) {
  auto code = CreditCode::Parse(kValid);
  ASSERT_TRUE(code) << code.error().ToString();
  EXPECT_EQ(code->value(), kValid);
  EXPECT_EQ(code->organization_code(), "M000100Y4");
  EXPECT_EQ(code->region_prefix(), "350100");
  EXPECT_TRUE(code->organization_code_valid());
}

TEST(CreditCodeTest, LowercaseIsNormalised) {
  auto code = CreditCode::Parse("91350100m000100y43");
  ASSERT_TRUE(code) << code.error().ToString();
  EXPECT_EQ(code->value(), kValid);
}

TEST(CreditCodeTest, CheckCharMatchesVector) {
  EXPECT_EQ(CreditCodeCheckChar("91350100M000100Y4").value(), '3');
  EXPECT_EQ(CreditCodeCheckChar("91440802MA0000001").value(), 'B');
  EXPECT_TRUE(FailsOnField(CreditCodeCheckChar("91350100M000100Y"), "credit_code.length"));
  EXPECT_TRUE(FailsOnField(CreditCodeCheckChar("91350100M000100YI"), "credit_code.characters"));
}

TEST(CreditCodeTest, EverySingleCharacterChangeIsDetected) {
  const std::string valid(kValid);
  for (std::size_t pos = 0; pos < valid.size(); ++pos) {
    for (char c : kCharset) {
      if (c == valid[pos]) continue;
      std::string changed = valid;
      changed[pos] = c;
      EXPECT_TRUE(FailsOnField(CreditCode::Parse(changed), "credit_code.check_digit")) << changed;
    }
  }
}

TEST(CreditCodeTest, ForbiddenLettersAreRejected) {
  for (char forbidden : std::string_view("IOSVZiosvz")) {
    for (std::size_t pos : {0u, 8u, 17u}) {
      std::string changed(kValid);
      changed[pos] = forbidden;
      EXPECT_TRUE(FailsOnField(CreditCode::Parse(changed), "credit_code.characters")) << changed;
    }
  }
  EXPECT_TRUE(FailsOnField(CreditCode::Parse("91350100M000100Y4-"), "credit_code.characters"));
  EXPECT_TRUE(FailsOnField(CreditCode::Parse("91350100M000100Y4 "), "credit_code.characters"));
}

TEST(CreditCodeTest, LengthErrors) {
  EXPECT_TRUE(FailsOnField(CreditCode::Parse(""), "credit_code.length"));
  EXPECT_TRUE(FailsOnField(CreditCode::Parse("91350100M000100Y4"), "credit_code.length"));
  EXPECT_TRUE(FailsOnField(CreditCode::Parse("91350100M000100Y433"), "credit_code.length"));
}

TEST(CreditCodeTest, FujianPilotCodeFailingTheStandardCheckIsRefused) {
  // STANDARDS.md §14.3 caveat: a real early pilot code that does not satisfy the check.
  // Parse refuses it; an allow-list belongs to the service layer.
  EXPECT_TRUE(FailsOnField(CreditCode::Parse("91350100M0001TGQXM"), "credit_code.check_digit"));
}

TEST(CreditCodeTest, EmbeddedOrganisationCodeIsReportedNotEnforced) {
  // MA0000001: the GB 11714 check of MA000000 is 7, not 1.
  auto code = CreditCode::Parse("91440802MA0000001B");
  ASSERT_TRUE(code) << code.error().ToString();
  EXPECT_FALSE(code->organization_code_valid());
  EXPECT_TRUE(FailsOnField(ValidateOrganizationCode(code->organization_code()),
                           "organization_code.check_digit"));
}

TEST(OrganizationCodeTest, CheckCharacterIncludingXAndZero) {
  EXPECT_EQ(OrganizationCodeCheckChar("M000100Y").value(), '4');
  EXPECT_EQ(OrganizationCodeCheckChar("MA000004").value(), 'X');  // 11 - r == 10
  EXPECT_EQ(OrganizationCodeCheckChar("MA000009").value(), '0');  // 11 - r == 11
  EXPECT_TRUE(ValidateOrganizationCode("MA000004X"));
  EXPECT_TRUE(ValidateOrganizationCode("MA0000090"));
  EXPECT_TRUE(FailsOnField(ValidateOrganizationCode("MA0000091"), "organization_code.check_digit"));
  EXPECT_TRUE(FailsOnField(ValidateOrganizationCode("MA000009"), "organization_code.length"));
  EXPECT_TRUE(FailsOnField(ValidateOrganizationCode("MA00000-0"), "organization_code.characters"));
  EXPECT_TRUE(FailsOnField(ValidateOrganizationCode("MA000004Y"), "organization_code.characters"));
}

TEST(CreditCodeTest, GeneratedCodesRoundTrip) {
  // How seeders make valid codes: 17 characters + CreditCodeCheckChar.
  for (std::string first17 : {"91440800MA4UXXXX0", "12440800007000000", "Y1445381MB2C3D4E5"}) {
    auto check = CreditCodeCheckChar(first17);
    ASSERT_TRUE(check) << first17;
    EXPECT_TRUE(CreditCode::Parse(first17 + *check)) << first17 << *check;
  }
}

}  // namespace
}  // namespace zt
