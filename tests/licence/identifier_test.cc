#include "zt/licence/identifier.h"

#include <string>

#include <gtest/gtest.h>

#include "expect_error.h"

namespace zt::licence {
namespace {

using zt::testing::FailsWith;

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// Real identifiers quoted in STANDARDS.md §6.2 (issued by other provinces' platforms).
TEST(LicenceIdTest, ReproducesRealIdentifiers) {
  for (std::string_view real :
       {"1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
        "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
        "1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9"}) {
    auto id = LicenceId::Parse(real);
    ASSERT_TRUE(id) << real << ": " << id.error().ToString();
    EXPECT_EQ(id->text(), real);
  }
}

// Worked by hand from the algorithm (P0 = 36; S = (P + v) mod 36, 0 -> 36; P = 2S mod 37;
// check = (37 - P) mod 36):
//   "A1": A=10: S=(36+10)%36=10, P=20;  1: S=21, P=42%37=5;  check=(37-5)%36=32 -> 'W'
//   "0":  S=36%36=0 -> 36, P=72%37=35; check=(37-35)%36=2 -> '2'
//   "Z":  Z=35: S=(36+35)%36=35, P=70%37=33; check=4 -> '4'
TEST(LicenceIdTest, CheckCharacterWorkedExamples) {
  EXPECT_EQ(CheckCharacter("A1"), 'W');
  EXPECT_EQ(CheckCharacter("0"), '2');
  EXPECT_EQ(CheckCharacter("Z"), '4');
  EXPECT_EQ(CheckCharacter(""), '\0');
  EXPECT_EQ(CheckCharacter("a1"), '\0');
}

TEST(LicenceIdTest, MakeThenParseRoundTrips) {
  auto id = LicenceId::Make("11100000000013338W050", "11440800007000000X", "2026000001", "001");
  ASSERT_TRUE(id) << id.error().ToString();
  EXPECT_TRUE(id->text().starts_with("1.2.156.3005.2.11100000000013338W050.11440800007000000X."));
  auto back = LicenceId::Parse(id->text());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->serial(), "2026000001");
  EXPECT_EQ(back->version(), "001");
  EXPECT_EQ(back->issuer_code(), "11440800007000000X");
}

TEST(LicenceIdTest, EverySingleSubstitutionIsCaught) {
  std::string body = "11100000000013338W05011440800007000000X2026000001001";
  char check = CheckCharacter(body);
  int tried = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    for (char c : kAlphabet) {
      if (c == body[i]) continue;
      std::string changed = body;
      changed[i] = c;
      ASSERT_NE(CheckCharacter(changed), check) << "position " << i << " -> " << c;
      ++tried;
    }
  }
  EXPECT_EQ(tried, static_cast<int>(body.size()) * 35);
}

TEST(LicenceIdTest, EveryAdjacentTranspositionIsCaught) {
  std::string body = "11100000000013338W05011440800007000000X2026000001001";
  char check = CheckCharacter(body);
  for (std::size_t i = 0; i + 1 < body.size(); ++i) {
    if (body[i] == body[i + 1]) continue;
    std::string swapped = body;
    std::swap(swapped[i], swapped[i + 1]);
    EXPECT_NE(CheckCharacter(swapped), check) << "positions " << i << "," << i + 1;
  }
}

TEST(LicenceIdTest, WrongCheckCharacterIsNamed) {
  std::string real = "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U";
  real.back() = 'V';
  EXPECT_TRUE(
      FailsWith(LicenceId::Parse(real), ErrorCode::kInvalidArgument, "licence_id.check_character"));
  // A typo in the serial, check character unchanged.
  std::string typo = "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000413.001.U";
  EXPECT_TRUE(
      FailsWith(LicenceId::Parse(typo), ErrorCode::kInvalidArgument, "licence_id.check_character"));
}

TEST(LicenceIdTest, MalformedShapesAreRefused) {
  for (std::string_view bad :
       {"", "1.2.156.3005.2", "1.2.156.3005.3.A.B.C.001.X", "1.2.156.3005.2.A.B.C.01.X",
        "1.2.156.3005.2.A.B.C.001", "1.2.156.3005.2.a.B.C.001.X", "1.2.156.3005.2.A..C.001.X",
        "1.2.156.3005.2.A.B.C.001.XY", "1.2.156.3005.2.A.B.C.001.X.Y"}) {
    EXPECT_TRUE(FailsWith(LicenceId::Parse(bad), ErrorCode::kInvalidArgument, "licence_id.format"))
        << bad;
  }
}

}  // namespace
}  // namespace zt::licence
