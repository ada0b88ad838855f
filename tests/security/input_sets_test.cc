// INP-03/INP-04 through the parsers (zt::core): every malformed sample refused with one
// field-level error of the expected kind, every valid sample accepted and normalised. The
// same sets go through the real binary in input_api_test.cc.
#include "input_sets.h"

#include <cctype>
#include <cstdio>
#include <map>

#include <gtest/gtest.h>

#include "zt/core/phone.h"

namespace zt::testing {
namespace {

// The message key a kind must produce; "" when several keys fit the kind.
std::string ExpectedKey(const std::string& kind) {
  if (kind == "wrong_check_digit") return "id_number.check_digit";
  if (kind == "impossible_date") return "id_number.birth_date";
  if (kind == "invalid_province") return "id_number.region";
  if (kind == "legacy_15_digit") return "id_number.legacy_15_digit";
  if (kind == "wrong_length") return "id_number.length";
  return "";
}

std::string Printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s.substr(0, 40)) {
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  return out;
}

TEST(InputSetsTest, TheSetsHaveTheSizesOfThePlan) {
  std::map<std::string, int> kinds;
  for (const auto& s : MalformedIdNumbers()) ++kinds[s.kind];
  EXPECT_EQ(kinds["wrong_length"], 100);
  EXPECT_EQ(kinds["illegal_characters"], 150);
  EXPECT_EQ(kinds["wrong_check_digit"], 300);
  EXPECT_EQ(kinds["impossible_date"], 200);
  EXPECT_EQ(kinds["invalid_province"], 100);
  EXPECT_EQ(kinds["legacy_15_digit"], 50);
  EXPECT_EQ(kinds["injection_or_huge"], 100);
  EXPECT_EQ(MalformedIdNumbers().size(), 1000u);
  EXPECT_EQ(ValidIdNumbers().size(), 1000u);
  EXPECT_EQ(MalformedMobiles().size(), 500u);
  EXPECT_EQ(MalformedCreditCodes().size(), 200u);
}

TEST(InputSetsTest, EveryMalformedIdNumberIsRefusedWithOneFieldErrorOfItsKind) {
  int refused = 0;
  for (const auto& s : MalformedIdNumbers()) {
    auto id = IdNumber::Parse(s.text, InputSetsToday());
    if (id.has_value()) {
      ADD_FAILURE() << s.kind << " accepted: " << Printable(s.text);
      continue;
    }
    ++refused;
    ASSERT_EQ(id.error().fields().size(), 1u) << Printable(s.text);
    const FieldError& f = id.error().fields()[0];
    EXPECT_EQ(f.pointer, "");
    EXPECT_TRUE(f.key.starts_with("id_number.")) << f.key;
    std::string expected = ExpectedKey(s.kind);
    if (!expected.empty()) {
      EXPECT_EQ(f.key, expected) << s.kind << ": " << Printable(s.text);
    }
  }
  std::printf("[figures] INP-03 parser: %d/1000 malformed ID numbers refused\n", refused);
}

TEST(InputSetsTest, EveryValidIdNumberIsAcceptedWithAnUppercaseX) {
  int accepted = 0;
  for (const auto& s : ValidIdNumbers()) {
    auto id = IdNumber::Parse(s.text, InputSetsToday());
    if (!id.has_value()) {
      ADD_FAILURE() << s.text << ": " << id.error().ToString();
      continue;
    }
    ++accepted;
    std::string upper = s.text;
    upper.back() = static_cast<char>(std::toupper(static_cast<unsigned char>(upper.back())));
    EXPECT_EQ(id->value(), upper);
  }
  auto example = IdNumber::Parse("11010519491231002X", InputSetsToday());
  ASSERT_TRUE(example.has_value());
  auto lower = IdNumber::Parse("11010519491231002x", InputSetsToday());
  ASSERT_TRUE(lower.has_value());
  EXPECT_EQ(lower->value(), "11010519491231002X");
  std::printf("[figures] INP-03 parser: %d/1000 valid ID numbers accepted, example ok\n", accepted);
}

TEST(InputSetsTest, FutureBirthDatesNeedToday) {
  // 2027-01-01 exists, so only the caller's date refuses it.
  std::string first17 = "44080220270101123";
  std::string id = first17 + IdNumberCheckChar(first17).value();
  EXPECT_TRUE(IdNumber::Parse(id).has_value());
  auto refused = IdNumber::Parse(id, InputSetsToday());
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().fields().at(0).key, "id_number.birth_date");
  EXPECT_TRUE(IdNumber::Parse(id, *Date::FromYmd(2027, 1, 1)).has_value());  // born today
}

TEST(InputSetsTest, MobilesAndCreditCodes) {
  int mobiles = 0, codes = 0;
  for (const auto& s : MalformedMobiles()) {
    auto m = MobileNumber::Parse(s.text);
    if (m.has_value()) {
      ADD_FAILURE() << "mobile accepted: " << Printable(s.text);
      continue;
    }
    ++mobiles;
    EXPECT_EQ(m.error().fields().at(0).key, "phone.format");
  }
  for (const auto& s : ValidMobiles()) {
    auto m = MobileNumber::Parse(s.text);
    ASSERT_TRUE(m.has_value()) << s.text;
    EXPECT_EQ(m->value().size(), 11u);
  }
  for (const auto& s : MalformedCreditCodes()) {
    auto c = CreditCode::Parse(s.text);
    if (c.has_value()) {
      ADD_FAILURE() << "credit code accepted: " << Printable(s.text);
      continue;
    }
    ++codes;
    EXPECT_TRUE(c.error().fields().at(0).key.starts_with("credit_code.")) << c.error().key();
  }
  for (const auto& s : ValidCreditCodes()) {
    EXPECT_TRUE(CreditCode::Parse(s.text).has_value()) << s.text;
  }
  std::printf(
      "[figures] INP-04 parser: %d/500 malformed mobiles, %d/200 malformed credit codes "
      "refused; 200 valid mobiles and 200 valid credit codes accepted\n",
      mobiles, codes);
}

}  // namespace
}  // namespace zt::testing
