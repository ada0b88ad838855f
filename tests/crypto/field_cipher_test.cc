#include "zt/crypto/field_cipher.h"

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace zt::crypto {
namespace {

constexpr std::string_view kKey = "test-data-key-0123456789";
constexpr std::string_view kIdNumber = "11010519491231002X";
constexpr std::string_view kPhone = "13800138000";

TEST(FieldCipherTest, SealedValuesOpenToThePlainValueAndHideIt) {
  FieldCipher cipher(kKey);
  for (std::string_view plain : {kIdNumber, kPhone, std::string_view("JBSWY3DPEHPK3PXP")}) {
    std::string sealed = cipher.Seal(plain);
    EXPECT_TRUE(sealed.starts_with("zt1:")) << sealed;
    EXPECT_EQ(sealed.find(plain), std::string::npos);
    ASSERT_TRUE(FieldCipher::IsSealed(sealed));
    auto opened = cipher.Open(sealed);
    ASSERT_TRUE(opened) << opened.error().ToString();
    EXPECT_EQ(*opened, plain);
  }
}

TEST(FieldCipherTest, EveryValueGetsItsOwnIv) {
  FieldCipher cipher(kKey);
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) seen.insert(cipher.Seal(kPhone));
  EXPECT_EQ(seen.size(), 50u);
}

TEST(FieldCipherTest, EmptyStaysEmptyAndUnsealedTextPassesThrough) {
  FieldCipher cipher(kKey);
  EXPECT_EQ(cipher.Seal(""), "");
  EXPECT_EQ(cipher.SealIndexed(""), "");
  EXPECT_EQ(cipher.IndexPrefix(""), "");
  EXPECT_FALSE(FieldCipher::IsSealed(kPhone));
  EXPECT_EQ(cipher.Open(kPhone).value(), kPhone);  // a row from before migration 12
  EXPECT_EQ(cipher.Open("").value(), "");
}

TEST(FieldCipherTest, IndexedValuesStartWithTheBlindIndexOfTheNormalisedNumber) {
  FieldCipher cipher(kKey);
  std::string a = cipher.SealIndexed(kIdNumber);
  std::string b = cipher.SealIndexed("110105 19491231 002x");
  EXPECT_NE(a, b);
  std::string prefix = cipher.IndexPrefix(kIdNumber);
  ASSERT_EQ(prefix.size(), FieldCipher::kIndexPrefixLength);
  EXPECT_EQ(a.substr(0, prefix.size()), prefix);
  EXPECT_EQ(b.substr(0, prefix.size()), prefix);
  EXPECT_NE(cipher.IndexPrefix("110105194912310029"), prefix);
  EXPECT_EQ(prefix.find(kIdNumber), std::string::npos);
  EXPECT_EQ(cipher.Open(a).value(), kIdNumber);
  EXPECT_EQ(cipher.Open(b).value(), "110105 19491231 002x");  // stored as given
  // The index is keyed: another key gives another index for the same number.
  EXPECT_NE(FieldCipher("another-data-key-0123").IndexPrefix(kIdNumber), prefix);
}

TEST(FieldCipherTest, AnyChangedCharacterIsRefusedNeverSilentGarbage) {
  FieldCipher cipher(kKey);
  // Twenty values, so that the base64 padding's unused bits take many values too.
  std::vector<std::string> samples;
  for (int i = 0; i < 10; ++i) {
    samples.push_back(cipher.Seal(kIdNumber));
    samples.push_back(cipher.SealIndexed(kPhone));
  }
  for (const std::string& sealed : samples) {
    int refused = 0;
    for (std::size_t i = 0; i < sealed.size(); ++i) {
      std::string tampered = sealed;
      tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
      auto opened = cipher.Open(tampered);
      // Changing the tag itself may turn the value into "not sealed" text, which is returned
      // as is and so is never the plain number.
      if (!FieldCipher::IsSealed(tampered)) {
        EXPECT_NE(opened.value_or(""), kIdNumber);
        continue;
      }
      ASSERT_FALSE(opened) << "position " << i << " accepted";
      EXPECT_EQ(opened.error().key(), "store.field_tampered");
      ++refused;
    }
    EXPECT_GT(refused, static_cast<int>(sealed.size()) - 6);
  }
  auto other = FieldCipher("another-data-key-0123").Open(cipher.Seal(kPhone));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code(), ErrorCode::kInternal);
  EXPECT_FALSE(cipher.Open("zt1:not base64!"));
  EXPECT_FALSE(cipher.Open("zt1:AAAA"));
}

TEST(DataKeyTest, ReadsTheVariableThenTheFileElseTheDemoKey) {
  unsetenv("ZT_DATA_KEY");
  unsetenv("ZT_DATA_KEY_FILE");
  auto demo = DataKeyFromEnvironment();
  ASSERT_TRUE(demo);
  EXPECT_TRUE(demo->demo);
  EXPECT_GE(demo->secret.size(), 16u);

  setenv("ZT_DATA_KEY", "short", 1);
  auto short_key = DataKeyFromEnvironment();
  ASSERT_FALSE(short_key);
  EXPECT_EQ(short_key.error().key(), "data_key.short");

  setenv("ZT_DATA_KEY", "a-long-enough-data-key", 1);
  EXPECT_EQ(DataKeyFromEnvironment().value().secret, "a-long-enough-data-key");
  EXPECT_FALSE(DataKeyFromEnvironment().value().demo);
  unsetenv("ZT_DATA_KEY");

  std::string file = ::testing::TempDir() + "zt_data_key_test";
  std::ofstream(file) << "key-from-the-file-0123\r\n";
  setenv("ZT_DATA_KEY_FILE", file.c_str(), 1);
  EXPECT_EQ(DataKeyFromEnvironment().value().secret, "key-from-the-file-0123");
  setenv("ZT_DATA_KEY_FILE", "/nonexistent/zt-data-key", 1);
  auto missing = DataKeyFromEnvironment();
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().key(), "data_key.file");
  unsetenv("ZT_DATA_KEY_FILE");
}

}  // namespace
}  // namespace zt::crypto
