// File: rating.h
//
// 政务服务"好差评" (STANDARDS.md §5): the five levels and their scores, which levels are bad
// (差评), the channels, tags, comment limits and the default-rating rule, as plain values.
// Pure: the caller passes the instants; nothing here reads a clock or a store.
//
//   rating::RatingPolicy policy;                      // 7 natural days, 15 working days, ...
//   auto level = rating::ParseLevel("dissatisfied");  // Level::kDissatisfied, score 2
//   rating::IsBad(*level) == true;                    // opens a rectification case
//   rating::DefaultRatingDue(concluded_at, policy);   // concluded_at + 7 × 24 h
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/time.h"

namespace zt::rating {

// The national five-level scale, best first; the value is the score (5 … 1).
enum class Level : int {
  kVerySatisfied = 5,       // 非常满意
  kSatisfied = 4,           // 满意
  kBasicallySatisfied = 3,  // 基本满意
  kDissatisfied = 2,        // 不满意
  kVeryDissatisfied = 1,    // 非常不满意
};

inline constexpr Level kLevels[] = {Level::kVerySatisfied, Level::kSatisfied,
                                    Level::kBasicallySatisfied, Level::kDissatisfied,
                                    Level::kVeryDissatisfied};

inline int Score(Level level) { return static_cast<int>(level); }
std::string_view LevelName(Level level);    // "very_satisfied", ...
std::string_view LevelNameZh(Level level);  // "非常满意", ...
// kInvalidArgument "rating.level_unknown" for anything but the five names.
Result<Level> ParseLevel(std::string_view name);
// The level with score 1..5; kInvalidArgument "rating.level_unknown" otherwise.
Result<Level> LevelOfScore(int score);
// 差评: 不满意 and 非常不满意 (STANDARDS.md §5.1).
inline bool IsBad(Level level) { return Score(level) <= Score(Level::kDissatisfied); }

// Channels a rating arrives through (STANDARDS.md §5.2 lists the province's channels; these
// are the ones this platform receives). "system" marks the default rating only.
inline constexpr const char* kChannels[] = {"online", "window_pad", "sms", "hotline"};
inline constexpr std::string_view kDefaultChannel = "system";
bool IsKnownChannel(std::string_view channel);

// Everything a deployment may configure (STANDARDS.md: deadlines, lists and formulas are
// configuration, with their source).
struct RatingPolicy {
  // Guangdong's 2019 rule: no rating within 7 natural (not working) days → 基本满意.
  std::chrono::hours default_after{24 * 7};
  Level default_level = Level::kBasicallySatisfied;
  // 差评整改反馈: 15 working days (Sichuan; the national figure is INFERRED, STANDARDS §5.1).
  int rectification_limit_wd = 15;
  // 满意率 counts 基本满意 as satisfied unless configured otherwise (STANDARDS §5.2).
  bool basic_counts_as_satisfied = true;
  std::size_t comment_max_chars = 500;
  std::size_t max_tags = 5;
  // The 差评标签 observed in Guangdong (STANDARDS §5.2) plus general praise tags.
  std::vector<std::string> tags = {"无理由超过法定办理时间",
                                   "未在承诺时间内办结",
                                   "在办事指南之外增加新的审批条件",
                                   "需提供办事指南之外的申报材料",
                                   "服务态度差",
                                   "多次跑动",
                                   "办事效率高",
                                   "服务热情",
                                   "指引清晰"};
};

// What a rater gives.
struct RatingInput {
  std::string level;  // a LevelName
  std::vector<std::string> tags;
  std::string comment;
  std::string channel = "online";
  std::string window_id;  // the window's code, sent by its rating pad; may be empty
};

// Checks every field at once: kInvalidArgument with one FieldError per problem (pointers
// /level, /tags/<i>, /tags, /comment, /channel, /window_id); keys rating.level_unknown,
// rating.tag_unknown, rating.tags_too_many, rating.tag_repeated, rating.comment_too_long,
// rating.channel_unknown, rating.window_id_too_long. Returns the parsed level.
Result<Level> ValidateRatingInput(const RatingPolicy& policy, const RatingInput& input);

// When an unrated concluded case gets its default rating: concluded_at + default_after.
inline Instant DefaultRatingDue(Instant concluded_at, const RatingPolicy& policy) {
  return concluded_at + std::chrono::duration_cast<std::chrono::milliseconds>(policy.default_after);
}
// The latest conclusion instant whose case is due for its default rating at `now`.
inline Instant DefaultRatingCutoff(Instant now, const RatingPolicy& policy) {
  return now - std::chrono::duration_cast<std::chrono::milliseconds>(policy.default_after);
}

}  // namespace zt::rating
