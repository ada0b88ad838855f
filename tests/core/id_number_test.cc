#include "zt/core/id_number.h"

#include <string>

#include <gtest/gtest.h>

#include "expect_error.h"

namespace zt {
namespace {

using zt::testing::FailsOnField;

constexpr std::string_view kValid = "11010519491231002X";  // GB 11643 test vector

TEST(IdNumberTest, ParsesStandardTestVector) {
  auto id = IdNumber::Parse(kValid);
  ASSERT_TRUE(id) << id.error().ToString();
  EXPECT_EQ(id->value(), kValid);
  EXPECT_EQ(id->birth_date().ToString(), "1949-12-31");
  EXPECT_FALSE(id->is_male());  // sequence 002: even
  EXPECT_EQ(id->region_prefix(), "110105");
}

TEST(IdNumberTest, LowercaseXIsNormalised) {
  auto id = IdNumber::Parse("11010519491231002x");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->value(), "11010519491231002X");
  EXPECT_EQ(*id, *IdNumber::Parse(kValid));
}

TEST(IdNumberTest, OddSequenceDigitIsMale) {
  auto id = IdNumber::Parse("440802199001011238");
  ASSERT_TRUE(id) << id.error().ToString();
  EXPECT_TRUE(id->is_male());
  EXPECT_EQ(id->birth_date().ToString(), "1990-01-01");
}

TEST(IdNumberTest, CheckCharMatchesHandComputedValues) {
  EXPECT_EQ(IdNumberCheckChar("11010519491231002").value(), 'X');
  EXPECT_EQ(IdNumberCheckChar("44080219900101123").value(), '8');
  EXPECT_EQ(IdNumberCheckChar("44080220000229124").value(), '9');
  EXPECT_TRUE(FailsOnField(IdNumberCheckChar("1101051949123100"), "id_number.length"));
  EXPECT_TRUE(FailsOnField(IdNumberCheckChar("1101051949123100A"), "id_number.characters"));
}

TEST(IdNumberTest, EverySingleDigitChangeIsDetected) {
  const std::string valid(kValid);
  for (std::size_t pos = 0; pos < 17; ++pos) {
    for (char digit = '0'; digit <= '9'; ++digit) {
      if (digit == valid[pos]) continue;
      std::string changed = valid;
      changed[pos] = digit;
      auto result = IdNumber::Parse(changed);
      ASSERT_FALSE(result) << changed << " was accepted";
      const bool in_birth_date = pos >= 6 && pos < 14;
      if (in_birth_date && result.error().key() == "id_number.birth_date") continue;
      if (pos < 2 && result.error().key() == "id_number.region") continue;
      EXPECT_TRUE(FailsOnField(result, "id_number.check_digit")) << changed;
    }
  }
  for (char check : std::string_view("0123456789")) {
    std::string changed = valid;
    changed[17] = check;
    EXPECT_TRUE(FailsOnField(IdNumber::Parse(changed), "id_number.check_digit")) << changed;
  }
}

TEST(IdNumberTest, WrongCheckDigitIsRejected) {
  EXPECT_TRUE(FailsOnField(IdNumber::Parse("440802199001011237"), "id_number.check_digit"));
  EXPECT_TRUE(FailsOnField(IdNumber::Parse("44080219900101123X"), "id_number.check_digit"));
}

TEST(IdNumberTest, BirthDateMustExist) {
  // 2023-02-29 does not exist; the check character is right, so only the date can fail.
  const std::string feb29_2023 = "44080220230229124";
  EXPECT_TRUE(FailsOnField(IdNumber::Parse(feb29_2023 + *IdNumberCheckChar(feb29_2023)),
                           "id_number.birth_date"));
  const std::string feb29_1900 = "44080219000229124";  // 1900 is not a leap year
  EXPECT_TRUE(FailsOnField(IdNumber::Parse(feb29_1900 + *IdNumberCheckChar(feb29_1900)),
                           "id_number.birth_date"));
  const std::string month13 = "44080219901301124";
  EXPECT_TRUE(
      FailsOnField(IdNumber::Parse(month13 + *IdNumberCheckChar(month13)), "id_number.birth_date"));
  auto leap = IdNumber::Parse("440802200002291249");
  ASSERT_TRUE(leap) << leap.error().ToString();
  EXPECT_EQ(leap->birth_date().ToString(), "2000-02-29");
}

TEST(IdNumberTest, BirthYearMustLieIn1900Through2100) {
  auto with_check = [](std::string first17) { return first17 + *IdNumberCheckChar(first17); };
  EXPECT_TRUE(IdNumber::Parse(with_check("44080219000101123")));
  EXPECT_TRUE(IdNumber::Parse(with_check("44080221001231123")));
  EXPECT_TRUE(
      FailsOnField(IdNumber::Parse(with_check("44080218991231123")), "id_number.birth_date"));
  EXPECT_TRUE(
      FailsOnField(IdNumber::Parse(with_check("44080218500101123")), "id_number.birth_date"));
  EXPECT_TRUE(
      FailsOnField(IdNumber::Parse(with_check("44080221010101123")), "id_number.birth_date"));
}

TEST(IdNumberTest, TheFirstTwoDigitsMustNameAProvince) {
  auto with_check = [](std::string first17) { return first17 + *IdNumberCheckChar(first17); };
  for (const char* ok : {"11010519491231002", "65010119800101123", "81000019800101123",
                         "83000019800101123", "94415619800101123"}) {
    EXPECT_TRUE(IdNumber::Parse(with_check(ok))) << ok;
  }
  for (const char* bad :
       {"00010519491231002", "10010519491231002", "16010519491231002", "72010519491231002",
        "84010519491231002", "99010519491231002", "90010519491231002"}) {
    EXPECT_TRUE(FailsOnField(IdNumber::Parse(with_check(bad)), "id_number.region")) << bad;
  }
}

TEST(IdNumberTest, LengthAndCharacterErrors) {
  EXPECT_TRUE(FailsOnField(IdNumber::Parse(""), "id_number.length"));
  EXPECT_TRUE(FailsOnField(IdNumber::Parse("11010519491231002"), "id_number.length"));
  EXPECT_TRUE(FailsOnField(IdNumber::Parse("11010519491231002X1"), "id_number.length"));
  EXPECT_TRUE(FailsOnField(IdNumber::Parse(" 11010519491231002X"), "id_number.length"));
  EXPECT_TRUE(FailsOnField(IdNumber::Parse("1101051949123100XX"), "id_number.characters"));
  EXPECT_TRUE(FailsOnField(IdNumber::Parse("11010519491231002Y"), "id_number.characters"));
  EXPECT_TRUE(FailsOnField(IdNumber::Parse("1101051949-231002X"), "id_number.characters"));
  // Eighteen bytes that are not ASCII.
  EXPECT_TRUE(FailsOnField(IdNumber::Parse("一二三四五六"), "id_number.characters"));
}

TEST(IdNumberTest, PointerCanBePrefixedByCaller) {
  auto result = IdNumber::Parse("440802199001011237");
  ASSERT_FALSE(result);
  Error error = result.error();
  error.WithPointerPrefix("/applicant/id_number");
  ASSERT_EQ(error.fields().size(), 1u);
  EXPECT_EQ(error.fields()[0].pointer, "/applicant/id_number");
}

TEST(IdNumberTest, LegacyFifteenDigitNumbersAreRefusedButConvertible) {
  EXPECT_TRUE(FailsOnField(IdNumber::Parse("440802900101123"), "id_number.legacy_15_digit"));
  auto converted = ConvertLegacyIdNumber("440802900101123");
  ASSERT_TRUE(converted) << converted.error().ToString();
  EXPECT_EQ(converted->value(), "440802199001011238");
  EXPECT_TRUE(FailsOnField(ConvertLegacyIdNumber("44080290010112"), "id_number.length"));
  EXPECT_TRUE(FailsOnField(ConvertLegacyIdNumber("44080290010112X"), "id_number.characters"));
  EXPECT_TRUE(FailsOnField(ConvertLegacyIdNumber("440802900230123"), "id_number.birth_date"));
}

TEST(MaskIdNumberTest, KeepsFirstSixAndLastFour) {
  EXPECT_EQ(MaskIdNumber("44080219900105123X"), "440802********123X");
  EXPECT_EQ(MaskIdNumber("11010519491231002x"), "110105********002X");  // normalised
  // Not a valid number: masked as given, same shape.
  EXPECT_EQ(MaskIdNumber("440802199001011237"), "440802********1237");
}

TEST(MaskIdNumberTest, IsSafeOnAnyText) {
  EXPECT_EQ(MaskIdNumber(""), "");
  EXPECT_EQ(MaskIdNumber("12345"), "*****");
  EXPECT_EQ(MaskIdNumber("1234567890"), "**********");
  EXPECT_EQ(MaskIdNumber("12345678901"), "123456*8901");
  EXPECT_EQ(MaskIdNumber("440802900101123"), "440802*****1123");
  // UTF-8 characters are never split: three CJK characters, each 3 bytes, fully masked.
  EXPECT_EQ(MaskIdNumber("张三丰"), "***");
  EXPECT_EQ(MaskIdNumber("广东省湛江市赤坎区人民路一号"), "广东省湛江市****民路一号");
  // A stray continuation byte and a truncated sequence do not break it.
  EXPECT_EQ(MaskIdNumber(std::string("\x80\xe4\xb8", 3)).size(), 2u);
}

}  // namespace
}  // namespace zt
