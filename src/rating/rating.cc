#include "zt/rating/rating.h"

#include <set>

#include "zt/core/text.h"

namespace zt::rating {

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kVerySatisfied:
      return "very_satisfied";
    case Level::kSatisfied:
      return "satisfied";
    case Level::kBasicallySatisfied:
      return "basically_satisfied";
    case Level::kDissatisfied:
      return "dissatisfied";
    case Level::kVeryDissatisfied:
      return "very_dissatisfied";
  }
  return "basically_satisfied";
}

std::string_view LevelNameZh(Level level) {
  switch (level) {
    case Level::kVerySatisfied:
      return "非常满意";
    case Level::kSatisfied:
      return "满意";
    case Level::kBasicallySatisfied:
      return "基本满意";
    case Level::kDissatisfied:
      return "不满意";
    case Level::kVeryDissatisfied:
      return "非常不满意";
  }
  return "基本满意";
}

Result<Level> ParseLevel(std::string_view name) {
  for (Level l : kLevels) {
    if (LevelName(l) == name) return l;
  }
  return FieldFail("/level", "rating.level_unknown",
                   "level must be very_satisfied, satisfied, basically_satisfied, dissatisfied "
                   "or very_dissatisfied");
}

Result<Level> LevelOfScore(int score) {
  if (score < 1 || score > 5) {
    return FieldFail("/level", "rating.level_unknown", "a score is 1 to 5");
  }
  return static_cast<Level>(score);
}

bool IsKnownChannel(std::string_view channel) {
  for (const char* c : kChannels) {
    if (channel == c) return true;
  }
  return false;
}

Result<Level> ValidateRatingInput(const RatingPolicy& policy, const RatingInput& input) {
  std::vector<FieldError> errors;
  auto level = ParseLevel(input.level);
  if (!level) errors.push_back(level.error().fields()[0]);
  if (input.tags.size() > policy.max_tags) {
    errors.push_back(
        {"/tags", "rating.tags_too_many", "at most " + std::to_string(policy.max_tags) + " tags"});
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < input.tags.size(); ++i) {
    const std::string& tag = input.tags[i];
    std::string pointer = "/tags/" + std::to_string(i);
    bool known = false;
    for (const auto& t : policy.tags) known = known || t == tag;
    if (!known) {
      errors.push_back({pointer, "rating.tag_unknown", "not one of the configured tags"});
    } else if (!seen.insert(tag).second) {
      errors.push_back({pointer, "rating.tag_repeated", "a tag is given once"});
    }
  }
  if (Utf8Length(input.comment) > policy.comment_max_chars) {
    errors.push_back(
        {"/comment", "rating.comment_too_long",
         "a comment has at most " + std::to_string(policy.comment_max_chars) + " characters"});
  }
  if (!IsKnownChannel(input.channel)) {
    errors.push_back({"/channel", "rating.channel_unknown",
                      "channel must be online, window_pad, sms or hotline"});
  }
  if (input.window_id.size() > 64) {
    errors.push_back(
        {"/window_id", "rating.window_id_too_long", "a window code has at most 64 bytes"});
  }
  if (!errors.empty()) {
    std::string key = errors.front().key;
    return Fail(ErrorCode::kInvalidArgument, std::move(key), "the rating has invalid fields",
                std::move(errors));
  }
  return *level;
}

}  // namespace zt::rating
