// RFC 6238 TOTP (zt/service/totp.h) over the OpenSSL Crypto adapter's HMAC-SHA1: the
// Appendix B vectors, truncation to 6 digits, the ±1 step window, single use, base32.
#include "zt/service/totp.h"

#include <gtest/gtest.h>

#include "zt/crypto/openssl_crypto.h"

namespace zt::service {
namespace {

constexpr const char* kRfcSecret = "12345678901234567890";

Instant AtSeconds(std::int64_t s) { return Instant(std::chrono::seconds(s)); }

TEST(TotpTest, Rfc6238AppendixBSha1Vectors) {
  crypto::OpenSslCrypto crypto;
  const std::pair<std::int64_t, const char*> kVectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (auto [seconds, expected] : kVectors) {
    auto code = TotpCode(crypto, kRfcSecret, TotpStep(AtSeconds(seconds)), 8);
    ASSERT_TRUE(code.has_value()) << code.error().ToString();
    EXPECT_EQ(*code, expected) << "T = " << seconds;
    // The 6-digit code is the last six digits of the same truncated value.
    auto six = TotpCode(crypto, kRfcSecret, TotpStep(AtSeconds(seconds)), 6);
    ASSERT_TRUE(six.has_value());
    EXPECT_EQ(*six, std::string(expected).substr(2)) << "T = " << seconds;
  }
}

TEST(TotpTest, StepIsThirtySecondsSinceEpoch) {
  EXPECT_EQ(TotpStep(AtSeconds(0)), 0);
  EXPECT_EQ(TotpStep(AtSeconds(29)), 0);
  EXPECT_EQ(TotpStep(AtSeconds(30)), 1);
  EXPECT_EQ(TotpStep(AtSeconds(59)), 1);
  EXPECT_EQ(TotpStep(AtSeconds(1111111109)), 37037036);
}

TEST(TotpTest, RefusesDigitCountsOutsideSixToEight) {
  crypto::OpenSslCrypto crypto;
  EXPECT_FALSE(TotpCode(crypto, kRfcSecret, 1, 5).has_value());
  EXPECT_FALSE(TotpCode(crypto, kRfcSecret, 1, 9).has_value());
}

TEST(TotpTest, AcceptsOneStepEitherSideAndNoFurther) {
  crypto::OpenSslCrypto crypto;
  Instant now = AtSeconds(1234567890);
  std::int64_t step = TotpStep(now);
  for (std::int64_t delta : {-1, 0, 1}) {
    auto code = TotpCode(crypto, kRfcSecret, step + delta);
    auto matched = MatchTotp(crypto, kRfcSecret, *code, now, 0);
    ASSERT_TRUE(matched.has_value());
    ASSERT_TRUE(matched->has_value()) << delta;
    EXPECT_EQ(**matched, step + delta);
  }
  for (std::int64_t delta : {-2, 2}) {
    auto code = TotpCode(crypto, kRfcSecret, step + delta);
    auto matched = MatchTotp(crypto, kRfcSecret, *code, now, 0);
    ASSERT_TRUE(matched.has_value());
    EXPECT_FALSE(matched->has_value()) << delta;
  }
}

TEST(TotpTest, CodeOfAnAlreadyUsedStepIsRefused) {
  crypto::OpenSslCrypto crypto;
  Instant now = AtSeconds(1234567890);
  std::int64_t step = TotpStep(now);
  auto code = TotpCode(crypto, kRfcSecret, step);
  EXPECT_FALSE(MatchTotp(crypto, kRfcSecret, *code, now, step)->has_value());
  EXPECT_FALSE(MatchTotp(crypto, kRfcSecret, *code, now, step + 1)->has_value());
  EXPECT_TRUE(MatchTotp(crypto, kRfcSecret, *code, now, step - 1)->has_value());
}

TEST(TotpTest, WrongLengthOrWrongCodeDoesNotMatch) {
  crypto::OpenSslCrypto crypto;
  Instant now = AtSeconds(59);
  EXPECT_FALSE(MatchTotp(crypto, kRfcSecret, "94287082", now, 0)->has_value());  // 8 digits
  EXPECT_FALSE(MatchTotp(crypto, kRfcSecret, "", now, 0)->has_value());
  EXPECT_TRUE(MatchTotp(crypto, kRfcSecret, "287082", now, 0)->has_value());
}

TEST(TotpTest, Base32RoundTripsAndMatchesRfc4648) {
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(Base32Encode(kRfcSecret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  auto decoded = Base32Decode("gezdgnbvgy3tqojqgezdgnbvgy3tqojq");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, kRfcSecret);
  EXPECT_FALSE(Base32Decode("ABC1").has_value());
}

TEST(TotpTest, OtpAuthUriCarriesSecretAndParameters) {
  EXPECT_EQ(OtpAuthUri("zhengtong", "ck clerk", "GEZDGNBV"),
            "otpauth://totp/zhengtong:ck%20clerk?secret=GEZDGNBV&issuer=zhengtong"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(CryptoHmacTest, KnownSha1AndUnknownAlgorithm) {
  crypto::OpenSslCrypto crypto;
  // RFC 2202 test case 2.
  auto mac = crypto.Hmac("SHA1", "Jefe", "what do ya want for nothing?");
  ASSERT_TRUE(mac.has_value());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char ch : *mac) {
    hex += kHex[ch >> 4];
    hex += kHex[ch & 15];
  }
  EXPECT_EQ(hex, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  auto bad = crypto.Hmac("MD5", "k", "d");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().key(), "crypto.algorithm");
  EXPECT_EQ(crypto.RandomBytes(20).size(), 20u);
}

}  // namespace
}  // namespace zt::service
