#include "zt/licence/verdict.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace zt::licence {
namespace {

using ::testing::ElementsAre;

VerifyFacts Good() {
  VerifyFacts f;
  f.identifier_ok = true;
  f.digest_ok = true;
  f.signature_ok = true;
  f.key = KeyValidity{*ParseInstant("2026-01-01T00:00:00+08:00"), std::nullopt};
  f.issued_at = *ParseInstant("2026-03-01T09:30:00+08:00");
  f.status = LicenceStatus::kValid;
  f.valid_from = *ParseDate("2026-03-01");
  f.valid_until = *ParseDate("2031-02-28");
  f.today = *ParseDate("2026-11-22");
  return f;
}

TEST(VerdictTest, GoodLicenceIsValid) {
  Verdict v = Judge(Good());
  EXPECT_TRUE(v.valid);
  EXPECT_TRUE(v.reasons.empty());
  EXPECT_TRUE(v.warnings.empty());
}

TEST(VerdictTest, EachFailureIsNamed) {
  VerifyFacts f = Good();
  f.identifier_ok = false;
  EXPECT_THAT(Judge(f).reasons, ElementsAre("verify.identifier_check"));
  f = Good();
  f.digest_ok = false;
  f.signature_ok = false;
  EXPECT_THAT(Judge(f).reasons, ElementsAre("verify.content_tampered", "verify.signature_invalid"));
  f = Good();
  f.key.reset();
  f.signature_ok.reset();
  EXPECT_THAT(Judge(f).reasons, ElementsAre("verify.key_unknown"));
  f = Good();
  f.key->valid_until = *ParseInstant("2026-02-01T00:00:00+08:00");  // rotated out before issue
  EXPECT_THAT(Judge(f).reasons, ElementsAre("verify.key_not_valid_at_issue"));
  f = Good();
  f.key->valid_from = *ParseInstant("2026-04-01T00:00:00+08:00");  // not yet in force
  EXPECT_THAT(Judge(f).reasons, ElementsAre("verify.key_not_valid_at_issue"));
  f = Good();
  f.status = LicenceStatus::kRevoked;
  EXPECT_THAT(Judge(f).reasons, ElementsAre("verify.revoked"));
  f = Good();
  f.status = LicenceStatus::kSuspended;
  EXPECT_THAT(Judge(f).reasons, ElementsAre("verify.suspended"));
  f = Good();
  f.today = *ParseDate("2031-03-01");
  EXPECT_THAT(Judge(f).reasons, ElementsAre("verify.expired"));
  f = Good();
  f.status = LicenceStatus::kExpired;
  EXPECT_THAT(Judge(f).reasons, ElementsAre("verify.expired"));
  f = Good();
  f.today = *ParseDate("2026-02-28");
  EXPECT_THAT(Judge(f).reasons, ElementsAre("verify.not_yet_valid"));
}

TEST(VerdictTest, LastValidDayIsStillValidAndKeyPeriodIsClosed) {
  VerifyFacts f = Good();
  f.today = *f.valid_until;
  EXPECT_TRUE(Judge(f).valid);
  f = Good();
  f.key->valid_until = f.issued_at;  // retired in the very millisecond of the issue
  EXPECT_TRUE(Judge(f).valid);
  f.key->valid_until = f.issued_at - std::chrono::milliseconds(1);
  EXPECT_THAT(Judge(f).reasons, ElementsAre("verify.key_not_valid_at_issue"));
  f = Good();
  f.key->valid_from = f.issued_at;
  EXPECT_TRUE(Judge(f).valid);
}

TEST(VerdictTest, SeveralFailuresTogether) {
  VerifyFacts f = Good();
  f.digest_ok = false;
  f.signature_ok = false;
  f.status = LicenceStatus::kRevoked;
  f.today = *ParseDate("2032-01-01");
  EXPECT_THAT(Judge(f).reasons, ElementsAre("verify.content_tampered", "verify.signature_invalid",
                                            "verify.revoked", "verify.expired"));
}

TEST(VerdictTest, UnknownStatusIsAWarningNotAFailure) {
  VerifyFacts f = Good();
  f.status.reset();
  Verdict v = Judge(f);
  EXPECT_TRUE(v.valid);
  EXPECT_THAT(v.warnings, ElementsAre("verify.status_unknown"));
}

}  // namespace
}  // namespace zt::licence
