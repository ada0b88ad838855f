#include "zt/licence/status_list.h"

#include <gtest/gtest.h>

namespace zt::licence {
namespace {

TEST(BitstringTest, MostSignificantBitFirstAndMinimumSize) {
  std::string bits = BuildBitstring({0, 9, 131071}, 0);
  ASSERT_EQ(bits.size(), 16384u);
  EXPECT_EQ(static_cast<unsigned char>(bits[0]), 0x80);
  EXPECT_EQ(static_cast<unsigned char>(bits[1]), 0x40);
  EXPECT_EQ(static_cast<unsigned char>(bits[16383]), 0x01);
  EXPECT_TRUE(BitAt(bits, 9));
  EXPECT_FALSE(BitAt(bits, 8));
  EXPECT_FALSE(BitAt(bits, 200000));
  EXPECT_EQ(BuildBitstring({200000}, 0).size(), 25001u);
}

TEST(Base64Test, Rfc4648Vectors) {
  // RFC 4648 §10.
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(*Base64Decode("Zm9vYg=="), "foob");
  EXPECT_EQ(*Base64UrlDecode("-_8"), "\xfb\xff");
  EXPECT_FALSE(Base64Decode("Zm9vYg="));
  EXPECT_FALSE(Base64Decode("Zm9v!mFy"));
}

TEST(StatusListTest, SigningInputIsExact) {
  EXPECT_EQ(StatusListSigningInput("revocation", 5, "ab12"),
            "zt-status-list-v1\npurpose=revocation\nvalid_from=5\nbitstring_sm3=ab12\n");
}

}  // namespace
}  // namespace zt::licence
