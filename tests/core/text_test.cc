#include "zt/core/text.h"

#include <string>

#include <gtest/gtest.h>

namespace zt {
namespace {

TEST(TextTest, Utf8LengthCountsCodePoints) {
  EXPECT_EQ(Utf8Length("食品经营许可"), 6u);
  EXPECT_EQ(Utf8Length("ab"), 2u);
}

TEST(TextTest, IsValidUtf8AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("湛江 440800"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600, four bytes
}

TEST(TextTest, IsValidUtf8RefusesMalformedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xE4\xB8\xAD\xFF\xFE"));  // 中 then bytes never valid in UTF-8
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));              // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));          // UTF-16 surrogate D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));      // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE4\xB8"));              // truncated
}

}  // namespace
}  // namespace zt
