#include "zt/crypto/crypto.h"

#include <cctype>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "zt/crypto/openssl_crypto.h"

namespace zt::crypto {
namespace {

TEST(Sm3Test, MatchesGbt32905Vectors) {
  // GB/T 32905-2016 Annex A, examples 1 and 2.
  EXPECT_EQ(Sm3Hex("abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  std::string sixty_four;
  for (int i = 0; i < 16; ++i) sixty_four += "abcd";
  EXPECT_EQ(Sm3Hex(sixty_four), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

TEST(Sm3Test, EmptyInputHasTheKnownDigest) {
  EXPECT_EQ(Sm3Hex(""), "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
}

TEST(HmacSm3Test, DependsOnKeyAndData) {
  std::string a = HmacSm3Hex("key", "data");
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a, HmacSm3Hex("key", "data"));
  EXPECT_NE(a, HmacSm3Hex("key2", "data"));
  EXPECT_NE(a, HmacSm3Hex("key", "data2"));
  EXPECT_NE(a, Sm3Hex("data"));
  EXPECT_EQ(HmacSm3Hex("", "").size(), 64u);
}

TEST(HmacSm3Test, MatchesHmacConstructionOverSm3) {
  // RFC 2104 by hand with a key shorter than the 64-byte block: H((K^opad) || H((K^ipad) || m)).
  std::string key = "secret";
  std::string k(64, '\0');
  k.replace(0, key.size(), key);
  std::string ipad(64, '\0'), opad(64, '\0');
  for (int i = 0; i < 64; ++i) {
    ipad[i] = static_cast<char>(k[i] ^ 0x36);
    opad[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  auto unhex = [](const std::string& h) {
    std::string out;
    for (std::size_t i = 0; i < h.size(); i += 2) {
      out += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
    }
    return out;
  };
  std::string inner = unhex(Sm3Hex(ipad + "message"));
  EXPECT_EQ(HmacSm3Hex(key, "message"), Sm3Hex(opad + inner));
}

TEST(RandomTokenTest, HasBase64UrlLengthAndAlphabet) {
  EXPECT_EQ(RandomToken(32).size(), 43u);
  EXPECT_EQ(RandomToken(16).size(), 22u);
  EXPECT_EQ(RandomToken(3).size(), 4u);
  EXPECT_EQ(RandomToken(0).size(), 0u);
  for (char c : RandomToken(300)) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << c;
  }
}

TEST(RandomTokenTest, TokensAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(RandomToken(32));
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(PasswordTest, HashIsArgon2idWithOwaspParameters) {
  auto phc = HashPassword("correct horse battery staple");
  ASSERT_TRUE(phc.has_value()) << phc.error().ToString();
  EXPECT_TRUE(phc->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *phc;
}

TEST(PasswordTest, VerifiesRightPasswordAndRejectsWrongOne) {
  auto phc = HashPassword("正确的密码-Correct1");
  ASSERT_TRUE(phc.has_value());
  auto right = VerifyPassword("正确的密码-Correct1", *phc);
  ASSERT_TRUE(right.has_value());
  EXPECT_TRUE(*right);
  auto wrong = VerifyPassword("正确的密码-Correct2", *phc);
  ASSERT_TRUE(wrong.has_value());
  EXPECT_FALSE(*wrong);
  auto empty = VerifyPassword("", *phc);
  ASSERT_TRUE(empty.has_value());
  EXPECT_FALSE(*empty);
}

TEST(PasswordTest, SaltMakesEachHashDifferent) {
  auto a = HashPassword("same password");
  auto b = HashPassword("same password");
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_NE(*a, *b);
}

TEST(PasswordTest, MalformedHashIsInvalidArgument) {
  auto r = VerifyPassword("x", "not a hash");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  auto bcrypt = VerifyPassword("x", "$2b$10$abcdefghijklmnopqrstuu");
  ASSERT_FALSE(bcrypt.has_value());
  EXPECT_EQ(bcrypt.error().code(), ErrorCode::kInvalidArgument);
  auto greedy = VerifyPassword("x", "$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHQ$aGFzaA");
  ASSERT_FALSE(greedy.has_value());
  EXPECT_EQ(greedy.error().code(), ErrorCode::kInvalidArgument);
  auto truncated = VerifyPassword("x", "$argon2id$v=19$m=19456,t=2,p=1$");
  ASSERT_FALSE(truncated.has_value());
  EXPECT_EQ(truncated.error().code(), ErrorCode::kInvalidArgument);
}

TEST(PasswordTest, OverlongPasswordIsRefused) {
  auto r = HashPassword(std::string(5000, 'a'));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
}

TEST(OpenSslCryptoTest, ImplementsTheServicePort) {
  OpenSslCrypto impl;
  service::Crypto& port = impl;
  EXPECT_EQ(port.Digest("abc"), Sm3Hex("abc"));
  EXPECT_EQ(port.RandomToken(32).size(), 43u);
  auto phc = port.HashPassword("pw-123456789012");
  ASSERT_TRUE(phc.has_value());
  auto ok = port.VerifyPassword("pw-123456789012", *phc);
  ASSERT_TRUE(ok.has_value());
  EXPECT_TRUE(*ok);
  auto bad = port.VerifyPassword("pw-123456789013", *phc);
  ASSERT_TRUE(bad.has_value());
  EXPECT_FALSE(*bad);
}

}  // namespace
}  // namespace zt::crypto
