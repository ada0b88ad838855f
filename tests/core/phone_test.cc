#include "zt/core/phone.h"

#include <gtest/gtest.h>

#include "expect_error.h"

namespace zt {
namespace {

using zt::testing::FailsOnField;

TEST(MobileNumberTest, NormalisesCountryCodeAndSeparators) {
  for (std::string_view text :
       {"13812345678", "+8613812345678", "8613812345678", "+86 138 1234 5678", "+86-138-1234-5678",
        "138-1234-5678", " 138 1234 5678 ", "0086 13812345678"}) {
    auto number = MobileNumber::Parse(text);
    ASSERT_TRUE(number) << text << ": " << number.error().ToString();
    EXPECT_EQ(number->value(), "13812345678") << text;
    EXPECT_EQ(number->e164(), "+8613812345678");
  }
}

TEST(MobileNumberTest, AcceptsSecondDigitThreeToNine) {
  for (char second = '3'; second <= '9'; ++second) {
    std::string text = "1" + std::string(1, second) + "812345678";
    EXPECT_TRUE(MobileNumber::Parse(text)) << text;
  }
}

TEST(MobileNumberTest, RejectsMalformedNumbers) {
  for (std::string_view text : {
           "",                  // empty
           "1381234567",        // 10 digits
           "138123456789",      // 12 digits
           "12812345678",       // second digit 2
           "10812345678",       // second digit 0
           "23812345678",       // not starting with 1
           "+13812345678",      // plus without a country code
           "+85213812345678",   // another country code
           "+8613812345678 1",  // extra digit
           "138.1234.5678",     // dots are not separators here
           "1381234567８",      // full-width digit
           "＋8613812345678",   // full-width plus
           "86+13812345678",    // plus in the wrong place
           "020-12345678",      // fixed line
       }) {
    EXPECT_TRUE(FailsOnField(MobileNumber::Parse(text), "phone.format")) << text;
  }
}

TEST(MaskPhoneTest, MasksTheMiddleFourDigits) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("+86 138-1234-5678"), "138****5678");  // normalised first
}

TEST(MaskPhoneTest, IsSafeOnAnyText) {
  EXPECT_EQ(MaskPhone(""), "");
  EXPECT_EQ(MaskPhone("1234567"), "*******");
  EXPECT_EQ(MaskPhone("12345678"), "123*5678");
  EXPECT_EQ(MaskPhone("020-12345678"), "020*****5678");
  EXPECT_EQ(MaskPhone("电话号码未知"), "******");
}

}  // namespace
}  // namespace zt
