// The pure rating module: levels, input validation, the default-rating rule, the
// rectification case type and deadline, and the indicators with hand-computed figures.
#include "zt/rating/rating.h"

#include <gtest/gtest.h>

#include "expect_error.h"
#include "zt/rating/indicators.h"
#include "zt/rating/rectification.h"

namespace zt::rating {
namespace {

using accounts::Role;
using zt::testing::FailsWith;

Instant At(const char* rfc3339) { return *ParseInstant(rfc3339); }

TEST(RatingLevels, FiveLevelsWithScoresAndTheTwoBadOnes) {
  EXPECT_EQ(Score(Level::kVerySatisfied), 5);
  EXPECT_EQ(Score(Level::kVeryDissatisfied), 1);
  EXPECT_EQ(LevelNameZh(*ParseLevel("basically_satisfied")), "基本满意");
  EXPECT_FALSE(IsBad(Level::kBasicallySatisfied));
  EXPECT_TRUE(IsBad(Level::kDissatisfied));
  EXPECT_TRUE(IsBad(Level::kVeryDissatisfied));
  EXPECT_TRUE(FailsWith(ParseLevel("good"), ErrorCode::kInvalidArgument, "rating.level_unknown"));
  EXPECT_EQ(*LevelOfScore(2), Level::kDissatisfied);
  EXPECT_FALSE(LevelOfScore(0).has_value());
}

TEST(RatingInput, EveryBadFieldIsReportedAtOnce) {
  RatingPolicy policy;
  RatingInput input;
  input.level = "meh";
  input.tags = {"服务态度差", "不存在的标签", "服务态度差"};
  input.comment = std::string(501, 'x');
  input.channel = "fax";
  auto r = ValidateRatingInput(policy, input);
  ASSERT_FALSE(r.has_value());
  const auto& fields = r.error().fields();
  ASSERT_EQ(fields.size(), 5u) << r.error().ToString();
  EXPECT_EQ(fields[0].pointer, "/level");
  EXPECT_EQ(fields[1].pointer, "/tags/1");
  EXPECT_EQ(fields[1].key, "rating.tag_unknown");
  EXPECT_EQ(fields[2].key, "rating.tag_repeated");
  EXPECT_EQ(fields[3].key, "rating.comment_too_long");
  EXPECT_EQ(fields[4].key, "rating.channel_unknown");
}

TEST(RatingInput, CommentLimitCountsCharactersNotBytes) {
  RatingPolicy policy;
  RatingInput input{"satisfied", {"办事效率高"}, "", "window_pad", "W-03"};
  for (int i = 0; i < 500; ++i) input.comment += "好";  // 1500 bytes, 500 characters
  auto r = ValidateRatingInput(policy, input);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(*r, Level::kSatisfied);
  input.comment += "好";
  EXPECT_TRUE(FailsWith(ValidateRatingInput(policy, input), ErrorCode::kInvalidArgument,
                        "rating.comment_too_long"));
}

TEST(DefaultRating, SevenNaturalDaysAfterConclusion) {
  RatingPolicy policy;
  // Concluded just before the National Day holiday: natural days, so the holiday counts.
  Instant concluded = At("2025-09-30T15:00:00+08:00");
  EXPECT_EQ(DefaultRatingDue(concluded, policy), At("2025-10-07T15:00:00+08:00"));
  EXPECT_EQ(DefaultRatingCutoff(At("2025-10-07T15:00:00+08:00"), policy), concluded);
  EXPECT_EQ(policy.default_level, Level::kBasicallySatisfied);
}

TEST(Rectification, CaseTypeIsValidAndRolesAreEnforced) {
  const auto& type = RectificationCaseType();
  ASSERT_TRUE(caseflow::ValidateCaseType(type).has_value());
  caseflow::CaseSnapshot snap{
      CaseId("r1"), "opened", 1, "440802", DepartmentId("440802-scj"), AccountId("citizen-1")};
  accounts::Actor admin{
      AccountId("a1"), "admin", Role::kDepartmentAdmin, "440802", DepartmentId("440802-scj"), ""};
  accounts::Actor other{
      AccountId("a2"), "other", Role::kDepartmentAdmin, "440803", DepartmentId("440803-scj"), ""};
  accounts::Actor clerk{
      AccountId("a3"), "clerk", Role::kWindowClerk, "440802", DepartmentId("440802-scj"), ""};
  accounts::Actor citizen{AccountId("citizen-1"), "c", Role::kCitizen, "", DepartmentId(), ""};
  auto ok = caseflow::Decide(type, snap, {"verify_real", {{"note", "属实"}}}, admin);
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  EXPECT_EQ(ok->to, "verified_real");
  EXPECT_TRUE(FailsWith(caseflow::Decide(type, snap, {"verify_real", {}}, admin),
                        ErrorCode::kInvalidArgument, "case.field_required"));
  EXPECT_TRUE(FailsWith(caseflow::Decide(type, snap, {"verify_real", {{"note", "x"}}}, other),
                        ErrorCode::kPermissionDenied, "case.role_not_allowed"));
  EXPECT_TRUE(FailsWith(caseflow::Decide(type, snap, {"verify_real", {{"note", "x"}}}, clerk),
                        ErrorCode::kPermissionDenied, "case.role_not_allowed"));
  EXPECT_TRUE(FailsWith(caseflow::Decide(type, snap, {"rerate", {}}, citizen),
                        ErrorCode::kFailedPrecondition, "case.transition_not_allowed"));
  snap.state = "called_back";
  EXPECT_TRUE(caseflow::Decide(type, snap, {"rerate", {}}, citizen).has_value());
  EXPECT_FALSE(caseflow::Decide(type, snap, {"rerate", {}}, admin).has_value());
  // An unfounded rating is answered without a rectification step.
  snap.state = "verified_not_real";
  EXPECT_TRUE(caseflow::Decide(type, snap, {"reply", {{"note", "说明"}}}, admin).has_value());
  EXPECT_FALSE(caseflow::Decide(type, snap, {"rectify", {{"note", "x"}}}, admin).has_value());
}

TEST(Rectification, DeadlineIsFifteenWorkingDays) {
  RatingPolicy policy;
  // Opened 2025-09-30: 10-01..10-08 are off, 10-11 (Saturday) is a make-up working day.
  // Working days: 10-09, 10-10, 10-11, 10-13..17 (8), 10-20..24 (13), 10-27 (14), 10-28 (15).
  auto due =
      RectificationDue(calendar::WorkingCalendar::China(), At("2025-09-30T16:00:00+08:00"), policy);
  ASSERT_TRUE(due.has_value()) << due.error().ToString();
  EXPECT_EQ(due->ToString(), "2025-10-28");
  policy.rectification_limit_wd = 5;
  EXPECT_EQ(
      RectificationDue(calendar::WorkingCalendar::China(), At("2025-09-30T16:00:00+08:00"), policy)
          ->ToString(),
      "2025-10-14");
  EXPECT_TRUE(FailsWith(
      RectificationDue(calendar::WorkingCalendar::China(), At("2031-03-01T10:00:00+08:00"), policy),
      ErrorCode::kFailedPrecondition, "calendar.year_not_covered"));
}

const Indicator& Find(const std::vector<Indicator>& v, std::string_view key) {
  for (const auto& i : v) {
    if (i.key == key) return i;
  }
  ADD_FAILURE() << "no indicator " << key;
  return v.front();
}

TEST(RatingIndicators, HandComputedFigures) {
  // Seven first ratings: 5, 4, 3 (default), 3, 2 → re-rated 4, 1 → re-rated 3, 1.
  std::vector<RatingFact> ratings = {
      {Level::kVerySatisfied, false, std::nullopt},
      {Level::kSatisfied, false, std::nullopt},
      {Level::kBasicallySatisfied, true, std::nullopt},
      {Level::kBasicallySatisfied, false, std::nullopt},
      {Level::kDissatisfied, false, Level::kSatisfied},
      {Level::kVeryDissatisfied, false, Level::kBasicallySatisfied},
      {Level::kVeryDissatisfied, false, std::nullopt},
  };
  Date due = *ParseDate("2025-10-28");
  std::vector<RectificationFact> cases = {
      {due, *ParseDate("2025-10-28"), true},  // replied on the last day: on time
      {due, *ParseDate("2025-10-29"), true},  // one day late
      {due, std::nullopt, false},             // still open
  };
  RatingPolicy policy;
  auto v = ComputeIndicators(ratings, cases, policy);
  ASSERT_EQ(v.size(), 7u);
  // 满意率 4/7 = 57.142…% → 57.1
  EXPECT_EQ(Find(v, "satisfaction_rate").numerator, 4);
  EXPECT_EQ(Find(v, "satisfaction_rate").denominator, 7);
  EXPECT_DOUBLE_EQ(*Find(v, "satisfaction_rate").value, 57.1);
  // 差评率 3/7 = 42.857…% → 42.9
  EXPECT_DOUBLE_EQ(*Find(v, "bad_rate").value, 42.9);
  // 主动评价率 6/7 = 85.714…% → 85.7
  EXPECT_DOUBLE_EQ(*Find(v, "explicit_rate").value, 85.7);
  // 差评整改率 2/3 = 66.666…% → 66.7; 按时整改率 1/3 → 33.3; 回访率 2/3 → 66.7
  EXPECT_DOUBLE_EQ(*Find(v, "rectification_rate").value, 66.7);
  EXPECT_DOUBLE_EQ(*Find(v, "on_time_rectification_rate").value, 33.3);
  EXPECT_EQ(Find(v, "on_time_rectification_rate").numerator, 1);
  EXPECT_DOUBLE_EQ(*Find(v, "call_back_rate").value, 66.7);
  // Uplift: (4 − 2) + (3 − 1) = 4 points over 2 re-ratings = 2.0
  EXPECT_EQ(Find(v, "rerating_uplift").numerator, 4);
  EXPECT_EQ(Find(v, "rerating_uplift").denominator, 2);
  EXPECT_DOUBLE_EQ(*Find(v, "rerating_uplift").value, 2.0);

  // Without 基本满意 counted as satisfied: 2/7 = 28.571…% → 28.6
  policy.basic_counts_as_satisfied = false;
  EXPECT_DOUBLE_EQ(*Find(ComputeIndicators(ratings, cases, policy), "satisfaction_rate").value,
                   28.6);
}

TEST(RatingIndicators, NoRecordsMeansNoValueNotZero) {
  auto v = ComputeIndicators({}, {}, RatingPolicy{});
  for (const auto& i : v) EXPECT_FALSE(i.value.has_value()) << i.key;
  EXPECT_DOUBLE_EQ(*MeanHalfUp(-3, 2), -1.5);
  EXPECT_DOUBLE_EQ(*MeanHalfUp(1, 3), 0.3);
  EXPECT_DOUBLE_EQ(*MeanHalfUp(-1, 4), -0.3);  // -0.25 rounds half away from zero
}

}  // namespace
}  // namespace zt::rating
